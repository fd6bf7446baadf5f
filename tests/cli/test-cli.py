#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""layerscope-cli end to end: output modes, display filters, reading from
pipes and FIFOs, and every kind of bad input with its exit status and its
one-line message.

Usage: test-cli.py PATH/TO/layerscope-cli     (TAP on standard output)

The captures are written here from literal bytes: an ARP request, a DNS
query over UDP and a TCP SYN, as pcap and as pcapng, then damaged on purpose.
"""
import atexit
import gzip
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time

CLI = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The messages checked here are the untranslated ones.
os.environ.pop("LANGUAGE", None)
os.environ["LC_ALL"] = "C.UTF-8"
os.environ["TZ"] = "UTC"

# Ethernet broadcast ARP request: who has 198.18.0.2? tell 198.18.0.1 (42 bytes).
ARP = bytes.fromhex(
    "ffffffffffff020000000001 0806"
    "0001 0800 06 04 0001 020000000001 c6120001 000000000000 c6120002")
# 198.18.0.1:53000 -> 198.18.0.2:53, DNS query for example.com A (71 bytes).
DNS = bytes.fromhex(
    "020000000002020000000001 0800"
    "4500 0039 1234 4000 4011 9c58 c6120001 c6120002"
    "cf08 0035 0025 c29c"
    "1234 0100 0001 0000 0000 0000 076578616d706c6503636f6d00 0001 0001")
# 198.18.0.1:40000 -> 198.18.0.2:80, TCP SYN, TTL 128 (54 bytes).
SYN = bytes.fromhex(
    "020000000002020000000001 0800"
    "4500 0028 1234 4000 8006 5c74 c6120001 c6120002"
    "9c40 0050 000003e8 00000000 5002 faf0 8851 0000")
FRAMES = [ARP, DNS, SYN]


def pcap(frames, linktype=1, snaplen=65535):
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)
    for i, f in enumerate(frames):
        out += struct.pack("<IIII", 1000 + i, 250000 * i, len(f), len(f)) + f
    return out


def pcapng_block(btype, body):
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def pcapng(frames, linktype=1):
    out = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += pcapng_block(1, struct.pack("<HHI", linktype, 0, 65535))
    for i, f in enumerate(frames):
        ts = (1000 + i) * 1000000 + 250000 * i
        out += pcapng_block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, len(f), len(f)) + f)
    return out


tests = 0
failures = 0


def check(name, ok, detail=""):
    global tests, failures
    tests += 1
    if ok:
        print("ok %d - %s" % (tests, name))
    else:
        failures += 1
        print("not ok %d - %s" % (tests, name))
        for line in str(detail).splitlines() or [""]:
            print("#   " + line)


def skip(name, why):
    """TAP skip: only for something this machine lacks, never for a failure."""
    global tests
    tests += 1
    print("ok %d - %s # SKIP %s" % (tests, name, why))


def run(*args, stdin=None, input_bytes=None):
    p = subprocess.run([CLI] + list(args), stdin=stdin, input=input_bytes,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def expect_error(name, args, status, message, stdout_lines=0, prefix_only=False, who="layerscope-cli"):
    """A bad input: the exit status, exactly one stderr line (the message, or
    with prefix_only a line starting with it), and the packets read before
    the problem (stdout_lines of them).  who: the line's prefix (a crafting
    command says "layerscope-cli ping")."""
    rc, out, err = run(*args)
    lines = out.splitlines()
    if prefix_only:
        same = err.startswith(who + ": " + message) and err.count("\n") == 1 and err.endswith("\n")
    else:
        same = err == who + ": " + message + "\n"
    ok = rc == status and same and len(lines) == stdout_lines
    check(name, ok, "exit %d (want %d)\nstderr: %r\nwant:   %r\nstdout lines: %d (want %d)"
          % (rc, status, err, who + ": " + message + "\n", len(lines), stdout_lines))


def frame_numbers(text):
    return [int(line.split()[0]) for line in text.splitlines() if line.strip()]


def main():
    tmp = tempfile.mkdtemp(prefix="lsc-cli-")
    atexit.register(shutil.rmtree, tmp, True)
    os.chdir(tmp)  # messages name files relative to here

    def write(name, data):
        with open(name, "wb") as f:
            f.write(data)
        return name

    good = write("three.pcap", pcap(FRAMES))
    good_ng = write("three.pcapng", pcapng(FRAMES))
    whole = pcap(FRAMES)

    # ---- text output ----
    rc, out, err = run("-r", good)
    check("summary: one line per frame", rc == 0 and err == "" and frame_numbers(out) == [1, 2, 3], out + err)
    lines = out.splitlines()
    check("summary: columns", len(lines) == 3
          and lines[1].split()[:7] == ["2", "1.250000", "198.18.0.1", "\u2192", "198.18.0.2", "DNS", "71"], lines)
    rc, out_ng, err = run("-r", good_ng)
    check("pcapng reads the same as pcap", rc == 0 and out_ng == out, out_ng + err)
    rc, out, err = run("-r", good, "-c", "2")
    check("-c 2 stops after two frames", rc == 0 and frame_numbers(out) == [1, 2], out + err)
    rc, out, err = run("-r", good, "-c2")
    check("-c2 (value glued to the option, as ping and tcpdump take it) stops after two frames",
          rc == 0 and frame_numbers(out) == [1, 2], out + err)
    rc, out, err = run("-r", good, "-V", "-c", "1")
    check("-V prints the layer tree", rc == 0 and "Layer 2: Data link" in out
          and "    Address Resolution Protocol" in out and "Layer 5: Session" in out, out + err)
    rc, out, err = run("-r", good, "-V", "-c", "1", "--model", "tcpip4")
    check("--model tcpip4 groups by four layers", rc == 0 and "Layer 1: Link" in out
          and "Layer 4: Application" in out and "Layer 5" not in out, out + err)
    rc, out, err = run("-r", good, "-x", "-c", "1")
    check("-x adds the hex dump", rc == 0
          and "0000  ff ff ff ff ff ff 02 00  00 00 00 01 08 06 00 01  ................" in out, out + err)
    rc2, out2, err2 = run("-r", good, "--hexdump", "-c", "1")
    check("--hexdump (the crafting commands' name) is -x too", rc2 == 0 and out2 == out, out2 + err2)

    # ---- standard input: a pipe and a FIFO ----
    with open(good, "rb") as f:
        rc, out, err = run("-r", "-", stdin=f)
    rc2, ref, _ = run("-r", good)
    check("-r - reads a file on standard input", rc == 0 and out == ref, out + err)
    p = subprocess.Popen(["cat", good], stdout=subprocess.PIPE)
    rc, out, err = run("-r", "-", stdin=p.stdout)
    p.wait()
    check("-r - reads a pipe", rc == 0 and out == ref, out + err)
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as f:
            f.write(whole)
    t = threading.Thread(target=feed)
    t.start()
    rc, out, err = run("-r", fifo)
    t.join(timeout=30)
    check("-r FIFO reads a named pipe", rc == 0 and out == ref and frame_numbers(out) == [1, 2, 3], out + err)
    rc, out, err = run("-r", "-", input_bytes=pcapng(FRAMES))
    check("-r - reads pcapng too", rc == 0 and out == ref, out + err)
    rc, out, err = run("-r", "-", input_bytes=whole[:-10])
    check("-r - cut short: frames before, then one error line", rc == 2 and frame_numbers(out) == [1, 2]
          and err == "layerscope-cli: standard input: after packet 2: the file ends in the middle of a packet (cut short)\n",
          out + err)

    # A slow writer: lines come as frames come (-l), and -c stops without
    # waiting for frames it does not need.  The writer holds the pipe open for
    # 20 s after three frames; both runs must end long before.
    def slow_writer():
        return subprocess.Popen([sys.executable, "-c",
                                 "import sys, time\n"
                                 "sys.stdout.buffer.write(sys.stdin.buffer.read()); sys.stdout.flush()\n"
                                 "time.sleep(20)\n"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for args, name in ((["-l"], "-l on a pipe prints each line at once"),
                       (["-c", "2"], "-c 2 on a pipe stops after two frames")):
        w = slow_writer()
        w.stdin.write(whole)
        w.stdin.close()
        t0 = time.monotonic()
        c = subprocess.Popen([CLI, "-r", "-"] + args, stdin=w.stdout, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        w.stdout.close()
        if args == ["-l"]:
            first = c.stdout.readline()
            ok = first.startswith(b"     1 ")
            c.kill()
        else:
            try:
                first, _ = c.communicate(timeout=10)
                ok = c.returncode == 0 and frame_numbers(first.decode()) == [1, 2]
            except subprocess.TimeoutExpired:
                c.kill()
                first, ok = b"", False
        waited = time.monotonic() - t0
        ok = ok and waited < 10
        c.wait()
        w.kill()
        w.wait()
        check(name, ok, "first line after %.1f s: %r" % (waited, first))

    # -T pdml and psml stream: each frame's element is out while the input
    # is still open, before the closing tag that only the end can write.
    for mode, end in (("pdml", b"</pdml>"), ("psml", b"</psml>")):
        w = slow_writer()
        w.stdin.write(whole)
        w.stdin.close()
        t0 = time.monotonic()
        c = subprocess.Popen([CLI, "-r", "-", "-l", "-T", mode], stdin=w.stdout, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        w.stdout.close()
        got = b""
        while got.count(b"</packet>") < 3 and time.monotonic() - t0 < 10:
            line = c.stdout.readline()
            if not line:
                break
            got += line
        waited = time.monotonic() - t0
        c.kill()
        c.wait()
        w.kill()
        w.wait()
        check("-T %s -l on a pipe: each frame as it comes" % mode,
              got.count(b"</packet>") == 3 and end not in got and waited < 10,
              "after %.1f s: %r" % (waited, got[-300:]))

    # A file cut shorter by another program while it is read: one error line
    # and exit status 2, whatever the reader was doing at that moment.
    big = os.path.join(tmp, "big.pcap")
    subprocess.run([sys.executable, os.path.join(ROOT, "tests", "gen", "lsc-gen.py"), "bench", "60000", big],
                   check=True)
    c = subprocess.Popen([CLI, "-r", big], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = c.stdout.read(4096)          # the output pipe fills and the reader waits
    os.truncate(big, 100000)
    rest, err = c.communicate(timeout=60)
    err = err.decode()
    check("a file cut short while it is read: one line, exit 2",
          c.returncode == 2 and len(head) == 4096 and err.count("\n") == 1
          and ("cut short" in err or "changed while it was read" in err), "%d %r" % (c.returncode, err))

    # ---- JSON ----
    rc, out, err = run("-r", good, "-T", "json")
    try:
        doc = json.loads(out)
        ok = isinstance(doc, list) and [o["number"] for o in doc] == [1, 2, 3]
    except ValueError as e:
        ok, doc = False, str(e)
    check("-T json is one JSON array of frame objects", rc == 0 and ok, out[:400] + err)
    jt = subprocess.run([sys.executable, "-m", "json.tool"], input=out.encode(), stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE)
    check("-T json passes python3 -m json.tool", jt.returncode == 0, jt.stderr)
    if ok:
        names = [layer["name"] for layer in doc[0]["layers"]]
        check("-T json groups by the OSI layers", names == ["Physical", "Data link", "Network", "Transport",
                                                           "Session", "Presentation", "Application"], names)
        eth = doc[0]["layers"][1]["nodes"][0]
        src = [c for c in eth["children"] if c["id"] == "eth.src"]
        check("-T json nodes carry id, value, offset, length, flags, children",
              eth["id"] == "eth" and eth["offset"] == 0 and eth["length"] == 14 and len(src) == 1
              and src[0]["value"] == "02:00:00:00:00:01" and src[0]["offset"] == 6 and src[0]["length"] == 6
              and src[0]["flags"] == [] and isinstance(src[0]["children"], list), eth)
        check("-T json summary columns", doc[1]["protocol"] == "DNS" and doc[1]["source"] == "198.18.0.1"
              and doc[1]["len"] == 71 and doc[1]["time_relative"] == 1.25, doc[1])
    rc, out, err = run("-r", good, "-T", "json", "--model", "tcpip5", "-Y", "tcp")
    doc = json.loads(out) if rc == 0 else []
    check("-T json with a filter and --model tcpip5", rc == 0 and [o["number"] for o in doc] == [3]
          and [layer["name"] for layer in doc[0]["layers"]][-1] == "Application" and len(doc[0]["layers"]) == 5,
          out[:300] + err)
    rc, out, err = run("-r", good, "-T", "json", "-Y", "frame.len > 5000")
    check("-T json with nothing to show is an empty array", rc == 0 and json.loads(out) == [], repr(out) + err)
    rc, out, err = run("-r", good, "-T", "jsonl")
    objs = [json.loads(line) for line in out.splitlines()] if rc == 0 else []
    check("-T jsonl: one object per line", rc == 0 and [o["number"] for o in objs] == [1, 2, 3], out[:300] + err)

    # The compact forms: --no-json-labels drops only label and display from
    # every node; -T ek is tshark's Elasticsearch bulk form.
    def nodes_of(obj):
        todo = [n for layer in obj["layers"] for n in layer["nodes"]]
        while todo:
            n = todo.pop()
            yield n
            todo.extend(n["children"])
    full_keys = {"id", "name", "label", "value", "display", "offset", "length", "flags", "children"}
    full = [list(nodes_of(o)) for o in objs]
    check("-T jsonl nodes carry label and display by default", objs and all(
        set(n) == full_keys for f in full for n in f), full[:1])
    for mode in ("json", "jsonl"):
        rc, out, err = run("-r", good, "-T", mode, "--no-json-labels")
        try:
            comp = json.loads(out) if mode == "json" else [json.loads(line) for line in out.splitlines()]
        except ValueError as e:
            comp = str(e)
        cnodes = [list(nodes_of(o)) for o in comp] if isinstance(comp, list) else []
        ok = (rc == 0 and len(cnodes) == 3 and all(len(c) == len(f) for c, f in zip(cnodes, full))
              and all(set(n) == full_keys - {"label", "display"} for c in cnodes for n in c)
              and [[(n["id"], n["value"], n["offset"]) for n in c] for c in cnodes]
              == [[(n["id"], n["value"], n["offset"]) for n in f] for f in full]
              and [{k: v for k, v in o.items() if k != "layers"} for o in comp]
              == [{k: v for k, v in o.items() if k != "layers"} for o in objs])
        check("-T %s --no-json-labels: the same nodes and values without label and display" % mode, ok,
              out[:400] + err)
    expect_error("--no-json-labels without JSON", ["-r", good, "--no-json-labels"], 1,
                 "--no-json-labels needs -T json or -T jsonl")
    rc, out, err = run("-r", good, "-T", "ek")
    lines = out.splitlines()
    try:
        docs = [json.loads(line) for line in lines]
    except ValueError as e:
        docs = [str(e)]
    ok = rc == 0 and len(docs) == 6 and all(
        docs[i] == {"index": {"_index": time.strftime("packets-%Y-%m-%d",
                                                     time.gmtime(int(docs[i + 1]["timestamp"]) // 1000)),
                              "_type": "doc"}} for i in (0, 2, 4))
    check("-T ek: an index line and a document line per frame", ok, out[:600] + err)
    if ok:
        d = docs[3]["layers"]
        check("-T ek: the fields under each protocol, flat, with tshark's keys and -T fields' values",
              list(d)[:3] == ["frame", "eth", "ip"] and d["frame"]["frame_frame_number"] == "2"
              and d["ip"]["ip_ip_src"] == "198.18.0.1" and d["eth"]["eth_eth_src_lg"] in (True, False)
              and '"label"' not in out and '"display"' not in out
              and int(docs[3]["timestamp"]) == int(docs[1]["timestamp"]) + 1250, d)
    # ---- -T pdml and -T psml: tshark's XML forms ----
    import xml.etree.ElementTree as ET

    def parse_xml(text):
        try:
            return ET.fromstring(text.encode("utf-8"))
        except ET.ParseError as e:
            return None

    rc, out, err = run("-r", good, "-T", "pdml")
    root = parse_xml(out)
    packets = root.findall("packet") if root is not None else []
    ok = (rc == 0 and out.startswith('<?xml version="1.0" encoding="utf-8"?>\n<pdml version="0" creator="layerscope/')
          and root.tag == "pdml" and root.get("time") and len(packets) == 3
          and all([p.tag for p in pk] == ["proto"] * len(pk) for pk in packets)
          and [[p.get("name") for p in pk][:3] for pk in packets] == [["geninfo", "frame", "eth"]] * 3
          and [p.get("name") for p in packets[1]][3:] == ["ip", "udp", "dns"])
    check("-T pdml: valid XML, a <packet> per frame with geninfo and a <proto> per protocol", ok, out[:600] + err)
    if ok:
        dns = packets[1]
        ipp = next(p for p in dns if p.get("name") == "ip")
        src = dns.find(".//field[@name='ip.src']")
        ttl = dns.find(".//field[@name='ip.ttl']")
        num = dns.find(".//field[@name='frame.number']")
        lg = dns.find(".//field[@name='eth.dst']/field[@name='eth.dst.lg']")
        geninfo = {f.get("name"): f.get("show") for f in dns[0]}
        check("-T pdml: fields nested as the tree, with tshark's attributes and the bytes they cover",
              (ipp.get("size"), ipp.get("pos")) == ("20", "14") and ipp.get("showname").startswith("Internet Protocol Version 4")
              and src is not None and list(src.attrib) == ["name", "showname", "size", "pos", "show", "value"]
              and (src.get("show"), src.get("value"), src.get("pos"), src.get("size")) == ("198.18.0.1", "c6120001", "26", "4")
              and (ttl.get("show"), ttl.get("value"), ttl.get("showname")) == ("64", "40", "Time to Live: 64")
              and num is not None and num.get("show") == "2" and "value" not in num.attrib
              and lg is not None and geninfo["num"] == "2" and geninfo["len"] == "71",
              ET.tostring(dns, encoding="unicode")[:1500])
        # Every field's show is its -T fields value.
        rc2, fout, err2 = run("-r", good, "-T", "fields", "-e", "udp.dstport", "-e", "dns.qry.name", "-e", "eth.type",
                              "-Y", "dns")
        check("-T pdml: show is the -T fields value",
              fout.rstrip("\n").split("\t") == [dns.find(".//field[@name='%s']" % i).get("show")
                                                  for i in ("udp.dstport", "dns.qry.name", "eth.type")], fout + err2)
    rc, out, err = run("-r", good, "-T", "pdml", "-Y", "frame.len > 5000")
    root = parse_xml(out)
    check("-T pdml: no frame is still a whole document",
          rc == 0 and root is not None and root.tag == "pdml" and len(root) == 0, out + err)

    # Text from the wire: markup characters, bytes that are not UTF-8 and a
    # control character in an HTTP request line.
    payload = b'GET /a<b>&c"d\xff\xfe\x01 HTTP/1.1\r\nHost: x&y\r\n\r\n'
    iphdr = bytearray(struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + 20 + len(payload), 0x1234, 0x4000, 64, 6, 0,
                                  bytes([198, 18, 0, 1]), bytes([198, 18, 0, 2])))
    csum = sum(struct.unpack(">10H", iphdr))
    csum = (csum & 0xFFFF) + (csum >> 16)
    iphdr[10:12] = struct.pack(">H", ~csum & 0xFFFF)
    http = (bytes.fromhex("020000000002020000000001 0800") + bytes(iphdr)
            + struct.pack(">HHIIBBHHH", 40000, 80, 1000, 1, 0x50, 0x18, 64240, 0, 0) + payload)
    write("markup.pcap", pcap([http]))
    rc, out, err = run("-r", "markup.pcap", "-T", "pdml")
    root = parse_xml(out)
    uri = root.find(".//field[@name='http.request.uri']") if root is not None else None
    line = root.find(".//proto[@name='http']/field") if root is not None else None
    check("-T pdml: text from the wire escaped (markup, bytes that are not UTF-8, control characters)",
          rc == 0 and uri is not None and uri.get("show") == '/a<b>&c"d\ufffd\ufffd\\x01'
          and uri.get("value") == payload[4:16].hex() and line is not None and line.get("show").startswith('GET /a<b>&c"d')
          and line.get("value") == payload[:27].hex() and "&lt;b&gt;&amp;c&quot;d" in out
          and "\x01" not in out, out[-3000:] + err)

    # -T psml: the summary line's columns, as tshark's <section>s.
    columns = ["No.", "Time", "Source", "Destination", "Protocol", "Length", "Info"]
    for cap in (good, "markup.pcap"):
        rc, out, err = run("-r", cap, "-T", "psml")
        root = parse_xml(out)
        rc2, text, err2 = run("-r", cap)
        want = []
        for line in text.splitlines():
            left, right = line.split(" \u2192 ", 1)
            rest = right.split(None, 3)
            want.append(left.split(None, 2) + rest + [""] * (4 - len(rest)))
        got = [[s.text or "" for s in p] for p in root.findall("packet")] if root is not None else []
        rc3, full, err3 = run("-r", cap, "-T", "psml", "--full-trees")  # the summary fast path writes the same
        check("-T psml %s: <structure> names the columns, each <packet> the summary line's" % cap,
              rc == 0 and out.startswith('<?xml version="1.0" encoding="utf-8"?>\n<psml version="0" creator="layerscope/')
              and root is not None and [s.text for s in root.find("structure")] == columns
              and got == [[c.strip() for c in w] for w in want] and len(got) == len(text.splitlines()) > 0
              and full == out,
              "%s\n%s\n%s" % (got, want, err))
    write("cut.pcap", whole[:-10])
    rc, out, err = run("-r", "cut.pcap", "-T", "json")
    try:
        doc = json.loads(out)
    except ValueError:
        doc = None
    check("-T json stays valid when the file is cut short", rc == 2 and doc is not None
          and [o["number"] for o in doc] == [1, 2] and err.count("\n") == 1, out[-200:] + err)

    # A damaged pcapng time stamp far in the future must not overflow.
    blk = pcapng(FRAMES[:1])
    epb = pcapng_block(6, struct.pack("<IIIII", 0, 0xFFFFFFFF, 0xFFFFFFFF, len(ARP), len(ARP)) + ARP)
    write("farfuture.pcapng", blk + epb)
    rc, out, err = run("-r", "farfuture.pcapng", "-T", "json")
    try:
        doc = json.loads(out)
    except ValueError:
        doc = []
    check("a time stamp past 2262 is clamped, not overflowed", rc == 0 and err == "" and len(doc) == 2
          and doc[1]["time"].startswith("2262-04-11T23:47:1") and doc[1]["time_relative"] > 9e9, out[-300:] + err)

    # ---- fields ----
    rc, out, err = run("-r", good, "-T", "fields", "-e", "frame.number", "-e", "eth.addr", "-e", "ip.ttl",
                       "-e", "dns.qry.name", "-E", "header=y")
    want = ("frame.number\teth.addr\tip.ttl\tdns.qry.name\n"
            "1\tff:ff:ff:ff:ff:ff,02:00:00:00:00:01\t\t\n"
            "2\t02:00:00:00:00:02,02:00:00:00:00:01\t64\texample.com\n"
            "3\t02:00:00:00:00:02,02:00:00:00:00:01\t128\t\n")
    check("-T fields -e ... -E header=y", rc == 0 and out == want, repr(out) + err)
    rc, out, err = run("-r", good, "-T", "fields", "-e", "ip.addr", "-e", "tcp.port", "-E", "separator=;",
                       "-E", "aggregator=/s", "-E", "occurrence=a", "-Y", "tcp")
    check("-T fields separator, aggregator", rc == 0 and out == "198.18.0.1 198.18.0.2;40000 80\n", repr(out) + err)

    # ---- display filters ----
    for flt, want in [("arp", [1]), ("dns.qry.name == \"example.com\"", [2]), ("tcp.flags.syn == 1 and ip.ttl == 128", [3]),
                      ("not arp", [2, 3]), ("ip.addr == 198.18.0.0/24 && !(udp)", [3]), ("eth.dst == ff:ff:ff:ff:ff:ff", [1]),
                      ("frame.len >= 54 or arp", [1, 2, 3]), ("udp.port in {53 5353}", [2]), ("frame.len < 42", [])]:
        rc, out, err = run("-r", good, "-Y", flt)
        check("-Y %s" % flt, rc == 0 and err == "" and frame_numbers(out) == want, out + err)
    rc, out, err = run("-r", good, "-Y", "ip", "-c", "1")
    check("-c counts the frames shown, not the frames read", rc == 0 and frame_numbers(out) == [2], out + err)

    rc, out, err = run("--list-fields")
    check("--list-fields lists ids with names and explanations", rc == 0 and "\nip.ttl\tTime to Live\t" in out
          and "\neth.src\t" in out and all(len(line.split("\t")) == 3 for line in out.splitlines()), err)

    # ---- a file that cannot be read: exit 2 (as tshark), frames before the damage still printed ----
    expect_error("missing file", ["-r", "no-such.pcap"], 2, "no-such.pcap: no such file")
    # A file the user may not read: its name once, then the reason.
    locked = os.path.join(tmp, "locked.pcap")
    with open(locked, "wb") as fh:
        fh.write(pcap(FRAMES))
    os.chmod(locked, 0)
    as_user = [] if os.geteuid() != 0 else ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if as_user and not shutil.which("setpriv"):
        skip("unreadable file", "setpriv is not installed")
    else:
        p = subprocess.run(as_user + [CLI, "-r", locked], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        err = p.stderr.decode()
        if p.returncode in (126, 127) or "Permission denied" in err and CLI in err:
            skip("unreadable file", "the program is not reachable as an unprivileged user")
        else:
            check("unreadable file: its name once, then the reason", p.returncode == 2
                  and err == "layerscope-cli: %s: Permission denied\n" % locked, err)
    os.mkdir("adir")
    expect_error("a directory", ["-r", "adir"], 2, "adir: is a directory, not a capture file")
    write("empty.pcap", b"")
    expect_error("empty file", ["-r", "empty.pcap"], 2, "empty.pcap: the file ends before its header does (empty or cut short)")
    write("text.pcap", b"this is not a capture file at all\n")
    expect_error("not a capture", ["-r", "text.pcap"], 2, "text.pcap: not a pcap or pcapng capture file")
    write("three.pcap.gz", gzip.compress(whole))
    expect_error("a gzip-compressed capture", ["-r", "three.pcap.gz"], 2,
                 "three.pcap.gz: a gzip-compressed file: unpack it first (gunzip)")
    write("short.pcap", whole[:12])
    expect_error("header cut short", ["-r", "short.pcap"], 2, "short.pcap: the file ends before its header does (empty or cut short)")
    expect_error("record cut short", ["-r", "cut.pcap"], 2,
                 "cut.pcap: after packet 2: the file ends in the middle of a packet (cut short)", 2)
    write("cuthdr.pcap", whole[:24 + 16 + 42 + 8])
    expect_error("record header cut short", ["-r", "cuthdr.pcap"], 2,
                 "cuthdr.pcap: after packet 1: the file ends in the middle of a packet (cut short)", 1)
    bad = bytearray(whole)
    struct.pack_into("<I", bad, 24 + 16 + 42 + 8, 0xFFFFFFFF)
    write("corrupt.pcap", bytes(bad))
    expect_error("corrupt record length", ["-r", "corrupt.pcap"], 2,
                 "corrupt.pcap: after packet 1: a packet record claims 4294967295 captured bytes, "
                 "more than the file's limit of 65535: the file is corrupt", 1)
    write("cut.pcapng", pcapng(FRAMES)[:-20])
    rc, out, err = run("-r", "cut.pcapng")
    check("pcapng cut short: frames before, one error line, exit 2",
          rc == 2 and frame_numbers(out) == [1, 2] and err.startswith("layerscope-cli: cut.pcapng: after packet 2: ")
          and err.count("\n") == 1, out + err)
    ng = pcapng([ARP])
    shb_idb = ng[:28 + 20]
    second_idb = pcapng_block(1, struct.pack("<HHI", 189, 0, 65535))
    write("mixed.pcapng", ng + second_idb + ng[48:])
    # Interfaces of different link types are read (test-cli-tshark.py decodes them).
    rc, out, err = run("-r", "mixed.pcapng")
    check("pcapng with a second interface of another link type is read", rc == 0 and err == ""
          and frame_numbers(out) == [1, 2], out + err)
    write("badblock.pcapng", ng + struct.pack("<II", 6, 8) + bytes(16))
    expect_error("pcapng block with an impossible length", ["-r", "badblock.pcapng"], 2,
                 "badblock.pcapng: after packet 1: a block claims a length of 8 bytes, which cannot be right", 1)
    write("noidb.pcapng", shb_idb[:28])
    expect_error("pcapng without an interface", ["-r", "noidb.pcapng"], 2,
                 "noidb.pcapng: the capture file has no Interface Description Blocks")
    write("usb.pcap", pcap([ARP], linktype=189))
    expect_error("unknown link type", ["-r", "usb.pcap"], 2,
                 "usb.pcap: link type 189 (USB_LINUX) is not supported; Layerscope decodes Ethernet, "
                 "Linux cooked, loopback, raw IP, PPP, Cisco HDLC, NFLOG, PKTAP and IP over InfiniBand captures")
    write("lt9999.pcap", pcap([ARP], linktype=9999))
    expect_error("unknown link type number", ["-r", "lt9999.pcap"], 2,
                 "lt9999.pcap: link type 9999 (unknown) is not supported; Layerscope decodes Ethernet, "
                 "Linux cooked, loopback, raw IP, PPP, Cisco HDLC, NFLOG, PKTAP and IP over InfiniBand captures")

    # ---- output that cannot be written ----
    if os.path.exists("/dev/full"):
        for args in (["-r", good], ["-r", good, "-T", "json"], ["--list-fields"]):
            with open("/dev/full", "wb") as full:
                p = subprocess.run([CLI] + args, stdout=full, stderr=subprocess.PIPE, timeout=60)
            err = p.stderr.decode()
            check("a full disk is an error: %s" % " ".join(args), p.returncode == 2
                  and err == "layerscope-cli: cannot write the output: No space left on device\n", err)
    p = subprocess.Popen([CLI, "-r", good, "-V"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read().decode()
    p.wait(timeout=60)
    check("a reader that stops early (| head) is not an error message", err == "", err)

    # ---- bad command lines: exit 1 (as tshark), a display filter that does not compile 2; nothing on standard output ----
    expect_error("filter syntax error with its column", ["-r", good, "-Y", "arp or tcp )"], 2,
                 "filter: unexpected ')' at column 12")
    expect_error("filter unknown field", ["-r", good, "-Y", "ip.tll == 64"], 2,
                 "filter: unknown field 'ip.tll' (did you mean 'ip.ttl'?) at column 1")
    expect_error("filter bad value", ["-r", good, "-Y", "ip.src == 198.18.0.256"], 2,
                 "filter: '198.18.0.256' is not a valid value for ip.src, which is an IPv4 address at column 11")
    expect_error("filter never closed", ["-r", good, "-Y", "arp and (ip or tcp"], 2,
                 "filter: '(' is never closed at column 9")
    expect_error("bad field name", ["-r", good, "-T", "fields", "-e", "frame.number", "-e", "ip.tll"], 1,
                 "-e: unknown field 'ip.tll' (did you mean 'ip.ttl'?)")
    expect_error("bad field name, no suggestion", ["-r", good, "-T", "fields", "-e", "qqqqqqqq"], 1,
                 "-e: unknown field 'qqqqqqqq'")
    expect_error("a field name with a newline stays one line", ["-r", good, "-T", "fields", "-e", "ip.src\nx"], 1,
                 "-e: unknown field 'ip.src\\nx' (did you mean 'ip.src'?)")
    expect_error("-T fields without -e", ["-r", good, "-T", "fields"], 1,
                 "-T fields needs at least one -e FIELD (e.g. -e ip.src -e ip.dst)")
    expect_error("-e without -T fields", ["-r", good, "-e", "ip.src"], 1, "-e needs -T fields")
    expect_error("-E without -T fields", ["-r", good, "-E", "header=y"], 1, "-E needs -T fields")
    expect_error("bad -E option", ["-r", good, "-T", "fields", "-e", "ip.src", "-E", "header=maybe"], 1,
                 "-E: bad value 'maybe' for -E header")
    expect_error("unknown -E option", ["-r", good, "-T", "fields", "-e", "ip.src", "-E", "colour=y"], 1,
                 "-E: unknown -E option 'colour' (use header, separator, aggregator, quote or occurrence)")
    expect_error("unknown output type", ["-r", good, "-T", "xml"], 1,
                 "unknown output type 'xml' for -T (use text, json, jsonl, ek, fields, pdml or psml)")
    expect_error("-c not a number", ["-r", good, "-c", "many"], 1, "Cannot parse integer value \u201cmany\u201d for -c")
    expect_error("-c zero", ["-r", good, "-c", "0"], 1, "-c needs a count of at least 1, not 0")
    expect_error("-c negative", ["-r", good, "-c", "-4"], 1, "-c needs a count of at least 1, not -4")
    expect_error("unknown model", ["-r", good, "--model", "osi9"], 1, "unknown model 'osi9' (use osi, tcpip4 or tcpip5)")
    expect_error("prefix out of range", ["-r", good, "--prefix", "33"], 1, "--prefix must be between 0 and 32, not 33")
    expect_error("unknown option", ["-r", good, "--frobnicate"], 1, "Unknown option --frobnicate")
    expect_error("-2 on standard input", ["-2", "-r", "-"], 1, "-2 needs a capture file to read twice (-r FILE, not standard input)")
    expect_error("-2 without analysis", ["-2", "--no-analysis", "-r", good], 1, "-2 cannot be combined with --no-analysis")
    # As tshark, words after the options are the display filter.
    expect_error("a trailing argument is the display filter", ["-r", good, "extra"], 2,
                 "filter: unknown field 'extra' at column 1")
    expect_error("nothing to read", [], 1, "nothing to read: give -r FILE", prefix_only=True)
    # A usage error is reported before the file is even opened.
    expect_error("bad filter wins over a missing file", ["-r", "no-such.pcap", "-Y", "(("], 2,
                 "filter: unexpected end of filter at column 3")

    # ICMP echo request 198.18.0.1 -> 198.18.0.2, id 0x6114 seq 1 (checksums are not what is tested).
    echo = bytes.fromhex(
        "020000000002020000000001 0800"
        "4500 0020 0001 4000 4001 0000 c6120001 c6120002"
        "0800 0000 6114 0001 70696e67")
    conv = os.path.join(tmp, "echo.pcap")
    with open(conv, "wb") as fh:
        fh.write(pcap([echo]))
    rc, out, err = run("-r", conv, "--conversations")
    summary = out.splitlines()[0] if out else ""
    row = [l for l in out.splitlines() if l.startswith("0 ") and "198.18.0.2" in l]
    check("--conversations shows the ICMP Id as the summary does (hex) with its decimal value",
          rc == 0 and "id=0x6114" in summary and len(row) == 1 and " 0x6114 (24852) " in row[0], out + err)

    # A crafted segment with ACK set acknowledges a random non-zero number unless --ack says otherwise.
    rc, out, err = run("tcp", "-n", "--flags", "SA", "--dport", "80", "127.0.0.1")
    first = out.splitlines()[0] if out else ""
    ack = first.split(" Ack=")[1].split()[0] if " Ack=" in first else ""
    check("tcp --flags SA without --ack: random non-zero Ack", rc == 0 and "[SYN, ACK]" in first
          and ack.isdigit() and int(ack) > 0, out[:300] + err)
    rc, out, err = run("tcp", "-n", "--flags", "SA", "--ack", "0", "--dport", "80", "127.0.0.1")
    check("tcp --flags SA --ack 0 keeps Ack=0", rc == 0 and " Ack=0 " in out.splitlines()[0], out[:300] + err)
    rc, out, err = run("tcp", "-n", "--dport", "80", "127.0.0.1")
    check("tcp SYN carries no Ack", rc == 0 and "[SYN]" in out and " Ack=" not in out.splitlines()[0], out[:300] + err)

    # Crafting options: NaN, infinity and negative numbers are refused in one
    # line, never taken as "the default" (or as seconds the link code then
    # overflows on).
    secs = "--interval and --timeout must be between 0.01 and 3600 seconds"
    for args in (["--interval", "nan"], ["-W", "nan"], ["-W", "-nan"], ["--interval", "inf"], ["-W", "-1"]):
        expect_error("ping %s refused" % " ".join(args), ["ping", "-n"] + args + ["198.18.0.2"], 2, secs, who="layerscope-cli ping")
    expect_error("ping -s -1 refused", ["ping", "-n", "-s", "-1", "198.18.0.2"], 2,
                 "--size must be between 0 and 1472 (one Ethernet frame)", who="layerscope-cli ping")
    expect_error("ping --id -2 refused", ["ping", "-n", "--id", "-2", "198.18.0.2"], 2,
                 "--id must be between 0 and 65535", who="layerscope-cli ping")
    expect_error("ping --ttl -1 refused", ["ping", "-n", "--ttl", "-1", "198.18.0.2"], 2,
                 "--ttl must be between 1 and 255", who="layerscope-cli ping")
    for opt in ("--seq", "--ack"):
        expect_error("tcp %s -1 refused" % opt, ["tcp", "-n", "--dport", "80", opt, "-1", "198.18.0.2"], 2,
                     "--seq and --ack must be between 0 and 4294967295", who="layerscope-cli tcp")
    for opt in ("--window", "--mss"):
        expect_error("tcp %s -1 refused" % opt, ["tcp", "-n", "--dport", "80", opt, "-1", "198.18.0.2"], 2,
                     "--window and --mss must be between 0 and 65535", who="layerscope-cli tcp")
    expect_error("tcp --wscale 15 refused", ["tcp", "-n", "--dport", "80", "--wscale", "15", "198.18.0.2"], 2,
                 "--wscale must be between 0 and 14", who="layerscope-cli tcp")
    expect_error("tcp --tsval -1 refused", ["tcp", "-n", "--dport", "80", "--tsval", "-1", "198.18.0.2"], 2,
                 "--tsval and --tsecr must be between 0 and 4294967295", who="layerscope-cli tcp")
    expect_error("tcp --tsecr without --tsval refused", ["tcp", "-n", "--dport", "80", "--tsecr", "1", "198.18.0.2"], 2,
                 "--tsecr belongs to the timestamps option: give --tsval too", who="layerscope-cli tcp")
    expect_error("ether without -i refused", ["ether", "-n", "02:00:00:00:00:02"], 2,
                 "give -i IFACE: the interface whose MAC is the source", who="layerscope-cli ether")
    expect_error("ether --type 65536 refused", ["ether", "-n", "-i", "lo", "--type", "65536", "02:00:00:00:00:02"], 2,
                 "'65536' is not an EtherType (0-65535, e.g. 0x88b5)", who="layerscope-cli ether")
    expect_error("ether bad MAC refused", ["ether", "-n", "-i", "lo", "02:00:00:00:00"], 2,
                 "'02:00:00:00:00' is not a MAC address (expected six hex pairs like 02:00:00:00:00:01)",
                 who="layerscope-cli ether")
    expect_error("ether payload over the MTU refused", ["ether", "-n", "-i", "lo", "--data", "x" * 1501, "02:00:00:00:00:02"],
                 2, "payload of 1501 bytes does not fit one Ethernet frame (at most 1500)", who="layerscope-cli ether")
    rc, out, err = run("ether", "-n", "-i", "lo", "--type", "0x88b5", "--hex", "01:02", "02:00:00:00:00:02")
    check("ether -n builds a 16-byte frame, unpadded", rc == 0 and "0000  02 00 00 00 00 02 00 00  00 00 00 00 88 b5 01 02" in out,
          out[-400:] + err)
    rc, out, err = run("tcp", "-n", "--dport", "80", "--wscale", "7", "--sack-perm", "--tsval", "1", "127.0.0.1")
    check("tcp SYN with window scale, SACK-permitted and timestamps decodes each option",
          rc == 0 and "Window scale: 7 (multiply by 128)" in out and "SACK permitted" in out and "TSval 1, TSecr 0" in out,
          out[-600:] + err)
    for args in (["--timeout", "nan"], ["--wait", "nan"], ["-W", "-inf"]):
        expect_error("connect %s refused" % " ".join(args), ["connect"] + args + ["198.18.0.2:80"], 2,
                     "--timeout and --wait must be between 0.01 and 3600 seconds", who="layerscope-cli connect")
    rc, out, err = run("ping", "-n", "-s", "0", "--id", "0", "198.18.0.2")
    check("ping -s 0 --id 0 (the lowest values) are taken", rc == 0 and "id=0x0000" in out and " 42 Echo" in out, out[:300] + err)

    # A capture filter libpcap would take seconds (300 terms: 5.6 s) or
    # gigabytes to optimise is refused at once, before any capture starts.
    big = " or ".join("host 198.18.%d.%d" % (i // 250, i % 250 + 1) for i in range(300))
    t0 = time.monotonic()
    expect_error("-f with 300 terms refused", ["-i", "lo", "-f", big, "-c", "1"], 1,
                 "the capture filter is too big to compile in reasonable time (at most 4096 bytes and 128 terms "
                 "joined by and/or); match a net or a port range instead of many hosts or ports")
    elapsed = time.monotonic() - t0
    check("-f with 300 terms refused within a second", elapsed < 1.0, "%.2f s" % elapsed)

    print("1..%d" % tests)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
