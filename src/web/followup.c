/*
 * followup.c — a participant's follow-up page (followup.h), drawn whole
 * here: the meeting log with the form to log a meeting, the follow-ups
 * after exit with the form to register each, and the referrals to health
 * staff with the form to refer. The page files meetings.c, tasks.c and
 * health.c answer the requests and show this page again when a form is
 * refused; this file calls none of them.
 */
#include "case.h"
#include "followup.h"
#include "form.h"
#include "resource.h"
#include "app/health.h"
#include "app/meeting.h"
#include "app/task.h"
#include "domain/followup.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

const struct field_ui meeting_ui[] = {
	{.key = "interpreter", .control = "checkbox"},
	{.key = "minutes", .rows = 5},
	{.key = "next_steps", .rows = 5},
	{0},
};

/* The form to log a meeting: today, in person, by default; what was
 * posted after a refused one (e). */
static void
meeting_form(struct req *r, const struct actor *actor, const struct participant_brief *p,
	     const struct form_errors *e)
{
	struct buf *o = &r->out;
	struct meeting blank;
	fields_clear(meeting_fields, &blank);
	blank.held_on = actor->today;
	blank.channel = MEETING_IN_PERSON;
	blank.interpreter = 0;
	html_lit(o, "<h2 id=\"log-meeting\">");
	html_text(o, T(r, "Log a meeting"));
	html_lit(o, "</h2>");
	form_error_summary(r, e);
	html_lit(o, "<form method=\"post\" action=\"/participants/");
	html_int(o, p->id);
	html_lit(o, "/meetings\" id=\"meeting-form\" novalidate>");
	form_csrf(r);
	form_fields(r, meeting_fields, &blank, e != NULL, meeting_ui, e);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Log meeting"));
	html_lit(o, "</button></form>");
}

/* latest_first: items[0] is the participant's latest meeting (the first
 * page), whose planned next meeting is the one that can be overdue. */
static void
meeting_table(struct req *r, const struct participant_brief *p, const struct meeting *items, size_t n,
	      bool latest_first, bool writer)
{
	struct buf *o = &r->out;
	const struct field *held_on = fields_find(meeting_fields, "held_on");
	const struct field *channel = fields_find(meeting_fields, "channel");
	const struct field *next = fields_find(meeting_fields, "next_meeting");
	html_lit(o, "<table id=\"meeting-list\"><thead><tr>");
	static const char *const heads[] = {N_("Date"), N_("Channel"), N_("Interpreter"), N_("Minutes"),
					    N_("Next steps"), N_("Next meeting"), N_("Logged by")};
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		html_lit(o, "<th scope=\"col\">");
		html_text(o, T(r, heads[i]));
		html_lit(o, "</th>");
	}
	if (writer) {
		html_lit(o, "<th scope=\"col\"><span class=\"visually-hidden\">");
		html_text(o, T(r, "Change"));
		html_lit(o, "</span></th>");
	}
	html_lit(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct meeting *m = &items[i];
		html_lit(o, "<tr id=\"meeting-");
		html_int(o, m->id);
		html_lit(o, "\"><td>");
		html_text(o, field_shown(r, held_on, m));
		html_lit(o, "</td><td>");
		html_text(o, field_shown(r, channel, m));
		html_lit(o, "</td><td>");
		html_text(o, m->interpreter > 0 ? T(r, "Yes") : T(r, "No"));
		html_lit(o, "</td><td>");
		html_lines(o, m->minutes);
		html_lit(o, "</td><td>");
		html_lines(o, m->next_steps);
		html_lit(o, "</td><td>");
		case_next_meeting(r, field_shown(r, next, m), latest_first && i == 0);
		html_lit(o, "</td><td>");
		html_text(o, m->author_name[0] ? m->author_name : "\xE2\x80\x94");
		html_lit(o, "</td>");
		if (writer) {
			/* the meeting's page: its form, its removal, its history */
			html_lit(o, "<td><a href=\"/participants/");
			html_int(o, p->id);
			html_lit(o, "/meetings/");
			html_int(o, m->id);
			html_lit(o, "\">");
			html_text(o, T(r, "Edit or remove"));
			html_lit(o, "<span class=\"visually-hidden\">: ");
			html_text(o, arena_printf(r->a, T(r, "the meeting on %s"), field_shown(r, held_on, m)));
			html_lit(o, "</span></a></td>");
		}
		html_lit(o, "</tr>");
	}
	html_lit(o, "</tbody></table>");
}

/* The meetings removed from the log: the day each was held, when, by whom
 * and why it was removed; what it said is kept in its history, not shown. */
static void
removed_table(struct req *r, const struct meeting_removed *items, size_t n)
{
	struct buf *o = &r->out;
	html_lit(o, "<h3 id=\"meetings-removed\">");
	html_text(o, T(r, "Removed from the log"));
	html_lit(o, "</h3>");
	page_table(r, "id=\"removed-list\" aria-labelledby=\"meetings-removed\"",
		   (const char *const[]){N_("Held on"), N_("Removed"), N_("By"), N_("Why"), NULL});
	for (size_t i = 0; i < n; i++) {
		html_lit(o, "<tr><td>");
		html_text(o, page_or_dash(items[i].held_on));
		html_lit(o, "</td><td>");
		html_text(o, page_moment(r, items[i].at));
		html_lit(o, "</td><td>");
		html_text(o, items[i].user_name[0] ? items[i].user_name : T(r, "Unknown"));
		html_lit(o, "</td><td>");
		html_text(o, items[i].reason);
		html_lit(o, "</td></tr>");
	}
	html_lit(o, "</tbody></table>");
}

/* ---- the follow-ups after exit (tasks.c registers them) ---- */

/* The id of a task form's field: "task-N-result" (one form per task on
 * the page). */
const char *
task_field_id(struct req *r, int64_t task_id, const char *key)
{
	return arena_printf(r->a, "task-%lld-%s", (long long)task_id, key);
}

/* A labelled input of a task's form, with the id of its form
 * (task_field_id()) and its error beside it. */
static void
task_input(struct req *r, const struct form_errors *e, int64_t task_id, const struct field *f,
	   const char *type, const char *value)
{
	struct buf *o = &r->out;
	const char *id = task_field_id(r, task_id, f->key);
	const char *err = form_error_for(e, id);
	form_field_open(o, err, id, T(r, f->label), false);
	if (f->hint != NULL) {
		html_lit(o, "<p class=\"hint\" id=\"");
		html_text(o, id);
		html_lit(o, "-hint\">");
		html_text(o, T(r, f->hint));
		html_lit(o, "</p>");
	}
	html_lit(o, "<input id=\"");
	html_text(o, id);
	html_lit(o, "\" name=\"");
	html_text(o, f->key);
	html_lit(o, "\" type=\"");
	html_text(o, type);
	html_lit(o, "\" value=\"");
	html_text(o, value != NULL ? value : "");
	html_lit(o, "\"");
	if (err == NULL && f->hint != NULL) {
		html_lit(o, " aria-describedby=\"");
		html_text(o, id);
		html_lit(o, "-hint\"");
	}
	form_field_attrs(o, err, id);
	html_lit(o, ">");
	form_field_close(o, err, id);
}

/* The form to register an open task, from the declared result and note;
 * what was posted after a refused one (e). */
static void
task_form(struct req *r, const struct task *t, const struct form_errors *e)
{
	struct buf *o = &r->out;
	const struct field *result = fields_find(task_fields, "result");
	const struct field *note = fields_find(task_fields, "note");
	const char **keys = arena_alloc(r->a, sizeof *keys * (result->noptions + 1));
	const char **labels = arena_alloc(r->a, sizeof *labels * (result->noptions + 1));
	if (keys == NULL || labels == NULL)
		return;
	for (size_t i = 0; i < result->noptions; i++) {
		keys[i] = result->options[i].key;
		labels[i] = result->options[i].label;
	}
	html_lit(o, "<form method=\"post\" action=\"/tasks/");
	html_int(o, t->id);
	html_lit(o, "/done\" id=\"task-");
	html_int(o, t->id);
	html_lit(o, "-form\" novalidate>");
	form_csrf(r);
	form_select(r, e, task_field_id(r, t->id, result->key), result->key, T(r, result->label), keys, labels,
		    result->noptions, e ? req_field(r, result->key) : "", N_("Choose…"));
	task_input(r, e, t->id, fields_find(task_fields, "part_time_percent"), "number",
		   e ? req_field(r, "part_time_percent") : "");
	const struct field *source = fields_find(task_fields, "source");
	const char *skeys[8], *slabels[8];
	for (size_t i = 0; i < source->noptions && i < 8; i++) {
		skeys[i] = source->options[i].key;
		slabels[i] = source->options[i].label;
	}
	form_select(r, e, task_field_id(r, t->id, source->key), source->key, T(r, source->label), skeys, slabels,
		    source->noptions, e ? req_field(r, source->key) : "", N_("Choose…"));
	task_input(r, e, t->id, fields_find(task_fields, "result_on"), "date", e ? req_field(r, "result_on") : "");
	form_textarea(r, e, task_field_id(r, t->id, note->key), note->key, T(r, note->label),
		      e ? req_field(r, note->key) : "", false, 5, FIELD_TEXT_MAX);
	html_lit(o, "<button type=\"submit\">");
	html_text(o, T(r, "Register follow-up"));
	html_lit(o, "</button></form>");
}

/* The follow-ups after exit: a card per task, the form to register the
 * open ones for whoever writes the follow-up. */
static void
tasks_section(struct req *r, const struct actor *actor, const struct participant_brief *p,
	      const struct task *tasks, size_t n, const struct followup_view *v)
{
	struct buf *o = &r->out;
	bool can_write = case_allows(r, p, PART_BIT(PART_FOLLOWUP), ACT_WRITE);
	const struct field *kind = fields_find(task_fields, "kind");
	const struct field *due_on = fields_find(task_fields, "due_on");
	const struct field *done_on = fields_find(task_fields, "done_on");
	const struct field *result = fields_find(task_fields, "result");
	html_lit(o, "<section aria-labelledby=\"tasks\"><h2 id=\"tasks\">");
	html_text(o, T(r, "Follow-ups after exit"));
	html_lit(o, "</h2>");
	if (v->task_errors != NULL)
		form_error_summary(r, v->task_errors);
	html_lit(o, "<div class=\"cards\">");
	for (size_t i = 0; i < n; i++) {
		const struct task *t = &tasks[i];
		bool done = field_given(done_on, t);
		html_lit(o, "<article class=\"card\" id=\"task-");
		html_int(o, t->id);
		html_lit(o, "\"><h3>");
		html_text(o, field_shown(r, kind, t));
		html_lit(o, "</h3><p>");
		html_text(o, T(r, "Due"));
		html_lit(o, " ");
		html_text(o, field_shown(r, due_on, t));
		if (t->assignee_name[0]) {
			html_lit(o, " \xC2\xB7 ");
			html_text(o, T(r, "Assigned to"));
			html_lit(o, " ");
			html_text(o, t->assignee_name);
		}
		if (!done && field_given(due_on, t) &&
		    followup_due_state(t->due_on, false, actor->today, 0) == FOLLOWUP_OVERDUE) {
			html_lit(o, " <span class=\"overdue\">");
			html_text(o, T(r, "Overdue"));
			html_lit(o, "</span>");
		}
		html_lit(o, "</p>");
		if (done) {
			html_lit(o, "<p><strong>");
			html_text(o, field_shown(r, result, t));
			if (t->part_time_percent != FIELD_NONE)
				html_text(o, arena_printf(r->a, " (%lld %%)", (long long)t->part_time_percent));
			html_lit(o, "</strong>");
			const struct field *result_on = fields_find(task_fields, "result_on");
			const struct field *source = fields_find(task_fields, "source");
			if (field_given(result_on, t)) {
				html_lit(o, " \xC2\xB7 ");
				html_text(o, T(r, result_on->label));
				html_lit(o, " ");
				html_text(o, field_shown(r, result_on, t));
			}
			if (field_given(source, t)) {
				html_lit(o, " \xC2\xB7 ");
				html_text(o, T(r, source->label));
				html_lit(o, ": ");
				html_text(o, field_shown(r, source, t));
			}
			html_lit(o, " \xC2\xB7 ");
			html_text(o, T(r, "Registered"));
			html_lit(o, " ");
			html_text(o, field_shown(r, done_on, t));
			if (t->done_by_name[0]) {
				html_lit(o, " ");
				html_text(o, T(r, "by"));
				html_lit(o, " ");
				html_text(o, t->done_by_name);
			}
			html_lit(o, "</p>");
			if (t->note[0]) {
				html_lit(o, "<p>");
				html_lines(o, t->note);
				html_lit(o, "</p>");
			}
		} else if (can_write && v->task_id != t->id && task_earlier_open(t, tasks, n)) {
			/* registered after the 6-month one: no form until then */
			html_lit(o, "<p class=\"muted\" id=\"task-");
			html_int(o, t->id);
			html_lit(o, "-waits\">");
			html_text(o, T(r, "Register the 6-month follow-up first: the 12-month follow-up comes after it."));
			html_lit(o, "</p>");
		} else if (can_write) {
			task_form(r, t, v->task_id == t->id ? v->task_errors : NULL);
		}
		html_lit(o, "</article>");
	}
	html_lit(o, "</div></section>");
}

/* ---- the referrals to health staff (health.c makes and ends them) ---- */

/* The referrals to health staff, each open one with a button to end it,
 * and the form to refer (e: its errors after a refused referral). */
static int
health_referrals_section(struct req *r, const struct actor *actor, const struct participant_brief *p,
			 const struct form_errors *e)
{
	struct db *db = req_db(r);
	struct health_referral *items = NULL;
	size_t n = 0;
	struct outcome out;
	int rc = app_health_referrals(db, r->a, actor, p->id, &items, &n, &out);
	if (rc != SC_OK)
		return rc;
	struct user *workers = NULL;
	size_t nworkers = 0;
	bool can_write = case_allows(r, p, PART_BIT(PART_FOLLOWUP), ACT_WRITE);
	if (can_write) {
		rc = app_health_workers(db, r->a, actor, &workers, &nworkers);
		if (rc != SC_OK)
			return rc;
	}
	const struct field *referred_on = fields_find(health_referral_fields, "referred_on");
	const struct field *ended_on = fields_find(health_referral_fields, "ended_on");
	struct buf *o = &r->out;
	html_lit(o, "<section aria-labelledby=\"health-referrals\"><h2 id=\"health-referrals\">");
	html_text(o, T(r, "Referrals to health staff"));
	html_lit(o, "</h2><p class=\"muted\">");
	html_text(o, T(r, "A health worker sees a participant, and can write health notes, only while the participant is referred to them; afterwards they read only the notes they wrote."));
	html_lit(o, "</p>");
	if (n == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "Not referred to anyone."));
		html_lit(o, "</p>");
	} else {
		page_table(r, "id=\"referral-list\"",
			   (const char *const[]){N_("Health worker"), N_("Referred"), N_("Reason"), N_("Ended"), NULL});
		for (size_t i = 0; i < n; i++) {
			const struct health_referral *h = &items[i];
			html_lit(o, "<tr><td>");
			html_text(o, h->health_name);
			html_lit(o, "</td><td>");
			html_text(o, field_shown(r, referred_on, h));
			html_lit(o, "</td><td>");
			html_lines(o, h->reason);
			html_lit(o, "</td><td>");
			if (field_given(ended_on, h)) {
				html_text(o, field_shown(r, ended_on, h));
			} else if (can_write) {
				html_lit(o, "<form method=\"post\" action=\"/participants/");
				html_int(o, p->id);
				html_lit(o, "/health-referrals/");
				html_int(o, h->id);
				html_lit(o, "/end\">");
				form_csrf(r);
				html_lit(o, "<button type=\"submit\" class=\"secondary\">");
				html_text(o, T(r, "End referral"));
				html_lit(o, "</button></form>");
			} else {
				html_text(o, T(r, "Open"));
			}
			html_lit(o, "</td></tr>");
		}
		html_lit(o, "</tbody></table>");
	}
	if (can_write) {
		/* The health workers to choose from: their names are people's,
		 * not msgids. */
		const char **keys = arena_alloc(r->a, sizeof *keys * (nworkers + 1));
		const char **labels = arena_alloc(r->a, sizeof *labels * (nworkers + 1));
		if (keys == NULL || labels == NULL)
			return SC_ENOMEM;
		for (size_t i = 0; i < nworkers; i++) {
			keys[i] = case_id(r, workers[i].id);
			labels[i] = workers[i].display_name;
		}
		const struct field_ui ui[] = {
			{.key = "health_id", .choice_keys = keys, .choice_labels = labels, .nchoices = nworkers},
			{.key = "reason", .rows = 3},
			{0},
		};
		struct health_referral blank;
		fields_clear(health_referral_fields, &blank);
		blank.referred_on = actor->today;
		if (e != NULL)
			form_error_summary(r, e);
		html_lit(o, "<form method=\"post\" action=\"/participants/");
		html_int(o, p->id);
		html_lit(o, "/health-referrals\" id=\"referral-form\" novalidate><h3>");
		html_text(o, T(r, "Refer to a health worker"));
		html_lit(o, "</h3>");
		form_csrf(r);
		form_fields(r, health_referral_fields, &blank, e != NULL, ui, e);
		html_lit(o, "<button type=\"submit\">");
		html_text(o, T(r, "Refer"));
		html_lit(o, "</button></form>");
	}
	html_lit(o, "</section>");
	return SC_OK;
}

/* ---- the page ---- */

int
followup_page(struct req *r, const struct actor *actor, int64_t participant_id, const struct followup_view *v)
{
	struct db *db = req_db(r);
	struct participant_brief p;
	struct meeting *items = NULL;
	size_t n = 0;
	int64_t total = 0;
	struct outcome out;
	struct meeting_removed *removed = NULL;
	size_t nremoved = 0;
	int64_t per_page = v->per_page > 0 ? v->per_page : MEETINGS_PER_PAGE;
	int rc = app_meetings(db, r->a, actor, participant_id, v->page, per_page, &p, &items, &n, &total, &removed,
			      &nremoved, &out);
	if (rc != SC_OK)
		return rc;
	if (out.refusal != DONE)
		return req_error(r, outcome_status(&out), NULL);
	const char *path = arena_printf(r->a, "/participants/%lld/meetings", (long long)p.id);
	if (!req_page_exists(r, path, "", v->page, total, per_page, &rc))
		return rc;
	struct task *tasks = NULL;
	size_t ntasks = 0;
	rc = app_tasks(db, r->a, actor, p.id, &tasks, &ntasks, &out);
	if (rc != SC_OK)
		return rc;

	page_begin(r, arena_printf(r->a, "%s \xE2\x80\x93 %s", T(r, "Follow-up"),
				   case_name(r, p.given_name, p.family_name)));
	struct buf *o = &r->out;
	case_header(r, &p, "meetings");
	if (v->notice != NULL) {
		html_lit(o, "<p class=\"error-box\" role=\"alert\">");
		html_text(o, v->notice);
		html_lit(o, "</p>");
	}
	/* After the exit the follow-ups are what is left to do: show them first. */
	bool exited = p.status != NULL && strcmp(p.status, "exited") == 0;
	if (exited && ntasks > 0)
		tasks_section(r, actor, &p, tasks, ntasks, v);
	if (case_allows(r, &p, PART_BIT(PART_FOLLOWUP), ACT_WRITE))
		meeting_form(r, actor, &p, v->meeting_errors);

	html_lit(o, "<section aria-labelledby=\"meetings\"><h2 id=\"meetings\">");
	html_text(o, T(r, "Meetings and contacts"));
	html_lit(o, "</h2>");
	if (total == 0) {
		html_lit(o, "<p>");
		html_text(o, T(r, "No meetings have been logged yet."));
		html_lit(o, "</p>");
	} else {
		page_muted(r, arena_printf(r->a, trn(r->lang, "%lld meeting", "%lld meetings", (unsigned long)total),
					  (long long)total));
		meeting_table(r, &p, items, n, v->page == 1, case_allows(r, &p, PART_BIT(PART_FOLLOWUP), ACT_WRITE));
		page_pager(r, path, "", v->page, total, per_page);
	}
	if (nremoved > 0)
		removed_table(r, removed, nremoved);
	html_lit(o, "</section>");
	if (!exited && ntasks > 0)
		tasks_section(r, actor, &p, tasks, ntasks, v);
	rc = health_referrals_section(r, actor, &p, v->referral_errors);
	if (rc != SC_OK)
		return rc;
	return page_end(r);
}
