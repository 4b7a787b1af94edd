# tarkan viestit automaattisista tarkistuksista (`tarkka check`, `--record`,
# `tarkka check tune`, ehdotukset) suomeksi. Jokainen viesti on myös
# en/check.ftl:ssä samoin argumentein.

## Lomakkeet, kohdat ja valitsimet

check-no-checks = { $file }: lomakkeessa `{ $rubric }` ei ole automaattisia tarkistuksia; lisää jollekin kohdalle [criterion.check] (ks. docs/rules.md)
check-explain-unchecked = kohdalla `{ $criterion }` ei ole automaattista tarkistusta; tarkistetut kohdat: { $checked }
check-explain-unknown-close = lomakkeessa `{ $rubric }` ei ole kohtaa `{ $criterion }`; tarkoititko { $close }?
check-explain-unknown = lomakkeessa `{ $rubric }` ei ole kohtaa `{ $criterion }`; tarkistetut kohdat: { $checked }
check-profile-not-pair = --profile `{ $pair }` ei ole muotoa KENTTÄ=ARVO, esim. --profile language=sv
check-profile-misfit = --profile: { $problems }
check-start-bad = --start `{ $text }` ei ole aika; odotettiin esim. 2026-05-14T17:40:00+03:00 tai 14.5.2026 klo 17.40 (Suomen aikaa)
check-speaker-not-pair = --speaker `{ $pair }` ei ole muotoa NIMI=ROOLI, esim. --speaker SPEAKER_00=agent
check-speaker-role = --speaker `{ $pair }`: { $why }
check-rubric-scores-differently = --rubric `{ $rubric }` pisteyttää eri tavalla kuin versio, jolla `{ $encounter }` kirjattiin (sormenjälki { $given } ≠ { $logged }); vain tarkistukset ja fraasit saavat erota
check-encounter-no-checks = `{ $encounter }` pisteytetään lomakkeella `{ $rubric }`, jossa ei ole automaattisia tarkistuksia; anna tarkistuksilla varustettu versio valitsimella --rubric TIEDOSTO
check-cannot-score = kohtaamista `{ $encounter }` ei voi pisteyttää automaattisesti: { $why }

## Litterointitiedostot

check-no-paths = anna tarkistettavat litteroinnit: tiedostoja tai hakemistoja
check-dir-empty = hakemistossa { $dir } ei ole litterointeja (tiedostoja, joiden pääte on .{ $extensions })
check-transcript-too-large = { $file }: { $size } tavua on liikaa litteroinniksi (raja on { $limit })
check-redact-not-utf8 = { $file }: --redact lukee UTF-8-tekstiä, eikä tämä tiedosto ole UTF-8:aa
check-encounter-one-file = --encounter ottaa täsmälleen yhden litterointitiedoston, ei { $count }
check-not-attached = { $file }: ei liitetty mihinkään kohtaamiseen (SHA-256 { $sha256 }); liitä se antamalla --encounter TUNNUS
check-no-file-name = { $file }: litteroinnilla ei ole tiedostonimeä
check-stored-unreadable = kohtaamisen `{ $encounter }` litterointia ei voi lukea ({ $file }); aja `tarkka verify`
check-stored-changed = kohtaamisen `{ $encounter }` litterointi ({ $file }) ei enää vastaa pääkirjaan merkittyä SHA-256-tiivistettä; aja `tarkka verify`
labels-invalid = { $file } ei ole kelvollinen merkintätiedosto
labels-transcript = merkittyä litterointia { $file } ei voi lukea: { $problem }
labels-profile = `{ $file }`: profiilikentän `{ $field }` on oltava true tai false, kokonaisluku tai sana
sentences-invalid = { $file } ei ole kelvollinen lausetiedosto
sentences-fields = odotettiin neljää sarkaimin erotettua kenttää (lomake, kohta, pass tai fail, lause), löytyi { $found }
sentences-label = odotettiin `pass` tai `fail`, löytyi `{ $label }`
sentences-empty = kenttä { $field } on tyhjä; odotettiin lomake, kohta, pass tai fail ja lause
sentences-unknown = `{ $rubric }` `{ $criterion }` ei ole minkään työtilan tarkistettujen litterointien lomakkeen kohta
labels-label = `{ $file }`: kohdan `{ $criterion }` merkintä on `{ $label }`; odotettiin pass, fail tai na
