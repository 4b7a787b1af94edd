# tarkan viestit luettavista, tuotavista ja kalibroinnin taulukoista (CSV)
# sekä vastaustiedostoista suomeksi. Jokainen viesti on myös
# en/import.ftl:ssä samoin argumentein.

## Taulukko kokonaisuutena

table-problems = tiedostoa { $file } ei voi { $action ->
    [read] lukea
    [import] tuoda
   *[calibrate] käyttää kalibrointiin
}: { $count ->
    [one] { $count } virhe
   *[other] { $count } virhettä
}{ $action ->
    [calibrate] {""}
   *[other] , mitään ei kirjattu
}
table-too-large = taulukko on suurempi kuin 4 GiB
table-file-too-large = { $file } on { $size } tavua; taulukoita luetaan enintään { $limit } MiB (jaa se tai tuo se osissa)
table-problems-more = … ja { $count } muuta ongelmaa (ensimmäiset { $shown } luetellaan)
table-too-many-columns = otsikkorivillä on { $columns } saraketta; taulukossa voi olla enintään { $limit }
table-cell-too-large = tässä solussa on { $size } tavua; soluun mahtuu enintään { $limit } KiB
table-cell-control = tässä solussa on ohjausmerkki { $code }, joka voisi muuttaa sitä, mitä tulostettuna näkyy (päätteen ohjauskoodit, käännetty teksti); poista se
table-utf16 = tiedosto on UTF-16-muodossa (tavujärjestysmerkki { $mark }, Excelin ”Unicode-teksti”); tallenna se muodossa ”CSV UTF-8”
table-utf16-unmarked = tiedosto näyttää olevan { $order }-muodossa ilman tavujärjestysmerkkiä (joka toinen tavu on nolla); tallenna se muodossa ”CSV UTF-8”
table-not-csv = ei luettavissa CSV-muodossa: { $reason }
table-cell-count = rivillä on { $cells ->
    [one] { $cells } solu
   *[other] { $cells } solua
}, mutta otsikkorivillä on { $columns ->
    [one] { $columns } sarake
   *[other] { $columns } saraketta
}
table-empty = tiedosto on tyhjä: odotettiin otsikkoriviä
table-not-utf8 = tavu { $byte } ei ole UTF-8:aa; jos tiedosto on Windowsin Excelistä, kokeile valitsinta --encoding windows-1252

## Sarakkeet ja solut

import-column-twice = sarake `{ $column }` on annettu kahdesti
import-column-unknown = tuntematon sarake `{ $column }`; sallitut sarakkeet: { $expected }
import-column-missing = pakollinen sarake `{ $column }` puuttuu
import-cell-empty = `{ $column }` on tyhjä; arvo on pakollinen
import-encounter-twice = kohtaaminen `{ $id }` on myös rivillä { $line }
import-encounter-unknown = tuntematon kohtaaminen `{ $id }`; tuo tai kirjaa se ensin
import-encounter-unknown-plain = tuntematon kohtaaminen `{ $id }`
import-rubric-unknown = tuntematon lomake `{ $rubric }`{ $count ->
    [0] {""}
   *[other] ; tarkoititko { $close }? Muuten
}: rekisteröi se tai anna sen tiedosto valitsimella --rubric TIEDOSTO
import-channel = kanava `{ $channel }` { $why }
import-kind-unknown = tuntematon laji `{ $kind }`; sallitut lajit: { $kinds } (myös suomeksi: äänite, litterointi, kuva, kuitti, muu)
import-file-unreadable = { $file } ei ole luettava tiedosto
import-file-outside = { $file } on kansion { $base } ulkopuolella: taulukon näytön on oltava sen omassa kansiossa (toisen kansion voi antaa valitsimella --base KANSIO)
import-evidence-already = { $count ->
    [one] Yksi rivi nimeää tiedoston
   *[other] { $count } riviä nimeää tiedostoja
}, jotka kohtaamiseen on jo liitetty (tai jotka toinenkin rivi nimeää): niistä ei tehty uutta merkintää
import-criterion-unknown = lomakkeessa `{ $rubric }` ei ole kohtaa `{ $criterion }`{ $count ->
    [0] {""}
   *[other] ; tarkoititko { $close }?
}
import-answer-twice = toinen vastaus kohtaan `{ $criterion }` kohtaamiselle `{ $encounter }` arvioijalta `{ $auditor }`; ensimmäinen on rivillä { $line }
import-answer-bad = `{ $criterion }`: { $message }
import-sheet-problem = `{ $encounter }`, arvioija `{ $auditor }`: { $problem }
import-evidence-missing = kohtaamiselta `{ $encounter }` puuttuu näyttö, jota lomake vaatii: { $missing }; liitä se ensin tai tuo valitsimella --allow-missing-evidence SYY
calibrate-criterion-none = yhdessäkään annetussa lomakkeessa ei ole kohtaa `{ $criterion }`
calibrate-criterion-several = kohta `{ $criterion }` on useassa annetussa lomakkeessa; kalibroi ne yksi kerrallaan

## Vastaustiedostot (`tarkka score --answers`)

answers-toml = virheellinen TOML: { $reason }
answers-format-newer = tämä tarkka ei lue vastaustiedoston muotoa { $format } (se lukee muotoa { $reads })
answers-other-rubric = nämä vastaukset ovat lomakkeelle `{ $named }`, eivät lomakkeelle `{ $rubric }`
answers-profile-given = asiakasprofiili tulee kirjatusta kohtaamisesta; poista [profile] vastaustiedostosta
import-warning = { $place }: `{ $encounter }`, arvioija `{ $auditor }`: { $warning }
