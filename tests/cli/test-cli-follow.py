#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""layerscope-cli -z follow,tcp|udp,ascii|hex|raw,N end to end.

Usage: test-cli-follow.py PATH/TO/layerscope-cli     (TAP on standard output)

The capture is written here from literal frames: a TCP connection whose
request is cut into two segments, the second sent twice, the reply
overtaken by its own second half, and a UDP exchange.  What each end sent
is known, so the output is held against it, not against a stored copy.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

CLI = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.pop("LANGUAGE", None)
os.environ["LC_ALL"] = "C.UTF-8"
os.environ["TZ"] = "UTC"

A, B = bytes([198, 18, 0, 1]), bytes([198, 18, 0, 2])
ISN = {0: 0x01000000, 1: 0xFFFFFF00}
REQUEST = b"GET /hello HTTP/1.1\r\nHost: lab\r\n\r\n"
REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip_frame(from_b, proto, l4):
    src, dst = (B, A) if from_b else (A, B)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 1, 0x4000, 64, proto, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    pseudo = src + dst + struct.pack("!BBH", 0, proto, len(l4))
    off = 16 if proto == 6 else 6
    l4 = l4[:off] + struct.pack("!H", csum(pseudo + l4)) + l4[off + 2:]
    macs = bytes.fromhex("020000000001020000000002" if from_b else "020000000002020000000001")
    return macs + b"\x08\x00" + ip + l4


def tcp(from_b, flags, seq, payload=b""):
    sport, dport = (80, 40000) if from_b else (40000, 80)
    ack = ISN[0 if from_b else 1] + 1 if "A" in flags else 0
    bits = sum({"F": 1, "S": 2, "R": 4, "P": 8, "A": 16}[f] for f in flags)
    hdr = struct.pack("!HHIIBBHHH", sport, dport, (ISN[1 if from_b else 0] + seq) & 0xFFFFFFFF,
                      ack & 0xFFFFFFFF, 5 << 4, bits, 8192, 0, 0)
    return ip_frame(from_b, 6, hdr + payload)


def udp(from_b, payload):
    sport, dport = (53, 50000) if from_b else (50000, 53)
    return ip_frame(from_b, 17, struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload)


FRAMES = [
    tcp(0, "S", 0), tcp(1, "SA", 0), tcp(0, "A", 1),
    tcp(0, "PA", 1, REQUEST[:12]),                       # 4
    tcp(0, "PA", 13, REQUEST[12:]),                      # 5
    tcp(0, "PA", 13, REQUEST[12:]),                      # 6: sent again
    tcp(1, "PA", 1 + 17, REPLY[17:]),                    # 7: overtakes frame 8
    tcp(1, "PA", 1, REPLY[:17]),                         # 8
    udp(0, b"question"),                                 # 9
    udp(1, b"answer\x00\x01"),                           # 10
    tcp(0, "FA", 1 + len(REQUEST)), tcp(1, "FA", 1 + len(REPLY)),
]


def pcap(frames):
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    for i, f in enumerate(frames):
        out += struct.pack("<IIII", 1000, 1000 * i, len(f), len(f)) + f
    return out


tests = 0
failures = 0


def check(name, ok, detail=""):
    global tests, failures
    tests += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", tests, name))
    if not ok:
        failures += 1
        for line in str(detail).splitlines() or [""]:
            print("#   " + line)


def run(*args):
    p = subprocess.run([CLI] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


HEAD = re.compile(r"^(A→B|B→A) frame (\d+), offset (\d+), (\d+) bytes")


def chunks(text):
    """(direction, frame, offset, length, body lines) for each chunk printed."""
    out = []
    for line in text.splitlines():
        m = HEAD.match(line)
        if m:
            out.append([m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4)), []])
        elif out and not line.startswith("====="):
            out[-1][4].append(line)
    return out


def main():
    tmp = tempfile.mkdtemp(prefix="lsc-cli-follow-")
    try:
        path = os.path.join(tmp, "follow.pcap")
        with open(path, "wb") as f:
            f.write(pcap(FRAMES))
        return checks(path)
    finally:
        shutil.rmtree(tmp)


def checks(path):
    rc, out, err = run("-r", path, "-z", "follow,tcp,raw,0")
    got = chunks(out)
    by_dir = {"A→B": b"", "B→A": b""}
    for d, _frame, off, n, body in got:
        data = bytes.fromhex("".join(body))
        by_dir[d] += data if off == len(by_dir[d]) and len(data) == n else b"?"
    check("raw: each end's bytes in order, each once", rc == 0 and err == "" and by_dir["A→B"] == REQUEST
          and by_dir["B→A"] == REPLY, out + err)
    check("raw: one chunk per segment, resent bytes not repeated, the overtaken half first",
          [(d, fr, off) for d, fr, off, _n, _b in got] == [("A→B", 4, 0), ("A→B", 5, 12), ("B→A", 8, 0), ("B→A", 7, 17)],
          out)
    check("raw: the packet lines are replaced", not re.search(r"^\s*\d+ \d+\.\d{6} ", out, re.M), out)
    check("the header names both ends, the filter and what was sent again",
          "Filter: tcp.stream == 0" in out and "198.18.0.1:40000" in out and "198.18.0.2:80" in out
          and "%d bytes sent again" % len(REQUEST[12:]) in out and "(also sent in 1 other frame)" in out, out)

    rc, out, err = run("-r", path, "-z", "follow,tcp,ascii,0")
    text = "\n".join(line for c in chunks(out) for line in c[4] if c[0] == "A→B")
    check("ascii: printable text, line breaks kept", rc == 0 and "TTP/1.1\nHost: lab\n" in text, out + err)
    check("ascii: the message cut where the segment was cut", chunks(out)[0][4] == ["GET /hello H"], out)

    rc, out, err = run("-r", path, "-z", "follow,tcp,hex,0")
    first = chunks(out)[1]
    check("hex: offsets count in the stream, not in the segment",
          rc == 0 and first[4][0].startswith("000c  ") and first[4][0].split("  ")[1].split()[0] == "54", out + err)

    rc, out, err = run("-r", path, "-z", "follow,udp,ascii,0")
    got = chunks(out)
    check("udp: one chunk per datagram in capture order, dots for bytes that are not text",
          rc == 0 and [(c[0], c[1], c[4]) for c in got] == [("A→B", 9, ["question"]), ("B→A", 10, ["answer.."])]
          and "UDP keeps messages" in out, out + err)

    rc, out, err = run("-r", path, "-z", "follow,tcp,ascii,0", "-z", "follow,udp,raw,0")
    check("two -z follow print both, in the order given",
          rc == 0 and out.count("Follow TCP stream 0") == 1 and out.index("Follow TCP") < out.index("Follow UDP"), out + err)

    http = os.path.join(ROOT, "data", "captures", "http.pcapng")
    rc, out, err = run("-r", http, "-z", "follow,tcp,ascii,0")
    body = [c for c in chunks(out) if c[0] == "A→B"]
    check("a bundled capture: the request is readable", rc == 0 and body and body[0][4][0].startswith("GET / HTTP/1.1"),
          out + err)

    for args, status, msg in [
        (["-z", "follow,tcp,ascii,7"], 1, "-z follow,tcp,ascii,7: there is no TCP stream 7 in this capture"),
        (["-z", "follow,tcp,text,0"], 1, "-z follow,tcp,text,0: unknown mode 'text' (use ascii, hex or raw)"),
        (["-z", "follow,sctp,ascii,0"], 1, "-z follow,sctp,ascii,0: use follow,tcp|udp,ascii|hex|raw,STREAM (e.g. follow,tcp,ascii,0)"),
        (["-z", "follow,tcp,ascii,-1"], 1, "-z follow,tcp,ascii,-1: the stream must be a tcp.stream number of 0 or more, not '-1'"),
        (["-z", "bogus"], 1, "-z: unknown statistics 'bogus' (use conv,eth|ip|tcp|udp, io,stat,SECONDS or follow,tcp|udp,ascii|hex|raw,N)"),
        (["-z", "follow,tcp,ascii,0", "--no-analysis"], 1, "-z follow needs the conversation analysis: leave out --no-analysis"),
    ]:
        rc, out, err = run("-r", path, *args)
        check("error: %s" % " ".join(args), rc == status and err == "layerscope-cli: " + msg + "\n", "%d %r" % (rc, err))

    print("1..%d" % tests)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
