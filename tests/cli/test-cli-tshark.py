#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""layerscope-cli as a tshark or tcpdump user types it, and output that a
pipeline can trust: numbers with '.' under a decimal-comma locale, -r -Y -w
writing what matches, capture options refused with -r, -n/-nn, -t, -q, -z,
a trailing filter, the _ws.col.* fields, -A.

Usage: test-cli-tshark.py PATH/TO/layerscope-cli     (TAP on standard output)

The captures are the generated golden corpus (tests/gen/lsc-gen.py).
"""
import atexit
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

CLI = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAPS = os.path.join(ROOT, "tests", "golden", "captures")
HTTP = os.path.join(CAPS, "tcp-http.pcap")
DNS = os.path.join(CAPS, "udp-dns.pcap")
ICMP = os.path.join(CAPS, "ipv4-icmp.pcap")
MULTI = os.path.join(CAPS, "multi-link-comments.pcapng")
os.environ.pop("LANGUAGE", None)
os.environ["LC_ALL"] = "C.UTF-8"
os.environ["TZ"] = "UTC"

tests = 0
failures = 0


def check(name, ok, detail=""):
    global tests, failures
    tests += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", tests, name))
    if not ok:
        failures += 1
        for line in str(detail).splitlines()[:40] or [""]:
            print("#   " + line)


def skip(name, why):
    global tests
    tests += 1
    print("ok %d - %s # SKIP %s" % (tests, name, why))


def run(*args, env=None, binary=False):
    p = subprocess.run([CLI] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60,
                       env=env)
    out = p.stdout if binary else p.stdout.decode("utf-8")
    return p.returncode, out, p.stderr.decode("utf-8")


def lines(text):
    return [l for l in text.splitlines() if l.strip()]


def isb_counters(path):
    """{link type: {option code: value}} of a little-endian pcapng file's
    interface statistics blocks, times in ns (every interface here counts
    in ns or us, from if_tsresol)."""
    data = open(path, "rb").read()
    pos, ifaces, out = 0, [], {}
    while pos + 12 <= len(data):
        btype, blen = struct.unpack_from("<II", data, pos)
        body = data[pos + 8:pos + blen - 4]
        if btype == 1:
            units, o = 10**6, 8
            while o + 4 <= len(body):
                code, olen = struct.unpack_from("<HH", body, o)
                if code == 0:
                    break
                if code == 9:
                    units = 10 ** body[o + 4]
                o += 4 + (olen + 3) // 4 * 4
            ifaces.append((struct.unpack_from("<H", body, 0)[0], units))
        elif btype == 5:
            linktype, units = ifaces[struct.unpack_from("<I", body, 0)[0]]
            counters, o = {}, 12
            while o + 4 <= len(body):
                code, olen = struct.unpack_from("<HH", body, o)
                if code == 0:
                    break
                if code in (2, 3):
                    hi, lo = struct.unpack_from("<II", body, o + 4)
                    counters[code] = ((hi << 32) | lo) * 10**9 // units
                else:
                    counters[code] = struct.unpack_from("<Q", body, o + 4)[0]
                o += 4 + (olen + 3) // 4 * 4
            out[linktype] = counters
        pos += blen
    return out


def comma_locale(tmp):
    """A locale whose decimal point is a comma, built with localedef into tmp
    (no root needed).  Returns its environment, or None with the reason."""
    if not shutil.which("localedef"):
        return None, "localedef is not installed (Debian: locales)"
    if not os.path.exists("/usr/share/i18n/locales/de_DE"):
        return None, "no locale sources in /usr/share/i18n/locales (Debian: locales)"
    locpath = os.path.join(tmp, "locale")
    os.makedirs(locpath, exist_ok=True)
    p = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", os.path.join(locpath, "de_DE.UTF-8")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    env = dict(os.environ, LOCPATH=locpath, LC_ALL="de_DE.UTF-8")
    # The locale must really write a comma, or this test proves nothing.
    probe = subprocess.run([sys.executable, "-c",
                            "import locale; locale.setlocale(locale.LC_ALL, ''); print('%.1f' % 1.5 if False else locale.format_string('%.1f', 1.5))"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    if probe.returncode != 0 or probe.stdout.decode().strip() != "1,5":
        return None, "localedef could not build de_DE.UTF-8: %s" % (p.stderr.decode().strip() or probe.stderr.decode().strip())
    return env, None


def main():
    tmp = tempfile.mkdtemp(prefix="lsc-tshark-")
    atexit.register(shutil.rmtree, tmp, True)
    os.chdir(tmp)

    # ---- numbers under a decimal-comma locale ----
    env, why = comma_locale(tmp)
    if env is None:
        for n in ("json", "jsonl", "fields", "text", "tables", "pdml", "psml"):
            skip("de_DE.UTF-8: %s numbers use '.'" % n, why)
    else:
        rc, out, err = run("-r", HTTP, "-T", "json", env=env)
        try:
            frames = json.loads(out)
            ok = rc == 0 and len(frames) == 18 and frames[1]["time_relative"] == 0.002
        except ValueError as e:
            ok, frames = False, e
        check("de_DE.UTF-8: -T json is JSON, time_relative a number with '.'", ok, "%s\n%s%s" % (frames, out[:400], err))
        rc, out, err = run("-r", HTTP, "-T", "jsonl", env=env)
        try:
            ok = rc == 0 and [json.loads(l)["time_relative"] for l in lines(out)][:3] == [0, 0.002, 0.004]
        except ValueError as e:
            ok = False
        check("de_DE.UTF-8: -T jsonl lines are JSON", ok, out[:400] + err)
        rc, out, err = run("-r", HTTP, "-T", "fields", "-e", "frame.time_relative", "-e", "frame.time_delta", "-c", "2", env=env)
        check("de_DE.UTF-8: -T fields times use '.'", rc == 0 and lines(out) == ["0.000000000\t0.000000000", "0.002000000\t0.002000000"], out + err)
        rc, out, err = run("-r", HTTP, "-c", "2", env=env)
        check("de_DE.UTF-8: the summary's time column uses '.'", rc == 0 and out.splitlines()[1].split()[1] == "0.002000", out + err)
        rc, out, err = run("-r", HTTP, "-q", "-z", "conv,tcp", "-z", "io,stat,0.01", "--conversations", env=env)
        check("de_DE.UTF-8: -z and --conversations tables use '.'",
              rc == 0 and "0.020000000" in out and "0.01 <> 0.02" in out and "0,0" not in out, out + err)

        rc, out, err = run("-r", HTTP, "-T", "pdml", "-c", "2", env=env)
        try:
            shows = [f.get("show") for f in ET.fromstring(out.encode()).iter("field")
                     if f.get("name") in ("frame.time_relative", "frame.time_epoch")]
        except ET.ParseError as e:
            shows = [str(e)]
        check("de_DE.UTF-8: -T pdml is XML, times with '.'",
              rc == 0 and len(shows) == 4 and shows[3] == "0.002000000" and all("," not in v for v in shows),
              "%s\n%s" % (shows, err))
        rc, out, err = run("-r", HTTP, "-T", "psml", "-c", "2", env=env)
        try:
            times = [p[1].text for p in ET.fromstring(out.encode()).findall("packet")]
        except ET.ParseError as e:
            times = [str(e)]
        check("de_DE.UTF-8: -T psml is XML, the Time column with '.'", rc == 0 and times == ["0.000000", "0.002000"],
              "%s\n%s" % (times, err))

    # ---- -T pdml next to tshark's ----
    # The same element and attribute layout, and for plain fields (whole
    # bytes, no bit masks) both know, the same show, value, pos and size.
    if not shutil.which("tshark"):
        skip("-T pdml: the layout and the plain fields as tshark's", "tshark is not installed")
    else:
        try:
            ours = ET.fromstring(run("-r", HTTP, "-T", "pdml")[1].encode())
        except ET.ParseError:
            ours = ET.Element("nothing")
        theirs = ET.fromstring(subprocess.run(["tshark", "-n", "-r", HTTP, "-T", "pdml"], stdout=subprocess.PIPE,
                                              stderr=subprocess.DEVNULL, timeout=60).stdout)
        plain = ("eth.dst", "eth.src", "eth.type", "ip.len", "ip.id", "ip.ttl", "ip.proto", "ip.src", "ip.dst",
                 "tcp.srcport", "tcp.dstport", "tcp.window_size_value", "tcp.urgent_pointer")

        def layout(root):
            return {(e.tag, tuple(sorted(set(e.attrib) - {"hide", "unmaskedvalue", "show", "value"})))
                    for e in root.iter()}

        def plain_fields(pk):
            return [(f.get("name"), f.get("show"), f.get("value"), f.get("pos"), f.get("size"))
                    for f in pk.iter("field") if f.get("name") in plain]
        mine, ts = ours.findall("packet"), theirs.findall("packet")
        same = [plain_fields(a) == plain_fields(b) for a, b in zip(mine, ts)]
        geninfo = [[(f.get("name"), f.get("show"), f.get("value")) for f in p[0]] for p in mine]
        check("-T pdml: the layout and the plain fields as tshark's",
              ours.tag == theirs.tag == "pdml" and ours.get("version") == theirs.get("version")
              and layout(ours) <= layout(theirs) and len(mine) == len(ts) == 18 and all(same)
              and sum(len(plain_fields(p)) for p in mine) > 150
              and geninfo == [[(f.get("name"), f.get("show"), f.get("value")) for f in p[0]] for p in ts],
              "%s\n%s\n%s" % (sorted(layout(ours) - layout(theirs)), same,
                               [(plain_fields(a), plain_fields(b)) for a, b in zip(mine, ts)
                                if plain_fields(a) != plain_fields(b)][:1]))

    # ---- -r IN -Y FILTER -w OUT ----
    # Four HTTP frames: the fifth request's header block never ends, so its
    # segment waits for the rest as TCP segment data (HTTP reassembly).
    rc, want, err = run("-r", HTTP, "-Y", "http", "-x")
    want_hex = [l for l in want.splitlines() if l[:4].isdigit() and "  " in l]
    for name in ("http.pcap", "http.pcapng"):
        rc, out, err = run("-r", HTTP, "-Y", "http", "-w", name)
        rc2, back, err2 = run("-r", name, "-x")
        got_hex = [l for l in back.splitlines() if l[:4].isdigit() and "  " in l]
        with open(name, "rb") as f:
            magic = f.read(4)
        right_format = (magic == b"\x0a\x0d\x0d\x0a") == name.endswith("ng")
        check("-r -Y http -w %s: only the 4 HTTP frames, byte for byte, no lines printed" % name,
              rc == 0 and out == "" and err == "" and rc2 == 0 and len(lines(back)) > 0 and right_format
              and sum(1 for l in back.splitlines() if "HTTP" in l and "\u2192" in l) == 4 and got_hex == want_hex,
              "rc %d %r %r\n%s" % (rc, out, err, back[:600] + err2))
    rc, out, err = run("-r", HTTP, "-Y", "http", "-w", "printed.pcap", "-P")
    check("-P prints the lines while -w writes", rc == 0 and len(lines(out)) == 4 and os.path.getsize("printed.pcap") > 24,
          out + err)
    p1 = subprocess.Popen([CLI, "-r", DNS, "-w", "-", "dns.flags.response == 1"], stdout=subprocess.PIPE)
    p2 = subprocess.run([CLI, "-r", "-"], stdin=p1.stdout, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p1.stdout.close()
    rc1 = p1.wait()
    rc, want, err = run("-r", DNS, "-Y", "dns.flags.response == 1")
    got = [l.split(None, 2)[2] for l in lines(p2.stdout.decode())]
    check("-r FILE -w - FILTER | -r -: the matching frames as a pcap stream",
          rc1 == 0 and p2.returncode == 0 and len(got) == 6 and got == [l.split(None, 2)[2] for l in lines(want)],
          p2.stdout.decode() + p2.stderr.decode())
    rc, out, err = run("-r", HTTP, "-w", os.path.join(tmp, "no-such-dir", "x.pcap"))
    check("-w into a missing folder: exit 2 (as tshark), one line", rc == 2 and out == "" and err.count("\n") == 1
          and err.startswith("layerscope-cli: "), err)

    # ---- options that do not apply to a file ----
    for opt in (["-f", "icmp"], ["-a", "duration:1"], ["-s", "96"], ["-p"]):
        rc, out, err = run("-r", HTTP, *opt)
        check("%s with -r is refused in one line" % opt[0],
              rc == 1 and out == "" and err.startswith("layerscope-cli: %s applies to a live capture (-i)" % opt[0])
              and err.count("\n") == 1, err)

    # ---- -n, -nn ----
    rc, plain, err = run("-r", DNS)
    for opt in ("-n", "-nn"):
        rc, out, err = run(opt, "-r", DNS)
        check("%s is accepted and changes nothing" % opt, rc == 0 and out == plain and err == "", err)

    # ---- -t ----
    rc, out, err = run("-r", ICMP, "-c", "2", "-t", "e")
    check("-t e: seconds since 1970", rc == 0 and [l.split()[1] for l in lines(out)] == ["1700000000.000000", "1700000000.001250"], out + err)
    rc, out, err = run("-r", ICMP, "-c", "2", "-t", "u")
    check("-t u: UTC time of day", rc == 0 and [l.split()[1] for l in lines(out)] == ["22:13:20.000000", "22:13:20.001250"], out + err)
    rc, out, err = run("-r", ICMP, "-c", "1", "-t", "ad", env=dict(os.environ, TZ="Asia/Shanghai"))
    check("-t ad: local date and time (TZ=Asia/Shanghai)", rc == 0 and lines(out)[0].split()[1:3] == ["2023-11-15", "06:13:20.000000"], out + err)
    rc, out, err = run("-r", HTTP, "-c", "3", "-t", "d")
    rc2, out2, err2 = run("-r", HTTP, "-c", "3", "-t", "r")
    check("-t d: since the previous frame; -t r: since the first",
          [l.split()[1] for l in lines(out)] == ["0.000000", "0.002000", "0.002000"]
          and [l.split()[1] for l in lines(out2)] == ["0.000000", "0.002000", "0.004000"], out + out2 + err + err2)
    rc, out, err = run("-r", HTTP, "-t", "dd")
    rc2, out2, err2 = run("-r", HTTP)
    check("-t dd without a filter equals -t d", rc == 0 and out == run("-r", HTTP, "-t", "d")[1] and out != out2, out)
    rc, out, err = run("-r", HTTP, "-t", "x")
    check("-t x: exit 1, one line", rc == 1 and err == "layerscope-cli: unknown time format 'x' for -t (use r, a, ad, d, dd, e, u or ud)\n", err)

    # ---- -q, -z ----
    rc, out, err = run("-r", HTTP, "-q")
    check("-q alone prints nothing", rc == 0 and out == "" and err == "", out + err)
    rc, out, err = run("-r", HTTP, "-q", "-z", "io,stat,1")
    rows = [l for l in out.splitlines() if "<>" in l]
    check("-q -z io,stat,1: one interval row holding all 18 frames, no packet lines",
          rc == 0 and len(rows) == 1 and rows[0].split("|")[2].strip() == "18" and "\u2192" not in out, out + err)
    rc, out, err = run("-r", HTTP, "-z", "conv,tcp")
    rows = [l for l in out.splitlines() if "<->" in l]
    check("-z conv,tcp after the packet lines: six streams, busiest first, totals add up to the TCP frames",
          rc == 0 and len(lines(out)) == 18 + 5 + 7 - 1 + 1 and len(rows) == 6
          and rows[0].startswith("198.18.0.1:51514  <-> 198.18.0.2:80") and sum(int(r.split()[7]) for r in rows) == 18,
          out + err)
    for spec, msg in (("conv,sctp", "unknown conversation type 'sctp'"), ("io,stat,0", "'io,stat,0' needs an interval"),
                      ("io,stat,x", "'io,stat,x' needs an interval"), ("bogus", "unknown statistics 'bogus'"),
                      ("conv,ip,ip.src ==", "conv,ip,ip.src ==: filter:")):
        rc, out, err = run("-r", HTTP, "-z", spec)
        check("-z %s: exit 1, one line" % spec, rc == 1 and out == "" and err.startswith("layerscope-cli: -z: " + msg)
              and err.count("\n") == 1, err)

    # ---- a trailing filter ----
    rc, want, err = run("-r", HTTP, "-Y", "tcp.flags.fin == 1 or http.request")
    rc2, out, err2 = run("-r", HTTP, "tcp.flags.fin", "==", "1", "or", "http.request")
    check("words after the options are the display filter", rc == 0 and rc2 == 0 and out == want and len(lines(out)) == 4,
          out + err + err2)
    rc, out, err = run("-r", HTTP, "-Y", "tcp", "udp")
    check("a filter both with -Y and after the options: exit 1", rc == 1 and "both with -Y" in err, err)

    # ---- _ws.col.* ----
    rc, summary, err = run("-r", DNS)
    rc, out, err = run("-r", DNS, "-T", "fields", "-E", "separator=|", "-e", "_ws.col.No.", "-e", "_ws.col.Time",
                       "-e", "_ws.col.Source", "-e", "_ws.col.Destination", "-e", "_ws.col.Protocol",
                       "-e", "_ws.col.Length", "-e", "_ws.col.Info")
    ok = rc == 0 and len(lines(out)) == len(lines(summary))
    for s, f in zip(lines(summary), lines(out)):
        no, t, src, arrow, dst, proto, length, info = s.split(None, 7)
        ok = ok and f.split("|") == [no, t, src, dst, proto, length, info]
    check("_ws.col.* fields equal the summary line's columns", ok, out[:600] + err)
    rc, out, err = run("-r", DNS, "-T", "fields", "-e", "_ws.col.info", "-e", "_ws.col.protocol", "-c", "1")
    check("tshark 4.2's lower-case column names", rc == 0 and out == "Standard query 0x1234 A www.example.com\tDNS\n", out + err)
    rc, out, err = run("-r", DNS, "-T", "fields", "-e", "_ws.col.Nope")
    check("an unknown _ws.col field: exit 1", rc == 1 and "_ws.col.Nope" in err and err.count("\n") == 1, err)

    # ---- pcapng: interfaces of several link types, comments ----
    fields = ["-T", "fields", "-e", "frame.number", "-e", "frame.linktype", "-e", "frame.comment",
              "-e", "frame.time_epoch", "-e", "_ws.col.Protocol"]
    want = ("1\t1\tping from h1\t1700000000.000000000\tICMP\n"
            "2\t276\treply seen on the router,\u8def\u7531\u5668\u4e0a\u770b\u5230\u7684\u56de\u590d\t1700000000.001250000\tICMP\n"
            "3\t1\t\t1700000000.002500000\tARP\n"
            "4\t101\tDNS over a tunnel\t1700000000.003750000\tDNS\n")
    rc, out, err = run("-r", MULTI, *fields)
    check("pcapng with Ethernet, Linux cooked v2 (us) and raw IP interfaces: each frame its own link type, time and comments",
          rc == 0 and out == want and err == "", out + err)
    with open(MULTI, "rb") as f:
        p = subprocess.run([CLI, "-r", "-"] + fields, stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check("the same pcapng through a pipe (-r -)", p.returncode == 0 and p.stdout.decode() == want and not p.stderr,
          p.stdout.decode() + p.stderr.decode())
    rc, out, err = run("-r", MULTI, "-Y", 'frame.comment contains "router"')
    check("-Y on frame.comment", rc == 0 and len(lines(out)) == 1 and lines(out)[0].split()[0] == "2", out + err)
    rc, out, err = run("-r", MULTI, "-Y", "icmp or dns", "-w", "kept.pcapng")
    rc2, back, err2 = run("-r", "kept.pcapng", *fields)
    check("-w pcapng keeps the comments and the link types of the frames it writes",
          rc == 0 and rc2 == 0 and err + err2 == ""
          and back == "".join(l for l in want.splitlines(True) if not l.startswith("3\t")).replace("4\t101", "3\t101"),
          back + err + err2)
    # The interface statistics travel too (Wireshark's capture file properties).
    check("-w pcapng keeps the interface statistics: each interface's counters and times",
          isb_counters("kept.pcapng") == isb_counters(MULTI)
          == {1: {2: 1700000000 * 10**9, 3: 1700000001 * 10**9, 4: 10, 5: 1, 7: 2}, 276: {6: 3}},
          "%r\n%r" % (isb_counters("kept.pcapng"), isb_counters(MULTI)))
    if shutil.which("capinfos"):
        p = subprocess.run(["capinfos", "kept.pcapng"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        check("capinfos reads the written file and its statistics",
              p.returncode == 0 and p.stdout.decode().count("Number of stat entries = 1") == 2, p.stdout.decode()[-800:])
    else:
        skip("capinfos reads the written file and its statistics", "capinfos (Wireshark) is not installed")
    rc, out, err = run("-r", MULTI, "-w", "mixed.pcap")
    check("-w .pcap of frames with several link types: exit 2, one line naming pcapng",
          rc == 2 and err.count("\n") == 1 and "write pcapng" in err, err)

    # ---- exit statuses: tshark's (4.0, Debian 12) where the meaning is the same ----
    with open("cut.pcap", "wb") as fh:
        fh.write(open(HTTP, "rb").read()[:100])
    with open("text.pcap", "wb") as fh:
        fh.write(b"not a capture\n")
    cases = [
        ("a missing file", ["-r", "no-such.pcap"], 2),
        ("not a capture file", ["-r", "text.pcap"], 2),
        ("a file cut short", ["-r", "cut.pcap"], 2),
        ("a directory", ["-r", tmp], 2),
        ("-w into a missing folder", ["-r", HTTP, "-w", os.path.join(tmp, "no-such-dir", "x.pcap")], 2),
        ("a display filter syntax error", ["-r", HTTP, "-Y", "tcp and (("], 2),
        ("a display filter with an unknown field", ["-r", HTTP, "-Y", "nosuchfield"], 2),
        ("a trailing display filter that does not compile", ["-r", HTTP, "tcp (("], 2),
        ("an unknown option", ["-r", HTTP, "--bogus"], 1),
        ("an unknown -T", ["-r", HTTP, "-T", "bogus"], 1),
        ("-c not a number", ["-r", HTTP, "-c", "abc"], 1),
        ("-e without -T fields", ["-r", HTTP, "-e", "ip.src"], 1),
        ("an unknown -e field", ["-r", HTTP, "-T", "fields", "-e", "no.such"], 1),
        ("an unknown -z", ["-r", HTTP, "-z", "bogus"], 1),
    ]
    have_tshark = shutil.which("tshark") is not None
    for name, args, want in cases:
        rc, out, err = run(*args)
        theirs = None
        if have_tshark:
            theirs = subprocess.run(["tshark", "-n"] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    timeout=60).returncode
        check("exit status %d for %s%s" % (want, name, ", as tshark" if have_tshark else ""),
              rc == want and (theirs is None or theirs == want) and err.count("\n") == 1,
              "layerscope-cli %d, tshark %r, want %d: %r" % (rc, theirs, want, err))

    # ---- -A ----
    rc, out, err = run("-r", HTTP, "-A", "-Y", "http.request", "-c", "1")
    check("-A: the payload as text after the summary line",
          rc == 0 and "GET /index.html HTTP/1.1\nHost: www.example.com\n" in out and "\r" not in out, out + err)

    print("1..%d" % tests)
    return 1 if failures else 0


sys.exit(main())
