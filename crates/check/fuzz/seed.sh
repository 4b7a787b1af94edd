#!/bin/sh
# Seeds fuzz/corpus/check_transcript from the labelled transcripts: each
# file behind the three header bytes check_transcript reads (its format,
# the customer's language by the file's name with two sets of profile
# flags, and 12 employees). Run from crates/check.
set -eu
fixtures=../../tests/fixtures/transcripts/labelled
corpus=fuzz/corpus/check_transcript
mkdir -p "$corpus"
for file in "$fixtures"/*.txt "$fixtures"/*.vtt "$fixtures"/*.srt "$fixtures"/*.json; do
    case "$file" in
        *.vtt) format=0 ;;
        *.srt) format=1 ;;
        *.json) format=2 ;;
        *) format=3 ;;
    esac
    case "$file" in
        *swedish*) language=1 ;;
        *-en.*) language=2 ;;
        *) language=0 ;;
    esac
    name=$(basename "$file")
    for flags in 0 5; do
        byte=$((flags * 3 + language))
        {
            printf "\\$(printf %03o "$format")\\$(printf %03o "$byte")\\014"
            cat "$file"
        } >"$corpus/seed-$flags-$name"
    done
done
