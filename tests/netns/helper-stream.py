#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write layerscope-capture stdin records (docs/helper-protocol.md) to stdout.

usage: helper-stream.py CASE [DST_MAC]
CASE is one well-formed sequence ("inject") or one of the malformed inputs
the helper must reject.
"""
import struct
import sys


def rec(rtype, seq, payload=b"", length=None, magic=b"LS", version=1):
    n = len(payload) if length is None else length
    return magic + bytes([version, rtype]) + struct.pack("!II", seq, n) + payload


def frame(dst):
    return bytes.fromhex(dst.replace(":", "")) + bytes.fromhex("020000000000") + b"\x88\xb5" + b"layerscope".ljust(46, b".")


def main():
    case = sys.argv[1]
    dst = sys.argv[2] if len(sys.argv) > 2 else "ff:ff:ff:ff:ff:ff"
    out = {
        "inject": rec(1, 1, frame(dst)) + rec(2, 2) + rec(3, 3),
        "bad-magic": rec(1, 1, frame(dst), magic=b"XX"),
        "bad-version": rec(1, 1, frame(dst), version=9),
        "bad-type": rec(7, 1),
        "huge-length": rec(1, 1, b"", length=0xFFFFFFFF),
        "too-long": rec(1, 1, b"", length=65550),
        "too-short": rec(1, 1, b"\x00" * 13),
        "stats-with-payload": rec(2, 1, b"\x00" * 4),
        "truncated-header": rec(1, 1, frame(dst))[:7],
        "truncated-payload": rec(1, 1, frame(dst))[:30],
        "good-then-garbage": rec(1, 1, frame(dst)) + b"\x00" * 40,
    }[case]
    sys.stdout.buffer.write(out)


if __name__ == "__main__":
    main()
