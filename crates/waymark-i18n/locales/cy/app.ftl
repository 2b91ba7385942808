# Geiriau'r rhyngwyneb. Welsh: the interface's words. A message not here is shown in English
# until a translator adds it (see CONTRIBUTING.md, "Translating").

observations-count = { $count ->
    [zero] { $count } arsylwadau
    [one] { $count } arsylwad
    [two] { $count } arsylwad
    [few] { $count } arsylwad
    [many] { $count } arsylwad
   *[other] { $count } arsylwad
}

## Pob tudalen

app-name = Waymark
app-settings = Gosodiadau
app-cannot-open = Nid yw Waymark yn gallu agor
app-demo-banner = Gweithle arddangos: heb ei osod eto ar gyfer cofnodion go iawn. Defnyddiwch leoedd a llythrennau blaen dychmygol yn unig.
loading = Wrthi'n llwytho…

## Y dudalen gartref

home-title = Cyd-destunau
home-lead = Lleoedd, ysgolion, grwpiau cyfoedion a mannau ar-lein rydych chi'n eu hasesu.
home-refer-context = Atgyfeirio cyd-destun
home-new-context = Cyd-destun newydd
home-system-reviews = Adolygiadau system
home-find-context = Chwilio am gyd-destun yn ôl enw neu ardal
context-find-to-link = Chwilio am gyd-destun i'w gysylltu, yn ôl enw neu ardal
peer-find-group = Chwilio am grŵp cyfoedion yn ôl enw neu ardal
walkabout-find-other-place = Chwilio am le yn ôl enw neu ardal
home-no-contexts = Dim cyd-destunau eto. Ychwanegwch y lle, yr ysgol neu'r grŵp cyntaf rydych chi'n ei asesu.
home-status-heading = { $status } ({ $count })
home-no-match = Does dim cyd-destun yn cyfateb i "{ $search }".
home-show-more = Dangos { $count } arall o { $total }
home-showing = Yn dangos { $shown } o { $total }
home-updated = · diweddarwyd { $at }
home-overdue-actions = ⚠ { $count } yn hwyr
home-walking-now = Yn cerdded nawr
home-due-back = disgwylir yn ôl { $at }
home-overdue-by = yn hwyr o { $minutes } mun

## Gosodiadau

settings-language = Iaith
settings-language-hint = Dangos Waymark yn
settings-language-system = Iaith y ddyfais hon
settings-language-shown = Mae Waymark yn cael ei ddangos yn { $language }.

## Y sgrin gloi

lock-protect-title = Diogelu'r ddyfais hon
lock-protect-lead = Dewiswch god pas o { $min } nod o leiaf. Mae Waymark yn gofyn amdano bob tro y mae'n agor ac ar ôl iddo gael ei adael yn segur.
lock-passcode = Cod pas
lock-passcode-again = Yr un cod pas eto
lock-set-passcode = Gosod y cod pas
lock-locked-title = Mae Waymark wedi'i gloi
lock-locked-lead = Teipiwch eich cod pas i agor eich cofnodion.
lock-unlocking = Wrthi'n datgloi…
lock-unlock = Datgloi
lock-reset-title = Ailosod y ddyfais hon
lock-reset-type = Teipiwch ERASE

## Gosodiadau: map o'r ardal

offline-map = Map o'r ardal
offline-map-hint = Llwythwch ffeil map (MBTiles) gan y cyngor neu o OpenStreetMap. Bydd y map braslun ac amlinelliadau cyd-destunau wedyn yn cael eu tynnu arno, heb signal.
offline-map-none = Dim map wedi'i lwytho: mae lluniadau ar gefndir plaen.
offline-map-choose = Dewiswch ffeil map
offline-map-progress = Wrthi'n llwytho'r map: { $percent }%
offline-map-remove = Tynnu'r map
map-credit = Map: { $credit }

## Cerdded, cofnodi a chadw

common-all-contexts = ‹ Pob cyd-destun
common-saved = Wedi'i gadw
common-choose = Dewiswch…
common-not-set = Heb ei osod
common-remove = Tynnu
common-add = Ychwanegu
walking-overdue = Yn hwyr o { $minutes } munud.
walking-overdue-alarm = Yn hwyr o { $minutes } munud: ffoniwch eich cyswllt diogelwch nawr.
walking-call-on = Ffoniwch { $name } ar { $phone }
walking-recording-off = Mae cofnodi'r llwybr wedi'i ddiffodd.
walking-fix = Lleoliad ±{ $metres } m · yn cofnodi'r llwybr
walking-no-fix = Dim lleoliad. Gellir cadw arsylwadau o hyd: teipiwch gyfesurynnau neu nodwch y lle.
walking-resume-recording = Ailddechrau cofnodi'r llwybr
walking-pause-recording = Oedi cofnodi'r llwybr
save-saved = Wedi'i gadw ar y ddyfais hon
save-saving = Wrthi'n cadw…
save-not-saved = Heb ei gadw: gweler y neges wrth ymyl y maes
capture-no-fix = Dim lleoliad
capture-new-title = Arsylwad newydd
