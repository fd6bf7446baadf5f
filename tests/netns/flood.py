#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Send a bounded burst of 60-byte Ethernet frames on one interface.

usage: flood.py IFACE DST_MAC COUNT MAX_SECONDS
Frames carry EtherType 0x88b5 (IEEE local experimental) and a sequence
number.  Prints the number of frames sent (and, with FLOOD_TIMING=1 in the
environment, the seconds the sending took).  Used by the namespace tests and
the capture benchmark only, inside a namespace they create.
"""
import os
import socket
import struct
import sys
import time


def main():
    iface, dst, count, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    count = max(0, min(count, 50_000_000))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    with open(f"/sys/class/net/{iface}/address") as f:
        src = bytes.fromhex(f.read().strip().replace(":", ""))
    head = bytes.fromhex(dst.replace(":", "")) + src + b"\x88\xb5"
    pad = bytes(60 - len(head) - 4)
    send = s.send
    pack = struct.Struct("!I").pack
    sent = 0
    start = time.monotonic()
    deadline = start + limit
    while sent < count:
        # Checking the clock every frame would halve the rate.
        if sent % 1024 == 0 and time.monotonic() > deadline:
            break
        try:
            send(head + pack(sent) + pad)
        except OSError as e:
            # ENOBUFS/EAGAIN: the queue is full; retry, but never past the deadline.
            if e.errno in (11, 105) and time.monotonic() < deadline:
                continue
            if e.errno in (11, 105):
                break
            raise
        sent += 1
    if os.environ.get("FLOOD_TIMING") == "1":
        print(sent, f"{time.monotonic() - start:.6f}")
    else:
        print(sent)


if __name__ == "__main__":
    main()
