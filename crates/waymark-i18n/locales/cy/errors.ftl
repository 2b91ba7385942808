# Negeseuon gwall. Welsh: what Waymark says when it refuses a value, by error code. Codes not
# here are waiting for a translator and are shown in English.

error-name_required = Rhowch enw i'r cyd-destun, fel enw'r lle neu label niwtral.
error-name_too_long = Cadwch yr enw i { $max } nod neu lai.
error-unknown_context_type = Dewiswch fath o gyd-destun o'r rhestr.
error-description_too_long = Cadwch y disgrifiad i { $max } nod neu lai.
error-latitude_out_of_range = Rhaid i'r lledred fod yn rhif rhwng -90 a 90.
error-longitude_out_of_range = Rhaid i'r hydred fod yn rhif rhwng -180 a 180.
error-location_incomplete = Rhowch y lledred a'r hydred, neu gadewch y ddau yn wag.
error-text_too_long = Cadwch hwn i { $max } nod neu lai.
error-unknown_rag = Dewiswch goch, ambr neu wyrdd.
error-invalid_date = Rhowch y dyddiad fel blwyddyn-mis-diwrnod.
error-no_context = Dewiswch o leiaf un cyd-destun ar gyfer y daith gerdded.
error-purpose_required = Dywedwch beth yw diben y daith gerdded.
error-planned_end_before_start = Rhaid i'r diwedd a gynlluniwyd fod ar ôl y dechrau a gynlluniwyd.
error-not_checked_in = Cofrestrwch gyda'ch cyswllt diogelwch cyn cofnodi arsylwadau.
error-time_in_future = Mae'r amser hwnnw yn y dyfodol. Gwiriwch yr amser, a chloc y ddyfais.
error-concern_type_required = Dewiswch o leiaf un math o bryder.
error-passcode_too_short = Defnyddiwch o leiaf { $min } nod ar gyfer y cod pas.
error-passcodes_differ = Mae'r ddau god pas yn wahanol: teipiwch yr un cod pas ddwywaith.
error-reset_not_confirmed = Teipiwch ERASE, mewn priflythrennau, i ailosod y ddyfais hon.
error-unknown_language = Dewiswch English neu Cymraeg, neu dilynwch iaith y ddyfais.
