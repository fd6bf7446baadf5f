#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Count the records of a classic pcap file (either byte order, us or ns).

Faster than printing a million frames just to count lines, and independent
of both programs under benchmark.  Prints 0 for a missing or empty file.
"""
import struct
import sys


def count(path):
    try:
        f = open(path, "rb")
    except OSError:
        return 0
    with f:
        head = f.read(24)
        if len(head) < 24:
            return 0
        magic = head[:4]
        if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
            rec = struct.Struct("<IIII")
        elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
            rec = struct.Struct(">IIII")
        else:
            raise SystemExit(f"{path}: not a pcap file")
        n = 0
        while True:
            h = f.read(16)
            if len(h) < 16:
                return n
            caplen = rec.unpack(h)[2]
            if caplen > 262144:
                raise SystemExit(f"{path}: record {n + 1} claims {caplen} bytes")
            if len(f.read(caplen)) < caplen:
                return n
            n += 1


if __name__ == "__main__":
    print(count(sys.argv[1]))
