# tarkan viestit vastausten pisteyttämisestä lomaketta vasten suomeksi.
# Jokainen viesti on myös en/scoring.ftl:ssä samoin argumentein.

scoring-problems = { $count ->
    [one] vastauksissa on { $count } virhe
   *[other] vastauksissa on { $count } virhettä
}
scoring-overflow = pisteitä ei voi laskea tarkasti: lomakkeen luvut ovat liian hienojakoisia
scoring-problem-criterion = kohta `{ $criterion }`: { $message }
scoring-problem-profile = asiakasprofiili: { $message }
scoring-not-answer = `{ $answer }` ei ole vastaus; odotetaan: { $expected }
scoring-not-number = `{ $answer }` ei ole luku; odotetaan: { $expected }
scoring-not-choice = `{ $answer }` ei ole mikään vaihtoehdoista; odotetaan: { $expected }
scoring-does-not-fit = `{ $answer }` ei sovi asteikolle; odotetaan: { $expected }
scoring-no-criterion = lomakkeessa `{ $rubric }` ei ole tällaista kohtaa
scoring-no-answer = vastaus puuttuu; odotetaan: { $expected }
scoring-profile-lacks = kohdan ehto tarvitsee asiakkaan tiedon `{ $field }`, jota kohtaamisen profiilissa ei ole
scoring-na-not-allowed = N/A ei ole sallittu tässä lomakkeen `{ $rubric }` kohdassa; odotetaan: { $expected }
scoring-comment-required = vastaus `{ $answer }` ei täytä kohtaa, ja silloin kommentti on pakollinen
scoring-answer-ignored = kohta `{ $criterion }`: vastaus jätetään huomiotta, koska kohta ei koske tätä asiakasta
