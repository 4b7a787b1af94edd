# The review workflow (issue 18): sampling plans, draws, queues, disputes and
# acknowledgements.

plan-invalid = { $file } is not a valid sampling plan
plan-format-newer = this plan is in format { $format }; this tarkka reads plans up to format { $reads }
plan-id-empty = the plan's `id` is empty
plan-stratum-twice = the stratum field `{ $field }` is named twice
plan-stratum-unknown = unknown stratum field `{ $field }`; expected one of { $expected }{ $close ->
    [none] {""}
   *[other] {" "}(did you mean `{ $close }`?)
}
plan-zero = `{ $key }` must be at least 1
plan-scorers-too-many = `scorers = { $scorers }` but the plan names only { $auditors } { $auditors ->
    [one] auditor
   *[other] auditors
}
plan-exclude-field = an exclusion cannot test `{ $field }`; expected one of { $expected }{ $close ->
    [none] {""}
   *[other] {" "}(did you mean `{ $close }`?)
}
plan-exclude-tests = the exclusion of `{ $field }` needs exactly one of `below`, `above`, `equals` or `in`; it has { $count }
plan-auditor-twice = the auditor `{ $auditor }` is named twice

assign-period-bad = `{ $period }` is no period: write a week (2026-W50), a month (2026-12), a day (2026-12-07) or two days (2026-12-07..2026-12-13)
assign-commit-late = the period begins on { $from } and today is { $today }: a plan is committed before its period begins, so that its draw's seed is fixed before anyone knows the period's encounters
assign-commit-twice = a commitment already covers { $from } – { $to } (entry { $seq }, plan `{ $plan }`) with a pool this plan may share: two seeds over one pool would let whoever draws choose between them (plans whose rubrics, channels or locations are all different may overlap)
assign-commit-pool-known = the ledger already holds an encounter of the period (`{ $encounter }`, entry { $seq }): a commitment must come before the period's encounters (the period begins on { $from })
assign-draw-early = the period ends on { $to } and today is { $today }: draw once it is over, when its encounters are in the ledger
assign-no-commitment = the plan `{ $plan }` was not committed for { $from } – { $to } (committed: { $committed }); commit it before a period begins with `tarkka assign --commit`
assign-drawn-already = the plan `{ $plan }` was already drawn for this period (entry { $seq }); a draw is made once (`tarkka assign --verify` re-runs it)
assign-pool-empty = the plan `{ $plan }` finds no encounter to draw in { $from } – { $to }: none logged in the period is unscored, undrawn and admitted by the plan's pool and exclusions
assign-verify-late-commitment = the commitment (entry { $seq }) came after an encounter of its period was logged (`{ $encounter }`, entry { $logged }): its seed may have been chosen knowing the pool
assign-verify-replacement = the replacement of entry { $seq } recorded `{ $recorded }`; its stratum's order gives `{ $expected }`
assign-verify-no-commitment = the draw of entry { $seq } names commitment { $commitment }, which is no commitment before it
assign-verify-fingerprint = the commitment of entry { $seq } does not read: its plan's text or period does not match what it states
assign-verify-differs = the draw of entry { $seq } differs from its recomputation: { $what ->
    [seed] the seed
    [pool] the pool
    [count] the number drawn
   *[assignment] an assignment
} was { $recorded }, recomputed { $computed }
assign-no-draw = entry { $draw } is no draw
assign-not-drawn = `{ $encounter }` is not among the current assignments of draw { $draw }
assign-replace-no-reason = a replacement needs a reason (--reason)
assign-replace-scored = `{ $encounter }` is already scored (by { $auditor }, entry { $seq }); a scored encounter stays in the sample
assign-not-in-sample = `{ $encounter }` is not assigned in any draw
assign-taken-already = `{ $encounter }` is already { $count ->
    [one] taken by { $auditor }
   *[other] assigned to { $auditor } and others
}

dispute-no-evaluation = `{ $encounter }` has no auditor's scoresheet to dispute or acknowledge
dispute-no-reason = a dispute needs a reason (--reason)
dispute-no-criteria = a dispute names at least one criterion (--criterion CRITERION=ANSWER)
dispute-criterion-form = `{ $given }` is not CRITERION=ANSWER (for example ownership.no-blame=yes)
dispute-late = `{ $criterion }` of `{ $encounter }` got its answer on { $scored }; disputes are opened within { $days } days, by { $deadline }
dispute-open-already = this scoresheet has an open dispute, { $dispute }: decide it first
dispute-limit = the scoresheet of `{ $encounter }` has had { $count } { $count ->
    [one] dispute
   *[other] disputes
}, the most the workspace allows ([disputes] per_scoresheet = { $limit })
dispute-same-reason = the same reason was rejected in { $dispute }; a new dispute needs a new reason
dispute-full-credit = `{ $criterion }` of `{ $encounter }` got its full credit: only a criterion that lost credit can be disputed
dispute-same-answer = `{ $criterion }` is already answered { $answer }
dispute-decide-no-reason = a decision needs a reason (--reason)
dispute-unknown = there is no dispute `{ $dispute }` (open: { $open })
dispute-decided-already = { $dispute } was already decided (entry { $seq }, by { $actor }: { $outcome ->
    [accepted] accepted
    [partly-accepted] partly accepted
   *[rejected] rejected
}); a decided dispute stays decided
dispute-decider-involved = { $actor } cannot decide this dispute: they are its { $role ->
    [auditor] auditor
    [opener] opener
   *[agent] agent
}; someone else decides
dispute-criterion-not-disputed = `{ $criterion }` is not disputed in { $dispute } (disputed: { $disputed })
dispute-criterion-both = `{ $criterion }` is both accepted and rejected
dispute-criteria-undecided = every disputed criterion is accepted or rejected; undecided: { $criteria } (--accept or --reject, or `all`)
dispute-sheet-gone = the scoresheet of { $dispute } (entry { $sheet }) is no longer its auditor's latest; open a new dispute on the current one
acknowledge-not-agent = only `{ $agent }`, the agent of `{ $encounter }`, can acknowledge its evaluation; you are `{ $actor }` (--actor)
acknowledge-already = this evaluation of `{ $encounter }` was already acknowledged (entry { $seq })

assign-verify-drawn-twice = entry { $seq } draws again under commitment { $commitment }, already drawn by entry { $first }: a commitment is drawn once
assign-verify-early = the draw of entry { $seq } states the day { $day }, not after its period's last day { $to }
assign-verify-replaced-scored = entry { $seq } replaced `{ $encounter }`, which { $auditor } had scored (entry { $scored }): a scored encounter stays in the sample
assign-verify-taking = entry { $seq } gave `{ $encounter }` to { $auditor }, but it was not open in the team's queue or is { $auditor }'s own call
assign-verify-amendment = entry { $seq } amends `{ $criterion }` for dispute { $dispute }, whose decision did not accept it (or it was amended for it already)
assign-verify-decision = entry { $seq } decides { $dispute } by { $actor }, who is its auditor, opener or agent, or the dispute is unknown or decided already
assign-verify-overlap = the commitment of entry { $seq } covers the period and pool of the commitment of entry { $other }: two seeds over one pool let whoever draws choose
assign-verify-undrawn = the commitment of entry { $seq } (`{ $plan }`) was never drawn, though its period ended on { $to }
assign-verify-steer = before the draw of entry { $seq }, { $scored } of its period's encounters were scored after the commitment (and so left the pool), and { $late } were logged after the draw (and were never in it)
assign-draw-unverified = draw { $draw } cannot be recomputed from the ledger, so its strata's order is unknown
assign-replace-unverified = draw { $draw } does not recompute as recorded; nothing is replaced in it until that is resolved
assign-take-own = `{ $encounter }` is a call of { $actor }'s own: nobody scores their own encounter
assign-taken-yours = you have already taken `{ $encounter }`
dispute-not-counted = `{ $criterion }` of `{ $encounter }` does not count in the score (not applicable, a bonus, or left unanswered): there is no credit to dispute
dispute-not-higher = the answer proposed for `{ $criterion }` would not raise its credit: a dispute asks for credit the evaluation did not give
dispute-changed-since = `{ $criterion }` was amended (entry { $seq }) since { $dispute } was opened: its proposal would overwrite an answer nobody disputed; reject it, and the agent may dispute the new answer
plan-unknown-key = unknown key `{ $key }` in { $table ->
    [plan] the plan
   *[other] { $table }
}{ $close ->
    [none] {""}
   *[other] ; did you mean `{ $close }`?
}; expected one of: { $expected }
plan-required = { $table ->
    [plan] the plan
   *[other] { $table }
} lacks `{ $key }`
plan-wrong-type = `{ $key }` should be { $expected ->
    [text] text in quotes
    [count] a whole number, 0 or more
    [number] a number (a decimal point, or a comma in quotes: "7,5")
    [texts] a list of texts, ["a", "b"]
    [table] a table
   *[tables] a list of tables ([[{ $key }]])
}; found { $found }
assign-was-replaced = `{ $encounter }` was replaced in draw { $draw } (entry { $seq }); it is no longer in the sample
score-outside-sample = Outside the sample: `{ $encounter }` is not assigned to { $auditor } in any draw{ $count ->
    [0] {""}
   *[other] {" "}(it is assigned to { $holders })
}; the report counts it among the scores from outside the random sample.
export-out-not-empty = { $dir } is not empty: the tables are written to a new or empty directory
export-line-moved = the ledger changed while its amendments were read (entry { $seq }); export again
