# tarkan viestit suomeksi. Jokainen viesti on myös en.ftl:ssä samoin
# argumentein (testi pitää siitä huolen).

## Luettelon omat testit

test-plural = { $count ->
    [one] { $count } havainto
   *[other] { $count } havaintoa
}

## tarkka verify: mikä pääkirjassa tai näyttövarastossa on vialla

verify-torn = rivi { $line } on kesken (ei rivinvaihtoa): kirjoitus keskeytyi eikä sitä kuitattu; `tarkka ledger repair` siirtää sen syrjään
verify-torn-batch = rivi { $line } on kesken (ei rivinvaihtoa), ja sen mukana merkintöjen { $first }–{ $last } lisäys: kirjoitus keskeytyi eikä sitä kuitattu; `tarkka ledger repair` siirtää keskeneräisen erän syrjään
verify-batch-cut = merkinnät { $first }–{ $last } lisättiin yhdessä, mutta pääkirja päättyy riville { $line } ennen viimeistä niistä: lisäys keskeytyi eikä sitä kuitattu; `tarkka ledger repair` siirtää keskeneräisen erän syrjään
verify-malformed = rivi { $line } ei ole pääkirjan merkintä: { $error }
verify-malformed-payload = { $reason }
verify-edited = merkintä { $seq } (rivi { $line }) ei vastaa tiivistettään: sen sisältöä on muutettu kirjoittamisen jälkeen
verify-missing-entries = { $count ->
    [one] merkintä { $first } puuttuu
   *[other] merkinnät { $first }–{ $last } puuttuvat
} ennen riviä { $line } (poistettu tai siirretty alemmas)
verify-duplicate = rivi { $line } on toinen merkintä { $seq }: toinen niistä on lisätty väliin
verify-out-of-order = merkintä { $seq } (rivi { $line }) on merkinnän { $after } jälkeen: se on siirretty tähän tai lisätty väliin
verify-broken-link = merkintä { $seq } (rivi { $line }) ei ketjuunnu merkintään { $previous }: se on lisätty väliin, tai sitä edeltävä merkintä on vaihdettu
verify-bad-start = ensimmäinen merkintä ei aloita ketjua (sen prev ei ole pelkkiä nollia)
verify-signature-invalid = merkintä { $seq } (rivi { $line }): käyttäjän `{ $actor }` allekirjoitus ei täsmää
verify-signature-untrusted = merkintä { $seq } (rivi { $line }) on allekirjoitettu avaimella { $key }…, johon työtila ei luota käyttäjän `{ $actor }` avaimena (keys/{ $actor }.pub)
verify-signature-missing = käyttäjän `{ $actor }` merkintä { $seq } (rivi { $line }) on allekirjoittamaton, vaikka käyttäjällä `{ $actor }` on allekirjoitusavain
verify-key-unsigned = merkintä { $seq } (rivi { $line }) lisää avaimen käyttäjälle `{ $actor }`, mutta sitä ei ole allekirjoitettu sillä avaimella
verify-unknown-kind = merkintä { $seq } (rivi { $line }) on tuntematonta lajia `{ $kind }`
verify-amends-nothing = merkintä { $seq } (rivi { $line }) muuttaa merkintää { $amends }, joka ei ole sitä edeltävä pisteytys
verify-unknown-encounter = merkintä { $seq } (rivi { $line }) kirjaa { $what ->
    [evidence] näyttöä
    [scoresheet] pisteytyksen
    [workflow] otannan, kiistan tai kuittauksen
   *[amendment] muutoksen
} kohtaamiselle `{ $encounter }`, jota ei ole koskaan kirjattu
verify-evidence-altered = { $file } ({ $name }, liitetty kohtaamiseen `{ $encounter }` merkinnällä { $seq }) on muuttunut: se oli { $size } tavua ja SHA-256 { $sha256 }, nyt { $now_size } tavua ja SHA-256 { $now_sha256 }
verify-evidence-missing = { $file } ({ $name }, liitetty kohtaamiseen `{ $encounter }` merkinnällä { $seq }) puuttuu
verify-unsafe = { $reason }
verify-unreadable = tiedostoa { $file } ({ $name }) ei voi lukea: { $reason }
verify-symlink = { $file } on symbolinen linkki näyttövarastossa; varastossa on vain tiedostoja
verify-untracked = { $file } on näyttövarastossa, mutta mikään merkintä ei mainitse sitä
verify-incomplete-copy = { $file } on keskeytyneen `tarkka evidence add` -komennon (tai yhä käynnissä olevan) jättämä osittainen kopio; mikään ei kirjaa sitä, ja sen voi poistaa
verify-required-missing = kohtaamisen `{ $encounter }` pisteytys (merkintä { $seq }) nojaa kohtiin, jotka vaativat näyttöä ({ $count ->
    [one] { $last }
   *[other] { $rest } ja { $last }
}), mutta sellaista ei ole koskaan liitetty kohtaamiseen `{ $encounter }`
verify-progress = Tarkistetaan näyttöä
verify-recorded = Tarkistus kirjattu: merkintä { $seq }
verify-checked = Tarkistettu: { $entries ->
    [one] 1 merkintä
   *[other] { $entries } merkintää
}, { $files ->
    [one] 1 näyttötiedosto
   *[other] { $files } näyttötiedostoa
} ({ $bytes })
verify-head = Pääkirjan pää: { $head }
verify-merkle-root = Merkle-juuri (RFC 6962): { $root }
verify-all-holds = Kaikki kunnossa: mitään ei puutu eikä mitään ole muutettu.
verify-findings = { $count ->
    [one] { $count } havainto:
   *[other] { $count } havaintoa:
}
verify-relied-on-by = siihen nojaavat: { $entries }

## tarkka ledger repair

repair-nothing = Pääkirja on eheä: mitään ei siirretty.
repair-moved = Siirrettiin { $bytes } tavua tiedostoon { $file } ({ $detail }). Pääkirjaan jäi { $kept } tavua.
torn-no-newline = sen viimeiseltä riviltä puuttuu rivinvaihto
torn-batch-open = merkinnät { $first }–{ $last } kirjattiin yhdessä, mutta vain { $first }–{ $there } ovat tallessa, ja niiden jälkeiseltä riviltä puuttuu rivinvaihto
torn-batch-cut = merkinnät { $first }–{ $last } kirjattiin yhdessä, mutta vain { $first }–{ $there } ovat tallessa
ledger-torn = { $file }: pääkirja päättyy keskeneräiseen kirjoitukseen: { $detail }. Sitä ei koskaan kuitattu, joten mitään kirjattua ei ole menetetty, mutta sen perään ei voi kirjata. Korjaa ajamalla `tarkka ledger repair`, joka siirtää tavut { $start }..{ $end } sivutiedostoon ja lyhentää pääkirjan { $start } tavuun
repair-swept = Poistettiin { $count ->
    [one] yksi keskeneräinen kopio
   *[other] { $count } keskeneräistä kopiota
}, jotka keskeytynyt kopiointi jätti kansioon evidence/.incoming/ ja joihin ei ole koskettu kymmeneen minuuttiin (mikään ei viittaa niihin): { $files }

## Monessa paikassa käytetyt sanat

error-prefix = virhe

answer-yes = kyllä
answer-no = ei
yes-no-keys = k/e
flag-critical = KRIITTINEN

## tarkka score: vuorovaikutteinen pisteytys

score-expected-yes-no = kyllä tai ei{ $na ->
    [yes] {" "}tai na
   *[no] {""}
}
score-expected-range = kokonaisluku { $min }–{ $max }{ $na ->
    [yes] {" "}tai na
   *[no] {""}
}
score-expected-points = luku 0–{ $max }{ $na ->
    [yes] {" "}tai na
   *[no] {""}
}
score-expected-choices = yksi näistä: { $choices }{ $na ->
    [yes] {" "}tai na
   *[no] {""}
}
score-answer-needed = vastaus puuttuu: { $expected }
score-bad-answer = `{ $answer }` ei käy vastaukseksi; odotetaan: { $expected }
score-na-not-allowed = N/A ei ole sallittu tässä; odotetaan: { $expected }
score-help-scale = Asteikko: { $scale } (täyttyy: { $met }); paino { $weight } osiossa { $section } (paino { $section_weight })
score-help-flags = Liput: { $flags }
score-help-guidance = Ohje: { $guidance }
score-help-example = Esimerkki: { $example } # perustelu omin sanoin   (b = takaisin, q = lopeta)
score-no-suggestion = Tarkistus: { $undetermined ->
    [yes] ei ratkea
   *[no] ei ehdotusta
} — { $reason }
score-suggested = Ehdotus: { $answer } — { $reason }
score-closest = lähin: { $words } — { $why }
score-profile-lacks = kohta `{ $criterion }` tarvitsee asiakkaan tiedon `{ $field }`, jota kohtaamisen profiilissa ei ole
score-intro-who = asiakaspalvelija: { $agent }, paikka: { $location }, { $time }
score-intro-evidence = Liitetty näyttö: { $kinds }
score-intro-lacking = Lomake vaatii näyttöä, jota ei ole liitetty (lopuksi voit liittää sen tai kirjata syyn): { $lacking }
score-intro-skipped = Ei koske tätä asiakasta: { $criteria }
score-intro-keys = Vastaa: k/e, na, numero tai vaihtoehto; VASTAUS # kommentti; b = takaisin, ? = ohje, q = lopeta.
score-intro-suggestions = Ehdotukset: automaattiset tarkistukset litteroinnista { $transcript } (sha256:{ $sha256 }…), säännöt sha256:{ $rules }…
    Enter hyväksyy ehdotuksen, oma vastaus ohittaa sen; lomakkeeseen kirjataan kumpi.
score-input-ended = syöte loppui ennen kuin kaikkiin kohtiin oli vastattu; mitään ei kirjattu{ $kept ->
    [0] {""}
    [one] ; tähänastinen vastaus säilyy luonnoksena
   *[other] ; tähänastiset { $kept } vastausta säilyvät luonnoksena
}
score-earlier-answer = aiempi vastaus
score-answer-prompt = Vastaus ({ $expected })
score-quit-sure = Lopetetaanko? { $kept ->
    [one] Tähänastinen vastaus säilyy
   *[other] { $kept } vastausta säilyy
} luonnoksena, ja `tarkka score { $encounter }` jatkaa siitä.
score-quit = Lopetettu: mitään ei kirjattu.
score-first-criterion = Tämä on ensimmäinen kohta.
score-comment-required = Kommentti (pakollinen, kun kohta ei täyty)
score-running = pisteet nyt { $score } ({ $answered }/{ $of }{ $critical ->
    [0] {""}
   *[other] , kriittisiä virheitä { $critical }
})
score-record-question = Kirjataanko pisteytys?

## Signing keys

key-registered = huom: käyttäjän { $actor } allekirjoitusavain rekisteröitiin tähän työtilaan (merkintä { $seq }, keys/{ $actor }.pub)

## Työtilat, kohtaamiset ja kirjaaja (virheet)

workspace-not-one = { $dir } ei ole tarkan työtila (tarkka.toml puuttuu); luo työtila komennolla `tarkka init`
workspace-none-here = tässä ei ole tarkan työtilaa: kansiossa { $dir } tai sen yläpuolella ei ole tarkka.toml-tiedostoa; luo työtila komennolla `tarkka init` tai nimeä työtila valitsimella --workspace
workspace-no-ledger = kansiossa { $dir } on tarkka.toml mutta ei ledger.jsonl-tiedostoa; onko se tarkan työtila?
workspace-config-newer = { $file } on asetusmuotoa { $format }, mutta tämä tarkka lukee muotoa { $reads }; päivitä tarkka
workspace-exists = { $file } on jo olemassa: { $dir } on jo työtila
actor-bad = `{ $actor }` ei käy arvioijan tunnukseksi: anna tunnus ilman välilyöntejä ja kauttaviivoja valitsimella --actor
encounter-unknown = pääkirjassa ei ole kohtaamista `{ $id }`{ $count ->
    [0] ; kirjaa se ensin komennolla `tarkka encounter log`
   *[other] ; tarkoititko { $close }?
}
encounter-exists = kohtaaminen `{ $id }` on jo pääkirjassa (merkintä { $seq }); tunnukset ovat yksilöllisiä
profile-not-pair = --profile `{ $pair }` ei ole muotoa NIMI=ARVO
profile-twice = --profile antaa kentän `{ $field }` kahdesti
suggest-no-checks = `{ $id }` pisteytetään lomakkeella `{ $rubric }`, jossa ei ole automaattisia tarkistuksia ehdotuksiksi; pisteytä ilman valitsinta --suggest
suggest-no-transcript = kohtaamisella `{ $id }` ei ole litterointia tarkistusten luettavaksi; liitä se komennolla `tarkka evidence add { $id } TIEDOSTO --kind transcript` tai pisteytä ilman valitsinta --suggest
amend-whose = kohtaamisen `{ $id }` ovat pisteyttäneet useat arvioijat ({ $auditors }) mutta ei `{ $actor }`: kerro valitsimella --auditor NIMI, kenen pisteytystä muutetaan
amend-nothing = `{ $criterion }` on tuossa pisteytyksessä jo `{ $answer }`: ei muutettavaa
amend-no-reason = --reason-valitsimen pitää kertoa, miksi vastaus muuttuu

## Suodattimet, joihin mikään ei osu

name-new-close = { $field } `{ $given }` on uusi ja lähellä nimeä { $close }
name-typo = { $problems }. Pääkirja säilyttää nimen pysyvästi, ja kirjoitusvirhe näkyisi jokaisessa raportissa toisena paikkana, myyjänä tai arvioijana: korjaa nimi tai, jos se todella on uusi, toista valitsimella { $flag }.
import-name-typo = { $problem }; jos nimi on uusi, tuo valitsimella --new-names
filter-close = { $flag } `{ $given }` ei osu mihinkään; tarkoititko { $close }?
filter-none-yet = { $flag } `{ $given }` ei osu mihinkään; pääkirjassa ei ole vielä yhtään { $kind ->
    [location] paikkaa
    [agent] asiakaspalvelijaa
    [auditor] arvioijaa
    [rubric] arviointilomaketta
   *[criterion] tarkistettavaa kohtaa
}
filter-list = { $flag } `{ $given }` ei osu mihinkään; { $kind ->
    [location] paikat
    [agent] asiakaspalvelijat
    [auditor] arvioijat
    [rubric] arviointilomakkeet
   *[criterion] tarkistettavat kohdat
} ovat: { $names }
filter-far = { $flag } `{ $given }` ei osu mihinkään; yksikään { $count } { $kind ->
    [location] paikasta
    [agent] asiakaspalvelijasta
    [auditor] arvioijasta
    [rubric] arviointilomakkeesta
   *[criterion] tarkistettavasta kohdasta
} ei ole lähellä
actor-none = arvioijan tunnus puuttuu: `USER` on tyhjä eikä käyttöjärjestelmä nimeä käyttäjää. Jokainen pääkirjan merkintä kertoo, kuka sen teki, joten anna tunnus valitsimella --actor NIMI tai aseta TARKKA_ACTOR=NIMI (esim. TARKKA_ACTOR=aino)

## Tiedostot

file-missing = { $file }: tiedostoa ei ole
file-unreadable = tiedostoa { $file } ei voi lukea
file-not-regular = { $file } ei ole tavallinen tiedosto
rubric-unknown = --rubric `{ $rubric }` ei ole tiedosto eikä tähän työtilaan rekisteröidyn arviointilomakkeen tunnus{ $count ->
    [0] ; anna lomakkeen tiedosto (`tarkka init --samples` kirjoittaa mukana tulevat kansioon rubrics/)
   *[other] ; tarkoititko { $close }?
}

## Ajat ja aikavyöhykkeet

time-zone-unknown = `{ $name }` ei ole IANA-aikavyöhyke; odotetaan esim. { $example }
time-unreadable = `{ $text }` ei ole aika, jonka tarkka lukee; odotetaan jotakin näistä: { $forms } tai 3.6.2026 (keskiyö)
time-offset-beyond = `{ $text }`: aikaero { $offset } on yli vuorokauden UTC:stä; aikaero on välillä -24:00…+24:00 (Suomi: +02:00, kesällä +03:00)
time-skipped = `{ $text }` ei ole olemassa vyöhykkeellä { $zone }: kelloja siirrettiin silloin tunti eteenpäin; anna aika siirtymineen
time-twice = `{ $text }` oli kahdesti vyöhykkeellä { $zone } (kelloja siirrettiin taaksepäin): anna siirtymä, { $first } tai { $second }

## Luonnokset

draft-input-ended = syöte loppui ennen kuin luonnosta jatkettiin tai se jätettiin; luonnos säilyy
draft-mode = luonnos { $draft } pisteytettiin { $how ->
    [with] ehdotuksista: jatka sitä valitsimen --suggest kanssa
    [without] ilman ehdotuksia: jatka sitä ilman valitsinta --suggest
   *[other] toisista ehdotuksista (tarkistukset, litterointi tai --speaker ovat muuttuneet)
}, jotta pisteytys kertoo oikein, mihin vastauksiin ehdotus oli näkyvissä; tai vastaa e aloittaaksesi alusta
draft-other = { $file } on luonnos kohtaamiselle `{ $its_encounter }` lomakkeella `{ $its_rubric }`, ei kohtaamiselle `{ $encounter }` lomakkeella `{ $rubric }`; siirrä se syrjään

## Tarkistuspisteet: pääkirjan allekirjoitetut puunpäät (tarkka checkpoint, verify)

verify-rolled-back = pääkirjassa on { $entries } merkintää, mutta { $source } allekirjoitti { $size } merkinnän pääkirjan: { $count ->
    [one] merkintä { $size } on
   *[other] merkinnät { $first }–{ $size } on
} leikattu pois sen lopusta (palautus aiempaan tilaan)
verify-rewritten = pääkirjan { $size } ensimmäistä merkintää eivät ole ne, jotka { $source } allekirjoitti: pääkirja on haarautunut tai kirjoitettu uudelleen jossakin merkinnöistä { $first }–{ $size }
verify-statement-contradicted = merkintä { $seq } (rivi { $line }) kirjasi tarkistuksen { $entries } ensimmäisestä merkinnästä, eikä se enää päde: jokin merkinnöistä { $first }–{ $entries } on kirjoitettu uudelleen sen jälkeen
verify-checkpoint-invalid = { $file } ei ole pätevä tämän pääkirjan tarkistuspiste: { $reason }
verify-checkpoint-untrusted = { $file } ei ole luotettu: { $reason }. Kiinnitä lokiavain komennolla `tarkka checkpoint trust VKEY` tai anna se valitsimella --log-key
verify-checkpoints = { $count ->
    [one] Tarkistettu 1 tarkistuspistettä vasten
   *[other] Tarkistettu { $count } tarkistuspistettä vasten
}, suurin { $size } merkinnän (lokiavain `{ $signer }`{ $pinned ->
    [yes] , tunnettu työtilan ulkopuolelta: hallussa, kiinnitetty tai annettu)
   *[no] , vain työtilan itsensä ilmoittama: kiinnitä se komennolla `tarkka checkpoint trust`, niin se tunnetaan työtilan ulkopuolelta)
}
verify-side-file = pääkirjan vieressä oleva { $file } sisältää tavuja, jotka `tarkka ledger repair` siirsi syrjään: niitä ei koskaan kuitattu, ellei jokin tarkistuspiste tai kopio muuta osoita
repair-acknowledged = mitään ei siirretty: korjaus jättäisi { $kept } merkintää, mutta { $source } allekirjoitti { $size } merkinnän pääkirjan. Ne merkinnät on kuitattu, joten pääkirjaa on lyhennetty eikä kaatuminen ole katkaissut sitä; palauta se varmuuskopiosta
log-key-bad = { $file } ei ole lokiavain: { $reason }
checkpoint-no-log-key = tämän työtilan tarkistuspisteet allekirjoittaa lokiavain `{ $origin }`, jonka yksityinen avain ei ole tällä koneella ({ $file }); allekirjoita tarkistuspisteet siellä, missä se on
checkpoint-other-log-key = { $file } ei ole lokiavain `{ $origin }`, jonka työtila ilmoittaa (checkpoints/log.vkey); mitään ei allekirjoitettu
checkpoint-ledger-broken = { $count ->
    [one] pääkirja ei läpäise tarkistusta (1 havainto; katso `tarkka verify`)
   *[other] pääkirja ei läpäise tarkistusta ({ $count } havaintoa; katso `tarkka verify`)
}: tarkistuspiste takaisi sen, joten sitä ei allekirjoitettu
checkpoint-issued = { $size } merkinnän tarkistuspiste, allekirjoittajana `{ $origin }`: { $file }
checkpoint-new-key = Työtilalle uusi lokiavain: { $file } (säilytä se tallessa ja yksityisenä: sen haltija takaa pääkirjan). Sen julkinen avain tarkistajille: { $vkey }
checkpoint-written = Kirjoitettu myös tiedostoon { $file }
checkpoint-trusted = Kiinnitetty tälle koneelle: { $file }
verify-result-mismatch = merkintään { $seq } ({ $encounter }) on tallennettu tulos { $stored }, mutta sen vastauksista tulee { $computed } pääkirjaan rekisteröidyllä arviointilomakkeella: tallennettua tulosta on muutettu
verify-result-no-rubric = merkintä { $seq } ({ $encounter }) on pisteytetty arviointilomakkeella { $fingerprint }, jota pääkirjaan ei koskaan rekisteröity
proof-ledger-broken = { $count ->
    [one] pääkirja ei läpäise tarkistusta (1 havainto; katso `tarkka verify`)
   *[other] pääkirja ei läpäise tarkistusta ({ $count } havaintoa; katso `tarkka verify`)
}: siitä tehty todiste ei todistaisi mitään
proof-no-checkpoint = pääkirjalla ei ole vielä tarkistuspistettä, jota vasten todistaa: lokiavaimen haltija ajaa ensin `tarkka checkpoint`
proof-does-not-hold = todiste ei pidä: { $reason }
proof-written = Todiste { $count ->
    [one] 1 merkinnästä
   *[other] { $count } merkinnästä
}, kohtaaminen { $encounter }, { $size } merkinnän tarkistuspistettä vasten, allekirjoittajana `{ $origin }`: { $file }
proof-uncovered = Ei todisteessa, kirjattu tarkistuspisteen jälkeen: { $entries }. Aja `tarkka checkpoint` ja `tarkka proof` uudelleen, niin ne tulevat mukaan.
proof-holds = Pitää: { $size } merkinnän tarkistuspisteen, allekirjoittajana `{ $origin }`, on allekirjoittanut luottamasi lokiavain, ja nämä merkinnät (tiedoston otsikko: { $about }) ovat siinä, jokainen rivi täsmälleen tiedoston mukaisena ja jokainen niiden allekirjoitus pätevä:
proof-entry = merkintä { $seq } (rivi { $line }): { $kind }, kirjaaja { $actor }, { $time }{ $key ->
    [none] , allekirjoittamaton
   *[other] , allekirjoitettu avaimella { $key }…
}
proof-limits = Mitä tämä ei todista: ettei pääkirjassa olisi muita kohdetta koskevia merkintöjä (todiste osoittaa olemassaolon, ei puuttumista); mitään merkinnän { $size } jälkeen kirjattua{ $uncovered ->
    [none] {""}
   *[some] {""} (tiedosto nimeää merkinnät { $uncovered } myöhemmiksi, todistamattomiksi)
}{ $evidence ->
    [checked] .
   *[other] ; että näyttötiedostot ovat liitetyt (vertaa niiden SHA-256-tiivisteitä evidence-attached-riveihin).
}
bag-checked = Tarkistettu: { $files } näyttötiedostoa luetteloa vasten, { $entries } pääkirjan riviä omia tiivisteitään vasten
bag-holds = Paketti pitää: sen tiedostot, sen rivit ja niiden paikka tarkistuspisteen pääkirjassa.
verify-key-not-admitted = { $count ->
    [one] 1 merkintä
   *[other] { $count } merkintää
} merkinnästä { $seq } alkaen on allekirjoitettu käyttäjän `{ $actor }` avaimella { $key }…, jota työtilan lokiavain ei ole koskaan hyväksynyt: jos avain on käyttäjän { $actor }, lokiavaimen haltija ajaa `tarkka key trust { $actor }`
verify-admission-invalid = merkintä { $seq } (rivi { $line }) hyväksyy käyttäjän `{ $actor }` avaimen, mutta hyväksyntää ei ole allekirjoittanut mikään tämän tarkistuksen tuntema lokiavain
verify-key-not-added = keys/{ $actor }.pub luottaa käyttäjän `{ $actor }` avaimeen, mutta pääkirja ei ole koskaan lisännyt tämän avainta, vaikka tällä on merkintöjä: avaimen lisäysmerkintä ja allekirjoitukset on ehkä poistettu
verify-signature-stripped = { $count ->
    [one] 1 käyttäjän `{ $actor }` merkintä
   *[other] { $count } käyttäjän `{ $actor }` merkintää
} merkinnästä { $seq } alkaen on allekirjoittamatta, vaikka tällä koneella oli käyttäjän { $actor } allekirjoitusavain niitä kirjattaessa: allekirjoitukset on ehkä poistettu
key-trust-no-log = työtilalla ei ole vielä lokiavainta, jolla avaimia hyväksytään: pääkirjan takaaja ajaa ensin `tarkka checkpoint`
key-trust-none = `{ $actor }` ei ole vielä rekisteröinyt allekirjoitusavainta tähän pääkirjaan: avain rekisteröityy, kun hän kirjaa sillä (tai `tarkka key new { $actor }`)
key-trust-done = kaikki käyttäjän `{ $actor }` tänne rekisteröimät allekirjoitusavaimet on jo hyväksytty
key-trust-which = `{ $actor }` on rekisteröinyt useita hyväksymättömiä avaimia ({ $keys }): valitse yksi valitsimella --key ALKU
key-admitted = Käyttäjän `{ $actor }` allekirjoitusavain { $key } hyväksytty lokiavaimella `{ $origin }`: merkintä { $seq }. Vertaa sitä avaimeen, jonka { $actor } näkee koneellaan (`tarkka key new { $actor }` tulostaa sen).
witness-bad-name = `{ $name }` ei kelpaa todistajan nimeksi: URL ilman skeemaa, välilyöntejä tai `+`-merkkiä, esimerkiksi luottamusmiehet.example/w1
witness-none = hakemistossa { $dir } ei ole todistaja-avainta: tee sellainen komennolla `tarkka witness new NIMI`
witness-which = hakemistossa { $dir } on useita todistaja-avaimia: valitse valitsimella --name
witness-bad-request = ei todistajapyyntö: { $reason }
witness-untrusted-log = tarkistuspistettä ei ole allekirjoittanut mikään tämän todistajan kiinnittämä lokiavain ({ $reason }); kiinnitä lokin avain ensin komennolla `tarkka checkpoint trust VKEY`
witness-conflict = tämä todistaja vahvisti viimeksi lokin `{ $origin }` { $seen } merkinnän tarkistuspisteen, mutta pyyntö todistaa yhtenäisyyden koosta { $old }: pyydä pyyntö koosta { $seen } (`tarkka witness request --old { $seen }`); mitään ei vahvistettu
witness-inconsistent = lokin `{ $origin }` { $size } merkinnän tarkistuspiste ei jatka tämän todistajan aiemmin vahvistamaa { $seen } merkinnän tarkistuspistettä: lokia on palautettu, haaroitettu tai kirjoitettu uudelleen. Mitään ei vahvistettu; säilytä pyyntö todisteena
witness-old-too-big = todistajan viimeisin koko { $old } on suurempi kuin viimeisimmän tarkistuspisteen { $size }: todistaja on nähnyt pidemmän pääkirjan kuin tällä on
witness-no-such-checkpoint = työtilassa ei ole tällä tekstillä { $size } merkinnän tarkistuspistettä ({ $file }): vastavahvistuksia ei voi liittää
witness-made = Todistaja-avain: { $file } (pidä se yksityisenä). Sen julkinen avain työtilojen tarkistajille (--witness): { $vkey }
witness-request-written = Pyyntö todistajalle sen viimeisimmästä koosta { $old }: { $file }
witness-cosigned = Vastavahvistettu `{ $origin }` { $size } merkinnän kohdalla todistajana `{ $witness }` (jatkaa aiemmin nähtyä { $old } merkintää): { $file }
witness-attached = Vastavahvistukset lisätty tiedostoon { $file }
bag-ledger-broken = { $count ->
    [one] pääkirja ei läpäise tarkistusta (1 havainto; katso `tarkka verify`)
   *[other] pääkirja ei läpäise tarkistusta ({ $count } havaintoa; katso `tarkka verify`)
}: sitä lainaava paketti ei todistaisi mitään
bag-case-unknown = pääkirjassa ei ole tapauksen `{ $case }` kohtaamisia
bag-export-unproven = Työtilalla ei ole vielä tarkistuspistettä, joten paketissa ei ole todistetta sen merkinnöistä (tarkka/proof.json), ja `tarkka bag verify` sanoo sen: allekirjoita tarkistuspiste komennolla `tarkka checkpoint` ja vie uudelleen.
bag-what = anna kohtaaminen tai --case
key-public-exists = { $file } on jo olemassa: työtila luottaa jo käyttäjän { $actor } avaimeen, mutta sen yksityinen avain ei ole hakemistossa { $dir }
key-other-trusted = työtila luottaa käyttäjän `{ $actor }` toiseen allekirjoitusavaimeen ({ $file }); tarkka allekirjoittaisi avaimella { $key }…. Jos molemmat ovat käyttäjän { $actor }, työtilan ylläpitäjä lisää sen julkisen avaimen tuohon tiedostoon (ja, jos työtilalla on lokiavain, hyväksyy sen komennolla `tarkka key trust { $actor }`); tai allekirjoita luotetulla avaimella (--key-dir)
key-revoked = pääkirja on kerran luottanut tähän käyttäjän `{ $actor }` allekirjoitusavaimeen ({ $key }…), mutta { $file } ei enää luettele sitä: avain on peruttu, eikä siihen luoteta uudelleen ilman työtilan ylläpitäjää (hän lisää julkisen avaimen tuohon tiedostoon); tai tee uusi avain komennolla `tarkka key new { $actor }` siirrettyäsi vanhan syrjään
key-public-bad = { $file }:{ $line }: ei heksadesimaalinen Ed25519-julkinen avain
key-private-bad = { $file } ei ole tarkan yksityinen avain (64 heksadesimaalinumeroa)
witness-key-bad = { $file } ei ole todistajan julkinen avain: { $reason }
verify-log-replaced = tämän työtilan tarkistuspisteet allekirjoittaa lokiavain { $expected } (tällä koneella tätä työtilaa varten tai --log-key-valitsimella annettu), mutta checkpoints/log.vkey ilmoittaa { $declared }: sen lokiavain on vaihdettu tai poistettu, eikä toisen avaimen allekirjoittamia tarkistuspisteitä tai avainten hyväksyntöjä uskota

verify-unwitnessed = pääkirjassa on { $entries } merkintää, mutta { $covered ->
    [0] millään tarkistuspisteellä ei ole
   *[other] { $covered } merkinnän tarkistuspiste on suurin, jolla on
} vaadittuja { $required } todistajan vastavahvistusta: merkinnästä { $first } alkaen historia on sellainen, jota mikään ulkopuolinen osapuoli ei ole vahvistanut (pyydä todistajia vahvistamaan: `tarkka witness request`)
bag-unproven = Tarkistuspisteen jälkeen kirjatut rivit, joita mikään paketissa ei todista: merkinnät { $entries }
verify-result-no-profile = merkintää { $seq } ({ $encounter }) ei voi pisteyttää uudelleen: kohtaamisen asiakasprofiili ei sovi arviointilomakkeeseen, joten tallennettua tulosta ei voi tarkistaa
verify-result-reread = merkintää { $seq } ({ $encounter }) ei voi pisteyttää uudelleen: sen korjaama arviointi (merkintä { $sheet }) muuttui, kun verify luki pääkirjaa; aja verify uudelleen
entry-kind = { $kind ->
    [rubric-registered] lomake rekisteröity
    [encounter-logged] kohtaaminen kirjattu
    [evidence-attached] näyttö liitetty
    [scoresheet-recorded] pisteytys kirjattu
    [score-amended] pisteytystä muutettu
    [evidence-verified] tarkistus kirjattu
    [key-added] avain lisätty
    [key-admitted] avain hyväksytty
   *[other] { $kind }
}
channel-name = { $channel ->
    [call] puhelu
    [visit] käynti
    [chat] chat
    [email] sähköposti
   *[other] { $channel }
}
witnesses-too-few = --min-witnesses { $required } vaatii enemmän vastavahvistuksia kuin --witness-valitsimella annetut { $named } todistajaa voivat antaa
verify-signatures-vouched = Merkinnät 1–{ $size } tarkistettiin, kun ne kattava tarkistuspiste allekirjoitettiin: niiden allekirjoituksia ja pisteytyksiä ei tarkistettu uudelleen (`--full` tarkistaa nekin)
