# tarkka's messages about tables (CSV) and answers files being read,
# imported or calibrated from, in English. Every message is also in
# fi/import.ftl with the same arguments.

## A table as a whole

table-problems = cannot { $action ->
    [read] read
    [import] import
   *[calibrate] calibrate from
} { $file }: { $count ->
    [one] { $count } problem
   *[other] { $count } problems
}{ $action ->
    [calibrate] {""}
   *[other] , nothing recorded
}
table-too-large = the table is larger than 4 GiB
table-file-too-large = { $file } is { $size } bytes; tables of at most { $limit } MiB are read (split it, or import it in parts)
table-problems-more = … and { $count } more problems (the first { $shown } are listed)
table-too-many-columns = the header has { $columns } columns; a table has at most { $limit }
table-cell-too-large = this cell is { $size } bytes; a cell holds at most { $limit } KiB
table-cell-control = this cell holds the control character { $code }, which could change what a person sees when it is printed (terminal escapes, reversed text); remove it
table-utf16 = the file is UTF-16 (byte-order mark { $mark }, Excel's "Unicode text"); save it as "CSV UTF-8" instead
table-utf16-unmarked = the file looks like { $order } without a byte-order mark (every other byte is zero); save it as "CSV UTF-8" instead
table-not-csv = not readable as CSV: { $reason }
table-cell-count = this row has { $cells ->
    [one] one cell
   *[other] { $cells } cells
}, but the header has { $columns } columns
table-empty = the file is empty: expected a header row
table-not-utf8 = byte { $byte } is not UTF-8; if the file is from Excel on Windows, try --encoding windows-1252

## Columns and cells

import-column-twice = column `{ $column }` is given twice
import-column-unknown = unknown column `{ $column }`; expected: { $expected }
import-column-missing = the required column `{ $column }` is missing
import-cell-empty = `{ $column }` is empty; a value is required
import-encounter-twice = encounter `{ $id }` is also on line { $line }
import-encounter-unknown = unknown encounter `{ $id }`; import or log it first
import-encounter-unknown-plain = unknown encounter `{ $id }`
import-rubric-unknown = unknown rubric `{ $rubric }`{ $count ->
    [0] {""}
   *[other] ; did you mean { $close }? Otherwise
}: register it, or give its file with --rubric FILE
import-channel = channel `{ $channel }` { $why }
import-kind-unknown = unknown kind `{ $kind }`; expected one of: { $kinds } (or in Finnish: äänite, litterointi, kuva, kuitti, muu)
import-file-unreadable = { $file } is not a readable file
import-file-outside = { $file } is outside { $base }: a table names evidence inside its own folder (give another with --base DIR)
import-evidence-already = { $count ->
    [one] One row names a file
   *[other] { $count } rows name files
} the encounter has attached already (or another row names it too): no new entry for { $count ->
    [one] it
   *[other] them
}
import-criterion-unknown = rubric `{ $rubric }` has no criterion `{ $criterion }`{ $count ->
    [0] {""}
   *[other] ; did you mean { $close }?
}
import-answer-twice = a second answer to `{ $criterion }` for `{ $encounter }` by `{ $auditor }`; the first is on line { $line }
import-answer-bad = `{ $criterion }`: { $message }
import-sheet-problem = `{ $encounter }` by `{ $auditor }`: { $problem }
import-evidence-missing = `{ $encounter }` lacks evidence the rubric requires: { $missing }; attach it first, or import with --allow-missing-evidence REASON
calibrate-criterion-none = no given rubric has a criterion `{ $criterion }`
calibrate-criterion-several = criterion `{ $criterion }` is in several of the given rubrics; calibrate them one at a time

## Answers files (`tarkka score --answers`)

answers-toml = { $reason }
answers-format-newer = answers format { $format } is not one this tarkka reads (format { $reads })
answers-other-rubric = these answers are for rubric `{ $named }`, not `{ $rubric }`
answers-profile-given = the customer profile comes from the logged encounter; remove [profile] from the answers file
import-warning = { $place }: `{ $encounter }` by `{ $auditor }`: { $warning }
