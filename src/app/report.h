/*
 * report.h — the reports' queries and the programme's costs (issue 12):
 * who sees which figures, the reports by key, the late follow-ups, and
 * the costs per year a leader enters.
 *
 * Who sees what (domain/access.h, RES_REPORTS): a leader, analyst or
 * finance officer every figure of their centre; a contact person the
 * figures of their own caseload (the contact person filter is theirs,
 * whatever was asked); the national analyst every centre together, or one
 * centre (the "centre" filter). Reading a report is audited ("report.read",
 * the record the report's number in app_reports[]).
 */
#ifndef SC_APP_REPORT_H
#define SC_APP_REPORT_H

#include <stdbool.h>

#include "app/app.h"
#include "domain/report.h"
#include "store/store_intake.h"
#include "store/store_report.h"

/* What a report counts from. */
enum report_source { SRC_PERIODS, SRC_INTAKE, SRC_CASELOADS, SRC_AREA, SRC_STUB, SRC_ATTENDANCE };

/* A report, declared once: its key (the path /reports/KEY and the file
 * name), title and line on the index (msgids), and how it is made from
 * the periods (build) or by its own query (query). SRC_AREA is the report
 * of another area by its store query; SRC_STUB one not wired to its area's
 * tables yet: it is listed, and shows no rows. SRC_ATTENDANCE is
 * Attendance, whose query takes the filters (store_report_attendance()). */
struct report_def {
	const char *key;
	const char *title;
	const char *text;
	enum report_source source;
	int (*build)(const struct report_period *p, size_t n, const struct report_filter *f,
		     struct arena *a, struct report *out);
	/* SRC_AREA, SRC_STUB: the store's query (a stub answers no rows) and
	 * the table's columns (msgids, at most REPORT_AREA_COLS; SRC_ATTENDANCE
	 * too). */
	store_report_area_fn query;
	const char *const *cols;
	size_t ncols;
	/* SRC_AREA (or _ATTENDANCE) with more than one table: their keys and titles (msgids),
	 * by the rows' table; NULL: one table of the report's key and title. */
	const char *const *table_keys;
	const char *const *table_titles;
	size_t ntables;
	/* SRC_PERIODS: 0 reads every period; else the periods counted
	 * together in SQL (store_report_period_groups(), these flags with
	 * REPORT_GROUPED), which build counts by their n */
	unsigned groups;
	/* SRC_AREA: what the page says below the tables (msgid), or NULL */
	const char *note;
	/* the filters it counts by (RF_ bits, domain/report.h): app_report()
	 * refuses every other one given */
	unsigned honours;
};

/* report_def.groups: the report reads groups of periods. */
#define REPORT_GROUPED 0x100u

extern const struct report_def app_reports[];
extern const size_t app_nreports;

/* The report named key, or NULL. */
const struct report_def *app_report_def(const char *key);

/* True when the actor reads reports of their own caseload only. */
bool app_report_own_only(const struct actor *actor);
/* True when the actor reads reports across centres (the national analyst). */
bool app_report_national(const struct actor *actor);

/* The Country of birth filter's choices: the countries of the periods the
 * actor's reports count (their centre's; the national analyst's, every
 * centre's or centre's when not 0), in order. */
int app_report_countries(struct db *db, struct arena *a, const struct actor *actor, int64_t centre,
			 const char ***items, size_t *n);

/*
 * Makes report def under the filters f for the actor: narrows f to what
 * the actor may see (their caseload; their centre unless national, where
 * centre 0 is every centre), checks the filters (REFUSED_INVALID with the
 * fields), reads, counts and audits. out's strings live in the arena.
 */
int app_report(struct db *db, struct arena *a, const struct actor *actor, const struct report_def *def,
	       struct report_filter *f, struct report *rep, struct outcome *out);

/* The periods the actor may count under f (already narrowed by app_report). */
int app_report_periods(struct db *db, struct arena *a, const struct actor *actor, const struct report_filter *f,
		       struct report_period **rows, size_t *n);

/* As app_report_periods(), the periods counted together in SQL
 * (store_report_period_groups() with what). */
int app_report_groups(struct db *db, struct arena *a, const struct actor *actor, const struct report_filter *f,
		      unsigned what, struct report_period **rows, size_t *n);

/* One centre's reports' facts against the facts joined from scratch
 * (store_report_facts_verify()). */
struct report_verify {
	int64_t centre_id;
	const char *name;
	int64_t missing, extra;                /* report_facts */
	int64_t intake_missing, intake_extra;  /* intake_facts (migration 26) */
	int64_t caseload_missing, caseload_extra; /* caseload_spans and caseload_months (migration 31) */
	int64_t attendance_missing, attendance_extra; /* attendance_months and _sessions (migration 33) */
	int64_t overview_missing, overview_extra; /* the caseload overview's and waiting list's (migrations 40, 86) */
};

/* Every centre's, by id (arena); for `secondchance report verify`. */
int app_report_verify(struct db *db, struct arena *a, struct report_verify **items, size_t *n);

/* The days after the due date a follow-up may wait to be registered. */
#define FOLLOWUP_LATE_DAYS 30

/* The follow-ups not registered FOLLOWUP_LATE_DAYS after they were due:
 * the actor's own (mine) or the centre's; at most limit, and *total. */
int app_followups_late(struct db *db, struct arena *a, const struct actor *actor, bool mine, size_t limit,
		       struct late_followup **items, size_t *n, int64_t *total);

/* The costs in force per year, and the versions of one year. */
int app_costs(struct db *db, struct arena *a, const struct actor *actor, struct programme_cost **items,
	      size_t *n);
int app_cost_versions(struct db *db, struct arena *a, const struct actor *actor, int64_t year,
		      struct programme_cost **items, size_t *n);

/* Enters a new version of a year's costs (leader): REFUSED_INVALID with
 * the fields; audited "cost.create". out->id the row, out->version its
 * version. */
int app_cost_add(struct db *db, const struct actor *actor, const struct programme_cost *in,
		 struct outcome *out);

/* The costs in force per year with their figures (report.h): cost,
 * benefits paid, participant-years, completers, cost per participant-year
 * and per completer; *years has *n entries in year order. Audited. */
int app_cost_years(struct db *db, struct arena *a, const struct actor *actor, struct programme_cost **costs,
		   struct report_cost_year **years, size_t *n);

/* The filters the cost-benefit account and the annual report honour: the
 * national analyst's centre; every other one is refused (REFUSED_INVALID
 * under its key). The costs page and the forecast honour none. */
#define APP_COST_BENEFIT_FILTERS RF_CENTRE

/*
 * The cost-benefit account of the centre (or, national, f's centre or all)
 * under pr (REFUSED_INVALID with the fields when pr is not valid): benefit
 * and earnings are a person's a year in øre; benefit < 0 takes the
 * observed benefit paid per participant-year (0 until the benefits area is
 * merged), written back. Audited.
 */
int app_cost_benefit(struct db *db, struct arena *a, const struct actor *actor, struct report_filter *f,
		     const struct cb_params *pr, int64_t *benefit, int64_t earnings, struct report *rep,
		     struct outcome *out);

/* The waiting-list forecast of the actor's centre for the next 12 months;
 * *waiting, *free_places and *referrals_12m the facts it starts from. */
int app_forecast(struct db *db, struct arena *a, const struct actor *actor,
		 struct report_forecast_month out[REPORT_FORECAST_MONTHS], int64_t *waiting, int64_t *free_places,
		 int64_t *referrals_12m);

/* The annual report of year for the actor's centre (national: f's centre
 * or all); any other filter is refused (APP_COST_BENEFIT_FILTERS,
 * REFUSED_INVALID with the fields). Audited. */
int app_annual(struct db *db, struct arena *a, const struct actor *actor, struct report_filter *f, int year,
	       struct report *rep, struct outcome *out);

/* The centre at a glance (a leader's or analyst's home). */
struct glance {
	int64_t active, places;          /* in the programme; the contact persons' places */
	int64_t waiting;                 /* referrals waiting or offered */
	int64_t wait_people, wait_tenths;/* the median wait of this year's starts */
	bool wait_known;
	int64_t starts, exits;           /* this year */
	int64_t completers, work_edu;    /* this year: completers, of them into work or education */
	int64_t last_completers, last_work_edu;   /* last year */
	int64_t late_followups;          /* follow-ups not registered 30 days after due */
	int64_t unassigned;              /* in the programme with no contact person */
	int64_t unmarked;                /* registers of this month before today not fully marked */
	bool benefits_approved;          /* this month's benefits approved */
	int64_t runs_open;               /* benefit runs awaiting approval */
};

/* The glance of the actor's centre; audited. */
int app_glance(struct db *db, struct arena *a, const struct actor *actor, struct glance *g);

#endif
