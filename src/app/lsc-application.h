/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-application.h — the GtkApplication: actions, shortcuts, command line */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LSC_APP_ID "org.layerscope.Layerscope"

#define LSC_TYPE_APPLICATION (lsc_application_get_type ())
G_DECLARE_FINAL_TYPE (LscApplication, lsc_application, LSC, APPLICATION, AdwApplication)

LscApplication *lsc_application_new (GApplicationFlags extra_flags);
/* The app's settings; found in the build tree too, so uninstalled runs and tests work. */
GSettings *lsc_application_settings_new (void);

G_END_DECLS
