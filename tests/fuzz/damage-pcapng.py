#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""damage-pcapng.py LAYERSCOPE-CLI CAPTURE.pcapng [ROUNDS]

The pcapng reader (src/capture/lsc-pcapng.c) against damaged files: random
bytes overwritten and files cut short, from a fixed seed.  Each must be
read or stop with exit status 2 and one error line; never a crash.  In the
fuzz suite, so tools/run-tests.sh runs it again under ASan/UBSan.  TAP.
"""
import os
import random
import subprocess
import sys
import tempfile

cli, capture = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 200
with open(capture, "rb") as f:
    orig = f.read()
rnd = random.Random(12)
bad = []
with tempfile.TemporaryDirectory(prefix="lsc-damage-") as tmp:
    path = os.path.join(tmp, "damaged.pcapng")
    for i in range(rounds):
        data = bytearray(orig)
        for _ in range(rnd.randint(1, 4)):
            data[rnd.randrange(len(data))] = rnd.choice([0, 0xff, 0x80, rnd.randrange(256)])
        if i % 4 == 0:
            data = data[:rnd.randrange(len(data))]
        with open(path, "wb") as f:
            f.write(data)
        p = subprocess.run([cli, "-r", path, "-V"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode not in (0, 2) or err.count("\n") > 1 or (p.returncode == 2 and not err.startswith("layerscope-cli: ")):
            bad.append((i, p.returncode, err[:2000]))
print("%s 1 - %d damaged pcapng files: exit 0 or 2 (a damaged file, as tshark), at most one error line, no crash"
      % ("ok" if not bad else "not ok", rounds))
for i, rc, err in bad[:3]:
    print("#   round %d: exit %d" % (i, rc))
    for line in err.splitlines()[:20]:
        print("#   " + line)
print("1..1")
sys.exit(1 if bad else 0)
