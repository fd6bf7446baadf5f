#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# tshark-check.py CLI [CAPTURE...]
#
# Cross-checks layerscope-cli against tshark: for every packet of the golden
# corpus (or the captures given) and every field id in FIELDS, the value of
# `layerscope-cli -T fields -e ID` must equal tshark's, compared after
# normalising formatting only (True/1, hex case and 0x prefix, numbers written
# in another base, IPv6 and MAC spelling).  Every other difference is a bug in
# one of the two; the ones decided to be intentional are listed in
# TSHARK-DIFFERENCES.md and skipped exactly (capture, frame, field).
#
# Exit status: 0 all equal, 1 undocumented differences, 77 tshark missing.

import ipaddress
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

FIELDS = [
    'frame.len', 'frame.cap_len',
    'eth.dst', 'eth.src', 'eth.type', 'vlan.id', 'vlan.priority', 'vlan.etype',
    'arp.hw.type', 'arp.proto.type', 'arp.opcode', 'arp.src.hw_mac', 'arp.src.proto_ipv4',
    'arp.dst.hw_mac', 'arp.dst.proto_ipv4',
    'ip.version', 'ip.hdr_len', 'ip.dsfield', 'ip.len', 'ip.id', 'ip.flags.df', 'ip.flags.mf',
    'ip.frag_offset', 'ip.ttl', 'ip.proto', 'ip.checksum', 'ip.src', 'ip.dst',
    'icmp.type', 'icmp.code', 'icmp.checksum', 'icmp.ident', 'icmp.seq',
    'tcp.srcport', 'tcp.dstport', 'tcp.seq', 'tcp.ack', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.nxtseq',
    'tcp.stream', 'tcp.hdr_len', 'tcp.flags',
    'tcp.flags.syn', 'tcp.flags.ack', 'tcp.flags.fin', 'tcp.flags.reset', 'tcp.flags.push',
    'tcp.flags.urg', 'tcp.window_size_value', 'tcp.checksum', 'tcp.urgent_pointer',
    'tcp.options.mss_val', 'tcp.options.wscale.shift', 'tcp.options.timestamp.tsval',
    'tcp.options.timestamp.tsecr', 'tcp.len',
    'udp.srcport', 'udp.dstport', 'udp.length', 'udp.checksum',
    'dns.id', 'dns.flags.response', 'dns.flags.rcode', 'dns.count.queries', 'dns.count.answers',
    'dns.qry.name', 'dns.qry.type', 'dns.a', 'dns.aaaa', 'dns.cname',
    'http.request.method', 'http.request.uri', 'http.request.version', 'http.response.code',
    'http.host',
    'ipv6.version', 'ipv6.plen', 'ipv6.nxt', 'ipv6.hlim', 'ipv6.src', 'ipv6.dst',
    'icmpv6.type', 'icmpv6.code', 'icmpv6.checksum', 'icmpv6.echo.identifier',
    'icmpv6.echo.sequence_number', 'icmpv6.nd.ns.target_address',
    'sll.pkttype', 'sll.etype', 'null.family',
    # Second layer of detail: sub-fields, options, derived facts both programs compute.
    'eth.padding', 'eth.trailer', 'eth.len', 'eth.dst.ig', 'eth.dst.lg', 'eth.src.lg',
    'ieee8021ad.id', 'vlan.dei', 'llc.dsap', 'llc.ssap', 'llc.control', 'llc.oui', 'llc.pid',
    'sll.hatype', 'sll.halen', 'sll.src.eth', 'sll.ifindex', 'sll.ltype',
    'arp.hw.size', 'arp.proto.size', 'arp.isgratuitous', 'arp.isprobe', 'arp.isannouncement',
    'ip.flags', 'ip.flags.rb', 'ip.dsfield.dscp', 'ip.dsfield.ecn', 'ip.checksum.status',
    'ip.opt.type', 'ip.opt.len', 'ip.opt.ptr', 'ip.rec_rt',
    'icmp.checksum.status', 'icmp.unused', 'icmp.redir_gw', 'icmp.ident_le', 'icmp.seq_le',
    'icmp.resp_in', 'icmp.resp_to',
    'tcp.flags.cwr', 'tcp.flags.ece', 'tcp.flags.ae', 'tcp.flags.res', 'tcp.checksum.status',
    'tcp.option_kind', 'tcp.option_len', 'tcp.options.sack_le', 'tcp.options.sack_re',
    'tcp.options.wscale.multiplier', 'tcp.window_size', 'tcp.window_size_scalefactor',
    'udp.checksum.status', 'udp.stream', 'data.len',
    'dns.flags', 'dns.flags.opcode', 'dns.flags.recdesired', 'dns.flags.recavail',
    'dns.flags.truncated', 'dns.count.auth_rr', 'dns.count.add_rr', 'dns.qry.class',
    'dns.resp.name', 'dns.resp.type', 'dns.resp.ttl', 'dns.resp.len', 'dns.length',
    'http.response.phrase', 'http.response.version', 'http.content_length_header',
    'http.content_type', 'http.user_agent', 'http.server',
    'ipv6.flow', 'ipv6.tclass', 'ipv6.hopopts.nxt', 'ipv6.opt.type',
    'icmpv6.checksum.status', 'icmpv6.nd.na.target_address', 'icmpv6.nd.na.flag.s',
    'icmpv6.nd.na.flag.o', 'icmpv6.nd.ra.router_lifetime', 'icmpv6.nd.ra.cur_hop_limit',
    'icmpv6.opt.type', 'icmpv6.opt.linkaddr', 'icmpv6.opt.prefix', 'icmpv6.opt.mtu',
    'icmpv6.resp_in', 'icmpv6.mldr.nb_mcast_records',
    # Tunnels and the link headers capturing systems write.
    'gre.flags_and_version', 'gre.flags.checksum', 'gre.flags.routing', 'gre.flags.key',
    'gre.flags.sequence_number', 'gre.flags.ack', 'gre.flags.reserved', 'gre.flags.version', 'gre.proto', 'gre.checksum',
    'gre.checksum.status', 'gre.offset', 'gre.key', 'gre.key.payload_length', 'gre.key.call_id',
    'gre.sequence_number', 'gre.ack_number', 'gre.routing.address_family', 'gre.routing.src_length',
    'nflog.family', 'nflog.version', 'nflog.res_id', 'nflog.tlv_length', 'nflog.tlv_type', 'nflog.protocol',
    'nflog.hook', 'nflog.ifindex_indev', 'nflog.ifindex_outdev', 'nflog.prefix', 'nflog.uid', 'nflog.gid',
    'pktap.hdrlen', 'pktap.rectype', 'pktap.dlt', 'pktap.ifname', 'pktap.flags', 'pktap.pfamily',
    'pktap.llhdrlen', 'pktap.pid', 'pktap.cmdname', 'pktap.iftype', 'pktap.epid', 'pktap.ecmdname',
    'ipoib.type', 'ipoib.reserved', 'ipoib.daddr.qpn', 'ipoib.dgid', 'ipoib.grh.ipver', 'ipoib.grh.sqpn',
    'ipoib.grh.sgid',
    # Fragment reassembly.
    'ip.fragment', 'ip.fragment.count', 'ip.reassembled.length', 'ip.fragment.overlap',
    'ip.fragment.overlap.conflict', 'ipv6.fragment', 'ipv6.fragment.count', 'ipv6.reassembled.length',
    'ipv6.fraghdr.ident', 'ipv6.fraghdr.offset', 'ipv6.fraghdr.more',
]

# Recorded from real kernels on the sending host (record-lab-reassembly.sh):
# TCP and UDP checksums are left to the network card, which tshark counts as
# bad and then will not reassemble TCP segments with; Layerscope calls them
# offloaded (status 5).  tshark does not verify them there.
CAPTURE_OPTS = {
    'lab-reassembly.pcapng': ['-o', 'tcp.check_checksum:FALSE', '-o', 'udp.check_checksum:FALSE'],
}

# Compared once more with -2 (both programs read the file twice), on these captures.
TWO_PASS_CAPTURES = ['ip-frag.pcap', 'http-segments.pcap', 'ipv4-icmp.pcap', 'lab-reassembly.pcapng']
TWO_PASS_FIELDS = ['ip.reassembled_in', 'ipv6.reassembled.in', 'tcp.reassembled_in', 'ip.fragment', 'ipv6.fragment',
                   'tcp.segment', 'icmp.resp_in', 'icmp.resp_to', 'udp.length', 'http.response.code']

# tshark preferences: IP fragments reassembled in one pass, as layerscope-cli
# does (the fragment that completes a datagram decodes it; tshark without -2
# cannot point earlier fragments to it either); no reassembly of TCP
# segments (we decode one frame at a time).  Sequence numbers stay relative (tcp.seq) next to the
# raw ones (tcp.seq_raw), as in both programs' defaults.  Checksums are
# verified, as Layerscope always does.
TSHARK_OPTS = [
    '-o', 'ip.defragment:TRUE',
    '-o', 'ipv6.defragment:TRUE',
    '-o', 'ip.check_checksum:TRUE',
    '-o', 'tcp.check_checksum:TRUE',
    '-o', 'udp.check_checksum:TRUE',
    '-o', 'tcp.desegment_tcp_streams:TRUE',
    '-o', 'http.desegment_headers:TRUE',
    '-o', 'http.desegment_body:TRUE',
]


def run(cmd):
    env = dict(os.environ, TZ='UTC', LC_ALL='C.UTF-8')
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')


HEX_RE = re.compile(r'^0x[0-9a-fA-F]+$')
DEC_RE = re.compile(r'^-?[0-9]+$')
MAC_RE = re.compile(r'^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$')


def norm_one(v):
    v = v.strip()
    if v in ('True', 'true'):
        return '1'
    if v in ('False', 'false'):
        return '0'
    if HEX_RE.match(v):
        return str(int(v, 16))
    if DEC_RE.match(v):
        return str(int(v))
    if MAC_RE.match(v):
        return v.lower().replace('-', ':')
    if ':' in v:
        try:
            return str(ipaddress.IPv6Address(v))
        except ValueError:
            pass
    return v


def norm(value):
    if value == '':
        return ''
    return ','.join(norm_one(x) for x in value.split(','))


def load_skips():
    """(capture, frame, field) triples from the table in TSHARK-DIFFERENCES.md; '*' matches any."""
    skips = []
    path = os.path.join(HERE, 'TSHARK-DIFFERENCES.md')
    if not os.path.exists(path):
        return skips
    with open(path, encoding='utf-8') as f:
        for line in f:
            cells = [c.strip().strip('`') for c in line.strip().strip('|').split('|')]
            if len(cells) >= 4 and line.startswith('|') and cells[0] not in ('capture', '') \
                    and not set(cells[0]) <= set('-: '):
                skips.append((cells[0], cells[1], cells[2]))
    return skips


def skipped(skips, cap, frame, field, ipv6=False):
    """frame: numbers separated by commas, '*' (any) or 'ipv6' (any frame tshark
    decodes as IPv6); field: ids separated by commas, or 'proto.*' (every field
    of that protocol)."""
    for c, fr, fi in skips:
        frames = [x.strip() for x in fr.split(',')]
        ids = [x.strip() for x in fi.split(',')]
        if (c == '*' or c == cap) and \
                any(x == field or (x.endswith('.*') and field.startswith(x[:-1])) for x in ids) and \
                ('*' in frames or str(frame) in frames or ('ipv6' in frames and ipv6)):
            return (c, fr, fi)
    return None


def columns(text, nfields):
    rows = []
    for line in text.split('\n'):
        if line == '':
            continue
        cells = line.split('\t')
        cells += [''] * (nfields - len(cells))
        rows.append(cells[:nfields])
    return rows


def main(argv):
    if len(argv) < 2:
        sys.stderr.write('usage: tshark-check.py LAYERSCOPE_CLI [CAPTURE...]\n')
        return 2
    cli = argv[1]
    if not shutil.which('tshark'):
        print('tshark is not installed: skipping the cross-check (apt-get install tshark)')
        return 77
    caps = argv[2:]
    if not caps:
        d = os.path.join(HERE, 'captures')
        caps = sorted(os.path.join(d, n) for n in os.listdir(d) if n.endswith(('.pcap', '.pcapng')) and not n.startswith('bad-'))

    rc, out, err = run([cli, '--list-fields'])
    if rc != 0:
        print('layerscope-cli --list-fields failed: %s' % err.strip())
        return 1
    ours_known = {line.split('\t')[0] for line in out.split('\n') if line}
    fields = [f for f in FIELDS if f in ours_known]
    missing = [f for f in FIELDS if f not in ours_known]

    skips = load_skips()
    used = set()
    ndiff = nskip = ncmp = npkt = 0
    for f in missing:
        s = skipped(skips, '*', '*', f)
        if s:
            used.add(s)
            nskip += 1
        else:
            print('MISSING  %s: tshark has it, layerscope-cli does not' % f)
            ndiff += 1

    def compare(cap, fields, two_pass=False):
        """Compare fields on every packet of cap; returns FALSE when tshark failed."""
        nonlocal ndiff, nskip, ncmp, npkt
        name = os.path.basename(cap)
        e_args = []
        for f in fields:
            e_args += ['-e', f]
        extra = ['-2'] if two_pass else []
        rc, ours, err = run([cli, '-r', cap, '-T', 'fields', '-E', 'occurrence=a'] + extra + e_args)
        if rc != 0:
            print('%s: layerscope-cli failed (%d): %s' % (name, rc, err.strip()))
            ndiff += 1
            return True
        rc, theirs, err = run(['tshark', '-n', '-r', cap, '-T', 'fields', '-E', 'occurrence=a'] +
                              extra + TSHARK_OPTS + CAPTURE_OPTS.get(name, []) + e_args)
        if rc != 0:
            print('%s: tshark failed (%d): %s' % (name, rc, err.strip()))
            return False
        a = columns(ours, len(fields))
        b = columns(theirs, len(fields))
        if len(a) != len(b):
            print('%s: %d packets from layerscope-cli, %d from tshark' % (name, len(a), len(b)))
            ndiff += 1
        v6col = fields.index('ipv6.version') if 'ipv6.version' in fields else None
        for i, (ra, rb) in enumerate(zip(a, b)):
            npkt += 1
            is_v6 = v6col is not None and rb[v6col] != ''
            for f, va, vb in zip(fields, ra, rb):
                ncmp += 1
                if norm(va) == norm(vb):
                    continue
                s = skipped(skips, name, i + 1, f, is_v6)
                if s:
                    used.add(s)
                    nskip += 1
                    continue
                print('DIFF     %s%s #%d %s: layerscope=%r tshark=%r' % (name, ' -2' if two_pass else '', i + 1, f, va, vb))
                ndiff += 1
        return True

    for cap in caps:
        if not compare(cap, fields):
            return 1
    # Two passes (-2 in both): what only later packets tell, on the
    # reassembly captures.
    for cap in caps:
        if os.path.basename(cap) in TWO_PASS_CAPTURES and not compare(cap, TWO_PASS_FIELDS, True):
            return 1

    for s in skips:
        if s not in used and (s[0] == '*' or any(os.path.basename(c) == s[0] for c in caps)):
            print('STALE    %s #%s %s: listed in TSHARK-DIFFERENCES.md but no longer differs' % s)

    print('%d packets, %d fields (%d not in layerscope-cli), %d values compared, '
          '%d differences, %d documented and skipped'
          % (npkt, len(FIELDS), len(missing), ncmp, ndiff, nskip))
    return 1 if ndiff else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
