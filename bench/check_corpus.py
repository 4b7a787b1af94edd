#!/usr/bin/env python3
"""Builds the `tarkka check` benchmark: a rubric with 20 automatic rules
(every check of the shipped call rubrics, conditions dropped so that every
rule runs, plus a regular expression for phone numbers), 10,000 call
transcripts of about 5 KB drawn from the turns of the labelled set, and the
rubric's phrases as a fixed-string list for `rg`.

Usage: bench/check_corpus.py OUT_DIR [COUNT]"""
import os, random, re, sys, tomllib

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
os.makedirs(os.path.join(out, "calls"), exist_ok=True)

def blocks(text, header):
    """The `[phrases.X]` or `[[criterion]]` blocks of a rubric file."""
    parts = re.split(r"\n(?=\[)", text)
    return [p.strip() + "\n" for p in parts if p.startswith(header)]

sets, criteria = {}, []
for name in ["cold-call", "service-call", "follow-up"]:
    text = open(os.path.join(root, "rubrics", name + ".toml"), encoding="utf-8").read()
    for block in blocks(text, "[phrases."):
        sets.setdefault(block.split("]")[0], block)
    # A criterion with its check: the [[criterion]] block, the
    # [criterion.check] block after it and its word model's tables.
    parts = re.split(r"\n(?=\[)", text)
    for i, part in enumerate(parts):
        if part.startswith("[[criterion]]") and i + 1 < len(parts) and parts[i + 1].startswith("[criterion.check]"):
            body = "\n".join(l for l in part.splitlines()
                             if not l.startswith(("when =", "unless =", "section =", "#")))
            check = [parts[i + 1].strip()]
            # Its word model, if it has one.
            for extra in parts[i + 2:]:
                if not extra.startswith("[criterion.check.model"):
                    break
                check.append(extra.strip())
            criteria.append(body + '\nsection = "all"\n' + "\n".join(check) + "\n")
criteria.append('''[[criterion]]
id = "privacy.phone-number"
text = { fi = "Sanottiinko puhelinnumero?", en = "Was a phone number said?" }
section = "all"
[criterion.check]
who = "either"
regex = ["\\\\b0\\\\d{1,2}[ -]?\\\\d{3}[ -]?\\\\d{3,4}\\\\b"]
''')
assert len(criteria) == 20, len(criteria)
rubric = '''format = 1
id = "bench-20"
version = "1"
title = { fi = "20 sääntöä", en = "20 rules" }
channel = "call"
pass_threshold = 0.5

[profile]
segment = ["consumer", "business"]
language = ["fi", "sv", "en"]
returning = "bool"
employees = "integer"

''' + "\n".join(sets.values()) + '''
[[section]]
id = "all"
title = { fi = "Kaikki", en = "All" }

''' + "\n".join(criteria)
open(os.path.join(out, "rubric.toml"), "w", encoding="utf-8").write(rubric)

# The phrases as fixed strings for rg: stars dropped (a prefix is a substring).
phrases = set()
for block in sets.values():
    for languages in tomllib.loads(block)["phrases"].values():
        # Language lists only: a set's `near`, `unless_near` and `negated`
        # are no phrases.
        for listed in languages.values():
            if isinstance(listed, list):
                phrases.update(p.rstrip("*") for p in listed)
open(os.path.join(out, "phrases.txt"), "w", encoding="utf-8").write("\n".join(sorted(phrases)) + "\n")

# Turns of the labelled plain-text transcripts, by role.
labelled = os.path.join(root, "tests/fixtures/transcripts/labelled")
agent, customer = [], []
for name in sorted(os.listdir(labelled)):
    if not name.endswith(".txt"):
        continue
    for line in open(os.path.join(labelled, name), encoding="utf-8"):
        line = re.sub(r"^\[[^\]]*\]\s*|^\d\d:\d\d:\d\d\s+", "", line.strip())
        if ":" not in line:
            continue
        who, words = line.split(":", 1)
        (customer if who.strip().lower() in ("asiakas", "customer", "caller") else agent).append(words.strip())
rng = random.Random(1)
total = 0
for i in range(count):
    turns, size, t = [], 0, 0
    while size < 5000:
        role, pool = ("Agent", agent) if len(turns) % 2 == 0 else ("Customer", customer)
        words = rng.choice(pool)
        t += rng.randint(3, 12)
        line = f"[{t // 3600:02}:{t // 60 % 60:02}:{t % 60:02}] {role}: {words}\n"
        turns.append(line)
        size += len(line.encode())
    text = "".join(turns)
    if i % 4 == 0:
        # Every fourth as WebVTT.
        cues, t = ["WEBVTT\n"], 0
        for line in turns:
            role, words = line.split("] ", 1)[1].split(": ", 1)
            cues.append(f"\n{t // 3600:02}:{t // 60 % 60:02}:{t % 60:02}.000 --> {(t + 4) // 3600:02}:{(t + 4) // 60 % 60:02}:{(t + 4) % 60:02}.000\n<v {role}>{words}")
            t += 5
        text, ext = "".join(cues), "vtt"
    else:
        ext = "txt"
    data = text.encode()
    total += len(data)
    open(os.path.join(out, "calls", f"call-{i:05}.{ext}"), "wb").write(data)
print(f"{count} transcripts, {total / 1e6:.1f} MB, {len(criteria)} rules, {len(phrases)} phrases for rg")
