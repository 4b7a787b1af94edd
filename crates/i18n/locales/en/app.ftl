# tarkka's messages from the application layer that belong to no one
# command, in English. Every message is also in fi/app.ftl with the same
# arguments.

## Building blocks

as-is = { $text }
because = { $what }: { $why }
joined = { $first }; { $rest }
place-encounter = encounter `{ $encounter }`
place-encounter-criterion = encounter `{ $encounter }`, criterion `{ $criterion }`

## Ids, files and rubrics

id-bad = { $what ->
    [encounter] encounter id
   *[auditor] auditor id
} `{ $id }` must be letters, digits and - _ . : (at most 128, not starting with a dot)
file-not-utf8 = { $file }:{ $line }:{ $column }: the file is not valid UTF-8
file-unwritable = cannot write { $file }
rubric-invalid-file = { $file } is not a valid rubric:
rubric-registered-invalid = the registered rubric `{ $rubric }` ({ $fingerprint }) no longer parses:
rubric-never-registered = encounter `{ $encounter }` names rubric { $fingerprint }, which the ledger never registered
profile-value-bad = profile field `{ $field }` of `{ $encounter }` is not a word, number or truth value
profile-misfit = --profile does not fit rubric `{ $rubric }`: { $problems }
channel-misfit = does not fit rubric `{ $rubric }`, which is for { $channel }
channel-flag-misfit = --channel { $channel } { $why }

## Scoring and amending

score-cannot = cannot score
score-evidence-missing = not recorded: the rubric requires evidence that `{ $encounter }` lacks: { $missing }. Attach it with `tarkka evidence add`, or record anyway with --allow-missing-evidence REASON
amend-no-sheet = entry { $seq } is no scoresheet of `{ $encounter }`; its scoresheets: { $sheets }
amend-auditor-none = `{ $auditor }` has no scoresheet of `{ $encounter }`; its scoresheets are by: { $auditors }
amend-no-human-sheet = `{ $encounter }` has no auditor's scoresheet to amend; record one with `tarkka score`{ $count ->
    [0] {""}
   *[other] {" "}(or amend the automatic one with --auditor { $auditors })
}
amend-cannot-score = the amended answers cannot be scored: { $why }

## Files, drafts and dates

dir-uncreatable = cannot create { $dir }
draft-unserialisable = cannot write the draft
draft-unwritable = cannot write the draft { $file }
draft-unreadable = cannot read the draft { $file }
draft-invalid = { $file }: { $reason }
draft-unremovable = cannot remove the draft { $file }
evidence-name-not-utf8 = { $file } has no file name in UTF-8
evidence-key-file = { $file } is in the key directory: private keys are never evidence
record-control-character = nothing recorded: the { $kind } entry would hold the control character { $code } in `{ $field }` (terminal escapes, reversed text change what a person sees when it is printed); remove it
evidence-changed = { $file } changed while it was read ({ $read } bytes read, { $size } when it was opened, or its modification time moved): nothing was stored; attach it once it is complete
entry-answers-unreadable = the answers of entry { $seq } cannot be read
entry-answer-unreadable = the answer in entry { $seq } cannot be read
date-bad = { $flag } `{ $date }` is not a date: write 2026-05-31 or 31.5.2026
dates-reversed = --from { $from } is after --to { $to }

## Reports, calibration and samples

report-out-not-empty = `{ $dir }` holds { $count ->
    [one] a file
   *[other] { $count } files
} that no report of tarkka wrote (`{ $first }`{ $count ->
    [one] {""}
   *[other] , …
}): give --out a new or empty directory, or an earlier report's
report-time-not-date = encounter `{ $encounter }` has the time `{ $time }`, not a date
calibrate-nothing-shared = no encounter was scored by two or more auditors: there is nothing to calibrate
sample-encounters-zero = --encounters must be at least 1
sample-shared-range = --shared must be between 0 and 1, not { $shared }
sample-out-exists = { $dir } exists already; give a new directory
sample-size-margin = --margin { $margin } is not a margin tarkka can aim for: give how far the 95 % interval may reach from the mean, in points of the 0–100 score, more than 0 and at most 50 (e.g. --margin 5)

## workspace copy, ledger export

copy-target-not-empty = { $dir } exists and is not empty: a workspace is copied to a new or empty directory
copy-evidence-missing = evidence { $digest } of { $encounter } is recorded in the ledger but missing from { $dir }; run `tarkka verify` there before copying
copy-evidence-altered = { $file } does not hash to its name (its bytes hash to { $found }); the evidence was altered, so nothing was copied: run `tarkka verify` there
ledger-export-exists = { $file } exists; the ledger is written to a new file
