#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Conversation analysis on the lab recordings (real kernels, tests/netns/lab-record.sh).

  test-conv-golden.py LAYERSCOPE_CLI [DIR] [--fresh]

For every recording in DIR (default: the committed tests/netns/captures):
  * the role and the states of both ends after every TCP segment, in order;
  * the conversation summary (handshake, how it ended, final states, ping and
    ARP counts) from --conversations;
  * a cross-check against tshark on the same file: tcp.stream, relative
    tcp.seq / tcp.ack / tcp.nxtseq, tcp.len, udp.stream, icmp(v6).resptime for
    every frame, and which frames carry retransmission / duplicate ACK /
    lost segment / echo pairing marks.  Skipped (with a note) without tshark.
--fresh: DIR holds a new recording, whose timing may differ a little (how
many times a crossing FIN is resent), so the simultaneous close is checked
for its shape rather than segment by segment.
Prints TAP.
"""
import os
import re
import shutil
import subprocess
import sys

HS = [("handshake 1/3 SYN", "SYN-SENT", "SYN-RECEIVED"),
      ("handshake 2/3 SYN-ACK", "ESTABLISHED", "SYN-RECEIVED"),
      ("handshake 3/3 ACK", "ESTABLISHED", "ESTABLISHED")]
DATA = [("data", "ESTABLISHED", "ESTABLISHED"), ("ACK", "ESTABLISHED", "ESTABLISHED"),
        ("data", "ESTABLISHED", "ESTABLISHED"), ("ACK", "ESTABLISHED", "ESTABLISHED")]
THREE_CLIENT_FIRST = [("teardown 1/4 FIN", "FIN-WAIT-1", "CLOSE-WAIT"),
                      ("teardown 2+3/4 FIN+ACK (three-segment close)", "TIME-WAIT", "LAST-ACK"),
                      ("teardown 4/4 ACK", "TIME-WAIT", "CLOSED")]
THREE_SERVER_FIRST = [("teardown 1/4 FIN", "CLOSE-WAIT", "FIN-WAIT-1"),
                      ("teardown 2+3/4 FIN+ACK (three-segment close)", "LAST-ACK", "TIME-WAIT"),
                      ("teardown 4/4 ACK", "CLOSED", "TIME-WAIT")]

HTTP = HS + DATA + [("data", "ESTABLISHED", "ESTABLISHED"), ("ACK", "ESTABLISHED", "ESTABLISHED")]

# Segment by segment: (role, client state, server state); a list of such lists
# gives the orders a real kernel may choose between.
TCP = {
    "handshake-teardown": HS + DATA + [
        ("teardown 1/4 FIN", "FIN-WAIT-1", "CLOSE-WAIT"),
        ("teardown 2/4 ACK", "FIN-WAIT-2", "CLOSE-WAIT"),
        ("teardown 3/4 FIN", "TIME-WAIT", "LAST-ACK"),
        ("teardown 4/4 ACK", "TIME-WAIT", "CLOSED")],
    "three-segment-close": HS + DATA + THREE_CLIENT_FIRST,
    "server-closes-first": HS + DATA + [
        ("teardown 1/4 FIN", "CLOSE-WAIT", "FIN-WAIT-1"),
        ("teardown 2/4 ACK", "CLOSE-WAIT", "FIN-WAIT-2"),
        ("teardown 3/4 FIN", "LAST-ACK", "TIME-WAIT"),
        ("teardown 4/4 ACK", "CLOSED", "TIME-WAIT")],
    "simultaneous-close": HS + DATA + [
        ("teardown 1/4 FIN", "FIN-WAIT-1", "CLOSE-WAIT"),
        ("simultaneous close FIN", "CLOSING", "CLOSING"),
        ("teardown 1/4 FIN", "CLOSING", "CLOSING"),
        ("simultaneous close FIN", "CLOSING", "CLOSING"),
        ("teardown 4/4 ACK", "CLOSING", "TIME-WAIT"),
        ("teardown 1/4 FIN", "CLOSING", "TIME-WAIT"),
        ("teardown 4/4 ACK", "TIME-WAIT", "TIME-WAIT")],
    "midstream": DATA + THREE_CLIENT_FIRST,
    "rst-abort": HS + DATA + [("RST abort", "CLOSED", "CLOSED")],
    "closed-port": [("handshake 1/3 SYN", "SYN-SENT", "SYN-RECEIVED"),
                    ("RST: connection refused (closed port)", "CLOSED", "CLOSED")],
    # The web server closes after its HTTP/1.0 reply; the client may get its
    # close() in first: either end can be the active closer.
    "http": [HTTP + THREE_SERVER_FIRST, HTTP + THREE_CLIENT_FIRST],
    "classroom": [HTTP + THREE_SERVER_FIRST, HTTP + THREE_CLIENT_FIRST],
}

# The TCP line of --conversations: handshake, how it ended, final states.
SUMMARY = {
    "handshake-teardown": ("yes", "FIN both ways", "TIME-WAIT / CLOSED"),
    "three-segment-close": ("yes", "FIN both ways", "TIME-WAIT / CLOSED"),
    "server-closes-first": ("yes", "FIN both ways", "CLOSED / TIME-WAIT"),
    "simultaneous-close": ("yes", "FIN both ways", "TIME-WAIT / TIME-WAIT"),
    "midstream": ("not seen", "FIN both ways", "TIME-WAIT / CLOSED"),
    "rst-abort": ("yes", "RST", "CLOSED / CLOSED"),
    "closed-port": ("no", "refused (RST to SYN)", "CLOSED / CLOSED"),
    "http": [("yes", "FIN both ways", "CLOSED / TIME-WAIT"), ("yes", "FIN both ways", "TIME-WAIT / CLOSED")],
    "classroom": [("yes", "FIN both ways", "CLOSED / TIME-WAIT"), ("yes", "FIN both ways", "TIME-WAIT / CLOSED")],
}

# ICMP echo lines: (pinger, target, requests, replies, no reply, duplicates).
ICMP = {
    "ping": [("198.18.0.1", "198.18.0.2", 3, 3, 0, 0), ("198.18.0.1", "198.18.0.2", 2, 0, 2, 0),
             ("fd00::1", "fd00::2", 2, 2, 0, 0)],
    "classroom": [("198.18.0.1", "198.18.0.2", 2, 2, 0, 0)],
}
# ARP lines: (asker, asked for, requests, replies, no reply, gratuitous, conflicts).
ARP = {
    "arp": [("198.18.0.1", "198.18.0.2", 1, 1, 0, 0, 0), ("198.18.0.1", "198.18.0.9", 2, 0, 2, 0, 0),
            ("198.18.0.2", "198.18.0.2", 0, 0, 0, 1, 0), ("198.18.0.1", "198.18.0.1", 0, 0, 0, 1, 1)],
    "classroom": [("198.18.0.1", "198.18.0.2", 1, 1, 0, 0, 0)],
}

CROSS_FIELDS = ["frame.number", "tcp.stream", "tcp.seq", "tcp.ack", "tcp.nxtseq", "tcp.len", "tcp.window_size",
                "udp.stream", "icmp.resptime", "icmpv6.resptime", "icmp.resp_to", "icmpv6.resp_to", "icmp.resp_in",
                "arp.duplicate-address-frame"]
# Marks without a value: compared by which frames have them.
CROSS_FLAGS = ["tcp.analysis.retransmission", "tcp.analysis.duplicate_ack", "tcp.analysis.lost_segment",
               "tcp.analysis.keep_alive", "tcp.analysis.zero_window", "tcp.analysis.out_of_order"]

n = 0
failed = 0


def ok(cond, name, detail=""):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, name))
    if not cond:
        failed += 1
        for line in str(detail).splitlines()[:40]:
            print("#   " + line)


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120,
                       env=dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC"))
    return r.returncode, r.stdout, r.stderr


def fields(prog, path, ids, flt=None, tshark=False):
    cmd = [prog, "-n"] if tshark else [prog]
    cmd += ["-r", path, "-T", "fields"]
    for i in ids:
        cmd += ["-e", i]
    if flt:
        cmd += ["-Y", flt]
    rc, out, err = run(cmd)
    if rc != 0:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd), err))
    return [line.split("\t") for line in out.splitlines()]


def table(cli, path, kind):
    """Rows of one --conversations table, split on runs of 2+ spaces."""
    rc, out, err = run([cli, "-r", path, "--conversations"])
    rows, inside = [], False
    for line in out.splitlines():
        if line.startswith(kind + " Conversations:"):
            inside = True
            continue
        if inside and line.startswith("===="):
            break
        if inside and line and line[0].isdigit():
            rows.append(re.split(r"\s{2,}|\s(?=\S)", line.strip()))
    return rows


def same_number(a, b, tol):
    if a == b:
        return True
    try:
        return abs(float(a) - float(b)) <= tol
    except ValueError:
        return False


def check_capture(cli, path, name, fresh, tshark):
    # Roles and states, segment by segment.
    if name in TCP:
        got = [tuple(r[1:4]) for r in fields(cli, path, ["frame.number", "tcp.conv.role", "tcp.conv.client_state",
                                                          "tcp.conv.server_state"], "tcp.stream == 0")]
        wants = TCP[name] if isinstance(TCP[name][0], list) else [TCP[name]]
        want = next((w for w in wants if w == got), wants[0])
        if fresh and name == "simultaneous-close":
            shape = [g[0] for g in got]
            ok("simultaneous close FIN" in shape and got[-1][1:] == ("TIME-WAIT", "TIME-WAIT") and got[:7] == want[:7],
               "%s: FINs crossed, both ends end in TIME-WAIT" % name, "\n".join(map(str, got)))
        else:
            ok(got == want, "%s: role and both states after every TCP segment" % name,
               "\n".join("%-60s %s" % (g, "" if i < len(want) and g == want[i] else "<-- want " + str(want[i] if i < len(want) else "nothing"))
                         for i, g in enumerate(got)) + ("\n(missing %d)" % (len(want) - len(got)) if len(got) < len(want) else ""))
    if name in SUMMARY:
        rc, out, err = run([cli, "-r", path, "--conversations"])
        line = next((l for l in out.splitlines() if re.match(r"^0\s+198\.18\.0\.1:\d+\s+198\.18\.0\.2:\d+", l)), "")
        alts = SUMMARY[name] if isinstance(SUMMARY[name], list) else [SUMMARY[name]]
        match = [a for a in alts if line != "" and (" %s " % a[0]) in line and a[1] in line and a[2] in line]
        ok(len(match) == 1, "%s: summary says handshake %s, ended %s, final %s" % ((name,) + alts[0]), line or out)
    for kind, expect in (("ICMP", ICMP.get(name)), ("ARP", ARP.get(name))):
        if not expect:
            continue
        rows = table(cli, path, kind)
        got = []
        for r in rows:
            # ICMP: #, A, B, Id as "0xNNNN (N)", then the four counts; ARP: #, A, B, then five counts.
            counts = r[5:9] if kind == "ICMP" else r[3:8]
            got.append(tuple([r[1], r[2]] + [int(x) for x in counts]))
        ok(got == expect, "%s: %s pairing summary" % (name, kind), "got  %s\nwant %s" % (got, expect))

    if not tshark:
        return
    ours = fields(cli, path, CROSS_FIELDS)
    theirs = fields(tshark, path, CROSS_FIELDS, tshark=True)
    diffs = []
    for a, b in zip(ours, theirs):
        for i, fid in enumerate(CROSS_FIELDS):
            x, y = (a[i] if i < len(a) else ""), (b[i] if i < len(b) else "")
            tol = 0.0015 if "resptime" in fid else 0
            if not same_number(x, y, tol):
                diffs.append("frame %s %s: ours %r tshark %r" % (a[0], fid, x, y))
    ok(len(ours) == len(theirs) and not diffs, "%s: tcp.stream, relative seq/ack, resptime equal tshark's" % name,
       "\n".join(diffs[:20]) or "frame counts %d vs %d" % (len(ours), len(theirs)))
    marks = fields(tshark, path, ["frame.number"] + CROSS_FLAGS, tshark=True)
    for i, flag in enumerate(CROSS_FLAGS):
        a = [r[0] for r in fields(cli, path, ["frame.number"], flag)]
        b = [r[0] for r in marks if len(r) > i + 1 and r[i + 1] != ""]
        ok(a == b, "%s: frames marked %s equal tshark's" % (name, flag), "ours %s\ntshark %s" % (a, b))


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: test-conv-golden.py LAYERSCOPE_CLI [DIR] [--fresh]")
    cli = sys.argv[1]
    args = [a for a in sys.argv[2:] if a != "--fresh"]
    fresh = "--fresh" in sys.argv[2:]
    d = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "captures")
    tshark = shutil.which("tshark")
    if not tshark:
        print("# tshark is not installed: the cross-check part is skipped")
    names = sorted(f[:-7] for f in os.listdir(d) if f.endswith(".pcapng"))
    ok(set(TCP) | set(ICMP) | set(ARP) <= set(names), "every scenario was recorded", "have %s" % names)
    for name in names:
        check_capture(cli, os.path.join(d, name + ".pcapng"), name, fresh, tshark)
    # The ladder: phases bracketed, one arrow per segment, both states beside it.
    path = os.path.join(d, "handshake-teardown.pcapng")
    if os.path.exists(path):
        rc, out, err = run([cli, "-r", path, "--flow"])
        lines = out.splitlines()
        want = [r"^\s+\+---- three-way handshake$",
                r"^\s+\d+\s+[\d.]+\s+SYN-SENT\s+\|--\[SYN\] Seq=0 Len=0-+>\| SYN-RECEIVED\s+handshake 1/3 SYN$",
                r"^\s+\d+\s+[\d.]+\s+ESTABLISHED\s+\|<-\[SYN,ACK\] Seq=0 Ack=1 Len=0-+\| SYN-RECEIVED\s+handshake 2/3 SYN-ACK$",
                r"^\s+\+---- data transfer$",
                r"^\s+\+---- four-way teardown$",
                r"^\s+\d+\s+[\d.]+\s+TIME-WAIT\s+\|--\[ACK\] Seq=19 Ack=42 Len=0-+>\| CLOSED\s+teardown 4/4 ACK$",
                r"^Handshake complete; ended: FIN both ways; final states: client TIME-WAIT, server CLOSED$"]
        missing = [w for w in want if not any(re.match(w, l) for l in lines)]
        arrows = [l for l in lines if re.search(r"\|(--|<-).*\|", l)]
        ok(rc == 0 and not missing and len(arrows) == len(TCP["handshake-teardown"]),
           "--flow draws the ladder of handshake-teardown", "missing %s\n%s" % (missing, out))
    # Bad input: one line, non-zero exit.
    rc, out, err = run([cli, "-r", os.path.join(d, names[0] + ".pcapng"), "--flow", "--stream", "99"])
    ok(rc != 0 and err.count("\n") == 1 and "stream 99" in err, "--stream of a stream that is not there fails in one line", err)
    rc, out, err = run([cli, "-r", os.path.join(d, names[0] + ".pcapng"), "--stream", "0"])
    ok(rc == 1 and "--flow" in err, "--stream without --flow is refused (exit 1, a usage error as in tshark)", err)
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
