# tarkka's messages from the command line itself (crates/core): prefixes,
# progress labels and the errors the binary makes, in English. Every message
# is also in fi/cli.ftl with the same arguments.

cli-warning-prefix = warning

## tarkka check

cli-check-no-rubric = give the rubric with --rubric FILE, or use --record in a workspace to check the encounters' transcripts against their own rubrics
cli-check-unreadable = { $count ->
    [one] { $count } transcript
   *[other] { $count } transcripts
} could not be read (see above)

## The environment and the workspace

cli-cwd-unreadable = cannot read the current directory
cli-now-bad = TARKKA_NOW=`{ $text }` is not an RFC 3339 time
cli-no-key-dir = no key directory: set --key-dir or TARKKA_KEY_DIR
cli-init-samples-exist = { $dir } exists already; --samples writes the shipped { $name } there (choose another DIR)
cli-demo-unremovable = cannot remove the earlier demo in { $dir }
cli-demo-exists = { $dir } exists already; the demo makes a fresh workspace (give another --out, or remove it)
cli-samples-unwritable = cannot write the samples to { $dir }

## Commands

cli-record-flags = --record takes the profile and start time from each encounter; --explain, --format, --profile and --start are for checking files without recording
cli-score-one-file = an encounter takes one answers file, not { $count }
cli-chart-unwritable = cannot write the chart into { $dir }
