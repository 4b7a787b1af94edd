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
