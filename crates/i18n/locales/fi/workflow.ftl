# Arviointityön kulku (issue 18): otantasuunnitelmat, arvonnat, jonot, kiistat
# ja kuittaukset.

plan-invalid = { $file } ei ole kelvollinen otantasuunnitelma
plan-format-newer = suunnitelma on muodossa { $format }; tämä tarkka lukee suunnitelmia muotoon { $reads } asti
plan-id-empty = suunnitelman `id` on tyhjä
plan-stratum-twice = ositekenttä `{ $field }` on mainittu kahdesti
plan-stratum-unknown = tuntematon ositekenttä `{ $field }`; odotettiin jotakin näistä: { $expected }{ $close ->
    [none] {""}
   *[other] {" "}(tarkoititko `{ $close }`?)
}
plan-zero = `{ $key }` on oltava vähintään 1
plan-scorers-too-many = `scorers = { $scorers }`, mutta suunnitelmassa on vain { $auditors } { $auditors ->
    [one] arvioija
   *[other] arvioijaa
}
plan-exclude-field = rajaus ei voi testata kenttää `{ $field }`; odotettiin jotakin näistä: { $expected }{ $close ->
    [none] {""}
   *[other] {" "}(tarkoititko `{ $close }`?)
}
plan-exclude-tests = kentän `{ $field }` rajauksessa on oltava täsmälleen yksi ehdoista `below`, `above`, `equals` tai `in`; siinä on { $count }
plan-auditor-twice = arvioija `{ $auditor }` on mainittu kahdesti

assign-period-bad = `{ $period }` ei ole jakso: kirjoita viikko (2026-W50), kuukausi (2026-12), päivä (2026-12-07) tai kaksi päivää (2026-12-07..2026-12-13)
assign-commit-late = jakso alkaa { $from } ja tänään on { $today }: suunnitelma sitoutetaan ennen jakson alkua, jotta arvonnan siemen on kiinnitetty ennen kuin kukaan tietää jakson kohtaamiset
assign-commit-twice = jaksolle { $from } – { $to } on jo sitoumus (merkintä { $seq }, suunnitelma `{ $plan }`), jonka arvottava joukko voi olla osin sama: kaksi siementä samalle joukolle antaisi arpojalle valinnanvaraa (suunnitelmat, joiden lomakkeet, kanavat tai paikat ovat kaikki eri, saavat mennä päällekkäin)
assign-commit-pool-known = pääkirjassa on jo jakson kohtaaminen (`{ $encounter }`, merkintä { $seq }): sitoumus tehdään ennen jakson kohtaamisia (jakso alkaa { $from })
assign-draw-early = jakso päättyy { $to } ja tänään on { $today }: arvo jakson päätyttyä, kun sen kohtaamiset ovat pääkirjassa
assign-no-commitment = suunnitelmaa `{ $plan }` ei ole sitoutettu jaksolle { $from } – { $to } (sitoutetut: { $committed }); sitouta se ennen jakson alkua komennolla `tarkka assign --commit`
assign-drawn-already = suunnitelma `{ $plan }` on jo arvottu tälle jaksolle (merkintä { $seq }); arvonta tehdään kerran (`tarkka assign --verify` toistaa sen)
assign-pool-empty = suunnitelma `{ $plan }` ei löydä arvottavaa jaksolta { $from } – { $to }: yksikään jakson kohtaaminen ei ole pisteyttämätön, arpomaton ja suunnitelman joukon ja rajausten mukainen
assign-verify-late-commitment = sitoumus (merkintä { $seq }) tehtiin vasta, kun jakson kohtaaminen oli jo kirjattu (`{ $encounter }`, merkintä { $logged }): sen siemen on voitu valita joukon tuntien
assign-verify-replacement = merkinnän { $seq } korvaajaksi on kirjattu `{ $recorded }`; ositteen järjestys antaa `{ $expected }`
assign-verify-no-commitment = merkinnän { $seq } arvonta viittaa sitoumukseen { $commitment }, joka ei ole sitä edeltävä sitoumus
assign-verify-fingerprint = merkinnän { $seq } sitoumus ei täsmää: sen suunnitelman teksti tai jakso ei vastaa ilmoitettua
assign-verify-differs = merkinnän { $seq } arvonta poikkeaa uudelleenlaskennasta: { $what ->
    [seed] siemen
    [pool] arvottava joukko
    [count] arvottujen määrä
   *[assignment] jako
} oli { $recorded }, laskettuna { $computed }
assign-no-draw = merkintä { $draw } ei ole arvonta
assign-not-drawn = `{ $encounter }` ei ole arvonnan { $draw } nykyisissä jaoissa
assign-replace-no-reason = korvaaminen vaatii syyn (--reason)
assign-replace-scored = `{ $encounter }` on jo pisteytetty ({ $auditor }, merkintä { $seq }); pisteytetty kohtaaminen pysyy otoksessa
assign-not-in-sample = `{ $encounter }` ei ole jaettu yhdessäkään arvonnassa
assign-taken-already = `{ $encounter }` on jo { $count ->
    [one] arvioijan { $auditor } ottama
   *[other] jaettu arvioijille { $auditor } ym.
}

dispute-no-evaluation = kohtaamisella `{ $encounter }` ei ole arvioijan pisteytystä, jonka voisi kiistää tai kuitata
dispute-no-reason = kiista vaatii perustelun (--reason)
dispute-no-criteria = kiistassa on vähintään yksi kriteeri (--criterion KRITEERI=VASTAUS)
dispute-criterion-form = `{ $given }` ei ole muotoa KRITEERI=VASTAUS (esimerkiksi ownership.no-blame=yes)
dispute-late = kohtaamisen `{ $encounter }` kriteeri `{ $criterion }` sai vastauksensa { $scored }; kiista avataan { $days } päivän kuluessa, viimeistään { $deadline }
dispute-open-already = tällä pisteytyksellä on avoin kiista { $dispute }: ratkaise se ensin
dispute-limit = kohtaamisen `{ $encounter }` pisteytyksestä on ollut { $count } { $count ->
    [one] kiista
   *[other] kiistaa
}, enempää työtila ei salli ([disputes] per_scoresheet = { $limit })
dispute-same-reason = sama perustelu hylättiin kiistassa { $dispute }; uusi kiista vaatii uuden perustelun
dispute-full-credit = kohtaamisen `{ $encounter }` kriteeri `{ $criterion }` sai täydet pisteet: vain pisteitä menettäneen kriteerin voi kiistää
dispute-same-answer = kriteerin `{ $criterion }` vastaus on jo { $answer }
dispute-decide-no-reason = ratkaisu vaatii perustelun (--reason)
dispute-unknown = kiistaa `{ $dispute }` ei ole (avoimet: { $open })
dispute-decided-already = { $dispute } on jo ratkaistu (merkintä { $seq }, { $actor }: { $outcome ->
    [accepted] hyväksytty
    [partly-accepted] osin hyväksytty
   *[rejected] hylätty
}); ratkaistu kiista pysyy ratkaistuna
dispute-decider-involved = { $actor } ei voi ratkaista tätä kiistaa, koska on sen { $role ->
    [auditor] arvioija
    [opener] avaaja
   *[agent] asiakaspalvelija
}; ratkaisijan on oltava joku muu
dispute-criterion-not-disputed = `{ $criterion }` ei ole kiistassa { $dispute } (kiistetyt: { $disputed })
dispute-criterion-both = `{ $criterion }` on sekä hyväksytty että hylätty
dispute-criteria-undecided = jokainen kiistetty kriteeri hyväksytään tai hylätään; ratkaisematta: { $criteria } (--accept tai --reject, tai `all`)
dispute-sheet-gone = kiistan { $dispute } pisteytys (merkintä { $sheet }) ei ole enää arvioijansa viimeisin; avaa uusi kiista nykyisestä
acknowledge-not-agent = vain `{ $agent }`, kohtaamisen `{ $encounter }` asiakaspalvelija, voi kuitata sen arvioinnin; sinä olet `{ $actor }` (--actor)
acknowledge-already = tämä kohtaamisen `{ $encounter }` arviointi on jo kuitattu (merkintä { $seq })

assign-verify-drawn-twice = merkintä { $seq } arpoo uudelleen sitoumuksella { $commitment }, jonka merkintä { $first } jo arpoi: sitoumus arvotaan kerran
assign-verify-early = merkinnän { $seq } arvonnan päiväksi on kirjattu { $day }, joka ei ole jakson viimeisen päivän { $to } jälkeen
assign-verify-replaced-scored = merkintä { $seq } korvasi kohtaamisen `{ $encounter }`, jonka { $auditor } oli pisteyttänyt (merkintä { $scored }): pisteytetty kohtaaminen pysyy otoksessa
assign-verify-taking = merkintä { $seq } antoi kohtaamisen `{ $encounter }` arvioijalle { $auditor }, vaikka se ei ollut vapaana tiimin jonossa tai on hänen oma puhelunsa
assign-verify-amendment = merkintä { $seq } muuttaa kriteeriä `{ $criterion }` kiistan { $dispute } nojalla, vaikka ratkaisu ei hyväksynyt sitä (tai se on jo muutettu sen nojalla)
assign-verify-decision = merkintä { $seq } ratkaisee kiistan { $dispute }, ratkaisijana { $actor }, joka on sen arvioija, avaaja tai asiakaspalvelija, tai kiistaa ei ole tai se on jo ratkaistu
assign-verify-overlap = merkinnän { $seq } sitoumus kattaa saman jakson ja joukon kuin merkinnän { $other } sitoumus: kaksi siementä samalle joukolle antaa arpojalle valinnanvaraa
assign-verify-undrawn = merkinnän { $seq } sitoumusta (`{ $plan }`) ei ole arvottu, vaikka jakso päättyi { $to }
assign-verify-steer = ennen merkinnän { $seq } arvontaa jakson kohtaamisista { $scored } pisteytettiin sitoumuksen jälkeen (ja poistuivat arvottavasta joukosta), ja { $late } kirjattiin vasta arvonnan jälkeen (eivätkä olleet joukossa)
assign-draw-unverified = arvontaa { $draw } ei voi laskea uudelleen pääkirjasta, joten sen ositteiden järjestystä ei tiedetä
assign-replace-unverified = arvonta { $draw } ei laskettuna vastaa kirjattua; siitä ei korvata mitään, ennen kuin asia on selvitetty
assign-take-own = `{ $encounter }` on käyttäjän { $actor } oma puhelu: kukaan ei arvioi omaa kohtaamistaan
assign-taken-yours = olet jo ottanut kohtaamisen `{ $encounter }`
dispute-not-counted = kohtaamisen `{ $encounter }` kriteeri `{ $criterion }` ei vaikuta pisteisiin (ei sovellu, on lisäpiste tai jäi vastaamatta): kiistettäviä pisteitä ei ole
dispute-not-higher = kriteerille `{ $criterion }` ehdotettu vastaus ei nostaisi sen pisteitä: kiista pyytää pisteitä, joita arviointi ei antanut
dispute-changed-since = kriteeriä `{ $criterion }` on muutettu (merkintä { $seq }) kiistan { $dispute } avaamisen jälkeen: ehdotus korvaisi vastauksen, jota kukaan ei kiistänyt; hylkää se, niin asiakaspalvelija voi kiistää uuden vastauksen
plan-unknown-key = tuntematon avain `{ $key }` { $table ->
    [plan] suunnitelmassa
   *[other] kohdassa { $table }
}{ $close ->
    [none] {""}
   *[other] ; tarkoititko `{ $close }`?
}; odotettiin jotakin näistä: { $expected }
plan-required = { $table ->
    [plan] suunnitelmasta
   *[other] kohdasta { $table }
} puuttuu `{ $key }`
plan-wrong-type = `{ $key }`: odotettiin { $expected ->
    [text] tekstiä lainausmerkeissä
    [count] kokonaislukua, 0 tai enemmän
    [number] lukua (desimaalipiste, tai pilkku lainausmerkeissä: "7,5")
    [texts] tekstien luetteloa, ["a", "b"]
    [table] taulukkoa
   *[tables] taulukoiden luetteloa ([[{ $key }]])
}; löytyi { $found }
assign-was-replaced = `{ $encounter }` korvattiin arvonnassa { $draw } (merkintä { $seq }); se ei ole enää otoksessa
score-outside-sample = Otoksen ulkopuolelta: kohtaamista `{ $encounter }` ei ole jaettu arvioijalle { $auditor } yhdessäkään arvonnassa{ $count ->
    [0] {""}
   *[other] {" "}(se on jaettu arvioijalle { $holders })
}; raportti laskee sen satunnaisotoksen ulkopuolisiin pisteytyksiin.
export-out-not-empty = { $dir } ei ole tyhjä: taulut kirjoitetaan uuteen tai tyhjään hakemistoon
export-line-moved = pääkirja muuttui muutosten lukemisen aikana (merkintä { $seq }); vie uudelleen
