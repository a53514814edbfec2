/*
 * change.c — changes of a stored record with a version; see change.h.
 */
#include "change.h"
#include "case.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The prefixed copies made so far (a handful: one per form of a page). */
#define MAX_PREFIXED 32

struct prefixed_fields {
	const struct field *of;
	const char *prefix;
	struct fields copy;
};

static struct prefixed_fields prefixed[MAX_PREFIXED];
static size_t nprefixed;
static pthread_mutex_t prefixed_lock = PTHREAD_MUTEX_INITIALIZER;

/* A malloc'd copy of fs with prefixed keys; fs itself when out of memory. */
static struct fields
copy_with_prefix(struct fields fs, const char *prefix)
{
	struct field *f = calloc(fs.n, sizeof *f);
	if (f == NULL)
		return fs;
	for (size_t i = 0; i < fs.n; i++) {
		f[i] = fs.f[i];
		size_t len = strlen(prefix) + strlen(fs.f[i].key) + 1;
		char *key = malloc(len);
		if (key == NULL)
			return fs;
		snprintf(key, len, "%s%s", prefix, fs.f[i].key);
		f[i].key = key;
	}
	return (struct fields){f, fs.n};
}

struct fields
change_fields(struct fields fs, const char *prefix)
{
	if (prefix == NULL || *prefix == '\0')
		return fs;
	struct fields out = fs;
	pthread_mutex_lock(&prefixed_lock);
	size_t i = 0;
	while (i < nprefixed && !(prefixed[i].of == fs.f && strcmp(prefixed[i].prefix, prefix) == 0))
		i++;
	if (i < nprefixed) {
		out = prefixed[i].copy;
	} else if (nprefixed < MAX_PREFIXED) {
		out = copy_with_prefix(fs, prefix);
		if (out.f != fs.f)
			prefixed[nprefixed++] = (struct prefixed_fields){fs.f, prefix, out};
	}
	pthread_mutex_unlock(&prefixed_lock);
	return out;
}

void
change_json_default(struct req *r, const char *key, const char *value)
{
	if (!json_is_object(r->json))
		return;
	json_t *v = json_object_get(r->json, key);
	if (value == NULL && json_is_null(v))
		json_object_del(r->json, key);
	else if (value != NULL && (v == NULL || json_is_null(v)))
		json_object_set_new(r->json, key, json_string(value));
}

bool
change_read(struct req *r, struct fields fs, const char *prefix, const char *const *extra, void *rec,
	    int64_t *version, struct form_errors *e, int *rc)
{
	const char *members[8] = {"version"};
	for (size_t i = 0; extra != NULL && extra[i] != NULL && i + 2 < sizeof members / sizeof members[0]; i++)
		members[i + 1] = extra[i];
	*version = 0;
	if (!r->wants_json && r->json == NULL) {
		if (parse_int64(req_field(r, "version"), 1, INT64_MAX, version) != SC_OK)
			*version = -1;
		return input_read(r, change_fields(fs, prefix), rec, NULL, e, rc);
	}
	if (!input_read(r, fs, rec, members, e, rc))
		return false;
	json_t *v = json_object_get(r->json, "version");
	if (v != NULL && !json_is_integer(v))
		form_error(r, e, "version", case_api_type_message(r, API_VERSION));
	else if (v != NULL && json_integer_value(v) < 1)
		form_error(r, e, "version", N_("The version is a whole number from 1."));
	else if (v != NULL)
		*version = (int64_t)json_integer_value(v);
	return true;
}

void
change_errors(struct req *r, const struct field_errors *fe, const char *prefix, struct form_errors *e)
{
	struct field_errors keyed = {0};
	for (int i = 0; i < fe->n; i++) {
		const char *key = prefix != NULL && *prefix ? arena_printf(r->a, "%s%s", prefix, fe->field[i]) : fe->field[i];
		if (key != NULL)
			field_error_copy(&keyed, key, fe, i);
	}
	form_errors_from(r, &keyed, e);
}

json_t *
change_record_json(struct fields fs, const void *rec)
{
	json_t *j = record_json(fs, rec, PARTS_ALL);
	for (size_t i = 0; j != NULL && i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		if ((f->type == FT_LINE || f->type == FT_TEXT) && !(f->flags & FF_SECRET) && !field_given(f, rec))
			json_object_set_new(j, f->key, json_string(""));
	}
	return j;
}

void
change_version_input(struct req *r, int64_t version)
{
	html_lit(&r->out, "<input type=\"hidden\" name=\"version\" value=\"");
	html_int(&r->out, version);
	html_lit(&r->out, "\">");
}

void
change_form_open(struct req *r, const char *id, const char *action)
{
	struct buf *o = &r->out;
	html_lit(o, "<form method=\"post\" id=\"");
	html_text(o, id);
	html_lit(o, "\" action=\"");
	html_text(o, action);
	html_lit(o, "\" novalidate>");
	form_csrf(r);
}

void
change_form_end(struct req *r, const char *label, bool danger)
{
	if (danger)
		html_lit(&r->out, "<button type=\"submit\" class=\"danger\">");
	else
		html_lit(&r->out, "<button type=\"submit\">");
	html_text(&r->out, label);
	html_lit(&r->out, "</button></form>");
}

void
change_th(struct req *r, const char *label)
{
	html_lit(&r->out, "<th scope=\"col\">");
	html_text(&r->out, label);
	html_lit(&r->out, "</th>");
}

void
change_td(struct req *r, const char *text)
{
	html_lit(&r->out, "<td>");
	html_text(&r->out, text != NULL ? text : "");
	html_lit(&r->out, "</td>");
}

void
change_dl(struct req *r, const char *label, const char *value)
{
	html_lit(&r->out, "<dt>");
	html_text(&r->out, label);
	html_lit(&r->out, "</dt><dd>");
	html_lines(&r->out, value != NULL && *value ? value : "\xE2\x80\x93");
	html_lit(&r->out, "</dd>");
}

void
change_alert(struct req *r, const char *text)
{
	if (text == NULL)
		return;
	html_lit(&r->out, "<p class=\"error-box\" role=\"alert\">");
	html_text(&r->out, text);
	html_lit(&r->out, "</p>");
}

const char *
change_moment(struct req *r, int64_t t)
{
	char s[32];
	time_format_local(t, s, sizeof s);
	return arena_strdup(r->a, s);
}
