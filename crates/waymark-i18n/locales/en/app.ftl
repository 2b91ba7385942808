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
