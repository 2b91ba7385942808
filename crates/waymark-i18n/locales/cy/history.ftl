# Hanes cofnod. Welsh: a record's history, what each change did.
# None is translated yet; each note is shown in English until a translator adds it
# (CONTRIBUTING.md, "Words on screen, and translating").
