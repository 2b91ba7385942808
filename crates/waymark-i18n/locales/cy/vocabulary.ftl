# Geiriau'r rhestrau. Welsh: the words of the shared vocabularies.
# Only labels translated with care are here; every other label is shown in
# English until a translator adds it (CONTRIBUTING.md, "Words on screen, and translating").

## ContextType
context-type-park_or_green_space = Parc neu fan gwyrdd
context-type-street_or_square = Stryd neu sgwâr
context-type-online_space = Gofod ar-lein
context-type-peer_group = Grŵp cyfoedion
context-type-other = Arall

## ContextStatus
context-status-referred = Wedi'i atgyfeirio
context-status-closed = Wedi cau

## TimelineStep
timeline-step-referral = Atgyfeiriad
timeline-step-plan = Cynllun
