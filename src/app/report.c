/*
 * report.c — the reports' queries and the programme's costs; see report.h.
 */
#include "app/report.h"

#include "domain/access.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

static const char *const attendance_cols[] = {N_("Sessions"), N_("Attended"), N_("Unexcused"), N_("People")};
static const char *const attendance_keys[] = {"by_group", "by_type", "by_month"};
static const char *const attendance_titles[] = {N_("By group"), N_("By activity type"), N_("By month")};
static const char *const internship_cols[] = {N_("Started"), N_("Completed"), N_("Ended early"),
					      N_("Converted to a job")};
static const char *const internship_keys[] = {"by_industry", "by_employer"};
static const char *const internship_titles[] = {N_("By industry"), N_("By employer")};
static const char *const norwegian_cols[] = {N_("Listening"), N_("Reading"), N_("Speaking"), N_("Writing")};
static const char *const norwegian_keys[] = {"norwegian"};
static const char *const norwegian_titles[] = {N_("Mean CEFR steps gained per person")};
static const char *const money_cols[] = {N_("Benefits paid before tax (kr)"),
					 N_("Paid per participant before tax (kr)"),
					 N_("Participants"), N_("Tax withheld (kr)"), N_("Recovery outstanding (kr)")};

const struct report_def app_reports[] = {
	{"results", N_("Results"), N_("Completers and non-completers; in work or education at exit, 6 and 12 months."),
	 SRC_PERIODS, report_results, NULL, NULL, 0, NULL, NULL, 0,
	 REPORT_GROUPED | REPORT_GROUP_EXITS | REPORT_GROUP_EXIT_DAY, NULL, RF_ALL},
	{"time-to-work", N_("Time to work"), N_("Days from start to the first job: median and quartiles, by cohort."),
	 SRC_PERIODS, report_time_to_work, NULL, NULL, 0, NULL, NULL, 0, REPORT_GROUPED | REPORT_GROUP_JOB, NULL,
	 RF_ALL & ~RF_EXIT_YEAR},   /* periods by their start */
	{"intake", N_("Intake"), N_("Referrals by source, screening, the waiting list over time, the wait to start."),
	 SRC_INTAKE, NULL, NULL, NULL, 0, NULL, NULL, 0, 0, NULL, RF_ALL & ~(RF_EXIT_YEAR | RF_SCHEME)},
	{"caseloads", N_("Caseloads"), N_("Participants per contact person against the cap, and over time."),
	 SRC_CASELOADS, NULL, NULL, NULL, 0, NULL, NULL, 0, 0, NULL,
	 RF_ALL & ~(RF_PERIOD | RF_EXIT_YEAR)},   /* today and the 12 months to it */
	/* reports of the other areas, by their store queries */
	{"attendance", N_("Attendance"), N_("Attendance rate and unexcused share by group, activity type and month."),
	 SRC_ATTENDANCE, NULL, NULL, attendance_cols, 4, attendance_keys, attendance_titles, 3, 0, NULL, RF_ALL},
	{"internships", N_("Internships"), N_("Placements started, completed, ended early, converted to a job."),
	 SRC_AREA, NULL, store_report_internships, internship_cols, 4, internship_keys, internship_titles, 2, 0, NULL,
	 RF_ALL},
	{"norwegian", N_("Norwegian"), N_("CEFR steps gained per skill per year in the programme."), SRC_AREA, NULL,
	 store_report_norwegian, norwegian_cols, 4, norwegian_keys, norwegian_titles, 1, 0,
	 N_("Each figure is the mean number of CEFR steps (A1, A2, B1, B2, C1) a person gained in a skill in the "
	    "year (the last level of the year less the level before it), with the number of people beside it. A "
	    "person assessed only once is not counted."), RF_ALL},
	{"money", N_("Money"), N_("Benefits paid per month and per participant, tax withheld, recovery outstanding."),
	 SRC_AREA, NULL, store_report_money, money_cols, 5, NULL, NULL, 0, 0, NULL, RF_ALL},
	{0},
};

const size_t app_nreports = sizeof app_reports / sizeof app_reports[0] - 1;

const struct report_def *
app_report_def(const char *key)
{
	for (size_t i = 0; key != NULL && i < app_nreports; i++)
		if (strcmp(app_reports[i].key, key) == 0)
			return &app_reports[i];
	return NULL;
}

bool
app_report_own_only(const struct actor *actor)
{
	return access_scope(actor->roles, RES_REPORTS, ACT_READ) == SCOPE_OWN;
}

bool
app_report_national(const struct actor *actor)
{
	return access_allows(actor->roles, RES_CENTRES, ACT_READ);
}

int
app_report_countries(struct db *db, struct arena *a, const struct actor *actor, int64_t centre,
		     const char ***items, size_t *n)
{
	return store_report_countries(db, a, app_report_national(actor) ? centre : actor->centre_id, items, n);
}

int
app_report_periods(struct db *db, struct arena *a, const struct actor *actor, const struct report_filter *f,
		   struct report_period **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	size_t cap = 0;
	if (!app_report_national(actor) || f->centre_id != 0)
		return store_report_periods(db, a, f->centre_id != 0 ? f->centre_id : actor->centre_id, rows, n,
					    &cap);
	/* every centre, one after the other: each statement names its centre */
	struct centre *centres;
	size_t nc;
	int rc = store_centre_list(db, a, &centres, &nc);
	for (size_t i = 0; rc == SC_OK && i < nc; i++)
		rc = store_report_periods(db, a, centres[i].id, rows, n, &cap);
	return rc;
}

int
app_report_groups(struct db *db, struct arena *a, const struct actor *actor, const struct report_filter *f,
		  unsigned what, struct report_period **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	size_t cap = 0;
	if (!app_report_national(actor) || f->centre_id != 0)
		return store_report_period_groups(db, a, f->centre_id != 0 ? f->centre_id : actor->centre_id, f,
						  what, rows, n, &cap);
	struct centre *centres;
	size_t nc;
	int rc = store_centre_list(db, a, &centres, &nc);
	for (size_t i = 0; rc == SC_OK && i < nc; i++)
		rc = store_report_period_groups(db, a, centres[i].id, f, what, rows, n, &cap);
	return rc;
}

/* As app_report_groups(), with the periods' days summed
 * (store_report_period_sums()). */
static int
report_sums(struct db *db, struct arena *a, const struct actor *actor, const struct report_filter *f,
	    struct report_period **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	size_t cap = 0;
	if (!app_report_national(actor) || f->centre_id != 0)
		return store_report_period_sums(db, a, f->centre_id != 0 ? f->centre_id : actor->centre_id, f,
						actor->today, rows, n, &cap);
	struct centre *centres;
	size_t nc;
	int rc = store_centre_list(db, a, &centres, &nc);
	for (size_t i = 0; rc == SC_OK && i < nc; i++)
		rc = store_report_period_sums(db, a, centres[i].id, f, actor->today, rows, n, &cap);
	return rc;
}

int
app_report_verify(struct db *db, struct arena *a, struct report_verify **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct centre *cs;
	size_t nc;
	int rc = store_centre_list(db, a, &cs, &nc);
	if (rc != SC_OK)
		return rc;
	struct report_verify *v = arena_alloc(a, sizeof *v * (nc > 0 ? nc : 1));
	if (v == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; rc == SC_OK && i < nc; i++) {
		v[i].centre_id = cs[i].id;
		v[i].name = cs[i].name;
		rc = store_report_facts_verify(db, cs[i].id, &v[i].missing, &v[i].extra);
		if (rc == SC_OK)
			rc = store_report_intake_verify(db, cs[i].id, &v[i].intake_missing, &v[i].intake_extra);
		if (rc == SC_OK)
			rc = store_report_caseload_verify(db, cs[i].id, &v[i].caseload_missing, &v[i].caseload_extra);
		if (rc == SC_OK)
			rc = store_report_attendance_verify(db, cs[i].id, &v[i].attendance_missing,
							    &v[i].attendance_extra);
		if (rc == SC_OK)
			rc = store_caseload_overview_verify(db, cs[i].id, &v[i].overview_missing, &v[i].overview_extra);
	}
	*items = v;
	*n = nc;
	return rc;
}

/*
 * Caseloads' changes of one centre where the store keeps none for f
 * (store_report_caseload_changes() is SC_EINVAL: a scheme, or a schooling
 * band with an age band or a country; every change counted in SQL took
 * 3.5-4.8 s at a million, these rows 2 s): from every period that passes f
 * and its participant's assignments, as before migration 31, appended to
 * *ch (room for *cap).
 */
static int
caseload_changes_of_rows(struct db *db, struct arena *a, int64_t centre, const struct report_filter *f,
			 struct report_change **ch, size_t *n, size_t *cap)
{
	struct report_period *p = NULL;
	size_t np = 0, room = 0;
	int rc = store_report_periods(db, a, centre, &p, &np, &room);
	struct report_assignment *as = NULL;
	size_t na = 0;
	if (rc == SC_OK)
		rc = store_report_assignments(db, a, centre, &as, &na);
	if (rc != SC_OK)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < np; i++)
		if (report_period_matches(f, &p[i]))
			p[k++] = p[i];
	struct report_change *more = NULL;
	size_t nmore = 0;
	rc = report_caseload_changes(p, k, as, na, a, &more, &nmore);
	if (rc != SC_OK || nmore == 0)
		return rc;
	if (*n + nmore > *cap) {
		struct report_change *g = arena_alloc(a, sizeof *g * (*n + nmore));
		if (g == NULL)
			return SC_ENOMEM;
		if (*n > 0)
			memcpy(g, *ch, sizeof *g * *n);
		*ch = g;
		*cap = *n + nmore;
	}
	memcpy(*ch + *n, more, sizeof *more * nmore);
	*n += nmore;
	return SC_OK;
}

/* Intake or Caseloads: the periods and the report's own rows of each centre
 * the actor reads under f (none when nothing passes it), then the
 * counting. */
static int
report_of_centres(struct db *db, struct arena *a, const struct actor *actor, enum report_source src,
		  const struct report_filter *f, bool nothing, struct report *rep)
{
	struct centre *cs = NULL;
	size_t nc = 1;
	int rc = SC_OK;
	int64_t one = f->centre_id != 0 ? f->centre_id : actor->centre_id;
	if (app_report_national(actor) && f->centre_id == 0)
		rc = store_centre_list(db, a, &cs, &nc);
	struct report_period *rows = NULL;
	size_t n = 0, room = 0;
	struct report_referral *refs = NULL;
	size_t nr = 0, rroom = 0;
	struct report_change *changes = NULL;
	struct report_contact *contacts = NULL;
	size_t nch = 0, chroom = 0, ncontacts = 0;
	for (size_t i = 0; rc == SC_OK && i < nc; i++) {
		int64_t centre = cs != NULL ? cs[i].id : one;
		/* Intake counts the wait from referral to start by the days kept */
		if (src == SRC_INTAKE)
			rc = store_report_period_groups(db, a, centre, f, REPORT_GROUP_WAIT, &rows, &n, &room);
		else if (nc == 1 && !nothing) /* Caseloads: today's by contact person, and the changes (kept, migration 31) */
			rc = store_report_caseload_now(db, a, centre, f, actor->today, &rows, &n, &room);
		if (rc == SC_OK && src == SRC_INTAKE) {
			/* the referrals counted together (intake_facts) */
			struct date ends[12];
			report_month_ends(report_intake_until(f, actor->today), ends);
			rc = store_report_referral_groups(db, a, centre, f, ends[0], ends[11], &refs, &nr, &rroom);
		}
		/* the changes kept, or where the store keeps none for f, the rows */
		if (rc == SC_OK && src == SRC_CASELOADS && !nothing) {
			rc = store_report_caseload_changes(db, a, centre, f, actor->today, &changes, &nch, &chroom);
			if (rc == SC_EINVAL)
				rc = caseload_changes_of_rows(db, a, centre, f, &changes, &nch, &chroom);
		}
		if (rc == SC_OK && src == SRC_CASELOADS && nc == 1)
			rc = store_report_contacts(db, a, centre, &contacts, &ncontacts);
	}
	if (rc != SC_OK)
		return rc;
	if (src == SRC_INTAKE)
		return report_intake(rows, n, refs, nr, f, actor->today, a, rep);
	/* across centres the caseloads are per centre's people: the national
	 * analyst chooses a centre to see them */
	if (app_report_own_only(actor)) {
		/* one's own caseload: one's own line */
		size_t k = 0;
		for (size_t i = 0; i < ncontacts; i++)
			if (contacts[i].id == actor->user_id)
				contacts[k++] = contacts[i];
		ncontacts = k;
	}
	return report_caseloads(rows, n, changes, nch, contacts, ncontacts, f, actor->today, a, rep);
}

/* The charts of the other areas' reports (issue 12 §2), by report and
 * table key: Attendance's rate by month as a line, the placements by
 * industry and the steps gained per skill as groups of bars, the benefits
 * paid per month as bars. A table not named has none (by employer: a
 * hundred rows). */
static const struct area_chart {
	const char *report, *table;
	enum report_chart chart;
	size_t col;
} area_charts[] = {
	{"attendance", "by_month", CHART_LINE, 1},
	{"internships", "by_industry", CHART_GROUPED, 0},
	{"norwegian", "norwegian", CHART_GROUPED, 0},
	{"money", "money", CHART_BAR, 0},
};

static void
area_chart_set(const struct report_def *def, struct report_table *t)
{
	for (size_t i = 0; i < sizeof area_charts / sizeof area_charts[0]; i++)
		if (strcmp(area_charts[i].report, def->key) == 0 && strcmp(area_charts[i].table, t->key) == 0) {
			t->chart = area_charts[i].chart;
			t->chart_col = area_charts[i].col;
		}
}

/* The tables of an area's report from its store rows (by the rows' table). */
static int
area_tables(struct arena *a, const struct report_def *def, const struct report_area_row *rows, size_t n,
	    struct report *rep)
{
	size_t ntables = def->ntables > 0 ? def->ntables : 1;
	for (size_t g = 0, i = 0; g < ntables; g++) {
		size_t first = i;
		while (i < n && (def->ntables == 0 || (size_t)rows[i].table == g))
			i++;
		struct report_table *t = report_table_new(rep, a, def->ntables ? def->table_keys[g] : def->key,
							  def->ntables ? def->table_titles[g] : def->title,
							  def->cols, def->ncols, i - first, false);
		if (t == NULL)
			return SC_ENOMEM;
		area_chart_set(def, t);
		t->rows_nb = arena_alloc(a, sizeof *t->rows_nb * (i - first + 1));
		t->rows_tr = arena_alloc(a, sizeof *t->rows_tr * (i - first + 1));
		if (t->rows_nb == NULL || t->rows_tr == NULL)
			return SC_ENOMEM;
		for (size_t k = first; k < i; k++) {
			t->rows[k - first] = rows[k].label;
			t->rows_nb[k - first] = rows[k].label_nb;
			t->rows_tr[k - first] = rows[k].label_msgid;
			for (size_t c = 0; c < def->ncols && c < REPORT_AREA_COLS; c++)
				*report_at(t, k - first, c) = rows[k].cell[c];
		}
	}
	return SC_OK;
}

/*
 * The total rows (issue 12 §2): the tables whose rows add up, and how each
 * column does. Internships' placements and conversions of the industries
 * or employers; Attendance's sessions and marks (people are counted once
 * across groups, types and months, so not summed; the groups only when
 * all are listed); the caseloads of today and their caps; the referrals by
 * source; Money's months (the recovery outstanding is at each month's end
 * and the participants are each month's, so neither is summed; the total
 * paid per participant is per participant and month).
 */
static int
report_totals(struct arena *a, const struct report_def *def, bool groups_cut, struct report *rep)
{
	static const struct report_total_col all4[] = {{RT_SUM, 0, 0}, {RT_SUM, 0, 0}, {RT_SUM, 0, 0}, {RT_SUM, 0, 0}};
	static const struct report_total_col attendance[] = {{RT_SUM, 0, 0}, {RT_SUM_MARKS, 0, 0},
							     {RT_SUM_MARKS, 0, 0}, {RT_NONE, 0, 0}};
	static const struct report_total_col sources[] = {{RT_SUM, 0, 0}, {RT_SHARE_OF, 0, 0}};
	static const struct report_total_col money[] = {{RT_SUM, 0, 0}, {RT_PER, 0, 2}, {RT_NONE, 0, 0},
							{RT_SUM, 0, 0}, {RT_NONE, 0, 0}};
	static const struct {
		const char *report, *table;
		const struct report_total_col *cols;
		size_t ncols;
		bool same_rows;
	} totals[] = {
		{"internships", "by_industry", all4, 4, false},
		{"internships", "by_employer", all4, 4, false},
		{"attendance", "by_group", attendance, 4, false},
		{"attendance", "by_type", attendance, 4, false},
		{"attendance", "by_month", attendance, 4, false},
		{"caseloads", "now", all4, 3, false},
		{"intake", "sources", sources, 2, false},
		{"money", "money", money, 5, true},
	};
	for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++) {
		if (strcmp(totals[i].report, def->key) != 0 || (groups_cut && strcmp(totals[i].table, "by_group") == 0))
			continue;
		for (size_t k = 0; k < rep->ntables; k++) {
			if (strcmp(rep->tables[k].key, totals[i].table) != 0 || rep->tables[k].ncols != totals[i].ncols)
				continue;
			int rc = report_total_row(rep, k, a, N_("Total"), totals[i].cols, totals[i].same_rows);
			if (rc != SC_OK)
				return rc;
		}
	}
	return SC_OK;
}

/* Attendance under the filters (the own caseload's for a contact person:
 * f->contact_id), of the centre chosen or the actor's. */
static int
report_attendance(struct db *db, struct arena *a, const struct actor *actor, const struct report_def *def,
		  const struct report_filter *f, bool nothing, struct report *rep)
{
	struct report_area_row *rows = NULL;
	size_t n = 0;
	int64_t ngroups = 0;
	int rc = nothing ? SC_OK
			 : store_report_attendance(db, a, f->centre_id != 0 ? f->centre_id : actor->centre_id, f,
						   actor->today, &rows, &n, &ngroups);
	if (rc == SC_OK)
		rc = area_tables(a, def, rows, n, rep);
	if (rc == SC_OK)
		rc = report_totals(a, def, ngroups > STORE_REPORT_ATTENDANCE_GROUPS, rep);
	rep->note = ngroups > STORE_REPORT_ATTENDANCE_GROUPS
		? N_("By group: the 200 groups of 5 people or more with the lowest attendance rate; narrow the period "
		     "or the people to see the others. Without a period: every whole month up to the end of last "
		     "month. Sessions are those with marks of the groups in the months the people counted were "
		     "marked; a person counts with the programme period they were in that month (in none: only "
		     "without filters). Health-only activities (the health group) are not counted: only health "
		     "staff see who attends them.")
		: N_("Without a period: every whole month up to the end of last month. Sessions are those with marks "
		     "of the groups in the months the people counted were marked; a person counts with the programme "
		     "period they were in that month (in none: only without filters). Health-only activities (the "
		     "health group) are not counted: only health staff see who attends them.");
	return rc;
}

/*
 * The filter a report of one centre is counted under (*q) for a benefit
 * scheme (decision 130): no kept table holds the scheme, so under one the
 * reports read every period of the centre, and most centres run one
 * scheme. One that every period of the centre has narrows nothing: it is
 * left out where that counts the same, in the reports of periods (each
 * row is a period) and in the others when another filter of the people is
 * given (then only the events of a period count either way). Alone in
 * Internships, Norwegian and Money it is read as a start cohort of 0,
 * which narrows nothing but counts only the events of a period, as it
 * does (Attendance reads it as asked). One that no period of the centre
 * has leaves nothing (*nothing). Across centres, and in a centre of both
 * schemes, the scheme is read as asked.
 */
static int
report_scheme(struct db *db, const struct actor *actor, const struct report_def *def, const struct report_filter *f,
	      struct report_filter *q, bool *nothing)
{
	*q = *f;
	*nothing = false;
	if (f->scheme < 0 || (app_report_national(actor) && f->centre_id == 0))
		return SC_OK;
	int span;
	int rc = store_report_scheme_span(db, f->centre_id != 0 ? f->centre_id : actor->centre_id, f->scheme, &span);
	if (rc != SC_OK)
		return rc;
	bool people = (f->gender != NULL && f->gender[0]) || (f->country != NULL && f->country[0]) ||
		      f->contact_id != 0 || f->cohort != FIELD_NONE || f->exit_year != FIELD_NONE || f->age_band >= 0 ||
		      f->schooling >= 0;
	if (span == REPORT_SCHEME_NONE) {
		*nothing = true;
	} else if (span == REPORT_SCHEME_ALL && (def->source == SRC_PERIODS || def->source == SRC_CASELOADS || people)) {
		q->scheme = -1;
	} else if (span == REPORT_SCHEME_ALL && def->source == SRC_AREA) {
		q->scheme = -1;
		q->cohort = 0;
	}
	return SC_OK;
}

/*
 * The filters a report, account or page is counted under for the actor
 * (one rule for all): each filter given that it does not honour is
 * refused (a centre other than one's own for all but the national
 * analyst); a centre chosen must exist, a contact person must be one of
 * the centre's; then f is narrowed to what the actor may see (their
 * caseload, their centre). Errors in out->errors.
 */
static int
report_scope(struct db *db, struct arena *a, const struct actor *actor, unsigned honours, struct report_filter *f,
	     struct outcome *out)
{
	bool national = app_report_national(actor);
	if (!national && f->centre_id == actor->centre_id)
		f->centre_id = 0;   /* one's own centre narrows nothing */
	if (app_report_own_only(actor) && f->contact_id == actor->user_id)
		f->contact_id = 0;  /* nor one's own caseload, for a contact person */
	report_filters_honoured(f, national ? honours : honours & ~RF_CENTRE, &out->errors);
	report_filter_check(f, &out->errors);
	if (app_report_own_only(actor) && f->contact_id != 0 && field_error_of(&out->errors, "contact_id") == NULL)
		field_error_add(&out->errors, "contact_id",
				N_("You see the figures of your own caseload: leave the contact person empty."));
	if (f->centre_id != 0 && national && field_error_of(&out->errors, "centre") == NULL) {
		struct centre c;
		int rc = store_centre_get(db, a, f->centre_id, &c);
		if (rc == SC_ENOTFOUND)
			field_error_add(&out->errors, "centre", N_("Choose a centre from the list."));
		else if (rc != SC_OK)
			return rc;
	}
	if (f->contact_id != 0 && field_error_of(&out->errors, "contact_id") == NULL) {
		/* a contact person of the centre counted (the national analyst's: of the one chosen) */
		int64_t centre = f->centre_id != 0 ? f->centre_id : national ? 0 : actor->centre_id;
		struct staff_user u;
		int rc = centre != 0 ? store_user_get(db, a, centre, false, f->contact_id, &u) : SC_ENOTFOUND;
		if (rc != SC_OK && rc != SC_ENOTFOUND)
			return rc;
		if (rc == SC_ENOTFOUND || !(u.roles & ROLE_BIT(ROLE_CONTACT)))
			field_error_add2(&out->errors, "contact_id", N_("No contact person with id %lld in this centre."),
					 (long long)f->contact_id, 0);
	}
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	/* what the actor may see: their caseload, their centre */
	if (app_report_own_only(actor))
		f->contact_id = actor->user_id;
	if (!national)
		f->centre_id = actor->centre_id;
	return SC_OK;
}

/*
 * The filters of the people (issue 12, rule B), each cleared in *w in
 * turn: false when filter k is not given. The contact person is not one
 * for a contact person, who reads their own caseload only (the wider
 * report is not theirs to read).
 */
#define REPORT_PEOPLE_FILTERS 7

static bool
wider_filter(const struct actor *actor, const struct report_filter *f, int k, struct report_filter *w)
{
	*w = *f;
	switch (k) {
	case 0:
		w->gender = "";
		return f->gender != NULL && f->gender[0] != '\0';
	case 1:
		w->country = "";
		return f->country != NULL && f->country[0] != '\0';
	case 2:
		w->age_band = -1;
		return f->age_band >= 0;
	case 3:
		w->schooling = -1;
		return f->schooling >= 0;
	case 4:
		w->cohort = FIELD_NONE;
		return f->cohort != FIELD_NONE;
	case 5:
		w->contact_id = 0;
		return f->contact_id != 0 && !app_report_own_only(actor);
	default:
		w->scheme = -1;
		return f->scheme >= 0;
	}
}

/* A report's cells made: the complement across each filter of the people
 * given (rule B: make, the report under a filter, run once for each, with
 * it cleared), then the sums (rule A). */
typedef int (*report_make_fn)(struct db *db, struct arena *a, const struct actor *actor, const void *ctx,
			      struct report_filter *f, struct report *rep);

static int
report_disclosure(struct db *db, struct arena *a, const struct actor *actor, const void *ctx,
		  const struct report_filter *f, report_make_fn make, struct report *rep)
{
	for (int k = 0; k < REPORT_PEOPLE_FILTERS; k++) {
		struct report_filter w;
		if (!wider_filter(actor, f, k, &w))
			continue;
		struct report wider;
		memset(&wider, 0, sizeof wider);
		int rc = make(db, a, actor, ctx, &w, &wider);
		if (rc != SC_OK)
			return rc;
		report_complement(rep, &wider);
	}
	report_protect(rep);
	return SC_OK;
}

/* The report def's cells under f (checked). */
static int
report_make(struct db *db, struct arena *a, const struct actor *actor, const void *ctx, struct report_filter *f,
	    struct report *rep)
{
	const struct report_def *def = ctx;
	struct report_filter q;
	bool nothing;
	int rc = report_scheme(db, actor, def, f, &q, &nothing);
	if (rc == SC_OK && def->source == SRC_PERIODS) {
		struct report_period *rows = NULL;
		size_t n = 0;
		if (nothing)
			rc = SC_OK;
		else if (def->groups & REPORT_GROUPED)
			rc = app_report_groups(db, a, actor, &q, def->groups & ~REPORT_GROUPED, &rows, &n);
		else
			rc = app_report_periods(db, a, actor, &q, &rows, &n);
		if (rc == SC_OK)
			rc = def->build(rows, n, &q, a, rep);
	} else if (rc == SC_OK && (def->source == SRC_INTAKE || def->source == SRC_CASELOADS)) {
		rc = report_of_centres(db, a, actor, def->source, &q, nothing, rep);
	} else if (rc == SC_OK && def->source == SRC_ATTENDANCE) {
		rc = report_attendance(db, a, actor, def, &q, nothing, rep);
	} else if (rc == SC_OK && (def->source == SRC_AREA || def->source == SRC_STUB)) {
		struct report_area_row *rows = NULL;
		size_t n = 0;
		if (!nothing)
			rc = def->query(db, a, q.centre_id != 0 ? q.centre_id : actor->centre_id, &q, actor->today, &rows,
					&n);
		if (rc == SC_OK)
			rc = area_tables(a, def, rows, n, rep);
		rep->note = def->note;
	}
	if (rc == SC_OK && def->source != SRC_ATTENDANCE)
		rc = report_totals(a, def, false, rep);   /* Attendance's are its own (report_attendance()) */
	return rc;
}

int
app_report(struct db *db, struct arena *a, const struct actor *actor, const struct report_def *def,
	   struct report_filter *f, struct report *rep, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	memset(rep, 0, sizeof *rep);
	if (def->source == SRC_INTAKE && f->scheme >= 0)
		field_error_add(&out->errors, "scheme",
				N_("Intake counts referrals, which come before a programme period and its scheme: "
				   "leave the benefit scheme empty."));
	int rc = report_scope(db, a, actor, def->honours, f, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = report_make(db, a, actor, def, f, rep);
	if (rc == SC_OK)
		rc = report_disclosure(db, a, actor, def, f, report_make, rep);
	if (rc == SC_OK)
		app_audit_read(db, actor, "report.read", "report", (int64_t)(def - app_reports) + 1);
	return rc;
}

int
app_followups_late(struct db *db, struct arena *a, const struct actor *actor, bool mine, size_t limit,
		   struct late_followup **items, size_t *n, int64_t *total)
{
	struct date before = date_add_days(actor->today, -FOLLOWUP_LATE_DAYS);
	int rc = store_followups_late(db, a, actor->centre_id, mine ? actor->user_id : 0, actor->today, before, limit,
				      items, n, total);
	if (rc == SC_OK && *n > 0)
		app_audit_read(db, actor, "followup.late.read", "task", 0);
	return rc;
}

int
app_costs(struct db *db, struct arena *a, const struct actor *actor, struct programme_cost **items, size_t *n)
{
	return store_costs(db, a, actor->centre_id, items, n);
}

int
app_cost_versions(struct db *db, struct arena *a, const struct actor *actor, int64_t year,
		  struct programme_cost **items, size_t *n)
{
	return store_cost_versions(db, a, actor->centre_id, year, items, n);
}

int
app_cost_add(struct db *db, const struct actor *actor, const struct programme_cost *in, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	if (!access_allows(actor->roles, RES_REPORTS, ACT_WRITE))
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	fields_check_required(programme_cost_fields, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	struct programme_cost c = *in;
	int rc = app_begin(db);
	if (rc == SC_OK)
		rc = store_cost_add(db, actor->centre_id, &c, actor->now, actor->user_id);
	if (rc == SC_OK)
		rc = app_audit(db, actor, "cost.create", "programme_cost", c.year);
	out->id = c.year;
	out->version = c.version;
	return app_end(db, rc, out);
}

/* The costs (with the benefits paid) of the centres the actor reads under
 * f, summed by year: years[i], amounts[i]. */
static int
costs_by_year(struct db *db, struct arena *a, const struct actor *actor, const struct report_filter *f,
	      int64_t **years, int64_t **amounts, size_t *n)
{
	*n = 0;
	*years = arena_alloc(a, sizeof **years * 200);
	*amounts = arena_alloc(a, sizeof **amounts * 200);
	if (*years == NULL || *amounts == NULL)
		return SC_ENOMEM;
	int64_t one = f->centre_id != 0 ? f->centre_id : actor->centre_id;
	struct centre *cs = NULL;
	size_t nc = 1;
	int rc = SC_OK;
	if (app_report_national(actor) && f->centre_id == 0)
		rc = store_centre_list(db, a, &cs, &nc);
	for (size_t i = 0; rc == SC_OK && i < nc; i++) {
		int64_t centre = cs != NULL ? cs[i].id : one;
		struct programme_cost *costs;
		size_t ncost;
		rc = store_costs(db, a, centre, &costs, &ncost);
		for (size_t k = 0; rc == SC_OK && k < ncost; k++) {
			int64_t benefits = 0;
			rc = store_report_benefits_paid(db, centre, (int)costs[k].year, &benefits);
			size_t j = 0;
			while (j < *n && (*years)[j] != costs[k].year)
				j++;
			if (j == *n) {
				if (*n == 200)
					break;
				(*years)[j] = costs[k].year;
				(*amounts)[j] = 0;
				(*n)++;
			}
			(*amounts)[j] += programme_cost_total(&costs[k]) + benefits;
		}
	}
	return rc;
}

int
app_cost_years(struct db *db, struct arena *a, const struct actor *actor, struct programme_cost **costs,
	       struct report_cost_year **years, size_t *n)
{
	*years = NULL;
	int rc = store_costs(db, a, actor->centre_id, costs, n);
	if (rc != SC_OK)
		return rc;
	struct report_filter f;
	fields_clear(report_filter_fields, &f);
	struct report_period *rows = NULL;
	size_t nrows = 0, room = 0;
	/* the periods counted together with their days summed */
	rc = store_report_period_sums(db, a, actor->centre_id, &f, actor->today, &rows, &nrows, &room);
	if (rc != SC_OK)
		return rc;
	struct report_cost_year *y = arena_alloc(a, sizeof *y * (*n > 0 ? *n : 1));
	if (y == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < *n; i++) {
		memset(&y[i], 0, sizeof y[i]);
		y[i].year = (*costs)[i].year;
		y[i].cost = programme_cost_total(&(*costs)[i]);
		rc = store_report_benefits_paid(db, actor->centre_id, (int)y[i].year, &y[i].benefits);
		if (rc != SC_OK)
			return rc;
		y[i].participant_days = report_participant_days(rows, nrows, &f, (int)y[i].year, actor->today);
		y[i].completers = report_completers_in(rows, nrows, &f, (int)y[i].year);
		report_cost_year_fill(&y[i]);
	}
	*years = y;
	app_audit_read(db, actor, "cost.read", "programme_cost", 0);
	return SC_OK;
}

/* The cost-benefit account's parameters while it is made. */
struct cb_ctx {
	const struct cb_params *pr;
	int64_t benefit, earnings;
	int64_t benefit_used;   /* the observed benefit when benefit < 0 */
};

static int cost_benefit_make(struct db *db, struct arena *a, const struct actor *actor, const void *arg,
			     struct report_filter *f, struct report *rep);

int
app_cost_benefit(struct db *db, struct arena *a, const struct actor *actor, struct report_filter *f,
		 const struct cb_params *pr, int64_t *benefit, int64_t earnings, struct report *rep,
		 struct outcome *out)
{
	memset(out, 0, sizeof *out);
	memset(rep, 0, sizeof *rep);
	if (app_report_own_only(actor))
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	cb_params_check(pr, &out->errors);
	if (earnings < 0)
		field_error_add(&out->errors, "earnings", N_("Write the earnings in kroner, 0 or more."));
	int rc = report_scope(db, a, actor, APP_COST_BENEFIT_FILTERS, f, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	struct cb_ctx ctx = {.pr = pr, .benefit = *benefit, .earnings = earnings};
	rc = cost_benefit_make(db, a, actor, &ctx, f, rep);
	if (rc == SC_OK) {
		*benefit = ctx.benefit_used;
		ctx.benefit = ctx.benefit_used;   /* the wider reports under the same parameters */
		rc = report_disclosure(db, a, actor, &ctx, f, cost_benefit_make, rep);
	}
	if (rc == SC_OK)
		app_audit_read(db, actor, "report.read", "report", 100);
	return rc;
}

/* The cost-benefit account's cells under f (app_cost_benefit()). */
static int
cost_benefit_make(struct db *db, struct arena *a, const struct actor *actor, const void *arg,
		  struct report_filter *f, struct report *rep)
{
	struct cb_ctx *ctx = (struct cb_ctx *)arg;
	const struct cb_params *pr = ctx->pr;
	int64_t given = ctx->benefit, *benefit = &given;
	int64_t earnings = ctx->earnings;
	int rc;
	struct report_period *rows;
	size_t n;
	rc = report_sums(db, a, actor, f, &rows, &n);
	int64_t *years, *amounts;
	size_t ny = 0;
	if (rc == SC_OK)
		rc = costs_by_year(db, a, actor, f, &years, &amounts, &ny);
	if (rc != SC_OK)
		return rc;
	if (*benefit < 0) {
		/* observed: the benefits paid over the participant-years of those years */
		int64_t paid = 0, days = 0;
		for (size_t i = 0; i < ny; i++) {
			int64_t b = 0;
			rc = store_report_benefits_paid(db, f->centre_id != 0 ? f->centre_id : actor->centre_id,
							(int)years[i], &b);
			if (rc != SC_OK)
				return rc;
			paid += b;
			days += report_participant_days(rows, n, f, (int)years[i], actor->today);
		}
		*benefit = days > 0 ? (paid * 365 + days / 2) / days : 0;
	}
	struct report_cb_cohort *cohorts;
	size_t nc;
	rc = report_cb_cohorts(rows, n, f, years, amounts, ny, actor->today, a, &cohorts, &nc);
	if (rc == SC_OK)
		rc = report_cost_benefit(cohorts, nc, pr, *benefit, earnings, a, rep);
	ctx->benefit_used = *benefit;
	return rc;
}

int
app_forecast(struct db *db, struct arena *a, const struct actor *actor,
	     struct report_forecast_month out[REPORT_FORECAST_MONTHS], int64_t *waiting, int64_t *free_places,
	     int64_t *referrals_12m)
{
	struct waitlist_capacity cap;
	int rc = store_waitlist_capacity(db, actor->centre_id, actor->today, &cap);
	if (rc != SC_OK)
		return rc;
	struct date *exits;
	size_t nexits;
	rc = store_waitlist_exits(db, a, actor->centre_id, 100000, &exits, &nexits);
	if (rc == SC_OK)
		rc = store_report_referrals_since(db, actor->centre_id, date_add_months(actor->today, -12),
						  referrals_12m);
	if (rc != SC_OK)
		return rc;
	*waiting = cap.waiting;
	*free_places = cap.free_places;
	report_forecast(cap.waiting, cap.free_places, exits, nexits, *referrals_12m, actor->today, out);
	app_audit_read(db, actor, "report.read", "report", 101);
	return SC_OK;
}

static int annual_make(struct db *db, struct arena *a, const struct actor *actor, const void *arg,
		       struct report_filter *f, struct report *rep);

int
app_annual(struct db *db, struct arena *a, const struct actor *actor, struct report_filter *f, int year,
	   struct report *rep, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	memset(rep, 0, sizeof *rep);
	/* the year's people against the centre's cost: of the whole centre */
	int rc = report_scope(db, a, actor, APP_COST_BENEFIT_FILTERS, f, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = annual_make(db, a, actor, &year, f, rep);
	if (rc == SC_OK)
		rc = report_disclosure(db, a, actor, &year, f, annual_make, rep);
	if (rc == SC_OK)
		app_audit_read(db, actor, "report.read", "report", 102);
	return rc;
}

/* The annual report's cells under f (app_annual()). */
static int
annual_make(struct db *db, struct arena *a, const struct actor *actor, const void *arg, struct report_filter *f,
	    struct report *rep)
{
	int year = *(const int *)arg;
	int rc;
	struct report_period *rows;
	size_t n;
	rc = app_report_groups(db, a, actor, f, 0, &rows, &n);
	int64_t *years, *amounts;
	size_t ny = 0;
	if (rc == SC_OK)
		rc = costs_by_year(db, a, actor, f, &years, &amounts, &ny);
	if (rc != SC_OK)
		return rc;
	int64_t cost = 0, benefits = 0;
	for (size_t i = 0; i < ny; i++)
		if (years[i] == year)
			cost = amounts[i];
	/* amounts hold cost and benefits together; the benefits alone: */
	int64_t centre = f->centre_id != 0 ? f->centre_id : actor->centre_id;
	rc = store_report_benefits_paid(db, centre, year, &benefits);
	if (rc != SC_OK)
		return rc;
	return report_annual(rows, n, f, year, cost - benefits, benefits, a, rep);
}

/* The figures of year's table "annual" (report_annual()). */
static int
year_figures(const struct report_period *rows, size_t n, const struct report_filter *f, int year,
	     struct arena *a, int64_t *starts, int64_t *exits, int64_t *completers, int64_t *work_edu)
{
	struct report rep;
	int rc = report_annual(rows, n, f, year, 0, 0, a, &rep);
	if (rc != SC_OK)
		return rc;
	struct report_table *t = &rep.tables[0];
	*starts = report_at(t, 1, 0)->n;
	*exits = report_at(t, 2, 0)->n;
	*completers = report_at(t, 3, 0)->n;
	*work_edu = report_at(t, 4, 0)->n;
	return SC_OK;
}

int
app_glance(struct db *db, struct arena *a, const struct actor *actor, struct glance *g)
{
	memset(g, 0, sizeof *g);
	struct waitlist_capacity cap;
	int rc = store_waitlist_capacity(db, actor->centre_id, actor->today, &cap);
	if (rc != SC_OK)
		return rc;
	g->active = cap.active;
	g->places = cap.places;
	g->waiting = cap.waiting;
	struct report_filter f;
	fields_clear(report_filter_fields, &f);
	/* not every period: this year's starts by their wait (counted
	 * together), and the exits of this year and the last counted by
	 * outcome, as the annual report counts them */
	struct report_period *rows = NULL;
	size_t n = 0, room = 0;
	int year = actor->today.y;
	f.cohort = year;
	rc = store_report_period_groups(db, a, actor->centre_id, &f, REPORT_GROUP_WAIT, &rows, &n, &room);
	if (rc != SC_OK)
		return rc;
	g->wait_known = report_median_wait(rows, n, &f, year, a, &g->wait_tenths, &g->wait_people);
	int64_t e, c, w;
	rc = year_figures(rows, n, &f, year, a, &g->starts, &e, &c, &w);
	for (int k = 0; rc == SC_OK && k < 2; k++) {
		struct report_status_count *by;
		size_t nby;
		rc = store_report_year_exits(db, a, actor->centre_id, year - k, &by, &nby);
		int64_t exits = 0, *completers = k == 0 ? &g->completers : &g->last_completers;
		int64_t *work_edu = k == 0 ? &g->work_edu : &g->last_work_edu;
		for (size_t i = 0; rc == SC_OK && i < nby; i++)
			report_exits_add(by[i].status, by[i].n, &exits, completers, work_edu);
		if (k == 0)
			g->exits = exits;
	}
	struct late_followup *late;
	size_t nl;
	if (rc == SC_OK)
		rc = store_followups_late(db, a, actor->centre_id, 0, actor->today,
					  date_add_days(actor->today, -FOLLOWUP_LATE_DAYS),
					  0, &late, &nl, &g->late_followups);
	if (rc == SC_OK)
		rc = store_report_unassigned(db, actor->centre_id, &g->unassigned);
	/* registers of this month's days before today: a session still to
	 * come (or later today) has nothing to mark yet; those the reader may
	 * open, as their list of registers not marked (app_teacher_day(): a
	 * health-only group's are health staff's) */
	struct date month_first = {.y = actor->today.y, .m = actor->today.m, .d = 1};
	struct date yesterday = date_add_days(actor->today, -1);
	g->unmarked = 0;
	if (rc == SC_OK && date_cmp(yesterday, month_first) >= 0)
		rc = store_attendance_registers_unmarked(db, actor->centre_id, access_health_group_attendees(actor->roles),
							 month_first, yesterday, &g->unmarked);
	if (rc == SC_OK)
		rc = store_benefit_month_approved(db, actor->centre_id, actor->today.y, actor->today.m,
						  &g->benefits_approved);
	struct benefit_home bh = {0};
	if (rc == SC_OK)
		rc = store_benefit_home(db, actor->centre_id, actor->user_id, &bh);
	if (rc == SC_OK)
		g->runs_open = bh.open_runs;
	if (rc == SC_OK)
		app_audit_read(db, actor, "report.read", "report", 103);
	return rc;
}
