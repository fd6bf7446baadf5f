#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a pcap holding one long TCP connection, for the flow-panel benchmark.

    bench/gen-stream.py SEGMENTS OUT.pcap

198.18.0.1:40000 opens a connection to 198.18.0.2:80 (three-way handshake),
sends SEGMENTS - 7 data segments of 100 bytes, each second one acknowledged,
and closes it (four-way teardown).  Checksums are right; standard library only,
deterministic (the same file every time).
"""
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


A = bytes([198, 18, 0, 1])
B = bytes([198, 18, 0, 2])
MAC_A = bytes([2, 0, 0, 0, 0, 1])
MAC_B = bytes([2, 0, 0, 0, 0, 2])


def frame(from_b, flags, seq, ack, payload=b""):
    src, dst = (B, A) if from_b else (A, B)
    sport, dport = (80, 40000) if from_b else (40000, 80)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 64240, 0, 0)
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(tcp) + len(payload))
    tcp = tcp[:16] + struct.pack("!H", csum(pseudo + tcp + payload)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), 0, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = (MAC_A if from_b else MAC_B) + (MAC_B if from_b else MAC_A) + b"\x08\x00"
    return eth + ip + tcp + payload


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 8:
        sys.exit("usage: gen-stream.py SEGMENTS(>=8) OUT.pcap")
    n = int(sys.argv[1])
    FIN, SYN, PSH, ACK = 1, 2, 8, 16
    isn_a, isn_b = 1000, 5000
    frames = [frame(0, SYN, isn_a, 0), frame(1, SYN | ACK, isn_b, isn_a + 1), frame(0, ACK, isn_a + 1, isn_b + 1)]
    seq = isn_a + 1
    data = bytes(range(100))
    k = 0
    while len(frames) < n - 4:
        frames.append(frame(0, PSH | ACK, seq, isn_b + 1, data))
        seq += len(data)
        k += 1
        if k % 2 == 0 and len(frames) < n - 4:
            frames.append(frame(1, ACK, isn_b + 1, seq))
    frames += [frame(0, FIN | ACK, seq, isn_b + 1), frame(1, ACK, isn_b + 1, seq + 1),
               frame(1, FIN | ACK, isn_b + 1, seq + 1), frame(0, ACK, seq + 1, isn_b + 2)]
    with open(sys.argv[2], "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, f in enumerate(frames):
            out.write(struct.pack("<IIII", 1700000000 + i // 10000, (i % 10000) * 100, len(f), len(f)))
            out.write(f)


if __name__ == "__main__":
    main()
