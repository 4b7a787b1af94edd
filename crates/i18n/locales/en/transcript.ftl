# tarkka's messages about reading transcripts (crates/transcript), in
# English: errors that stop a file being read and warnings about what a
# reader worked around. Every message is also in fi/transcript.ftl with the
# same arguments. The English is what JSON outputs carry.

## Text and encodings

transcript-file-empty = the file is empty
transcript-not-utf8 = not UTF-8 text (byte { $byte } here); save the file as UTF-8 (it may be in Latin-1 or Windows-1252)
transcript-utf16-surrogate = broken UTF-16 text (a lone surrogate { $unit } here); save the file as UTF-8
transcript-utf16-odd = broken UTF-16 text (an odd number of bytes: the last character is cut)
transcript-no-text = { $what ->
    [cue] no cue has any text
    [segment] no segment has any text
   *[line] no line has any text
}

## Times

transcript-time-bad = bad time `{ $text }`: { $why ->
    [recording] expected a time like 00:01:05.250 or 01:05.250
    [clock] expected a time like 10:32, 10:32:05 or 00:01:05.250
    [minutes] minutes must be below 60
    [seconds] seconds must be below 60
   *[large] too large
}
transcript-end-before-start = ends at { $end }, before it starts at { $start }; the end is ignored
transcript-out-of-order = starts at { $start }, before the turn above it ({ $previous }); kept in file order
transcript-overlap = starts at { $start }, before an earlier turn ends at { $end }; kept (overlapping speech)

## Subtitles (WebVTT, SRT) and logs

transcript-vtt-header = expected `WEBVTT` on the first line of a WebVTT file; reading the cues anyway
transcript-no-blank-line = no blank line before this cue
transcript-stray-text = text outside any cue (no `-->` timing line above it); { $kept ->
    [above] kept with the turn above
   *[untimed] kept without times
}
transcript-timing-missing = no { $which ->
    [start] start
   *[end] end
} time in the timing line; the cue is kept without it
transcript-cue-time-bad = { $problem }; the cue is kept without its { $which ->
    [start] start
   *[end] end
} time
transcript-line-time-bad = { $problem }; the line is kept without its time

## Speakers

transcript-speaker-unmapped = speaker `{ $name }` ({ $count ->
    [one] { $count } turn
   *[other] { $count } turns
}) is neither agent nor customer; map the name to a role
transcript-speaker-none = { $count ->
    [one] { $count } turn
   *[other] { $count } turns
} without a speaker (no voice tag, `Name:` prefix or speaker field), the first here
transcript-role-unknown = unknown role `{ $role }`: expected `agent` or `customer`

## JSON segment lists

transcript-json-invalid = invalid JSON: { $reason }
transcript-json-no-segments = expected a `segments` list in the object
transcript-json-top = expected an object with `segments`, or a list of segments
transcript-json-segments-not-list = expected `segments` to be a list of segment objects
transcript-json-segment-not-object = expected a segment object, like {"{"}"speaker": "agent", "start": 1.5, "end": 3.2, "text": "…"{"}"}
transcript-json-no-text = the segment has no `text`
transcript-json-text-not-string = expected `text` to be a string
transcript-json-speaker-bad = expected `speaker` to be a name (a string) or a number
transcript-json-time-not-number = expected `{ $field }` to be seconds as a number, like 1.5
transcript-json-time-bad = `{ $field }` { $value } is not a time in seconds from the start; the segment is kept without it

## Where (the application layer puts the file in front)

transcript-at = { $file }:{ $place }: { $problem }
transcript-at-encounter = { $file } (`{ $encounter }`):{ $place }: { $problem }
