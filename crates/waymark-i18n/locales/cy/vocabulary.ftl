# Geiriau'r rhestrau. Welsh: the words of the shared vocabularies.
