/*
 * internships_parts.c — what the internship area's page files share
 * (internships_parts.h): the answer to a refused command, a placement's
 * status, period and JSON, the tables of placements and of agreements.
 * It calls none of those files, so each of them stands on it alone.
 */
#include "case.h"
#include "internships_parts.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

int
internships_refused(struct req *r, const struct outcome *out, struct form_errors *e, struct fields fs)
{
	outcome_form_errors(r, out, e);
	form_errors_order(e, fs);
	return answer_refused_json(r, out, e);
}

bool
placement_input(struct req *r, const struct actor *actor, int64_t id, struct fields fs, void *in,
		struct placement *p, struct form_errors *e, int *rc)
{
	struct outcome out;
	*rc = app_placement_load(req_db(r), r->a, actor, id, ACT_WRITE, p, &out);
	if (*rc != SC_OK)
		return false;
	if (out.refusal != DONE) {
		*rc = req_error(r, outcome_status(&out), outcome_message(r, &out));
		return false;
	}
	fields_clear(fs, in);
	return input_read(r, fs, in, NULL, e, rc);
}

const char *
placement_status_label(struct req *r, const struct placement *p)
{
	return p->status >= 0 && p->status < PLACEMENT_STATUS_COUNT ? T(r, placement_status_options[p->status].label)
								    : "";
}

const char *
placement_period_text(struct req *r, const struct placement *p)
{
	if (p->starts_on.y == 0 && p->ends_on.y == 0)
		return "";
	return arena_printf(r->a, "%s \xE2\x80\x93 %s", p->starts_on.y ? case_date_text(r, p->starts_on) : "?",
			    p->ends_on.y ? case_date_text(r, p->ends_on) : "?");
}

const char *
placement_schedule_text(struct req *r, const char *canonical)
{
	struct slot slots[SCHEDULE_MAX_SLOTS];
	size_t n = 0;
	char again[SCHEDULE_TEXT_MAX];
	if (canonical == NULL || canonical[0] == '\0' || schedule_parse(canonical, slots, &n, again) != NULL)
		return canonical;   /* none, or not one the program wrote: as kept */
	const char *text = "";
	for (size_t i = 0; i < n && text != NULL; i++) {
		const char *day = slots[i].weekday >= 1 && slots[i].weekday <= 7 ? T(r, schedule_day_labels[slots[i].weekday]) : "";
		text = arena_printf(r->a, "%s%s%s %02d:%02d-%02d:%02d", text, i ? ", " : "", day, slots[i].start / 60,
				    slots[i].start % 60, slots[i].end / 60, slots[i].end % 60);
	}
	return text != NULL ? text : canonical;
}

json_t *
placement_json(const struct placement *p)
{
	return record_json(placement_fields, p, PARTS_ALL);
}

void
placement_evaluations_cell(struct req *r, int64_t id, const struct placement_evaluation *items, size_t n)
{
	struct buf *o = &r->out;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (items[i].placement_id != id || items[i].kind < 0 || items[i].kind >= EVAL_KIND_COUNT)
			continue;
		if (any)
			html_lit(o, "<br>");
		any = true;
		html_lit(o, "<a href=\"/placements/");
		html_int(o, id);
		html_lit(o, "/evaluations\">");
		html_text(o, arena_printf(r->a, "%s, %s", T(r, evaluation_kind_options[items[i].kind].label),
					  case_date_text(r, items[i].evaluated_on)));
		html_lit(o, "</a>");
	}
	if (!any)
		html_text(o, "\xE2\x80\x94");
}

json_t *
placement_evaluations_json(int64_t id, const struct placement_evaluation *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		if (items[i].placement_id == id)
			json_array_append_new(arr, record_json(placement_evaluation_fields, &items[i], PARTS_ALL));
	return arr;
}

json_t *
placement_with_evaluations_json(const struct placement *p, const struct placement_evaluation *items, size_t n)
{
	json_t *j = placement_json(p);
	json_object_set_new(j, "evaluations", placement_evaluations_json(p->id, items, n));
	return j;
}

void
placements_table(struct req *r, const char *id, const struct placement_list *pl, bool employer_column)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"");
	html_text(o, id);
	html_lit(o, "\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, employer_column ? "Participant" : "Employer"));
	html_lit(o, "</th>");
	if (employer_column) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, "Employer"));
		html_lit(o, "</th>");
	}
	html_lit(o, "<th scope=\"col\">");
	html_text(o, T(r, "Period"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Status"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < pl->n; i++) {
		const struct placement *p = &pl->items[i];
		html_lit(o, "<tr><td><a href=\"/placements/");
		html_int(o, p->id);
		html_lit(o, "\">");
		html_text(o, employer_column ? case_name(r, p->given_name, p->family_name) : p->employer_name);
		html_lit(o, "</a></td>");
		if (employer_column) {
			html_lit(o, "<td>");
			html_text(o, p->employer_name);
			html_lit(o, "</td>");
		}
		html_lit(o, "<td>");
		html_text(o, page_or_dash(placement_period_text(r, p)));
		html_lit(o, "</td><td>");
		html_text(o, placement_status_label(r, p));
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

void
agreements_table(struct req *r, const struct agreement *items, size_t n)
{
	struct buf *o = &r->out;
	html_lit(o, "<table id=\"agreement-list\"><thead><tr><th scope=\"col\">");
	html_text(o, T(r, "Name"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Agreement with"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Period"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Places"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Used"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Planned"));
	html_lit(o, "</th><th scope=\"col\">");
	html_text(o, T(r, "Free"));
	html_lit(o, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct agreement *ag = &items[i];
		html_lit(o, "<tr><td><a href=\"/agreements/");
		html_int(o, ag->id);
		html_lit(o, "\">");
		html_text(o, ag->name);
		html_lit(o, "</a></td><td>");
		html_text(o, ag->party);
		html_lit(o, "</td><td>");
		html_text(o, arena_printf(r->a, "%s \xE2\x80\x93 %s", case_date_text(r, ag->starts_on),
					  case_date_text(r, ag->ends_on)));
		html_lit(o, "</td><td>");
		html_int(o, ag->places);
		html_lit(o, "</td><td>");
		html_int(o, ag->used);
		html_lit(o, "</td><td>");
		html_int(o, ag->planned);
		html_lit(o, "</td><td>");
		html_int(o, ag->free);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}
