# The words of the shared vocabularies (observation categories, concerns, agencies...). Ids are
# `{vocabulary}-{code}`, the code being the one stored in documents and never translated.
