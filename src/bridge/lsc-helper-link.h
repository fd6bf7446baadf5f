/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-helper-link.h — a craft link through the capture helper (see the .c) */
#pragma once

#include "craft/lsc-craft-link.h"

G_BEGIN_DECLS

/* An LscCraftLinkFallback: opens the helper's live stream on ifc (not
 * promiscuous, nothing saved) and sends and reads through it.  Fails with
 * LSC_CRAFT_ERROR_PERMISSION when the helper lacks the capability too. */
LscCraftLink *lsc_helper_craft_link (const LscCraftIface *ifc, gpointer data, GError **error);

G_END_DECLS
