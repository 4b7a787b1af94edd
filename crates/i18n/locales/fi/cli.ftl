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

## Ympäristö ja työtila

cli-cwd-unreadable = nykyistä hakemistoa ei voi lukea
cli-now-bad = TARKKA_NOW=`{ $text }` ei ole RFC 3339 -muotoinen aika
cli-no-key-dir = avainhakemistoa ei ole: anna --key-dir tai aseta TARKKA_KEY_DIR
cli-init-samples-exist = { $dir } on jo olemassa; --samples kirjoittaa sinne mukana tulevat { $name ->
    [rubrics] lomakkeet
   *[samples] esimerkit
} (valitse toinen HAKEMISTO)
cli-demo-unremovable = aiempaa esittelyä hakemistossa { $dir } ei voi poistaa
cli-demo-exists = { $dir } on jo olemassa; esittely tekee uuden työtilan (anna toinen --out tai poista hakemisto)
cli-samples-unwritable = esimerkkejä ei voi kirjoittaa hakemistoon { $dir }

## Komennot

cli-record-flags = --record ottaa profiilin ja alkuajan kunkin kohtaamisen tiedoista; --explain, --format, --profile ja --start ovat tiedostojen tarkistamiseen kirjaamatta
cli-score-one-file = kohtaamiselle annetaan yksi vastaustiedosto, ei { $count }
cli-chart-unwritable = kuvaajaa ei voi kirjoittaa hakemistoon { $dir }
