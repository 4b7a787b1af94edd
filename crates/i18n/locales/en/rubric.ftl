# tarkka's messages about rubric files, in English. Every message is also
# in fi/rubric.ftl with the same arguments (a test sees to it).

## Names of the parts of a rubric, as other messages name them

rubric-key = `{ $key }`
rubric-at = line { $line }, column { $column }
rubric-the-rubric = the rubric
rubric-what-rubric-id = the rubric id
rubric-what-section-id = a section id
rubric-what-criterion-id = a criterion id
rubric-what-section = section `{ $id }`
rubric-what-criterion = criterion `{ $id }`
rubric-what-numbered = { $key } #{ $number }
rubric-what-scale-key = the scale's `{ $key }`
rubric-what-choice = choice
rubric-what-choice-credit = the credit of choice `{ $name }`
rubric-what-profile-field = profile field `{ $field }`
rubric-what-profile-field-name = profile field
rubric-what-profile-word = a word of profile field `{ $field }`
rubric-what-bounds = the bounds of profile field `{ $field }`
rubric-what-condition = the condition `{ $key }`
rubric-what-set = phrase set `{ $name }`
rubric-what-set-name = phrase set name
rubric-what-language = { $what }, language `{ $language }`
rubric-what-phrase = a phrase of { $what }
rubric-what-regex = a regular expression
rubric-a-noun = a { $noun ->
    [channel] channel
    [mode] scoring mode
    [na] N/A policy
    [critical] critical scope
    [evidence] evidence kind
    [who] speaker (`who`)
    [unit] model unit (`model.unit`)
   *[language] language rule
}

## What a value was found to be instead

rubric-found-string = the string "{ $text }"
rubric-found-number = the number { $number }
rubric-found-bool = { $value }
rubric-found-date = the date { $date }
rubric-found-array = an array
rubric-found-table = a table

## Problems in a rubric file

rubric-problems = { $count ->
    [one] { $count } problem in the rubric
   *[other] { $count } problems in the rubric
}
rubric-toml = invalid TOML: { $reason }
rubric-toml-decimal-comma = `{ $written }` is no number in TOML: write a decimal point, `{ $meant }`
rubric-toml-first = { $problem } (the first of { $total ->
    [2] two syntax errors; the other may follow from it
   *[other] { $total } syntax errors; the others may all follow from it
}: fix it and check again)
rubric-unknown-key = unknown key `{ $key }` in { $table }; expected one of: { $expected }
rubric-unknown-key-close = unknown key `{ $key }` in { $table }; did you mean `{ $close }`? expected one of: { $expected }
rubric-required = { $table } lacks the required key `{ $key }`
rubric-not-table = { $what } must be a table, not { $found }
rubric-not-array = { $what } must be an array, not { $found }
rubric-not-string = { $what } must be a string, not { $found }
rubric-not-bool = { $what } must be true or false, not { $found }
rubric-not-integer = { $what } must be a whole number, not { $found }
rubric-not-number = { $what } must be a finite number, not { $found }
rubric-empty = { $what } must not be empty
rubric-not-positive = { $what } must be positive, not { $number }
rubric-not-unit = { $what } must be between 0 and 1, not { $number }
rubric-threshold-zero = { $what } must be above 0: no credit is below 0, so nothing could ever fail
rubric-not-identifier = { $what } `{ $name }` must be lower-case letters and digits, optionally joined by `-`, `.` or `_`
rubric-unknown-word = unknown { $noun ->
    [channel] channel
    [mode] scoring mode
    [na] N/A policy
    [critical] critical scope
    [evidence] evidence kind
    [who] speaker (`who`)
    [unit] model unit (`model.unit`)
   *[language] language rule
} `{ $word }`; expected one of: { $expected }
rubric-format-newer = this rubric is written in format { $format }, but this tarkka reads format { $reads }; upgrade tarkka to read it
rubric-format-bad = `format` must be { $reads }, not { $format }
rubric-threshold-replaced = format 2 replaces `scoring.critical_threshold` with `met` (the credit at which a criterion counts as met) and `critical_below` (the credit below which a critical criterion zeroes its scope)
rubric-policy-below-above-met = `scoring.critical_below` ({ $below }) must not be above `scoring.met` ({ $met }): a criterion cannot be met and critically failed at once
rubric-policy-needs-format-2 = `scoring.{ $key }` needs `format = 2`; format 1 has only `critical_threshold`
rubric-profile-kind = profile field `{ $field }` must be "bool", "integer" or a list of words such as ["consumer", "business"]
rubric-profile-no-words = profile field `{ $field }` must list at least one word
rubric-profile-word-twice = `{ $word }` is listed twice in profile field `{ $field }`
rubric-profile-not-word = profile field `{ $field }` cannot be `{ $word }`; it is one of: { $words }
rubric-none-of = the rubric needs at least one `[[{ $key }]]`
rubric-duplicate-section = duplicate section id `{ $id }`; it is already used at { $at }
rubric-duplicate-criterion = duplicate criterion id `{ $id }`; it is already used at { $at }
rubric-unknown-section = unknown section `{ $id }`; the rubric's sections are: { $sections }
rubric-bonus-critical = a bonus item cannot be critical: bonus credit only adds, so it cannot fail
rubric-check-scale = an automatic check passes or fails, so its criterion's scale must be yes-no
rubric-criterion-needs-format-2 = `{ $key }` on a criterion needs `format = 2`; format 1 has only the rubric-wide `scoring.critical_threshold`
rubric-below-not-critical = `critical_below` on { $bonus ->
    [yes] a bonus item
   *[no] a criterion that is not critical
} means nothing: only a critical criterion has a critical rule
rubric-below-above-met = `critical_below` ({ $below }) must not be above the criterion's `met` ({ $met }): it cannot be met and critically failed at once
rubric-section-unused = section `{ $id }` has no criteria; give it one or remove it
rubric-scale-unknown = unknown scale `{ $name }`; a scale is "yes-no", {"{"} min = 1, max = 5 {"}"}, {"{"} points = 10 {"}"} or {"{"} choices = {"{"} full = 1, partial = 0.5, none = 0 {"}"} {"}"}
rubric-scale-form = a scale is "yes-no", {"{"} min = 1, max = 5 {"}"}, {"{"} points = 10 {"}"} or {"{"} choices = {"{"} full = 1, partial = 0.5, none = 0 {"}"} {"}"}
rubric-scale-reversed = the scale's bounds are reversed or equal: `min` ({ $min }) must be below `max` ({ $max })
rubric-choices-few = a choice scale needs at least two choices
rubric-evidence-twice = `{ $kind }` is listed twice in `evidence`
rubric-condition-empty = the condition `{ $key }` tests nothing
rubric-condition-no-profile = unknown profile field `{ $field }` in `{ $key }`; the rubric declares no profile fields; add them under `[profile]`
rubric-condition-unknown-field = unknown profile field `{ $field }` in `{ $key }`; the rubric's `[profile]` declares: { $fields }
rubric-bounds-none = the bounds of profile field `{ $field }` need `min`, `max` or both
rubric-bounds-reversed = the bounds of profile field `{ $field }` are reversed: `min` ({ $min }) is above `max` ({ $max })
rubric-test-type = profile field `{ $field }` holds { $kind ->
    [words] one of { $words }
    [bool] true or false
   *[integer] a whole number
}, so the test must be { $kind ->
    [words] a word or a list of words
    [bool] true or false
   *[integer] a whole number or {"{"} min = .., max = .. {"}"}
}, not { $found }

## Phrase sets and automatic checks

rubric-phrases-none = { $what } lists no phrases; give at least one language, e.g. `fi = [...]`
rubric-not-language = `{ $language }` in { $what } is not a language code; write a two- or three-letter code such as `fi`, `en` or `sv`
rubric-phrases-empty = { $what } must list at least one phrase
rubric-phrase-twice = the phrase "{ $text }" is listed twice in { $what }
rubric-phrase-no-words = the phrase "{ $text }" has no words to match
rubric-phrase-star = the phrase "{ $text }" has a `*` that does not end a word; `*` may only end a word, as in `soita*`
rubric-phrase-short = the phrase "{ $text }" starts a word with only `{ $stem }` before its `*`; give at least two letters
rubric-phrase-gap = the phrase "{ $text }" has a `...` that does not stand between two words; `...` may only stand between words, as in `vika ... teidän päässä`
rubric-phrase-number-first = the phrase "{ $text }" starts with `#`; a `#` stands for any number and must follow a word, as in `vaan # henkeä` or `just # of you`
rubric-set-unknown-none = unknown phrase set `{ $name }` in { $what }; the rubric declares no phrase sets; add one as `[phrases.NAME]`
rubric-set-near-itself = phrase set `{ $name }` cannot be `{ $key }` itself; name another set
rubric-set-near-and-unless = phrase set `{ $name }` is both `near` and `unless_near` set `{ $other }`, so its phrases could never count; name another set for one of them
rubric-set-unknown = unknown phrase set `{ $name }` in { $what }; the rubric's phrase sets are: { $sets }
rubric-set-unknown-close = unknown phrase set `{ $name }` in { $what }; did you mean `{ $close }`? the rubric's phrase sets are: { $sets }
rubric-sets-empty = { $what } must name at least one phrase set
rubric-count-small = { $what } must be at least 1, not { $number }
rubric-check-language = `language = "customer"` reads the customer's language from the profile, but the rubric's `[profile]` declares no `language` field with a list of language codes
rubric-check-nothing = the check looks for nothing; give `phrases`, `set` or `regex`
rubric-check-absent-with = `{ $key }` cannot be used with `absent = true`: an absence check passes only when nothing matches
rubric-check-unless-then-alone = `unless_then` keeps a match that `undone_by_reply` undid; add `undone_by_reply = "SET"` (the reply that undoes it) or remove `unless_then`
rubric-check-undone-by-absent = `{ $key }` cannot be used with `absent = true`: an absence check already fails on the words it looks for; name them in its `set`
rubric-check-model-absent = a `model` finds what an absence check looks for in forms its phrases miss; it needs `absent = true`
rubric-model-stem = `model.stem` is { $stem }; a model keeps { $low } to { $high } letters of each word
rubric-model-feature = model feature `{ $feature }` can never occur: a feature is one word of 3 to { $stem } letters or two words of at most { $stem }, folded (lower case, no accents, no apostrophes), with no digits, one space between
rubric-model-number = { $what } is { $number }; model numbers are whole thousandths between -1000 and 1000
rubric-model-threshold = the model's threshold ({ $threshold }) is below its bias ({ $bias }): every call holding none of the weighed words would be failed; training never writes one below
rubric-check-na-if-absent = `na_if` cannot be used with `absent = true`: an absence check passes when nothing matches, so there is no fail to turn into N/A
rubric-check-na-if-not-allowed = `na_if` makes the automatic verdict N/A, but the criterion does not allow N/A; add `na = true` to the criterion
rubric-check-critical = `critical = true` lets the automatic verdict apply the criterion's critical rule, but the criterion is not critical; give it `critical = "section"` or `"overall"`, or drop this key
rubric-check-promise = a promise check needs `near = {"{"} set = "...", words = N {"}"}` naming the set of time expressions the promise's deadline is read from
rubric-within-form = `within` must be exactly one of {"{"} turns = N {"}"}, {"{"} seconds = N {"}"}, {"{"} last_turns = N {"}"} or {"{"} last_seconds = N {"}"}
rubric-regex-empty = `regex` must list at least one regular expression
rubric-regex-type = `regex` must be a string or an array of strings, not { $found }
rubric-regex-invalid = the regular expression "{ $source }" is invalid: { $reason }

## A customer profile against the rubric's `[profile]`

rubric-profile-unknown-none = profile field `{ $field }` is unknown: the rubric declares no profile fields
rubric-profile-unknown = profile field `{ $field }` is unknown; the rubric declares: { $fields }
rubric-profile-bad-value = profile field `{ $field }` is `{ $value }`; expected { $kind ->
    [words] one of { $words }
    [bool] true or false
   *[integer] a whole number
}

## tarkka rubric check

rubric-check-ok = ok
rubric-check-invalid = invalid
rubric-check-count = { $count ->
    [one] { $count } problem
   *[other] { $count } problems
}
rubric-check-na-who = `na_who` says whose words `na_if` reads: it needs `na_if`
