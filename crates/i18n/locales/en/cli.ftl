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
