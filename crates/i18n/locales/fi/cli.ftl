# tarkan komentorivin omat viestit (crates/core) suomeksi: etuliitteet,
# edistymisen otsikot ja ohjelman itse tekemät virheet. Jokainen viesti on
# myös en/cli.ftl:ssä samoin argumentein.

cli-warning-prefix = varoitus

## tarkka check

cli-check-no-rubric = anna lomake valitsimella --rubric TIEDOSTO, tai tarkista työtilassa valitsimella --record kohtaamisten litteroinnit niiden omia lomakkeita vasten
cli-check-unreadable = { $count ->
    [one] { $count } litterointi
   *[other] { $count } litterointia
} jäi lukematta (ks. yllä)
