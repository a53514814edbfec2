/*
 * case.c — what every case-record page shares: the participant access
 * check, the heading with tabs, dates, and error conversion; see case.h.
 */
#include "case.h"
#include "domain/caseload.h"
#include "domain/followup.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/timeutil.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static bool
scope_allows(const struct req *r, const struct participant_brief *p, enum resource res,
	     enum action act)
{
	enum scope sc = access_scope(r->user.roles, res, act);
	if (sc == SCOPE_ALL)
		return true;
	if (sc == SCOPE_OWN || sc == SCOPE_TEAM)
		return p->contact_id != 0 && p->contact_id == r->user.id;
	return false;
}

bool
case_allows(const struct req *r, const struct participant_brief *p, enum resource res,
	    enum action act)
{
	return r->signed_in && scope_allows(r, p, res, act);
}

int
case_participant(struct req *r, const char *id_text, enum resource res, enum action act,
		 struct participant_brief *out)
{
	int64_t id = 0;
	if (parse_int64(id_text, 1, INT64_MAX, &id) != SC_OK) {
		req_error(r, 404, NULL);
		return CASE_ANSWERED;
	}
	int rc = store_participant_brief(req_db(r), r->a, id, out);
	if (rc == SC_ENOTFOUND) {
		req_error(r, 404, NULL);
		return CASE_ANSWERED;
	}
	if (rc != SC_OK)
		return rc;
	if (!scope_allows(r, out, res, act)) {
		r->deny_type = "participant";
		r->deny_id = case_id(r, id);
		req_error(r, 403, T(r, "This participant is not in your caseload."));
		return CASE_ANSWERED;
	}
	return SC_OK;
}

struct tab {
	const char *suffix;
	const char *label;   /* msgid */
	enum resource res;
};

static const struct tab tabs[] = {
	{"", N_("Overview"), RES_PARTICIPANTS},
	{"intake", N_("Intake"), RES_INTAKE},
	{"enrolment", N_("Enrolment"), RES_PARTICIPANTS},
	{"contact", N_("Contact person"), RES_CASELOADS},
	{"plan", N_("Work plan"), RES_WORKPLANS},
	{"meetings", N_("Follow-up"), RES_WORKPLANS},
	{"health", N_("Health notes"), RES_HEALTH_NOTES},
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
	for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++) {
		if (!scope_allows(r, p, tabs[i].res, ACT_READ))
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
	int active = c->active > INT_MAX ? INT_MAX : (int)c->active;
	return caseload_can_assign(active, c->cap, NULL) == SC_ELIMIT;
}

const char *
case_contact_label(struct req *r, const struct contact_choice *c)
{
	if (case_contact_full(c))
		return arena_printf(r->a, T(r, "%s (%lld of %d, full)"), c->name, (long long)c->active,
				    c->cap);
	return arena_printf(r->a, T(r, "%s (%lld of %d)"), c->name, (long long)c->active, c->cap);
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

unsigned
case_participant_flags(struct req *r)
{
	bool demo = false;
	if (store_installation_is_demo(req_db(r), &demo) != SC_OK)
		demo = false;
	return demo ? PV_ALLOW_SYNTHETIC : 0;
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

bool
case_api_body(struct req *r, const char *const *known, int *rc)
{
	if (!json_is_object(r->json)) {
		*rc = api_error(r, 400, "bad_request", T(r, "Send a JSON object."), NULL);
		return false;
	}
	json_t *fields = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(r->json, key, v) {
		bool found = false;
		for (size_t i = 0; known[i] != NULL && !found; i++)
			found = strcmp(key, known[i]) == 0;
		if (!found)
			json_object_set_new(fields, key, json_string(T(r, "Unknown field.")));
	}
	if (json_object_size(fields) > 0) {
		*rc = api_error(r, 400, "unknown_fields", T(r, "The request has fields this resource does not know."),
				fields);
		return false;
	}
	json_decref(fields);
	return true;
}

char *
case_json_text(struct req *r, const char *key)
{
	json_t *v = json_object_get(r->json, key);
	if (v == NULL || json_is_null(v))
		return arena_strdup(r->a, "");
	if (json_is_string(v))
		return arena_strdup(r->a, json_string_value(v));
	if (json_is_integer(v))
		return arena_printf(r->a, "%lld", (long long)json_integer_value(v));
	if (json_is_boolean(v))
		return arena_strdup(r->a, json_is_true(v) ? "yes" : "no");
	return NULL;
}
