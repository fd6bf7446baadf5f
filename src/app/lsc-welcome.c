/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lsc-welcome.c — the start page */
#include "lsc-welcome.h"
#include "capture/lsc-iface.h"
#include "capture/lsc-live.h"

#include "lsc-lab-panel.h"
#include "lsc-layer-colors.h"
#include "lsc-lessons.h"

#include <glib/gi18n.h>

struct _LscWelcome {
  GtkWidget parent_instance;

  GtkListBox *labs;
  GtkListBox *recent;
  GtkWidget *recent_group;
  GtkDropDown *iface;
  GtkEntry *bpf;
  GtkLabel *bpf_status;
  GtkButton *start;
  GtkLabel *capture_note;
  GtkWidget *lab_group;
  LscLabPanel *lab_panel;  /* NULL outside a lab */

  GPtrArray *iface_names;  /* char*, parallel to the dropdown */
  gboolean capture_available;
  gboolean bpf_ok;
};

G_DEFINE_FINAL_TYPE (LscWelcome, lsc_welcome, GTK_TYPE_WIDGET)

enum { SIG_OPEN_FILE, SIG_START_CAPTURE, SIG_OPEN_LESSON, SIG_LAB_CRAFT, N_SIGNALS };
static guint signals[N_SIGNALS];

/* What a bundled capture that no lesson uses shows (none today: a capture
 * added to data/captures later still gets a row with its file name). */
char *
lsc_welcome_find_captures_dir (void)
{
  /* The install prefix as seen from the program (a moved or relocated
   * install still finds its data), then the configured one; from the build
   * tree LSC_CAPTURES_DIR points at the sources (tools/run.sh, meson devenv). */
  const char *env = g_getenv ("LSC_CAPTURES_DIR");
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *bindir = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *relative = bindir ? g_build_filename (bindir, "..", "share", "layerscope", "captures", NULL) : NULL;
  const char *candidates[] = { env, relative, LSC_DATADIR "/captures" };
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] && g_file_test (candidates[i], G_FILE_TEST_IS_DIR))
      return g_strdup (candidates[i]);
  return NULL;
}

static GtkWidget *
file_row (const char *path, const char *title, const char *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *t = gtk_label_new (title);
  GtkWidget *s = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (t), 0);
  gtk_label_set_xalign (GTK_LABEL (s), 0);
  gtk_label_set_ellipsize (GTK_LABEL (s), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (s, "dim-label");
  gtk_widget_add_css_class (s, "caption");
  gtk_box_append (GTK_BOX (box), t);
  gtk_box_append (GTK_BOX (box), s);
  gtk_widget_add_css_class (box, "file-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (path), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

static gboolean
in_a_lesson (const char *name)
{
  for (guint k = 0; k < lsc_lessons_count (); k++)
    if (g_str_equal (lsc_lessons_nth (k)->file, name))
      return TRUE;
  return FALSE;
}

/* The lessons in the course's order, each opening its capture at the right
 * packet; then any other capture in the folder. */
static void
fill_labs (LscWelcome *self)
{
  g_autofree char *dir = lsc_welcome_find_captures_dir ();
  guint rows = 0;
  for (guint k = 0; dir && k < lsc_lessons_count (); k++)
    {
      const LscLesson *l = lsc_lessons_nth (k);
      g_autofree char *path = g_build_filename (dir, l->file, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      g_autofree char *title = g_strdup_printf ("%u · %s", l->number, _(l->title));
      GtkWidget *row = file_row (path, title, l->file);
      g_object_set_data (G_OBJECT (row), "lesson", GUINT_TO_POINTER (l->number));
      gtk_list_box_append (self->labs, row);
      rows++;
    }
  g_autoptr (GDir) d = dir ? g_dir_open (dir, 0, NULL) : NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    if ((g_str_has_suffix (name, ".pcap") || g_str_has_suffix (name, ".pcapng")) && !in_a_lesson (name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      gtk_list_box_append (self->labs, file_row (path, names->pdata[i], names->pdata[i]));
      rows++;
    }
  if (rows == 0)
    {
      GtkWidget *l = gtk_label_new (_("No lab captures are installed."));
      gtk_widget_add_css_class (l, "dim-label");
      gtk_list_box_set_placeholder (self->labs, l);
    }
}

static void
lab_capture_cb (LscLabPanel *panel, const char *iface, LscWelcome *self)
{
  g_signal_emit (self, signals[SIG_START_CAPTURE], 0, iface, "");
}

static void
lab_craft_cb (LscLabPanel *panel, const char *tmpl, const char *set, const char *iface, LscWelcome *self)
{
  g_signal_emit (self, signals[SIG_LAB_CRAFT], 0, tmpl, set, iface);
}

/* Inside a host of the classroom lab (`layerscope-cli lab open`): the lab. */
static void
fill_lab (LscWelcome *self)
{
  GtkWidget *panel = lsc_lab_panel_new_here ();
  if (!panel)
    return;
  self->lab_panel = LSC_LAB_PANEL (panel);
  g_signal_connect (panel, "capture", G_CALLBACK (lab_capture_cb), self);
  g_signal_connect (panel, "craft", G_CALLBACK (lab_craft_cb), self);
  gtk_box_append (GTK_BOX (self->lab_group), panel);
  gtk_widget_set_visible (self->lab_group, TRUE);
}

LscLabView *
lsc_welcome_get_lab_view (LscWelcome *self)
{
  return self->lab_panel ? lsc_lab_panel_get_view (self->lab_panel) : NULL;
}

void
lsc_welcome_set_recent (LscWelcome *self, const char *const *paths)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent))))
    gtk_list_box_remove (self->recent, child);
  guint n = 0;
  for (guint i = 0; paths && paths[i] && n < 8; i++)
    {
      if (!g_file_test (paths[i], G_FILE_TEST_EXISTS))
        continue;
      g_autofree char *base = g_path_get_basename (paths[i]);
      gtk_list_box_append (self->recent, file_row (paths[i], base, paths[i]));
      n++;
    }
  gtk_widget_set_visible (self->recent_group, n > 0);
}

static void
row_activated_cb (GtkListBox *box, GtkListBoxRow *row, LscWelcome *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");
  guint lesson = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "lesson"));
  if (lesson)
    {
      g_signal_emit (self, signals[SIG_OPEN_LESSON], 0, lesson);
      return;
    }
  if (!path)
    return;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_signal_emit (self, signals[SIG_OPEN_FILE], 0, file);
}

static void
update_start (LscWelcome *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->start),
                            self->capture_available && self->bpf_ok && self->iface_names->len > 0);
}

static void
bpf_changed_cb (GtkEditable *e, LscWelcome *self)
{
  /* Compiled against a dead Ethernet handle: no device or privilege needed. */
  const char *text = gtk_editable_get_text (e);
  g_autoptr (GError) error = NULL;
  self->bpf_ok = !*text || lsc_capture_check_filter (1, text, &error);
  if (self->bpf_ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->bpf), "error");
      gtk_label_set_text (self->bpf_status, *text ? _("Filter is valid.") : _("No filter: every frame is captured."));
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->bpf), "error");
      gtk_label_set_text (self->bpf_status, error->message);
    }
  update_start (self);
}

static void
start_clicked_cb (GtkButton *b, LscWelcome *self)
{
  g_autofree char *iface = lsc_welcome_get_interface (self);
  if (iface)
    g_signal_emit (self, signals[SIG_START_CAPTURE], 0, iface, gtk_editable_get_text (GTK_EDITABLE (self->bpf)));
}

static void
fill_interfaces (LscWelcome *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = lsc_iface_list (&error);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_set_size (self->iface_names, 0);
  for (guint i = 0; list && i < list->len; i++)
    {
      LscIface *it = list->pdata[i];
      GString *s = g_string_new (it->name);
      for (guint k = 0; it->addresses && k < it->addresses->len && k < 2; k++)
        g_string_append_printf (s, "%s%s", k ? ", " : " — ", (char *) it->addresses->pdata[k]);
      if (!(it->flags & LSC_IFACE_UP) && !(it->flags & LSC_IFACE_ANY))
        g_string_append (s, _(" (down)"));
      g_ptr_array_add (labels, g_string_free (s, FALSE));
      g_ptr_array_add (self->iface_names, g_strdup (it->name));
    }
  g_ptr_array_add (labels, NULL);
  GtkStringList *model = gtk_string_list_new ((const char *const *) labels->pdata);
  gtk_drop_down_set_model (self->iface, G_LIST_MODEL (model));
  g_object_unref (model);
  if (!list)
    lsc_welcome_set_capture_status (self, FALSE, error->message);
}

char *
lsc_welcome_get_interface (LscWelcome *self)
{
  guint i = gtk_drop_down_get_selected (self->iface);
  return i < self->iface_names->len ? g_strdup (self->iface_names->pdata[i]) : NULL;
}

GtkListBox *
lsc_welcome_get_labs (LscWelcome *self)
{
  return self->labs;
}

const char *
lsc_welcome_get_bpf (LscWelcome *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->bpf));
}

void
lsc_welcome_set_capture_status (LscWelcome *self, gboolean available, const char *message)
{
  self->capture_available = available;
  gtk_label_set_text (self->capture_note, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->capture_note), message && *message);
  update_start (self);
}

static void
lsc_welcome_dispose (GObject *object)
{
  LscWelcome *self = LSC_WELCOME (object);
  gtk_widget_dispose_template (GTK_WIDGET (self), LSC_TYPE_WELCOME);
  lsc_widget_unparent_children (GTK_WIDGET (self));
  g_clear_pointer (&self->iface_names, g_ptr_array_unref);
  G_OBJECT_CLASS (lsc_welcome_parent_class)->dispose (object);
}

static void
lsc_welcome_class_init (LscWelcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->dispose = lsc_welcome_dispose;
  signals[SIG_OPEN_FILE] = g_signal_new ("open-file", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
  signals[SIG_START_CAPTURE] = g_signal_new ("start-capture", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIG_LAB_CRAFT] = g_signal_new ("lab-craft", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIG_OPEN_LESSON] = g_signal_new ("open-lesson", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/layerscope/Layerscope/ui/lsc-welcome.ui");
  gtk_widget_class_bind_template_child (widget_class, LscWelcome, labs);
  gtk_widget_class_bind_template_child (widget_class, LscWelcome, recent);
  gtk_widget_class_bind_template_child (widget_class, LscWelcome, recent_group);
  gtk_widget_class_bind_template_child (widget_class, LscWelcome, iface);
  gtk_widget_class_bind_template_child (widget_class, LscWelcome, bpf);
  gtk_widget_class_bind_template_child (widget_class, LscWelcome, bpf_status);
  gtk_widget_class_bind_template_child (widget_class, LscWelcome, start);
  gtk_widget_class_bind_template_child (widget_class, LscWelcome, capture_note);
  gtk_widget_class_bind_template_child (widget_class, LscWelcome, lab_group);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, bpf_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
lsc_welcome_init (LscWelcome *self)
{
  self->iface_names = g_ptr_array_new_with_free_func (g_free);
  self->bpf_ok = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_lab (self);
  fill_labs (self);
  fill_interfaces (self);
  bpf_changed_cb (GTK_EDITABLE (self->bpf), self);
}

GtkWidget *
lsc_welcome_new (void)
{
  return g_object_new (LSC_TYPE_WELCOME, NULL);
}
