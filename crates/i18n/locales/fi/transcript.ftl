# tarkan viestit litterointien lukemisesta (crates/transcript) suomeksi:
# virheet, joiden vuoksi tiedostoa ei voi lukea, ja varoitukset siitä,
# minkä lukija kiersi. Jokainen viesti on myös en/transcript.ftl:ssä samoin
# argumentein. JSON-tulosteissa on englanninkielinen teksti.

## Teksti ja merkistöt

transcript-file-empty = tiedosto on tyhjä
transcript-not-utf8 = teksti ei ole UTF-8:aa (tavu { $byte } tässä); tallenna tiedosto UTF-8-muodossa (se voi olla Latin-1- tai Windows-1252-merkistössä)
transcript-utf16-surrogate = rikkinäistä UTF-16-tekstiä (pariton sijaiskoodi { $unit } tässä); tallenna tiedosto UTF-8-muodossa
transcript-utf16-odd = rikkinäistä UTF-16-tekstiä (tavuja on pariton määrä, joten viimeinen merkki on katkennut)
transcript-no-text = { $what ->
    [cue] yhdessäkään tekstityslohkossa ei ole tekstiä
    [segment] yhdessäkään segmentissä ei ole tekstiä
   *[line] yhdelläkään rivillä ei ole tekstiä
}

## Ajat

transcript-time-bad = virheellinen aika `{ $text }`: { $why ->
    [recording] odotettiin muotoa 00:01:05.250 tai 01:05.250
    [clock] odotettiin muotoa 10:32, 10:32:05 tai 00:01:05.250
    [minutes] minuutteja voi olla enintään 59
    [seconds] sekunteja voi olla enintään 59
   *[large] liian suuri
}
transcript-end-before-start = päättyy { $end } eli ennen alkuaan { $start }; loppuaika jätetään pois
transcript-out-of-order = alkaa { $start } eli ennen yllä olevaa puheenvuoroa ({ $previous }); pidetään tiedoston järjestyksessä
transcript-overlap = alkaa { $start } ennen kuin edellinen puheenvuoro päättyy ({ $end }); pidetään (päällekkäistä puhetta)

## Tekstitykset (WebVTT, SRT) ja lokit

transcript-vtt-header = WebVTT-tiedoston ensimmäisellä rivillä pitäisi olla `WEBVTT`; tekstityslohkot luetaan silti
transcript-no-blank-line = tämän tekstityslohkon edeltä puuttuu tyhjä rivi
transcript-stray-text = tekstiä tekstityslohkojen ulkopuolella (sen yllä ei ole `-->`-ajoitusriviä); { $kept ->
    [above] liitetään yllä olevaan puheenvuoroon
   *[untimed] pidetään ilman aikoja
}
transcript-timing-missing = ajoitusriviltä puuttuu { $which ->
    [start] alkuaika
   *[end] loppuaika
}; tekstityslohko luetaan ilman sitä
transcript-cue-time-bad = { $problem }; tekstityslohko luetaan ilman { $which ->
    [start] alkuaikaa
   *[end] loppuaikaa
}
transcript-line-time-bad = { $problem }; rivi luetaan ilman aikaa

## Puhujat

transcript-speaker-unmapped = puhuja `{ $name }` ({ $count ->
    [one] { $count } puheenvuoro
   *[other] { $count } puheenvuoroa
}) ei ole agentti eikä asiakas; anna nimelle rooli
transcript-speaker-none = { $count ->
    [one] { $count } puheenvuoro
   *[other] { $count } puheenvuoroa
} ilman puhujaa (ei puhujatagia, `Nimi:`-alkua eikä speaker-kenttää), ensimmäinen tässä
transcript-role-unknown = tuntematon rooli `{ $role }`: odotettiin `agent` (tai `agentti`) tai `customer` (tai `asiakas`)

## JSON-segmenttilistat

transcript-json-invalid = virheellinen JSON: { $reason }
transcript-json-no-segments = objektista puuttuu `segments`-lista
transcript-json-top = odotettiin objektia, jossa on `segments`, tai segmenttien listaa
transcript-json-segments-not-list = `segments`-kentän pitää olla lista segmenttiobjekteja
transcript-json-segment-not-object = odotettiin segmenttiobjektia, esimerkiksi {"{"}"speaker": "agent", "start": 1.5, "end": 3.2, "text": "…"{"}"}
transcript-json-no-text = segmentistä puuttuu `text`
transcript-json-text-not-string = `text`-kentän pitää olla merkkijono
transcript-json-speaker-bad = `speaker`-kentän pitää olla nimi (merkkijono) tai luku
transcript-json-time-not-number = `{ $field }`-kentän pitää olla sekunteja lukuna, esimerkiksi 1.5
transcript-json-time-bad = `{ $field }` { $value } ei ole aika sekunteina tallenteen alusta; segmentti luetaan ilman sitä

## Missä (sovelluskerros lisää tiedoston eteen)

transcript-at = { $file }:{ $place }: { $problem }
transcript-at-encounter = { $file } (kohtaaminen `{ $encounter }`):{ $place }: { $problem }
