# `tarkka --help` suomeksi: jokaisen komennon kuvaus, valitsinten ohjeet ja
# esimerkit, avaimena komennon polku ja argumentin tunnus
# (crates/core/help.rs). Englanninkielinen ohje on se, jonka clap johtaa
# tiedoston crates/core/args.rs dokumenttikommenteista; testi vaatii, että
# jokaisella sen tekstillä on suomennos täällä ja että täällä ei ole
# ylimääräisiä. Esimerkkikomennot pidetään samoina kuin englanniksi.

## clapin omat sanat

help-clap-usage = Käyttö
help-clap-commands = Komennot
help-clap-arguments = Argumentit
help-clap-options = Valinnat
help-clap-help-more = Näytä ohje (laajempi: --help)
help-clap-help-summary = Näytä ohje (tiivis: -h)
help-clap-version = Näytä versio
help-clap-help-command = Näytä tämä ohje tai annettujen alikomentojen ohje

## tarkka

help-tarkka = Haamuasiointi ja puhelukäsikirjoitusten arviointi jäljitettävästi
help-tarkka-long =
    Haamuasiointi ja puhelukäsikirjoitusten arviointi jäljitettävästi.

    tarkka pisteyttää kirjatut myyntipuhelut, palvelupuhelut ja myymäläkäynnit arviointilomakkeilla, joita pidetään tiedostoina versionhallinnassa.
help-tarkka-after =
    Esimerkkejä:
      tarkka init audits && cd audits
      tarkka encounter log --id V-014 --rubric rubrics/store-visit.toml --time 2026-05-14T17:40+03:00 \
          --location kamppi --agent myyja-3
      tarkka evidence add V-014 wc.jpg --kind photo
      tarkka score V-014 --answers v-014.toml
      tarkka verify

    Paluuarvot: 0 onnistui, 1 kielteinen vastaus (tarkistus löysi jotakin, lomake on
    virheellinen), 2 käyttö- tai syötevirhe.
help-tarkka-lang = Kieli, jolla tarkka kirjoittaa ihmisille [oletus: työtilan kieli, muuten fi]
help-tarkka-workspace = Työtila [oletus: lähin yläpuolinen hakemisto, jossa on tarkka.toml]
help-tarkka-actor = Kuka kirjaa: arvioijan tunnus [oletus: käyttäjätunnus]
help-tarkka-key_dir = Missä yksityisiä allekirjoitusavaimia säilytetään [oletus: ~/.config/tarkka/keys]

## init

help-init = Luo työtila: asetukset, pääkirja ja näyttövarasto
help-init-after =
    Esimerkkejä:
      tarkka init
      tarkka init audits/2026 --name "Kevät 2026"
help-init-dir = Mihin työtila luodaan [oletus: nykyinen hakemisto]
help-init-name = Työtilan nimi raportteihin
help-init-time_zone = IANA-aikavyöhyke, jossa ilman poikkeamaa annetut ajat luetaan (tuonnit, --time); kirjataan tarkka.toml-tiedostoon nimellä `time_zone`
help-init-samples = Kirjoita myös mukana tulevat lomakkeet hakemistoon rubrics/ ja esimerkkiaineisto (kohtaamiset, vastaukset, valokuvat, kuitit, äänitteet, litteroinnit) hakemistoon samples/, kuten README:n esimerkkikierros niitä käyttää
help-init-ledger = Pidä pääkirja tiimin yhteisessä PostgreSQL-tietokannassa eikä hakemistossa DIR: postgres://KÄYTTÄJÄ@PALVELIN[:PORTTI]/KANTA-osoite ilman salasanaa (sen antavat libpq:n PG*-muuttujat ja ~/.pgpass). Kirjataan tarkka.toml-tiedostoon kohtaan [store] ledger; ks. docs/team.md
help-init-evidence = Pidä näyttö S3-yhteensopivassa säilössä (AWS S3, MinIO, Garage, Ceph) eikä hakemistossa DIR/evidence: s3://SÄILÖ/ETULIITE, muualla kuin AWS:ssä ?endpoint=URL&region=R. Tunnukset tulevat muuttujista AWS_ACCESS_KEY_ID ja AWS_SECRET_ACCESS_KEY tai tiedostosta ~/.aws/credentials

## rubric

help-rubric = Tarkista arviointilomakkeet ja näytä ne
help-rubric-check = Tarkista lomaketiedostot ja tulosta kunkin tunnus, versio ja sormenjälki
help-rubric-check-after =
    Esimerkkejä:
      tarkka rubric check rubrics/*.toml
      tarkka rubric check --format json rubrics/cold-call.toml

    Jokaisen tiedoston jokainen virhe kerrotaan tiedoston, rivin ja sarakkeen kanssa.
    Paluuarvo 0, kun kaikki lomakkeet ovat kelvollisia, 1, kun jokin ei ole, 2, kun tiedostoa ei voi lukea.
help-rubric-check-files = Lomaketiedostot
help-rubric-check-format = Tulostusmuoto
help-rubric-show = Näytä lomakkeen osiot ja kohdat taulukkona
help-rubric-show-after =
    Esimerkkejä:
      tarkka rubric show rubrics/cold-call.toml
      tarkka rubric show rubrics/cold-call.toml --lang en
help-rubric-show-file = Lomaketiedosto

## encounter

help-encounter = Kirjaa kohtaamisia ja näytä, mitä pääkirja niistä tietää
help-encounter-log = Kirjaa kohtaaminen pääkirjaan
help-encounter-log-after =
    Esimerkkejä:
      tarkka encounter log --id V-2026-014 --rubric rubrics/store-visit.toml \
          --time 2026-05-14T17:40+03:00 --location kamppi --agent myyja-3
      tarkka encounter log --id C-031 --rubric cold-call --time 2026-04-22T10:05+03:00 \
          --location tampere --agent seller-2 --case CASE-12 \
          --profile segment=business --profile employees=6 --profile returning=false

    --rubric ottaa lomaketiedoston (rekisteröidään pääkirjaan ensimmäisellä käyttökerralla)
    tai jo rekisteröidyn lomakkeen tunnuksen.
help-encounter-log-id = Kohtaamisen tunnus, yksilöllinen työtilassa
help-encounter-log-rubric = Arviointilomake: tiedosto tai rekisteröidyn lomakkeen tunnus
help-encounter-log-time = Milloin: 2026-05-14T17:40+03:00, tai ilman poikkeamaa (14.5.2026 17.40, 2026-05-14 17:40) työtilan aikavyöhykkeessä
help-encounter-log-location = Missä: myymälä, asiakaspalvelukeskus, tiimi
help-encounter-log-agent = Kuka palveli asiakasta
help-encounter-log-auditor = Kuka arvioi [oletus: kirjaaja]
help-encounter-log-channel = call, visit, chat tai email [oletus: lomakkeen kanava]
help-encounter-log-case = Asia, johon kohtaaminen kuuluu (yhdistää ensimmäisen yhteydenoton jatkoyhteydenottoihin)
help-encounter-log-profile = Lomakkeen määrittelemä asiakasprofiilin kenttä muodossa NIMI=ARVO
help-encounter-log-scenario = Haamuasiakkaan skenaario
help-encounter-log-new_name = Paikka, myyjä tai arvioija on uusi, vaikka sen nimi on lähellä tunnettua nimeä
help-encounter-show = Näytä kaikki, mitä pääkirja tietää kohtaamisesta, kirjausjärjestyksessä
help-encounter-show-after =
    Esimerkkejä:
      tarkka encounter show V-2026-014
      tarkka encounter show V-2026-014 --format json
help-encounter-show-id = Kohtaamisen tunnus
help-encounter-show-format = Tulostusmuoto

## evidence

help-evidence = Liitä näyttöä kohtaamisiin
help-evidence-add = Laske tiedostojen tiivisteet ja liitä ne kohtaamiseen
help-evidence-add-after =
    Esimerkkejä:
      tarkka evidence add V-2026-014 recording.mp3 --kind recording
      tarkka evidence add V-2026-014 wc-1.jpg wc-2.jpg --kind photo
      tarkka evidence add C-031 calls/c-031.wav --kind recording --in-place

    Jokainen tiedosto luetaan SHA-256:n läpi ja kopioidaan näyttövarastoon tiivisteensä
    nimellä; sama sisältö tallennetaan vain kerran. Valitsimella --in-place työtilan
    sisällä oleva tiedosto kirjataan paikalleen kopioimatta.
help-evidence-add-encounter = Kohtaaminen
help-evidence-add-files = Tiedostot
help-evidence-add-kind = Mitä tiedostot ovat
help-evidence-add-in_place = Kirjaa työtilan sisällä olevat tiedostot paikalleen kopioimatta

## score

help-score = Pisteytä vastaukset lomakkeella; työtilassa kirjaa pisteytys pääkirjaan
help-score-after =
    Esimerkkejä:
      tarkka score V-2026-014
      tarkka score S-2026-002 --suggest
      tarkka score V-2026-014 --answers v-2026-014.toml
      tarkka score --rubric rubrics/store-visit.toml \
          --answers samples/answers/store-visit-kamppi-2026-05-14.toml
      tarkka score --rubric rubrics/cold-call.toml --answers a.toml b.toml --format json

    Kun annat KOHTAAMISEN ilman valitsinta --answers, tarkka kysyy jokaisen soveltuvan
    kohdan vuorollaan (vastaukset: y/n, k/e, na, luku tai vaihtoehdon nimi; `VASTAUS # kommentti`
    lisää kommentin; `b` palaa edelliseen ja Enter pitää aiemman vastauksen, `?` näyttää
    asteikon, hyväksytyn rajan, merkinnät ja esimerkin, `q` lopettaa), näyttää
    juoksevan pistemäärän ja kirjaa vasta, kun olet vahvistanut tuloksen. Jokainen vastaus
    tallentuu heti luonnokseen (drafts/ARVIOIJA/KOHTAAMINEN.toml), joten lopettaminen,
    Ctrl-C tai kaatuminen ei hävitä mitään: seuraava `tarkka score KOHTAAMINEN` tarjoutuu
    jatkamaan siitä. Näyttö, jota vastaukset vaativat mutta joka kohtaamiselta puuttuu,
    kysytään lopuksi: liitettävä tiedosto tai syy sen puuttumiseen.
    Valitsimella --suggest jokaisessa automaattisesti tarkistettavassa kohdassa näkyy
    tarkistuksen tulos kohtaamisen litteroinnista ja sen taustalla olevat sanat: Enter
    hyväksyy sen, oma vastaus ohittaa sen, ja pisteytykseen kirjataan, mitkä ehdotukset
    hyväksyttiin ja mitkä ohitettiin. Vastaukset voi myös syöttää putkella, yksi riviä kohden.
    Valitsimella --answers TIEDOSTO vastaukset tulevat tiedostosta. Kummassakin tapauksessa
    lomake on se, jolla kohtaaminen kirjattiin, sen asiakasprofiilia käytetään, ja
    pisteytys kirjataan pääkirjaan. Ilman kohtaamista vastaustiedostot pisteytetään
    lomaketta --rubric vasten eikä mitään kirjata. Vastaustiedosto on TOML-muotoinen
    (ks. docs/scoring.md). Jokaisen tiedoston jokainen virhe kerrotaan; paluuarvo on 2,
    jos jotakin ei voi pisteyttää.
help-score-encounter = Pisteytettävä ja kirjattava kohtaaminen (työtilassa)
help-score-rubric = Lomake, jolla vastaustiedostot pisteytetään kirjaamatta
help-score-answers = Vastaustiedostot (TOML), yksi kohtaamista kohden [oletus KOHTAAMISEN kanssa: kysy vuorovaikutteisesti]
help-score-suggest = Aloita automaattisten tarkistusten tuloksista kohtaamisen litteroinnista: kukin näytetään sanoineen, Enter hyväksyy sen ja oma vastaus ohittaa sen; pisteytykseen kirjataan, mitkä hyväksyttiin ja mitkä ohitettiin. Oletuksena pois päältä, jotta pisteytys pysyy sokkona siellä, missä arvioijien yksimielisyyttä mitataan
help-score-speaker = Valitsimen --suggest kanssa: kenen puheenvuoroja puhujan vuorot ovat, esim. SPEAKER_00=agent
help-score-allow_missing_evidence = Kirjaa, vaikka lomakkeen vaatimaa näyttöä ei ole liitetty, ja kerro miksi
help-score-new_name = Arvioija on uusi, vaikka nimi on lähellä tunnetun arvioijan nimeä
help-score-format = Tulostusmuoto

## verify

help-verify = Tarkista pääkirja, näyttö ja pisteytykset; tulosta pääkirjan viimeisin tiiviste
help-verify-after =
    Esimerkkejä:
      tarkka verify
      tarkka verify --json > verify.json
      tarkka verify --no-evidence

    Paluuarvo 0, kun kaikki on kunnossa, 1, kun jotakin löytyi, 2, kun työtilaa ei
    voi lukea.
help-verify-json = Tulosta koneluettava raportti
help-verify-no_evidence = Tarkista vain pääkirja; älä laske näytön tiivisteitä uudelleen
help-verify-record = Kirjaa tulos pääkirjaan evidence-verified-merkintänä
help-verify-checkpoint = Tarkistuspiste, jonka jatke pääkirjan on oltava (työtilan omien lisäksi); voi toistaa
help-verify-log_key = Luotettava lokiavain (vkey tai tiedosto, jossa se on); voi toistaa
help-verify-witness = Todistaja, jonka vastavahvistukset lasketaan (vkey tai tiedosto, jossa se on); voi toistaa
help-verify-full = Tarkista kaikki allekirjoitukset ja pisteytä kaikki tulokset uudelleen, myös ne, jotka työtilan ulkopuolelta tunnettu tarkistuspiste kattaa (ne tarkistettiin, kun se allekirjoitettiin)
help-verify-min_witnesses = Kuinka monen todistajan on pitänyt vahvistaa viimeisin tarkistuspiste (oletuksena kaikkien annettujen)

## checkpoint

help-checkpoint = Allekirjoita pääkirjan tarkistuspiste (C2SP tlog-checkpoint) työtilan lokiavaimella tai kiinnitä lokiavain tälle koneelle
help-checkpoint-after =
    Esimerkkejä:
      tarkka checkpoint
      tarkka checkpoint --out checkpoint-2026-12.txt
      tarkka checkpoint trust tarkka.local/demo-1a2b3c4d+5e6f7a8b+AV...

    Tarkistuspiste kertoo pääkirjan koon ja sen RFC 6962 -juuren työtilan lokiavaimella
    allekirjoitettuna (avain luodaan ensimmäisellä kerralla avainhakemiston logs/-hakemistoon,
    oikeudet 0600: säilytä se sillä, joka vastaa pääkirjasta). Työtila säilyttää
    jokaisen tarkistuspisteen hakemistossa checkpoints/, ja tämä kone muistaa viimeisimmän;
    `tarkka verify` nimeää sen jälkeen lyhennetyn (rollback) tai uudelleen kirjoitetun pääkirjan.
    Muualla säilytetty tarkistuspiste (postitettu, tulostettu, raportissa) pätee, vaikka
    työtilan omat kopiot poistettaisiin: `tarkka verify --checkpoint TIEDOSTO`.
    Kuka tahansa voi tarkistaa sen ilman tarkkaa: ks. docs/ledger.md.
help-checkpoint-out = Kirjoita tarkistuspiste myös tähän tiedostoon
help-checkpoint-trust = Luota lokiavaimeen tällä koneella (vkey tai tiedosto, jossa se on): sen allekirjoittamat tarkistuspisteet tunnetaan silloin työtilan ulkopuolelta
help-checkpoint-trust-vkey = vkey (NIMI+TUNNUS+AVAIN) tai tiedosto, jossa se on

## proof

help-proof = Todista kohtaamisen pääkirjamerkinnät ulkopuoliselle tai tarkista tällainen todiste ilman pääkirjaa
help-proof-after =
    Esimerkkejä:
      tarkka proof V-2026-014 --out proof-v-2026-014.json
      tarkka proof verify proof-v-2026-014.json --key tarkka.local/demo-1a2b3c4d+5e6f7a8b+AV...

    Todisteessa ovat kohtaamista koskevat pääkirjan rivit (kohtaaminen, sen lomake,
    näyttö, pisteytykset, muutokset ja allekirjoittajien avaimet), kukin RFC 6962
    -sisältymistodisteineen (C2SP tlog-proof) pääkirjan viimeisintä tarkistuspistettä
    vasten. `proof verify` tarvitsee vain tiedoston ja lokin julkisen avaimen: se
    tarkistaa tarkistuspisteen allekirjoituksen, kunkin rivin oman tiivisteen ja sen
    sisältymisen ja kertoo, mitä se todistaa ja mitä ei.
help-proof-encounter = Kohtaaminen
help-proof-out = Mihin todiste kirjoitetaan
help-proof-verify = Tarkista todistetiedosto ilman pääkirjaa
help-proof-verify-file = Todistetiedosto
help-proof-verify-key = Lokin julkinen avain (vkey tai tiedosto, jossa se on); voi toistaa. Myös komennolla `tarkka checkpoint trust` kiinnitetyt avaimet lasketaan
help-proof-verify-witness = Todistaja, jonka vastavahvistus lasketaan; voi toistaa
help-proof-verify-min_witnesses = Kuinka monen todistajan on pitänyt vahvistaa (oletuksena kaikkien annettujen)

## bag

help-bag = Tarkista viety BagIt-paketti alusta loppuun
help-bag-verify = Tarkista komennon `tarkka export bag` paketti: sen luettelot, jokaisen pääkirjarivin oma tiiviste, rivien todiste tarkistuspistettä vasten ja näyttö rivejä vasten
help-bag-verify-after =
    Esimerkkejä:
      tarkka bag verify bag-v-2026-014 --key tarkka.local/demo-1a2b3c4d+5e6f7a8b+AV...
help-bag-verify-dir = Paketin hakemisto
help-bag-verify-key = Lokin julkinen avain (vkey tai tiedosto, jossa se on); voi toistaa

## ledger

help-ledger = Pääkirjan ylläpito tai sen kirjoittaminen tavalliseksi JSON Lines -tiedostoksi
help-ledger-repair = Siirrä keskeytyneen kirjoituksen jättämä vajaa loppu sivutiedostoon
help-ledger-repair-after =
    Esimerkkejä:
      tarkka ledger repair

    Vain tavut, joita ei koskaan kuitattu, siirretään: viimeinen rivi ilman rivinvaihtoa
    tai se osa usean merkinnän kirjoituksesta, joka jäi kesken. Ne säilytetään
    pääkirjan vieressä tiedostossa ledger.jsonl.torn-SIIRTYMÄ (numeroituna .2, .3, …,
    jos nimi on jo käytössä).

help-ledger-export = Kirjoita pääkirja, missä se sitten onkin, tavalliseksi JSON Lines -tiedostoksi, jonka `tarkka verify` lukee sellaisenaan
help-ledger-export-after =
    Esimerkkejä:
      tarkka ledger export --out paakirja-2026-06-30.jsonl
      tarkka ledger export | gzip > paakirja.jsonl.gz

    Jokainen merkintä kirjoitetaan täsmälleen omana rivinään, joten tiivisteet,
    allekirjoitukset, tarkistuspisteet ja todisteet pätevät tiedostoon kuten
    tietokantaan. Tiedosto kirjoitetaan .partial-nimellä ja nimetään uudelleen, kun se
    on kokonainen; olemassa olevan tiedoston päälle ei kirjoiteta koskaan.
help-ledger-export-out = Kirjoitettava tiedosto (uusi) [oletus: vakiotuloste]

## workspace

help-workspace = Siirrä työtila hakemiston ja tiimin yhteisen tallennuksen välillä
help-workspace-copy = Kopioi työtila uuteen hakemistoon ja sen pääkirja PostgreSQL-tietokantaan tai tiedostoon, kaikki tai ei mitään, ja tarkista kopio
help-workspace-copy-after =
    Esimerkkejä:
      tarkka workspace copy . ../qa-tiimi --ledger postgres://qa@db.example/tarkka
      tarkka workspace copy ../qa-tiimi ./paikallinen-kopio

    Kopiossa on samat merkinnät tavu tavulta (sama pää, sama Merkle-juuri), jokainen
    näyttötiedosto tiivistettynä uudelleen kopioitaessa sekä työtilan avaimet,
    tarkistuspisteet ja muut tiedostot. Kopio kootaan piilonimellä TO:n viereen ja
    nimetään paikalleen vasta tarkistettuna; PostgreSQL:ään kopioitu pääkirja
    tarkistetaan ennen kuin sen transaktio vahvistetaan. Tietokannan on oltava tyhjä.
help-workspace-copy-from = Kopioitava työtila
help-workspace-copy-to = Uuden työtilan hakemisto (uusi tai tyhjä)
help-workspace-copy-ledger = Kopion pääkirja tähän PostgreSQL-tietokantaan (tyhjä; postgres://-osoite ilman salasanaa) [oletus: TO/ledger.jsonl]
help-workspace-copy-evidence = Kopion näyttö tähän S3-yhteensopivaan säilöön (s3://SÄILÖ/ETULIITE) [oletus: TO/evidence]

## key

help-key = Hallitse arvioijien allekirjoitusavaimia
help-key-new = Luo arvioijalle Ed25519-avainpari ja luota sen julkiseen avaimeen
help-key-trust = Hyväksy arvioijan rekisteröimä allekirjoitusavain työtilan lokiavaimella (sen haltija ajaa)
help-key-trust-after =
    Esimerkkejä:
      tarkka key trust aino
      tarkka key trust aino --key 3f2a9c

    Kun työtilalla on lokiavain (`tarkka checkpoint`), allekirjoitusavain kelpaa
    lokiavaimeen luottaville vasta, kun lokiavain on hyväksynyt sen: sisäpiiriläinen,
    joka livauttaa avaimen keys/-hakemistoon, saa havainnon eikä luottamusta.
    Hyväksyntä on key-admitted-merkintä, jossa on lokiavaimen allekirjoittama
    muistio. Vertaa tulostettua avainta siihen, jonka arvioijan `tarkka key new`
    tulosti.
help-key-trust-auditor = Arvioija
help-key-trust-key = Hyväksyttävän avaimen alku, kun arvioija on rekisteröinyt useita
help-key-new-after =
    Esimerkkejä:
      tarkka key new aino

    Yksityinen avain menee avainhakemistoon (--key-dir), julkinen avain työtilan
    hakemistoon keys/ ja uudella avaimella allekirjoitettu key-added-merkintä
    pääkirjaan. Siitä lähtien jokainen arvioijan kirjaama merkintä allekirjoitetaan.
help-key-new-auditor = Arvioija

## export

help-export = Vie näyttö riidan selvittämistä varten
help-export-bag = Kirjoita kohtaamisen tai asian näytöstä BagIt-paketti (RFC 8493)
help-export-bag-after =
    Esimerkkejä:
      tarkka export bag V-2026-014 --out bag-v-2026-014
      tarkka export bag --case CASE-12 --out bag-case-12
help-export-bag-encounter = Kohtaaminen
help-export-bag-case = Sen sijaan kaikki tämän asian kohtaamiset
help-export-bag-out = Paketin hakemisto; ei saa olla vielä olemassa

## import

help-import = Tuo kohtaamisia, vastauksia tai näyttöä CSV-tiedostosta, kaikki tai ei mitään
help-import-encounters = Kirjaa kohtaamiset CSV-tiedostosta (yksi rivi kohtaamista kohden)
help-import-encounters-after =
    Esimerkkejä:
      tarkka import encounters encounters.csv --rubric rubrics/store-visit.toml
      tarkka import encounters kevat.csv --delimiter ';' --encoding windows-1252 --dry-run

    Sarakkeet: encounter, rubric, time, location, agent, auditor, [channel, case,
    scenario, profile.NIMI...]. Ks. docs/import.md.
help-import-encounters-file = CSV-tiedosto
help-import-encounters-rubrics = Lomaketiedosto, jonka rivit voivat nimetä tunnuksella (rekisteröidään, jos se on uusi)
help-import-encounters-encoding = Tiedoston merkistö [oletus: tunnistetaan]
help-import-encounters-delimiter = Kenttien erotin [oletus: tunnistetaan otsikkorivistä]
help-import-encounters-new_names = Paikat, myyjät tai arvioijat ovat uusia, vaikka niiden nimet ovat lähellä tunnettuja nimiä
help-import-encounters-dry_run = Tarkista kaikki, älä kirjaa mitään
help-import-answers = Kirjaa pisteytykset CSV-tiedostosta (yksi rivi kohtaamista × kohtaa kohden)
help-import-answers-after =
    Esimerkkejä:
      tarkka import answers answers.csv
      tarkka import answers vastaukset.csv --dry-run

    Sarakkeet: encounter, criterion, answer, [comment,] auditor. Saman kohtaamisen ja
    arvioijan rivit muodostavat yhden pisteytyksen. Ks. docs/import.md.
help-import-answers-file = CSV-tiedosto
help-import-answers-allow_missing_evidence = Kirjaa silloinkin, kun vaadittua näyttöä ei ole liitetty, ja kerro miksi
help-import-answers-encoding = Tiedoston merkistö [oletus: tunnistetaan]
help-import-answers-delimiter = Kenttien erotin [oletus: tunnistetaan otsikkorivistä]
help-import-answers-new_names = Arvioijat ovat uusia, vaikka nimet ovat lähellä tunnettuja nimiä
help-import-answers-dry_run = Tarkista kaikki, älä kirjaa mitään
help-import-evidence = Liitä CSV-tiedostossa luetteloitu näyttö (encounter, kind, file)
help-import-evidence-after =
    Esimerkkejä:
      tarkka import evidence evidence.csv
help-import-evidence-file = CSV-tiedosto; sen tiedostopolut ovat suhteessa siihen
help-import-evidence-base = Kansio, jossa taulukon nimeämien tiedostojen on oltava (oletus: CSV-tiedoston oma kansio)
help-import-evidence-encoding = Tiedoston merkistö [oletus: tunnistetaan]
help-import-evidence-delimiter = Kenttien erotin [oletus: tunnistetaan otsikkorivistä]
help-import-evidence-dry_run = Tarkista kaikki, älä kirjaa mitään

## amend

help-amend = Muuta kirjatun pisteytyksen yhtä vastausta ja kerro syy
help-amend-after =
    Esimerkkejä:
      tarkka amend V-2026-014 facilities.toilets yes --reason "Photo 2 shows the toilet was cleaned"
      tarkka amend C-031 needs.summary no --comment "No summary" --reason "Re-listened to the call"
      tarkka amend S-2026-001 ownership.takes-on yes --auditor sara --reason "Calibration round 2"

    Alkuperäinen pisteytys jää pääkirjaan; muutos on uusi merkintä, joka nimeää sen,
    vastauksen ennen ja jälkeen, syyn ja muuttajan. Muutos kohdistuu omaan
    pisteytykseesi; jos et pisteyttänyt kohtaamista, ainoan arvioijan pisteytykseen; jos
    kohtaamisen pisteytti useampi arvioija, kerro kenen valitsimella --auditor (tai --sheet).
help-amend-encounter = Kohtaaminen
help-amend-criterion = Kohta, jonka vastaus muuttuu
help-amend-answer = Uusi vastaus
help-amend-reason = Miksi vastaus muuttuu
help-amend-comment = Kommentti uuteen vastaukseen
help-amend-sheet = Muutettava pisteytys merkinnän numerolla
help-amend-auditor = Muuta tämän arvioijan viimeisintä pisteytystä [oletus: omasi; jos et pisteyttänyt, ainoan arvioijan; useamman arvioijan kohtaamisessa pakollinen]

## scores

help-scores = Listaa kirjatut pisteet suodatettuina taulukkona, CSV:nä tai JSONina
help-scores-after =
    Esimerkkejä:
      tarkka scores
      tarkka scores --location "Helsinki Kamppi" --from 2026-03-01 --to 2026-05-31
      tarkka scores --rubric cold-call --format csv > cold-calls.csv
help-scores-location = Vain tämä toimipaikka
help-scores-agent = Vain tämä asiakaspalvelija
help-scores-auditor = Vain tämän arvioijan pisteytykset
help-scores-rubric = Vain tämä lomake (tunnus)
help-scores-from = Vain kohtaamiset tästä päivästä alkaen (31.5.2026 tai 2026-05-31, kohtaamisen paikallinen päivä)
help-scores-to = Vain kohtaamiset tähän päivään asti
help-scores-source = Kenen pisteytykset: arvioijien, automaattisten tarkistusten vai kaikki (yhteenvedot lähteittäin)
help-scores-format = Tulostusmuoto [valitsimella --excel: csv]
help-scores-excel = CSV, jonka suomenkielinen Excel avaa sarakkeiksi (`;` kenttien välissä, desimaalipilkut, UTF-8-tavujärjestysmerkki)

## demo ja sample

help-demo = Aja koko työnkulku mukana tulevalla esimerkkiaineistolla uudessa työtilassa
help-demo-after =
    Esimerkkejä:
      tarkka demo
      tarkka demo --out /tmp/tarkka-demo
help-demo-out = Mihin esittelytyötila luodaan; ei saa olla olemassa [oletus: ./tarkka-demo]
help-sample = Esimerkkiaineisto ja otoskoot
help-sample-generate = Tuota toistettava keinotekoinen aineisto halutun kokoisena
help-sample-generate-after =
    Esimerkkejä:
      tarkka sample generate --encounters 1000 --seed 7 --out data
      tarkka sample generate --encounters 50000 --seed 1 --shared 0.2 --out big

    Kirjoittaa hakemistoon HAKEMISTO tiedostot encounters.csv ja answers.csv sekä lomakkeet
    muodoissa, joita `tarkka import` lukee. Sama siemen antaa aina samat tavut.
help-sample-generate-encounters = Kohtaamisten määrä
help-sample-generate-seed = Satunnaislukujen siemen
help-sample-generate-out = Kirjoitettava hakemisto; ei saa olla olemassa
help-sample-generate-shared = Osuus kohtaamisista (0–1), jotka kaksi muuta arvioijaa myös pisteyttävät kalibrointia varten
help-sample-size = Montako arviointia lisää kukin myyjä tai toimipiste tarvitsee, jotta keskiarvo tunnetaan ±PISTEET tarkkuudella, ja keiden eroa ei vielä ole osoitettu
help-sample-size-after =
    Esimerkkejä:
      tarkka sample size
      tarkka sample size --by location --margin 10
      tarkka sample size --rubric service-call --format csv

    Jokainen kohtaaminen lasketaan kerran, viimeisimmällä arvioijan pisteytyksellä, kuten
    raportissa; väli on raportin 95 %:n väli keskiarvolle. Ryhmä, jonka omaa hajontaa ei
    tunneta (alle kaksi pisteytystä tai kaikki samat), mitoitetaan kaikkien valittujen
    pisteiden hajonnalla, ja se merkitään (docs/workflow.md).
help-sample-size-by = Ryhmittele myyjän tai toimipisteen mukaan
help-sample-size-margin = Tavoiteltu tarkkuus: kuinka kauas keskiarvosta 95 %:n väli saa enintään ulottua, 0–100-asteikon pisteinä (5 tai 2,5)
help-sample-size-rubric = Vain tällä lomakkeella kirjatut kohtaamiset (tunnus)
help-sample-size-location = Vain tämän toimipisteen kohtaamiset
help-sample-size-format = Tulostusmuoto

## calibrate

help-calibrate = Ovatko arvioijat samaa mieltä? Arvioijien välinen luotettavuus kohdittain ja arvioijittain
help-calibrate-after =
    Esimerkkejä:
      tarkka calibrate
      tarkka calibrate --only store-visit --chart report/
      tarkka calibrate --format json > calibration.json
      tarkka calibrate --answers answers.csv --rubric rubrics/store-visit.toml

    Käyttää jokaista kohtaamista, jonka kaksi tai useampi arvioija on pisteyttänyt:
    pääkirjasta (nykyiset vastaukset muutosten jälkeen) tai valitsimella --answers
    tuontimuotoisesta CSV-tiedostosta ja sen käyttämistä lomakkeista. Raportoi
    Krippendorffin alfan ja sen bootstrap-luottamusvälin (95 %), prosentuaalisen
    yhtäpitävyyden, Fleissin kappan ja Cohenin kappan jokaiselle arvioijaparille
    (kokonaislukuasteikoilla painotettuna), heikoimman yhtäpitävyyden kohdat ensin,
    sekä arvioijittain poikkeaman enemmistöstä, keskimääräisen eron muihin ja sen
    kuukausittaisen ajelehtimisen. Ks. docs/calibration.md.
help-calibrate-only = Vain tämän lomakkeen kohtaamiset (tunnus)
help-calibrate-answers = Lue arviot tästä CSV-tiedostosta (vastausten tuontimuoto) pääkirjan sijaan
help-calibrate-rubrics = Lomaketiedostot, joihin CSV:n kohdat kuuluvat
help-calibrate-resamples = Bootstrap-otosten määrä alfan luottamusväleihin
help-calibrate-seed = Bootstrapin satunnaislukujen siemen (sama siemen antaa samat välit)
help-calibrate-chart = Piirrä lisäksi kuvaaja alfasta kohdittain tähän hakemistoon (PNG ja SVG)
help-calibrate-format = Tulostusmuoto [valitsimella --excel: csv]
help-calibrate-excel = CSV, jonka suomenkielinen Excel avaa sarakkeiksi (`;` kenttien välissä, desimaalipilkut, UTF-8-tavujärjestysmerkki)
help-calibrate-encoding = Tiedoston merkistö [oletus: tunnistetaan]
help-calibrate-delimiter = Kenttien erotin [oletus: tunnistetaan otsikkorivistä]

## check

help-check = Tarkista puhelu- ja chat-litteroinnit lomakkeen automaattisilla säännöillä
help-check-after =
    Esimerkkejä:
      tarkka check --rubric rubrics/cold-call.toml calls/
      tarkka check --rubric rubrics/cold-call.toml call.vtt --profile segment=business --profile language=fi
      tarkka check --rubric rubrics/cold-call.toml call.vtt --explain opening.permission
      tarkka check --rubric rubrics/service-call.toml calls/ --format csv > verdicts.csv
      tarkka check --record                                # työtilan kaikki vielä tarkistamattomat litteroinnit
      tarkka check --record --redact --encounter S-031 call.vtt

    Lukee WebVTT:n, SRT:n, JSON-segmenttimuodon sekä tavalliset chat- ja puhelulokit (ks.
    docs/transcripts.md). Jokainen kohta, jolla on [criterion.check], saa tuloksen —
    hyväksytty, hylätty, ei koske tai ratkaisematon — sekä puheenvuoron, sen ajan ja
    ratkaisseet sanat; --explain näyttää myös läheltä piti -tapaukset: oikeat sanat väärältä
    puhujalta, aikaikkunan ulkopuolella, tarjouksen jälkeen, kiellettyinä tai ilman
    tarvittua aikaa. Sääntökieli on kuvattu tiedostossa docs/rules.md.

    Valitsimella --record tulokset kirjataan työtilassa kohtaamisen automaattiseksi
    pisteytykseksi, joka on linkitetty litterointinäyttöön sen SHA-256:lla ja pidetään
    erillään arvioijien pisteytyksistä; määräaikaiset lupaukset kirjataan sen mukana
    komentoa `tarkka followups` varten.

    Paluuarvo: 0, kun jokainen tarkistettu kohta hyväksyttiin (tai ei koskenut), 1, kun
    jokin hylättiin, 2, kun litterointia ei voitu lukea. Valitsimella --explain vain
    selitetty kohta ratkaisee: 1, kun se hylättiin jossakin litteroinnissa.

    `tarkka check tune` vertaa tarkistuksia työtilan arvioijien pisteytyksiin ja
    ehdottaa ilmauksia; ks. `tarkka check tune --help`.
help-check-paths = Litterointitiedostot tai niitä sisältävät hakemistot (.vtt, .srt, .json, .txt, .log)
help-check-rubric = Lomake, jonka tarkistukset ajetaan [valitsimella --record: kohtaamisen rekisteröity lomake]
help-check-profile = Asiakasprofiilin kenttä lomakkeen ehtoja varten, esim. language=sv
help-check-start = Milloin puhelu alkoi (2026-02-17T09:30+02:00 tai Suomen aikaa 17.2.2026 klo 9.30), jotta luvatut ajat voidaan laskea
help-check-speaker = Puhujan nimi ja rooli (agent tai customer), esim. SPEAKER_00=agent
help-check-explain = Näytä, miksi yksi kohta hyväksyttiin tai hylättiin, läheltä piti -tapaukset mukaan lukien
help-check-format = Tulostusmuoto [valitsimella --excel: csv]
help-check-excel = CSV, jonka suomenkielinen Excel avaa sarakkeiksi (`;` kenttien välissä, desimaalipilkut, UTF-8-tavujärjestysmerkki)
help-check-record = Kirjaa tulokset työtilaan automaattisina pisteytyksinä
help-check-encounter = Valitsimen --record kanssa: kohtaaminen, johon litterointitiedostot kuuluvat; ne liitetään siihen
help-check-redact = Valitsimien --record --encounter kanssa: korvaa henkilötiedot ennen kuin litterointi tallennetaan
help-check-tune = Missä automaattiset tarkistukset ja arvioijat ovat eri mieltä, ja ilmaukset, jotka kuroisivat eron umpeen
help-check-tune-after =
    Esimerkkejä:
      tarkka check tune
      tarkka check tune --criterion ownership.takes-on
      tarkka check tune --rubric rubrics/service-call.toml   # sääntöjen uudempi versio
      tarkka check tune --format json > tune.json
      tarkka check tune --model --criterion ownership.no-blame

    Tarkistaa työtilan jokaisen arvioijan pisteyttämän litteroinnin nykyisillä
    säännöillä (tai annetuilla lomaketiedostoilla, joiden on pisteytettävä samoin kuin
    kohtaamisten lomakkeiden) ja pariuttaa jokaisen tarkistetun kohdan tuloksen kunkin
    arvioijan viimeisimpään vastaukseen muutoksineen. Tulostaa yhtäpitävyyden kohdittain,
    jokaisen erimielisyyden — väärä hyväksyntä, väärä hylkäys, väärä N/A — automaattisen
    tuloksen taustalla olevine sanoineen, puhelut, joiden automaattinen kokonaispistemäärä
    poikkeaa yli 10 pistettä arvioijien pisteistä samoissa kohdissa, sekä sanajonot,
    jotka löytyvät puheluista, joissa tarkistus erehtyy, mutta eivät yhdestäkään, joka
    arvioijien mielestä pitää jättää ennalleen, ja yhtäpitävyyden arvion, kun kukin puhelu
    jätetään vuorollaan pois. Se ei koskaan muokkaa lomaketta: lisää lomakkeeseen ne
    ilmaukset, joista olet samaa mieltä, ja sen sääntöjen sormenjälki kirjaa muutoksen.
    Ks. docs/rules.md, "Learning from the auditors".

    Valitsimella --model se myös opettaa jokaiselle puuttumistarkistukselle, jolla
    on merkinnöissä vähintään viisi hylkäystä ja viisi hyväksyntää, sanamallin
    arvioijien vastauksista (ja --labelled-hakemistojen merkityistä puheluista) ja
    tulostaa sen taulukkona [criterion.check.model] lisättäväksi kohdan
    taulukon [criterion.check] alle, sekä löydetyt hylkäykset ja väärin hylätyt
    hyväksynnät mallin kanssa ja ilman, arvioituna kymmenessä puheluiden osajoukossa.
    Valitsimella --sentences puuttumistarkistus, jonka tiedosto merkitsee, saa
    sen sijaan vuoromallin (unit = "turn"): jokainen vuoro pisteytetään erikseen, ja malli
    opetetaan merkityistä lauseista ja hyväksyttyjen puheluiden jokaisesta vuorosta.
    Ks. docs/rules.md, "Word models".

    Paluuarvo: 0, tai 2, kun työtilaa, merkittyä joukkoa tai lausetiedostoa ei
    voi lukea.
help-check-tune-rubric = Kohtaamisen lomakkeen uudempi versio (vain tarkistukset ja ilmaukset saavat erota); voi toistaa
help-check-tune-criterion = Vain tämä kohta
help-check-tune-speaker = Puhujan nimi ja rooli (agent tai customer), esim. SPEAKER_00=agent
help-check-tune-model = Opeta arvioijien merkinnöistä sanamalli jokaiselle puuttumistarkistukselle
help-check-tune-labelled = Merkittyjen litterointien hakemisto (sen labels.toml), jolla myös opetetaan; voi toistaa
help-check-tune-sentences = Merkityt lauseet, yksi riviä kohden: LOMAKE<TAB>KOHTA<TAB>pass|fail<TAB>LAUSE; sen merkitsemät puuttumistarkistukset saavat vuoromallin; voi toistaa
help-check-tune-format = Tulostusmuoto

## followups

help-followups = Palvelijoiden antamat lupaukset ja se, pidettiinkö ne
help-followups-after =
    Esimerkkejä:
      tarkka followups
      tarkka followups --status broken
      tarkka followups --format csv > promises.csv

    Lupaus on aikaan sidottu sitoumus, jonka `tarkka check --record` löysi
    litteroinnista ("soitan huomenna", "I'll call you back by Thursday"). Se on pidetty,
    kun saman asian myöhempi kohtaaminen tulee ennen määräaikaa, rikottu, kun sellaista
    ei tullut, ja avoin, kunnes määräaika on ohi (nyt: TARKKA_NOW tai kello).
help-followups-status = Vain lupaukset, joilla on tämä tila
help-followups-location = Vain tämä toimipaikka
help-followups-agent = Vain tämä asiakaspalvelija
help-followups-format = Tulostusmuoto [valitsimella --excel: csv]
help-followups-excel = CSV, jonka suomenkielinen Excel avaa sarakkeiksi (`;` kenttien välissä, desimaalipilkut, UTF-8-tavujärjestysmerkki)

## report

help-report = Kirjoita johdon raportti: HTML, Markdown, kuvaajat, CSV ja Parquet
help-report-after =
    Esimerkkejä:
      tarkka report --out report/
      tarkka report --out report-q1/ --from 2026-01-01 --to 2026-03-31 --period week
      tarkka report --out kamppi/ --location "Helsinki Kamppi" --lang en
      tarkka report --out report/ --xlsx

    Käy pääkirjan läpi (kukin kohtaaminen lasketaan viimeisimmällä arvioijan
    pisteytyksellä muutosten jälkeen) ja kirjoittaa hakemistoon HAKEMISTO: index.html
    (itsenäinen, kuvaajat sivun sisällä), sivun kullekin toimipaikalle ja asiakaspalvelijalle,
    report.md, charts/*.png|svg ja tables/*.csv|parquet (sekä valitsimella --xlsx
    tables/tables.xlsx). Jokainen sivu ja kuvaaja kertoo pääkirjan viimeisimmän
    tiivisteen ja Merkle-juuren, joista se on tehty. Sama pääkirja ja samat valinnat
    antavat samat tavut.
help-report-out = Hakemisto, johon raportti kirjoitetaan (luodaan tarvittaessa)
help-report-period = Trendien ja valvontakorttien jakso [auto: lyhin, jossa ryhmät ovat riittävän suuria]
help-report-min_group = Tätä pienemmät ryhmät näytetään mutta merkitään
help-report-from = Vain kohtaamiset tästä päivästä alkaen (31.5.2026 tai 2026-05-31, kohtaamisen paikallinen päivä)
help-report-to = Vain kohtaamiset tähän päivään asti
help-report-location = Vain tämä toimipaikka (voi toistaa)
help-report-rubric = Vain tämä lomake (tunnus; voi toistaa)
help-report-xlsx = Kirjoita taulukot lisäksi yhdeksi Excel-työkirjaksi (tables/tables.xlsx)

## redact

help-redact = Korvaa litteroinnin henkilötiedot tyypitetyillä paikkamerkeillä
help-redact-after =
    Esimerkkejä:
      tarkka redact call.txt > call-redacted.txt
      tarkka redact call.vtt --out call-redacted.vtt

    Henkilötunnukset (tarkistettu tarkistusmerkistä), puhelinnumerot,
    sähköpostiosoitteet, IBAN-tilinumerot (tarkistettu mod 97:llä) ja maksukorttien
    numerot (tarkistettu Luhnin algoritmilla) korvataan merkinnöillä
    { "[HETU], [PHONE], [EMAIL], [IBAN] ja [CARD]" }. Korvatut kohdat ja alkuperäisen
    SHA-256 tulostetaan vakiovirheeseen.
help-redact-file = Tekstitiedosto (UTF-8)
help-redact-out = Kirjoita peitetty teksti tähän (uuteen tiedostoon) vakiotulosteen sijaan

## completions ja man

help-completions = Tulosta komentotulkin täydennykset
help-completions-after =
    Esimerkkejä:
      tarkka completions bash > /etc/bash_completion.d/tarkka
      tarkka completions zsh > ~/.zfunc/_tarkka
help-completions-shell = Komentotulkki
help-man = Tulosta ohjesivu (roff)
help-man-after =
    Esimerkkejä:
      tarkka man > tarkka.1 && man ./tarkka.1

## witness

help-witness = Toimi todistajana: vahvista työtilan tarkistuspisteet vain, kun ne jatkavat viimeksi näkemääsi (luottamusmiehille, asiakkaalle, arvioijien arvioijalle)
help-witness-new = Luo tämän koneen todistaja-avain
help-witness-new-after =
    Esimerkkejä:
      tarkka witness new luottamusmiehet.example/w1

    Kiinnitä sitten lokin avain, jota todistat: tarkka checkpoint trust LOKIN-VKEY
help-witness-new-name = Todistajan nimi: URL ilman skeemaa (sen ei tarvitse olla olemassa)
help-witness-request = Työtilassa: kirjoita pyyntö, jonka todistaja vahvistaa, sen viimeksi näkemästä koosta
help-witness-request-after =
    Esimerkkejä:
      tarkka witness request --out todistajapyynto.txt
      tarkka witness request --old 1200 --out todistajapyynto.txt
help-witness-request-old = Tarkistuspisteen koko, jonka todistaja vahvisti viimeksi (oletus: suurin työtilan vahvistettu tarkistuspiste, muuten 0)
help-witness-request-out = Mihin pyyntö kirjoitetaan
help-witness-cosign = Todistajan koneella: tarkista pyyntö ja vahvista sen tarkistuspiste
help-witness-cosign-after =
    Esimerkkejä:
      tarkka witness cosign todistajapyynto.txt --out vahvistettu.txt
help-witness-cosign-request = Pyyntötiedosto
help-witness-cosign-out = Mihin vahvistettu tarkistuspiste kirjoitetaan
help-witness-cosign-name = Mikä todistaja-avain, kun koneella on useita
help-witness-attach = Työtilassa: lisää todistajan vastavahvistukset säilytettyyn tarkistuspisteeseen
help-witness-attach-after =
    Esimerkkejä:
      tarkka witness attach vahvistettu.txt
help-witness-attach-file = Vastavahvistettu tarkistuspiste

## assign

help-assign = Arvo otos, jota kukaan ei voi valikoida: sitouta suunnitelma ennen jaksoa, arvo jakson jälkeen, tarkista jokainen arvonta
help-assign-after =
    Esimerkkejä:
      tarkka assign --commit --plan plans/weekly-service-calls.toml --period 2026-W50
      tarkka assign --plan weekly-service-calls --period 2026-W50
      tarkka assign --verify
      tarkka assign --replace S-2026-031 --reason "Äänite katkeaa 40 sekunnin kohdalla"

    Suunnitelma (docs/workflow.md) kertoo, mitkä kohtaamiset ovat arvottavassa
    joukossa, miten joukko jaetaan ositteisiin, montako kohtaamista kustakin
    arvotaan ja kuka ne arvioi. Se sitoutetaan ennen jakson alkua (--commit):
    sitoumuksen tiiviste ja suunnitelman sormenjälki ovat arvonnan siemen, joten
    satunnaisuus kiinnittyi ennen kuin kukaan tiesi jakson kohtaamiset. Jakson
    jälkeen `tarkka assign` arpoo: kunkin kohtaamisen järjestysluku on
    SHA-256(siemen, tunnus), ja kustakin ositteesta otetaan kiintiön verran
    pienimpiä. Kuka tahansa voi toistaa jokaisen arvonnan ja korvauksen
    pääkirjasta valitsimella --verify (paluuarvo 1, jos jokin poikkeaa). Korvaaja
    on saman ositteen seuraava kohtaaminen järjestyksessä; korvaus vaatii syyn ja
    se lasketaan.
help-assign-plan = Suunnitelma: sen tiedosto tai (arvonnassa) sen tunnus
help-assign-period = Jakso: 2026-W50 (viikko), 2026-12 (kuukausi), 2026-12-07 (päivä) tai 2026-12-07..2026-12-13
help-assign-commit = Sitouta suunnitelma jaksolle, joka ei ole vielä alkanut
help-assign-verify = Toista jokainen arvonta ja korvaus pääkirjasta ja vertaa
help-assign-replace = Korvaa arvottu, pisteyttämätön kohtaaminen ositteensa seuraavalla
help-assign-reason = Miksi kohtaaminen korvataan
help-assign-format = Tulosteen muoto

## queue

help-queue = Sinulle jaetut, vielä pisteyttämättömät kohtaamiset, vanhin määräpäivä ensin
help-queue-after =
    Esimerkkejä:
      tarkka queue
      tarkka queue --auditor aino
      tarkka queue --all
      tarkka queue --take S-2026-044
      tarkka queue --format csv > jono.csv

    Luettelee arvontojen jaot, jotka odottavat pisteytystäsi (tai --auditor-arvioijan;
    --all kaikkien), määräpäivineen; myöhästyneet merkitään. Jos suunnitelma ei
    nimeä arvioijia, arvonta menee tiimin jonoon, josta arvioija ottaa kohtaamisen
    valitsimella --take (vain yksi voi ottaa).
help-queue-auditor = Kenen jono [oletus: sinun]
help-queue-all = Kaikkien arvioijien jono
help-queue-take = Ota kohtaaminen tiimin jonosta
help-queue-format = Tulosteen muoto

## dispute

help-dispute = Pisteiden kiistat: avaa kiista tai ratkaise se
help-dispute-open = Avaa kiista arvioinnista: kriteerit, ehdotetut vastaukset ja perustelu
help-dispute-open-after =
    Esimerkkejä:
      tarkka dispute open S-2026-001 --criterion ownership.no-blame=yes --reason "Viittasin pankin sääntöön, en asiakkaaseen"
      tarkka dispute open V-2026-014 --criterion facilities.toilets=yes --criterion needs.asked=yes --reason "Ks. kuva 2"

    Kiistan avaa asiakaspalvelija tai hänen puolestaan tiiminvetäjä, ja se
    koskee raportin laskemaa arviointia (viimeisimmän arvioijan pisteytystä, tai
    --auditor-arvioijan). Kiistää voi vain pisteitä menettäneitä kriteerejä,
    tarkka.toml-tiedoston [disputes] deadline_days -ajan kuluessa (ellei toisin
    aseteta, 14 päivää pisteytyksestä) ja enintään per_scoresheet kiistaa (2)
    pisteytystä kohden.
help-dispute-open-encounter = Kohtaaminen
help-dispute-open-criteria = Kriteeri ja ehdotettu vastaus: KRITEERI=VASTAUS (toista useammalle)
help-dispute-open-reason = Perustelu
help-dispute-open-auditor = Arvioija, jonka pisteytys kiistetään [oletus: viimeisin]
help-dispute-decide = Ratkaise kiista: hyväksy, hyväksy osin tai hylkää, perustellen
help-dispute-decide-after =
    Esimerkkejä:
      tarkka dispute decide S-2026-001/1 --accept all --reason "Äänite tukee väitettä"
      tarkka dispute decide V-2026-014/1 --accept facilities.toilets --reject needs.asked --reason "Kuva 2 näyttää sen; tarpeita ei kysytty"
      tarkka dispute decide S-2026-009/1 --reject all --reason "Asiakkaalle sanottiin, että vika oli hänen"

    Ratkaisijan on oltava joku muu kuin arvioija, asiakaspalvelija tai kiistan
    avaaja. Jokainen kiistetty kriteeri hyväksytään tai hylätään; kukin
    hyväksytty muuttaa pisteytystä merkinnällä, joka kirjataan ratkaisun kanssa,
    joten pisteet muuttuvat täsmälleen ratkaisun mukaan. Ratkaistu kiista pysyy
    ratkaistuna.
help-dispute-decide-dispute = Kiista (KOHTAAMINEN/N, kuten `tarkka disputes` sen luettelee)
help-dispute-decide-accept = Hyväksytyt kriteerit pilkuin eroteltuina, tai `all`
help-dispute-decide-reject = Hylätyt kriteerit pilkuin eroteltuina, tai `all`
help-dispute-decide-reason = Perustelu

## disputes

help-disputes = Luettele kiistat: avoimet, myöhästyneet ja ratkaistut
help-disputes-after =
    Esimerkkejä:
      tarkka disputes
      tarkka disputes --state overdue
      tarkka disputes --auditor mikko --state decided
      tarkka disputes --criterion ownership.no-blame --format csv
help-disputes-state = Mitkä
help-disputes-auditor = Vain tämän arvioijan pisteytykset
help-disputes-agent = Vain tämän asiakaspalvelijan
help-disputes-criterion = Vain kiistat, joissa on tämä kriteeri
help-disputes-format = Tulosteen muoto

## acknowledge

help-acknowledge = Kuittaa, että sinä, asiakaspalvelija, olet nähnyt arvioinnin
help-acknowledge-after =
    Esimerkkejä:
      tarkka acknowledge S-2026-001
      tarkka acknowledge S-2026-001 --comment "Selvä, teen jatkossa yhteenvedon lopuksi"

    Kirjaa, että kohtaamisen asiakaspalvelija on nähnyt arviointinsa
    (viimeisimmän arvioijan pisteytyksen, tai --auditor-arvioijan), halutessa
    kommentin kera; allekirjoitetaan asiakaspalvelijan avaimella, jos hänellä on
    sellainen. Vain asiakaspalvelija voi kuitata; muutoksen jälkeen muuttunut
    arviointi voidaan kuitata uudelleen.
help-acknowledge-encounter = Kohtaaminen
help-acknowledge-comment = Mitä haluat sanoa siitä
help-acknowledge-auditor = Arvioija, jonka pisteytyksen näit [oletus: viimeisin]
help-export-tables = Kirjoita pääkirjan tiedot Parquet-tauluiksi DuckDB:lle, Sparkille tai Trinolle
help-export-tables-after =
    Esimerkkejä:
      tarkka export tables --out taulut
      duckdb -c "select location, avg(overall) from 'taulut/scoresheets.parquet' join 'taulut/encounters.parquet' using (encounter) where counted group by location"

    Kirjoittaa kohtaamiset, pisteytykset, vastaukset, näytön, muutokset ja lupaukset
    Parquet-muodossa, ja tables.json kertoo, mistä pääkirjan tilasta ne ovat; rakenne
    on kuvattu tiedostossa docs/export.md. Raportin laskemilla pisteytyksillä on
    counted = true.
help-export-tables-out = Kirjoitettava hakemisto; uusi tai tyhjä
