# Tallennuspaikkojen (pääkirjatiedosto, PostgreSQL, S3) viestit suomeksi.
# Jokainen viesti on myös en/store.ftl:ssä samoin argumentein. Palvelimen ja
# verkon omat sanat näytetään sellaisinaan.

## Kehykset

store-at = { $place }: { $detail }
ledger-newer-format = { $file }: merkintä { $seq } on kirjoitettu pääkirjamuodossa { $format }, mutta tämä tarkka lukee muotoa { $ours }; päivitä tarkka lukeaksesi sen
ledger-bad-tail = { $file }: viimeistä merkintää ei voi lukea ({ $detail }); `tarkka verify` kertoo miksi
ledger-unreadable-line = { $file }:{ $line }: tätä pääkirjan riviä ei voi lukea ({ $detail }); `tarkka verify` kertoo miksi

## PostgreSQL-pääkirjan osoite

pg-url-scheme = PostgreSQL-pääkirja annetaan osoitteena, joka alkaa postgres://
pg-url-password = osoitteessa on salasana, joka päätyisi tarkka.toml-tiedostoon; jätä se pois ja laita se tiedostoon ~/.pgpass (tai muuttujaan PGPASSWORD)
pg-url-parameter = `{ $parameter }` ei ole yhteysparametri, jonka tarkka lukee (sslmode, sslrootcert, host, port, user, dbname, application_name, options, connect_timeout)
pg-url-port = palvelimen ja `:`-merkin jälkeinen osa ei ole porttinumero (salasana ei kuulu osoitteeseen: laita se tiedostoon ~/.pgpass tai muuttujaan PGPASSWORD)
pg-url-user = käyttäjä puuttuu: nimeä se osoitteessa (postgres://KÄYTTÄJÄ@PALVELIN/KANTA) tai muuttujassa PGUSER
pg-url-sslmode = sslmode `{ $mode }` ei ole mikään arvoista disable, allow, prefer, require, verify-ca, verify-full
pg-url-timeout = connect_timeout `{ $timeout }` ei ole sekuntimäärä
pg-url-bracket = hakasulkeissa annetulta IPv6-osoitteelta puuttuu loppusulje `]`
pg-url-hosts = tarkka ottaa yhteyden yhteen palvelimeen; nimeä ensisijainen
pg-url-escape-short = `%`-koodi katkeaa kesken
pg-url-escape = `%{ $hex }` ei ole kelvollinen %-koodi
pg-url-utf8 = osoite ei ole UTF-8:aa %-koodien purkamisen jälkeen

## Yhteys PostgreSQL-palvelimeen

pg-password-none = palvelin pyytää salasanaa, eikä sitä löytynyt: tarkka lukee muuttujan PGPASSWORD ja etsii sitten salasanatiedostosta (PGPASSFILE, muuten ~/.pgpass) riviä palvelin:portti:kanta:käyttäjä:salasana
pg-password-open = palvelin pyytää salasanaa, eikä sitä löytynyt: tarkka lukee muuttujan PGPASSWORD ja etsii sitten salasanatiedostosta (PGPASSFILE, muuten ~/.pgpass) riviä palvelin:portti:kanta:käyttäjä:salasana; { $file } on muidenkin luettavissa, joten sitä ei luettu (kuten libpq:kaan ei lue sitä): chmod 600 { $file }
pg-rootcert = sslrootcert { $file }: { $error }
pg-no-roots = verify-ca/verify-full: juurivarmennetta, jolla palvelimen varmenne tarkistettaisiin, ei ole (aseta sslrootcert tai PGSSLROOTCERT)
pg-certificate = { $error } — { $plain }
pg-certificate-ca = palvelin esittää omanaan CA-varmenteen, jota rustls ei hyväksy (libpq hyväksyy): anna palvelimelle varmenne, jossa on basicConstraints CA:FALSE ja jonka subjectAltName nimeää palvelimen (docs/team.md, ”Many auditors”)
pg-certificate-issuer = palvelimen varmennetta ei ole allekirjoittanut juuri, johon tarkka luottaa: nimeä CA:n varmenne parametrissa sslrootcert= tai muuttujassa PGSSLROOTCERT
pg-certificate-name = palvelimen varmenne ei nimeä osoitteen palvelinta: sen subjectAltName-kentässä on oltava se nimi (tai IP-osoite)
pg-certificate-expired = palvelimen varmenne on vanhentunut
pg-connection-lost = { $error } (yhteys palvelimeen katkesi ja sen mukana transaktio: siitä ei kirjattu mitään; aja komento uudelleen, kun palvelin vastaa)
pg-cannot-connect = yhteys ei onnistu: { $error }
pg-ledger-exists = tietokannassa on jo tarkan pääkirja; uusi työtila tai kopio tarvitsee tyhjän tietokannan (`createdb` tekee sellaisen); hakemistotyötila siirtyy tiimin tallennuspaikkaan komennolla `tarkka workspace copy`
pg-copy-not-empty = tietokannassa on jo pääkirja ({ $count ->
    [one] { $count } merkintä
   *[other] { $count } merkintää
}); kopio tarvitsee tyhjän
pg-copy-torn-source = viimeiseltä riviltä puuttuu rivinvaihto: kesken jäänyt kirjoitus (aja ensin lähteelle `tarkka ledger repair`)
pg-commit-lost = yhteys katkesi, kun palvelin lisäsi ja vahvisti merkintöjä ({ $error }): merkinnät on ehkä kirjattu, ehkä ei. `tarkka verify` näyttää pään ja `tarkka encounter show` sen, mitä on kirjattu; aja komento uudelleen vain puuttuvalle
pg-row-form = palvelin lähetti viimeisen rivin muodossa, jota tarkka ei lue
pg-row-hash = merkintä { $seq } ei vastaa tiivistettään
pg-row-holds = rivillä { $row } on merkintä { $seq }
pg-line-too-long = yli 2 GiB:n pituinen rivi

## S3-yhteensopivat todistetallennuspaikat

s3-url-scheme = S3-todistetallennuspaikka annetaan osoitteena s3://ÄMPÄRI/ETULIITE
s3-url-bucket = osoite ei nimeä ämpäriä (bucket): s3://ÄMPÄRI/ETULIITE
s3-url-credentials = osoitteessa on tunnukset, jotka päätyisivät tarkka.toml-tiedostoon; jätä ne pois ja käytä muuttujia AWS_ACCESS_KEY_ID ja AWS_SECRET_ACCESS_KEY tai tiedostoa ~/.aws/credentials
s3-url-parameter = `{ $parameter }` ei ole S3-parametri, jonka tarkka lukee (endpoint, region); tunnukset tulevat ympäristöstä tai tiedostosta ~/.aws/credentials
s3-no-credentials = tunnukset puuttuvat: aseta AWS_ACCESS_KEY_ID ja AWS_SECRET_ACCESS_KEY tai profiili tiedostoon ~/.aws/credentials (AWS_PROFILE)
s3-resume-changed = { $file } on muuttunut keskeytyneen lähetyksensä jälkeen (osa { $part } eroaa); lähetys hylättiin, joten aja komento uudelleen lähettääksesi sen alusta
s3-resume-shorter = { $file } on lyhyempi kuin keskeytyneessä lähetyksessään; lähetys hylättiin, joten aja komento uudelleen lähettääksesi sen alusta

## Todisteiden polut, paketit ja todisteet kirjauksista

store-not-a-file = ei ole tavallinen tiedosto
evidence-path-not-plain = `{ $location }` ei ole tavallinen polku työtilan sisällä (se on absoluuttinen tai siinä on `..`)
evidence-path-symlink = `{ $location }` kulkee symbolisen linkin kautta, joka voisi johtaa työtilan ulkopuolelle
evidence-in-place-outside = paikalleen jätettävän todisteen on oltava työtilan sisällä; kopioi se sinne (jätä --in-place pois)
evidence-path-utf8 = polku ei ole kelvollista UTF-8:aa
evidence-path-workspace = se on työtila itse, ei tiedosto
bag-exists = on jo olemassa; paketti kirjoitetaan uuteen hakemistoon
bag-not-a-bag = siinä ei ole tiedostoa bagit.txt: se ei ole BagIt-paketti
bag-evidence-altered = kohtaamisen `{ $encounter }` todiste { $file } ei enää vastaa pääkirjaa (kirjattu { $size } tavua, SHA-256 { $sha256 }; löytyi { $found_size } tavua, { $found }); aja `tarkka verify` — muutettua todistetta ei viedä
proof-line-unreadable = rivillä { $line } ei ole luettavaa tiivistettä: aja `tarkka verify`
proof-no-encounter = pääkirjassa ei ole kohtaamista `{ $encounter }`
proof-ledger-short = pääkirjassa on { $lines ->
    [one] { $lines } rivi
   *[other] { $lines } riviä
}, vähemmän kuin tarkistuspisteen { $size }: aja `tarkka verify`
proof-ledger-differs = pääkirjan ensimmäiset { $size } riviä eivät ole ne, jotka sen tarkistuspiste allekirjoitti: aja `tarkka verify`
proof-fewer-lines = pääkirjassa on alle { $old } riviä

## Työtilan kopiointi

copy-differs = kopio ei vastaa lähdettään: { $what } lähteessä { $a }, kopiossa { $b }; mitään ei kopioitu
copy-differs-entries = merkintöjä
copy-differs-head = pää
copy-differs-root = Merkle-juuri
copy-torn-source = viimeiseltä riviltä puuttuu rivinvaihto: kesken jäänyt kirjoitus (aja ensin `tarkka ledger repair`)
pg-copy-unsigned = palvelimen COPY-tulosteessa ei ole binäärimuodon tunnistetta
