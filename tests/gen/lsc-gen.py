#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# lsc-gen.py — writes the capture files Layerscope's tests and benchmark use.
#
#   lsc-gen.py corpus OUTDIR        the golden corpus (themed pcap/pcapng files)
#   lsc-gen.py bench N OUT.pcap     an N-packet mixed capture for bench/
#   lsc-gen.py distinct N OUT.pcap  the same mix, but every cycle opens new connections,
#                                   ports, DNS ids and pings (state a one-pass analysis must forget)
#   lsc-gen.py fuzzseeds DIR        one frame per file for the fuzz corpus
#   lsc-gen.py filterseeds DIR      display filters for the filter fuzz corpus
#
# Every frame is built field by field with correct checksums unless a test
# wants a bad one.  Addresses come only from 198.18.0.0/15 and fd00::/8 (plus
# the broadcast/multicast groups the protocols themselves require), unicast
# MACs are locally administered (02:...).  Output is deterministic: fixed
# timestamps, no randomness, so regenerating never changes a committed file.
#
# Fuzz seed format: the first byte selects the link type, the rest is the
# frame (see tests/fuzz/README.md and LINK_SELECTOR below).
#
# Standard library only.

import os
import struct
import sys

# ---------------------------------------------------------------------------
# Link types (libpcap LINKTYPE_ values) and the fuzz target's selector byte.

LT_NULL = 0
LT_ETHERNET = 1
LT_RAW = 101
LT_LOOP = 108
LT_SLL = 113
LT_SLL2 = 276
LT_PPP = 9
LT_CHDLC = 104
LT_PPP_DIR = 204
LT_PKTAP_APPLE = 149
LT_NFLOG = 239
LT_IPOIB = 242
LT_PKTAP = 258

# Must match the table in tests/fuzz/fuzz-dissect.c.
LINK_SELECTOR = {LT_ETHERNET: 0, LT_SLL: 1, LT_SLL2: 2, LT_NULL: 3, LT_LOOP: 4, LT_RAW: 5,
                 LT_PPP: 0x20, LT_PPP_DIR: 0x21, LT_CHDLC: 0x22, LT_NFLOG: 0x23, LT_IPOIB: 0x24,
                 LT_PKTAP: 0x25, LT_PKTAP_APPLE: 0x26}

BASE_TS_NS = 1700000000 * 10**9  # 2023-11-14 22:13:20 UTC

# ---------------------------------------------------------------------------
# Addresses


def mac(s):
    return bytes(int(x, 16) for x in s.split(':'))


def ip4(s):
    return bytes(int(x) for x in s.split('.'))


def ip6(s):
    if '::' in s:
        head, tail = s.split('::')
        h = [x for x in head.split(':') if x]
        t = [x for x in tail.split(':') if x]
        groups = h + ['0'] * (8 - len(h) - len(t)) + t
    else:
        groups = s.split(':')
    assert len(groups) == 8, s
    return b''.join(struct.pack('!H', int(g, 16)) for g in groups)


BCAST = mac('ff:ff:ff:ff:ff:ff')
ZERO_MAC = bytes(6)
MAC_A = mac('02:00:5e:10:00:01')   # client
MAC_B = mac('02:00:5e:10:00:02')   # server
MAC_GW = mac('02:00:5e:10:00:fe')  # router
MAC_C = mac('02:00:5e:10:00:03')

IP_A = ip4('198.18.0.1')
IP_B = ip4('198.18.0.2')
IP_C = ip4('198.18.0.3')
IP_GW = ip4('198.18.0.254')
IP_DNS = ip4('198.18.0.53')
IP_FAR = ip4('198.19.7.10')
IP_ANY = ip4('0.0.0.0')

IP6_A = ip6('fd00:1::1')
IP6_B = ip6('fd00:1::2')
IP6_GW = ip6('fd00:1::fe')
IP6_DNS = ip6('fd00:1::53')
IP6_ALL_NODES = ip6('ff02::1')
IP6_ALL_ROUTERS = ip6('ff02::2')


def solicited_node(addr):
    return ip6('ff02::1:ff00:0')[:13] + addr[13:]


def mcast6_mac(addr):
    return b'\x33\x33' + addr[12:]


# ---------------------------------------------------------------------------
# Checksums


def inet_sum(data, s=0):
    if len(data) % 2:
        data = data + b'\0'
    s += sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def inet_csum(data, s=0):
    return ~inet_sum(data, s) & 0xffff


def pseudo4(src, dst, proto, length):
    return src + dst + struct.pack('!BBH', 0, proto, length)


def pseudo6(src, dst, nh, length):
    return src + dst + struct.pack('!I3xB', length, nh)


# ---------------------------------------------------------------------------
# Link layers


def pad60(frame):
    return frame + bytes(max(0, 60 - len(frame)))


def eth(dst, src, etype, payload, pad=True):
    f = dst + src + struct.pack('!H', etype) + payload
    return pad60(f) if pad else f


def eth8023(dst, src, llc_payload):
    return pad60(dst + src + struct.pack('!H', len(llc_payload)) + llc_payload)


def vlan(dst, src, vid, etype, payload, pcp=0, dei=0, outer=0x8100):
    tci = (pcp << 13) | (dei << 12) | vid
    return pad60(dst + src + struct.pack('!HHH', outer, tci, etype) + payload)


def qinq(dst, src, svid, cvid, etype, payload):
    return pad60(dst + src + struct.pack('!HHHHH', 0x88a8, svid, 0x8100, cvid, etype) + payload)


def sll1(pkttype, addr, proto, payload, hatype=1):
    return struct.pack('!HHH', pkttype, hatype, len(addr)) + addr.ljust(8, b'\0') + \
        struct.pack('!H', proto) + payload


def sll2(pkttype, addr, proto, payload, ifindex=2, hatype=1):
    return struct.pack('!HHIHBB', proto, 0, ifindex, hatype, pkttype, len(addr)) + \
        addr.ljust(8, b'\0') + payload


def null_hdr(family, payload, network_order=False):
    # DLT_NULL stores the family in the writer's byte order; ours is little endian.
    return struct.pack('!I' if network_order else '<I', family) + payload


# ---------------------------------------------------------------------------
# ARP


def arp(op, sha, spa, tha, tpa, ptype=0x0800):
    return struct.pack('!HHBBH', 1, ptype, 6, 4, op) + sha + spa + tha + tpa


# ---------------------------------------------------------------------------
# IPv4


def ip_opts(*opts):
    raw = b''.join(opts)
    return raw + bytes((-len(raw)) % 4)


def ipv4(src, dst, proto, payload, ttl=64, ident=0x1000, df=True, mf=False, frag=0,
         tos=0, options=b'', bad_csum=False, ihl=None, total_len=None, csum=None):
    hlen = 20 + len(options)
    ihl_v = hlen // 4 if ihl is None else ihl
    tl = hlen + len(payload) if total_len is None else total_len
    flags = (0x4000 if df else 0) | (0x2000 if mf else 0) | (frag & 0x1fff)
    hdr = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl_v, tos, tl, ident, flags, ttl, proto, 0, src, dst) + options
    if csum is None:
        csum = inet_csum(hdr)
        if bad_csum:
            csum ^= 0x5a5a
    hdr = hdr[:10] + struct.pack('!H', csum) + hdr[12:]
    return hdr + payload


# ---------------------------------------------------------------------------
# ICMP


def icmp(itype, code, rest, data=b'', bad_csum=False):
    body = struct.pack('!BBH', itype, code, 0) + rest + data
    c = inet_csum(body)
    if bad_csum:
        c ^= 0x1111
    return body[:2] + struct.pack('!H', c) + body[4:]


def icmp_echo(request, ident, seq, data=b''):
    return icmp(8 if request else 0, 0, struct.pack('!HH', ident, seq), data)


PING_DATA = bytes(range(0x10, 0x38))  # 40 bytes like a typical ping pattern


# ---------------------------------------------------------------------------
# TCP


def opt_mss(v): return struct.pack('!BBH', 2, 4, v)
def opt_ws(v): return struct.pack('!BBB', 3, 3, v)
def opt_sackperm(): return b'\x04\x02'
def opt_ts(val, ecr): return struct.pack('!BBII', 8, 10, val, ecr)
def opt_sack(*blocks): return struct.pack('!BB', 5, 2 + 8 * len(blocks)) + b''.join(struct.pack('!II', a, b) for a, b in blocks)
NOP = b'\x01'
EOL = b'\x00'


TCP_FIN, TCP_SYN, TCP_RST, TCP_PSH, TCP_ACK, TCP_URG, TCP_ECE, TCP_CWR = 1, 2, 4, 8, 16, 32, 64, 128


def tcp(src, dst, sport, dport, seq, ack, flags, payload=b'', win=64240, options=b'',
        urg=0, bad_csum=False, doff=None, v6=False):
    opts = options + bytes((-len(options)) % 4)
    doff_v = (20 + len(opts)) // 4 if doff is None else doff
    hdr = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, doff_v << 4 | (flags >> 8 & 1),
                      flags & 0xff, win, 0, urg) + opts
    seg = hdr + payload
    ph = pseudo6(src, dst, 6, len(seg)) if v6 else pseudo4(src, dst, 6, len(seg))
    c = inet_csum(ph + seg)
    if bad_csum:
        c ^= 0x2222
    return seg[:16] + struct.pack('!H', c) + seg[18:]


# ---------------------------------------------------------------------------
# UDP


def udp(src, dst, sport, dport, payload, zero_csum=False, length=None, bad_csum=False, v6=False):
    ln = 8 + len(payload) if length is None else length
    seg = struct.pack('!HHHH', sport, dport, ln, 0) + payload
    if zero_csum:
        return seg
    ph = pseudo6(src, dst, 17, 8 + len(payload)) if v6 else pseudo4(src, dst, 17, 8 + len(payload))
    c = inet_csum(ph + seg)
    if c == 0:
        c = 0xffff
    if bad_csum:
        c ^= 0x3333
    return seg[:6] + struct.pack('!H', c) + seg[8:]


# ---------------------------------------------------------------------------
# DNS


def dns_name(name):
    out = b''
    for label in name.rstrip('.').split('.'):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b'\0'


def dns_header(ident, flags, qd=0, an=0, ns=0, ar=0):
    return struct.pack('!HHHHHH', ident, flags, qd, an, ns, ar)


def dns_question(name, qtype=1, qclass=1):
    return (dns_name(name) if isinstance(name, str) else name) + struct.pack('!HH', qtype, qclass)


def dns_rr(name_bytes, rtype, ttl, rdata, rclass=1):
    return name_bytes + struct.pack('!HHIH', rtype, rclass, ttl, len(rdata)) + rdata


def ptr(off):
    return struct.pack('!H', 0xc000 | off)


def dns_query(ident, name, qtype=1):
    return dns_header(ident, 0x0100, qd=1) + dns_question(name, qtype)


def dns_response_a(ident, name, addrs, qtype=1, cname=None):
    """A response whose answers point back at the question name (offset 12)."""
    msg = dns_header(ident, 0x8180, qd=1, an=len(addrs) + (1 if cname else 0)) + dns_question(name, qtype)
    owner = ptr(12)
    if cname:
        # The CNAME target shares the question's parent domain: "web" + pointer to it.
        first_dot = name.index('.')
        parent_off = 12 + 1 + first_dot
        target = bytes([len(cname)]) + cname.encode() + ptr(parent_off)
        target_off = len(msg) + 2 + 10
        msg += dns_rr(owner, 5, 300, target)
        owner = ptr(target_off)
    for a in addrs:
        msg += dns_rr(owner, 28 if len(a) == 16 else 1, 300, a)
    return msg


DNS_NAME = 'www.example.com'


# ---------------------------------------------------------------------------
# IPv6 and ICMPv6


def ipv6(src, dst, nh, payload, hlim=64, tc=0, flow=0, plen=None):
    pl = len(payload) if plen is None else plen
    return struct.pack('!IHBB', (6 << 28) | (tc << 20) | flow, pl, nh, hlim) + src + dst + payload


def icmpv6(src, dst, itype, code, body, bad_csum=False):
    msg = struct.pack('!BBH', itype, code, 0) + body
    c = inet_csum(pseudo6(src, dst, 58, len(msg)) + msg)
    if bad_csum:
        c ^= 0x4444
    return msg[:2] + struct.pack('!H', c) + msg[4:]


def nd_opt_lla(kind, m):
    return struct.pack('!BB', kind, 1) + m


def nd_opt_prefix(prefix, plen, valid=2592000, preferred=604800):
    return struct.pack('!BBBBII4x', 3, 4, plen, 0xc0, valid, preferred) + prefix


def nd_opt_mtu(mtu):
    return struct.pack('!BBHI', 5, 1, 0, mtu)


def eth6(dst_mac, src_mac, src, dst, nh, payload, hlim=64):
    return eth(dst_mac, src_mac, 0x86dd, ipv6(src, dst, nh, payload, hlim=hlim))


# ---------------------------------------------------------------------------
# Capture file writers


class Packet:
    __slots__ = ('ts_ns', 'data', 'wirelen')

    def __init__(self, ts_ns, data, wirelen=None):
        self.ts_ns = ts_ns
        self.data = data
        self.wirelen = len(data) if wirelen is None else wirelen


def write_pcap(path, linktype, packets, snaplen=262144, nanosecond=False):
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b23c4d if nanosecond else 0xa1b2c3d4, 2, 4, 0, 0,
                            snaplen, linktype))
        div = 1 if nanosecond else 1000
        for p in packets:
            data = p.data[:snaplen]
            sec, frac = divmod(p.ts_ns, 10**9)
            f.write(struct.pack('<IIII', sec, frac // div, len(data), p.wirelen) + data)


def _pcapng_block(btype, body):
    body += bytes((-len(body)) % 4)
    total = len(body) + 12
    return struct.pack('<II', btype, total) + body + struct.pack('<I', total)


def write_pcapng(path, linktype, packets, snaplen=262144):
    """One section, one interface with nanosecond timestamps (if_tsresol = 9)."""
    with open(path, 'wb') as f:
        shb = struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1)
        opt_app = b'Layerscope lsc-gen.py'
        shb += struct.pack('<HH', 4, len(opt_app)) + opt_app + bytes((-len(opt_app)) % 4)
        shb += struct.pack('<HH', 0, 0)
        f.write(_pcapng_block(0x0A0D0D0A, shb))
        name = b'lab0'
        idb = struct.pack('<HHI', linktype, 0, snaplen)
        idb += struct.pack('<HH', 2, len(name)) + name + bytes((-len(name)) % 4)
        idb += struct.pack('<HHB3x', 9, 1, 9)
        idb += struct.pack('<HH', 0, 0)
        f.write(_pcapng_block(1, idb))
        for p in packets:
            data = p.data[:snaplen]
            body = struct.pack('<IIIII', 0, p.ts_ns >> 32, p.ts_ns & 0xffffffff, len(data), p.wirelen) + data
            f.write(_pcapng_block(6, body))


def write_pcapng_multi(path, interfaces, records, stats=()):
    """One section with several interfaces: interfaces is a list of
    (link type, name, if_tsresol byte); records a list of (interface index,
    Packet, [comments]).  A name-resolution block sits between them, which a
    reader must step over."""
    with open(path, 'wb') as f:
        shb = struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1) + struct.pack('<HH', 0, 0)
        f.write(_pcapng_block(0x0A0D0D0A, shb))
        units = []
        for linktype, name, tsresol in interfaces:
            idb = struct.pack('<HHI', linktype, 0, 262144)
            idb += struct.pack('<HH', 2, len(name)) + name + bytes((-len(name)) % 4)
            idb += struct.pack('<HHB3x', 9, 1, tsresol)
            idb += struct.pack('<HH', 0, 0)
            f.write(_pcapng_block(1, idb))
            units.append(10 ** tsresol if tsresol < 0x80 else 2 ** (tsresol & 0x7f))
        # Name resolution: one IPv4 record, then the end.
        nrb = struct.pack('<HH', 1, 4 + len(b'h1.lab\0')) + ip4('198.18.1.11') + b'h1.lab\0'
        nrb += bytes((-len(nrb)) % 4) + struct.pack('<HH', 0, 0)
        f.write(_pcapng_block(4, nrb))
        for ifid, p, comments in records:
            ts = p.ts_ns * units[ifid] // 10**9
            body = struct.pack('<IIIII', ifid, ts >> 32, ts & 0xffffffff, len(p.data), p.wirelen) + p.data
            body += bytes((-len(body)) % 4)
            for c in comments:
                c = c.encode('utf-8')
                body += struct.pack('<HH', 1, len(c)) + c + bytes((-len(c)) % 4)
            if comments:
                body += struct.pack('<HH', 0, 0)
            f.write(_pcapng_block(6, body))
        # Interface statistics at the end, as dumpcap writes them: counters
        # are 64-bit numbers, start and end times two 32-bit words each.
        for ifid, counters in stats:
            ts = records[-1][1].ts_ns * units[ifid] // 10**9
            body = struct.pack('<III', ifid, ts >> 32, ts & 0xffffffff)
            for code, value in counters:
                if code in (2, 3):
                    v = value * units[ifid] // 10**9
                    body += struct.pack('<HHII', code, 8, v >> 32, v & 0xffffffff)
                else:
                    body += struct.pack('<HHQ', code, 8, value)
            body += struct.pack('<HH', 0, 0)
            f.write(_pcapng_block(5, body))


class Timeline:
    """Fixed, increasing timestamps so output never changes."""

    def __init__(self, start_ns=BASE_TS_NS, step_ns=1_250_000):
        self.t = start_ns
        self.step = step_ns
        self.packets = []

    def add(self, data, gap_ns=None, wirelen=None):
        self.packets.append(Packet(self.t, data, wirelen))
        self.t += self.step if gap_ns is None else gap_ns
        return self


# ---------------------------------------------------------------------------
# Conversations shared by the corpus and the benchmark


def tcp_conversation(src, dst, mac_src, mac_dst, sport, dport, isn_c, isn_s, request, response,
                     v6=False, options=True, client_ts=1000):
    """Handshake, one request/response exchange, four-way teardown: 10 frames."""
    def frame(from_client, seq, ack, flags, payload=b'', opts=b''):
        s, d = (src, dst) if from_client else (dst, src)
        ms, md = (mac_src, mac_dst) if from_client else (mac_dst, mac_src)
        sp, dp = (sport, dport) if from_client else (dport, sport)
        seg = tcp(s, d, sp, dp, seq, ack, flags, payload, options=opts, v6=v6,
                  win=64240 if from_client else 65160)
        if v6:
            return eth(md, ms, 0x86dd, ipv6(s, d, 6, seg))
        return eth(md, ms, 0x0800, ipv4(s, d, 6, seg, ident=0x4000 + (seq & 0xfff)))

    c, s = isn_c, isn_s
    syn_opts = (opt_mss(1460) + opt_sackperm() + opt_ts(client_ts, 0) + NOP + opt_ws(7)) if options else b''
    synack_opts = (opt_mss(1460) + opt_sackperm() + opt_ts(client_ts + 7, client_ts) + NOP + opt_ws(7)) if options else b''
    out = [
        frame(True, c, 0, TCP_SYN, opts=syn_opts),
        frame(False, s, c + 1, TCP_SYN | TCP_ACK, opts=synack_opts),
        frame(True, c + 1, s + 1, TCP_ACK),
        frame(True, c + 1, s + 1, TCP_PSH | TCP_ACK, request),
        frame(False, s + 1, c + 1 + len(request), TCP_ACK),
        frame(False, s + 1, c + 1 + len(request), TCP_PSH | TCP_ACK, response),
        frame(True, c + 1 + len(request), s + 1 + len(response), TCP_ACK),
    ]
    c2 = c + 1 + len(request)
    s2 = s + 1 + len(response)
    out += [
        frame(True, c2, s2, TCP_FIN | TCP_ACK),
        frame(False, s2, c2 + 1, TCP_FIN | TCP_ACK),
        frame(True, c2 + 1, s2 + 1, TCP_ACK),
    ]
    return out


HTTP_GET = (b'GET /index.html HTTP/1.1\r\n'
            b'Host: www.example.com\r\n'
            b'User-Agent: layerscope-lab/1.0\r\n'
            b'Accept: text/html\r\n'
            b'\r\n')
HTTP_BODY = b'<html><body><h1>Hello, layers!</h1></body></html>\n'
HTTP_200 = (b'HTTP/1.1 200 OK\r\n'
            b'Content-Type: text/html; charset=utf-8\r\n'
            b'Content-Length: ' + str(len(HTTP_BODY)).encode() + b'\r\n'
            b'Connection: close\r\n'
            b'\r\n' + HTTP_BODY)


# ---------------------------------------------------------------------------
# The golden corpus: one themed file per topic


def corpus_eth_arp():
    tl = Timeline()
    # ARP request (who-has) and its reply.
    tl.add(eth(BCAST, MAC_A, 0x0806, arp(1, MAC_A, IP_A, ZERO_MAC, IP_B)))
    tl.add(eth(MAC_A, MAC_B, 0x0806, arp(2, MAC_B, IP_B, MAC_A, IP_A)))
    # Gratuitous ARP as a request and as a reply (sender = target address).
    tl.add(eth(BCAST, MAC_C, 0x0806, arp(1, MAC_C, IP_C, ZERO_MAC, IP_C)))
    tl.add(eth(BCAST, MAC_C, 0x0806, arp(2, MAC_C, IP_C, BCAST, IP_C)))
    # ARP probe (RFC 5227): sender IP 0.0.0.0.
    tl.add(eth(BCAST, MAC_C, 0x0806, arp(1, MAC_C, IP_ANY, ZERO_MAC, IP_C)))
    # RARP request.
    tl.add(eth(BCAST, MAC_C, 0x8035, arp(3, MAC_C, IP_ANY, MAC_C, IP_ANY)))
    # 802.3 length frame with LLC carrying a spanning-tree BPDU.
    bpdu = struct.pack('!HBBB', 0, 0, 0, 0) + struct.pack('!Q', 0x8000020000000001) + \
        struct.pack('!I', 0) + struct.pack('!Q', 0x8000020000000001) + struct.pack('!HHHHH', 0x8001, 0, 20 * 256, 2 * 256, 15 * 256)
    tl.add(eth8023(mac('01:80:c2:00:00:00'), MAC_GW, b'\x42\x42\x03' + bpdu))
    # 802.3 with LLC/SNAP carrying ARP.
    tl.add(eth8023(BCAST, MAC_A, b'\xaa\xaa\x03\x00\x00\x00\x08\x06' + arp(1, MAC_A, IP_A, ZERO_MAC, IP_GW)))
    # 802.1Q tagged ping (VLAN 10, priority 5) and a QinQ-tagged ARP.
    tl.add(vlan(MAC_B, MAC_A, 10, 0x0800, ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x0101, 1, b'vlan')), pcp=5))
    tl.add(qinq(BCAST, MAC_A, 100, 20, 0x0806, arp(1, MAC_A, IP_A, ZERO_MAC, IP_C)))
    # Linux loopback: all-zero MACs.
    ping = icmp_echo(True, 0x0202, 1, PING_DATA)
    tl.add(eth(ZERO_MAC, ZERO_MAC, 0x0800, ipv4(IP_A, IP_A, 1, ping, ident=0x0042)))
    # Unknown EtherType with a trailer-free payload.
    tl.add(eth(MAC_B, MAC_A, 0x88b5, b'local experimental ethertype payload'))
    # Unicast frame with a non-zero trailer after the ARP payload.
    tl.add(eth(MAC_A, MAC_B, 0x0806, arp(2, MAC_B, IP_B, MAC_A, IP_A) + b'\xde\xad\xbe\xef'))
    # Truncated Ethernet header (10 bytes).
    tl.add(MAC_B + MAC_A[:4])
    return tl.packets


def corpus_ipv4_icmp():
    tl = Timeline()
    req = ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x1c46, 1, PING_DATA), ident=0x2a01)
    rep = ipv4(IP_B, IP_A, 1, icmp_echo(False, 0x1c46, 1, PING_DATA), ident=0x7b10, df=False)
    tl.add(eth(MAC_B, MAC_A, 0x0800, req))
    tl.add(eth(MAC_A, MAC_B, 0x0800, rep))
    # Port unreachable quoting a UDP datagram (header + first 8 bytes).
    quoted = ipv4(IP_A, IP_B, 17, udp(IP_A, IP_B, 40000, 33434, b'probe-data-123'), ident=0x3001, ttl=64)
    tl.add(eth(MAC_A, MAC_B, 0x0800,
               ipv4(IP_B, IP_A, 1, icmp(3, 3, bytes(4), quoted[:28]), ident=0x3002, df=False, tos=0xc0)))
    # Time exceeded from a router for a traceroute probe with TTL 1.
    probe = ipv4(IP_A, IP_FAR, 17, udp(IP_A, IP_FAR, 40001, 33435, bytes(32)), ttl=1, ident=0x3003)
    tl.add(eth(MAC_GW, MAC_A, 0x0800, probe))
    tl.add(eth(MAC_A, MAC_GW, 0x0800,
               ipv4(IP_GW, IP_A, 1, icmp(11, 0, bytes(4), probe[:28]), ident=0x3004, tos=0xc0)))
    # Redirect: use 198.18.0.254 for 198.19.7.10.
    tl.add(eth(MAC_A, MAC_GW, 0x0800,
               ipv4(IP_GW, IP_A, 1, icmp(5, 1, IP_GW, probe[:28]), ident=0x3005)))
    # Options: NOP, record route with two slots, router alert, EOL.
    opts = ip_opts(NOP, struct.pack('!BBB', 7, 11, 8) + IP_A + bytes(4), struct.pack('!BBH', 148, 4, 0), EOL)
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x1c46, 2, b'opts'), options=opts)))
    # Timestamp option and an unknown option; option length running past the header.
    opts2 = ip_opts(struct.pack('!BBBB', 68, 12, 5, 0) + struct.pack('!I', 0x01020304) + bytes(4),
                    struct.pack('!BB', 0x9e, 4) + b'\xab\xcd')
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x1c46, 3, b'opts2'), options=opts2)))
    bad_opt = ip_opts(NOP, struct.pack('!BB', 7, 40) + bytes(2))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x1c46, 4), options=bad_opt)))
    # A 2028-byte ping split into two fragments (first with MF, second with offset).
    big = icmp_echo(True, 0x1c46, 5, bytes(i & 0xff for i in range(2000)))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, big[:1480], ident=0x5151, df=False, mf=True,
                                          total_len=1500)))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, big[1480:], ident=0x5151, df=False, frag=185,
                                          total_len=20 + len(big) - 1480)))
    # Bad header checksum; bad ICMP checksum.
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x1c46, 6, b'x'), bad_csum=True)))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, icmp(8, 0, struct.pack('!HH', 0x1c46, 7), b'bad', bad_csum=True))))
    # IHL below 5.
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x1c46, 8), ihl=4)))
    # Total length past the end of the frame; total length below the header.
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x1c46, 9, b'short'), total_len=400)))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x1c46, 10), total_len=12)))
    # Short ping padded to 60 bytes: padding must not become ICMP data.
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x1c46, 11, b'hi'))))
    # Wrong version (IPv4 EtherType carrying version 6 nibble) and an unknown protocol.
    wrong = bytearray(ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x1c46, 12)))
    wrong[0] = 0x65
    tl.add(eth(MAC_B, MAC_A, 0x0800, bytes(wrong)))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 253, b'experimental payload', ident=0x6001)))
    # Broadcast ping to the subnet broadcast address, TTL 1.
    tl.add(eth(BCAST, MAC_A, 0x0800, ipv4(IP_A, ip4('198.18.255.255'), 1, icmp_echo(True, 0x1c47, 1, b'bcast'),
                                          ttl=1, df=False)))
    return tl.packets


def corpus_tcp_options():
    tl = Timeline(step_ns=1_000_123)
    a, b = IP_A, IP_B

    def seg(flags, opts=b'', payload=b'', seq=1000, ack=0, **kw):
        return eth(MAC_B, MAC_A, 0x0800, ipv4(a, b, 6, tcp(a, b, 45000, 8080, seq, ack, flags, payload,
                                                            options=opts, **kw)))

    # Every option kind in a SYN.
    tl.add(seg(TCP_SYN, opt_mss(1460) + opt_sackperm() + opt_ts(123456, 0) + NOP + opt_ws(7)))
    tl.add(seg(TCP_SYN | TCP_ECE | TCP_CWR, opt_mss(536) + NOP + NOP + opt_sackperm() + NOP + opt_ws(14)))
    # SACK blocks with timestamps.
    tl.add(seg(TCP_ACK, NOP + NOP + opt_ts(123500, 9999) + NOP + NOP + opt_sack((5000, 6000), (7000, 8000)),
               seq=1001, ack=4000))
    # EOL then padding; unknown option kind 253 (experimental).
    tl.add(seg(TCP_ACK, NOP + EOL + bytes(2), seq=1001, ack=4000))
    tl.add(seg(TCP_ACK, struct.pack('!BBH', 253, 4, 0xbeef) + opt_mss(1200), seq=1001, ack=4000))
    # Bad lengths: length 1, MSS with length 3, length running past the header, length 0.
    tl.add(seg(TCP_SYN, b'\x02\x01' + bytes(2)))
    tl.add(seg(TCP_SYN, b'\x02\x03\x05' + NOP))
    tl.add(seg(TCP_SYN, opt_mss(1460) + b'\x08\x20' + bytes(2)))
    tl.add(seg(TCP_SYN, b'\x1e\x00' + bytes(2)))
    # Data offset below 5 and past the segment.
    tl.add(seg(TCP_ACK, doff=4, seq=1001, ack=4000))
    tl.add(seg(TCP_ACK, doff=15, seq=1001, ack=4000))
    # Urgent data, bad checksum, RST, RST+ACK, and every flag at once.
    tl.add(seg(TCP_URG | TCP_ACK | TCP_PSH, payload=b'!urgent', urg=1, seq=1001, ack=4000))
    tl.add(seg(TCP_PSH | TCP_ACK, payload=b'checksum me', seq=1008, ack=4000, bad_csum=True))
    tl.add(seg(TCP_RST, seq=1019))
    tl.add(eth(MAC_A, MAC_B, 0x0800, ipv4(b, a, 6, tcp(b, a, 8081, 45001, 0, 2001, TCP_RST | TCP_ACK, win=0))))
    tl.add(seg(0x1ff, seq=1019, ack=4000))
    # A segment with no flags at all (a "null" scan).
    tl.add(seg(0, seq=1019))
    return tl.packets


def corpus_tcp_http():
    tl = Timeline(step_ns=2_000_000)
    for f in tcp_conversation(IP_A, IP_B, MAC_A, MAC_B, 51514, 80, 0x1a2b3c4d, 0x9e8d7c6b, HTTP_GET, HTTP_200):
        tl.add(f)
    # POST with a body and a 404 response on 8080, without the handshake.
    post = (b'POST /api/echo?x=1 HTTP/1.0\r\nHost: 198.18.0.2:8080\r\nContent-Type: text/plain\r\n'
            b'Content-Length: 5\r\n\r\nhello')
    resp = b'HTTP/1.0 404 Not Found\r\nServer: lab\r\nContent-Length: 0\r\n\r\n'
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(IP_A, IP_B, 51515, 8080, 5000, 7000, TCP_PSH | TCP_ACK, post))))
    tl.add(eth(MAC_A, MAC_B, 0x0800, ipv4(IP_B, IP_A, 6, tcp(IP_B, IP_A, 8080, 51515, 7000, 5000 + len(post), TCP_PSH | TCP_ACK, resp))))
    # A header line without the final blank line (cut by segmentation), and a
    # non-HTTP text payload on port 80.
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(IP_A, IP_B, 51516, 80, 9000, 1, TCP_PSH | TCP_ACK,
                                                              b'GET /partial HTTP/1.1\r\nHost: www.exa'))))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(IP_A, IP_B, 51517, 80, 9100, 1, TCP_PSH | TCP_ACK,
                                                              b'hello server, this is not http\n'))))
    # Plain TCP data on an unknown port (text preview) and binary data.
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(IP_A, IP_B, 51518, 9999, 1, 1, TCP_PSH | TCP_ACK,
                                                              b'socket lab: send() and recv() demo\n'))))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(IP_A, IP_B, 51518, 9999, 37, 1, TCP_PSH | TCP_ACK,
                                                              bytes(range(0, 48))))))
    # Connection refused: SYN answered by RST/ACK.
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(IP_A, IP_B, 51519, 81, 777, 0, TCP_SYN, options=opt_mss(1460)))))
    tl.add(eth(MAC_A, MAC_B, 0x0800, ipv4(IP_B, IP_A, 6, tcp(IP_B, IP_A, 81, 51519, 0, 778, TCP_RST | TCP_ACK, win=0))))
    return tl.packets


def corpus_udp_dns():
    tl = Timeline(step_ns=3_000_000)
    a, d = IP_A, IP_DNS

    def q(payload, sport=53001, **kw):
        return eth(MAC_GW, MAC_A, 0x0800, ipv4(a, d, 17, udp(a, d, sport, 53, payload, **kw), df=False))

    def r(payload, dport=53001, **kw):
        return eth(MAC_A, MAC_GW, 0x0800, ipv4(d, a, 17, udp(d, a, 53, dport, payload, **kw), df=False))

    tl.add(q(dns_query(0x1234, DNS_NAME)))
    tl.add(r(dns_response_a(0x1234, DNS_NAME, [ip4('198.18.10.80'), ip4('198.18.10.81')], cname='web')))
    tl.add(q(dns_query(0x1235, DNS_NAME, qtype=28), sport=53002))
    tl.add(r(dns_response_a(0x1235, DNS_NAME, [ip6('fd00:10::80')], qtype=28), dport=53002))
    # NXDOMAIN.
    tl.add(q(dns_query(0x1236, 'nothing.lab.example'), sport=53003))
    tl.add(r(dns_header(0x1236, 0x8183, qd=1) + dns_question('nothing.lab.example'), dport=53003))
    # Answer name pointing at itself (a loop) and one pointing past the message.
    loop = dns_header(0x2001, 0x8180, qd=1, an=1) + dns_question(DNS_NAME)
    loop_off = len(loop)
    loop += dns_rr(ptr(loop_off), 1, 60, ip4('198.18.10.1'))
    tl.add(r(loop, dport=53004))
    oob = dns_header(0x2002, 0x8180, qd=1, an=1) + dns_question(DNS_NAME) + dns_rr(ptr(0x3ff), 1, 60, ip4('198.18.10.2'))
    tl.add(r(oob, dport=53005))
    # A question name whose pointer leads back to its own first label ("a.a.a...").
    mutual = dns_header(0x2003, 0x0100, qd=1) + b'\x01a' + ptr(12) + struct.pack('!HH', 1, 1)
    tl.add(q(mutual, sport=53006))
    # Header only (12 bytes) claiming a question; and a message shorter than a header.
    tl.add(q(dns_header(0x2004, 0x0100, qd=1), sport=53007))
    tl.add(q(b'\x12\x34\x01', sport=53008))
    # DNS over TCP (2-byte length prefix): query and response.
    tq = dns_query(0x3001, 'lab.example', qtype=1)
    tr = dns_response_a(0x3001, 'lab.example', [ip4('198.18.20.1')])
    tl.add(eth(MAC_GW, MAC_A, 0x0800, ipv4(a, d, 6, tcp(a, d, 41000, 53, 100, 200, TCP_PSH | TCP_ACK,
                                                        struct.pack('!H', len(tq)) + tq))))
    tl.add(eth(MAC_A, MAC_GW, 0x0800, ipv4(d, a, 6, tcp(d, a, 53, 41000, 200, 100 + 2 + len(tq), TCP_PSH | TCP_ACK,
                                                        struct.pack('!H', len(tr)) + tr))))
    # Plain UDP: zero checksum, bad checksum, length past the end, length below 8.
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(a, IP_B, 17, udp(a, IP_B, 5000, 6000, b'no checksum', zero_csum=True))))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(a, IP_B, 17, udp(a, IP_B, 5000, 6000, b'bad checksum', bad_csum=True))))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(a, IP_B, 17, udp(a, IP_B, 5000, 6000, b'too long', length=200))))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(a, IP_B, 17, udp(a, IP_B, 5000, 6000, b'too short', length=4))))
    # UDP datagram shorter than its IP packet says (UDP length < IP payload).
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(a, IP_B, 17, udp(a, IP_B, 5000, 6000, b'abc') + b'XYZ')))
    return tl.packets


def corpus_ipv6():
    tl = Timeline(step_ns=1_500_000)
    echo_data = b'layerscope-ipv6-echo'
    tl.add(eth6(MAC_B, MAC_A, IP6_A, IP6_B, 58, icmpv6(IP6_A, IP6_B, 128, 0, struct.pack('!HH', 0x0a0b, 1) + echo_data)))
    tl.add(eth6(MAC_A, MAC_B, IP6_B, IP6_A, 58, icmpv6(IP6_B, IP6_A, 129, 0, struct.pack('!HH', 0x0a0b, 1) + echo_data)))
    # Neighbour solicitation to the solicited-node group, and the advertisement.
    sn = solicited_node(IP6_B)
    tl.add(eth6(mcast6_mac(sn), MAC_A, IP6_A, sn, 58,
                icmpv6(IP6_A, sn, 135, 0, bytes(4) + IP6_B + nd_opt_lla(1, MAC_A)), hlim=255))
    tl.add(eth6(MAC_A, MAC_B, IP6_B, IP6_A, 58,
                icmpv6(IP6_B, IP6_A, 136, 0, struct.pack('!I', 0x60000000) + IP6_B + nd_opt_lla(2, MAC_B)), hlim=255))
    # Router solicitation and advertisement (prefix fd00:1::/64, MTU 1500).
    tl.add(eth6(mcast6_mac(IP6_ALL_ROUTERS), MAC_A, IP6_A, IP6_ALL_ROUTERS, 58,
                icmpv6(IP6_A, IP6_ALL_ROUTERS, 133, 0, bytes(4) + nd_opt_lla(1, MAC_A)), hlim=255))
    ra = struct.pack('!BBHII', 64, 0x00, 1800, 0, 0) + nd_opt_lla(1, MAC_GW) + nd_opt_mtu(1500) + \
        nd_opt_prefix(ip6('fd00:1::'), 64)
    tl.add(eth6(mcast6_mac(IP6_ALL_NODES), MAC_GW, IP6_GW, IP6_ALL_NODES, 58,
                icmpv6(IP6_GW, IP6_ALL_NODES, 134, 0, ra), hlim=255))
    # DNS AAAA over IPv6/UDP and a TCP SYN over IPv6.
    qmsg = dns_query(0x4001, DNS_NAME, qtype=28)
    tl.add(eth6(MAC_GW, MAC_A, IP6_A, IP6_DNS, 17, udp(IP6_A, IP6_DNS, 53100, 53, qmsg, v6=True)))
    tl.add(eth6(MAC_B, MAC_A, IP6_A, IP6_B, 6, tcp(IP6_A, IP6_B, 50000, 80, 1, 0, TCP_SYN,
                                                  options=opt_mss(1440) + NOP + opt_ws(8), v6=True)))
    # Bad ICMPv6 checksum; payload length past the frame; unknown next header.
    tl.add(eth6(MAC_B, MAC_A, IP6_A, IP6_B, 58, icmpv6(IP6_A, IP6_B, 128, 0, struct.pack('!HH', 0x0a0b, 2), bad_csum=True)))
    tl.add(eth(MAC_B, MAC_A, 0x86dd, ipv6(IP6_A, IP6_B, 58, icmpv6(IP6_A, IP6_B, 128, 0, struct.pack('!HH', 0x0a0b, 3)), plen=512)))
    tl.add(eth6(MAC_B, MAC_A, IP6_A, IP6_B, 253, b'experimental next header'))
    # Hop-by-hop options header (router alert) before ICMPv6 (MLD-like report).
    hbh = struct.pack('!BB', 58, 0) + b'\x05\x02\x00\x00' + b'\x01\x00'
    mld = icmpv6(IP6_A, ip6('ff02::16'), 143, 0, struct.pack('!HH', 0, 1) + struct.pack('!BBH', 4, 0, 0) + ip6('ff02::1:ff00:2'))
    tl.add(eth(mac('33:33:00:00:00:16'), MAC_A, 0x86dd, ipv6(IP6_A, ip6('ff02::16'), 0, hbh + mld, hlim=1)))
    return tl.packets


def ping_pair(src, dst, ident, seq):
    return (ipv4(src, dst, 1, icmp_echo(True, ident, seq, PING_DATA), ident=0x0100 + seq),
            ipv4(dst, src, 1, icmp_echo(False, ident, seq, PING_DATA), ident=0x0200 + seq))


def corpus_link_sll():
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_B, 0x5101, 1)
    tl.add(sll1(4, MAC_A, 0x0800, req))        # outgoing
    tl.add(sll1(0, MAC_B, 0x0800, rep))        # to us
    tl.add(sll1(1, MAC_C, 0x0806, arp(1, MAC_C, IP_C, ZERO_MAC, IP_A)))  # broadcast
    tl.add(sll1(0, MAC_B, 0x86dd, ipv6(IP6_B, IP6_A, 58, icmpv6(IP6_B, IP6_A, 129, 0, struct.pack('!HH', 1, 1)))))
    tl.add(sll1(3, b'', 0x0800, ipv4(IP_A, IP_A, 17, udp(IP_A, IP_A, 40000, 53, dns_query(0x5151, 'lab.example')))))
    tl.add(sll1(0, MAC_B, 0x0800, b'\x45\x00'))  # truncated IPv4 inside SLL
    return tl.packets


def corpus_link_sll2():
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_B, 0x5102, 1)
    tl.add(sll2(4, MAC_A, 0x0800, req))
    tl.add(sll2(0, MAC_B, 0x0800, rep, ifindex=3))
    tl.add(sll2(1, MAC_C, 0x0806, arp(1, MAC_C, IP_C, ZERO_MAC, IP_A)))
    tl.add(sll2(0, MAC_B, 0x86dd, ipv6(IP6_B, IP6_A, 58, icmpv6(IP6_B, IP6_A, 129, 0, struct.pack('!HH', 2, 1)))))
    return tl.packets


def corpus_link_null():
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_A, 0x5103, 1)
    tl.add(null_hdr(2, req))
    tl.add(null_hdr(2, rep))
    tl.add(null_hdr(30, ipv6(IP6_A, IP6_A, 58, icmpv6(IP6_A, IP6_A, 128, 0, struct.pack('!HH', 3, 1)))))
    tl.add(null_hdr(24, ipv6(IP6_A, IP6_A, 17, udp(IP6_A, IP6_A, 5353, 5353, b'x', v6=True))))
    tl.add(null_hdr(99, b'unknown family'))
    tl.add(b'\x02\x00')  # header cut short
    return tl.packets


def corpus_link_ppp():
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_B, 0x5105, 1)
    tl.add(b'\xff\x03\x00\x21' + req)
    tl.add(b'\xff\x03\x00\x21' + rep)
    tl.add(b'\x21' + req)  # address/control and protocol field compressed (RFC 1661)
    tl.add(b'\xff\x03\x00\x57' + ipv6(IP6_A, IP6_B, 58, icmpv6(IP6_A, IP6_B, 128, 0, struct.pack('!HH', 5, 1))))
    tl.add(b'\xff\x03\xc0\x21' + struct.pack('!BBH', 1, 1, 4))  # LCP Configure-Request, no options
    tl.add(b'\xff')  # header cut short
    return tl.packets


def corpus_link_ppp_dir():
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_B, 0x5106, 1)
    tl.add(b'\x01\xff\x03\x00\x21' + req)  # sent
    tl.add(b'\x00\xff\x03\x00\x21' + rep)  # received
    return tl.packets


def corpus_link_chdlc():
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_B, 0x5107, 1)
    tl.add(b'\x0f\x00\x08\x00' + req)
    tl.add(b'\x0f\x00\x08\x00' + rep)
    tl.add(b'\x0f\x00\x86\xdd' + ipv6(IP6_A, IP6_B, 58, icmpv6(IP6_A, IP6_B, 128, 0, struct.pack('!HH', 6, 1))))
    tl.add(b'\x8f\x00\x80\x35' + b'\x00' * 16)  # multicast, a protocol not decoded here
    tl.add(b'\x0f\x00\x08')  # header cut short
    return tl.packets


def corpus_link_raw():
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_B, 0x5104, 1)
    tl.add(req)
    tl.add(rep)
    tl.add(ipv6(IP6_A, IP6_B, 58, icmpv6(IP6_A, IP6_B, 128, 0, struct.pack('!HH', 4, 1))))
    tl.add(ipv4(IP_A, IP_DNS, 17, udp(IP_A, IP_DNS, 53999, 53, dns_query(0x6001, DNS_NAME))))
    tl.add(b'\x00\x01\x02')  # neither version 4 nor 6
    return tl.packets



# ---------------------------------------------------------------------------
# GRE (IP protocol 47) and the link headers capturing systems write


def gre(proto, payload, csum=False, key=None, seq=None, bad_csum=False, routing=None, version=0,
        ack=None, flags_extra=0):
    """A GRE header (RFC 2784/2890; RFC 1701 routing; version 1 as PPTP uses
    it, where key is (payload length, call id))."""
    flags = (0x8000 if csum else 0) | (0x4000 if routing is not None else 0) | \
        (0x2000 if key is not None else 0) | (0x1000 if seq is not None else 0) | \
        (0x0080 if ack is not None else 0) | flags_extra | version
    opt = b''
    if csum or routing is not None:
        opt += struct.pack('!HH', 0, 0)
    if key is not None:
        opt += struct.pack('!HH', *key) if version == 1 else struct.pack('!I', key)
    if seq is not None:
        opt += struct.pack('!I', seq)
    if ack is not None:
        opt += struct.pack('!I', ack)
    if routing is not None:
        opt += routing
    hdr = struct.pack('!HH', flags, proto) + opt
    if csum:
        c = inet_csum(hdr + payload)
        if bad_csum:
            c ^= 0x1111
        hdr = hdr[:4] + struct.pack('!H', c) + hdr[6:]
    return hdr + payload


IP_TUN_A = ip4('198.18.10.1')   # tunnel end points (outer addresses)
IP_TUN_B = ip4('198.18.10.2')
IP_IN_A = ip4('198.18.20.1')    # addresses inside the tunnel
IP_IN_B = ip4('198.18.20.2')
IP6_TUN_A = ip6('fd00:10::1')
IP6_TUN_B = ip6('fd00:10::2')
IP6_IN_A = ip6('fd00:20::1')
IP6_IN_B = ip6('fd00:20::2')
MAC_IN_A = mac('02:00:5e:20:00:01')
MAC_IN_B = mac('02:00:5e:20:00:02')


def corpus_gre():
    tl = Timeline()

    def outer(payload, back=False, **kw):
        s, d = (IP_TUN_B, IP_TUN_A) if back else (IP_TUN_A, IP_TUN_B)
        m1, m2 = (MAC_A, MAC_B) if back else (MAC_B, MAC_A)
        return eth(m1, m2, 0x0800, ipv4(s, d, 47, payload, **kw))

    req, rep = ping_pair(IP_IN_A, IP_IN_B, 0x4701, 1)
    tl.add(outer(gre(0x0800, req)))                                  # plain GRE, IPv4 inside
    tl.add(outer(gre(0x0800, rep), back=True))
    ping6 = ipv6(IP6_IN_A, IP6_IN_B, 58, icmpv6(IP6_IN_A, IP6_IN_B, 128, 0, struct.pack('!HH', 0x4702, 1) + PING_DATA))
    tl.add(outer(gre(0x86dd, ping6, key=0x00000457, seq=1)))          # key and sequence number, IPv6 inside
    dns = ipv4(IP_IN_A, IP_DNS, 17, udp(IP_IN_A, IP_DNS, 53100, 53, dns_query(0x4703, DNS_NAME)))
    tl.add(outer(gre(0x0800, dns, csum=True, key=7, seq=2)))          # checksum, key, sequence
    tl.add(outer(gre(0x0800, dns, csum=True, bad_csum=True)))         # damaged checksum
    # gretap: whole Ethernet frames (transparent Ethernet bridging).
    tl.add(outer(gre(0x6558, eth(BCAST, MAC_IN_A, 0x0806, arp(1, MAC_IN_A, IP_IN_A, ZERO_MAC, IP_IN_B), pad=False))))
    req2, _ = ping_pair(IP_IN_A, IP_IN_B, 0x4704, 1)
    tl.add(outer(gre(0x6558, eth(MAC_IN_B, MAC_IN_A, 0x0800, req2, pad=False), key=0x10)))
    # ip6gre: GRE over IPv6.
    tl.add(eth(MAC_B, MAC_A, 0x86dd, ipv6(IP6_TUN_A, IP6_TUN_B, 47, gre(0x0800, req))))
    # PPTP's enhanced GRE (version 1): payload length and call ID, sequence and acknowledgment, PPP inside.
    ppp = b'\xff\x03\x00\x21' + req
    tl.add(outer(gre(0x880b, ppp, key=(len(ppp), 0x1234), seq=5, ack=4, version=1)))
    # RFC 1701 source routing: one IPv4 entry, then the empty one that ends the list.
    sre = struct.pack('!HBB', 0x0800, 0, 4) + IP_TUN_B + struct.pack('!HBB', 0, 0, 0)
    tl.add(outer(gre(0x0800, req, routing=sre)))
    tl.add(outer(b'\x00\x00\x08'))                                    # header cut short
    return tl.packets


def nflog_tlv(ntype, value):
    # Length and type in the capturing host's byte order (little endian here),
    # values in network order, each padded to 4 bytes.
    ln = 4 + len(value)
    return struct.pack('<HH', ln, ntype) + value + bytes((-ln) % 4)


def nflog(family, group, tlvs):
    return struct.pack('!BBH', family, 0, group) + b''.join(nflog_tlv(t, v) for t, v in tlvs)


def corpus_link_nflog():
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_B, 0x5108, 1)
    ts = struct.pack('!QQ', 1700000000, 250000)
    tl.add(nflog(2, 5, [(1, struct.pack('!HBB', 0x0800, 3, 0)), (2, struct.pack('!I', 0x2a)),
                        (5, struct.pack('!I', 2)), (11, struct.pack('!I', 1000)), (14, struct.pack('!I', 1000)),
                        (10, b'lab-out\0'), (3, ts), (9, req)]))
    tl.add(nflog(2, 5, [(1, struct.pack('!HBB', 0x0800, 1, 0)), (4, struct.pack('!I', 2)),
                        (10, b'lab-in\0'), (9, rep)]))
    tl.add(nflog(10, 6, [(1, struct.pack('!HBB', 0x86dd, 0, 0)), (4, struct.pack('!I', 3)),
                         (9, ipv6(IP6_B, IP6_A, 58, icmpv6(IP6_B, IP6_A, 129, 0, struct.pack('!HH', 8, 1))))]))
    tl.add(nflog(2, 5, [(1, struct.pack('!HBB', 0x0800, 1, 0))]) + struct.pack('<HH', 40, 9) + req[:8])  # payload cut short
    tl.add(b'\x02\x00')  # header cut short
    return tl.packets


def pktap(dlt, frame, ifname=b'en0', pid=4242, cmd=b'ping', hdrlen=108, rectype=1, iftype=6, pfamily=2):
    # Every field in the capturing host's byte order (little endian).
    h = struct.pack('<III', hdrlen, rectype, dlt) + ifname.ljust(24, b'\0') + \
        struct.pack('<IIIII', 0x2, pfamily, 14 if dlt == 1 else 0, 0, pid) + cmd.ljust(20, b'\0') + \
        struct.pack('<IHHI', 0, iftype, 0, pid) + cmd.ljust(20, b'\0')
    assert len(h) == 108
    return h + bytes(max(0, hdrlen - 108)) + frame


def corpus_link_pktap():
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_B, 0x5109, 1)
    tl.add(pktap(1, eth(MAC_B, MAC_A, 0x0800, req)))
    tl.add(pktap(1, eth(MAC_A, MAC_B, 0x0800, rep), pid=0, cmd=b''))
    tl.add(pktap(0, null_hdr(30, ipv6(IP6_A, IP6_A, 58, icmpv6(IP6_A, IP6_A, 128, 0, struct.pack('!HH', 9, 1)))),
                 ifname=b'lo0', iftype=24, pfamily=30))
    tl.add(pktap(12, ipv4(IP_A, IP_DNS, 17, udp(IP_A, IP_DNS, 53997, 53, dns_query(0x6003, DNS_NAME))),
                 ifname=b'utun3', cmd=b'curl', iftype=1))
    tl.add(pktap(1, eth(MAC_B, MAC_A, 0x0800, req), hdrlen=112))  # a longer header than today's
    tl.add(struct.pack('<I', 40) + bytes(60))                      # header length too short
    return tl.packets


def corpus_link_pktap_apple():
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_B, 0x510a, 1)
    tl.add(pktap(1, eth(MAC_B, MAC_A, 0x0800, req)))
    tl.add(pktap(1, eth(MAC_A, MAC_B, 0x0800, rep)))
    return tl.packets


GID_A = ip6('fe80::2:c903:a:1')
GID_B = ip6('fe80::2:c903:a:2')


def ipoib_received(etype, payload, sqpn=0x48):
    # The global route header the packet arrived with (version 6), the sender's
    # queue pair where its length and hop fields were, as Linux leaves it.
    return struct.pack('!I', 6 << 28) + struct.pack('!I', sqpn) + GID_B + GID_A + struct.pack('!HH', etype, 0) + payload


def ipoib_sent(etype, payload, dqpn=0x48):
    return bytes(20) + struct.pack('!I', dqpn) + GID_B + struct.pack('!HH', etype, 0) + payload


def corpus_link_ipoib():
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_B, 0x510b, 1)
    tl.add(ipoib_sent(0x0800, req))
    tl.add(ipoib_received(0x0800, rep))
    hw_a = struct.pack('!I', 0x48) + GID_A
    tl.add(ipoib_sent(0x0806, struct.pack('!HHBBH', 32, 0x0800, 20, 4, 1) + hw_a + IP_A + bytes(20) + IP_B))
    tl.add(ipoib_received(0x86dd, ipv6(IP6_B, IP6_A, 58, icmpv6(IP6_B, IP6_A, 129, 0, struct.pack('!HH', 11, 1)))))
    tl.add(ipoib_sent(0x0800, b'')[:30])  # header cut short
    return tl.packets


def corpus_truncated():
    """Written with a 64-byte snap length; some records are cut even shorter."""
    tl = Timeline()
    conv = tcp_conversation(IP_A, IP_B, MAC_A, MAC_B, 51600, 80, 5000, 9000, HTTP_GET, HTTP_200)
    tl.add(conv[0])   # SYN with options: 78 bytes, cut at 64 inside the options
    tl.add(conv[3])   # HTTP request: cut inside the request line
    tl.add(eth(MAC_A, MAC_GW, 0x0800, ipv4(IP_DNS, IP_A, 17, udp(IP_DNS, IP_A, 53, 53001,
                                          dns_response_a(0x7001, DNS_NAME, [ip4('198.18.10.80')])), df=False)))
    ping = eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 1, icmp_echo(True, 0x7002, 1, PING_DATA)))
    for cut in (14, 20, 33, 34, 38, 42):
        tl.add(ping[:cut], wirelen=len(ping))
    arpf = eth(BCAST, MAC_A, 0x0806, arp(1, MAC_A, IP_A, ZERO_MAC, IP_B))
    tl.add(arpf[:24], wirelen=60)
    return tl.packets


def frags4(src, dst, proto, datagram, ident, pieces):
    """IPv4 fragments of datagram (the payload IP carries): pieces are
    (offset, length) in bytes; the one reaching the end has MF clear."""
    out = []
    for off, ln in pieces:
        mf = off + ln < len(datagram)
        out.append(ipv4(src, dst, proto, datagram[off:off + ln], ident=ident, df=False, mf=mf, frag=off // 8))
    return out


def frags6(src, dst, nh, datagram, ident, pieces):
    """IPv6 fragments (Fragment header, RFC 8200 4.5) of datagram."""
    out = []
    for off, ln in pieces:
        m = 1 if off + ln < len(datagram) else 0
        fh = struct.pack('!BBHI', nh, 0, (off // 8) << 3 | m, ident)
        out.append(ipv6(src, dst, 44, fh + datagram[off:off + ln]))
    return out


def corpus_ip_frag():
    """Fragmented datagrams as a 1500-byte MTU cuts them: in order, out of
    order, IPv6, overlapping (same and different bytes) and one that never
    completes (its middle fragment is missing)."""
    tl = Timeline(step_ns=400_000)
    pattern = bytes((i * 7 + 3) & 0xff for i in range(3000))
    # 1-3: UDP, 3000 bytes of data (3008 with the header), like `nc -u` of a
    # 3000-byte message over MTU 1500: 1480 + 1480 + 48 bytes.
    dg = udp(IP_A, IP_B, 40000, 9, pattern)
    for f in frags4(IP_A, IP_B, 17, dg, 0x04d2, [(0, 1480), (1480, 1480), (2960, 48)]):
        tl.add(eth(MAC_B, MAC_A, 0x0800, f))
    # 4-6: `ping -s 3000`, its fragments arriving out of order (last first);
    # 7-9: the reply in order.
    req = icmp_echo(True, 0x2a2a, 1, pattern)
    f = frags4(IP_A, IP_B, 1, req, 0x04d3, [(0, 1480), (1480, 1480), (2960, 48)])
    for x in (f[2], f[0], f[1]):
        tl.add(eth(MAC_B, MAC_A, 0x0800, x))
    rep = icmp_echo(False, 0x2a2a, 1, pattern)
    for x in frags4(IP_B, IP_A, 1, rep, 0x1a2b, [(0, 1480), (1480, 1480), (2960, 48)]):
        tl.add(eth(MAC_A, MAC_B, 0x0800, x))
    # 10-12: IPv6 UDP, 1448 bytes per fragment (1500 - 40 - 8).
    dg6 = udp(IP6_A, IP6_B, 40001, 9, pattern, v6=True)
    for x in frags6(IP6_A, IP6_B, 17, dg6, 0x12345678, [(0, 1448), (1448, 1448), (2896, 112)]):
        tl.add(eth(MAC_B, MAC_A, 0x86dd, x))
    # 13-14: IPv6 echo request of 2000 bytes.
    e6 = icmpv6(IP6_A, IP6_B, 128, 0, struct.pack('!HH', 0x0b0b, 1) + pattern[:2000])
    for x in frags6(IP6_A, IP6_B, 58, e6, 0x0badcafe, [(0, 1448), (1448, len(e6) - 1448)]):
        tl.add(eth(MAC_B, MAC_A, 0x86dd, x))
    # 15-16: overlapping fragments whose shared bytes differ (the second
    # starts at 1400, 80 bytes inside the first, with other data there).
    dg = udp(IP_A, IP_B, 40002, 9, pattern[:2000])
    first = ipv4(IP_A, IP_B, 17, dg[:1480], ident=0x0bad, df=False, mf=True)
    second = bytearray(dg[1400:])
    for i in range(80):
        second[i] ^= 0xff
    tl.add(eth(MAC_B, MAC_A, 0x0800, first))
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 17, bytes(second), ident=0x0bad, df=False, frag=1400 // 8)))
    # 17-19: the first fragment sent twice (same bytes), then the last.
    dg = udp(IP_A, IP_B, 40003, 9, pattern[:2000])
    f = frags4(IP_A, IP_B, 17, dg, 0x0dd0, [(0, 1480), (1480, len(dg) - 1480)])
    for x in (f[0], f[0], f[1]):
        tl.add(eth(MAC_B, MAC_A, 0x0800, x))
    # 20-21: the middle fragment never comes: bytes 1480-2959 are missing.
    dg = udp(IP_A, IP_B, 40004, 9, pattern)
    f = frags4(IP_A, IP_B, 17, dg, 0x0e0e, [(0, 1480), (1480, 1480), (2960, 48)])
    for x in (f[0], f[2]):
        tl.add(eth(MAC_B, MAC_A, 0x0800, x))
    return tl.packets


def corpus_http_segments():
    """HTTP messages over several TCP segments, as a 1500-byte MTU cuts
    them: a request whose headers are split, a 4000-byte response in three
    segments with a retransmission in the middle, then a response that never
    completes (its last segment is missing)."""
    tl = Timeline(step_ns=1_000_000)
    cs, ss = 0x10000000, 0x20000000

    def c2s(seq, ack, flags, data=b''):
        tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(IP_A, IP_B, 52000, 80, seq, ack, flags, data))))

    def s2c(seq, ack, flags, data=b''):
        tl.add(eth(MAC_A, MAC_B, 0x0800, ipv4(IP_B, IP_A, 6, tcp(IP_B, IP_A, 80, 52000, seq, ack, flags, data))))

    syn_opts = opt_mss(1460) + NOP + opt_ws(7)
    tl.add(eth(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6, tcp(IP_A, IP_B, 52000, 80, cs, 0, TCP_SYN, options=syn_opts))))
    tl.add(eth(MAC_A, MAC_B, 0x0800, ipv4(IP_B, IP_A, 6, tcp(IP_B, IP_A, 80, 52000, ss, cs + 1, TCP_SYN | TCP_ACK,
                                                              options=syn_opts))))
    c2s(cs + 1, ss + 1, TCP_ACK)
    req = (b'GET /lesson/mtu.html HTTP/1.1\r\nHost: 198.18.0.2\r\nUser-Agent: layerscope-lab\r\n'
           b'Accept: text/html\r\n\r\n')
    cut = 40  # inside the Host line
    c2s(cs + 1, ss + 1, TCP_ACK, req[:cut])
    c2s(cs + 1 + cut, ss + 1, TCP_PSH | TCP_ACK, req[cut:])
    body = b''.join(b'<p>MTU and fragmentation, line %04d</p>\n' % i for i in range(100))[:4000]
    resp = (b'HTTP/1.1 200 OK\r\nServer: lab\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n' % len(body)) + body
    cseq = cs + 1 + len(req)
    s2c(ss + 1, cseq, TCP_ACK, resp[:1448])
    s2c(ss + 1 + 1448, cseq, TCP_ACK, resp[1448:2896])
    c2s(cseq, ss + 1 + 2896, TCP_ACK)
    s2c(ss + 1 + 1448, cseq, TCP_ACK, resp[1448:2896])  # retransmission
    s2c(ss + 1 + 2896, cseq, TCP_PSH | TCP_ACK, resp[2896:])
    c2s(cseq, ss + 1 + len(resp), TCP_ACK)
    # A second request; its response's second segment never comes.
    req2 = b'GET /lesson/next.html HTTP/1.1\r\nHost: 198.18.0.2\r\n\r\n'
    c2s(cseq, ss + 1 + len(resp), TCP_PSH | TCP_ACK, req2)
    sseq = ss + 1 + len(resp)
    resp2 = b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 3000\r\n\r\n' + bytes(3000)
    s2c(sseq, cseq + len(req2), TCP_ACK, resp2[:1448])
    s2c(sseq + 2896, cseq + len(req2), TCP_PSH | TCP_ACK, resp2[2896:])
    return tl.packets


CORPUS = [
    # (file name, link type, builder, format, snaplen)
    ('eth-arp.pcap', LT_ETHERNET, corpus_eth_arp, 'pcap', 262144),
    ('ipv4-icmp.pcap', LT_ETHERNET, corpus_ipv4_icmp, 'pcap', 262144),
    ('tcp-options.pcapng', LT_ETHERNET, corpus_tcp_options, 'pcapng', 262144),
    ('tcp-http.pcap', LT_ETHERNET, corpus_tcp_http, 'pcap', 262144),
    ('udp-dns.pcap', LT_ETHERNET, corpus_udp_dns, 'pcap', 262144),
    ('ipv6-icmpv6.pcapng', LT_ETHERNET, corpus_ipv6, 'pcapng', 262144),
    ('link-sll.pcap', LT_SLL, corpus_link_sll, 'pcap', 262144),
    ('link-sll2.pcapng', LT_SLL2, corpus_link_sll2, 'pcapng', 262144),
    ('link-null.pcap', LT_NULL, corpus_link_null, 'pcap-ns', 262144),
    ('link-raw.pcap', LT_RAW, corpus_link_raw, 'pcap', 262144),
    ('link-ppp.pcap', LT_PPP, corpus_link_ppp, 'pcap', 262144),
    ('link-ppp-dir.pcap', LT_PPP_DIR, corpus_link_ppp_dir, 'pcap', 262144),
    ('link-chdlc.pcap', LT_CHDLC, corpus_link_chdlc, 'pcap', 262144),
    ('link-nflog.pcap', LT_NFLOG, corpus_link_nflog, 'pcap', 262144),
    ('link-pktap.pcap', LT_PKTAP, corpus_link_pktap, 'pcap', 262144),
    ('link-pktap149.pcap', LT_PKTAP_APPLE, corpus_link_pktap_apple, 'pcap', 262144),
    ('link-ipoib.pcap', LT_IPOIB, corpus_link_ipoib, 'pcap', 262144),
    ('gre.pcap', LT_ETHERNET, corpus_gre, 'pcap', 262144),
    ('truncated.pcap', LT_ETHERNET, corpus_truncated, 'pcap', 64),
    ('ip-frag.pcap', LT_ETHERNET, corpus_ip_frag, 'pcap', 262144),
    ('http-segments.pcap', LT_ETHERNET, corpus_http_segments, 'pcap', 262144),
]


def corpus_multi_link():
    """Three interfaces of three link types (Ethernet in ns, Linux cooked v2
    in us, raw IP in ns), with packet comments, one of them in Chinese."""
    tl = Timeline()
    req, rep = ping_pair(IP_A, IP_B, 0x5105, 1)
    tl.add(eth(MAC_B, MAC_A, 0x0800, req))
    tl.add(sll2(0, MAC_B, 0x0800, rep))
    tl.add(eth(BCAST, MAC_A, 0x0806, arp(1, MAC_A, IP_A, ZERO_MAC, IP_B)))
    tl.add(ipv4(IP_A, IP_DNS, 17, udp(IP_A, IP_DNS, 53998, 53, dns_query(0x6002, DNS_NAME))))
    p = tl.packets
    return [(0, p[0], ['ping from h1']), (1, p[1], ['reply seen on the router', '路由器上看到的回复']),
            (0, p[2], []), (2, p[3], ['DNS over a tunnel'])]


def write_capture(path, linktype, packets, fmt, snaplen):
    if fmt == 'pcapng':
        write_pcapng(path, linktype, packets, snaplen)
    else:
        write_pcap(path, linktype, packets, snaplen, nanosecond=(fmt == 'pcap-ns'))


def cmd_corpus(outdir):
    os.makedirs(outdir, exist_ok=True)
    for name, lt, builder, fmt, snaplen in CORPUS:
        write_capture(os.path.join(outdir, name), lt, builder(), fmt, snaplen)
        print(name)
    # Broken files for the error paths: a capture cut in the middle of its
    # third record (the first two must still be printed), and a file that is
    # not a capture at all.
    cut = os.path.join(outdir, 'bad-cut-file.pcap')
    write_pcap(cut, LT_ETHERNET, corpus_eth_arp()[:3])
    with open(cut, 'r+b') as f:
        f.truncate(24 + 2 * (16 + 60) + 16 + 20)
    with open(os.path.join(outdir, 'bad-not-a-capture.pcap'), 'wb') as f:
        f.write(b'GET / HTTP/1.1\r\nHost: this is not a capture file\r\n\r\n')
    print('bad-cut-file.pcap\nbad-not-a-capture.pcap')
    write_pcapng_multi(os.path.join(outdir, 'multi-link-comments.pcapng'),
                       [(LT_ETHERNET, b'eth0', 9), (LT_SLL2, b'any', 6), (LT_RAW, b'tun0', 9)],
                       corpus_multi_link(),
                       stats=[(0, [(2, BASE_TS_NS), (3, BASE_TS_NS + 10**9), (4, 10), (5, 1), (7, 2)]),
                              (1, [(6, 3)])])
    print('multi-link-comments.pcapng')


# ---------------------------------------------------------------------------
# Fuzz seeds: selector byte + frame, one per file


def cmd_fuzzseeds(outdir):
    os.makedirs(outdir, exist_ok=True)
    n = 0
    for name, lt, builder, fmt, snaplen in CORPUS:
        if lt not in LINK_SELECTOR:
            continue  # a link type the fuzz target's selector does not name
        stem = name.split('.')[0]
        for i, p in enumerate(builder()):
            data = p.data[:snaplen]
            sel = LINK_SELECTOR[lt]
            if len(data) < p.wirelen:
                sel |= 0x80  # the target then reports a longer wire length
            with open(os.path.join(outdir, 'seed-%s-%02d' % (stem, i + 1)), 'wb') as f:
                f.write(bytes([sel]) + data)
            n += 1
    # Reassembly (selector bit 5): the frames of one datagram or message,
    # each as a 2-byte length and its bytes.
    frag, http = corpus_ip_frag(), corpus_http_segments()
    groups = [('ip-inorder', frag, [0, 1, 2]), ('ip-outoforder', frag, [3, 4, 5]), ('ipv6', frag, [9, 10, 11]),
              ('ip-overlap', frag, [14, 15]), ('ip-duplicate', frag, [16, 17, 18]), ('ip-missing', frag, [19, 20]),
              ('http-headers', http, [3, 4]), ('http-body', http, [5, 6, 8, 9]), ('http-gap', http, [12, 13])]
    for name, pkts, idx in groups:
        blob = b''.join(struct.pack('!H', len(pkts[i].data)) + pkts[i].data for i in idx)
        with open(os.path.join(outdir, 'seed-reasm-%s' % name), 'wb') as f:
            # 0x27: bits 0-2 all set with bit 5, the reassembly mode; bits 3-4 = 0, Ethernet.
            f.write(bytes([0x27]) + blob)
        n += 1
    print('%d seeds' % n)


# Display filters: every operator and value form, the README's examples,
# errors of each kind, and the inputs that once crashed the compiler.
FILTER_SEEDS = [
    ('presence', 'tcp'),
    ('field-presence', 'dns.qry.name'),
    ('compare', 'ip.ttl == 64 && tcp.flags.syn'),
    ('relations', 'frame.len > 40 and frame.len <= 1514 or frame.len lt 60 or ip.ttl ge 1'),
    ('words', 'ip.ttl eq 64 and ip.ttl ne 65 and ip.ttl gt 1 and ip.ttl le 255'),
    ('any-ne', 'ip.addr ~= 198.18.0.1'),
    ('cidr', 'ip.addr == 198.18.0.0/24 or ipv6.addr == fd00::/8'),
    ('mac', 'eth.src == 02:00:00:00:00:01 or eth.dst == ff:ff:ff:ff:ff:ff'),
    ('value-name', 'eth.type == ARP'),
    ('hex', 'eth.type == 0x0806 or frame.len == 0100'),
    ('contains', 'dns.qry.name contains "example"'),
    ('contains-bytes', 'frame contains 47:45:54'),
    ('matches', 'http.request.method matches "^(GET|HEAD)$"'),
    ('escapes', 'dns.qry.name == "a\\"b\\x41\\\\"'),
    ('single-quotes', "dns.qry.name == 'example.com'"),
    ('set', 'tcp.port in {80 443 8000..8080}'),
    ('set-commas', 'udp.port in {53, 5353}'),
    ('field-field', 'ip.src == ip.dst'),
    ('precedence', 'not tcp and (arp or icmp) || !udp && ipv6'),
    ('time', 'frame.time_epoch > 1500000000.5'),
    ('err-unknown-field', 'ip.tll == 64'),
    ('err-value', 'ip.ttl == 300'),
    ('err-operator', 'eth == 1'),
    ('err-syntax', 'tcp and or udp'),
    ('err-paren', '(tcp or udp'),
    ('err-set', 'frame.len in {1 2'),
    ('err-string', 'dns.qry.name == "abc\\'),
    ('err-regex', 'http.request.method matches "(("'),
    ('deep-200', '!(' * 100 + 'arp' + ')' * 100),
    ('deep-201', '(' + '!(' * 100 + 'arp' + ')' * 101),
    ('crash-long-or-chain', ' or '.join('frame.len == %d' % (100000 + i) for i in range(11000))),
    ('crash-long-and-chain', ' && '.join('tcp' for i in range(30000))),
]


def cmd_filterseeds(outdir):
    os.makedirs(outdir, exist_ok=True)
    for name, text in FILTER_SEEDS:
        with open(os.path.join(outdir, name if name.startswith('crash-') else 'seed-' + name), 'w') as f:
            f.write(text)
    print('%d seeds' % len(FILTER_SEEDS))


# ---------------------------------------------------------------------------
# Benchmark capture: a precomputed cycle of frames, only counters patched


def bench_templates():
    """A list of (frame, ip_id_offset or -1) making up one cycle of mixed traffic."""
    t = []

    def add(frame, v4=True, off=14):
        # Patchable IPv4 identification at off+4, header checksum at off+10.
        t.append((frame, off if v4 and frame[off - 2:off] == b'\x08\x00' else -1))

    for k in range(16):
        cli = ip4('198.18.1.%d' % (10 + k))
        srv = ip4('198.18.2.%d' % (1 + k % 4))
        cmac = mac('02:00:5e:11:00:%02x' % (10 + k))
        smac = mac('02:00:5e:12:00:%02x' % (1 + k % 4))
        # Two HTTP conversations (10 frames each).
        for j in range(2):
            for f in tcp_conversation(cli, srv, cmac, smac, 40000 + 2 * k + j, 80, 1000 * k + j, 77777 * k + j,
                                      HTTP_GET, HTTP_200, client_ts=k * 100 + j):
                add(f)
        # A bulk transfer: 8 MSS-sized data segments and ACKs on port 5001.
        for j in range(8):
            data = bytes(((i + j) & 0x7f) for i in range(1448))
            add(eth(smac, cmac, 0x0800, ipv4(cli, srv, 6, tcp(cli, srv, 41000 + k, 5001, 5000 + 1448 * j, 1,
                                                               TCP_ACK, data), ident=0x100 + j)))
            if j % 2:
                add(eth(cmac, smac, 0x0800, ipv4(srv, cli, 6, tcp(srv, cli, 5001, 41000 + k, 1, 5000 + 1448 * (j + 1),
                                                                   TCP_ACK), ident=0x200 + j)))
        # DNS over UDP (A and AAAA).
        add(eth(MAC_GW, cmac, 0x0800, ipv4(cli, IP_DNS, 17, udp(cli, IP_DNS, 50000 + k, 53, dns_query(k, DNS_NAME)))))
        add(eth(cmac, MAC_GW, 0x0800, ipv4(IP_DNS, cli, 17, udp(IP_DNS, cli, 53, 50000 + k,
                                           dns_response_a(k, DNS_NAME, [ip4('198.18.10.80')], cname='web')))))
        add(eth(MAC_GW, cmac, 0x0800, ipv4(cli, IP_DNS, 17, udp(cli, IP_DNS, 50100 + k, 53, dns_query(k + 1000, DNS_NAME, 28)))))
        add(eth(cmac, MAC_GW, 0x0800, ipv4(IP_DNS, cli, 17, udp(IP_DNS, cli, 53, 50100 + k,
                                           dns_response_a(k + 1000, DNS_NAME, [ip6('fd00:10::80')], qtype=28)))))
        # Ping.
        req, rep = ping_pair(cli, srv, 0x1000 + k, k + 1)
        add(eth(smac, cmac, 0x0800, req))
        add(eth(cmac, smac, 0x0800, rep))
        # ARP.
        add(eth(BCAST, cmac, 0x0806, arp(1, cmac, cli, ZERO_MAC, srv)))
        add(eth(cmac, smac, 0x0806, arp(2, smac, srv, cmac, cli)))
        # IPv6: echo pair and a refused TCP connection.
        c6 = ip6('fd00:1::%x' % (0x10 + k))
        body = struct.pack('!HH', k, 1) + b'abcdefgh'
        add(eth6(MAC_B, cmac, c6, IP6_B, 58, icmpv6(c6, IP6_B, 128, 0, body)), v4=False)
        add(eth6(cmac, MAC_B, IP6_B, c6, 58, icmpv6(IP6_B, c6, 129, 0, body)), v4=False)
        add(eth6(MAC_B, cmac, c6, IP6_B, 6, tcp(c6, IP6_B, 52000 + k, 443, k, 0, TCP_SYN, options=opt_mss(1440), v6=True)),
            v4=False)
        add(eth6(cmac, MAC_B, IP6_B, c6, 6, tcp(IP6_B, c6, 443, 52000 + k, 0, k + 1, TCP_RST | TCP_ACK, win=0, v6=True)),
            v4=False)
        # VLAN-tagged UDP syslog-like datagram (no IP ID patching: offset differs).
        add(vlan(smac, cmac, 20 + k, 0x0800, ipv4(cli, srv, 17, udp(cli, srv, 514, 514, b'<13>lab: vlan test'))), v4=False)
    return t


def tcp_offset(fr):
    """Offset of the TCP header in an Ethernet frame (IPv4 or IPv6), or -1."""
    if fr[12:14] == b'\x08\x00' and fr[23] == 6:
        return 14 + 4 * (fr[14] & 15)
    if fr[12:14] == b'\x86\xdd' and fr[20] == 6:
        return 54
    return -1


# Each cycle of the benchmark moves every TCP sequence space by its own step,
# so a repeated connection is a new one (a new ISN on reused ports), not a
# retransmission of the last cycle's segments.
SERVER_PORTS = (80, 443, 5001)


def seq_step(port):
    return 0x9e3779b1 if port in SERVER_PORTS else 0x01000193


# The distinct capture: what changes from one cycle to the next, as
# (offset of a 16-bit word, function of (cycle, template value)), with the
# offset of the checksum covering it.  Client ports of the HTTP connections
# and of the refused IPv6 connections, DNS source ports and ids, echo
# sequence numbers and the target of every other ARP request move on every
# cycle; every fourth ping is never answered (its reply answers another
# number), so a one-pass analysis sees about 67,000 TCP connections, 44,000
# UDP source ports and DNS ids, 11,000 unanswered pings and ARP requests per
# million frames, none of them seen again.
DISTINCT_SPAN = 50000


def distinct_port(slot, width):
    """A client port for slot (0 <= slot < width) that is new each cycle."""
    return lambda cyc, v: 10000 + (slot + width * cyc) % DISTINCT_SPAN


def distinct_words(fr):
    """(checksum offset or -1, [(word offset, fn)]) for one template frame."""
    et = fr[12:14]
    if et == b'\x08\x06':
        # ARP: requests from an odd client go to a new address each cycle.
        op, spa = struct.unpack_from('!H', fr, 20)[0], fr[28:32]
        if op == 1 and spa[3] % 2 == 1:
            return -1, [(38, lambda cyc, v: 0xc612),   # 198.18.100.0 and up
                        (40, lambda cyc, v: (100 + (cyc >> 8)) << 8 | (cyc & 0xff))]
        return -1, []
    if et == b'\x08\x00':
        l4 = 14 + 4 * (fr[14] & 15)
        proto = fr[23]
    elif et == b'\x86\xdd':
        l4, proto = 54, fr[20]
    else:
        return -1, []
    if proto in (6, 17):
        sport, dport = struct.unpack_from('!HH', fr, l4)
        csum = l4 + (16 if proto == 6 else 6)
        words = []
        for off, port in ((l4, sport), (l4 + 2, dport)):
            if proto == 6 and 40000 <= port < 40032:
                words.append((off, distinct_port(port - 40000, 48)))
            elif proto == 6 and 52000 <= port < 52016:
                words.append((off, distinct_port(32 + port - 52000, 48)))
            elif proto == 17 and (50000 <= port < 50016 or 50100 <= port < 50116):
                slot = port - 50000 if port < 50100 else 16 + port - 50100
                words.append((off, distinct_port(slot, 32)))
                # The DNS id of the query and its response.
                words.append((l4 + 8, lambda cyc, v, slot=slot: (slot + 32 * cyc) & 0xffff))
        return csum, words
    if proto in (1, 58):
        itype = fr[l4]
        seq_off = l4 + 6
        ident = struct.unpack_from('!H', fr, l4 + 4)[0]
        if itype in (0, 129) and ident % 4 == 3:
            return l4 + 2, [(seq_off, lambda cyc, v: (v + 16 * cyc + 0x8000) & 0xffff)]
        if itype in (0, 8, 128, 129):
            return l4 + 2, [(seq_off, lambda cyc, v: (v + 16 * cyc) & 0xffff)]
    return -1, []


def cmd_bench(n, path, distinct=False):
    templates = bench_templates()
    ntmpl = len(templates)
    rec = struct.Struct('<IIII')
    u16 = struct.Struct('!H')
    u32x2 = struct.Struct('!II')
    with open(path, 'wb', buffering=1 << 20) as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, LT_ETHERNET))
        sec, usec = 1700000000, 0
        chunk = []
        frames = [bytearray(fr) for fr, _ in templates]
        offs = [o for _, o in templates]
        # Each template's IPv4 header checksum without the ID word, for incremental updates.
        base = []
        for fr, o in zip(frames, offs):
            if o < 0:
                base.append(0)
                continue
            hdr = bytes(fr[o:o + 4]) + b'\0\0' + bytes(fr[o + 6:o + 10]) + b'\0\0' + bytes(fr[o + 12:o + 4 * (fr[o] & 15)])
            base.append(inet_sum(hdr))
        # Transport words patched every cycle, with the checksum made from
        # the rest of the segment's sum: (checksum offset, rest, [(offset,
        # fn(cycle, template value), template value)], is UDP).  TCP moves
        # its sequence spaces (seq/ack as four words); the distinct capture
        # also moves the words distinct_words() names.
        patches = []
        for fr in frames:
            csum, words = distinct_words(fr) if distinct else (-1, [])
            t = tcp_offset(fr)
            if t >= 0:
                sport, dport, seq, ack = struct.unpack_from('!HHII', fr, t)
                sstep = seq_step(sport)
                astep = seq_step(dport) if fr[t + 13] & 0x10 else 0
                csum = t + 16
                words = words + [
                    (t + 4, lambda cyc, v, seq=seq, st=sstep: ((seq + cyc * st) & 0xffffffff) >> 16),
                    (t + 6, lambda cyc, v, seq=seq, st=sstep: (seq + cyc * st) & 0xffff),
                    (t + 8, lambda cyc, v, ack=ack, st=astep: ((ack + cyc * st) & 0xffffffff) >> 16),
                    (t + 10, lambda cyc, v, ack=ack, st=astep: (ack + cyc * st) & 0xffff),
                ]
            if not words:
                patches.append(None)
                continue
            ws = [(o, fn, u16.unpack_from(fr, o)[0]) for o, fn in words]
            rest = 0
            if csum >= 0:
                # Take the patched words out of the sum: add their complements.
                rest = (~u16.unpack_from(fr, csum)[0] & 0xffff) + sum(~v & 0xffff for _, _, v in ws)
            proto = fr[23] if fr[12:14] == b'\x08\x00' else fr[20]
            patches.append((csum, rest, ws, t < 0 and proto == 17))  # UDP: a sum of 0 is sent as 0xffff
        for i in range(n):
            ti = i % ntmpl
            fr = frames[ti]
            o = offs[ti]
            if o >= 0:
                ident = (i // ntmpl + 0x100 * ti) & 0xffff
                s = base[ti] + ident
                s = (s & 0xffff) + (s >> 16)
                u16.pack_into(fr, o + 4, ident)
                u16.pack_into(fr, o + 10, ~s & 0xffff)
            p = patches[ti]
            if p:
                csum, rest, ws, is_udp = p
                cyc = i // ntmpl
                s = rest
                for wo, fn, v in ws:
                    nv = fn(cyc, v)
                    u16.pack_into(fr, wo, nv)
                    s += nv
                if csum >= 0:
                    while s >> 16:
                        s = (s & 0xffff) + (s >> 16)
                    c = ~s & 0xffff
                    u16.pack_into(fr, csum, 0xffff if c == 0 and is_udp else c)
            usec += 37 + (i & 63)
            if usec >= 1000000:
                sec += 1
                usec -= 1000000
            chunk.append(rec.pack(sec, usec, len(fr), len(fr)))
            chunk.append(bytes(fr))
            if len(chunk) >= 8192:
                f.write(b''.join(chunk))
                chunk.clear()
        f.write(b''.join(chunk))


def cmd_fragments(n, path):
    """n frames, each the first fragment of a 3008-byte UDP datagram whose
    other fragments never come: the worst case for the memory the
    reassembly keeps waiting (every 16th datagram is sent whole instead, in
    its three fragments, so some do complete)."""
    tl = Timeline(step_ns=100_000)
    pattern = bytes((i * 7 + 3) & 0xff for i in range(3000))
    i = 0
    while len(tl.packets) < n:
        dg = udp(IP_A, IP_B, 40000 + i % 1000, 9, pattern)
        f = frags4(IP_A, IP_B, 17, dg, i & 0xffff, [(0, 1480), (1480, 1480), (2960, 48)])
        for x in (f if i % 16 == 0 else f[:1]):
            tl.add(eth(MAC_B, MAC_A, 0x0800, x))
        i += 1
    write_pcap(path, LT_ETHERNET, tl.packets[:n])


def main(argv):
    if len(argv) >= 3 and argv[1] == 'corpus':
        cmd_corpus(argv[2])
    elif len(argv) >= 4 and argv[1] in ('bench', 'distinct'):
        cmd_bench(int(argv[2]), argv[3], argv[1] == 'distinct')
    elif len(argv) >= 4 and argv[1] == 'fragments':
        cmd_fragments(int(argv[2]), argv[3])
    elif len(argv) >= 3 and argv[1] == 'fuzzseeds':
        cmd_fuzzseeds(argv[2])
    elif len(argv) >= 3 and argv[1] == 'filterseeds':
        cmd_filterseeds(argv[2])
    else:
        sys.stderr.write('usage: lsc-gen.py corpus OUTDIR | bench|distinct|fragments N OUT.pcap | fuzzseeds DIR | filterseeds DIR\n')
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
