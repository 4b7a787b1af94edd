# tarkka's messages in English. Every message here is in fi.ftl too, with
# the same arguments (a test holds them to it).

## Tests of the catalogue itself

test-plural = { $count ->
    [one] { $count } finding
   *[other] { $count } findings
}

## tarkka verify: what is wrong with the ledger or the evidence store

verify-torn = line { $line } is incomplete (no newline): a write was interrupted and never acknowledged; `tarkka ledger repair` moves it aside
verify-torn-batch = line { $line } is incomplete (no newline), and with it the append of entries { $first }–{ $last } it belongs to: the write was interrupted and never acknowledged; `tarkka ledger repair` moves the partial batch aside
verify-batch-cut = entries { $first }–{ $last } were appended together, but the ledger ends at line { $line } before the last of them: the append was interrupted and never acknowledged; `tarkka ledger repair` moves the partial batch aside
verify-malformed = line { $line } is not a ledger entry: { $error }
verify-malformed-payload = { $reason }
verify-edited = entry { $seq } (line { $line }) does not match its hash: its content was changed after it was written
verify-missing-entries = { $count ->
    [one] entry { $first } is
   *[other] entries { $first }–{ $last } are
} missing before line { $line } (deleted, or moved further down)
verify-duplicate = line { $line } is a second entry { $seq }: one of the two was inserted
verify-out-of-order = entry { $seq } (line { $line }) stands after entry { $after }: it was moved here, or inserted
verify-broken-link = entry { $seq } (line { $line }) does not link to entry { $previous }: it was inserted, or the entry before it was replaced
verify-bad-start = the first entry does not start the chain (its prev is not all zeros)
verify-signature-invalid = entry { $seq } (line { $line }): the signature by `{ $actor }` does not verify
verify-signature-untrusted = entry { $seq } (line { $line }) is signed by key { $key }…, which the workspace does not trust for `{ $actor }` (keys/{ $actor }.pub)
verify-signature-missing = entry { $seq } (line { $line }) by `{ $actor }` is not signed, though `{ $actor }` has a signing key
verify-key-unsigned = entry { $seq } (line { $line }) adds a key for `{ $actor }` but is not signed by that key
verify-unknown-kind = entry { $seq } (line { $line }) is of unknown kind `{ $kind }`
verify-amends-nothing = entry { $seq } (line { $line }) amends entry { $amends }, which is no scoresheet before it
verify-unknown-encounter = entry { $seq } (line { $line }) records { $what ->
    [evidence] evidence
    [scoresheet] a scoresheet
    [workflow] a draw, dispute or acknowledgement
   *[amendment] an amendment
} for encounter `{ $encounter }`, which was never logged
verify-evidence-altered = { $file } ({ $name }, attached to `{ $encounter }` by entry { $seq }) has changed: it was { $size } bytes with SHA-256 { $sha256 }, it is now { $now_size } bytes with SHA-256 { $now_sha256 }
verify-evidence-missing = { $file } ({ $name }, attached to `{ $encounter }` by entry { $seq }) is missing
verify-unsafe = { $reason }
verify-unreadable = { $file } ({ $name }) cannot be read: { $reason }
verify-symlink = { $file } is a symbolic link in the evidence store; the store holds only files
verify-untracked = { $file } is in the evidence store, but no entry mentions it
verify-incomplete-copy = { $file } is a partial copy left by an interrupted `tarkka evidence add` (or one still running); nothing records it, and it can be deleted
verify-required-missing = the scoresheet for `{ $encounter }` (entry { $seq }) relies on criteria that require { $count ->
    [one] { $last }
   *[other] { $rest } and { $last }
}, but no such evidence was ever attached to `{ $encounter }`
verify-progress = Checking evidence
verify-recorded = Verification recorded: entry { $seq }
verify-checked = Checked: { $entries ->
    [one] 1 entry
   *[other] { $entries } entries
}, { $files ->
    [one] 1 evidence file
   *[other] { $files } evidence files
} ({ $bytes })
verify-head = Ledger head: { $head }
verify-merkle-root = Merkle root (RFC 6962): { $root }
verify-all-holds = All holds: nothing is missing and nothing was changed.
verify-findings = { $count ->
    [one] { $count } finding:
   *[other] { $count } findings:
}
verify-relied-on-by = relied on by: { $entries }

## tarkka ledger repair

repair-nothing = The ledger is whole: nothing was moved.
repair-moved = Moved { $bytes } bytes to { $file } ({ $detail }). The ledger keeps { $kept } bytes.
torn-no-newline = its last line has no newline
torn-batch-open = entries { $first }..={ $last } were appended together, but only { $first }..={ $there } are there and the line after them has no newline
torn-batch-cut = entries { $first }..={ $last } were appended together, but only { $first }..={ $there } are there
ledger-torn = { $file }: the ledger ends in an incomplete write: { $detail }. It was never acknowledged, so no recorded fact is lost, but nothing can be appended after it. To recover, run `tarkka ledger repair`, which moves bytes { $start }..{ $end } to a side file and truncates the ledger to { $start } bytes
repair-swept = Removed { $count ->
    [one] one partial copy
   *[other] { $count } partial copies
} an interrupted copy left in evidence/.incoming/, untouched for ten minutes or more (nothing refers to them): { $files }

## Words used in many places

error-prefix = error

answer-yes = yes
answer-no = no
yes-no-keys = y/n
flag-critical = CRITICAL

## tarkka score: the interactive session

score-expected-yes-no = yes or no{ $na ->
    [yes] , or na
   *[no] {""}
}
score-expected-range = a whole number from { $min } to { $max }{ $na ->
    [yes] , or na
   *[no] {""}
}
score-expected-points = a number from 0 to { $max }{ $na ->
    [yes] , or na
   *[no] {""}
}
score-expected-choices = one of { $choices }{ $na ->
    [yes] , or na
   *[no] {""}
}
score-answer-needed = an answer is needed: { $expected }
score-bad-answer = { $reason }
score-na-not-allowed = N/A is not allowed here; expected { $expected }
score-help-scale = Scale: { $scale } (met at: { $met }); weight { $weight } in section { $section } (weight { $section_weight })
score-help-flags = Flags: { $flags }
score-help-guidance = Guidance: { $guidance }
score-help-example = Example: { $example } # the reason in your own words   (b = back, q = quit)
score-no-suggestion = Check: { $undetermined ->
    [yes] cannot judge
   *[no] no suggestion
} — { $reason }
score-suggested = Suggested: { $answer } — { $reason }
score-closest = closest: { $words } — { $why }
score-profile-lacks = criterion `{ $criterion }` needs the customer's `{ $field }`, which the encounter's profile lacks
score-intro-who = agent: { $agent }, location: { $location }, { $time }
score-intro-evidence = Evidence attached: { $kinds }
score-intro-lacking = The rubric requires evidence not attached (at the end you can attach it or record why not): { $lacking }
score-intro-skipped = Not applicable to this customer: { $criteria }
score-intro-keys = Answer: y/n, na, a number or a choice; ANSWER # comment; b = back, ? = guidance, q = quit.
score-intro-suggestions = Suggestions: the automatic checks on { $transcript } (sha256:{ $sha256 }…), rules sha256:{ $rules }…
    Enter accepts a suggestion, an answer of your own overrides it; the scoresheet records which.
score-input-ended = the input ended before every criterion was answered; nothing was recorded{ $kept ->
    [0] {""}
    [one] ; the answer so far is kept as a draft
   *[other] ; the { $kept } answers so far are kept as a draft
}
score-earlier-answer = earlier answer
score-answer-prompt = Answer ({ $expected })
score-quit-sure = Quit? { $kept ->
    [one] The answer so far is
   *[other] The { $kept } answers so far are
} kept as a draft, and `tarkka score { $encounter }` resumes it.
score-quit = Quit: nothing was recorded.
score-first-criterion = This is the first criterion.
score-comment-required = Comment (required when the criterion fails)
score-running = running score { $score } ({ $answered }/{ $of }{ $critical ->
    [0] {""}
   *[other] , critical failures { $critical }
})
score-record-question = Record this scoresheet?

## Signing keys

key-registered = note: { $actor }'s signing key was registered in this workspace (entry { $seq }, keys/{ $actor }.pub)

## Workspaces, encounters and the actor (errors)

workspace-not-one = { $dir } is not a tarkka workspace (no tarkka.toml); create one with `tarkka init`
workspace-none-here = no tarkka workspace here: neither { $dir } nor any directory above it has a tarkka.toml; create one with `tarkka init` or name one with --workspace
workspace-no-ledger = { $dir } has a tarkka.toml but no ledger.jsonl; is it a tarkka workspace?
workspace-config-newer = { $file } is configuration format { $format }, but this tarkka reads format { $reads }; upgrade tarkka
workspace-exists = { $file } already exists: { $dir } is a workspace already
actor-bad = `{ $actor }` cannot be an auditor id: give one without spaces or slashes with --actor
encounter-unknown = no encounter `{ $id }` in the ledger{ $count ->
    [0] ; log it first with `tarkka encounter log`
   *[other] ; did you mean { $close }?
}
encounter-exists = encounter `{ $id }` is already in the ledger (entry { $seq }); ids are unique
profile-not-pair = --profile `{ $pair }` is not NAME=VALUE
profile-twice = --profile gives `{ $field }` twice
suggest-no-checks = `{ $id }` is scored with rubric `{ $rubric }`, which has no automatic checks to suggest answers; score it without --suggest
suggest-no-transcript = `{ $id }` has no transcript for the checks to read; attach one with `tarkka evidence add { $id } FILE --kind transcript`, or score it without --suggest
amend-whose = `{ $id }` was scored by several auditors ({ $auditors }) and not by `{ $actor }`: say whose scoresheet to amend with --auditor NAME
amend-nothing = `{ $criterion }` is already `{ $answer }` in that scoresheet: nothing to amend
amend-no-reason = --reason must say why the answer changes

## Filters that match nothing

name-new-close = { $field } `{ $given }` is new, and close to { $close }
name-typo = { $problems }. The ledger keeps a name for good, and a typo would count as another place, agent or auditor in every report: correct it or, if the name really is new, repeat with { $flag }.
import-name-typo = { $problem }; import with --new-names if it is new
filter-close = { $flag } `{ $given }` matches nothing; did you mean { $close }?
filter-none-yet = { $flag } `{ $given }` matches nothing; the ledger has no { $kind ->
    [location] locations
    [agent] agents
    [auditor] auditors
    [rubric] rubrics
   *[criterion] checked criteria
} yet
filter-list = { $flag } `{ $given }` matches nothing; the { $kind ->
    [location] locations
    [agent] agents
    [auditor] auditors
    [rubric] rubrics
   *[criterion] checked criteria
} are: { $names }
filter-far = { $flag } `{ $given }` matches nothing; none of its { $count } { $kind ->
    [location] locations
    [agent] agents
    [auditor] auditors
    [rubric] rubrics
   *[criterion] checked criteria
} is close
actor-none = no auditor id: `USER` is empty and the operating system names no user. Every ledger entry says who made it, so give one with --actor NAME or set TARKKA_ACTOR=NAME (e.g. TARKKA_ACTOR=aino)

## Files

file-missing = { $file }: no such file
file-unreadable = cannot read { $file }
file-not-regular = { $file } is not a regular file
rubric-unknown = --rubric `{ $rubric }` is neither a file nor the id of a rubric registered in this workspace{ $count ->
    [0] ; give the rubric's file (`tarkka init --samples` writes the shipped ones into rubrics/)
   *[other] ; did you mean { $close }?
}

## Times and time zones

time-zone-unknown = `{ $name }` is not an IANA time zone; expected e.g. { $example }
time-unreadable = `{ $text }` is not a time tarkka reads; expected one of { $forms } or 3.6.2026 (midnight)
time-offset-beyond = `{ $text }`: the offset { $offset } is more than a day from UTC; offsets run from -24:00 to +24:00 (Finland: +02:00, in summer +03:00)
time-skipped = `{ $text }` does not exist in { $zone }: the clocks moved forward an hour then; give the time with its offset
time-twice = `{ $text }` happened twice in { $zone } (the clocks moved back): give the offset, { $first } or { $second }

## Drafts

draft-input-ended = the input ended before the draft was resumed or set aside; the draft is kept
draft-mode = the draft { $draft } was scored { $how ->
    [with] from suggestions: resume it with --suggest
    [without] without suggestions: resume it without --suggest
   *[other] from other suggestions (the checks, the transcript or --speaker changed since)
}, so that the scoresheet says truly which answers were given with a suggestion in view; or answer n to start afresh
draft-other = { $file } is a draft for `{ $its_encounter }` with rubric `{ $its_rubric }`, not `{ $encounter }` with `{ $rubric }`; move it aside

## Checkpoints: signed tree heads of the ledger (tarkka checkpoint, verify)

verify-rolled-back = the ledger has { $entries } entries, but { $source } signed a ledger of { $size }: { $count ->
    [one] entry { $size } was
   *[other] entries { $first }–{ $size } were
} cut off its end (a rollback)
verify-rewritten = the ledger's first { $size } entries are not those { $source } signed: a fork or a rewrite, somewhere in entries { $first }–{ $size }
verify-statement-contradicted = entry { $seq } (line { $line }) recorded a verification of the first { $entries } entries that no longer holds: an entry in { $first }–{ $entries } was rewritten since
verify-checkpoint-invalid = { $file } is no checkpoint of this ledger's log that holds: { $reason }
verify-checkpoint-untrusted = { $file } is not trusted: { $reason }. Pin the log key with `tarkka checkpoint trust VKEY`, or name it with --log-key
verify-checkpoints = { $count ->
    [one] Checked against 1 checkpoint
   *[other] Checked against { $count } checkpoints
}, the largest of { $size } entries (log key `{ $signer }`{ $pinned ->
    [yes] , known from outside the workspace: held, pinned or named)
   *[no] , declared only by the workspace: pin it with `tarkka checkpoint trust` to know it from outside)
}
verify-side-file = { $file } beside the ledger holds bytes `tarkka ledger repair` moved aside: they were never acknowledged, unless a checkpoint or a copy says otherwise
repair-acknowledged = nothing was moved: the repair would keep { $kept } entries, but { $source } signed a ledger of { $size }. Those entries were acknowledged, so the ledger was cut short, not torn by a crash; restore it from a backup
log-key-bad = { $file } is not a log key: { $reason }
checkpoint-no-log-key = the checkpoints of this workspace are signed by the log key `{ $origin }`, whose private key is not on this machine ({ $file }); issue checkpoints where it is
checkpoint-other-log-key = { $file } is not the log key `{ $origin }` that the workspace declares (checkpoints/log.vkey); nothing was signed
checkpoint-ledger-broken = { $count ->
    [one] the ledger does not verify (1 finding; see `tarkka verify`)
   *[other] the ledger does not verify ({ $count } findings; see `tarkka verify`)
}: a checkpoint would vouch for it, so none was signed
checkpoint-issued = Checkpoint of { $size } entries signed by `{ $origin }`: { $file }
checkpoint-new-key = A new log key for this workspace: { $file } (keep it safe and private: whoever holds it vouches for the ledger). Its public key, for anyone who checks: { $vkey }
checkpoint-written = Also written to { $file }
checkpoint-trusted = Pinned on this machine: { $file }
verify-result-mismatch = entry { $seq } ({ $encounter }) stores the result { $stored }, but its answers score { $computed } under the rubric the ledger registered: the stored result was changed
verify-result-no-rubric = entry { $seq } ({ $encounter }) was scored with rubric { $fingerprint }, which the ledger never registered
proof-ledger-broken = { $count ->
    [one] the ledger does not verify (1 finding; see `tarkka verify`)
   *[other] the ledger does not verify ({ $count } findings; see `tarkka verify`)
}: a proof from it would prove nothing
proof-no-checkpoint = the ledger has no checkpoint yet to prove against: whoever holds the log key runs `tarkka checkpoint` first
proof-does-not-hold = the proof does not hold: { $reason }
proof-written = Proof of { $count ->
    [one] 1 entry
   *[other] { $count } entries
} about encounter { $encounter } against the checkpoint of { $size } entries by `{ $origin }`: { $file }
proof-uncovered = Not in the proof, recorded after the checkpoint: { $entries }. Run `tarkka checkpoint` and `tarkka proof` again to include them.
proof-holds = Holds: the checkpoint of { $size } entries by `{ $origin }` is signed by a log key you trust, and these entries (the file says: { $about }) are in it, each line exactly as shown in the file and every signature on them valid:
proof-entry = entry { $seq } (line { $line }): { $kind } by { $actor } at { $time }{ $key ->
    [none] , unsigned
   *[other] , signed with key { $key }…
}
proof-limits = What this does not prove: that the ledger has no other entries about the subject (a proof shows presence, not absence); anything recorded after entry { $size }{ $uncovered ->
    [none] {""}
   *[some] {""} (the file names entries { $uncovered } as later, unproven)
}{ $evidence ->
    [checked] .
   *[other] ; that evidence files are the ones attached (compare their SHA-256 with the evidence-attached lines).
}
bag-checked = Checked: { $files } evidence files against the manifest, { $entries } ledger lines against their own hashes
bag-holds = The bag holds: its files, its lines and their place in the checkpointed ledger.
verify-key-not-admitted = { $count ->
    [one] 1 entry
   *[other] { $count } entries
}, from entry { $seq } on, signed by `{ $actor }` with the key { $key }…, which the workspace's log key never admitted: if that key is { $actor }'s, whoever holds the log key runs `tarkka key trust { $actor }`
verify-admission-invalid = entry { $seq } (line { $line }) admits a key of `{ $actor }`, but the admission is not signed by a log key this verification knows
verify-key-not-added = keys/{ $actor }.pub trusts a key of `{ $actor }`, but the ledger never added a key of theirs although they have entries: the key-added entry and the signatures may have been removed
verify-signature-stripped = { $count ->
    [one] 1 entry
   *[other] { $count } entries
} by `{ $actor }`, from entry { $seq } on, are unsigned although this machine held { $actor }'s signing key when they were recorded: their signatures may have been removed
key-trust-no-log = the workspace has no log key yet to admit keys with: whoever vouches for the ledger runs `tarkka checkpoint` first
key-trust-none = `{ $actor }` has registered no signing key in this ledger yet: they register theirs by recording with it (or with `tarkka key new { $actor }`) first
key-trust-done = every signing key `{ $actor }` registered here is admitted already
key-trust-which = `{ $actor }` registered several keys not yet admitted ({ $keys }): name one with --key PREFIX
key-admitted = Admitted the signing key of `{ $actor }`, { $key }, with the log key `{ $origin }`: entry { $seq }. Compare it with the key { $actor } sees on their machine (`tarkka key new { $actor }` prints it).
witness-bad-name = `{ $name }` cannot name a witness: a schema-less URL without spaces or `+`, such as works-council.example/w1
witness-none = no witness key in { $dir }: make one with `tarkka witness new NAME`
witness-which = several witness keys in { $dir }: say which with --name
witness-bad-request = not a witness request: { $reason }
witness-untrusted-log = the checkpoint is not signed by a log key this witness pinned ({ $reason }); pin the log's key with `tarkka checkpoint trust VKEY` first
witness-conflict = this witness last cosigned the checkpoint of { $seen } entries of `{ $origin }`, but the request proves consistency from { $old }: ask for a request from { $seen } (`tarkka witness request --old { $seen }`); nothing was cosigned
witness-inconsistent = the checkpoint of { $size } entries of `{ $origin }` does not extend the checkpoint of { $seen } entries this witness cosigned before: the log was rolled back, forked or rewritten. Nothing was cosigned; keep the request as evidence
witness-old-too-big = the witness's last size { $old } is larger than the latest checkpoint's { $size }: the witness saw a longer ledger than this one has
witness-no-such-checkpoint = the workspace keeps no checkpoint of { $size } entries with that text ({ $file }): it cannot carry these cosignatures
witness-made = A witness key: { $file } (keep it private). Its public key, for the workspaces' verifiers to name with --witness: { $vkey }
witness-request-written = The request for a witness, from its last size { $old }: { $file }
witness-cosigned = Cosigned `{ $origin }` at { $size } entries as `{ $witness }` (it extends the { $old } entries seen before): { $file }
witness-attached = Cosignatures added to { $file }
bag-ledger-broken = { $count ->
    [one] the ledger does not verify (1 finding; see `tarkka verify`)
   *[other] the ledger does not verify ({ $count } findings; see `tarkka verify`)
}: a bag quoting it would prove nothing
bag-case-unknown = no encounter of case `{ $case }` in the ledger
bag-export-unproven = The workspace has no checkpoint yet, so the bag carries no proof of its entries (tarkka/proof.json) and `tarkka bag verify` will say so: sign one with `tarkka checkpoint` and export again.
bag-what = name an encounter or --case
key-public-exists = { $file } exists already: the workspace trusts a key of { $actor } already, but its private key is not in { $dir }
key-other-trusted = the workspace trusts another signing key of `{ $actor }` ({ $file }); the key tarkka would sign with is { $key }…. If both are { $actor }'s, whoever keeps the workspace adds its public key to that file (and, where the workspace has a log key, admits it with `tarkka key trust { $actor }`); or sign with the trusted one (--key-dir)
key-revoked = the ledger once trusted this signing key of `{ $actor }` ({ $key }…), but { $file } no longer lists it: the key was revoked, and is not trusted again without whoever keeps the workspace (they add the public key to that file); or make a new key with `tarkka key new { $actor }` after moving the old one aside
key-public-bad = { $file }:{ $line }: not an Ed25519 public key in hexadecimal
key-private-bad = { $file } is not a tarkka private key (64 hexadecimal digits)
witness-key-bad = { $file } is not a witness's public key: { $reason }
verify-log-replaced = this workspace's checkpoints are signed by the log key { $expected } (held on this machine for this workspace, or named with --log-key), but checkpoints/log.vkey declares { $declared }: its log key was replaced or removed, and its checkpoints and key admissions signed by another key are not believed

verify-unwitnessed = the ledger has { $entries } entries, but { $covered ->
    [0] no checkpoint has
   *[other] the checkpoint of { $covered } entries is the largest with
} the { $required } witness cosignatures required: entries from { $first } on are a history no outside party has confirmed (ask the witnesses to cosign: `tarkka witness request`)
bag-unproven = Lines recorded after the checkpoint, which nothing in the bag proves: entries { $entries }
verify-result-no-profile = entry { $seq } ({ $encounter }) cannot be scored again: the customer profile its encounter was logged with does not fit the rubric, so its stored result cannot be checked
verify-result-reread = entry { $seq } ({ $encounter }) cannot be scored again: the scoresheet it amends (entry { $sheet }) changed while verify was reading the ledger; run verify again
entry-kind = { $kind ->
    [rubric-registered] rubric registered
    [encounter-logged] encounter logged
    [evidence-attached] evidence attached
    [scoresheet-recorded] scoresheet recorded
    [score-amended] score amended
    [evidence-verified] verification recorded
    [key-added] key added
    [key-admitted] key admitted
   *[other] { $kind }
}
channel-name = { $channel ->
    [call] call
    [visit] visit
    [chat] chat
    [email] e-mail
   *[other] { $channel }
}
witnesses-too-few = --min-witnesses { $required } asks for more cosignatures than the { $named } witnesses named with --witness can give
verify-signatures-vouched = Entries 1–{ $size } were checked when the checkpoint covering them was signed: their signatures and scored results are not checked again (`--full` checks them too)
