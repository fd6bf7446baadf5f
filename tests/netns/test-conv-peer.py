#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The two programs of the conversation lab, written like a classic socket tutorial.

  test-conv-peer.py server MODE PORT        socket/bind/listen/accept, one client
  test-conv-peer.py client MODE HOST PORT   socket/connect/send/recv/close
  test-conv-peer.py dns-server PORT         answers every A query with 198.18.0.2
  test-conv-peer.py dns-query HOST PORT NAME

MODE says who closes and how:
  normal        client sends, server replies, client closes; the server waits
                before its own close(), so its ACK and FIN travel apart (four-way)
  three         like normal, but the server closes as soon as it reads EOF, so
                its FIN carries the delayed ACK (three-segment close)
  server-first  the server replies and closes first; the client closes later
  simultaneous  both close at the same moment (the lab drops the client's first FIN
                at the server so the two FINs cross)
  rst           the client sets SO_LINGER 0: close() sends RST instead of FIN
  refused       the client connects to a port nobody listens on
  late          the client waits a second after connect() before sending, so a
                capture started in between begins mid-stream
Every blocking call has a timeout, so nothing here can hang.
"""
import socket
import struct
import sys
import time

TIMEOUT = 10


def server(mode, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.settimeout(TIMEOUT)
    s.bind(("0.0.0.0", port))
    s.listen(1)
    print("listening", flush=True)
    conn, _ = s.accept()
    conn.settimeout(TIMEOUT)
    data = conn.recv(1024)
    conn.sendall(b"HELLO FROM THE SERVER: " + data.upper())
    if mode == "server-first":
        conn.close()
    elif mode == "simultaneous":
        wait_for_go(conn)
        conn.close()
    elif mode == "rst":
        try:
            conn.recv(1024)
        except OSError:
            pass
        conn.close()
    else:
        while conn.recv(1024):
            pass
        if mode == "normal":
            time.sleep(0.3)
        conn.close()
    s.close()


def wait_for_go(conn):
    # Both ends were given the same moment (GO_AT, seconds since the epoch).
    time.sleep(max(0.0, min(GO_AT - time.time(), TIMEOUT)))


def client(mode, host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    if mode == "rst":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    try:
        s.connect((host, port))
    except ConnectionRefusedError:
        print("refused", flush=True)
        return
    if mode == "late":
        time.sleep(1.0)
    s.sendall(b"hello, layerscope")
    reply = s.recv(1024)
    print(reply.decode(), flush=True)
    if mode == "server-first":
        while s.recv(1024):
            pass
        time.sleep(0.3)
    elif mode == "simultaneous":
        wait_for_go(s)
    s.close()


def dns_server(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    s.bind(("0.0.0.0", port))
    print("listening", flush=True)
    q, addr = s.recvfrom(512)
    qid, flags, qd = struct.unpack("!HHH", q[:6])
    end = 12
    while q[end] != 0:
        end += q[end] + 1
    question = q[12:end + 5]
    answer = struct.pack("!HHHIH4s", 0xC00C, 1, 1, 300, 4, socket.inet_aton("198.18.0.2"))
    s.sendto(struct.pack("!HHHHHH", qid, 0x8180, 1, 1, 0, 0) + question + answer, addr)
    s.close()


def dns_query(host, port, name):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    qname = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    s.sendto(struct.pack("!HHHHHH", 0x4c53, 0x0100, 1, 0, 0, 0) + qname + struct.pack("!HH", 1, 1), (host, port))
    r, _ = s.recvfrom(512)
    print("answer", socket.inet_ntoa(r[-4:]), flush=True)
    s.close()


GO_AT = 0.0

if __name__ == "__main__":
    role = sys.argv[1]
    if role == "server":
        if len(sys.argv) > 4:
            GO_AT = float(sys.argv[4])
        server(sys.argv[2], int(sys.argv[3]))
    elif role == "client":
        if len(sys.argv) > 5:
            GO_AT = float(sys.argv[5])
        client(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif role == "dns-server":
        dns_server(int(sys.argv[2]))
    elif role == "dns-query":
        dns_query(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit("unknown role " + role)
