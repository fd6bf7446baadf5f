/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-lessons.c — the bundled captures as numbered lessons */
#include "lsc-lessons.h"

#include <glib/gi18n.h>

/* The course's order: layers, Ethernet, ARP, addresses, ICMP, the TCP
 * handshake and teardown, UDP against TCP, the byte stream, HTTP; then the
 * other ways a TCP connection ends, recorded from real kernels too. */
static const LscLesson lessons[] = {
  { 1, "classroom.pcapng", N_("The layers of a frame (OSI and TCP/IP)"), "http.request", FALSE,
    N_("Every header sits in one layer: Ethernet in the data link layer, IPv4 in the network layer, TCP in the "
       "transport layer, HTTP in the application layer. Switch the model (Ctrl+1, Ctrl+2, Ctrl+3) and watch the "
       "same bytes regroup; the hex view and the anatomy bar colour them by layer.") },
  { 2, "classroom.pcapng", N_("Ethernet frames and MAC addresses"), "arp", FALSE,
    N_("The destination ff:ff:ff:ff:ff:ff is the broadcast address: every host on the link reads this frame. "
       "The anatomy bar shows the 14-byte header, and the padding a frame under 64 bytes (with its FCS) needs.") },
  { 3, "arp.pcapng", N_("ARP: from an IP address to a MAC address"), "arp.opcode == 1", TRUE,
    N_("The request is broadcast and asks who has an IP address; the reply comes back to the asker alone with "
       "the MAC. Further down: requests nobody answers, a gratuitous ARP and a second MAC claiming an address.") },
  { 4, "ping.pcapng", N_("IP addresses, classes and subnets"), "ip", FALSE,
    N_("Open the IPv4 header: each address's class and default mask come from its first bits. The subnet "
       "calculator (main menu) and the capture's prefix show network, broadcast, host range and whether both "
       "ends share a subnet.") },
  { 5, "ping.pcapng", N_("ICMP and ping"), "icmp.type == 8", TRUE,
    N_("Each echo request gets a reply with the same identifier and sequence number; the reply carries the "
       "round-trip time. Two requests were never answered: the flow crosses them out.") },
  { 6, "handshake-teardown.pcapng", N_("The TCP three-way handshake"), "tcp.flags.syn == 1 && tcp.flags.ack == 0", TRUE,
    N_("SYN, SYN-ACK, ACK: connect() on one side, the listening socket's kernel on the other. The flow panel "
       "shows both ends' states (SYN-SENT, SYN-RECEIVED, ESTABLISHED); press F5 to play the connection.") },
  { 7, "handshake-teardown.pcapng", N_("The four-way teardown and TIME-WAIT"), "tcp.flags.fin == 1", TRUE,
    N_("FIN, ACK, FIN, ACK: the end that calls close() first passes FIN-WAIT-1 and FIN-WAIT-2 and ends in "
       "TIME-WAIT (it waits 2×MSL); the other passes CLOSE-WAIT and LAST-ACK.") },
  { 8, "classroom.pcapng", N_("UDP and TCP side by side"), "dns", TRUE,
    N_("A DNS query and its answer: two datagrams, no handshake, no teardown, no states. Compare with the TCP "
       "connection that follows (select one of its packets).") },
  { 9, "http.pcapng", N_("TCP is a byte stream (\"sticky packets\")"), "http.request", TRUE,
    N_("Follow Stream (Ctrl+Alt+Shift+T) shows the bytes each end sent, in order. Segment boundaries are where "
       "TCP cut the stream, not where the application's messages begin and end: a receiver must find them itself.") },
  { 10, "http.pcapng", N_("HTTP request and response"), "http.request", FALSE,
    N_("The request line (GET / HTTP/1.1) and its headers, then the response's status line (200 OK) and "
       "headers: text, carried as TCP data. Select a header to see what it means.") },
  { 11, "three-segment-close.pcapng", N_("Teardown in three segments"), "tcp.flags.fin == 1", TRUE,
    N_("The server acknowledges the client's FIN and sends its own in one segment (FIN+ACK): three segments "
       "instead of four, the same states.") },
  { 12, "server-closes-first.pcapng", N_("The server closes first"), "tcp.flags.fin == 1", TRUE,
    N_("Now the server calls close() first: the server ends in TIME-WAIT and the client passes CLOSE-WAIT. "
       "Whoever closes first waits.") },
  { 13, "simultaneous-close.pcapng", N_("Simultaneous close"), "tcp.flags.fin == 1", TRUE,
    N_("Both ends send a FIN before receiving the other's: both pass CLOSING and both end in TIME-WAIT.") },
  { 14, "rst-abort.pcapng", N_("RST: aborting a connection"), "tcp.flags.reset == 1", TRUE,
    N_("close() with SO_LINGER set to 0 sends a RST instead of a FIN: no teardown, no TIME-WAIT, both ends "
       "are CLOSED at once.") },
  { 15, "closed-port.pcapng", N_("A port nobody listens on"), "tcp.flags.syn == 1", TRUE,
    N_("The SYN is answered with RST,ACK: nothing listens on that port, and connect() fails with \"connection "
       "refused\". The server never left CLOSED.") },
  { 16, "midstream.pcapng", N_("A capture that starts mid-stream"), "tcp", TRUE,
    N_("The capture began after the handshake: the client is inferred from the ports and the states before the "
       "first segment are unknown (?).") },
};

guint
lsc_lessons_count (void)
{
  return G_N_ELEMENTS (lessons);
}

const LscLesson *
lsc_lessons_nth (guint i)
{
  return i < G_N_ELEMENTS (lessons) ? &lessons[i] : NULL;
}

const LscLesson *
lsc_lessons_find (guint number)
{
  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    if (lessons[i].number == number)
      return &lessons[i];
  return NULL;
}
