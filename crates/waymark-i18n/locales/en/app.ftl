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
