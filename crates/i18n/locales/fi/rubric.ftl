# tarkan viestit arviointilomakkeiden tiedostoista suomeksi. Jokainen
# viesti on myös en/rubric.ftl:ssä samoin argumentein (testi pitää siitä
# huolen). Lomakkeen avaimet (`weight`, `section`, …) pysyvät sellaisinaan:
# ne kirjoitetaan tiedostoon englanniksi.

## Lomakkeen osien nimet, joilla muut viestit niihin viittaavat

rubric-key = `{ $key }`
rubric-at = rivillä { $line }, sarakkeessa { $column }
rubric-the-rubric = lomakkeen ylätaso
rubric-what-rubric-id = lomakkeen tunnus
rubric-what-section-id = osion tunnus
rubric-what-criterion-id = kohdan tunnus
rubric-what-section = osio `{ $id }`
rubric-what-criterion = kohta `{ $id }`
rubric-what-numbered = { $key ->
    [section] osio
   *[criterion] kohta
} nro { $number }
rubric-what-scale-key = asteikon `{ $key }`
rubric-what-choice = vaihtoehto
rubric-what-choice-credit = vaihtoehdon `{ $name }` pistemäärä
rubric-what-profile-field = profiilikenttä `{ $field }`
rubric-what-profile-field-name = profiilikenttä
rubric-what-profile-word = profiilikentän `{ $field }` sana
rubric-what-bounds = profiilikentän `{ $field }` rajat
rubric-what-condition = ehto `{ $key }`
rubric-what-set = ilmausjoukko `{ $name }`
rubric-what-set-name = ilmausjoukon nimi
rubric-what-language = { $what }, kieli `{ $language }`
rubric-what-phrase = ilmaus ({ $what })
rubric-what-regex = säännöllinen lauseke
rubric-a-noun = { $noun ->
    [channel] kanava
    [mode] pisteytystapa
    [na] N/A-käytäntö
    [critical] kriittisyyden laajuus
    [evidence] näytön laji
    [who] puhuja (`who`)
    [unit] mallin yksikkö (`model.unit`)
   *[language] kielisääntö
}

## Mitä arvo oli odotetun sijaan

rubric-found-string = merkkijono "{ $text }"
rubric-found-number = luku { $number }
rubric-found-bool = { $value }
rubric-found-date = päivämäärä { $date }
rubric-found-array = lista
rubric-found-table = TOML-taulu

## Lomaketiedoston virheet

rubric-problems = { $count ->
    [one] lomakkeessa on { $count } virhe
   *[other] lomakkeessa on { $count } virhettä
}
rubric-toml = virheellinen TOML: { $reason }
rubric-toml-decimal-comma = `{ $written }` ei ole TOML-luku: käytä desimaalipistettä, `{ $meant }`
rubric-toml-first = { $problem } (ensimmäinen { $total ->
    [2] kahdesta syntaksivirheestä; toinen voi johtua siitä
   *[other] { $total } syntaksivirheestä; muut voivat kaikki johtua siitä
}: korjaa se ja tarkista uudelleen)
rubric-unknown-key = { $table }: tuntematon avain `{ $key }`; sallitut avaimet: { $expected }
rubric-unknown-key-close = { $table }: tuntematon avain `{ $key }`; tarkoititko `{ $close }`? Sallitut avaimet: { $expected }
rubric-required = { $table }: pakollinen avain `{ $key }` puuttuu
rubric-not-table = { $what } on { $found }, mutta sen on oltava TOML-taulu
rubric-not-array = { $what } on { $found }, mutta sen on oltava lista
rubric-not-string = { $what } on { $found }, mutta sen on oltava merkkijono
rubric-not-bool = { $what } on { $found }, mutta sen on oltava true tai false
rubric-not-integer = { $what } on { $found }, mutta sen on oltava kokonaisluku
rubric-not-number = { $what } on { $found }, mutta sen on oltava äärellinen luku
rubric-empty = { $what } ei saa olla tyhjä
rubric-not-positive = { $what } on { $number }, mutta sen on oltava positiivinen
rubric-not-unit = { $what } on { $number }, mutta sen on oltava väliltä 0–1
rubric-threshold-zero = { $what } ei voi olla 0: mikään pistemäärä ei ole alle nollan, joten mikään ei voisi koskaan jäädä rajan alle
rubric-not-identifier = { $what } `{ $name }` saa sisältää vain pieniä kirjaimia ja numeroita, joita voi yhdistää merkeillä `-`, `.` tai `_`
rubric-unknown-word = tuntematon { $noun ->
    [channel] kanava
    [mode] pisteytystapa
    [na] N/A-käytäntö
    [critical] kriittisyyden laajuus
    [evidence] näytön laji
    [who] puhuja (`who`)
    [unit] mallin yksikkö (`model.unit`)
   *[language] kielisääntö
} `{ $word }`; sallitut arvot: { $expected }
rubric-format-newer = lomake on kirjoitettu muodossa { $format }, mutta tämä tarkka lukee muotoa { $reads }; päivitä tarkka, niin se osaa lukea lomakkeen
rubric-format-bad = `format` on { $format }, mutta sen on oltava { $reads }
rubric-threshold-replaced = muodossa 2 `scoring.critical_threshold` on korvattu avaimilla `met` (pisteet, joilla kohta katsotaan täyttyneeksi) ja `critical_below` (pisteet, joiden alle jäävä kriittinen kohta nollaa alueensa)
rubric-policy-below-above-met = `scoring.critical_below` ({ $below }) ei saa olla suurempi kuin `scoring.met` ({ $met }): kohta ei voi samaan aikaan täyttyä ja jäädä kriittisesti vajaaksi
rubric-policy-needs-format-2 = `scoring.{ $key }` vaatii `format = 2`; muodossa 1 on vain `critical_threshold`
rubric-profile-kind = profiilikentän `{ $field }` on oltava "bool", "integer" tai lista sanoja, esimerkiksi ["consumer", "business"]
rubric-profile-no-words = profiilikentälle `{ $field }` on annettava vähintään yksi sana
rubric-profile-word-twice = `{ $word }` on kahdesti profiilikentän `{ $field }` sanoissa
rubric-profile-not-word = profiilikenttä `{ $field }` ei voi olla `{ $word }`; sen arvot ovat: { $words }
rubric-none-of = lomakkeessa on oltava vähintään yksi `[[{ $key }]]`
rubric-duplicate-section = osion tunnus `{ $id }` toistuu; se on jo käytössä { $at }
rubric-duplicate-criterion = kohdan tunnus `{ $id }` toistuu; se on jo käytössä { $at }
rubric-unknown-section = tuntematon osio `{ $id }`; lomakkeen osiot ovat: { $sections }
rubric-bonus-critical = lisäpistekohta ei voi olla kriittinen: lisäpisteet vain lisäävät, joten kohta ei voi jäädä täyttymättä
rubric-check-scale = automaattinen tarkistus joko hyväksyy tai hylkää, joten sen kohdan asteikon on oltava yes-no
rubric-criterion-needs-format-2 = `{ $key }` kohdassa vaatii `format = 2`; muodossa 1 on vain koko lomakkeen `scoring.critical_threshold`
rubric-below-not-critical = `critical_below` ei merkitse mitään { $bonus ->
    [yes] lisäpistekohdassa
   *[no] kohdassa, joka ei ole kriittinen
}: vain kriittisellä kohdalla on kriittisyyssääntö
rubric-below-above-met = `critical_below` ({ $below }) ei saa olla suurempi kuin kohdan `met` ({ $met }): kohta ei voi samaan aikaan täyttyä ja jäädä kriittisesti vajaaksi
rubric-section-unused = osiossa `{ $id }` ei ole yhtään kohtaa; lisää sille kohta tai poista osio
rubric-scale-unknown = tuntematon asteikko `{ $name }`; asteikko on "yes-no", {"{"} min = 1, max = 5 {"}"}, {"{"} points = 10 {"}"} tai {"{"} choices = {"{"} full = 1, partial = 0.5, none = 0 {"}"} {"}"}
rubric-scale-form = asteikko on "yes-no", {"{"} min = 1, max = 5 {"}"}, {"{"} points = 10 {"}"} tai {"{"} choices = {"{"} full = 1, partial = 0.5, none = 0 {"}"} {"}"}
rubric-scale-reversed = asteikon rajat ovat väärin päin tai samat: `min` ({ $min }) on oltava pienempi kuin `max` ({ $max })
rubric-choices-few = vaihtoehtoasteikossa on oltava vähintään kaksi vaihtoehtoa
rubric-evidence-twice = `{ $kind }` on kahdesti luettelossa `evidence`
rubric-condition-empty = ehto `{ $key }` ei testaa mitään
rubric-condition-no-profile = ehdossa `{ $key }` on tuntematon profiilikenttä `{ $field }`; lomakkeessa ei ole profiilikenttiä, lisää ne kohtaan `[profile]`
rubric-condition-unknown-field = ehdossa `{ $key }` on tuntematon profiilikenttä `{ $field }`; lomakkeen `[profile]` määrittelee kentät: { $fields }
rubric-bounds-none = profiilikentän `{ $field }` rajoiksi tarvitaan `min`, `max` tai molemmat
rubric-bounds-reversed = profiilikentän `{ $field }` rajat ovat väärin päin: `min` ({ $min }) on suurempi kuin `max` ({ $max })
rubric-test-type = profiilikentän `{ $field }` arvo on { $kind ->
    [words] jokin sanoista { $words }
    [bool] true tai false
   *[integer] kokonaisluku
}, joten testin on oltava { $kind ->
    [words] sana tai lista sanoja
    [bool] true tai false
   *[integer] kokonaisluku tai {"{"} min = .., max = .. {"}"}
}, ei { $found }

## Ilmausjoukot ja automaattiset tarkistukset

rubric-phrases-none = { $what } ei sisällä yhtään ilmausta; anna vähintään yksi kieli, esimerkiksi `fi = [...]`
rubric-not-language = `{ $language }` ({ $what }) ei ole kielikoodi; kirjoita kaksi- tai kolmikirjaiminen koodi, kuten `fi`, `en` tai `sv`
rubric-phrases-empty = { $what }: luettele vähintään yksi ilmaus
rubric-phrase-twice = ilmaus "{ $text }" on kahdesti: { $what }
rubric-phrase-no-words = ilmauksessa "{ $text }" ei ole yhtään sanaa, jota etsiä
rubric-phrase-star = ilmauksessa "{ $text }" on `*`, joka ei ole sanan lopussa; `*` saa olla vain sanan lopussa, kuten `soita*`
rubric-phrase-short = ilmauksessa "{ $text }" sanan alku ennen merkkiä `*` on vain `{ $stem }`; anna vähintään kaksi kirjainta
rubric-phrase-gap = ilmauksessa "{ $text }" on `...`, joka ei ole kahden sanan välissä; `...` saa olla vain sanojen välissä, kuten `vika ... teidän päässä`
rubric-phrase-number-first = ilmaus "{ $text }" alkaa merkillä `#`; `#` tarkoittaa mitä tahansa lukua ja sen edellä pitää olla sana, kuten `vaan # henkeä` tai `just # of you`
rubric-set-unknown-none = tuntematon ilmausjoukko `{ $name }` ({ $what }); lomakkeessa ei ole ilmausjoukkoja, lisää sellainen muodossa `[phrases.NIMI]`
rubric-set-near-itself = ilmausjoukon `{ $name }` `{ $key }` ei voi olla joukko itse; nimeä toinen joukko
rubric-set-near-and-unless = ilmausjoukon `{ $name }` `near` ja `unless_near` ovat kumpikin joukko `{ $other }`, joten sen ilmaukset eivät voisi koskaan laskea; nimeä toiselle toinen joukko
rubric-set-unknown = tuntematon ilmausjoukko `{ $name }` ({ $what }); lomakkeen ilmausjoukot ovat: { $sets }
rubric-set-unknown-close = tuntematon ilmausjoukko `{ $name }` ({ $what }); tarkoititko `{ $close }`? Lomakkeen ilmausjoukot ovat: { $sets }
rubric-sets-empty = { $what }: nimeä vähintään yksi ilmausjoukko
rubric-count-small = { $what } on { $number }, mutta sen on oltava vähintään 1
rubric-check-language = `language = "customer"` lukee asiakkaan kielen profiilista, mutta lomakkeen `[profile]` ei määrittele `language`-kenttää kielikoodien listana
rubric-check-nothing = tarkistus ei etsi mitään; anna `phrases`, `set` tai `regex`
rubric-check-absent-with = `{ $key }` ei käy yhteen avaimen `absent = true` kanssa: puuttumistarkistus hyväksyy vain, kun mikään ei osu
rubric-check-unless-then-alone = `unless_then` pitää osuman, jonka `undone_by_reply` kumosi; lisää `undone_by_reply = "JOUKKO"` (vastaus, joka kumoaa sen) tai poista `unless_then`
rubric-check-undone-by-absent = `{ $key }` ei käy yhteen avaimen `absent = true` kanssa: puuttumistarkistus hylkää jo etsimiensä sanojen perusteella; lisää ne sen `set`-joukkoon
rubric-check-model-absent = `model` löytää puuttumistarkistuksen etsimän käytöksen muodoissa, joita sen ilmaukset eivät tunne; se vaatii avaimen `absent = true`
rubric-model-stem = `model.stem` on { $stem }; malli pitää sanasta { $low }–{ $high } kirjainta
rubric-model-feature = mallin piirre `{ $feature }` ei voi koskaan esiintyä: piirre on yksi 3–{ $stem } kirjaimen sana tai kaksi enintään { $stem } kirjaimen sanaa taitettuina (pienaakkoset, ei tarkkeita eikä heittomerkkejä), ilman numeroita, välissä yksi välilyönti
rubric-model-number = { $what } on { $number }; mallin luvut ovat kokonaisia tuhannesosia väliltä −1000…1000
rubric-model-threshold = mallin raja ({ $threshold }) on alle sen vakiotermin ({ $bias }): jokainen puhelu, jossa ei ole yhtään painotettua sanaa, hylättäisiin; opetus ei koskaan kirjoita rajaa sen alle
rubric-check-na-if-absent = `na_if` ei käy yhteen avaimen `absent = true` kanssa: puuttumistarkistus hyväksyy, kun mikään ei osu, joten N/A:ksi muutettavaa hylkäystä ei ole
rubric-check-na-if-not-allowed = `na_if` tekee automaattisesta tuloksesta N/A:n, mutta kohta ei salli N/A:ta; lisää kohtaan `na = true`
rubric-check-critical = `critical = true` antaa automaattisen tuloksen soveltaa kohdan kriittisyyssääntöä, mutta kohta ei ole kriittinen; anna sille `critical = "section"` tai `"overall"` tai poista tämä avain
rubric-check-promise = lupaustarkistus tarvitsee avaimen `near = {"{"} set = "...", words = N {"}"}`, joka nimeää aikailmausten joukon, josta lupauksen määräaika luetaan
rubric-within-form = `within`-arvon on oltava täsmälleen yksi näistä: {"{"} turns = N {"}"}, {"{"} seconds = N {"}"}, {"{"} last_turns = N {"}"} tai {"{"} last_seconds = N {"}"}
rubric-regex-empty = `regex`-listassa on oltava vähintään yksi säännöllinen lauseke
rubric-regex-type = `regex` on { $found }, mutta sen on oltava merkkijono tai lista merkkijonoja
rubric-regex-invalid = säännöllinen lauseke "{ $source }" on virheellinen: { $reason }

## Asiakasprofiili lomakkeen `[profile]`-määrittelyä vasten

rubric-profile-unknown-none = profiilikenttä `{ $field }` on tuntematon: lomake ei määrittele profiilikenttiä
rubric-profile-unknown = profiilikenttä `{ $field }` on tuntematon; lomakkeen kentät ovat: { $fields }
rubric-profile-bad-value = profiilikentän `{ $field }` arvo on `{ $value }`; odotetaan { $kind ->
    [words] yhtä näistä: { $words }
    [bool] arvoa true tai false
   *[integer] kokonaislukua
}

## tarkka rubric check

rubric-check-ok = kunnossa
rubric-check-invalid = virheellinen
rubric-check-count = { $count ->
    [one] { $count } virhe
   *[other] { $count } virhettä
}
rubric-check-na-who = `na_who` kertoo, kenen sanoista `na_if` luetaan: se tarvitsee avaimen `na_if`
