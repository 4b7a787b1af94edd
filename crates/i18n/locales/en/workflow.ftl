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
assign-commit-twice = the plan `{ $plan }` is already committed (entry { $seq }) for { $from } – { $to }, which overlaps this period
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
dispute-late = `{ $encounter }` was scored on { $scored }; disputes are opened within { $days } days, by { $deadline }
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
dispute-decided-already = { $dispute } was already decided (entry { $seq }, by { $actor }: { $outcome }); a decided dispute stays decided
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
