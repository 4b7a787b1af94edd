#!/usr/bin/env python3
"""Check a tarkka proof file without tarkka.

    python3 verify_proof.py PROOF.json VKEY

VKEY is the log's verifier key (NAME+KEYID+BASE64), as `tarkka checkpoint`
printed it. Exit 0 when everything holds, 1 when something does not (said on
standard error), 2 on bad usage.

Written from the documented formats only (docs/ledger.md): C2SP signed-note,
tlog-checkpoint and tlog-proof, RFC 6962/9162 Merkle trees, and tarkka's
ledger line hash. Needs the Python standard library and the `cryptography`
package (for Ed25519).
"""

import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Refused(Exception):
    pass


def strict_object(pairs):
    """A JSON object that names no field twice: the bytes after a line's
    `hash` are not covered by it, so a second `payload` there must not win."""
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise Refused("a field appears twice in a line")
    return dict(pairs)


def parse_vkey(vkey):
    name, key_id, key = vkey.strip().split("+", 2)
    raw = base64.b64decode(key, validate=True)
    if raw[0] != 0x01 or len(raw) != 33:
        raise Refused("only Ed25519 verifier keys are supported")
    expected = hashlib.sha256(name.encode() + b"\n\x01" + raw[1:]).digest()[:4]
    if bytes.fromhex(key_id) != expected:
        raise Refused("the verifier key's ID does not match its name and key")
    return name, expected, Ed25519PublicKey.from_public_bytes(raw[1:])


def open_checkpoint(note, vkey):
    """The checkpoint's origin, size and root, if a signature by vkey holds."""
    name, key_id, public = parse_vkey(vkey)
    at = note.rfind("\n\n")
    if at < 0:
        raise Refused("the checkpoint has no signature block")
    text, signatures = note[: at + 1], note[at + 2 :]
    verified = False
    for line in signatures.splitlines():
        if not line.startswith("\u2014 "):
            raise Refused("not a signature line: " + line)
        signer, signature = line[2:].split(" ", 1)
        raw = base64.b64decode(signature, validate=True)
        if signer != name or raw[:4] != key_id:
            continue  # an unknown key: ignored, as the spec says
        try:
            public.verify(raw[4:], text.encode())
        except InvalidSignature:
            raise Refused("the log key's signature does not verify: the checkpoint was altered")
        verified = True
    if not verified:
        raise Refused("the checkpoint is not signed by " + name)
    lines = text.split("\n")
    origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True)
    if origin != name:
        raise Refused("the checkpoint's origin is not the key's name")
    return origin, size, root


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(leaf, index, size, proof, root):
    """RFC 9162, section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def check(proof_file, vkey):
    proof = json.loads(proof_file)
    if proof.get("format") != "tarkka-proof/1":
        raise Refused("not a tarkka-proof/1 file")
    origin, size, root = open_checkpoint(proof["checkpoint"], vkey)
    proven = []
    for entry in proof["entries"]:
        lines = entry["tlog_proof"].split("\n")
        if lines[0] != "c2sp.org/tlog-proof@v1":
            raise Refused("entry %d: not a tlog proof" % entry["seq"])
        at = 1
        if lines[at].startswith("extra "):
            at += 1
        index_text = lines[at].removeprefix("index ")
        if not lines[at].startswith("index ") or not index_text.isdigit() or (
            index_text != "0" and index_text.startswith("0")
        ):
            raise Refused("entry %d: not an index line" % entry["seq"])
        index = int(index_text)
        path = []
        at += 1
        while lines[at]:
            path.append(base64.b64decode(lines[at], validate=True))
            at += 1
        if "\n".join(lines[at + 1 :]) != proof["checkpoint"]:
            raise Refused("entry %d: proven against another checkpoint" % entry["seq"])
        line = entry["line"]
        body = line[: line.rindex(',"hash":')] + "}"
        recorded = json.loads(line, object_pairs_hook=strict_object)
        digest = hashlib.sha256(body.encode()).hexdigest()
        if digest != recorded["hash"] or recorded["seq"] != entry["seq"]:
            raise Refused("entry %d: the line does not match its own hash" % entry["seq"])
        leaf = hashlib.sha256(b"\x00" + bytes.fromhex(digest)).digest()
        if not verify_inclusion(leaf, index, size, path, root):
            raise Refused("entry %d: not in the checkpointed ledger at index %d" % (entry["seq"], index))
        proven.append((recorded["seq"], recorded["kind"], recorded["actor"]))
    return origin, size, proven


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    try:
        origin, size, proven = check(text, sys.argv[2])
    except (Refused, ValueError, KeyError, IndexError, TypeError) as error:
        print("does not hold: %s" % error, file=sys.stderr)
        return 1
    print("holds: %d entries in the checkpoint of %d entries of %s" % (len(proven), size, origin))
    for seq, kind, actor in proven:
        print("  entry %d: %s by %s" % (seq, kind, actor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
