# tarkka's messages about scoring answers against a rubric, in English.
# Every message is also in fi/scoring.ftl with the same arguments.

scoring-problems = { $count ->
    [one] { $count } problem with the answers
   *[other] { $count } problems with the answers
}
scoring-overflow = the score cannot be computed exactly: the rubric's numbers are too fine-grained
scoring-problem-criterion = criterion `{ $criterion }`: { $message }
scoring-problem-profile = customer profile: { $message }
scoring-not-answer = `{ $answer }` is not an answer; expected { $expected }
scoring-not-number = `{ $answer }` is not a number; expected { $expected }
scoring-not-choice = `{ $answer }` is not a choice; expected { $expected }
scoring-does-not-fit = `{ $answer }` does not fit; expected { $expected }
scoring-no-criterion = the rubric `{ $rubric }` has no such criterion
scoring-no-answer = no answer; expected { $expected }
scoring-profile-lacks = its condition needs the customer's `{ $field }`, which the encounter's profile lacks
scoring-na-not-allowed = N/A is not allowed for this criterion in rubric `{ $rubric }`; expected { $expected }
scoring-comment-required = the answer `{ $answer }` fails the criterion, which requires a comment
scoring-answer-ignored = criterion `{ $criterion }`: the answer is ignored, since the criterion does not apply to this customer
