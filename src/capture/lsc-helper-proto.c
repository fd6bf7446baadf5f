/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-helper-proto.c — encode and check helper stdin record headers
 *
 * Compiled into both the helper and the capture library: the limits the
 * client obeys and the ones the helper enforces cannot drift apart.
 */
#include "lsc-helper-proto.h"

static int
length_allowed (uint8_t type, uint32_t length)
{
  switch (type)
    {
    case LSC_HELPER_REC_INJECT:
      return length >= LSC_HELPER_MIN_FRAME && length <= LSC_HELPER_MAX_FRAME;
    case LSC_HELPER_REC_STATS:
    case LSC_HELPER_REC_STOP:
      return length == 0;
    default:
      return 0;
    }
}

static int
type_known (uint8_t type)
{
  return type == LSC_HELPER_REC_INJECT || type == LSC_HELPER_REC_STATS || type == LSC_HELPER_REC_STOP;
}

static void
put_be32 (uint8_t *p, uint32_t v)
{
  p[0] = (uint8_t) (v >> 24);
  p[1] = (uint8_t) (v >> 16);
  p[2] = (uint8_t) (v >> 8);
  p[3] = (uint8_t) v;
}

static uint32_t
get_be32 (const uint8_t *p)
{
  return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

int
lsc_helper_rec_encode (uint8_t out[LSC_HELPER_HDR_LEN], uint8_t type, uint32_t seq, uint32_t length)
{
  if (!type_known (type) || !length_allowed (type, length))
    return -1;
  out[0] = LSC_HELPER_MAGIC0;
  out[1] = LSC_HELPER_MAGIC1;
  out[2] = LSC_HELPER_PROTO_VERSION;
  out[3] = type;
  put_be32 (out + 4, seq);
  put_be32 (out + 8, length);
  return 0;
}

LscHelperDecodeResult
lsc_helper_rec_decode (const uint8_t *buf, size_t len, LscHelperRecHdr *hdr)
{
  if (buf == NULL || len < LSC_HELPER_HDR_LEN)
    return LSC_HELPER_DECODE_SHORT;
  if (buf[0] != LSC_HELPER_MAGIC0 || buf[1] != LSC_HELPER_MAGIC1)
    return LSC_HELPER_DECODE_BAD_MAGIC;
  if (buf[2] != LSC_HELPER_PROTO_VERSION)
    return LSC_HELPER_DECODE_BAD_VERSION;
  if (!type_known (buf[3]))
    return LSC_HELPER_DECODE_BAD_TYPE;
  uint32_t length = get_be32 (buf + 8);
  if (!length_allowed (buf[3], length))
    return LSC_HELPER_DECODE_BAD_LENGTH;
  if (hdr)
    {
      hdr->type = buf[3];
      hdr->seq = get_be32 (buf + 4);
      hdr->length = length;
    }
  return LSC_HELPER_DECODE_OK;
}

const char *
lsc_helper_decode_result_str (LscHelperDecodeResult r)
{
  switch (r)
    {
    case LSC_HELPER_DECODE_OK: return "record header is valid";
    case LSC_HELPER_DECODE_SHORT: return "the stream ends inside a record header";
    case LSC_HELPER_DECODE_BAD_MAGIC: return "record does not start with the magic bytes 'LS'";
    case LSC_HELPER_DECODE_BAD_VERSION: return "record has an unknown protocol version";
    case LSC_HELPER_DECODE_BAD_TYPE: return "record has an unknown type";
    case LSC_HELPER_DECODE_BAD_LENGTH: return "record length is outside the range its type allows";
    default: return "unknown result";
    }
}
