/*
 * report.c — the reports' filters, rules and tables; see report.h.
 */
#include "domain/report.h"

#include "domain/benefit_run.h"
#include "domain/participant.h"
#include "domain/stats.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

static const struct field_option age_bands[] = {
	[AGE_UNDER_25] = {"under_25", N_("Under 25")},
	[AGE_25_34] = {"25_34", N_("25 to 34")},
	[AGE_35_44] = {"35_44", N_("35 to 44")},
	[AGE_45_PLUS] = {"45_plus", N_("45 and over")},
};

static const struct field_option schooling_bands[] = {
	[SCHOOLING_0_6] = {"0_6", N_("Up to 6 years")},
	[SCHOOLING_7_9] = {"7_9", N_("7 to 9 years")},
	[SCHOOLING_10_12] = {"10_12", N_("10 to 12 years")},
	[SCHOOLING_13_PLUS] = {"13_plus", N_("13 years or more")},
};

/* The gender filter takes the keys of the participant's own gender field,
 * so the options are declared once (domain/participant.c). */
static const char *
parse_gender(const struct field *f, const char *text, void *rec, struct arena *a)
{
	(void)a;
	const struct field *g = fields_find(participant_fields, "gender");
	int i = g != NULL ? field_option_index(g, text) : -1;
	if (i < 0)
		return N_("Choose a gender from the list.");
	*FIELD_AT(rec, f, const char *) = g->options[i].key;
	return NULL;
}

#define F(m) offsetof(struct report_filter, m)

static const struct field filter_fields[] = {
	{.key = "from", .type = FT_DATE, .offset = F(from), .label = N_("From"), .part = -1,
	 .invalid = N_("Write the first day as YYYY-MM-DD.")},
	{.key = "to", .type = FT_DATE, .offset = F(to), .label = N_("To"), .part = -1,
	 .invalid = N_("Write the last day as YYYY-MM-DD.")},
	{.key = "exit_year", .type = FT_INT, .offset = F(exit_year), .min = 2000, .max = 2100,
	 .label = N_("Exit year"), .part = -1, .invalid = N_("Write the exit year as a year, such as 2025.")},
	{.key = "cohort", .type = FT_INT, .offset = F(cohort), .min = 2000, .max = 2100,
	 .label = N_("Start cohort"), .hint = N_("The year the programme period started."), .part = -1,
	 .invalid = N_("Write the start cohort as a year, such as 2025.")},
	{.key = "gender", .type = FT_LINE, .offset = F(gender), .max = 20, .label = N_("Gender"),
	 .parse = parse_gender, .part = -1},
	{.key = "country", .type = FT_LINE, .offset = F(country), .max = 100, .label = N_("Country of birth"),
	 .part = -1},
	{.key = "age_band", .type = FT_ENUM, .offset = F(age_band), .label = N_("Age at start"),
	 .options = age_bands, .noptions = sizeof age_bands / sizeof age_bands[0], .part = -1,
	 .invalid = N_("Choose an age band from the list.")},
	{.key = "schooling", .type = FT_ENUM, .offset = F(schooling), .label = N_("Years of schooling"),
	 .options = schooling_bands, .noptions = sizeof schooling_bands / sizeof schooling_bands[0],
	 .part = -1, .invalid = N_("Choose a schooling band from the list.")},
	{.key = "contact_id", .type = FT_ID, .offset = F(contact_id), .label = N_("Contact person"), .part = -1,
	 .invalid = N_("Choose a contact person from the list.")},
	{.key = "centre", .type = FT_ID, .offset = F(centre_id), .label = N_("Centre"), .part = -1,
	 .invalid = N_("Choose a centre from the list.")},
	{.key = "scheme", .type = FT_ENUM, .offset = F(scheme), .label = N_("Benefit scheme"),
	 .options = benefit_scheme_options, .noptions = 2, .part = -1,
	 .invalid = N_("Choose a benefit scheme from the list.")},
};

const struct fields report_filter_fields = FIELDS(filter_fields);

/* Why a filter a report does not honour is refused, by the filters' order. */
static const char *const not_honoured[] = {
	N_("This report is not counted over a period: leave the first day empty."),
	N_("This report is not counted over a period: leave the last day empty."),
	N_("This report does not count by exit year: leave the exit year empty."),
	N_("This report does not count by start cohort: leave the start cohort empty."),
	N_("This report does not count by gender: leave the gender empty."),
	N_("This report does not count by country of birth: leave the country empty."),
	N_("This report does not count by age at start: leave the age band empty."),
	N_("This report does not count by years of schooling: leave the schooling band empty."),
	N_("This report does not count by contact person: leave the contact person empty."),
	N_("This report is of your centre: leave the centre empty."),
	N_("This report does not count by benefit scheme: leave the benefit scheme empty."),
};

_Static_assert(sizeof not_honoured / sizeof not_honoured[0] == sizeof filter_fields / sizeof filter_fields[0],
	       "a reason for each filter");

bool
report_filters_honoured(const struct report_filter *f, unsigned honours, struct field_errors *e)
{
	int before = e->n;
	for (size_t i = 0; i < sizeof filter_fields / sizeof filter_fields[0]; i++)
		if (!(honours & (1u << i)) && field_given(&filter_fields[i], f) &&
		    field_error_of(e, filter_fields[i].key) == NULL)
			field_error_add(e, filter_fields[i].key, not_honoured[i]);
	return e->n == before;
}

bool
report_filter_check(const struct report_filter *f, struct field_errors *e)
{
	int before = e->n;
	if (f->from.y != 0 && f->to.y != 0 && date_cmp(f->to, f->from) < 0)
		field_error_add(e, "to", N_("The last day cannot be before the first."));
	return e->n == before;
}

int
report_age_band_of(int age)
{
	if (age < 0)
		return -1;
	if (age < 25)
		return AGE_UNDER_25;
	if (age < 35)
		return AGE_25_34;
	if (age < 45)
		return AGE_35_44;
	return AGE_45_PLUS;
}

int
report_schooling_band_of(int64_t years)
{
	if (years == FIELD_NONE || years < 0)
		return -1;
	if (years <= 6)
		return SCHOOLING_0_6;
	if (years <= 9)
		return SCHOOLING_7_9;
	if (years <= 12)
		return SCHOOLING_10_12;
	return SCHOOLING_13_PLUS;
}

static const char *const status_keys[] = {
	[RS_EMPLOYED_FULL] = "employed_full", [RS_EMPLOYED_PART] = "employed_part",
	[RS_EDUCATION] = "education", [RS_OTHER_PROGRAMME] = "other_programme",
	[RS_MOVED] = "moved", [RS_DROPPED_OUT] = "dropped_out", [RS_OTHER] = "other",
	[RS_UNKNOWN] = "unknown", [RS_UNEMPLOYED] = "unemployed",
};

enum report_status
report_status_of(const char *key)
{
	if (key == NULL)
		return RS_NONE;
	for (size_t i = 0; i < sizeof status_keys / sizeof status_keys[0]; i++)
		if (strcmp(key, status_keys[i]) == 0)
			return (enum report_status)i;
	return RS_NONE;
}

static bool
in_work(int s)
{
	return s == RS_EMPLOYED_FULL || s == RS_EMPLOYED_PART;
}

bool
report_in_period(const struct report_filter *f, struct date d)
{
	if (d.y == 0)
		return false;
	if (f->from.y != 0 && date_cmp(d, f->from) < 0)
		return false;
	if (f->to.y != 0 && date_cmp(d, f->to) > 0)
		return false;
	return true;
}

bool
report_period_matches(const struct report_filter *f, const struct report_period *p)
{
	if (f->centre_id != 0 && p->centre_id != f->centre_id)
		return false;
	if (f->contact_id != 0 && p->contact_id != f->contact_id)
		return false;
	if (f->gender != NULL && f->gender[0] && (p->gender == NULL || strcmp(f->gender, p->gender) != 0))
		return false;
	if (f->country != NULL && f->country[0] &&
	    (p->country == NULL || strcmp(f->country, p->country) != 0))
		return false;
	if (f->cohort != FIELD_NONE && p->start.y != f->cohort)
		return false;
	if (f->age_band >= 0 && report_age_band_of(p->age_kept ? p->age : date_age_on(p->birth, p->start)) != f->age_band)
		return false;
	if (f->schooling >= 0 && report_schooling_band_of(p->schooling) != f->schooling)
		return false;
	if (f->scheme >= 0 && p->scheme != f->scheme)
		return false;
	return true;
}

int64_t
report_weight(const struct report_period *p)
{
	return p->n > 0 ? p->n : 1;
}

bool
report_completer(const struct report_period *p)
{
	return p->exit.y != 0 && p->exit_status != RS_DROPPED_OUT && p->exit_status != RS_MOVED &&
	       p->exit_status != RS_NONE;
}

bool
report_first_job(const struct report_period *p, struct date *on)
{
	if (p->job_start.y != 0) {
		*on = p->job_start;
		return true;
	}
	if (p->exit.y != 0 && in_work(p->exit_status)) {
		*on = p->exit;
		return true;
	}
	if (in_work(p->status6) && p->on6.y != 0) {
		*on = p->on6;
		return true;
	}
	if (in_work(p->status12) && p->on12.y != 0) {
		*on = p->on12;
		return true;
	}
	return false;
}

/* ---- the programme's costs ---- */

#define C(m) offsetof(struct programme_cost, m)

static const struct field cost_fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = C(id), .label = N_("Number"), .part = -1},
	{.key = "year", .type = FT_INT, .flags = FF_REQUIRED, .offset = C(year), .min = 2000, .max = 2100,
	 .label = N_("Year"), .part = -1, .missing = N_("Give the year the costs are for."),
	 .invalid = N_("Write the year as a year from 2000 to 2100.")},
	{.key = "staff", .type = FT_MONEY, .flags = FF_REQUIRED, .offset = C(staff), .min = 0,
	 .max = INT64_C(100000000000000), .label = N_("Staff"), .part = -1,
	 .missing = N_("Give the cost of staff (0 if none)."),
	 .invalid = N_("Write the cost of staff in kroner, such as 1250000 or 1250000,50.")},
	{.key = "premises", .type = FT_MONEY, .flags = FF_REQUIRED, .offset = C(premises), .min = 0,
	 .max = INT64_C(100000000000000), .label = N_("Premises"), .part = -1,
	 .missing = N_("Give the cost of premises (0 if none)."),
	 .invalid = N_("Write the cost of premises in kroner, such as 300000.")},
	{.key = "activities", .type = FT_MONEY, .flags = FF_REQUIRED, .offset = C(activities), .min = 0,
	 .max = INT64_C(100000000000000), .label = N_("Activities"), .part = -1,
	 .missing = N_("Give the cost of activities (0 if none)."),
	 .invalid = N_("Write the cost of activities in kroner, such as 200000.")},
	{.key = "other", .type = FT_MONEY, .flags = FF_REQUIRED, .offset = C(other), .min = 0,
	 .max = INT64_C(100000000000000), .label = N_("Other"), .part = -1,
	 .missing = N_("Give the other costs (0 if none)."),
	 .invalid = N_("Write the other costs in kroner, such as 50000.")},
	{.key = "note", .type = FT_TEXT, .flags = FF_BLANK, .offset = C(note), .max = 2000, .label = N_("Note"),
	 .hint = N_("What changed, and why."), .part = -1,
	 .too_long = N_("The note is too long: at most 2000 characters.")},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = C(version), .label = N_("Version"), .part = -1},
	{.key = "created_at", .type = FT_INT, .flags = FF_OUT, .offset = C(created_at), .label = N_("Entered"),
	 .part = -1},
	{.key = "created_by_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = C(created_by_name),
	 .label = N_("Entered by"), .part = -1},
};

const struct fields programme_cost_fields = FIELDS(cost_fields);

int64_t
programme_cost_total(const struct programme_cost *c)
{
	return c->staff + c->premises + c->activities + c->other;
}

/* ---- the parameters of the cost-benefit account ---- */

#define CB(m) offsetof(struct cb_input, m)

static const struct field cb_fields[] = {
	{.key = "horizon_years", .type = FT_INT, .offset = CB(horizon_years), .min = 1, .max = CB_MAX_YEARS,
	 .label = N_("Horizon (years)"), .part = -1, .invalid = N_("Write the horizon as whole years from 1 to 50.")},
	{.key = "discount_rate", .type = FT_INT, .offset = CB(discount_rate), .min = 0, .max = 20,
	 .label = N_("Discount rate (%)"), .part = -1,
	 .invalid = N_("Write the discount rate as a whole percentage from 0 to 20.")},
	{.key = "persistence", .type = FT_INT, .offset = CB(persistence), .min = 0, .max = 100,
	 .label = N_("Persistence a year (%)"), .hint = N_("The share still in work one year on."), .part = -1,
	 .invalid = N_("Write the persistence as a whole percentage from 0 to 100.")},
	{.key = "tax_share", .type = FT_INT, .offset = CB(tax_share), .min = 0, .max = 100,
	 .label = N_("Tax share of earnings (%)"), .part = -1,
	 .invalid = N_("Write the tax share as a whole percentage from 0 to 100.")},
	{.key = "earnings", .type = FT_MONEY, .offset = CB(earnings), .min = 0, .max = INT64_C(10000000000),
	 .label = N_("Earnings a year of a person in work"), .part = -1,
	 .invalid = N_("Write the earnings in kroner, such as 350000.")},
	{.key = "benefit", .type = FT_MONEY, .offset = CB(benefit), .min = 0, .max = INT64_C(10000000000),
	 .label = N_("Benefit no longer paid, a year"),
	 .hint = N_("Empty: the benefit paid per participant-year, as observed."), .part = -1,
	 .invalid = N_("Write the benefit in kroner, such as 180000.")},
};

const struct fields cb_input_fields = FIELDS(cb_fields);

void
cb_input_params(struct cb_input *in, struct cb_params *out)
{
	if (in->horizon_years == FIELD_NONE)
		in->horizon_years = cb_defaults.horizon_years;
	if (in->discount_rate == FIELD_NONE)
		in->discount_rate = cb_defaults.discount_bp / 100;
	if (in->persistence == FIELD_NONE)
		in->persistence = cb_defaults.persistence_bp / 100;
	if (in->tax_share == FIELD_NONE)
		in->tax_share = cb_defaults.tax_share_bp / 100;
	if (in->earnings == FIELD_NONE)
		in->earnings = CB_DEFAULT_EARNINGS;
	out->horizon_years = (int)in->horizon_years;
	out->discount_bp = (int)in->discount_rate * 100;
	out->persistence_bp = (int)in->persistence * 100;
	out->tax_share_bp = (int)in->tax_share * 100;
}

/* ---- the shape ---- */

bool
report_cell_shown(const struct report_cell *c)
{
	if (c->hidden)
		return false;
	switch (c->kind) {
	case RC_COUNT:
	case RC_TENTHS:
	case RC_MEAN:
		return stats_shown(c->n);
	case RC_SHARE:
		return stats_shown(c->n) && stats_shown(c->base);
	case RC_MONEY:
		return c->n < 0 || stats_shown(c->n);
	default:
		return true;
	}
}

struct report_cell *
report_at(struct report_table *t, size_t row, size_t col)
{
	return &t->cells[row * t->ncols + col];
}

struct report_table *
report_table_new(struct report *rep, struct arena *a, const char *key, const char *title,
		 const char *const *cols, size_t ncols, size_t nrows, bool rows_msgid)
{
	if (rep->ntables >= REPORT_MAX_TABLES)
		return NULL;
	struct report_table *t = &rep->tables[rep->ntables];
	memset(t, 0, sizeof *t);
	t->key = key;
	t->title = title;
	t->cols = cols;
	t->ncols = ncols;
	t->nrows = nrows;
	t->rows_msgid = rows_msgid;
	t->rows = arena_alloc(a, sizeof *t->rows * (nrows > 0 ? nrows : 1));
	t->cells = arena_alloc(a, sizeof *t->cells * (nrows * ncols > 0 ? nrows * ncols : 1));
	if (t->rows == NULL || t->cells == NULL)
		return NULL;
	memset(t->rows, 0, sizeof *t->rows * (nrows > 0 ? nrows : 1));
	memset(t->cells, 0, sizeof *t->cells * (nrows * ncols > 0 ? nrows * ncols : 1));
	rep->ntables++;
	return t;
}

static void
set_count(struct report_cell *c, int64_t n)
{
	c->kind = RC_COUNT;
	c->n = n;
}

static void
set_share(struct report_cell *c, int64_t n, int64_t base)
{
	c->kind = RC_SHARE;
	c->n = n;
	c->base = base;
}

/* The cell (row, col) of table t of rep. */
static struct report_ref
ref(size_t t, size_t row, size_t col)
{
	return (struct report_ref){t, row, col};
}

/* Declares cells of the same people: (row, c0) and (row, c1) .. of table t. */
static int
same_row(struct report *rep, struct arena *a, size_t t, size_t row, size_t c0, size_t c1)
{
	struct report_ref cells[8];
	size_t n = 0;
	for (size_t c = c0; c <= c1 && n < 8; c++)
		cells[n++] = ref(t, row, c);
	return report_same_add(rep, a, cells, n);
}

/* Declares that rows r of column col of table tp (nr of them) add up to
 * total (NULL: the parts' shares' base), with rest people in no row. */
static int
sum_rows(struct report *rep, struct arena *a, const struct report_ref *total, size_t tp, const size_t *r, size_t nr,
	 size_t col, int64_t rest)
{
	struct report_ref parts[16];
	if (nr > 16)
		return SC_EINVAL;
	for (size_t i = 0; i < nr; i++)
		parts[i] = ref(tp, r[i], col);
	return report_sum_add(rep, a, total, parts, nr, rest);
}

/* ---- Results ---- */

static const char *const results_cols[] = {
	N_("People"), N_("In work"), N_("In education"), N_("In work or education"), N_("Self-supporting"),
};

static const char *const completion_cols[] = {N_("People"), N_("Share of exits")};

int
report_results(const struct report_period *p, size_t n, const struct report_filter *f, struct arena *a,
	       struct report *out)
{
	memset(out, 0, sizeof *out);
	/* rows: at exit (everyone), at exit (completers), 6 months, 12 months */
	int64_t base[4] = {0}, work[4] = {0}, edu[4] = {0}, self = 0;
	int64_t exits = 0, completers = 0;
	for (size_t i = 0; i < n; i++) {
		const struct report_period *x = &p[i];
		if (x->exit.y == 0 || !report_in_period(f, x->exit) || !report_period_matches(f, x))
			continue;
		if (f->exit_year != FIELD_NONE && x->exit.y != f->exit_year)
			continue;
		int64_t w = report_weight(x);
		exits += w;
		bool done = report_completer(x);
		completers += done ? w : 0;
		int st[4] = {x->exit_status, done ? x->exit_status : RS_NONE, x->status6, x->status12};
		for (int s = 0; s < 4; s++) {
			/* a result not registered, or "unknown", is no one's figure */
			if (st[s] == RS_NONE || st[s] == RS_UNKNOWN)
				continue;
			base[s] += w;
			work[s] += in_work(st[s]) ? w : 0;
			edu[s] += st[s] == RS_EDUCATION ? w : 0;
		}
		if (in_work(x->status12) && !x->on_benefit12)
			self += w;
	}
	struct report_table *t = report_table_new(out, a, "results", N_("Results"), results_cols, 5, 4, true);
	if (t == NULL)
		return SC_ENOMEM;
	static const char *const rows[] = {N_("At exit"), N_("At exit, completers"), N_("At 6 months"),
					   N_("At 12 months")};
	for (size_t s = 0; s < 4; s++) {
		t->rows[s] = rows[s];
		set_count(report_at(t, s, 0), base[s]);
		set_share(report_at(t, s, 1), work[s], base[s]);
		set_share(report_at(t, s, 2), edu[s], base[s]);
		set_share(report_at(t, s, 3), work[s] + edu[s], base[s]);
	}
	set_share(report_at(t, 3, 4), self, base[3]);
	/* in work and in education make in work or education */
	static const size_t work_edu_cols[] = {1, 2};
	for (size_t s = 0; s < 4; s++) {
		struct report_ref total = ref(0, s, 3);
		struct report_ref parts[2] = {ref(0, s, work_edu_cols[0]), ref(0, s, work_edu_cols[1])};
		if (report_sum_add(out, a, &total, parts, 2, 0) != SC_OK)
			return SC_ENOMEM;
	}
	/* in work at 12 months: the self-supporting and those on the benefit */
	struct report_ref work12 = ref(0, 3, 1), self12 = ref(0, 3, 4);
	if (report_sum_add(out, a, &work12, &self12, 1, work[3] - self) != SC_OK)
		return SC_ENOMEM;
	t->chart = CHART_BAR;
	t->chart_col = 3;
	struct report_table *c =
		report_table_new(out, a, "completion", N_("Completers and non-completers"), completion_cols, 2, 2, true);
	if (c == NULL)
		return SC_ENOMEM;
	c->rows[0] = N_("Completers");
	c->rows[1] = N_("Non-completers (dropped out or moved)");
	set_count(report_at(c, 0, 0), completers);
	set_share(report_at(c, 0, 1), completers, exits);
	set_count(report_at(c, 1, 0), exits - completers);
	set_share(report_at(c, 1, 1), exits - completers, exits);
	/* completers and non-completers make the exits, their shares' base */
	static const size_t both[] = {0, 1};
	if (sum_rows(out, a, NULL, 1, both, 2, 0, 0) != SC_OK || same_row(out, a, 1, 0, 0, 1) != SC_OK ||
	    same_row(out, a, 1, 1, 0, 1) != SC_OK)
		return SC_ENOMEM;
	out->note = N_("Shares at 6 and 12 months are of those whose follow-up was registered with a known status. "
		       "Self-supporting: in work at 12 months and not receiving the benefit.");
	return SC_OK;
}

/* ---- Time to work ---- */

static const char *const ttw_cols[] = {
	N_("People started"), N_("Found work"), N_("First quartile (days)"), N_("Median (days)"),
	N_("Third quartile (days)"),
};

/* The days from the start to the first job of x (report_first_job(), or
 * as the store kept them): false when none, or the job before the start. */
static bool
job_days_of(const struct report_period *x, int64_t *d)
{
	if (x->days_kept) {
		*d = x->job_days;
		return x->job_days >= 0;
	}
	struct date job;
	if (!report_first_job(x, &job) || date_cmp(job, x->start) < 0)
		return false;
	*d = date_to_days(job) - date_to_days(x->start);
	return true;
}

/* The days from the referral to the start of x: false when none, or the
 * start before the referral. */
static bool
wait_days_of(const struct report_period *x, int64_t *d)
{
	if (x->days_kept) {
		*d = x->wait_days;
		return x->wait_days >= 0;
	}
	if (x->referred_on.y == 0)
		return false;
	*d = date_to_days(x->start) - date_to_days(x->referred_on);
	return *d >= 0;
}

/* Fills cells first, first + 1, first + 2 with the quartiles of the nd
 * days of weights w (sorted here), from people. */
static void
quartile_cells(struct report_table *t, size_t row, size_t first, int64_t *days, int64_t *w, size_t nd,
	       int64_t people)
{
	stats_sort_weighted(days, w, nd);
	for (int q = 1; q <= 3; q++) {
		struct report_cell *c = report_at(t, row, first + (size_t)q - 1);
		c->kind = RC_TENTHS;
		c->n = people;
		if (!stats_quartile_tenths_weighted(days, w, nd, q, &c->value))
			c->value = 0;
	}
}

/* Fills a row of ttw_cols from the days of those who found work. */
static void
ttw_row(struct report_table *t, size_t row, int64_t started, int64_t *days, int64_t *w, size_t ndays,
	int64_t found)
{
	set_count(report_at(t, row, 0), started);
	set_share(report_at(t, row, 1), found, started);
	quartile_cells(t, row, 2, days, w, ndays, found);
}

static int
ttw_sums(struct report *rep, struct arena *a, size_t years)
{
	struct report_ref *parts = arena_alloc(a, sizeof *parts * (years > 0 ? years : 1));
	if (parts == NULL || same_row(rep, a, 0, 0, 1, 4) != SC_OK)
		return SC_ENOMEM;
	for (size_t col = 0; col < 2; col++) {
		for (size_t y = 0; y < years; y++)
			parts[y] = ref(1, y, col);
		struct report_ref total = ref(0, 0, col);
		if (report_sum_add(rep, a, &total, parts, years, 0) != SC_OK)
			return SC_ENOMEM;
	}
	for (size_t y = 0; y < years; y++)
		if (same_row(rep, a, 1, y, 1, 4) != SC_OK)
			return SC_ENOMEM;
	return SC_OK;
}

int
report_time_to_work(const struct report_period *p, size_t n, const struct report_filter *f,
		    struct arena *a, struct report *out)
{
	memset(out, 0, sizeof *out);
	int64_t *days = arena_alloc(a, sizeof *days * (n > 0 ? n : 1));
	int64_t *dw = arena_alloc(a, sizeof *dw * (n > 0 ? n : 1));
	int64_t *cohort_days = arena_alloc(a, sizeof *cohort_days * (n > 0 ? n : 1));
	int64_t *cw = arena_alloc(a, sizeof *cw * (n > 0 ? n : 1));
	if (days == NULL || dw == NULL || cohort_days == NULL || cw == NULL)
		return SC_ENOMEM;
	int ymin = 9999, ymax = 0;
	size_t nd = 0;
	int64_t started = 0, found = 0;
	for (size_t i = 0; i < n; i++) {
		const struct report_period *x = &p[i];
		if (!report_in_period(f, x->start) || !report_period_matches(f, x))
			continue;
		int64_t w = report_weight(x);
		started += w;
		if (x->start.y < ymin)
			ymin = x->start.y;
		if (x->start.y > ymax)
			ymax = x->start.y;
		int64_t d;
		if (job_days_of(x, &d)) {
			days[nd] = d;
			dw[nd++] = w;
			found += w;
		}
	}
	struct report_table *t = report_table_new(out, a, "time_to_work", N_("Time to work"), ttw_cols, 5, 1, true);
	if (t == NULL)
		return SC_ENOMEM;
	t->rows[0] = N_("Everyone started");
	ttw_row(t, 0, started, days, dw, nd, found);
	size_t years = started > 0 ? (size_t)(ymax - ymin + 1) : 0;
	struct report_table *c = report_table_new(out, a, "by_cohort", N_("By start cohort"), ttw_cols, 5, years, false);
	if (c == NULL)
		return SC_ENOMEM;
	for (size_t y = 0; y < years; y++) {
		int year = ymin + (int)y;
		c->rows[y] = arena_printf(a, "%d", year);
		size_t cn = 0;
		int64_t cstarted = 0, cfound = 0;
		for (size_t i = 0; i < n; i++) {
			const struct report_period *x = &p[i];
			if (x->start.y != year || !report_in_period(f, x->start) || !report_period_matches(f, x))
				continue;
			int64_t w = report_weight(x);
			cstarted += w;
			int64_t d;
			if (job_days_of(x, &d)) {
				cohort_days[cn] = d;
				cw[cn++] = w;
				cfound += w;
			}
		}
		ttw_row(c, y, cstarted, cohort_days, cw, cn, cfound);
	}
	/* the cohorts make everyone started and who found work; the quartiles
	 * are of who found work */
	if (ttw_sums(out, a, years) != SC_OK)
		return SC_ENOMEM;
	c->chart = CHART_LINE;
	c->chart_col = 3;
	out->note = N_("The first job is the exit into work, or else the first follow-up that found the person in work.");
	return SC_OK;
}

/* ---- costs, the cost-benefit account, the forecast ---- */

/* Days of [a, b] (both counted) within year y; 0 when none. */
static int64_t
days_in_year(struct date a, struct date b, int y)
{
	struct date y0 = {y, 1, 1}, y1 = {y, 12, 31};
	if (date_cmp(a, y0) < 0)
		a = y0;
	if (date_cmp(b, y1) > 0)
		b = y1;
	int64_t d = date_to_days(b) - date_to_days(a) + 1;
	return d > 0 ? d : 0;
}

/* The days within year y of the periods x stands for, from the start to
 * the exit, or to today while in the programme. */
static int64_t
period_days(const struct report_period *x, int y, struct date today)
{
	if (!x->day_sums)
		return days_in_year(x->start, x->exit.y != 0 ? x->exit : today, y);
	/* each of the days_n periods starts and ends within [start.y, end]:
	 * within y it runs from max(start, 1 January) to min(end, 31
	 * December), never empty when y lies between the two years */
	int end_y = x->exit.y != 0 ? x->exit.y : today.y;
	if (x->days_n == 0 || x->start.y > y || end_y < y)
		return 0;
	int64_t y0 = date_to_days((struct date){y, 1, 1}), y1 = date_to_days((struct date){y, 12, 31});
	int64_t from = x->start.y < y ? x->days_n * y0 : x->start_days;
	int64_t to = end_y > y ? x->days_n * y1 : x->exit.y != 0 ? x->exit_days : x->days_n * date_to_days(today);
	return to - from + x->days_n;
}

int64_t
report_participant_days(const struct report_period *p, size_t n, const struct report_filter *f, int year,
			struct date today)
{
	int64_t days = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i].start.y == 0 || !report_period_matches(f, &p[i]))
			continue;
		days += period_days(&p[i], year, today);
	}
	return days;
}

void
report_exits_add(int status, int64_t n, int64_t *exits, int64_t *completers, int64_t *work_edu)
{
	struct report_period x = {.exit = {2000, 1, 1}, .exit_status = status};
	*exits += n;
	if (report_completer(&x)) {
		*completers += n;
		if (in_work(status) || status == RS_EDUCATION)
			*work_edu += n;
	}
}

int64_t
report_completers_in(const struct report_period *p, size_t n, const struct report_filter *f, int year)
{
	int64_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].exit.y == year && report_completer(&p[i]) && report_period_matches(f, &p[i]))
			c += report_weight(&p[i]);
	return c;
}

/* a / b rounded half up, for a, b >= 0; -1 when b is 0. */
static int64_t
div_round(int64_t a, int64_t b)
{
	return b > 0 ? (a + b / 2) / b : -1;
}

void
report_cost_year_fill(struct report_cost_year *y)
{
	int64_t all = y->cost + y->benefits;
	y->per_participant_year = div_round(all * 365, y->participant_days);
	y->per_completer = div_round(all, y->completers);
}

/* The latest status known of a period: 12 months, 6 months, exit. */
static int
latest_status(const struct report_period *p)
{
	if (p->status12 != RS_NONE && p->status12 != RS_UNKNOWN)
		return p->status12;
	if (p->status6 != RS_NONE && p->status6 != RS_UNKNOWN)
		return p->status6;
	return p->exit_status;
}

int
report_cb_cohorts(const struct report_period *p, size_t n, const struct report_filter *f, const int64_t *costs_year,
		  const int64_t *costs, size_t ncosts, struct date today, struct arena *a,
		  struct report_cb_cohort **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	int ymin = 9999, ymax = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i].exit.y == 0 || !report_period_matches(f, &p[i]))
			continue;
		if (p[i].exit.y < ymin)
			ymin = p[i].exit.y;
		if (p[i].exit.y > ymax)
			ymax = p[i].exit.y;
	}
	if (ymax == 0)
		return SC_OK;
	size_t nc = (size_t)(ymax - ymin + 1);
	struct report_cb_cohort *c = arena_alloc(a, sizeof *c * nc);
	/* each year's days of everyone, to share its cost by */
	int64_t *ydays = arena_alloc(a, sizeof *ydays * (ncosts > 0 ? ncosts : 1));
	if (c == NULL || ydays == NULL)
		return SC_ENOMEM;
	memset(c, 0, sizeof *c * nc);
	for (size_t k = 0; k < ncosts; k++)
		ydays[k] = report_participant_days(p, n, f, (int)costs_year[k], today);
	long double *share = arena_alloc(a, sizeof *share * nc);
	if (share == NULL)
		return SC_ENOMEM;
	for (size_t y = 0; y < nc; y++) {
		c[y].year = ymin + (int)y;
		share[y] = 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (p[i].exit.y == 0 || !report_period_matches(f, &p[i]))
			continue;
		struct report_cb_cohort *x = &c[p[i].exit.y - ymin];
		int64_t w = report_weight(&p[i]);
		x->exits += w;
		int st = latest_status(&p[i]);
		x->in_work += st == RS_EMPLOYED_FULL || st == RS_EMPLOYED_PART ? w : 0;
		for (size_t k = 0; k < ncosts; k++) {
			if (ydays[k] == 0)
				continue;
			/* an exited period: from the start to the exit */
			int64_t d = period_days(&p[i], (int)costs_year[k], today);
			share[p[i].exit.y - ymin] += (long double)costs[k] * d / ydays[k];
		}
	}
	for (size_t y = 0; y < nc; y++)
		c[y].cost = (int64_t)(share[y] + 0.5L);
	*out = c;
	*nout = nc;
	return SC_OK;
}

void
report_forecast(int64_t waiting, int64_t free_places, const struct date *exits, size_t nexits,
		int64_t referrals_12m, struct date today, struct report_forecast_month out[REPORT_FORECAST_MONTHS])
{
	int64_t total_places = free_places;
	struct date first = {today.y, today.m, 1};   /* calendar months: this one from today */
	/* The part of this month from today is rest of its dim days: the referrals
	 * expected by the end of month m are referrals_12m * (m + rest / dim)
	 * / 12, rounded down; a month's are the difference (a remainder is
	 * carried to the next month). */
	int64_t dim = date_days_in_month(today.y, today.m), rest = dim - today.d + 1;
	if (dim <= 0 || rest < 1 || rest > dim)
		dim = rest = 1;   /* not a date: the month whole */
	int64_t expected = 0;   /* referrals expected by the previous month's end */
	for (int m = 0; m < REPORT_FORECAST_MONTHS; m++) {
		struct report_forecast_month *x = &out[m];
		memset(x, 0, sizeof *x);
		x->from = m == 0 ? today : date_add_months(first, m);
		struct date to = date_add_months(first, m + 1);
		int64_t by_end = referrals_12m * (m * dim + rest) / (12 * dim);
		x->arrivals = by_end - expected;
		expected = by_end;
		x->places = m == 0 ? free_places : 0;
		for (size_t i = 0; i < nexits; i++) {
			/* overdue planned ends count in the first month */
			bool in = date_cmp(exits[i], to) < 0 && (m == 0 || date_cmp(exits[i], x->from) >= 0);
			x->places += in;
		}
		if (m > 0)
			total_places += x->places;
		else
			total_places = x->places;
	}
	int64_t spare = 0;   /* places that stayed free: they wait for the next arrivals */
	for (int m = 0; m < REPORT_FORECAST_MONTHS; m++) {
		struct report_forecast_month *x = &out[m];
		int64_t queue = waiting + x->arrivals, open = x->places + spare;
		x->starts = queue < open ? queue : open;
		spare = open - x->starts;
		waiting = queue - x->starts;
		x->waiting = waiting;
		/* the average places a month over the year, in places per 12 months */
		x->wait_days = total_places > 0 ? (waiting * 12 * 30 + total_places - 1) / total_places : -1;
	}
}

/* ---- the cost-benefit account and the annual report ---- */

static void
set_money(struct report_cell *c, int64_t ore, int64_t people)
{
	c->kind = RC_MONEY;
	c->value = ore;
	c->n = people;
}

static const char *const cb_observed_cols[] = {N_("Exits"), N_("In work"), N_("Cost of the cohort")};
static const char *const cb_projected_cols[] = {
	N_("Saving per person a year"), N_("Present value of savings"), N_("Net present value"),
	N_("Savings per 100 kr of cost"),
};
static const int sens_rates[] = {200, 300, 400, 500, 600};
static const int sens_keep[] = {7000, 8000, 9000, 10000};
static const char *const sens_cols[] = {N_("Persistence 70%"), N_("Persistence 80%"), N_("Persistence 90%"),
					N_("Persistence 100%")};
static const char *const sens_rows[] = {N_("Discount rate 2%"), N_("Discount rate 3%"), N_("Discount rate 4%"),
					N_("Discount rate 5%"), N_("Discount rate 6%")};

/* A cohort's in-work share and its projected figures are of the same
 * people; each figure of the sensitivity table is of every cohort, so
 * their net present values add up to it. */
static int
cb_sums(struct report *rep, struct arena *a, size_t n)
{
	struct report_ref *parts = arena_alloc(a, sizeof *parts * (n > 0 ? n : 1));
	if (parts == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct report_ref same[4] = {ref(0, i, 1), ref(1, i, 1), ref(1, i, 2), ref(1, i, 3)};
		if (report_same_add(rep, a, same, 4) != SC_OK)
			return SC_ENOMEM;
		parts[i] = ref(1, i, 2);
	}
	for (size_t i = 0; i < 5; i++)
		for (size_t k = 0; k < 4; k++) {
			struct report_ref total = ref(2, i, k);
			if (report_sum_add(rep, a, &total, parts, n, 0) != SC_OK)
				return SC_ENOMEM;
		}
	return SC_OK;
}

int
report_cost_benefit(const struct report_cb_cohort *c, size_t n, const struct cb_params *pr, int64_t benefit,
		    int64_t earnings, struct arena *a, struct report *out)
{
	memset(out, 0, sizeof *out);
	struct report_table *obs = report_table_new(out, a, "observed", N_("Observed: the exit cohorts"),
						    cb_observed_cols, 3, n, false);
	struct report_table *proj = report_table_new(out, a, "projected", N_("Projected: the public savings"),
						     cb_projected_cols, 4, n, false);
	if (obs == NULL || proj == NULL)
		return SC_ENOMEM;
	int64_t all_cost = 0, all_work = 0;
	for (size_t i = 0; i < n; i++) {
		const char *year = arena_printf(a, "%d", c[i].year);
		obs->rows[i] = proj->rows[i] = year;
		set_count(report_at(obs, i, 0), c[i].exits);
		set_share(report_at(obs, i, 1), c[i].in_work, c[i].exits);
		set_money(report_at(obs, i, 2), c[i].cost, -1);
		struct cb_cohort co = {c[i].cost, c[i].in_work, benefit, earnings};
		struct cb_result r;
		cb_compute(pr, &co, &r);
		set_money(report_at(proj, i, 0), r.saving_per_person, -1);
		set_money(report_at(proj, i, 1), r.pv_savings, c[i].in_work);
		set_money(report_at(proj, i, 2), r.npv, c[i].in_work);
		struct report_cell *ratio = report_at(proj, i, 3);
		ratio->kind = RC_MONEY;
		ratio->n = c[i].in_work;
		/* kroner per 100 kr of cost, in øre to the hundredth as it is printed:
		 * PV * 10000 / cost, rounded half up (integers: no floating point for money) */
		ratio->value = c[i].cost > 0 && r.pv_savings > 0
			? (int64_t)(((__int128)r.pv_savings * 10000 + c[i].cost / 2) / c[i].cost)
			: 0;
		all_cost += c[i].cost;
		all_work += c[i].in_work;
	}
	struct report_table *sens = report_table_new(out, a, "sensitivity",
						     N_("Sensitivity: net present value of every cohort"), sens_cols, 4, 5, true);
	if (sens == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < 5; i++) {
		sens->rows[i] = sens_rows[i];
		for (size_t k = 0; k < 4; k++) {
			struct cb_params q = *pr;
			q.discount_bp = sens_rates[i];
			q.persistence_bp = sens_keep[k];
			struct cb_cohort co = {all_cost, all_work, benefit, earnings};
			struct cb_result r;
			cb_compute(&q, &co, &r);
			set_money(report_at(sens, i, k), r.npv, all_work);
		}
	}
	if (cb_sums(out, a, n) != SC_OK)
		return SC_ENOMEM;
	obs->chart = CHART_BAR;
	obs->chart_col = 1;
	out->note = N_("Observed: the exits, who was in work (the latest follow-up, else the exit) and the cost. "
		       "Projected: the savings over the horizon under the parameters, discounted to the exit year.");
	return SC_OK;
}

static const char *const annual_cols[] = {N_("People"), N_("Share")};

/* The annual report's sums: the outcomes (table 1) make the exits, the
 * completers and those into work or education (table 0); completers,
 * moved and dropped out the exits; the shares are of their counts. */
static int
annual_sums(struct report *rep, struct arena *a, const int64_t *by, int64_t exits, int64_t completers)
{
	static const size_t all[] = {0, 1, 2, 3, 4, 5, 6}, done[] = {0, 1, 2, 3, 6}, work_edu[] = {0, 1, 2};
	int64_t shown_all = 0, shown_done = 0;
	for (size_t i = 0; i < 7; i++)
		shown_all += by[all[i]];
	for (size_t i = 0; i < 5; i++)
		shown_done += by[done[i]];
	struct report_ref t_exits = ref(0, 2, 0), t_done = ref(0, 3, 0), t_work_edu = ref(0, 4, 0);
	struct report_ref exits_parts[3] = {t_done, ref(1, 4, 0), ref(1, 5, 0)};
	struct report_ref done_parts[3] = {t_work_edu, ref(1, 3, 0), ref(1, 6, 0)};
	int rc = sum_rows(rep, a, &t_exits, 1, all, 7, 0, exits - shown_all);
	if (rc == SC_OK)
		rc = sum_rows(rep, a, &t_done, 1, done, 5, 0, completers - shown_done);
	if (rc == SC_OK)
		rc = sum_rows(rep, a, &t_work_edu, 1, work_edu, 3, 0, 0);
	if (rc == SC_OK)
		rc = report_sum_add(rep, a, &t_exits, exits_parts, 3, 0);
	if (rc == SC_OK)
		rc = report_sum_add(rep, a, &t_done, done_parts, 3, completers - shown_done);
	for (size_t row = 3; rc == SC_OK && row <= 4; row++)
		rc = same_row(rep, a, 0, row, 0, 1);
	for (size_t row = 0; rc == SC_OK && row < 7; row++)
		rc = same_row(rep, a, 1, row, 0, 1);
	return rc;
}

int
report_annual(const struct report_period *p, size_t n, const struct report_filter *f, int year, int64_t cost,
	      int64_t benefits, struct arena *a, struct report *out)
{
	memset(out, 0, sizeof *out);
	struct date y0 = {year, 1, 1}, y1 = {year, 12, 31};
	int64_t during = 0, starts = 0, exits = 0, completers = 0, work_edu = 0;
	int64_t by[RS_UNEMPLOYED + 1] = {0};
	for (size_t i = 0; i < n; i++) {
		const struct report_period *x = &p[i];
		if (!report_period_matches(f, x) || x->start.y == 0 || date_cmp(x->start, y1) > 0)
			continue;
		if (x->exit.y != 0 && date_cmp(x->exit, y0) < 0)
			continue;
		int64_t w = report_weight(x);
		during += w;
		starts += x->start.y == year ? w : 0;
		if (x->exit.y == year) {
			if (x->exit_status >= 0 && x->exit_status <= RS_UNEMPLOYED)
				by[x->exit_status] += w;
			report_exits_add(x->exit_status, w, &exits, &completers, &work_edu);
		}
	}
	struct report_table *t = report_table_new(out, a, "annual", N_("The year"), annual_cols, 2, 5, true);
	if (t == NULL)
		return SC_ENOMEM;
	t->rows[0] = N_("Participants during the year");
	t->rows[1] = N_("New starts");
	t->rows[2] = N_("Exits");
	t->rows[3] = N_("Completers");
	t->rows[4] = N_("Completers into work or education");
	set_count(report_at(t, 0, 0), during);
	set_count(report_at(t, 1, 0), starts);
	set_count(report_at(t, 2, 0), exits);
	set_count(report_at(t, 3, 0), completers);
	set_share(report_at(t, 3, 1), completers, exits);
	set_count(report_at(t, 4, 0), work_edu);
	set_share(report_at(t, 4, 1), work_edu, completers);
	static const char *const outcome_rows[] = {
		N_("Employed full-time"), N_("Employed part-time"), N_("Education"), N_("Other programme"),
		N_("Moved"), N_("Dropped out"), N_("Other"),
	};
	struct report_table *o = report_table_new(out, a, "exits", N_("Exits by outcome"), annual_cols, 2, 7, true);
	if (o == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < 7; i++) {
		o->rows[i] = outcome_rows[i];
		set_count(report_at(o, i, 0), by[i]);
		set_share(report_at(o, i, 1), by[i], exits);
	}
	o->chart = CHART_BAR;
	o->chart_col = 0;
	if (annual_sums(out, a, by, exits, completers) != SC_OK)
		return SC_ENOMEM;
	static const char *const money_cols[] = {N_("Amount")};
	struct report_table *m = report_table_new(out, a, "cost", N_("The programme's cost"), money_cols, 1, 3, true);
	if (m == NULL)
		return SC_ENOMEM;
	m->rows[0] = N_("Costs entered for the year");
	m->rows[1] = N_("Benefits paid");
	m->rows[2] = N_("Total");
	set_money(report_at(m, 0, 0), cost, -1);
	set_money(report_at(m, 1, 0), benefits, -1);
	set_money(report_at(m, 2, 0), cost + benefits, -1);
	out->note = N_("A completer exited with an outcome other than dropped out or moved.");
	return SC_OK;
}

bool
report_median_wait(const struct report_period *p, size_t n, const struct report_filter *f, int year,
		   struct arena *a, int64_t *tenths, int64_t *people)
{
	*people = 0;
	*tenths = 0;
	int64_t *days = arena_alloc(a, sizeof *days * (n > 0 ? n : 1));
	int64_t *w = arena_alloc(a, sizeof *w * (n > 0 ? n : 1));
	if (days == NULL || w == NULL)
		return false;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct report_period *x = &p[i];
		if (x->start.y != year || !report_period_matches(f, x) || !wait_days_of(x, &days[k]))
			continue;
		w[k] = report_weight(x);
		*people += w[k++];
	}
	stats_sort_weighted(days, w, k);
	return stats_quartile_tenths_weighted(days, w, k, 2, tenths);
}

/* ---- Intake and Caseloads ---- */

static const char *const source_keys[REPORT_NSOURCES] = {"nav", "intro", "self", "other"};
static const char *const source_labels[REPORT_NSOURCES] = {N_("NAV"), N_("The introduction programme"),
							   N_("Self-referred"), N_("Other")};
static const char *const rule_keys[REPORT_NRULES] = {"age", "intro_ended", "not_enrolled", "lawful_residence"};
static const char *const rule_labels[REPORT_NRULES] = {N_("Age"), N_("Introduction programme ended"),
						       N_("Not enrolled already"), N_("Lawful residence")};

static int
key_index(const char *const *keys, size_t n, const char *key)
{
	for (size_t i = 0; key != NULL && i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return (int)i;
	return -1;
}

int
report_source_of(const char *key)
{
	return key_index(source_keys, REPORT_NSOURCES, key);
}

int
report_rule_of(const char *key)
{
	return key_index(rule_keys, REPORT_NRULES, key);
}

void
report_month_ends(struct date until, struct date out[12])
{
	for (int i = 0; i < 12; i++) {
		struct date first = {until.y, until.m, 1};
		first = date_add_months(first, i - 11);
		struct date end = date_add_days(date_add_months(first, 1), -1);
		out[i] = i == 11 ? until : end;
	}
}

struct date
report_intake_until(const struct report_filter *f, struct date today)
{
	return f->to.y != 0 && date_cmp(f->to, today) < 0 ? f->to : today;
}

/* A referral seen as a period for the filters: its day is the referral's. */
static bool
referral_matches(const struct report_filter *f, const struct report_referral *r)
{
	struct report_period p = {
		.centre_id = r->centre_id, .contact_id = r->contact_id, .birth = r->birth, .start = r->referred_on,
		.gender = r->gender, .country = r->country, .schooling = r->schooling,
		.age_kept = r->age_kept, .age = r->age,
	};
	struct report_filter g = *f;
	g.cohort = FIELD_NONE;
	g.scheme = -1;   /* a referral comes before a period and its scheme (app_report() refuses it) */
	return report_period_matches(&g, &p);
}

static const char *const intake_source_cols[] = {N_("Referrals"), N_("Share")};
static const char *const intake_rule_cols[] = {N_("Passed"), N_("Failed")};
static const char *const intake_wait_cols[] = {N_("Waiting")};
static const char *const intake_days_cols[] = {N_("People started"), N_("First quartile (days)"),
					       N_("Median (days)"), N_("Third quartile (days)")};

int
report_intake(const struct report_period *p, size_t n, const struct report_referral *rf, size_t nr,
	      const struct report_filter *f, struct date today, struct arena *a, struct report *out)
{
	memset(out, 0, sizeof *out);
	int64_t by_source[REPORT_NSOURCES] = {0}, all = 0;
	int64_t pass[REPORT_NRULES] = {0}, fail[REPORT_NRULES] = {0}, passed_all = 0, failed_any = 0;
	struct date ends[12];
	report_month_ends(report_intake_until(f, today), ends);
	int64_t waiting[12] = {0};
	for (size_t i = 0; i < nr; i++) {
		const struct report_referral *r = &rf[i];
		if (!referral_matches(f, r))
			continue;
		int64_t w = r->n != 0 ? r->n : 1;
		for (int m = 0; m < 12; m++)
			if (r->waiting_from.y != 0 && date_cmp(r->waiting_from, ends[m]) <= 0 &&
			    (r->waiting_until.y == 0 || date_cmp(r->waiting_until, ends[m]) > 0))
				waiting[m] += w;
		if (r->list_only || !report_in_period(f, r->referred_on))
			continue;
		all += w;
		if (r->source >= 0 && r->source < REPORT_NSOURCES)
			by_source[r->source] += w;
		bool screened = false, failed = false;
		for (int k = 0; k < REPORT_NRULES; k++) {
			pass[k] += r->screen[k] == 1 ? w : 0;
			fail[k] += r->screen[k] == 0 ? w : 0;
			screened = screened || r->screen[k] >= 0;
			failed = failed || r->screen[k] == 0;
		}
		/* each referral once: passed every rule, or failed one or more */
		passed_all += screened && !failed ? w : 0;
		failed_any += failed ? w : 0;
	}
	struct report_table *t = report_table_new(out, a, "sources", N_("Referrals by source"), intake_source_cols, 2,
						  REPORT_NSOURCES, true);
	if (t == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < REPORT_NSOURCES; i++) {
		t->rows[i] = source_labels[i];
		set_count(report_at(t, i, 0), by_source[i]);
		set_share(report_at(t, i, 1), by_source[i], all);
	}
	{
		/* the sources make every referral, the shares' base */
		static const size_t rows[REPORT_NSOURCES] = {0, 1, 2, 3};
		int64_t known = 0;
		for (size_t i = 0; i < REPORT_NSOURCES; i++)
			known += by_source[i];
		if (sum_rows(out, a, NULL, 0, rows, REPORT_NSOURCES, 0, all - known) != SC_OK)
			return SC_ENOMEM;
		for (size_t i = 0; i < REPORT_NSOURCES; i++)
			if (same_row(out, a, 0, i, 0, 1) != SC_OK)
				return SC_ENOMEM;
	}
	t->chart = CHART_BAR;
	t->chart_col = 0;
	/* each referral is screened on every rule: the rules' rows do not add
	 * up, and the total row is the referrals screened, each once */
	struct report_table *s = report_table_new(out, a, "screening", N_("Screening: the latest result by rule"),
						  intake_rule_cols, 2, REPORT_NRULES + 1, true);
	if (s == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < REPORT_NRULES; i++) {
		s->rows[i] = rule_labels[i];
		set_count(report_at(s, i, 0), pass[i]);
		set_count(report_at(s, i, 1), fail[i]);
	}
	s->rows[REPORT_NRULES] = N_("Referrals screened");
	set_count(report_at(s, REPORT_NRULES, 0), passed_all);
	set_count(report_at(s, REPORT_NRULES, 1), failed_any);
	s->total = true;
	/* rule A: a row's passed and failed add up to the referrals screened,
	 * which the total row (or any row shown whole) tells */
	for (size_t i = 0; i <= REPORT_NRULES; i++) {
		struct report_ref both[2] = {ref(1, i, 0), ref(1, i, 1)};
		if (report_sum_add(out, a, NULL, both, 2, 0) != SC_OK)
			return SC_ENOMEM;
	}
	struct report_table *w = report_table_new(out, a, "waiting", N_("The waiting list at each month's end"),
						  intake_wait_cols, 1, 12, false);
	if (w == NULL)
		return SC_ENOMEM;
	for (size_t m = 0; m < 12; m++) {
		char d[11];
		date_format(ends[m], d);
		w->rows[m] = arena_strdup(a, d);
		set_count(report_at(w, m, 0), waiting[m]);
	}
	w->chart = CHART_LINE;
	w->chart_col = 0;
	/* the wait from referral to start */
	int64_t *days = arena_alloc(a, sizeof *days * (n > 0 ? n : 1));
	int64_t *dw = arena_alloc(a, sizeof *dw * (n > 0 ? n : 1));
	if (days == NULL || dw == NULL)
		return SC_ENOMEM;
	size_t k = 0;
	int64_t started = 0;
	for (size_t i = 0; i < n; i++) {
		const struct report_period *x = &p[i];
		if (!report_in_period(f, x->start) || !report_period_matches(f, x))
			continue;
		int64_t dd;
		if (wait_days_of(x, &dd)) {
			days[k] = dd;
			dw[k++] = report_weight(x);
			started += report_weight(x);
		}
	}
	struct report_table *d = report_table_new(out, a, "wait", N_("From referral to start"), intake_days_cols, 4, 1,
						  true);
	if (d == NULL)
		return SC_ENOMEM;
	d->rows[0] = N_("Periods started");
	set_count(report_at(d, 0, 0), started);
	quartile_cells(d, 0, 1, days, dw, k, started);
	out->note = N_("On the waiting list: from the day a referral was put on it until it was accepted, declined, "
		       "withdrawn or found ineligible. Screening: each referral is screened on every rule, so the "
		       "rules' rows do not add up; the row \"Referrals screened\" counts each referral once, passed "
		       "when it passed every rule and failed when it failed one or more.");
	return SC_OK;
}

static const char *const cl_now_cols[] = {N_("In the programme"), N_("Cap"), N_("Share of the cap")};
static const char *const cl_time_cols[] = {N_("In the programme"), N_("With a contact person")};

/* True when period x is in the programme on day d. */
static bool
active_on(const struct report_period *x, struct date d)
{
	return x->start.y != 0 && date_cmp(x->start, d) <= 0 && (x->exit.y == 0 || date_cmp(x->exit, d) > 0);
}

/* One change of the period x (arena array *out, room for *cap). */
static int
add_change(struct arena *a, struct report_change **out, size_t *nout, size_t *cap, const struct report_period *x,
	   bool assigned, struct date on, int64_t n)
{
	if (*nout == *cap) {
		size_t more = *cap ? *cap * 2 : 64;
		struct report_change *g = arena_alloc(a, sizeof *g * more);
		if (g == NULL)
			return SC_ENOMEM;
		if (*nout > 0)
			memcpy(g, *out, sizeof *g * *nout);
		*out = g;
		*cap = more;
	}
	(*out)[(*nout)++] = (struct report_change){.period = x, .assigned = assigned, .on = on, .n = n};
	return SC_OK;
}

/* a < b, where a day of year 0 is after every day (still open). */
static bool
before_open(struct date a, struct date b)
{
	return a.y != 0 && (b.y == 0 || date_cmp(a, b) < 0);
}

/* The span from .. to (to y 0: open) as changes of x. */
static int
add_span(struct arena *a, struct report_change **out, size_t *nout, size_t *cap, const struct report_period *x,
	 bool assigned, struct date from, struct date to)
{
	int rc = add_change(a, out, nout, cap, x, assigned, from, 1);
	if (rc == SC_OK && to.y != 0)
		rc = add_change(a, out, nout, cap, x, assigned, to, -1);
	return rc;
}

int
report_caseload_changes(const struct report_period *p, size_t n, const struct report_assignment *as, size_t na,
			struct arena *a, struct report_change **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	size_t cap = 0;
	int rc = SC_OK;
	for (size_t i = 0; i < n && rc == SC_OK; i++) {
		const struct report_period *x = &p[i];
		/* in the programme from the start until the exit (that day no longer) */
		if (!before_open(x->start, x->exit))
			continue;
		rc = add_span(a, out, nout, &cap, x, false, x->start, x->exit);
		/* the participant's assignments, made disjoint: each from where the
		 * earlier ones ended */
		size_t lo = 0, hi = na;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (as[mid].participant_id < x->participant_id)
				lo = mid + 1;
			else
				hi = mid;
		}
		struct date reached = {0, 0, 0};   /* the latest end so far; y 0 with none yet */
		bool any = false, open = false;
		for (size_t j = lo; j < na && as[j].participant_id == x->participant_id && rc == SC_OK && !open; j++) {
			struct date from = as[j].from, to = as[j].to;
			if (any && date_cmp(reached, from) > 0)
				from = reached;
			if (to.y == 0)
				open = true;
			else if (!any || date_cmp(to, reached) > 0)
				reached = to;
			any = true;
			if (!before_open(from, to))
				continue;
			/* within the period, under the assignment's contact person */
			struct date s = date_cmp(from, x->start) > 0 ? from : x->start;
			struct date e = to.y != 0 && before_open(to, x->exit) ? to : x->exit;
			if (!before_open(s, e))
				continue;
			const struct report_period *y = x;
			if (as[j].contact_id != x->contact_id) {   /* an earlier contact person's: a copy */
				struct report_period *c = arena_alloc(a, sizeof *c);
				if (c == NULL)
					return SC_ENOMEM;
				*c = *x;
				c->contact_id = as[j].contact_id;
				y = c;
			}
			rc = add_span(a, out, nout, &cap, y, true, s, e);
		}
	}
	return rc;
}

int
report_caseloads(const struct report_period *p, size_t n, const struct report_change *ch, size_t nch,
		 const struct report_contact *c, size_t nc, const struct report_filter *f, struct date today,
		 struct arena *a, struct report *out)
{
	memset(out, 0, sizeof *out);
	struct report_table *t = report_table_new(out, a, "now", N_("Caseloads today against the cap"), cl_now_cols, 3,
						  nc, false);
	if (t == NULL)
		return SC_ENOMEM;
	/* each contact person's count, found by id (ids sorted beside their index) */
	int64_t *ids = arena_alloc(a, sizeof *ids * (nc > 0 ? nc : 1));
	int64_t *counts = arena_alloc(a, sizeof *counts * (nc > 0 ? nc : 1));
	if (ids == NULL || counts == NULL)
		return SC_ENOMEM;
	for (size_t k = 0; k < nc; k++) {
		ids[k] = c[k].id * 100000 + (int64_t)k;   /* id, then the index: sorted together */
		counts[k] = 0;
	}
	stats_sort(ids, nc);
	for (size_t i = 0; i < n; i++) {
		if (p[i].contact_id == 0 || !active_on(&p[i], today) || !report_period_matches(f, &p[i]))
			continue;
		size_t lo = 0, hi = nc;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (ids[mid] / 100000 < p[i].contact_id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < nc && ids[lo] / 100000 == p[i].contact_id)
			counts[ids[lo] % 100000] += report_weight(&p[i]);
	}
	for (size_t k = 0; k < nc; k++) {
		int64_t active = counts[k];
		t->rows[k] = c[k].name;
		set_count(report_at(t, k, 0), active);
		*report_at(t, k, 1) = (struct report_cell){.kind = RC_NUMBER, .value = c[k].cap};
		set_share(report_at(t, k, 2), active, c[k].cap);
	}
	t->chart = CHART_BAR;
	t->chart_col = 0;
	struct date ends[12];
	report_month_ends(today, ends);
	struct report_table *w = report_table_new(out, a, "over_time", N_("At each month's end"), cl_time_cols, 2, 12,
						  false);
	if (w == NULL)
		return SC_ENOMEM;
	/* under a contact person, the participants they had at each month's
	 * end (their spans: a period's own contact person is today's) */
	bool one_contact = f->contact_id != 0;
	for (size_t m = 0; m < 12; m++) {
		int64_t active = 0, assigned = 0;
		for (size_t i = 0; i < nch; i++) {
			if (date_cmp(ch[i].on, ends[m]) > 0 || (one_contact && !ch[i].assigned) ||
			    !report_period_matches(f, ch[i].period))
				continue;
			if (ch[i].assigned)
				assigned += ch[i].n;
			if (!ch[i].assigned || one_contact)
				active += ch[i].n;
		}
		char d[11];
		date_format(ends[m], d);
		w->rows[m] = arena_strdup(a, d);
		set_count(report_at(w, m, 0), active);
		set_count(report_at(w, m, 1), assigned);
	}
	w->chart = CHART_LINE;
	w->chart_col = 0;
	out->note = N_("The share of the cap counts a caseload of fewer than 5 as not shown, like every figure.");
	return SC_OK;
}
