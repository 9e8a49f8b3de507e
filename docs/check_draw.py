#!/usr/bin/env python3
"""Checks a Carnet contest draw from the values its draw report prints.

Standard library only (Python 3.8 or later). The method is specified byte by byte in
docs/draw.md. Give the report's values:

    python3 check_draw.py --commitment HEX --secret HEX --public "VALUE" \
        --entries 3,5,8,13 --digest HEX --drawn 13,5

It says whether the secret is the one committed to, whether the list of entry numbers has
the printed digest, and whether the order drawn is the one the method gives; it exits 0
when all hold, 1 otherwise. An entrant can also check that their entry number is in the
list (--mine N).

    python3 check_draw.py --batch FILE   (one JSON draw a line; prints one order a line)
"""

import argparse
import hashlib
import json
import struct
import sys


def commitment(secret):
    return hashlib.sha256(b"carnet draw commitment v2" + secret).digest()


def committed_seed(secret, public_value):
    data = public_value.encode("utf-8")
    return hashlib.sha256(
        b"carnet draw seed v2" + secret + struct.pack("<Q", len(data)) + data
    ).digest()


def list_digest(entries):
    h = hashlib.sha256(b"carnet draw list v1")
    h.update(struct.pack("<Q", len(entries)))
    for number in entries:
        h.update(struct.pack("<q", number))
    return h.digest()


class Stream:
    """SHA-256 in counter mode: 64-bit little-endian words, four to a block."""

    def __init__(self, seed, digest):
        self.key = hashlib.sha256(b"carnet draw stream v1" + seed + digest).digest()
        self.counter = 0
        self.words = []

    def next_u64(self):
        if not self.words:
            block = hashlib.sha256(self.key + struct.pack("<Q", self.counter)).digest()
            self.counter += 1
            self.words = list(struct.unpack("<4Q", block))
        return self.words.pop(0)

    def below(self, n):
        """A uniform integer in 0..n-1, by rejection (no modulo bias)."""
        top = 2**64 - 1
        zone = top - (top % n)
        while True:
            v = self.next_u64()
            if v < zone:
                return v % n


def draw_order(seed, entries, take):
    stream = Stream(seed, list_digest(entries))
    order = list(entries)
    take = min(take, len(order))
    for k in range(take):
        j = k + stream.below(len(order) - k)
        order[k], order[j] = order[j], order[k]
    return order[:take]


def numbers(text):
    return [int(x) for x in text.replace(" ", "").split(",") if x]


def check(args):
    secret = bytes.fromhex(args.secret)
    entries = numbers(args.entries)
    drawn = numbers(args.drawn)
    findings = []
    if len(secret) != 32:
        findings.append("the secret is not 32 bytes (64 hexadecimal digits)")
    elif commitment(secret).hex() != args.commitment.lower():
        findings.append("the secret is NOT the one the commitment was made for")
    if list_digest(entries).hex() != args.digest.lower():
        findings.append("the list of entry numbers does NOT have the printed digest")
    order = draw_order(committed_seed(secret, args.public), entries, len(drawn))
    if order != drawn:
        findings.append(
            "the order drawn is NOT the method's: it gives " + ", ".join(map(str, order))
        )
    if args.mine is not None:
        where = "is" if args.mine in entries else "is NOT"
        print(f"entry {args.mine} {where} among the {len(entries)} entries drawn from")
    for f in findings:
        print(f)
    if not findings:
        print(f"draw checked: {len(entries)} entries, order {', '.join(map(str, order))}")
    return 0 if not findings else 1


def batch(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            secret = bytes.fromhex(d["secret"])
            seed = committed_seed(secret, d["public"])
            out = {
                "commitment": commitment(secret).hex(),
                "digest": list_digest(d["entries"]).hex(),
                "order": draw_order(seed, d["entries"], d["take"]),
            }
            print(json.dumps(out))
    return 0


def main():
    p = argparse.ArgumentParser(description="Check a Carnet contest draw.")
    p.add_argument("--commitment", help="the commitment published with the rules")
    p.add_argument("--secret", help="the secret revealed at the draw")
    p.add_argument("--public", default="", help="the public value, exactly as printed")
    p.add_argument("--entries", help="the entry numbers drawn from, in order, with commas")
    p.add_argument("--digest", help="the list's digest")
    p.add_argument("--drawn", help="the entry numbers drawn, in order, with commas")
    p.add_argument("--mine", type=int, help="your entry number")
    p.add_argument("--batch", help="a file of JSON draws, one a line (tests)")
    args = p.parse_args()
    if args.batch:
        return batch(args.batch)
    missing = [n for n in ("commitment", "secret", "entries", "digest", "drawn") if getattr(args, n) is None]
    if missing:
        p.error("give " + ", ".join("--" + n for n in missing))
    return check(args)


if __name__ == "__main__":
    sys.exit(main())
