/*
 * case.c — what every case-record page shares: the participant access
 * check, the heading with tabs, dates, and error conversion; see case.h.
 */
#include "case.h"
#include "app/app.h"
#include "domain/caseload.h"
#include "domain/followup.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* The parts the user may read or write of the participant: the command
 * layer's rule (app_parts()), for the signed-in user today. */
uint32_t
case_parts(const struct req *r, const struct participant_brief *p, enum action act)
{
	if (!r->signed_in)
		return 0;
	struct actor a = {.user_id = r->user.id, .roles = r->user.roles, .today = case_today()};
	return app_parts(&a, p, act);
}

bool
case_allows(const struct req *r, const struct participant_brief *p, uint32_t want, enum action act)
{
	return want != 0 && (case_parts(r, p, act) & want) == want;
}

struct participant_scope
case_scope(struct req *r, uint32_t want)
{
	struct participant_scope sc = {
		.relations = r->signed_in ? access_list_relations(r->user.roles, want) : 0,
		.user_id = r->user.id,
		.today = case_date_text(r, case_today()),
	};
	return sc;
}

struct tab {
	const char *suffix;
	const char *label;   /* msgid */
	enum resource res;   /* the route's resource (the role may open it) */
	enum part part;      /* the part of the record it shows */
};

static const struct tab tabs[] = {
	{"", N_("Overview"), RES_PARTICIPANTS, PART_NAME},
	{"intake", N_("Intake"), RES_INTAKE, PART_INTAKE},
	{"enrolment", N_("Enrolment"), RES_PARTICIPANTS, PART_PERIOD},
	{"contact", N_("Contact person"), RES_CASELOADS, PART_CASELOAD},
	{"plan", N_("Work plan"), RES_WORKPLANS, PART_PLAN},
	{"meetings", N_("Follow-up"), RES_WORKPLANS, PART_FOLLOWUP},
	{"health", N_("Health notes"), RES_HEALTH_NOTES, PART_HEALTH},
	{"benefits", N_("Benefits"), RES_PARTICIPANTS, PART_BENEFIT},
};

void
case_header(struct req *r, const struct participant_brief *p, const char *current)
{
	struct buf *o = &r->out;
	html_lit(o, "<div class=\"case-head\"><h1>");
	html_text(o, case_name(r, p->given_name, p->family_name));
	html_lit(o, "</h1><p class=\"muted\">");
	html_text(o, T(r, "Born"));
	html_lit(o, " ");
	html_text(o, p->birth_date);
	html_lit(o, " \xC2\xB7 <span class=\"status status-");
	html_text(o, p->status);
	html_lit(o, "\">");
	html_text(o, T(r, participant_status_label(p->status)));
	html_lit(o, "</span></p><nav class=\"tabs\" aria-label=\"");
	html_text(o, T(r, "Participant"));
	html_lit(o, "\"><ul>");
	uint32_t parts = case_parts(r, p, ACT_READ);
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
		if (!access_allows(r->user.roles, tabs[i].res, ACT_READ) ||
		    (parts & PART_BIT(tabs[i].part)) == 0)
			continue;
		html_lit(o, "<li><a href=\"/participants/");
		html_int(o, p->id);
		if (tabs[i].suffix[0]) {
			html_lit(o, "/");
			html_text(o, tabs[i].suffix);
		}
		html_lit(o, "\"");
		if (current != NULL && strcmp(current, tabs[i].suffix) == 0)
			html_lit(o, " aria-current=\"page\"");
		html_lit(o, ">");
		html_text(o, T(r, tabs[i].label));
		html_lit(o, "</a></li>");
	}
	html_lit(o, "</ul></nav></div>");
}

const char *
case_name(struct req *r, const char *given, const char *family)
{
	return arena_printf(r->a, "%s, %s", family ? family : "", given ? given : "");
}

struct date
case_today(void)
{
	char s[16];
	struct date d = {1970, 1, 1};
	time_today(s, sizeof s);
	date_parse(s, &d);
	return d;
}

bool
case_contact_full(const struct contact_choice *c)
{
	return contact_choice_full(c);
}

const char *
case_contact_label(struct req *r, const struct contact_choice *c)
{
	if (case_contact_full(c))
		return arena_printf(r->a, T(r, "%s (%lld of %d, full)"), c->name, (long long)c->active,
				    (int)c->cap);
	return arena_printf(r->a, T(r, "%s (%lld of %d)"), c->name, (long long)c->active, (int)c->cap);
}

void
case_next_meeting(struct req *r, const char *next_meeting, bool latest)
{
	struct buf *o = &r->out;
	if (next_meeting == NULL || *next_meeting == '\0') {
		html_lit(o, "\xE2\x80\x94");
		return;
	}
	html_text(o, next_meeting);
	struct date d;
	if (!latest || date_parse(next_meeting, &d) != SC_OK ||
	    !followup_overdue(OVERDUE_MEETING, d, false, false, case_today()))
		return;
	html_lit(o, " <span class=\"badge overdue\">");
	html_text(o, T(r, "Overdue"));
	html_lit(o, "</span> <span class=\"muted\">");
	html_text(o, T(r, "no meeting logged since"));
	html_lit(o, "</span>");
}

const char *
case_date_text(struct req *r, struct date d)
{
	char s[11];
	date_format(d, s);
	return arena_strdup(r->a, s);
}

const char *
case_id(struct req *r, int64_t id)
{
	return arena_printf(r->a, "%lld", (long long)id);
}

bool
case_same_text(const char *a, const char *b)
{
	static const char space[] = " \t\r\n";
	a = a != NULL ? a + strspn(a, space) : "";
	b = b != NULL ? b + strspn(b, space) : "";
	for (;;) {
		while (*a == '\r')
			a++;
		while (*b == '\r')
			b++;
		if (*a != *b)
			return a[strspn(a, space)] == '\0' && b[strspn(b, space)] == '\0';
		if (*a == '\0')
			return true;
		a++;
		b++;
	}
}

void
case_form_errors(struct req *r, const struct field_errors *fe, struct form_errors *e)
{
	for (int i = 0; i < fe->n; i++)
		form_error(r, e, fe->field[i], fe->reason[i]);
}

json_t *
case_errors_json(const struct form_errors *e)
{
	json_t *fields = json_object();
	for (int i = 0; e != NULL && i < e->n; i++)
		json_object_set_new(fields, e->field[i], json_string(e->message[i]));
	return fields;
}

int
case_api_invalid(struct req *r, const struct form_errors *e)
{
	return api_error(r, 422, "invalid", T(r, "Some fields are wrong."), case_errors_json(e));
}

static const char *const type_messages[] = {
	[API_STRING] = N_("Must be text."),
	[API_INTEGER] = N_("Must be a whole number."),
	[API_BOOLEAN] = N_("Must be true or false."),
	[API_DATE] = N_("Must be a date as text (YYYY-MM-DD)."),
	[API_STRINGS] = N_("Must be a list of texts."),
	[API_DATES] = N_("Must be a list of dates (YYYY-MM-DD)."),
	[API_VERSION] = N_("Must be the version you read, a whole number."),
	[API_ID] = N_("Must be an id, a whole number."),
	[API_IDS] = N_("Must be a list of ids (whole numbers)."),
	[API_OBJECT] = N_("Must be an object."),
	[API_OBJECTS] = N_("Must be a list of objects."),
};

const char *
case_api_type_message(const struct req *r, enum api_type type)
{
	return T(r, type_messages[type]);
}

/* True when every element of the array v is of the JSON type is(). */
static bool
all_elements(const json_t *v, int (*is)(const json_t *))
{
	size_t i;
	json_t *el;
	json_array_foreach(v, i, el) {
		if (!is(el))
			return false;
	}
	return true;
}

static int
is_string(const json_t *v)
{
	return json_is_string(v);
}

static int
is_integer(const json_t *v)
{
	return json_is_integer(v);
}

static int
is_object(const json_t *v)
{
	return json_is_object(v);
}

/* True when v (not NULL) has the type f declares. */
static bool
type_matches(const struct api_field *f, const json_t *v)
{
	if (json_is_null(v))
		return f->nullable;
	switch (f->type) {
	case API_STRING:
	case API_DATE:
		return json_is_string(v);
	case API_INTEGER:
	case API_VERSION:
	case API_ID:
		return json_is_integer(v);
	case API_BOOLEAN:
		return json_is_boolean(v);
	case API_STRINGS:
	case API_DATES:
		return json_is_array(v) && all_elements(v, is_string);
	case API_IDS:
		return json_is_array(v) && all_elements(v, is_integer);
	case API_OBJECT:
		return json_is_object(v);
	case API_OBJECTS:
		return json_is_array(v) && all_elements(v, is_object);
	}
	return false;
}

static const struct api_field *
find_field(const struct api_field *fields, const char *key)
{
	for (size_t i = 0; fields != NULL && fields[i].key != NULL; i++)
		if (strcmp(fields[i].key, key) == 0 || strcmp(fields[i].key, "*") == 0)
			return &fields[i];
	return NULL;
}

/* Checks the members of obj against fields and extra; the names of unknown
 * and mistyped members (after prefix) go into unknown and mistyped. */
static void
check_members(struct req *r, json_t *obj, const struct api_field *fields,
	      const struct api_field *extra, const char *prefix, json_t *unknown, json_t *mistyped)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		const struct api_field *f = find_field(fields, key);
		if (f == NULL)
			f = find_field(extra, key);
		const char *name = *prefix ? arena_printf(r->a, "%s%s", prefix, key) : key;
		if (name == NULL)
			continue;
		if (f == NULL) {
			json_object_set_new(unknown, name, json_string(T(r, "Unknown field.")));
			continue;
		}
		if (!type_matches(f, v)) {
			json_object_set_new(mistyped, name, json_string(case_api_type_message(r, f->type)));
			continue;
		}
		if (f->members == NULL || json_is_null(v))
			continue;
		if (f->type == API_OBJECT) {
			const char *sub = arena_printf(r->a, "%s.", name);
			if (sub != NULL)
				check_members(r, v, f->members, NULL, sub, unknown, mistyped);
		} else if (f->type == API_OBJECTS) {
			size_t i;
			json_t *el;
			json_array_foreach(v, i, el) {
				const char *sub = arena_printf(r->a, "%s[%zu].", name, i);
				if (sub != NULL)
					check_members(r, el, f->members, NULL, sub, unknown, mistyped);
			}
		}
	}
}

bool
case_api_body(struct req *r, const struct api_field *fields, const struct api_field *extra, int *rc)
{
	if (!json_is_object(r->json)) {
		*rc = api_error(r, 400, "bad_request", T(r, "Send a JSON object."), NULL);
		return false;
	}
	json_t *unknown = json_object();
	json_t *mistyped = json_object();
	check_members(r, r->json, fields, extra, "", unknown, mistyped);
	if (json_object_size(unknown) > 0) {
		json_decref(mistyped);
		*rc = api_error(r, 400, "unknown_fields", T(r, "The request has fields this resource does not know."),
				unknown);
		return false;
	}
	json_decref(unknown);
	if (json_object_size(mistyped) > 0) {
		*rc = api_error(r, 422, "invalid", T(r, "Some fields have the wrong type."), mistyped);
		return false;
	}
	json_decref(mistyped);
	return true;
}

char *
case_api_text(struct req *r, const char *key, const char *dflt)
{
	json_t *v = json_object_get(r->json, key);
	if (v == NULL || json_is_null(v))
		return arena_strdup(r->a, dflt != NULL ? dflt : "");
	if (json_is_string(v))
		return arena_strdup(r->a, json_string_value(v));
	if (json_is_integer(v))
		return arena_printf(r->a, "%lld", (long long)json_integer_value(v));
	if (json_is_boolean(v))
		return arena_strdup(r->a, json_is_true(v) ? "yes" : "no");
	return NULL;
}

bool
case_api_int(const struct req *r, const char *key, int64_t *out)
{
	json_t *v = json_object_get(r->json, key);
	if (!json_is_integer(v))
		return false;
	*out = (int64_t)json_integer_value(v);
	return true;
}
