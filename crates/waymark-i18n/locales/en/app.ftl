# The interface's words, page by page. Ids are `page-what`; a value filled in is `{ $name }`.
# Keep each sentence whole, so a translator sees it whole.

## Lists and counts

observations-count = { $count ->
    [one] { $count } observation
   *[other] { $count } observations
}

## Every page

app-name = Waymark
app-settings = Settings
app-cannot-open = Waymark cannot open
app-demo-banner = Demo workspace: not yet set up for real records. Use invented places and initials only.
loading = Loading…

## The home page

home-title = Contexts
home-lead = Places, schools, peer groups and online spaces you are assessing.
home-refer-context = Refer a context
home-new-context = New context
home-system-reviews = System reviews
home-find-context = Find a context by name or area
home-no-contexts = No contexts yet. Add the first place, school or group you are assessing.
home-status-heading = { $status } ({ $count })
home-no-match = No context matches "{ $search }".
home-show-more = Show { $count } more of { $total }
home-showing = Showing { $shown } of { $total }
home-updated = · updated { $at }
home-overdue-actions = ⚠ { $count } overdue
home-walking-now = Walking now
home-due-back = due back { $at }
home-overdue-by = overdue by { $minutes } min

## Level 1 peer maps, on the home page

peer-maps-title = Level 1 peer maps
peer-maps-hint = A young person's map of who matters to them, made with them. Seen by their case team only.
peer-maps-new = New Level 1 peer map

## Settings

settings-language = Language
settings-language-hint = Show Waymark in
settings-language-system = This device's language
settings-language-shown = Waymark is shown in { $language }.

## Settings: the map of the area

offline-map = Map of the area
offline-map-hint = Load a map file (MBTiles) from the council or an OpenStreetMap extract. The sketch map and contexts' outlines then draw on it, with no signal.
offline-map-none = No map loaded: drawings stand on a plain ground.
offline-map-loaded = Loaded: { $name }, { $tiles ->
        [one] 1 tile
       *[other] { $tiles } tiles
    }, { $megabytes } MB, zoom { $min } to { $max }.
offline-map-choose = Choose a map file
offline-map-progress = Loading the map: { $percent }%
offline-map-unread = The file could not be read. Choose it again.
offline-map-remove = Remove the map
map-credit = Map: { $credit }
outline-map-label = The context's outline and point, drawn to scale

## The lock screen

lock-protect-title = Protect this device
lock-protect-lead = Choose a passcode of at least { $min } characters. Waymark asks for it each time it opens and after it has been left idle.
lock-upgrade-note = The records already on this device will be encrypted with it. Keep the app open until it is done.
lock-passcode = Passcode
lock-passcode-again = The same passcode again
lock-setting-passcode = Setting the passcode…
lock-set-passcode = Set the passcode
lock-locked-title = Waymark is locked
lock-locked-lead = Type your passcode to open your records.
lock-wait = Too many wrong passcodes: wait { $seconds } seconds before trying again.
lock-unlocking = Unlocking…
lock-unlock = Unlock
lock-forgotten = Forgotten the passcode? Nobody can recover it. Records that reached the server come back when this device is reset and enrolled again; records that had not synced are lost.
lock-reset-title = Reset this device
lock-reset-warning = This erases every record on this device, synced or not, and its passcode. Type ERASE to confirm.
lock-reset-type = Type ERASE
lock-reset-now = Erase everything on this device
lock-wiped-title = This device was erased
lock-wiped-by = { $by } had this device's records erased on { $at }. Nothing about any young person is left on it.
lock-wiped-hint = To use Waymark here again, set a new passcode and enrol the device with your administrator.
lock-set-up-again = Set up again
lock-damaged-title = This device's records cannot be read
lock-damaged-lead = The file that holds them is damaged. Waymark has closed it and left it exactly as it was, so that it can be recovered: nothing more has been written to it.
lock-damaged-hint = Contact your administrator before doing anything else with this device. Do not erase it: that would delete the file.
lock-try-again = Try again

## context

common-all-contexts = ‹ All contexts
context-create-context = Create context
common-saved = Saved
context-about-the-context = About the context
context-area-ward-or-estate = Area (ward or estate)
context-outline-one-corner-on = Outline: one corner on each line, latitude and longitude
context-from-three-to-500 = From three to 500 corners, such as 52.41250, -1.97310. Leave empty for a point only.
context-save-the-outline = Save the outline
context-who-leads-the-work = Who leads the work
context-lead-worker = Lead worker
context-lead-agency = Lead agency
common-choose = Choose…
context-save-the-lead = Save the lead
context-threshold-and-status = Threshold and status
context-threshold-level = Threshold level
common-not-set = Not set
context-status = Status
context-screening-the-conference-and = Screening, the conference and the plan move it on; change it here only to correct it or to close the context.
context-why-it-is-closed = Why it is closed
context-save-the-status = Save the status
context-who-is-responsible-for = Who is responsible for the place
common-remove = Remove
context-agency = Agency
context-organisation = Organisation
common-add = Add
context-linked-contexts = Linked contexts
context-unlink = Unlink
context-find-to-link = Find a context to link, by name or area
context-link-another-context-such = Link another context, such as the school its young people attend
context-link = Link
context-such-as-northside-council = Such as Northside Council parks team
context-no-outline = No outline yet: the context is a point.
context-outline-saved = Outline saved: { $corners } corners.
context-not-on-device = A context not on this device
context-lead-is = lead { $worker }
context-also-set = Also set at the same time on another device:

## settings

settings-your-name = Your name
settings-as-colleagues-write-it = As colleagues write it when they assign you part of a school assessment.
settings-save-your-name = Save your name
settings-saved-on-this-device = Saved on this device
settings-audit-log = Audit log
settings-who-created-opened-changed = Who created, opened, changed, shared or was refused each of the workspace's records.
settings-read-the-audit-log = Read the audit log
settings-people = People
settings-who-is-in-the = Who is in the workspace, from which agency, and in which role.
settings-people-in-the-workspace = People in the workspace
settings-workspace-settings = Workspace settings
settings-data-protection-the-case = Data protection, the case-reference format, the escalation card, the name check and how long records are kept, for everyone.
settings-retention = Retention
settings-records-whose-retention-period = Records whose retention period ends in the next 30 days, and keeping one longer.
settings-records-due-for-erasure = Records due for erasure
settings-escalation-card = Escalation card
settings-shown-when-someone-taps = Shown when someone taps Urgent concern. Use your area's words and numbers.
settings-what-to-do = What to do
settings-number-to-call = Number to call
settings-save-the-escalation-card = Save the escalation card
settings-passcode-and-lock = Passcode and lock
settings-records-on-this-device = Records on this device are encrypted. Waymark locks itself when it is left idle.
settings-lock-now = Lock now
settings-lock-after-this-many = Lock after this many idle minutes
settings-change-the-passcode = Change the passcode
settings-current-passcode = Current passcode
settings-new-passcode = New passcode
settings-the-new-passcode-again = The new passcode again
settings-passcode-changed-use-the = Passcode changed. Use the new one from now on.
settings-sync = Sync
settings-sync-now = Sync now
settings-server-address = Server address
settings-enrolment-code = Enrolment code
settings-keep-the-current-enrolment = Keep the current enrolment
settings-send-them-to-the = Send them to the new workspace
settings-records-stay-on-this = Your administrator gives you the server's address and a one-time enrolment code. Records stay on this device until they sync, and sync needs https:// unless the server runs on this device.
settings-https-sync-example-org = https://sync.example.org
settings-abcd-efgh-jkmn = ABCD-EFGH-JKMN
settings-devices = Devices
settings-a-new-device-for = A new device for
settings-make-an-enrolment-code = Make an enrolment code
settings-revoke-it-keeps-its = Revoke: it keeps its records, locked
settings-lost-or-stolen = Lost or stolen
settings-it-erases-every-record = It erases every record and photo on it the next time it reaches the server. Changes on it that have not synced are lost. Type WIPE to confirm.
settings-erase-it-at-its = Erase it at its next contact
settings-type-wipe = Type WIPE
settings-settings = ‹ Settings
settings-add-someone = Add someone
settings-their-user-name = Their user name
settings-role = Role
settings-add-to-the-workspace = Add to the workspace
settings-saved-for-the-whole = Saved for the whole workspace
settings-data-protection = Data protection
settings-dpia-reference = DPIA reference
settings-data-controller-s = Data controller(s)
settings-case-references = Case references
settings-format-as-a-pattern = Format, as a pattern
settings-save-the-card-for = Save the card for everyone
settings-first-names-to-check = First names to check for
settings-one-name-on-each = One name on each line, or separated by commas
settings-free-text-that-holds = Free text that holds one of these is flagged, so a child's name is not written by mistake.
settings-save-the-names = Save the names
settings-how-long-records-are = How long records are kept
settings-route-tracks-days-after = Route tracks: days after check-out
settings-shorter-than-the-walkabout = Shorter than the walkabout's own: the track goes, the walkabout and its distance stay.
settings-exports = Exports
settings-observation-points-in-exports = Observation points in exports: to the nearest how many metres
settings-where-young-people-were = Where young people were seen, on a grid this wide (0 is exact). Contexts' own outlines are exact.
settings-marking-on-every-page = Marking on every page of an export
settings-empty-goes-back-to = Empty goes back to OFFICIAL-SENSITIVE.
settings-survey-figures-fewest-respondents = Survey figures: fewest respondents an export may show
settings-a-figure-from-fewer = A figure from fewer people than this is left out of every export, so nobody who answered can be picked out.
settings-partner-agencies = Partner agencies
settings-records-are-shared-only = Records are shared only with the agencies ticked here.
settings-what-you-call-walkabouts = What you call walkabouts
settings-for-one = For one
settings-for-several = For several
settings-save-the-name = Save the name
settings-areas-of-a-school = Areas of a school assessment's RAG summary
settings-leave-one-empty-for = Leave one empty for its Beyond Referrals name.
settings-referral-questions = Referral questions
settings-question-file = Question file
settings-use-these-questions = Use these questions
settings-go-back-to-the = Go back to the default questions
settings-ready-for-real-records = Ready for real records: the DPIA, the data controller and the escalation card are set.
settings-not-yet-ready-for = Not yet ready for real records: set the DPIA reference, the data controller and the escalation card.
settings-walkabout = Walkabout
settings-walkabouts = Walkabouts

## records

records-back = ‹ Back
records-person = Person
records-everyone = Everyone
records-asking-the-server = Asking the server…
records-nothing-recorded = Nothing recorded.
records-no-notes-case-references = No notes, case references or names are exported. Where young people were seen is given to the workspace's grid.
records-shared-under = Shared under
records-printed-on-every-page = Printed on every page of a PDF. Only the decisions this record is shared under are listed; they come with sync.
records-none-yet-do-not = None yet: do not share
records-changed-in-two-places = Changed in two places at once
records-two-people-changed-these = Two people changed these while apart. Both values are kept until someone chooses; the record shows the first until then.
records-keep-this = Keep this
records-set-by = {" · "}set by { $by }
records-history-of-changes = History of changes
records-who-can-see-this = Who can see this
records-shared-with-you-to = Shared with you to read. Changes made here are not kept.
records-shared-with = Shared with
records-audit-log-of-this = Audit log of this record
records-share-with-a-partner = Share with a partner agency, to read
records-purpose = Purpose
records-legal-basis = Legal basis
records-consent = Consent
records-not-sought = Not sought
records-obtained = Obtained
records-overridden = Overridden
records-why-when-not-obtained = Why, when not obtained
records-share-to-read = Share to read
records-shared-the-agency-s = Shared. The agency's devices receive it at their next sync.
records-erase = Erase
records-erase-past-text-from = Erase past text from this record's history
records-the-record-keeps-what = The record keeps what it says now. Everything it said before, and who changed what, is erased on the server and on every device at its next sync.
records-reason = Reason
records-erase-the-past-text = Erase the past text
records-past-text-erased-every = Past text erased. Every device replaces its copy at its next sync.
records-erase-this-record-everywhere = Erase this record everywhere
records-it-is-deleted-from = It is deleted from the server and from every device, with its photos and files. Only a note stays: which record, when, by whom and why. It cannot be brought back.
records-type-erase-to-confirm = Type ERASE to confirm
records-erase-this-record = Erase this record
records-erased = Erased
records-changes-made-to-it = Changes made to it on this device and not yet sent were erased with it.
records-i-have-read-this = I have read this
records-changes-to-redo = Changes to redo
records-a-manager-erased-the = A manager erased the history of these records before your changes were sent, and someone else had changed the same part since. Your words are here so you can add them again.
records-done = Done
records-due-for-erasure = Due for erasure
records-records-whose-retention-period = Records whose retention period ends in the next 30 days. Each is erased on the server and every device when its day comes, unless it is kept longer.
records-nothing-is-due-for = Nothing is due for erasure in the next 30 days.
records-keep-it-longer = Keep it longer
records-days = Days
records-or-a-request-to = Erasing is for information that must not be kept: a name typed where it should not be, a record made in error, or a request to erase. The reason is kept for good in the audit log, so describe what is erased without repeating it.

## walkabout

walkabout-check-in = Check in
walkabout-how-you-checked-in = How you checked in
walkabout-expected-finish = Expected finish
walkabout-weather = Weather
walkabout-light = Light
walkabout-day = Day
walkabout-why-is-it-cancelled = Why is it cancelled?
walkabout-keep-it-planned = Keep it planned
walkabout-cancel-it = Cancel it
walkabout-urgent-concern = Urgent concern
walkabout-back-to-the-context = ‹ Back to the context
walkabout-what-you-want-to = What you want to learn about the place. Describe behaviour and places, not identities.
walkabout-other-places-on-the = Other places on the same walk
walkabout-the-walk-is-listed = The walk is listed under each place you tick.
walkabout-find-other-place = Find a place by name or area
walkabout-start = Start
walkabout-end = End
walkabout-team = Team
walkabout-working-alone-say-why = Working alone? Say why
walkabout-safety-contact-at-base = Safety contact at base
walkabout-the-person-you-call = The person you call or text when you start and finish.
walkabout-minutes-after-the-expected = Minutes after the expected finish before the alarm
walkabout-past-the-expected-finish = Past the expected finish every screen warns; past this grace it sounds the alarm and shows your contact's number.
walkabout-save-plan = Save plan
walkabout-name = Name
walkabout-phone = Phone
walkabout-nothing-to-draw-yet = Nothing to draw yet: no location fixes and no pins.
walkabout-sketch-map = Sketch map
walkabout-the-context = the context
walkabout-sketch-map-of-the = Sketch map of the route and observations
walkabout-add-observation = Add observation
walkabout-check-out = Check out
walkabout-everyone-is-safe = Everyone is safe
walkabout-not-all-safe = Not all safe
walkabout-note = Note
walkabout-check-out-now = Check out now
walkabout-finish-and-check-out = Finish and check out
walkabout-write-up = Write-up
walkabout-describe-behaviour-and-places = Describe behaviour and places, not identities. Colleagues can add to this from their own devices.
walkabout-completed-you-can-still = Completed. You can still edit: every change is kept in the history below.
walkabout-observations = Observations
walkabout-no-observations-yet = No observations yet.
walkabout-removed = Removed
walkabout-what-they-said-stays = What they said stays in the history.
walkabout-why-remove-this-observation = Why remove this observation?
walkabout-it-leaves-the-list = It leaves the list; what it said, and why it went, stay in the history.
walkabout-keep-it = Keep it
walkabout-correct = Correct
walkabout-urgent = Urgent
walkabout-refer-this-place-as = Refer this place as a context
walkabout-cancel = Cancel
walkabout-save = Save
walkabout-time-of-the-school = Time of the school day
walkabout-kind-of-concern = Kind of concern
walkabout-people-protective-factors-note = People, protective factors, note and photo
walkabout-people-seen-a-count = People seen: a count, never a name
walkabout-add-another-group = Add another group
walkabout-protective-factors = Protective factors
walkabout-describe-behaviour-and-places-2 = Describe behaviour and places, not identities.
walkabout-photo-of-the-place = Photo of the place
walkabout-photograph-the-place-not = Photograph the place, not people. Location and camera details are removed.
walkabout-no-location-fix = No location fix
walkabout-type-the-coordinates-or = Type the coordinates, or say where you are.
walkabout-who-you-told = Who you told
walkabout-how-you-told-them = How you told them…
walkabout-case-reference-if-the = Case reference, if the child is known
walkabout-only-the-case-system = Only the case-system number. Never a name.
walkabout-how-many = How many
walkabout-age-band = Age band
walkabout-gender = Gender
walkabout-latitude = Latitude
walkabout-longitude = Longitude
walkabout-where-e-g-by = Where, e.g. by the bandstand
walkabout-where = Where
walkabout-their-role-e-g = Their role, e.g. duty social worker
walkabout-their-role = Their role
walkabout-how = How
walkabout-what-happens-next = What happens next
walkabout-safety-alerts = Safety alerts
walkabout-from-walkabouts-read-each = From walkabouts: read each, act, then acknowledge it. Every manager sees it until one does.
walkabout-open-the-walkabout = Open the walkabout
walkabout-acknowledge = Acknowledge
walkabout-open-the-walkabout-to = Open the walkabout to check out

## journey

journey-context-conference = Context conference
journey-a-conference-describes-the = A conference describes the context: no child's name and no case reference.
journey-held-on = Held on
journey-format = Format
journey-chair = Chair
journey-attendees = Attendees
journey-add-attendee = Add attendee
journey-assessments-considered = Assessments considered
journey-decision = Decision
journey-review-the-plan-on = Review the plan on
journey-this-conference-is-complete = This conference is complete.
journey-complete-the-conference = Complete the conference
journey-timeline = Timeline
journey-assessments-chosen-at-screening = Assessments chosen at screening
journey-nothing-has-happened-yet = Nothing has happened yet.
journey-open-the-plan = Open the plan
journey-arrange-a-context-conference = Arrange a context conference
journey-plan = Plan
journey-a-plan-describes-the = A plan describes the context: no child's name and no case reference.
journey-goals = Goals
journey-a-goal-for-the = A goal for the context
journey-add-goal = Add goal
journey-actions = Actions
journey-add-an-action = Add an action
journey-what-will-be-done = What will be done
journey-owner-agency = Owner agency
journey-owner-a-role-or = Owner (a role, or a member of the team)
journey-due = Due
journey-add-action = Add action
journey-review-date = Review date
journey-agree-the-plan = Agree the plan
journey-reviews = Reviews
journey-what-the-review-found = What the review found
journey-next-review = Next review
journey-record-the-review = Record the review
journey-overdue = Overdue
journey-why-it-is-blocked = Why it is blocked (if it is)
journey-update-note = Update note
journey-a-place-group-or = A place, group or online space where young people may come to harm. Describe the context, never a child.
journey-started-from-your-earlier = Started from your earlier work. No case reference comes across: add one only if the front door needs it.
journey-the-context = The context
journey-name-of-the-place = Name of the place or group
journey-type-of-context = Type of context
journey-save-the-referral = Save the referral
journey-name-a-professional = Name (a professional)
journey-start-the-child-level = Start the child-level process now (999 if life is at risk). Waymark records only that it was started.
journey-started-by-role = Started by (role)
journey-referral = Referral
journey-received = Received
journey-received-through = {" "}through { $route }
journey-about-count = About { $count }
journey-referred-by = Referred by
journey-urgency = Urgency
journey-concerns = Concerns
journey-what-is-known = What is known
journey-child-level-process = Child-level process
journey-started-by-on = Started by { $by } on { $at }
journey-young-people-affected = Young people affected
journey-sources = Sources
journey-strengths = Strengths
journey-made-from = Made from
journey-screening = Screening
journey-waiting-for-a-manager = Waiting for a manager to screen it.
journey-screen-this-referral = Screen this referral
journey-a-manager-s-decision = A manager's decision, with the reason for it.
journey-assessments = Assessments
journey-assessments-due = Assessments due
journey-record-the-decision = Record the decision
journey-your-agency-s-actions = Your agency's actions
journey-the-work-the-plans = The work the plans give your agency. Update each as it moves on; the team sees your update at their next sync.
journey-no-plan-gives-your = No plan gives your agency an action yet.
journey-why-it-is-blocked-2 = Why it is blocked
journey-save-the-update = Save the update
journey-is-it-getting-safer = Is it getting safer?
journey-each-measure-over-time = Each measure over time. Dashed lines mark the plan's actions on the day they were done.
journey-no-measures-chosen-yet = No measures chosen yet.
journey-record-a-figure = Record a figure
journey-yes-or-no = Yes or no
journey-yes = Yes
journey-no = No
journey-figures-from-fewer-people = Figures from fewer people than the workspace's threshold stay on this device: exports leave them out.
journey-record-the-figure = Record the figure
journey-choose-a-measure = Choose a measure
journey-counts-the-concerns-seen = Counts the concerns seen on each walk. Tick kinds to count only those; none counts every concern.
journey-add-the-measure = Add the measure
journey-per-cent = Per cent
journey-per-cent-of-those = Per cent of those who answered
journey-how-many-answered = How many answered
journey-how-many-answered-the = How many answered the survey
journey-where-the-figure-comes = Where the figure comes from
journey-where-it-comes-from = Where it comes from, e.g. police monthly figures
journey-name-of-the-measure = Name of the measure
journey-e-g-concerns-seen = e.g. Concerns seen per walkabout
journey-how-it-is-measured = How it is measured
journey-what-is-counted = What is counted
journey-what-is-counted-e = What is counted, e.g. concerns seen

## school

school-what-the-assessment-looks = What the assessment looks at
school-save-the-scope = Save the scope
school-scope-saved-on-this = Scope saved on this device
school-visits = Visits
school-task-due = {" · "}due { $due }
school-hotspots-count = {" · "}{ $count ->
    [one] 1 hotspot
   *[other] { $count } hotspots
}
school-no-visits-recorded-yet = No visits recorded yet.
school-record-a-visit = Record a visit
school-add-the-visit = Add the visit
school-who-went = Who went
school-what-you-did = What you did
school-what-you-did-surveys = What you did: surveys handed out, observations, meetings
school-school-assessments = School assessments
school-agree-an-assessment-with = Agree an assessment with the school
school-agreed-on = Agreed on
school-start-the-school-assessment = Start the school assessment
school-my-tasks = My tasks
school-nothing-open = Nothing open.
school-dsl-s-name = DSL's name
school-dsl-s-role-e = DSL's role, e.g. deputy head
school-dsl-s-role = DSL's role
school-observations-at-set-times = Observations at set times of the school day
school-what-you-see-at = What you see at break, lunch and home time: counts and places, never names.
school-back-to-the-school = ‹ Back to the school
school-school-assessment = School assessment
school-completed-editing-is-still = Completed. Editing is still allowed.
school-components = Components
school-rag-summary = RAG summary
school-red-serious-concern-act = Red: serious concern, act now. Amber: some concern. Green: safe, strength in place. Every rating needs its reason.
school-recommendations-in-general = Recommendations in general
school-complete-the-assessment = Complete the assessment
school-proposals = Proposals
school-no-proposals-yet = No proposals yet.
school-your-proposal = Your proposal
school-propose = Propose
school-agreed-rating-the-lead = Agreed rating (the lead records it, seeing every proposal)
school-save-the-agreed-rating = Save the agreed rating
school-who-does-this = Who does this
school-summary = Summary
school-summary-aggregates-only-never = Summary: aggregates only, never names
school-your-rating = Your rating
school-why-you-propose-it = Why you propose it
school-why-you-propose-this = Why you propose this rating
school-rating = Rating
school-why-this-rating = Why this rating
school-recommendations-to-agencies = Recommendations to agencies
school-none-addressed-to-an = None addressed to an agency yet.
school-recommend-to-an-agency = Recommend to an agency
school-add-the-recommendation = Add the recommendation
school-for-which-agency = For which agency
school-what-you-recommend = What you recommend
school-what-you-recommend-they = What you recommend they do
school-site-plan-and-hotspots = Site plan and hotspots
school-site-plan-image = Site plan image
school-a-jpeg-or-png = A JPEG or PNG of the school's plan, up to 20 MB.
school-next-hotspot = Next hotspot
school-then-tap-the-plan = Then tap the plan where it is.
school-what = What
school-when = When
school-who-says-so = Who says so
school-note-e-g-students = Note, e.g. students avoid this stairwell

## peer

peer-links-to-other-groups = Links to other groups
peer-remove-the-link = Remove the link
peer-find-group = Find a peer group by name or area
peer-choose-a-peer-group = Choose a peer group
peer-link-the-groups = Link the groups
peer-professionals-consulted = Professionals consulted
peer-another-peer-group = Another peer group
peer-role-such-as-safer = Role, such as Safer Schools officer
peer-home = ‹ Home
peer-the-young-person-s = The young person's case reference
peer-only-the-case-system = Only the case-system number, such as CS-10234. Never a name.
peer-start-the-map = Start the map
peer-peer-group-assessments = Peer-group assessments
peer-start-a-level-2 = Start a Level 2 assessment
peer-case-team-only-never = Case team only. Never shared with, or joined to, group assessments.
peer-in-their-words-and = In their words, and yours
peer-on-the-map = On the map
peer-take-off-the-map = Take off the map
peer-remove-the-tie = Remove the tie
peer-initials-or-case-reference = Initials or case reference
peer-initials-such-as-a = Initials such as A.B., or a case reference if they are known to the service. Never a name.
peer-add-to-the-map = Add to the map
peer-choose = Choose
peer-add-a-tie = Add a tie
peer-from = From
peer-to = To
peer-how-they-are-tied = How they are tied
peer-add-the-tie = Add the tie
peer-where-they-spend-time = Where they spend time
peer-link-to-a-context = Link to a context
peer-not-a-context-yet = Not a context yet
peer-add-the-place = Add the place
peer-the-context-this-place = The context this place is
peer-the-context-it-is = The context it is, if it is one
peer-young = Young
peer-person = person
# the peer map's key, each beside its line
peer-key-close = close
peer-key-protective = protective
peer-peer-map = Peer map
peer-worried-about = worried about

## review

review-rate-how-your-system = Rate how your system, from referral to response, works with harm outside the home: the four domains, for individuals and for contexts. Early reviews are mostly red and amber.
review-no-reviews-yet = No reviews yet.
review-open-a-review = Open a review
review-local-area = Local area
review-facilitator = Facilitator
review-rate-the-five-values = Rate the five values as well (collaborative, rights-based, ecological, strengths-based, evidence-informed)
review-compare-with = Compare with
review-no-earlier-review = No earlier review
review-open-the-review = Open the review
review-system-reviews = ‹ System reviews
review-add-everyone-who-will = Add everyone who will rate, check each question, then start rating.
review-start-rating = Start rating
review-each-rater-rates-every = Each rater rates every item alone, with a reason, on their own device if they like. Nobody sees anyone else's ratings until the group meets.
review-show-everyone-s-ratings = Show everyone's ratings to the group
review-talk-through-where-raters = Talk through where raters disagree, then record what the group agrees for each item, with the reason and any dissent.
review-make-the-review-final = Make the review final
review-final-this-review-can = Final: this review can no longer be changed. Compare the next review with it.
review-raters = Raters
review-choose-the-agency = Choose the agency
review-add-the-rater = Add the rater
review-rating-as = Rating as
review-not-rating = Not rating
review-your-ratings-stay-hidden = Your ratings stay hidden from the other raters until the facilitator shows them to the group.
review-the-question-raters-answer = The question raters answer
# Waymark's question for each item, until the facilitator words the area's own
review-prompt-target_individuals = When a young person is harmed outside the home, does the work with them look at the places and groups where it happens?
review-prompt-target_contexts = Can a place, a school or a peer group itself be referred, assessed and given a plan?
review-prompt-legislative_framework_individuals = Do child protection and child in need processes take account of harm outside the home?
review-prompt-legislative_framework_contexts = Is there a framework, with thresholds and conferences, for contexts as well as for children?
review-prompt-partnerships_individuals = Do the partners around a young person include those who know the places they spend time in?
review-prompt-partnerships_contexts = Do the people who own, run or use a context (businesses, transport, parks, residents) take part in making it safer?
review-prompt-outcomes_individuals = Is success for a young person judged also by whether the places around them became safer?
review-prompt-outcomes_contexts = Is change in a context measured and reviewed after a plan's actions?
review-prompt-value_collaborative = Do agencies, young people and communities work on it together?
review-prompt-value_rights_based = Are young people's rights, and their views, at the centre of the response?
review-prompt-value_ecological = Does the response look at how young people's contexts connect with each other?
review-prompt-value_strengths_based = Does the response build on what already keeps young people safe?
review-prompt-value_evidence_informed = Is the response informed by evidence, and by what young people and families say?
review-save-the-question = Save the question
review-the-raters-disagree-talk = The raters disagree: talk it through before agreeing.
review-save-my-rating = Save my rating
review-what-the-group-agrees = What the group agrees
review-record-what-was-agreed = Record what was agreed
review-before-the-group-meets = Before the group meets, no rater's own rating is exported.
review-why-describe-the-system = Why: describe the system, not people
review-evidence-optional = Evidence (optional)
review-the-group-s-reason = The group's reason
review-dissent-optional = Dissent (optional)
review-anyone-who-disagrees-and = Anyone who disagrees, and why (optional)

## field

field-the-place-name-or = The place name or a neutral label. Never a child's name.
field-choose-a-type = Choose a type
field-description = Description
field-location = Location
field-no-location-fix-on = No location fix on this device. Type the coordinates of the place, or leave both empty.
field-not-a-child-s = Not a child's name
field-photo-not-on-this = Photo not on this device yet: it comes with the next sync.

## Walking, capturing and saving

walking-overdue = Overdue by { $minutes } min.
walking-check-out-or-call = Check out now, or call { $name }.
walking-overdue-alarm = Overdue by { $minutes } min: call your safety contact now.
walking-call-on = Call { $name } on { $phone }
walking-recording-off-since = Route recording is off since { $time }. The location is not being read. Observations can still be saved: type coordinates or note the place.
walking-recording-off = Route recording is off.
walking-fix = Location fix ±{ $metres } m · recording the route
walking-no-fix = No location fix. Observations can still be saved: type coordinates or note the place.
walking-resume-recording = Resume route recording
walking-pause-recording = Pause route recording
save-saved = Saved on this device
save-saving = Saving…
save-not-saved = Not saved: see the message beside the field
capture-location-accuracy = Location ±{ $metres } m
capture-pin-by-hand = Pin placed by hand
capture-no-fix = No location fix
capture-no-fix-at = No location fix: { $place }
capture-correct-title = Correct the observation
capture-urgent-title = What you saw
capture-new-title = New observation
capture-at = At { $time }
capture-form-fix = location ±{ $metres } m
capture-form-no-fix = no location fix
sketch-paused-between = { $from } to { $until }
sketch-paused-not-resumed = { $from } and not resumed
sketch-recording-paused = Recording paused: { $pauses }
# the sketch map's key, each beside its colour
sketch-key-route = route
sketch-key-recording-paused = recording paused
sketch-key-observation = observation
sketch-key-urgent = urgent
sketch-route-points = Route: { $points ->
        [one] 1 point
       *[other] { $points } points
    } recorded
walkabout-plan-new = Plan a new { $walkabout }
walkabout-none-yet = No { $walkabouts } of this context yet.
walkabout-team-is = Team:
walkabout-places-are = Places:
walkabout-was-cancelled = This { $walkabout } was cancelled
plan-team-member = Team member { $number }
plan-grace-whole-minutes = Give the grace as a whole number of minutes, such as 30.
check-in-before-you-start = Before you start, call or text
check-in-on = on
check-in-start = Checked in: start the { $walkabout }
check-in-cancel = Cancel this { $walkabout }
write-up-checked-out = Checked out at { $time } by { $by }: { $safe ->
        [yes] everyone safe
       *[no] not all safe. { $note }
    }
write-up-complete = Complete the { $walkabout }

## field

field-site-plan = Site plan
settings-signed-in = Signed in as { $name }, in { $workspace }. Colleagues assign you work under this name.
sync-syncs-with = This device syncs with { $address }.
sync-enrol-again = Enrol again with a new code
sync-enrol = Enrol this device
journey-actions-overdue = { $count ->
        [one] 1 action is overdue
       *[other] { $count } actions are overdue
    }
journey-lead = lead { $worker }
journey-due-on = due { $date }
journey-started = started
journey-not-started = not started
plan-closed = Closed
plan-agreed-review-on = Agreed · review on { $date }
plan-not-yet-agreed = Not yet agreed
plan-no-owner-agency = No owner agency yet
plan-due-not-set = not set
plan-also-set = Also set at the same time on another device: { $values }. Choose the right one above.
conference-also-recorded = Also recorded on another device: { $values }. Choose one.
conference-sent-apologies = sent apologies
exports-exporting = Exporting { $format }…
exports-saved = Saved { $path } ({ $bytes } bytes)
devices-code-for = Enrolment code for { $user }'s new device:
devices-code-hint = Type it in Waymark's Settings on that device. It works once, within { $hours } hours, and is not shown again.
devices-device = Device …{ $short } · { $state }{ $yours ->
        [yes] {" "}· this device
       *[no] {""}
    }
outcomes-lower-is-safer = lower is safer
outcomes-higher-is-safer = higher is safer
outcomes-latest-yes-no = Latest: { $answer ->
        [yes] yes
       *[no] no
    } on { $date }
outcomes-latest = Latest: { $value } { $unit } ({ $date })
outcomes-over-time = { $measure } over time
referral-estimate-whole-number = Give the estimate as a whole number, such as 12.
referral-from-observation = An observation on a walkabout
referral-from-level-one-map = A place named on a Level 1 map
referral-screened-by = Screened by { $screener } on { $at }
referral-assessments = Assessments:
review-title = System review: { $area }
review-held-on = Held on { $date }, facilitated by { $facilitator }.
erasure-type-erase = Type ERASE to confirm: an erased record cannot be brought back.
erasure-the-record-started = The { $kind } started on { $at }
erasure-a-record = A { $kind }
erasure-history-erased = { $which } had its past text erased from its history on { $at }. { $reason }
erasure-record-erased = { $which } was erased by { $by } on { $at }. Reason: { $reason }
erasure-due-record = last changed { $changed } · erased on { $due }
erasure-kept-longer = kept { $days } days longer already
audit-one-record = Everything done to record { $record }, newest first.
audit-all-records = Everything done to your workspace's records, newest first.
audit-kept-on-server = It is kept on the server, so this device must be online.
audit-record = record { $record }
audit-on-the-server = on the server
banner-overdue-alarm = “{ $purpose }” is overdue by { $minutes } min: call your safety contact now.
banner-past-finish = “{ $purpose }” is past its expected finish.
name-flag = “{ $word }” may be a child's name. Describe behaviour and places, not identities.

## One system review's items and ratings
review-compared-with = Compared with the review of { $previous }.
review-item-domain = { $domain }: { $level }
review-item-value = Value: { $value }
review-rating-red = Red: not in place
review-rating-amber = Amber: partly in place
review-rating-green = Green: in place
review-rated-by = Rated by { $rated } of { $raters } raters
review-rater-rating = { $rater }: { $rating }
review-evidence = Evidence: { $evidence }
review-agreed = Agreed: { $rating }
review-agreed-with-change = Agreed: { $rating } ({ $change })
review-dissent = Dissent: { $dissent }
review-last-review = Last review: { $rating }
review-agreed-counts = Agreed: { $red } red, { $amber } amber, { $green } green of { $items }

## Sentences that were still in the pages
school-school = School
school-agreed-with-role = Agreed { $date } with { $name } ({ $role })
school-due-by = Due by
school-agreed-with = Agreed { $date } with { $name }
school-completed = Completed
school-in-progress = In progress
school-parts-assigned-to = School assessment parts assigned to { $name } and not yet done.
school-visit-on = On
outcomes-period-from = From
outcomes-period-to = to
peer-level-one-map = Level 1 peer map
peer-level-two-assessment = Level 2 peer-group assessment
peer-case = Case { $case }
peer-group = Peer group
peer-level-one-map-case-team = Level 1 peer map · case team only
walkabout-who-checked-in = Who checked in
walkabout-who-is-checking-out = Who is checking out
actions-due = due { $due }
actions-due-not-set = not set
actions-also-set-elsewhere = Also set at the same time elsewhere:
exports-sharing-decision = Sharing decision { $number }
workspace-settings-for-everyone = For everyone in { $workspace }: each device uses them from its next sync.
workspace-settings-case-reference-hint = Such as CS-[0-9]{"{"}5{"}"} for CS- and five digits. Leave empty to accept any case reference.
workspace-settings-walkabout-words-hint = Every area words its forms its own way: the guidance speaks of neighbourhood observations. Leave both empty for "Walkabout".
referral-location-from-observation = Location from the observation: { $lat }, { $lon }
plan-blocked = Blocked: { $reason }
capture-call = Call { $phone }
people-role-of = Role of { $user }
people-role-you = { $role }, you
who-can-see-revoke-decision = Revoke sharing decision { $decision }
walkabout-word-one = Walkabout
walkabout-word-many = Walkabouts
walkabout-done-in-pairs = { $many } are done in pairs.
outcomes-higher-is-safer-choice = Higher is safer

## Who can see a record: one sentence on its scope, then a line per person
audience-not-known-yet = Not known yet: who can see this record is shown after this device has synced.
audience-team = The team: every practitioner and manager of { $workspace } can see and change this record.
audience-case-team = Case team only: the people named here, and nobody else, can see this record.
audience-other-workspace = The team of another workspace: the people named here can see and change this record.
audience-shared-with-partners = The team, and the partner agencies a manager shared it with, to read.
# "A.B., Youth work"
audience-person-of-agency = { $user }, { $agency }
# "A.B., Youth work (practitioner)"; the role is in lower case
audience-person-role = { $person } ({ $role })
audience-person-you = { $person }, you
audience-reader = { $person }, to read (sharing decision { $decision })

## Who changed a record, in its history and beside a value two people set
history-this-device = This device
# the start of an unknown device's id, which an administrator can match
history-another-device = Another device ({ $actor })
history-on-this-device = { $person } (this device)
# several changes of one kind, close together, shown as one entry
history-changes = {" "}({ $count } changes)

## The referral form's questions, until a workspace words its own
referral-question-received_on = Received on
referral-question-front_door = Came in through (front door)
referral-hint-front_door = MASH, the single point of access or the team's own duty line.
referral-question-referrer = Who is referring it
referral-hint-referrer = A professional: their role and agency. A report from the public is entered by the worker who took it.
referral-question-concern_types = What is the concern?
referral-hint-concern_types = Choose every kind of harm that is feared in this context.
referral-question-what_is_known = What is known about the context
referral-hint-what_is_known = Describe behaviour and places, not identities.
referral-question-urgency = How urgent is it?
referral-question-immediate_risk = A child may be at immediate risk
referral-question-known_children = Case references of children known to be at risk (optional)
referral-hint-known_children = Case-system references only, never names.
referral-question-young_people_estimate = About how many young people are affected? (optional)
referral-question-sources = Where the information comes from (optional)
referral-question-strengths = Strengths and safe people in the context (optional)

## A context's timeline: what happened at each step, in a line
timeline-referred-by = Referred by { $referrer } · { $urgency }
timeline-screened = Screened: { $decision }
timeline-walkabout = { $purpose } · { $state }
timeline-school-assessment-completed = Agreed with the school · completed
timeline-school-assessment-in-progress = Agreed with the school · in progress
timeline-peer-assessment = Level 2 peer-group assessment
timeline-conference-held = Held · { $decision }
timeline-conference-arranged = Arranged
timeline-plan-agreed = Plan agreed
timeline-plan-started = Plan started

## A safety alert for a manager: what happened, in the vocabulary's words
# "Someone in distress: Criminal exploitation, Violence"
alert-concerns = { $category }: { $concerns }
alert-escalated = { $what }. Escalated to { $role } ({ $method })
alert-not-all-safe = Checked out by { $by }, not all safe

## Enrolling a device that already syncs
# in "This device holds 3 records from your current workspace at …"
enrolment-your-current-workspace = your current workspace

## The sync line at the top of every screen: each sentence on its own, joined by a space
sync-not-set-up = Saved on this device only: sync is not set up (Settings).
sync-connecting = Connecting to the sync server…
sync-syncing-of = Syncing { $settled } of { $total }…
sync-syncing = Syncing…
sync-records = { $count ->
    [one] { $count } record
   *[other] { $count } records
}
sync-photos-or-files = { $count ->
    [one] { $count } photo or file
   *[other] { $count } photos or files
}
sync-changes-waiting = Changes waiting: { $parts }
sync-waiting-line = { $waiting }.
sync-waiting-kept = { $waiting }, saved on this device.
sync-last-synced = Last synced { $at }.
sync-synced-at = Synced at { $at }.
sync-synced = Synced.
sync-unreachable = the server could not be reached
sync-cannot = Cannot sync: { $reason }.
sync-trying-now = Trying again now.
sync-trying-in = Trying again in { $seconds } s.
sync-set-aside = Set aside because it could not be read: { $records }. Its changes are kept on this device; tell your administrator.
# a record set aside: its kind and the start of its id
sync-set-aside-record = { $kind } { $id }
# the kind of a record this version does not know
sync-a-record = Record
