/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-cli-exit.h — exit statuses of reading and capturing, as tshark's
 *
 * A script written for tshark (4.0, as Debian 12 ships it) reads ours the
 * same way: 1 for what it was told (an option, a value, a combination, an
 * interface or capture filter the capture cannot start with), 2 for a file
 * (a capture that cannot be read or is damaged, a -w file or the output that
 * cannot be written) and for a display filter that does not compile.  The
 * sending commands (ping, arp, tcp, udp, connect, lab) keep ping's own: 1 no
 * answer, 2 any other error.
 */
#pragma once

enum {
  LSC_CLI_EXIT_OK = 0,
  LSC_CLI_EXIT_USAGE = 1,
  LSC_CLI_EXIT_CAPTURE = 1,
  LSC_CLI_EXIT_FILE = 2,
  LSC_CLI_EXIT_FILTER = 2,
};
