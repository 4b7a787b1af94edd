#!/usr/bin/env python3
"""The reference for bench/import.sh: `tarkka import answers` done by DuckDB.

Usage:
  bench/import_duckdb.py DIR OUT.parquet        import and score DIR/answers.csv
  bench/import_duckdb.py --check SCORES.csv OUT.parquet
                                                compare with `tarkka scores --format csv`

DIR is what `tarkka sample generate` writes: encounters.csv, answers.csv
(semicolons, UTF-8 with BOM, decimal commas) and rubrics/*.toml.

The same pipeline as `tarkka import answers`, in SQL: read both CSV files,
validate every answer row (empty required cells, unknown encounters and
criteria, duplicate rows, answers that are not answers on the criterion's
scale, N/A where the rubric forbids it, numbers outside the scale, failed
criteria without their required comment, applicable criteria left
unanswered, conditions on a profile field the encounter lacks, profile
values the rubric does not declare), map answers to credits, apply the
when/unless conditions on the encounter's profile, the N/A policy, section
scores with bonus and cap, critical zeroing, the overall score per mode and
the verdict, and write one row per scoresheet (encounter, auditor) to
OUT.parquet. All or nothing: if any row is bad, nothing is written and the
exit code is 2. The rubrics are read with tomllib into small tables; the
conditions become SQL expressions. Everything but the TOML reading runs
inside DuckDB.

Unlike tarkka, scores are DOUBLE, not exact fractions; the verdict compares
with a 1e-12 slack so that 0.75 computed as 0.7499999999999999 still
passes a threshold of 0.75. The problems are counted per kind, one per
bad row (or per unanswered criterion), which is what tarkka lists; they
are not located by line and column.
"""

import pathlib
import sys
import tomllib

import duckdb

NA_WORDS = ["na", "n/a", "n.a.", "es", "ei sovellu", "-"]
YES_WORDS = ["y", "yes", "k", "kyllä", "kylla", "true", "1"]
NO_WORDS = ["n", "no", "e", "ei", "false", "0"]
EPS = 1e-12
# A number that does not fit its range or points scale (credit() in tarkka).
OUTSIDE = ("((kind = 'range' AND (v <> floor(v) OR v < smin OR v > smax)) "
           "OR (kind = 'points' AND (v < 0 OR v > smax)))")


def q(text):
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def profile_kind(text):
    """ProfileValue::parse: 'bool', 'int' or 'word'."""
    if text in ("true", "false"):
        return "bool"
    try:
        n = int(text)
        if -(2**63) <= n < 2**63 and text.strip() == text and "_" not in text:
            return "int"
    except ValueError:
        pass
    return "word"


def value_sql(field):
    """The encounter's profile value (trimmed, NULL when absent) in query `j`."""
    return "e." + ident("p_" + field)


IS_INT = "(regexp_full_match({v}, '[+-]?[0-9]+') AND TRY_CAST({v} AS BIGINT) IS NOT NULL)"


def test_sql(field, test):
    """A Test on one profile field (the field is known to be present)."""
    v = value_sql(field)
    if isinstance(test, bool):
        return f"({v} = {q('true' if test else 'false')})"
    if isinstance(test, str):
        test = [test]
    if isinstance(test, list):
        words = [w for w in test if profile_kind(w) == "word"]
        if not words:
            return "FALSE"
        return f"({v} IN ({', '.join(q(w) for w in words)}))"
    if isinstance(test, dict):
        parts = [IS_INT.format(v=v)]
        if "min" in test:
            parts.append(f"TRY_CAST({v} AS BIGINT) >= {int(test['min'])}")
        if "max" in test:
            parts.append(f"TRY_CAST({v} AS BIGINT) <= {int(test['max'])}")
        return "(" + " AND ".join(parts) + ")"
    raise ValueError(f"unknown test {test!r}")


def condition_sql(condition):
    """Condition::holds as 'T', 'F' or 'E' (a field the profile lacks).

    Fields are tested in sorted order and a failing test stops the walk,
    as in tarkka, so a later missing field is only an error if every
    earlier test held."""
    branches = []
    for field in sorted(condition):
        branches.append(f"WHEN {value_sql(field)} IS NULL THEN 'E'")
        branches.append(f"WHEN NOT {test_sql(field, condition[field])} THEN 'F'")
    return "(CASE " + " ".join(branches) + " ELSE 'T' END)"


def applies_sql(criterion):
    when, unless = criterion.get("when"), criterion.get("unless")
    if not when and not unless:
        return "'T'"
    unless_part = "'T'"
    if unless:
        u = condition_sql(unless)
        unless_part = f"(CASE {u} WHEN 'E' THEN 'E' WHEN 'T' THEN 'F' ELSE 'T' END)"
    if not when:
        return unless_part
    w = condition_sql(when)
    return f"(CASE {w} WHEN 'E' THEN 'E' WHEN 'F' THEN 'F' ELSE {unless_part} END)"


def load_rubrics(directory):
    rubrics, sections, criteria, choices, evidence, declared = [], [], [], [], [], []
    applies = []
    fields = set()
    for path in sorted(pathlib.Path(directory, "rubrics").glob("*.toml")):
        r = tomllib.loads(path.read_text(encoding="utf-8"))
        rid = r["id"]
        s = r.get("scoring", {})
        rubrics.append(
            (
                rid,
                s.get("mode", "sections"),
                s.get("na", "exclude"),
                float(s.get("critical_threshold", 1)),
                bool(s.get("cap_bonus", True)),
                float(r["pass_threshold"]),
            )
        )
        for field, kind in r.get("profile", {}).items():
            fields.add(field)
            if isinstance(kind, list):
                declared.append((rid, field, "word", [w for w in kind if profile_kind(w) == "word"]))
            else:
                declared.append((rid, field, {"bool": "bool", "integer": "int"}[kind], []))
        for sec in r["section"]:
            sections.append((rid, sec["id"], float(sec.get("weight", 1))))
        for c in r["criterion"]:
            scale = c.get("scale", "yes-no")
            kind, smin, smax = "yesno", None, None
            if isinstance(scale, dict):
                if "choices" in scale:
                    kind = "choices"
                    for name, credit in scale["choices"].items():
                        choices.append((rid, c["id"], name, float(credit)))
                elif "points" in scale:
                    kind, smin, smax = "points", 0.0, float(scale["points"])
                else:
                    kind, smin, smax = "range", float(scale["min"]), float(scale["max"])
            criteria.append(
                (
                    rid,
                    c["id"],
                    c["section"],
                    float(c.get("weight", 1)),
                    kind,
                    smin,
                    smax,
                    bool(c.get("na", False)),
                    bool(c.get("bonus", False)),
                    c.get("critical"),
                    bool(c.get("comment_on_fail", False)),
                )
            )
            for ev in c.get("evidence", []):
                evidence.append((rid, c["id"], ev))
            for cond in (c.get("when"), c.get("unless")):
                fields.update((cond or {}).keys())
            expr = applies_sql(c)
            if expr != "'T'":
                applies.append((rid, c["id"], expr))
    return rubrics, sections, criteria, choices, evidence, declared, applies, sorted(fields)


def values(rows):
    def lit(v):
        if v is None:
            return "NULL"
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, (int, float)):
            return repr(float(v))
        if isinstance(v, list):
            return "[" + ", ".join(q(x) for x in v) + "]::VARCHAR[]"
        return q(v)

    return ", ".join("(" + ", ".join(lit(v) for v in row) + ")" for row in rows)


def run(directory, out):
    rubrics, sections, criteria, choices, evidence, declared, applies, fields = load_rubrics(directory)
    con = duckdb.connect()
    con.execute(
        "CREATE TEMP TABLE rubrics(rubric VARCHAR, mode VARCHAR, na VARCHAR, thr DOUBLE, "
        f"cap BOOLEAN, pass DOUBLE); INSERT INTO rubrics VALUES {values(rubrics)};"
        "CREATE TEMP TABLE sections(rubric VARCHAR, section VARCHAR, sweight DOUBLE);"
        f"INSERT INTO sections VALUES {values(sections)};"
        "CREATE TEMP TABLE criteria(rubric VARCHAR, criterion VARCHAR, section VARCHAR, "
        "weight DOUBLE, kind VARCHAR, smin DOUBLE, smax DOUBLE, na_ok BOOLEAN, bonus BOOLEAN, "
        f"critical VARCHAR, comment_on_fail BOOLEAN); INSERT INTO criteria VALUES {values(criteria)};"
        "CREATE TEMP TABLE choices(rubric VARCHAR, criterion VARCHAR, name VARCHAR, credit DOUBLE);"
        f"INSERT INTO choices VALUES {values(choices)};"
        "CREATE TEMP TABLE evidence(rubric VARCHAR, criterion VARCHAR, kind VARCHAR);"
        f"INSERT INTO evidence VALUES {values(evidence)};"
        "CREATE TEMP TABLE declared(rubric VARCHAR, field VARCHAR, kind VARCHAR, words VARCHAR[]);"
        f"INSERT INTO declared VALUES {values(declared)};"
    )
    d = pathlib.Path(directory)
    # Encounters: trimmed cells, empty = absent, profile.* columns by name.
    enc_cols = [r[0] for r in con.execute(
        f"DESCRIBE SELECT * FROM read_csv({q(d / 'encounters.csv')}, header=true, all_varchar=true)"
    ).fetchall()]
    lower = {c.lower(): c for c in enc_cols}
    profile_cols = {c[len("profile."):]: c for c in lower if c.startswith("profile.") and len(c) > 8}
    col = lambda *names: next(lower[n] for n in names if n in lower)  # noqa: E731
    prof_select = ", ".join(
        f"NULLIF(trim({ident(lower[c])}), '') AS {ident('p_' + f)}" for f, c in profile_cols.items()
    )
    missing_fields = [f for f in fields if f not in profile_cols]
    prof_select += "".join(f", NULL::VARCHAR AS {ident('p_' + f)}" for f in missing_fields)
    con.execute(
        f"""CREATE TEMP TABLE enc AS SELECT
              trim({ident(col('encounter', 'kohtaaminen'))}) AS enc,
              trim({ident(col('rubric', 'lomake'))}) AS rubric, {prof_select}
            FROM read_csv({q(d / 'encounters.csv')}, header=true, all_varchar=true)"""
    )
    # Profile check (Rubric::check_profile): every given field declared and admitted.
    unpivot = " UNION ALL ".join(
        f"SELECT enc, rubric, {q(f)} AS field, {ident('p_' + f)} AS v FROM enc "
        f"WHERE {ident('p_' + f)} IS NOT NULL"
        for f in profile_cols
    ) or "SELECT NULL::VARCHAR enc, NULL::VARCHAR rubric, NULL::VARCHAR field, NULL::VARCHAR v WHERE FALSE"
    con.execute(
        f"""CREATE TEMP TABLE bad_profile AS
            SELECT p.enc, count(*) AS n FROM ({unpivot}) p
            LEFT JOIN declared dl ON dl.rubric = p.rubric AND dl.field = p.field
            WHERE dl.field IS NULL
               OR (dl.kind = 'bool' AND p.v NOT IN ('true', 'false'))
               OR (dl.kind = 'int' AND NOT {IS_INT.format(v='p.v')})
               OR (dl.kind = 'word' AND NOT list_contains(dl.words, p.v))
            GROUP BY p.enc"""
    )
    na_list = ", ".join(q(w) for w in NA_WORDS)
    yes_list = ", ".join(q(w) for w in YES_WORDS)
    no_list = ", ".join(q(w) for w in NO_WORDS)
    # Answers: every row, trimmed; then the rows of known encounters and
    # criteria, each answer read on its criterion's scale.
    con.execute(
        f"""CREATE TEMP TABLE raw AS SELECT
              trim(encounter) AS enc, trim(criterion) AS criterion, trim(answer) AS answer,
              NULLIF(trim(comment), '') AS comment, trim(auditor) AS aud
            FROM read_csv({q(d / 'answers.csv')}, header=true, all_varchar=true,
                          delim=';', quote='"', escape='"')"""
    )
    con.execute(
        f"""CREATE TEMP TABLE ans AS
            WITH g AS (   -- one row per (encounter, auditor, criterion), and how many there were
              SELECT enc, aud, criterion, count(*) AS copies,
                     any_value(struct_pack(answer, comment)) AS first
              FROM raw
              WHERE coalesce(enc, '') <> '' AND coalesce(criterion, '') <> ''
                AND coalesce(answer, '') <> '' AND coalesce(aud, '') <> ''
              GROUP BY enc, aud, criterion
            ), r AS (
              SELECT g.enc, g.aud, g.criterion, g.copies, g.first.answer AS answer,
                     g.first.comment AS comment, e.rubric
              FROM g JOIN enc e ON e.enc = g.enc
            ), p AS (
              SELECT r.enc, r.aud, r.rubric, r.criterion, r.comment, r.copies, c.kind IS NULL AS unknown,
                     lower(r.answer) AS a, c.kind, c.smin, c.smax
              FROM r LEFT JOIN criteria c ON c.rubric = r.rubric AND c.criterion = r.criterion
            )
            SELECT p.*, a IN ({na_list}) AS is_na,
                   CASE WHEN a IN ({na_list}) OR kind IS NULL THEN NULL
                        WHEN kind = 'yesno' THEN CASE WHEN a IN ({yes_list}) THEN 1.0
                                                      WHEN a IN ({no_list}) THEN 0.0 END
                        WHEN kind IN ('range', 'points') THEN
                          CASE WHEN regexp_full_match(replace(replace(a, '_', ''), ',', '.'),
                                    '[+-]?[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?')
                               THEN TRY_CAST(replace(replace(a, '_', ''), ',', '.') AS DOUBLE) END
                        ELSE ch.credit END AS v
            FROM p LEFT JOIN choices ch
              ON p.kind = 'choices' AND ch.rubric = p.rubric AND ch.criterion = p.criterion AND ch.name = p.a"""
    )
    # Every scoresheet × every criterion of its rubric, with applicability
    # and the answer, if any.
    app_case = "'T'"
    if applies:
        app_case = "CASE " + " ".join(
            f"WHEN c.rubric = {q(r)} AND c.criterion = {q(cid)} THEN {expr}" for r, cid, expr in applies
        ) + " ELSE 'T' END"
    con.execute(
        f"""CREATE TEMP TABLE j AS
            WITH sheets AS (SELECT DISTINCT enc, aud, rubric FROM ans),
            x AS (
              SELECT s.enc, s.aud, s.rubric, c.criterion, c.section, c.weight, c.kind, c.smin, c.smax,
                     c.na_ok, c.bonus, c.critical, c.comment_on_fail, {app_case} AS app
              FROM sheets s JOIN enc e ON e.enc = s.enc JOIN criteria c ON c.rubric = s.rubric
            )
            SELECT x.*, a.is_na, a.v, a.comment, a.a IS NOT NULL AS answered,
                   CASE WHEN x.kind = 'range' THEN a.v - x.smin < rb.thr * (x.smax - x.smin)
                        WHEN x.kind = 'points' THEN a.v < rb.thr * x.smax
                        ELSE a.v < rb.thr END AS below,
                   rb.na AS na_policy
            FROM x JOIN rubrics rb ON rb.rubric = x.rubric
            LEFT JOIN (SELECT * FROM ans WHERE NOT unknown) a
              ON a.enc = x.enc AND a.aud = x.aud AND a.criterion = x.criterion"""
    )
    checks = con.execute(
        f"""SELECT
          (SELECT count(*) FROM raw WHERE coalesce(enc, '') = '' OR coalesce(criterion, '') = ''
                OR coalesce(answer, '') = '' OR coalesce(aud, '') = '') AS empty_cells,
          (SELECT count(*) FROM raw LEFT JOIN enc e ON e.enc = raw.enc
             WHERE coalesce(raw.enc, '') <> '' AND e.enc IS NULL) AS unknown_encounter,
          (SELECT coalesce(sum(copies), 0) FROM ans WHERE unknown) AS unknown_criterion,
          (SELECT coalesce(sum(copies - 1), 0) FROM ans WHERE copies > 1) AS duplicate_rows,
          (SELECT count(*) FROM ans WHERE NOT unknown AND NOT is_na AND v IS NULL)
             AS not_an_answer,
          (SELECT count(*) FROM bad_profile b JOIN (SELECT DISTINCT enc, aud FROM ans) s ON s.enc = b.enc)
             AS bad_profile,
          count(*) FILTER (app = 'E') AS condition_field_missing,
          count(*) FILTER (app = 'T' AND NOT answered) AS unanswered,
          count(*) FILTER (app = 'T' AND is_na AND NOT na_ok) AS na_not_allowed,
          count(*) FILTER (app = 'T' AND NOT is_na AND v IS NOT NULL AND {OUTSIDE}) AS outside_scale,
          count(*) FILTER (app = 'T' AND NOT is_na AND below AND NOT {OUTSIDE}
                           AND comment_on_fail AND comment IS NULL) AS comment_missing,
          count(*) FILTER (app = 'F' AND answered) AS warnings_ignored
        FROM j"""
    )
    names = [c[0] for c in checks.description]
    counts = dict(zip(names, checks.fetchone()))
    errors = sum(v for k, v in counts.items() if k != "warnings_ignored")
    print(", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)
    if errors:
        print(f"cannot import: {errors} problems, nothing written", file=sys.stderr)
        return 2
    con.execute(
        f"""COPY (
          WITH k AS (     -- the criteria that count, with their credit
            SELECT enc, aud, rubric, section, criterion, weight, bonus, critical,
                   CASE WHEN NOT is_na THEN CASE WHEN kind = 'range' THEN (v - smin) / (smax - smin)
                                                 WHEN kind = 'points' THEN v / smax ELSE v END
                        WHEN bonus OR na_policy = 'exclude' THEN NULL
                        WHEN na_policy = 'zero' THEN 0.0 ELSE 1.0 END AS credit,
                   NOT is_na AND below AS failed
            FROM j WHERE app = 'T'
          ), s AS (       -- section sums
            SELECT enc, aud, rubric, section,
                   sum(weight * credit) FILTER (NOT bonus) AS e,
                   sum(weight) FILTER (NOT bonus AND credit IS NOT NULL) AS p,
                   sum(weight * credit) FILTER (bonus) AS b,
                   sum(weight) FILTER (bonus AND credit IS NOT NULL) AS bp,
                   bool_or(failed AND critical = 'section') AS zeroed,
                   bool_or(failed AND critical = 'overall') AS zeroes_all,
                   list(criterion ORDER BY criterion) FILTER (failed AND critical IS NOT NULL) AS crit
            FROM k GROUP BY ALL
          ), s2 AS (
            SELECT s.*, sc.sweight, rb.mode, rb.cap, rb.pass,
                   CASE WHEN p > 0 THEN CASE WHEN rb.cap THEN least((coalesce(e, 0) + coalesce(b, 0)) / p, 1.0)
                                             ELSE (coalesce(e, 0) + coalesce(b, 0)) / p END END AS before,
                   CASE WHEN NOT (p > 0) OR p IS NULL THEN b / nullif(bp, 0) END AS bonus_only
            FROM s JOIN sections sc USING (rubric, section) JOIN rubrics rb USING (rubric)
          ), o AS (       -- overall, before and after zeroing
            SELECT enc, aud, rubric, any_value(mode) AS mode, any_value(cap) AS cap, any_value(pass) AS pass,
                   bool_or(zeroes_all) AS zeroes_all,
                   flatten(list(crit) FILTER (crit IS NOT NULL)) AS critical_failures,
                   CASE WHEN any_value(mode) = 'sections' THEN
                          sum(CASE WHEN before IS NOT NULL THEN sweight * CASE WHEN zeroed THEN 0 ELSE before END
                                   ELSE sweight * coalesce(bonus_only, 0) END)
                        ELSE sum(CASE WHEN zeroed THEN 0 ELSE coalesce(e, 0) + coalesce(b, 0) END) END AS earned,
                   CASE WHEN any_value(mode) = 'sections' THEN
                          sum(CASE WHEN before IS NOT NULL THEN sweight * before
                                   ELSE sweight * coalesce(bonus_only, 0) END)
                        ELSE sum(coalesce(e, 0) + coalesce(b, 0)) END AS earned_before,
                   CASE WHEN any_value(mode) = 'sections' THEN sum(sweight) FILTER (before IS NOT NULL)
                        ELSE sum(coalesce(p, 0)) END AS possible
            FROM s2 GROUP BY enc, aud, rubric
          ), r AS (
            SELECT o.*,
                   CASE WHEN possible > 0 THEN CASE WHEN cap THEN least(earned_before / possible, 1.0)
                                                    ELSE earned_before / possible END END AS overall_before_critical,
                   CASE WHEN possible > 0 THEN CASE WHEN zeroes_all THEN 0.0
                                                    WHEN cap THEN least(earned / possible, 1.0)
                                                    ELSE earned / possible END END AS overall
            FROM o
          ), ev AS (      -- the evidence the answered criteria require
            SELECT j.enc, j.aud, list(DISTINCT ev.kind ORDER BY ev.kind) AS required_evidence
            FROM j JOIN evidence ev USING (rubric, criterion)
            WHERE j.app = 'T' AND j.answered AND NOT j.is_na GROUP BY ALL
          )
          SELECT r.enc AS encounter, r.aud AS auditor, r.rubric, r.overall, r.overall_before_critical,
                 CASE WHEN r.overall IS NULL THEN 'not-scored'
                      WHEN r.overall >= r.pass - {EPS} THEN 'pass' ELSE 'fail' END AS verdict,
                 list_sort(r.critical_failures) AS critical_failures,
                 coalesce(ev.required_evidence, []) AS required_evidence
          FROM r LEFT JOIN ev ON ev.enc = r.enc AND ev.aud = r.aud
        ) TO {q(out)} (FORMAT parquet)"""
    )
    n = con.execute(f"SELECT count(*) FROM read_parquet({q(out)})").fetchone()[0]
    print(f"written: {n} scoresheets to {out}", file=sys.stderr)
    return 0


def check(scores_csv, results):
    """Compares tarkka's overall scores (exact fractions) with DuckDB's."""
    from fractions import Fraction

    con = duckdb.connect()
    tarkka = con.execute(
        f"SELECT encounter, auditor, overall, verdict FROM read_csv({q(scores_csv)}, header=true, all_varchar=true)"
    ).fetchall()
    duck = {
        (e, a): (o, v)
        for e, a, o, v in con.execute(
            f"SELECT encounter, auditor, overall, verdict FROM read_parquet({q(results)})"
        ).fetchall()
    }
    agree = disagree = verdicts = 0
    missing = []
    examples = []
    for enc, aud, overall, verdict in tarkka:
        key = (enc, aud)
        if key not in duck:
            missing.append(key)
            continue
        d_overall, d_verdict = duck.pop(key)
        t = None if overall in (None, "") else float(Fraction(overall))
        same = (t is None and d_overall is None) or (
            t is not None and d_overall is not None and abs(t - d_overall) <= 1e-9
        )
        if same:
            agree += 1
        else:
            disagree += 1
            if len(examples) < 10:
                examples.append((enc, aud, overall, d_overall))
        verdicts += verdict == d_verdict
    print(f"tarkka scoresheets: {len(tarkka)}; DuckDB rows: {len(tarkka) - len(missing) + len(duck)}")
    print(f"overall agrees (|diff| <= 1e-9): {agree}; disagrees: {disagree}; "
          f"only in tarkka: {len(missing)}; only in DuckDB: {len(duck)}")
    print(f"verdict agrees: {verdicts}")
    for example in examples:
        print("  differs:", example)
    return 0 if disagree == 0 and not missing and not duck and verdicts == len(tarkka) else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(run(sys.argv[1], sys.argv[2]))
