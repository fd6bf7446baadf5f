#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-flatpak.py MANIFEST METAINFO      (TAP)

What can be checked of the Flatpak manifest without a network: it parses
as flatpak-builder reads it (no unknown property), the GNOME runtime is one
still supported (50 or newer), every source is pinned (a release archive
with its sha256, or git at a tag, a commit or the project itself, never a
folder copied with whatever build trees it holds), the capture helper and
its libcap stay out of a sandbox that cannot capture, and the metainfo says
so."""
import json
import re
import shutil
import subprocess
import sys

manifest_path, metainfo_path = sys.argv[1], sys.argv[2]
n = 0
failed = False


def check(name, ok, detail=""):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
    if not ok:
        failed = True
        for line in str(detail).splitlines()[:20]:
            print("#   " + line)


with open(manifest_path) as f:
    m = json.load(f)

if shutil.which("flatpak-builder"):
    p = subprocess.run(["flatpak-builder", "--show-manifest", manifest_path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check("flatpak-builder --show-manifest reads it without a warning",
          p.returncode == 0 and not p.stderr.strip(), p.stderr.decode())
else:
    print("ok %d - flatpak-builder --show-manifest # SKIP flatpak-builder is not installed" % (n + 1))
    n += 1

version = str(m.get("runtime-version", ""))
check("a supported GNOME runtime (org.gnome.Platform 50 or newer)",
      m.get("runtime") == "org.gnome.Platform" and m.get("sdk") == "org.gnome.Sdk"
      and version.isdigit() and int(version) >= 50, "%s %s" % (m.get("runtime"), version))

bad = []
for mod in m.get("modules", []):
    for src in mod.get("sources", []):
        kind = src.get("type")
        if kind in ("archive", "file"):
            if not re.fullmatch(r"[0-9a-f]{64}", src.get("sha256", "")) or not src.get("url", "").startswith("https://"):
                bad.append("%s: %s without an https url and a sha256" % (mod["name"], kind))
        elif kind == "git":
            if not (src.get("tag") or src.get("commit") or src.get("path")):
                bad.append("%s: git source without a tag, commit or local path" % mod["name"])
        else:
            bad.append("%s: a '%s' source" % (mod["name"], kind))
check("every source pinned: release archives with sha256, git by tag, commit or path, no dir", not bad,
      "\n".join(bad))

names = [mod["name"] for mod in m.get("modules", [])]
check("libpcap and libnet built from release tarballs", all(
    any(s.get("type") == "archive" for s in mod["sources"]) for mod in m["modules"] if mod["name"] in ("libpcap", "libnet"))
    and "libpcap" in names and "libnet" in names, names)
app = next((mod for mod in m["modules"] if mod["name"] == "layerscope"), {})
check("no capture helper (and so no libcap) in a sandbox that cannot capture",
      "-Dhelper=false" in app.get("config-opts", []) and "libcap" not in names, app.get("config-opts"))
check("no network or raw-socket permission asked for",
      not any(a.startswith("--share=network") or "netlink" in a for a in m.get("finish-args", [])), m.get("finish-args"))

with open(metainfo_path, encoding="utf-8") as f:
    meta = f.read()
check("the metainfo says capture and sending are not available in the Flatpak",
      re.search(r"Flatpak\s+sandbox", meta) is not None and "capture" in meta)
print("1..%d" % n)
sys.exit(1 if failed else 0)
