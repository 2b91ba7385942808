# The words of the shared vocabularies (observation categories, concerns, agencies...). Ids are
# `{vocabulary}-{code}`, the code being the one stored in documents and never translated.

## ContextType
context-type-park_or_green_space = Park or green space
context-type-street_or_square = Street or square
context-type-estate_or_block = Estate or block
context-type-transport_hub_stop_or_route = Transport hub, stop or route
context-type-shop_takeaway_or_shopping_centre = Shop, takeaway or shopping centre
context-type-leisure_sport_or_youth_provision = Leisure, sport or youth provision
context-type-school_college_or_alternative_provision = School, college or alternative provision
context-type-licensed_or_night_time_premises = Licensed or night-time premises
context-type-hotel_hostel_or_short_let = Hotel, hostel or short let
context-type-online_space = Online space
context-type-peer_group = Peer group
context-type-other = Other

## ObservationCategory
observation-category-lighting_and_sightlines = Lighting and sightlines
observation-category-hidden_spots = Hidden spots
observation-category-damage_or_paraphernalia = Damage or paraphernalia
observation-category-young_peoples_presence = Young people's presence and activity
observation-category-adults_contact_with_young_people = Adults and their contact with young people
observation-category-guardianship = Guardianship
observation-category-commercial_activity = Commercial activity
observation-category-vehicles_and_movement = Vehicles and movement
observation-category-signs_of_exploitation = Signs of exploitation
observation-category-safety_features = Safety features (CCTV, help points)
observation-category-positive_provision = Positive provision

## ConcernType
concern-type-cse = Child sexual exploitation (CSE)
concern-type-cce = Child criminal exploitation (CCE)
concern-type-county_lines = County lines
concern-type-serious_youth_violence = Serious youth violence
concern-type-weapons = Weapons
concern-type-child_on_child_abuse = HSB / child-on-child abuse
concern-type-sexual_harassment = Sexual harassment
concern-type-bullying = Bullying
concern-type-online_harm = Online harm
concern-type-substance_misuse = Substance misuse
concern-type-missing_episodes = Missing episodes
concern-type-trafficking = Trafficking / modern slavery
concern-type-radicalisation = Radicalisation
concern-type-other = Other

## ProtectiveFactor
protective-factor-capable_guardian = Capable guardian
protective-factor-trusted_adult = Trusted adult
protective-factor-positive_activity = Positive activity
protective-factor-good_lighting = Good lighting and sightlines
protective-factor-safe_route = Safe route
protective-factor-supportive_peers = Supportive peers
protective-factor-community_ownership = Community ownership
protective-factor-responsive_business = Responsive business

## AgeBand
age-band-under_10 = Under 10
age-band-10_13 = 10–13
age-band-14_15 = 14–15
age-band-16_17 = 16–17
age-band-18_24 = 18–24
age-band-25_plus = 25+
age-band-unknown = Age unknown

## RoleLabel
role-label-young_person = Young person
role-label-parent_carer = Parent or carer
role-label-practitioner = Practitioner
role-label-shop_or_venue_staff = Shop or venue staff
role-label-security_or_warden = Security or warden
role-label-police = Police
role-label-transport_staff = Transport staff
role-label-resident = Resident
role-label-unknown_adult = Unknown adult

## PartnerAgency
partner-agency-childrens_social_care = Children's social care
partner-agency-early_help = Early help
partner-agency-police = Police
partner-agency-youth_justice = Youth justice
partner-agency-community_safety = Community safety / ASB team
partner-agency-la_education = LA education
partner-agency-school = School (DSL)
partner-agency-health = Health
partner-agency-voluntary_sector = Voluntary and community sector
partner-agency-youth_work = Youth work
partner-agency-housing = Housing
partner-agency-licensing = Licensing
partner-agency-planning_highways_lighting = Planning, highways, lighting, CCTV
partner-agency-parks = Parks
partner-agency-transport = Transport
partner-agency-businesses = Businesses
partner-agency-other = Other

## LegalBasis
legal-basis-uk_gdpr_6_1_e = UK GDPR Art 6(1)(e): public task
legal-basis-uk_gdpr_6_1_c = UK GDPR Art 6(1)(c): legal obligation
legal-basis-uk_gdpr_9_2_g = UK GDPR Art 9(2)(g) with DPA 2018 s10 and Sch 1 para 18: safeguarding
legal-basis-children_act_1989_s17 = Children Act 1989 s17
legal-basis-children_act_1989_s47 = Children Act 1989 s47
legal-basis-children_act_2004_s10 = Children Act 2004 s10
legal-basis-children_act_2004_s11 = Children Act 2004 s11
legal-basis-crime_and_disorder_act_1998_s115 = Crime and Disorder Act 1998 s115
legal-basis-education_act_2002_s175 = Education Act 2002 s175
legal-basis-working_together = Working Together to Safeguard Children

## Weather
weather-dry = Dry
weather-rain = Rain
weather-snow = Snow
weather-fog = Fog
weather-wind = Wind

## Light
light-daylight = Daylight
light-dusk = Dusk
light-dark = Dark
light-artificial = Artificial light

## DayType
day-type-school_day = School day
day-type-weekend = Weekend
day-type-holiday = Holiday

## EscalationMethod
escalation-method-999 = 999
escalation-method-police_non_emergency = Police non-emergency (101)
escalation-method-front_door = Front door / duty social worker
escalation-method-out_of_hours = Out-of-hours team
escalation-method-own_manager = Own manager
escalation-method-dsl = DSL

## Valence
valence-strength = Strength
valence-concern = Concern
valence-neutral = Neutral

## GenderMix
gender-mix-female = Female
gender-mix-male = Male
gender-mix-mixed = Mixed
gender-mix-unknown = Not known

## SchoolSlot
school-slot-before_school = Before school
school-slot-lessons = Lessons
school-slot-break = Break
school-slot-lunch = Lunch
school-slot-after_school = After school
school-slot-journey_home = Journey home

## Rag
rag-red = Red: serious concern, act now
rag-amber = Amber: some concern, partly safe
rag-green = Green: safe, strength in place

## CheckInMethod
check-in-method-call = Phone call
check-in-method-sms = Text message
check-in-method-app = In the app

## ThresholdLevel
threshold-level-universal = Universal
threshold-level-universal_plus = Universal plus
threshold-level-complex_or_high_risk = Complex or high risk

## ContextStatus
context-status-referred = Referred
context-status-screening = Screening
context-status-assessing = Assessing
context-status-planned = Plan agreed
context-status-monitoring = Monitoring
context-status-closed = Closed

## Urgency
urgency-routine = Routine
urgency-soon = Soon (within days)
urgency-urgent = Urgent (today)

## ScreeningDecision
screening-decision-no_further_action = No further action
screening-decision-information_only = Information only
screening-decision-universal_or_signpost = Universal services or signpost
screening-decision-assessment = Assessment
screening-decision-exploitation_panel = Exploitation panel (MACE)
screening-decision-child_level_process = Child-level process

## AssessmentKind
assessment-kind-walkabout = Walkabout
assessment-kind-peer_group = Peer-group assessment (Level 2)
assessment-kind-school = School assessment
assessment-kind-other = Other assessment

## ConferenceFormat
conference-format-social_care_chaired = Chaired by children's social care
conference-format-family_group_style = Family-group-conference style
conference-format-panel = Panel

## ConferenceDecision
conference-decision-plan = Agree a plan
conference-decision-no_plan = No plan needed
conference-decision-escalate = Escalate

## ActionStatus
action-status-not_started = Not started
action-status-in_progress = In progress
action-status-done = Done
action-status-blocked = Blocked

## ReviewDecision
review-decision-continue = Continue the plan
review-decision-change = Change the plan
review-decision-close = Close the plan

## ComponentKind
component-kind-student_survey = Student survey summary
component-kind-staff_survey = Staff survey summary
component-kind-focus_groups = Focus groups
component-kind-observations = Observations at break, lunch and home time
component-kind-hotspots = Hotspots on the site plan
component-kind-policy_review = Review of the school's policies
component-kind-parent_survey = Parent and carer survey summary
component-kind-behaviour_log_review = Review of the behaviour log: counts per concern, never names

## HotspotSource
hotspot-source-students = Students said
hotspot-source-staff = Staff said
hotspot-source-observation = We observed
hotspot-source-parents = Parents said

## RagArea
rag-area-structures_and_systems = Structures and systems
rag-area-prevention = Prevention
rag-area-identification = Identification
rag-area-response_and_intervention = Response and intervention

## ReviewDomain
review-domain-target = Target
review-domain-legislative_framework = Legislative framework
review-domain-partnerships = Partnerships
review-domain-outcomes = Outcomes

## ReviewLevel
review-level-individuals = Individuals in contexts
review-level-contexts = Contexts themselves

## ReviewValue
review-value-collaborative = Collaborative
review-value-rights_based = Rights-based
review-value-ecological = Ecological
review-value-strengths_based = Strengths-based
review-value-evidence_informed = Evidence-informed

## ReviewStage
review-stage-open = Being set up
review-stage-rating = Raters are rating
review-stage-moderation = Agreeing the ratings
review-stage-final = Final

## WalkaboutState
walkabout-state-planned = Planned
walkabout-state-in_progress = In progress
walkabout-state-checked_out = Checked out
walkabout-state-completed = Completed
walkabout-state-cancelled = Cancelled

## WriteUpSection
write-up-section-environment = The environment and its features
write-up-section-guardianship = Guardianship: who is around and looking out
write-up-section-young_people = Young people: how they use the place
write-up-section-concerns = Concerns
write-up-section-strengths = Strengths
write-up-section-recommendations = Recommendations
write-up-section-next_steps = What should happen next

## ConferenceSection
conference-section-young_people_voice = What young people said, in their words
conference-section-young_people_voice_method = How their views were gathered (or why not)
conference-section-community_voice = What the community said
conference-section-harm_analysis = Harm in the context
conference-section-safety_analysis = Safety in the context
conference-section-context_weighting = Which contexts weigh most, and why

## ExportFormat
export-format-observations_csv = Observations (CSV, for a spreadsheet)
export-format-actions_csv = Plan actions (CSV, for a spreadsheet)
export-format-map_geojson = Map (GeoJSON, for QGIS)
export-format-measures_csv = Outcome measures (CSV, for a spreadsheet)
export-format-panel_pdf = Write-up for a panel (PDF)

## ReviewExportFormat
review-export-format-review_csv = Ratings (CSV, for a spreadsheet)
review-export-format-review_pdf = The review for a board (PDF)

## MeasureKind
measure-kind-walkabout_derived = Counted from the walkabouts
measure-kind-count_per_period = A number per period (partner figures)
measure-kind-yes_no = Yes or no, with the day it was checked
measure-kind-survey_share = A share of survey respondents (%), with how many answered

## ComponentStatus
component-status-not_started = Not started
component-status-in_progress = In progress
component-status-done = Done
component-status-not_used = Not used

## TieKind
tie-kind-close = Close
tie-kind-protective = Protective
tie-kind-worried_about = Worried about
tie-kind-unknown = Not known

## RatingChange
rating-change-better = better than last time
rating-change-same = the same as last time
rating-change-worse = worse than last time

## Step (timeline)
timeline-step-referral = Referral
timeline-step-screening = Screening
timeline-step-walkabout = Walkabout
timeline-step-peer_assessment = Peer-group assessment
timeline-step-school_assessment = School assessment
timeline-step-conference = Context conference
timeline-step-plan = Plan
timeline-step-action_done = Action done
timeline-step-review = Plan review

## WorkspaceRole
workspace-role-practitioner = Practitioner
workspace-role-manager = Manager
workspace-role-partner_reader = Partner reader

## AuditAction
audit-action-create = Created
audit-action-view = Viewed
audit-action-edit = Edited
audit-action-export = Exported
audit-action-print = Printed
audit-action-share = Shared
audit-action-revoke_share = Share revoked
audit-action-case_team_add = Added to the case team
audit-action-case_team_remove = Taken off the case team
audit-action-refused = Refused
audit-action-withdraw = Withdrawn from a device
audit-action-erase = Erased
audit-action-erase_history = Past text erased from the history
audit-action-retention_extended = Kept longer than its retention period
audit-action-not_a_childs_name = Confirmed a flagged word is not a child's name
audit-action-wipe_ordered = Device wipe ordered

## RecordKind
record-kind-context = Context
record-kind-walkabout = Walkabout
record-kind-school_assessment = School assessment
record-kind-peer_assessment = Peer-group assessment
record-kind-referral = Referral
record-kind-conference = Context conference
record-kind-plan = Plan
record-kind-system_review = System review

## SafetyAlertKind
safety-alert-kind-urgent_concern = Urgent concern
safety-alert-kind-not_all_safe = Checked out not all safe

## PeerSection: a peer-group assessment's sections
peer-section-voice-one = The young person's view, in their words
peer-section-voice-group = What the group's members say
peer-section-dynamics = How the group works: where and when it meets, its dynamics
peer-section-parent_carer_view = Parents' and carers' views
peer-section-strengths = Strengths
peer-section-concerns = Concerns
peer-section-analysis = Analysis
peer-section-recommendations = Recommendations
