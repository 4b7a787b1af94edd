# tarkka's messages about automatic checks (`tarkka check`, `--record`,
# `tarkka check tune`, suggestions), in English. Every message is also in
# fi/check.ftl with the same arguments.

## Rubrics, criteria and options

check-no-checks = { $file }: the rubric `{ $rubric }` has no automatic checks; add a [criterion.check] to a criterion (see docs/rules.md)
check-explain-unchecked = criterion `{ $criterion }` has no automatic check; these do: { $checked }
check-explain-unknown-close = rubric `{ $rubric }` has no criterion `{ $criterion }`; did you mean { $close }?
check-explain-unknown = the rubric `{ $rubric }` has no criterion `{ $criterion }`; the checked criteria are: { $checked }
check-profile-not-pair = --profile `{ $pair }` is not FIELD=VALUE, e.g. --profile language=sv
check-profile-misfit = --profile: { $problems }
check-start-bad = --start `{ $text }` is not a time; expected e.g. 2026-05-14T17:40:00+03:00, or 14.5.2026 17.40 in Finnish time
check-speaker-not-pair = --speaker `{ $pair }` is not NAME=ROLE, e.g. --speaker SPEAKER_00=agent
check-speaker-role = --speaker `{ $pair }`: { $why }
check-rubric-scores-differently = --rubric `{ $rubric }` scores differently from the version `{ $encounter }` was logged with (fingerprint { $given } ≠ { $logged }); only its checks and phrases may differ
check-encounter-no-checks = `{ $encounter }` is scored with rubric `{ $rubric }`, which has no automatic checks; give a version with checks with --rubric FILE
check-cannot-score = cannot score `{ $encounter }` automatically: { $why }

## Transcript files

check-no-paths = name the transcripts to check: files or directories
check-dir-empty = { $dir } holds no transcripts (files ending in .{ $extensions })
check-transcript-too-large = { $file }: { $size } bytes is too large for a transcript (the limit is { $limit })
check-redact-not-utf8 = { $file }: --redact reads UTF-8 text, and this file is not UTF-8
check-encounter-one-file = --encounter takes exactly one transcript file, not { $count }
check-not-attached = { $file }: not attached to any encounter (SHA-256 { $sha256 }); give --encounter ID to attach it
check-no-file-name = { $file }: the transcript has no file name
check-stored-unreadable = cannot read the transcript of `{ $encounter }` at { $file }; run `tarkka verify`
check-stored-changed = the transcript of `{ $encounter }` at { $file } no longer matches its SHA-256 in the ledger; run `tarkka verify`
labels-invalid = { $file } is not a valid labels file
labels-transcript = cannot read the labelled transcript { $file }: { $problem }
labels-profile = `{ $file }`: profile field `{ $field }` must be true or false, a whole number or a word
sentences-invalid = { $file } is not a valid sentences file
sentences-fields = expected four fields separated by tabs (rubric, criterion, pass or fail, the sentence), found { $found }
sentences-label = expected `pass` or `fail`, found `{ $label }`
sentences-empty = field { $field } is empty; expected rubric, criterion, pass or fail, and the sentence
sentences-unknown = `{ $rubric }` `{ $criterion }` is no criterion of a rubric the workspace's checked transcripts use
labels-label = `{ $file }`: the label of `{ $criterion }` is `{ $label }`; expected pass, fail or na
