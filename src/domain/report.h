/*
 * report.h — the reports' one declared shape (issue 12): the filters every
 * report takes, the facts the store returns for them, and the tables of
 * cells a report is, with the rule that no cell shows fewer than five
 * people (stats.h).
 *
 * The store returns one row per programme period (struct report_period)
 * and one per referral (struct report_referral) of a centre; the functions
 * here filter and count them, so each rule — age band at start, who
 * completed, the first job, who waited on a day — is said once, pure, and
 * tested as a table (tests/unit/test_report.c). A report is then a list of
 * struct report_table: named columns, labelled rows and cells, each cell a
 * count, a share (its count and base beside it) or a number of days in
 * tenths (a median, a quartile), and which column a chart draws.
 */
#ifndef SC_DOMAIN_REPORT_H
#define SC_DOMAIN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/costbenefit.h"
#include "domain/date.h"
#include "domain/field.h"

struct arena;

/* Age bands at the start of the programme period (the options of "age_band"). */
enum report_age_band {
	AGE_UNDER_25 = 0,   /* "under_25" */
	AGE_25_34,          /* "25_34" */
	AGE_35_44,          /* "35_44" */
	AGE_45_PLUS,        /* "45_plus" */
};

/* Years of schooling (the options of "schooling"). */
enum report_schooling_band {
	SCHOOLING_0_6 = 0,  /* "0_6": up to 6 years */
	SCHOOLING_7_9,      /* "7_9" */
	SCHOOLING_10_12,    /* "10_12" */
	SCHOOLING_13_PLUS,  /* "13_plus" */
};

/*
 * A report's filters, declared once (report_filter_fields): read from the
 * query string of a page, an export and the API alike. Not given = no
 * filter. The period (from, to) bounds what each report counts by: exits
 * for Results, starts for Time to work, referrals for Intake. exit_year and
 * cohort (the year of the start) narrow further. The benefit scheme joins
 * the filters when the benefits area is merged (it has no table here).
 */
struct report_filter {
	struct date from;        /* "from" */
	struct date to;          /* "to" */
	int64_t exit_year;       /* "exit_year": FIELD_NONE */
	int64_t cohort;          /* "cohort": year of start; FIELD_NONE */
	const char *gender;      /* "gender": a key of the participant's gender field; "" */
	const char *country;     /* "country": country of birth as registered; "" */
	int age_band;            /* "age_band": enum report_age_band; -1 */
	int schooling;           /* "schooling": enum report_schooling_band; -1 */
	int64_t contact_id;      /* "contact_id": the participant's contact person; 0 */
	int64_t centre_id;       /* "centre": the national analyst's choice of centre; 0 all */
	int scheme;              /* "scheme": the period's benefit scheme (benefit_scheme_key()); -1 */
};

extern const struct fields report_filter_fields;

/* The filters a report honours, one bit each in the order of
 * report_filter_fields (decision: a report declares the filters it counts
 * by and refuses every other one given, rather than show it as applied). */
enum {
	RF_FROM = 1u << 0, RF_TO = 1u << 1, RF_EXIT_YEAR = 1u << 2, RF_COHORT = 1u << 3, RF_GENDER = 1u << 4,
	RF_COUNTRY = 1u << 5, RF_AGE_BAND = 1u << 6, RF_SCHOOLING = 1u << 7, RF_CONTACT = 1u << 8,
	RF_CENTRE = 1u << 9, RF_SCHEME = 1u << 10,
	RF_PERIOD = RF_FROM | RF_TO,
	RF_ALL = (1u << 11) - 1,
};

/* Adds an error under each filter of f given that honours does not hold
 * (one already in error is left as it is); true when there is none. */
bool report_filters_honoured(const struct report_filter *f, unsigned honours, struct field_errors *e);

/* Rules across the filters: "to" not before "from". Adds errors to e. */
bool report_filter_check(const struct report_filter *f, struct field_errors *e);

/* The band of an age (-1 for a negative age) and of years of schooling
 * (-1 for FIELD_NONE or negative). */
int report_age_band_of(int age);
int report_schooling_band_of(int64_t years);

/* Outcomes as the reports count them: the keys of the exit outcomes and
 * of the follow-up results (enrolment.h, task.h). */
enum report_status {
	RS_NONE = -1,            /* not registered */
	RS_EMPLOYED_FULL = 0,
	RS_EMPLOYED_PART,
	RS_EDUCATION,
	RS_OTHER_PROGRAMME,
	RS_MOVED,
	RS_DROPPED_OUT,
	RS_OTHER,
	RS_UNKNOWN,
	RS_UNEMPLOYED,
};

/* The status of a stored outcome or result key (NULL or unknown key: RS_NONE). */
enum report_status report_status_of(const char *key);

/* One programme period with what the filters and the reports need. */
struct report_period {
	int64_t id;
	int64_t participant_id;
	int64_t centre_id;
	int64_t contact_id;        /* the participant's contact person; 0 none */
	struct date birth;
	struct date start;
	struct date exit;          /* y 0 while in the programme */
	const char *gender;        /* the key of the participant's gender */
	const char *country;       /* "" */
	int64_t schooling;         /* FIELD_NONE */
	int scheme;                /* the benefit scheme (benefit_scheme_key()); -1 not read */
	int exit_status;           /* enum report_status of the exit outcome */
	int status6, status12;     /* of the 6- and 12-month follow-ups; RS_NONE */
	struct date on6, on12;     /* the day each status held */
	struct date referred_on;   /* the referral it came from; y 0 none */
	struct date job_start;     /* the first job's start (employments.starts_on) from the start
				    * to the exit; y 0 none */
	bool on_benefit12;         /* receiving the benefit at 12 months (benefits area) */
	int64_t n;                 /* the periods the row stands for: 0 one (a period); more when the
				    * store counted alike periods together (store_report_period_groups():
				    * then only the columns it names are exact) */
	/* Days the store kept (report_facts, migration 26) for rows counted
	 * together with REPORT_GROUP_JOB or _WAIT: the days from the start to
	 * the first job (report_first_job()) and from the referral to the
	 * start, -1 none; the domain's rules from the dates otherwise. */
	bool days_kept;
	int64_t job_days, wait_days;
	/* With REPORT_GROUP_DAYS: of the n periods, days_n are not empty (the
	 * start not after the exit, or today while in the programme), and
	 * start_days and exit_days are their starts and exits summed in days
	 * since 1970-01-01 (exit_days 0 while in the programme): the days in
	 * the programme within a year, summed, follow. */
	bool day_sums;
	int64_t days_n, start_days, exit_days;
	/* The age in whole years at the start, kept by the store for rows
	 * counted together by it (report_facts.age, migration 49: date_age_on()
	 * of birth and start); from birth and start otherwise. */
	bool age_kept;
	int age;
};

/* The periods a row stands for (n, or 1). */
int64_t report_weight(const struct report_period *p);

/* True when a period passes the filters that describe the participant
 * (gender, country, age band at start, schooling, contact person, centre)
 * and the cohort (year of start). The period, exit year are each report's. */
bool report_period_matches(const struct report_filter *f, const struct report_period *p);

/* True when d lies in the filter's period (from, to; each may be open). */
bool report_in_period(const struct report_filter *f, struct date d);

/* A completer: exited with an outcome other than dropped out or moved. */
bool report_completer(const struct report_period *p);

/* The day of the first job: the start of the first job recorded that
 * began in the programme (job_start); else the exit when the exit outcome
 * is work, else the 6-month then the 12-month follow-up in work (its
 * day). False when none is known. */
bool report_first_job(const struct report_period *p, struct date *on);

/* ---- the shape of a report ---- */

enum report_cell_kind {
	RC_EMPTY = 0,   /* nothing belongs here */
	RC_COUNT,       /* n people (or records) */
	RC_SHARE,       /* n of base, shown as a percentage with n and base */
	RC_TENTHS,      /* value in tenths (days of a median), computed from n people */
	RC_MONEY,       /* value in øre, computed from n people (n < 0: not of people) */
	RC_NUMBER,      /* value, a whole number not of people (a cap) */
	RC_MEAN,        /* value in tenths, the mean of n people (steps gained), shown with n beside it */
};

struct report_cell {
	enum report_cell_kind kind;
	int64_t n;       /* people the cell is computed from (the count) */
	int64_t base;    /* RC_SHARE: the whole */
	int64_t value;   /* RC_TENTHS, RC_MONEY, RC_NUMBER, RC_MEAN */
	bool hidden;     /* hidden though from 5 people or more, so that a hidden cell
			  * cannot be worked out (report_protect(), report_complement()); or
			  * a share whose count is not of people, of fewer than 5 people
			  * (Attendance's rows) */
};

/* True when the cell may be shown: not hidden, and a count, tenths or a mean
 * from at least STATS_MIN_PEOPLE people; a share whose count and base are both that many
 * (a share of 3 in 40 would tell the 3); money when it is not of people
 * (n < 0) or of that many; plain numbers always.
 * An empty cell is "shown" (as nothing). */
bool report_cell_shown(const struct report_cell *c);

/* How a table's chart draws it: CHART_BAR and CHART_LINE column chart_col,
 * a bar or point per row; CHART_GROUPED every column, a group of bars per
 * row (a share by its count, on the counts' axis). */
enum report_chart { CHART_NONE = 0, CHART_BAR, CHART_LINE, CHART_GROUPED };

/* A table of a report: ncols columns (msgids), nrows rows, cells row by row. */
struct report_table {
	const char *key;             /* "results", "by_cohort" ... */
	const char *title;           /* msgid */
	size_t ncols;
	const char *const *cols;     /* msgids */
	size_t nrows;
	const char **rows;           /* row labels: msgids when rows_msgid, else data */
	bool rows_msgid;
	const char **rows_nb;        /* NULL, or data labels' Bokmål (NULL each: as rows) */
	bool *rows_tr;               /* NULL, or which data labels are msgids after all */
	struct report_cell *cells;   /* nrows * ncols */
	enum report_chart chart;     /* drawn from column chart_col, rows in order */
	size_t chart_col;
	bool total;                  /* the last row is the others' total (report_total_row()): not charted */
};

#define REPORT_MAX_TABLES 6

/* A cell of a report: table index, row, column. */
struct report_ref {
	size_t table, row, col;
};

/*
 * Cells of a report that add up (report_sum_add()): the parts' people make
 * the total's, with rest more people in no cell (a part always hidden; 0
 * none). Without a total cell (has_total false) the total is known anyway:
 * the base of the parts' shares. Or cells of the same people (same: a
 * count and its share, a cohort's present value and its in-work share),
 * hidden together.
 */
struct report_sum {
	bool has_total;
	bool same;
	struct report_ref total;
	struct report_ref *parts;
	size_t nparts;
	int64_t rest;
};

/* A report: its tables, the sums of their cells, and the note the page says
 * below them (msgid or NULL). more_hidden: report_protect() or
 * report_complement() hid a cell of 5 people or more. */
struct report {
	size_t ntables;
	struct report_table tables[REPORT_MAX_TABLES];
	const char *note;
	struct report_sum *sums;
	size_t nsums, sums_cap;
	bool more_hidden;
};

/* The cell at (row, col). */
struct report_cell *report_at(struct report_table *t, size_t row, size_t col);

/* Starts table i of rep with ncols columns and nrows rows of empty cells
 * (arena); NULL when out of memory. */
struct report_table *report_table_new(struct report *rep, struct arena *a, const char *key,
				      const char *title, const char *const *cols, size_t ncols,
				      size_t nrows, bool rows_msgid);

/* ---- disclosure control (report_protect.c) ---- */

/* Declares that the parts (nparts cells, copied) add up to total (NULL:
 * known anyway, as the parts' shares' base) with rest people in no cell.
 * SC_ENOMEM when out of memory. */
int report_sum_add(struct report *rep, struct arena *a, const struct report_ref *total,
		   const struct report_ref *parts, size_t nparts, int64_t rest);

/* Declares that the cells (n of them) are of the same people: one hidden
 * hides them all. */
int report_same_add(struct report *rep, struct arena *a, const struct report_ref *cells, size_t n);

/*
 * Secondary suppression (rule A, issue 12): a sum whose hidden parts could
 * be worked out — its total shown and exactly one part hidden, or the
 * hidden parts together fewer than STATS_MIN_PEOPLE people; or its total
 * hidden and every part shown — has further parts hidden, the smallest
 * first (the first of equals), until at least two are hidden of together
 * that many people; with no part left, its total. Cells of the same people
 * are hidden together. Repeated until no sum changes (a cell hidden for one
 * sum may open another).
 */
void report_protect(struct report *rep);

/*
 * The complement across a filter (rule B): wider is the same report with
 * one filter of the people cleared. A cell of rep (by table key, row label
 * and column) is hidden when wider's has 1 to 4 more people (n, or a
 * share's base): the difference would show them.
 */
void report_complement(struct report *rep, const struct report *wider);

/* ---- a table's total row (report_total.c) ---- */

/* How a column adds up in a total row (issue 12: counts and money sum,
 * rates are recomputed from the summed parts, never averaged). */
enum report_total_how {
	RT_NONE = 0,   /* nothing: an empty cell (distinct people, a stock, a mean) */
	RT_SUM,        /* counts, money and numbers summed; a share's count and base each summed */
	RT_SHARE_OF,   /* a share of one whole (a distribution): the counts summed, of the parts' base */
	RT_PER,        /* money per person: the total's column of over its count column per, in whole øre
			* rounded down, as each row's */
	RT_SUM_MARKS,  /* as RT_SUM, of cells whose count is not of people (Attendance's marks, its people in
			* a column of their own): a row of fewer than 5 people is a hidden share, summed all the
			* same; a total whose rows are all hidden is hidden (it may be of fewer than 5 people) */
};

struct report_total_col {
	enum report_total_how how;
	size_t of, per;   /* RT_PER: the total row's columns divided */
};

/*
 * Adds a total row labelled label (a msgid) to table k of rep: each
 * column as cols[c] says (ncols of them). The total is declared the sum of
 * the rows (report_sum_add(), rule A), so a hidden cell cannot be worked
 * out from it; same_rows: each row's cells are of the same people (a
 * month's money), hidden together. Charts leave the row out (t->total).
 * SC_ENOMEM when out of memory; SC_OK and nothing added when the table has
 * fewer than two rows (its one row is its total). RT_PER divides by the
 * sum of its column per whether or not that column has a total. A column
 * whose rows are not all of one kind is no sum: its total is empty.
 */
int report_total_row(struct report *rep, size_t k, struct arena *a, const char *label,
		     const struct report_total_col *cols, bool same_rows);

/* ---- the programme's costs ---- */

/* The programme's costs of a year as a leader enters them: each change is
 * a new version, the latest in force (store_report.h). Money in øre.
 * Field keys (programme_cost_fields): year, staff, premises, activities,
 * other, note; kept by the product: id, version, created_at,
 * created_by_name. */
struct programme_cost {
	int64_t id;
	int64_t year;
	int64_t staff, premises, activities, other;
	const char *note;
	int64_t version;
	int64_t created_at;
	const char *created_by_name;
};

extern const struct fields programme_cost_fields;

/* The year's total (staff + premises + activities + other). */
int64_t programme_cost_total(const struct programme_cost *c);

/* ---- the reports whose data exists ---- */

/* Results: the periods that ended (in the period, exit year), at exit, 6
 * and 12 months: people, in work, in education, in work or education,
 * self-supporting at 12 months; completers and non-completers. */
int report_results(const struct report_period *p, size_t n, const struct report_filter *f,
		   struct arena *a, struct report *out);

/* Time to work: days from start to the first job of the periods started
 * (in the period, cohort): people, quartiles; by cohort. */
int report_time_to_work(const struct report_period *p, size_t n, const struct report_filter *f,
			struct arena *a, struct report *out);

/* ---- costs, the cost-benefit account, the forecast ---- */

/* Days in the programme within year (from the start to the exit, or to
 * today while in it; both days counted) of the periods that match f. */
int64_t report_participant_days(const struct report_period *p, size_t n, const struct report_filter *f,
				int year, struct date today);

/* Adds n exits with exit status (enum report_status) to *exits, and to
 * *completers and *work_edu (completers into work or education) those the
 * rules count, as report_annual() counts a year's exits. */
void report_exits_add(int status, int64_t n, int64_t *exits, int64_t *completers, int64_t *work_edu);

/* Completers who exited in year, of the periods that match f. */
int64_t report_completers_in(const struct report_period *p, size_t n, const struct report_filter *f, int year);

/* A year's costs: the cost in force and the benefits paid (øre), the
 * participant-years (in days) and completers; per participant-year and
 * per completer in øre, -1 when there is nothing to divide by. */
struct report_cost_year {
	int64_t year;
	int64_t cost, benefits;
	int64_t participant_days;
	int64_t completers;
	int64_t per_participant_year;
	int64_t per_completer;
};

/* Fills y's per_participant_year ((cost + benefits) * 365 / days) and
 * per_completer ((cost + benefits) / completers), rounded half up. */
void report_cost_year_fill(struct report_cost_year *y);

/* An exit cohort of the cost-benefit account: those who exited in year,
 * how many of them were in work (the latest status known: 12 months, else
 * 6 months, else at exit), and the cost that falls on them: each year's
 * cost shared by the days its participants were in the programme. */
struct report_cb_cohort {
	int year;
	int64_t exits;
	int64_t in_work;
	int64_t cost;
};

/* The cohorts (one per exit year from the first to the last exit, arena)
 * of the periods that match f; costs[i] of year costs_year[i], ncosts of
 * them (the cost and benefits of each year together). */
int report_cb_cohorts(const struct report_period *p, size_t n, const struct report_filter *f,
		      const int64_t *costs_year, const int64_t *costs, size_t ncosts, struct date today,
		      struct arena *a, struct report_cb_cohort **out, size_t *nout);

/* One month of the waiting-list forecast. */
struct report_forecast_month {
	struct date from;          /* the calendar month's first day (today for this month's rest) */
	int64_t arrivals;          /* referrals expected (the last 12 months' rate) */
	int64_t places;            /* places that free up (planned exits; month 0 also today's free places) */
	int64_t starts;            /* who starts: at most the places, at most who waits */
	int64_t waiting;           /* who waits at the month's end */
	int64_t wait_days;         /* the expected wait of who joins then; -1 when no place frees up */
};

#define REPORT_FORECAST_MONTHS 12

/* The 12 calendar months from today's (its days from today on) to the
 * eleventh after it: waiting now, free places now, the
 * planned exits (dates, any order) and the referrals of the last 12
 * months, spread evenly: a twelfth a month, this month's rest its share
 * of the month's days (the expected total by each month's end rounded
 * down, a remainder carried to the next month). A place not taken stays
 * free for the next month. The wait is the waiting at the month's end over
 * the average places a month, in days (30 a month), rounded up. */
void report_forecast(int64_t waiting, int64_t free_places, const struct date *exits, size_t nexits,
		     int64_t referrals_12m, struct date today, struct report_forecast_month out[REPORT_FORECAST_MONTHS]);

/* The wait from referral to start of the periods that started in year
 * (and match f; one by one, or counted together with their days kept):
 * *people of them, the median in tenths of days; false when there is
 * none. */
bool report_median_wait(const struct report_period *p, size_t n, const struct report_filter *f, int year,
			struct arena *a, int64_t *tenths, int64_t *people);

/* The centre's target share of finishers into work or education, per mille (60%). */
#define REPORT_TARGET_PERMILLE 600

/* ---- Intake and Caseloads ---- */

/* Sources of a referral (the options of referrals.source). */
#define REPORT_NSOURCES 4
/* Rules of the screening (screening_results.rule), in this order. */
#define REPORT_NRULES 4

/* One referral with what Intake counts. */
struct report_referral {
	int64_t id;
	int64_t centre_id;
	int64_t contact_id;
	const char *gender, *country;
	struct date birth;
	int64_t schooling;
	int source;                  /* 0 nav, 1 intro, 2 self, 3 other; -1 unknown */
	struct date referred_on;
	struct date waiting_from;    /* put on the waiting list; y 0 never */
	struct date waiting_until;   /* left it (accepted, declined, withdrawn, ineligible); y 0 still on it */
	int screen[REPORT_NRULES];   /* the latest screening: 1 passed, 0 failed, -1 not screened */
	int64_t n;                   /* the referrals the row stands for: 0 one; more when the store
				      * counted alike referrals together (store_report_referral_groups());
				      * of a list_only row, less than 0 when more left the list than
				      * joined it on its day (the waiting list's changes, migration 32) */
	bool list_only;              /* a row for the waiting list's count only (not of the period's
				      * referrals, sources and screenings) */
	/* The age in whole years on the day of the referral, kept by the store
	 * (intake_facts.age, migration 51: date_age_on() of birth and
	 * referred_on); from birth and referred_on otherwise. */
	bool age_kept;
	int age;
};

/* The index of a stored source or rule key; -1 when unknown. */
int report_source_of(const char *key);
int report_rule_of(const char *key);

/* The last day of each of the 12 months up to the month of until (that
 * month's own day is until itself). */
void report_month_ends(struct date until, struct date out[12]);

/* The day Intake's waiting list is counted up to: today, or the filter's
 * "to" when earlier. */
struct date report_intake_until(const struct report_filter *f, struct date today);

/* Intake: referrals (made in the period) by source, the latest screening
 * by rule, the waiting list at each month's end, and the wait from
 * referral to start of the periods started in the period. */
int report_intake(const struct report_period *p, size_t n, const struct report_referral *rf, size_t nr,
		  const struct report_filter *f, struct date today, struct arena *a, struct report *out);

/* A contact person with the cap in force. */
struct report_contact {
	int64_t id;
	const char *name;
	int64_t cap;
};

/* An assignment of a participant to a contact person, from .. to (y 0: still). */
struct report_assignment {
	int64_t participant_id;
	int64_t contact_id;
	struct date from, to;
};

/*
 * A change of Caseloads' counts over time: n periods in the programme, or
 * n spans of days in which a period's participant had a contact person
 * (assigned), that begin on the day (n > 0) or end on it (n < 0: the day
 * itself no longer counts). The count on a day is the sum of the changes
 * up to it. period holds the period's columns the filters read (its start:
 * the cohort and the age band); changes may share it. A span's contact_id
 * is its assignment's contact person (who had the participant then), a
 * period's the participant's contact person of today.
 */
struct report_change {
	const struct report_period *period;
	bool assigned;
	struct date on;
	int64_t n;
};

/* The changes of every period (p, one row each) and of its spans with a
 * contact person: where the period overlaps the union of its
 * participant's assignments (as, in participant id order and by start
 * within it), each span under its assignment's contact person; arena. A
 * period that ends before it starts changes nothing. */
int report_caseload_changes(const struct report_period *p, size_t n, const struct report_assignment *as, size_t na,
			    struct arena *a, struct report_change **out, size_t *nout);

/* Caseloads: each contact person's participants in the programme today
 * against the cap (p: the periods, or groups of them), and at each month's
 * end the participants in the programme and how many of them had a
 * contact person (the changes ch up to it). At most 100000 contact
 * persons. */
int report_caseloads(const struct report_period *p, size_t n, const struct report_change *ch, size_t nch,
		     const struct report_contact *c, size_t nc, const struct report_filter *f, struct date today,
		     struct arena *a, struct report *out);

/* ---- the cost-benefit account and the annual report as reports ---- */

/*
 * The cost-benefit account of the cohorts under parameters pr, each person
 * in work saving benefit (the benefit no longer paid, a year) and the tax
 * share of earnings (a year): the table "observed" (exits, in work, cost),
 * "projected" (saving per person a year, present value, net present
 * value, savings per 100 kr of cost) and "sensitivity" (the net present
 * value of all cohorts together, discount rate 2-6% by persistence
 * 70-100%).
 */
int report_cost_benefit(const struct report_cb_cohort *c, size_t n, const struct cb_params *pr, int64_t benefit,
			int64_t earnings, struct arena *a, struct report *out);

/* The parameters of the account as a page and the API take them: whole
 * percentages, and a person's earnings and benefit a year in øre. Keys
 * (cb_input_fields): horizon_years, discount_rate, persistence, tax_share,
 * earnings, benefit (not given: the observed benefit per participant-year). */
struct cb_input {
	int64_t horizon_years;
	int64_t discount_rate;
	int64_t persistence;
	int64_t tax_share;
	int64_t earnings;
	int64_t benefit;
};

extern const struct fields cb_input_fields;

/* The earnings of a person in work a year when not given: 350 000 kr. */
#define CB_DEFAULT_EARNINGS INT64_C(35000000)

/* Fills what is not given with the defaults (cb_defaults, earnings), and
 * the parameters in basis points. */
void cb_input_params(struct cb_input *in, struct cb_params *out);

/* The annual report of year: participants during the year, new starts,
 * exits by outcome, completers and the share of them into work or
 * education, the programme's cost and benefits paid (øre). */
int report_annual(const struct report_period *p, size_t n, const struct report_filter *f, int year,
		  int64_t cost, int64_t benefits, struct arena *a, struct report *out);

#endif
