/*
 * plans_parts.c — what the work plan's pages share (plans_parts.h).
 */
#include "plans_parts.h"
#include "case.h"
#include "form.h"
#include "app/plan.h"
#include "util/arena.h"
#include "util/timeutil.h"

const char *
plan_when_text(struct req *r, int64_t t)
{
	char s[20];
	time_format_local(t, s, sizeof s);
	return arena_strdup(r->a, s);
}

const char *
plan_path(struct req *r, int64_t participant_id, const char *suffix)
{
	return arena_printf(r->a, "/participants/%lld/plan%s", (long long)participant_id, suffix);
}

/* A value that may be missing: a dash when it is. */
void
plan_date_cell(struct buf *o, const char *d)
{
	if (d != NULL && *d != '\0')
		html_text(o, d);
	else
		html_lit(o, "\xE2\x80\x94");
}

/* A field's value as text, "" when not given. */
const char *
plan_value_text(struct req *r, const struct field *f, const void *rec)
{
	const char *v = field_text(f, rec, r->a);
	return v != NULL ? v : "";
}

bool
plan_is_input(const struct field *f)
{
	return !(f->flags & FF_OUT);
}

/* The plan's text as a description list (read only, and old versions). */
void
plan_dl(struct req *r, const struct work_plan *wp)
{
	struct buf *o = &r->out;
	html_lit(o, "<dl class=\"record\">");
	for (size_t i = 0; i < work_plan_fields.n; i++) {
		const struct field *f = &work_plan_fields.f[i];
		if (!plan_is_input(f))
			continue;
		html_lit(o, "<dt>");
		html_text(o, T(r, f->label));
		html_lit(o, "</dt><dd>");
		if (f->type == FT_DATE)
			plan_date_cell(o, plan_value_text(r, f, wp));
		else
			html_text(o, plan_value_text(r, f, wp));
		html_lit(o, "</dd>");
	}
	html_lit(o, "</dl>");
}

void
plan_not_enrolled(struct req *r)
{
	html_lit(&r->out, "<p class=\"notice\" id=\"not-enrolled\">");
	html_text(&r->out, T(r, plan_reason_not_enrolled));
	html_lit(&r->out, "</p>");
}
