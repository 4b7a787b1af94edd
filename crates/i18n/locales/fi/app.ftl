# tarkan sovelluskerroksen viestit, jotka eivät kuulu yhdelle komennolle,
# suomeksi. Jokainen viesti on myös en/app.ftl:ssä samoin argumentein.

## Rakennuspalat

as-is = { $text }
because = { $what }: { $why }
joined = { $first }; { $rest }
place-encounter = kohtaaminen `{ $encounter }`
place-encounter-criterion = kohtaaminen `{ $encounter }`, kohta `{ $criterion }`

## Tunnukset, tiedostot ja lomakkeet

id-bad = { $what ->
    [encounter] kohtaamisen tunnus
   *[auditor] arvioijan tunnus
} `{ $id }` saa sisältää vain kirjaimia, numeroita ja merkkejä - _ . : (enintään 128 merkkiä, ei pistettä alussa)
file-not-utf8 = { $file }:{ $line }:{ $column }: tiedosto ei ole kelvollista UTF-8:aa
file-unwritable = tiedostoon { $file } ei voi kirjoittaa
rubric-invalid-file = { $file } ei ole kelvollinen arviointilomake:
rubric-registered-invalid = rekisteröityä lomaketta `{ $rubric }` ({ $fingerprint }) ei voi enää lukea:
rubric-never-registered = kohtaaminen `{ $encounter }` viittaa lomakkeeseen { $fingerprint }, jota pääkirjaan ei ole koskaan rekisteröity
profile-value-bad = kohtaamisen `{ $encounter }` profiilikenttä `{ $field }` ei ole sana, luku eikä totuusarvo
profile-misfit = --profile ei sovi lomakkeeseen `{ $rubric }`: { $problems }
channel-misfit = ei sovi lomakkeeseen `{ $rubric }`, joka on kanavalle { $channel }
channel-flag-misfit = --channel { $channel } { $why }

## Pisteytys ja muutokset

score-cannot = pisteytys ei onnistu
score-evidence-missing = ei kirjattu: lomake vaatii näyttöä, jota kohtaamiselta `{ $encounter }` puuttuu: { $missing }. Liitä se komennolla `tarkka evidence add` tai kirjaa silti valitsimella --allow-missing-evidence SYY
amend-no-sheet = merkintä { $seq } ei ole kohtaamisen `{ $encounter }` pisteytys; sen pisteytykset: { $sheets }
amend-auditor-none = arvioijalla `{ $auditor }` ei ole kohtaamisen `{ $encounter }` pisteytystä; pisteytykset ovat arvioijilta: { $auditors }
amend-no-human-sheet = kohtaamisella `{ $encounter }` ei ole arvioijan pisteytystä muutettavaksi; kirjaa sellainen komennolla `tarkka score`{ $count ->
    [0] {""}
   *[other] {" "}(tai muuta automaattista valitsimella --auditor { $auditors })
}
amend-cannot-score = muutettuja vastauksia ei voi pisteyttää: { $why }

## Tiedostot, luonnokset ja päivämäärät

dir-uncreatable = hakemistoa { $dir } ei voi luoda
draft-unserialisable = luonnosta ei voi kirjoittaa
draft-unwritable = luonnosta { $file } ei voi kirjoittaa
draft-unreadable = luonnosta { $file } ei voi lukea
draft-invalid = { $file }: luonnos on rikki: { $reason }
draft-unremovable = luonnosta { $file } ei voi poistaa
evidence-name-not-utf8 = tiedoston { $file } nimi ei ole UTF-8:aa
evidence-key-file = { $file } on avainhakemistossa: yksityiset avaimet eivät ole näyttöä
record-control-character = mitään ei kirjattu: { $kind }-merkinnän kentässä `{ $field }` olisi ohjausmerkki { $code } (päätteen ohjauskoodit ja käännetty teksti muuttavat sitä, mitä tulostettuna näkyy); poista se
evidence-changed = { $file } muuttui lukemisen aikana (luettiin { $read } tavua, avattaessa { $size }, tai sen muutosaika siirtyi): mitään ei tallennettu; liitä se, kun se on valmis
entry-answers-unreadable = merkinnän { $seq } vastauksia ei voi lukea
entry-answer-unreadable = merkinnän { $seq } vastausta ei voi lukea
date-bad = { $flag } `{ $date }` ei ole päivämäärä: kirjoita 31.5.2026 tai 2026-05-31
dates-reversed = --from { $from } on myöhemmin kuin --to { $to }

## Raportit, kalibrointi ja näyteaineistot

report-out-not-empty = hakemistossa `{ $dir }` on { $count ->
    [one] tiedosto, jota
   *[other] { $count } tiedostoa, joita
} tarkka ei kirjoittanut raportiksi (`{ $first }`{ $count ->
    [one] {""}
   *[other] , …
}): anna valitsimelle --out uusi tai tyhjä hakemisto tai aiemman raportin hakemisto
report-time-not-date = kohtaamisen `{ $encounter }` aika `{ $time }` ei ole päivämäärä
calibrate-nothing-shared = yhtäkään kohtaamista ei ole pisteyttänyt kaksi tai useampi arvioija: kalibroitavaa ei ole
sample-encounters-zero = --encounters on oltava vähintään 1
sample-shared-range = --shared on oltava välillä 0–1, ei { $shared }
sample-out-exists = { $dir } on jo olemassa; anna uusi hakemisto
sample-size-margin = --margin { $margin } ei käy virhemarginaaliksi: anna, kuinka kauas keskiarvosta 95 %:n väli saa ulottua, 0–100-asteikon pisteinä, yli 0 ja enintään 50 (esim. --margin 5)

## workspace copy, ledger export

copy-target-not-empty = { $dir } on olemassa eikä ole tyhjä: työtila kopioidaan uuteen tai tyhjään hakemistoon
copy-evidence-missing = kohtaamisen { $encounter } näyttö { $digest } on kirjattu pääkirjaan, mutta se puuttuu hakemistosta { $dir }; aja siellä `tarkka verify` ennen kopiointia
copy-evidence-altered = { $file } ei tiivisty nimekseen (sen tavujen tiiviste on { $found }); näyttöä on muutettu, joten mitään ei kopioitu: aja siellä `tarkka verify`
ledger-export-exists = { $file } on jo olemassa; pääkirja kirjoitetaan uuteen tiedostoon
