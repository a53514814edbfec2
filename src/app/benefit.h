/*
 * benefit.h — the commands and queries of benefits (issue 11; decisions
 * 52–55): the monthly run, its approval by a second finance officer, the
 * payment file, the tax summary, corrections and recovery, a participant's
 * statements and other income, the period's scheme, a centre's payment
 * settings, the schemes' dated parameters, G and kinds of income, the tax
 * tables, the calculator, and what the finance officer's home shows.
 *
 * The run reads absence and work income, which other areas keep, through
 * struct benefit_sources: the server and the demo pass
 * benefit_sources_store (the contracts of store_attendance.h and
 * store_work_income.h); tests pass their own.
 */
#ifndef SC_APP_BENEFIT_H
#define SC_APP_BENEFIT_H

#include "app/app.h"
#include "domain/benefit.h"
#include "domain/benefit_run.h"
#include "store/store.h"

struct participant_brief;

/* Where the run reads the facts other areas keep. Each function has the
 * contract of the store function it stands for. */
struct benefit_sources {
	void *ctx;
	/* store_attendance_unexcused() */
	int (*unexcused)(void *ctx, struct db *db, struct arena *a, int64_t centre, int year, int month,
			 int64_t participant_id, struct unexcused_day **out, size_t *n);
	/* store_attendance_unmarked() */
	int (*unmarked)(void *ctx, struct db *db, struct arena *a, int64_t centre, int year, int month,
			int64_t **ids, size_t *n);
	/* store_attendance_corrections(…, unhandled only, …) */
	int (*corrections)(void *ctx, struct db *db, struct arena *a, int64_t centre,
			   struct attendance_correction **out, size_t *n);
	/* store_attendance_corrections_handled() */
	int (*corrections_handled)(void *ctx, struct db *db, int64_t centre, const int64_t *ids, size_t n,
				   int64_t run_id);
	/* store_work_income_month() */
	int (*work_income)(void *ctx, struct db *db, struct arena *a, int64_t centre, int year, int month,
			   int64_t participant_id, struct work_income **out, size_t *n);
};

/* The contracts of the other areas' stores. */
extern const struct benefit_sources benefit_sources_store;

/* ---- the run ---- */

/*
 * Runs the month ("YYYY-MM") for the actor's centre: one transaction that
 * reads every fact, recomputes the approved months whose facts changed
 * (decision 53), computes a statement for every participant with
 * programme days in the month (and for anyone owed back-pay or with a new
 * claim), stores each with the inputs it used, and audits
 * "benefit_run.start". REFUSED_FORBIDDEN unless the actor may write
 * benefits; REFUSED_INVALID (month) for a month that cannot be read;
 * REFUSED_STATE for one that may not be run yet (benefit_run_start_refusal).
 * On DONE *run is the run with its totals.
 */
int app_benefit_run_start(struct db *db, struct arena *a, const struct actor *actor,
			  const struct benefit_sources *src, const char *month, struct benefit_run *run,
			  struct outcome *out);

/* Approves run id: another finance officer than the one who started it
 * (four eyes); the accounts (outstanding, last month) and the register's
 * corrections taken in are written in the same transaction.
 * REFUSED_NOT_FOUND, REFUSED_FORBIDDEN (may not write benefits),
 * REFUSED_STATE (not open, or the actor started it). */
int app_benefit_run_approve(struct db *db, struct arena *a, const struct actor *actor,
			    const struct benefit_sources *src, int64_t id, struct outcome *out);

/* Discards open run id (its statements are deleted). REFUSED_NOT_FOUND,
 * REFUSED_FORBIDDEN, REFUSED_STATE. */
int app_benefit_run_discard(struct db *db, struct arena *a, const struct actor *actor, int64_t id,
			    struct outcome *out);

/* A page (from 1) of the centre's runs, newest month first. */
int app_benefit_runs(struct db *db, struct arena *a, const struct actor *actor, int64_t page, int64_t per_page,
		     struct benefit_run **items, size_t *n, int64_t *total, struct outcome *out);

/* Run id and a page of its statements as list says (audited as read:
 * "benefit_run.read"). REFUSED_NOT_FOUND. */
int app_benefit_run(struct db *db, struct arena *a, const struct actor *actor, int64_t id, enum benefit_list list,
		    int64_t page, int64_t per_page, struct benefit_run *run, struct benefit_record **items, size_t *n,
		    int64_t *total, struct outcome *out);

/* ---- the payment file and the tax summary ---- */

/* What a payment file holds. */
struct benefit_payments {
	struct benefit_run run;
	struct benefit_settings settings;
	const char *centre_name;
	struct date execution;          /* the requested execution date */
	struct benefit_record *paid;    /* net > 0 with a valid account, by id (download only) */
	size_t npaid;
	int64_t control_ore;            /* the sum of their net (download only) */
	struct benefit_record *left_out;   /* net > 0 without a valid account: the first
					    * BENEFIT_LEFT_OUT_SHOWN by name */
	size_t nleft_out;
	int64_t left_out_total;         /* how many there are */
};
#define BENEFIT_LEFT_OUT_SHOWN 100

/* The payment file of approved run id; with download, its lines (paid)
 * and the download audited ("benefit_payment.download") and counted on
 * the run in one transaction; without, only who is left out (the run's
 * page: decision 134). REFUSED_NOT_FOUND; REFUSED_STATE when the run is not
 * approved, or (with download) when the centre has no valid debtor account. */
int app_benefit_payments(struct db *db, struct arena *a, const struct actor *actor, int64_t id, bool download,
			 struct benefit_payments *out_file, struct outcome *out);

/* The tax summary of run id: a page of the month's statements by name
 * (withheld per participant), *total of them, with the run's totals;
 * audited as read. */
int app_benefit_tax_summary(struct db *db, struct arena *a, const struct actor *actor, int64_t id, int64_t page,
			    int64_t per_page, struct benefit_run *run, struct benefit_record **items, size_t *n,
			    int64_t *total, struct outcome *out);

/* ---- a participant's statements ---- */

/* The participant's statements (approved; open ones too for those who may
 * write benefits), newest first. REFUSED_NOT_FOUND when the actor may not
 * read the participant's benefit part. Audited as read. */
int app_benefit_statements_of(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			      struct participant_brief *brief, struct benefit_record **items, size_t *n,
			      int64_t *outstanding, struct outcome *out);

/* Statement id of the participant with its items (and the recomputed
 * months its corrections and claims name, in *refs), the run that made it
 * (*run) and, for a recomputed month, the statement paid for the month
 * (*paid: the month's statement its versions follow; paid->id 0 when it
 * is a month's own statement). REFUSED_NOT_FOUND as above, or when the
 * statement is not the participant's, or is of an open run and the actor
 * may not write benefits. Audited as read. */
int app_benefit_statement(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  int64_t id, struct participant_brief *brief, struct benefit_record *rec,
			  struct benefit_record **refs, size_t *nrefs, struct benefit_run *run,
			  struct benefit_record *paid, struct outcome *out);

/* ---- other income and the period's scheme ---- */

/* The participant's reports of other income, newest first. */
int app_benefit_income_of(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  struct benefit_income_report **items, size_t *n, struct outcome *out);

/* The rules of a report (kinds in force in its first month, months),
 * with the required fields, added to e. */
int app_benefit_income_check(struct db *db, struct arena *a, const struct actor *actor,
			     struct benefit_income_report *in, struct field_errors *e);

/* Records a report by the actor. REFUSED_NOT_FOUND when the actor may not
 * write the participant's benefit part; REFUSED_INVALID. out->id its id. */
int app_benefit_income_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			      struct benefit_income_report *in, struct outcome *out);

/* Withdraws report id (kept, marked withdrawn). REFUSED_NOT_FOUND. */
int app_benefit_income_withdraw(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
				int64_t id, struct outcome *out);

/* The participant's programme periods with their schemes (NULL: the
 * centre's default, *default_scheme). */
int app_benefit_periods(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			struct benefit_period **items, size_t *n, int *default_scheme, struct outcome *out);

/* Sets the scheme of a period ("bergen", "kvp"; "" for the centre's
 * default). REFUSED_NOT_FOUND; REFUSED_INVALID (scheme). */
int app_benefit_period_scheme(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			      int64_t enrolment_id, const char *scheme, struct outcome *out);

/* ---- the centre's settings and the rules ---- */

int app_benefit_settings(struct db *db, struct arena *a, const struct actor *actor, struct benefit_settings *out_s,
			 struct outcome *out);
/* Saves the settings when still at expected_version (REFUSED_STALE);
 * a change of the default scheme first writes the old default into every
 * period without a scheme of its own. */
int app_benefit_settings_save(struct db *db, struct arena *a, const struct actor *actor,
			      struct benefit_settings *in, int64_t expected_version, struct outcome *out);

/* A scheme's parameters in force on a day, with their history. */
struct benefit_scheme_view {
	const char *key;                 /* "bergen", "kvp" */
	struct benefit_params now;       /* in force today */
	struct benefit_param_input *history;
	size_t nhistory;
	struct benefit_kinds_input *kinds;
	size_t nkinds;
};
/* Both schemes and the G series. */
int app_benefit_schemes(struct db *db, struct arena *a, const struct actor *actor,
			struct benefit_scheme_view schemes[2], struct benefit_g_input **g, size_t *ng,
			struct outcome *out);

/* What a new version of G or a parameter did besides being added: it took
 * over from a version from the same date (a correction of a value entered
 * wrongly: the history keeps both), and the first approved month whose run
 * used another value ("" when none), which the next run corrects. */
struct benefit_version_note {
	bool replaces;
	char corrects_from[8];
};

/* A new version of a parameter of scheme (benefit_param_check), audited;
 * one from a date that has one takes over from it. in's created_at and
 * created_by_name are filled. REFUSED_NOT_FOUND (scheme), REFUSED_INVALID. */
int app_benefit_param_add(struct db *db, struct arena *a, const struct actor *actor, const char *scheme,
			  struct benefit_param_input *in, struct benefit_version_note *note, struct outcome *out);
/* A new G (benefit_g_check), as a parameter. */
int app_benefit_g_add(struct db *db, struct arena *a, const struct actor *actor, struct benefit_g_input *in,
		      struct benefit_version_note *note, struct outcome *out);
/* A new list of kinds of scheme; REFUSED_DUPLICATE when one starts that day. */
int app_benefit_kinds_add(struct db *db, struct arena *a, const struct actor *actor, const char *scheme,
			  struct benefit_kinds_input *in, struct outcome *out);

/* Replaces a year's tax tables (audited "tax_table.import").
 * REFUSED_INVALID (year) for a year outside 2000..2199. */
int app_benefit_tax_import(struct db *db, struct arena *a, const struct actor *actor, int64_t year,
			   const struct benefit_tax_row *rows, size_t n, struct outcome *out);
/* The years with tables. */
int app_benefit_tax_years(struct db *db, struct arena *a, const struct actor *actor, struct tax_year **items,
			  size_t *n, struct outcome *out);

/* ---- the calculator ---- */

/* One statement from a described month (benefit_calc_read()), storing
 * nothing: the parameters of scheme ("bergen", "kvp") in force on the
 * month's first day (*p) and the imported tax tables. Audited as a read,
 * "benefit_calc.read" of record type "benefit_calc" with no id: no
 * participant's data is read. REFUSED_FORBIDDEN unless the actor may use
 * the calculator (RES_BENEFIT_CALC); REFUSED_INVALID with every error at
 * once: the members unread could not be read (benefit_calc_read()'s; NULL:
 * none), then the rules' of the rest (benefit_input_check(): "birth_date",
 * "programme.pauses[0]", ...; "scheme" for an unknown scheme), one error a
 * member; "month" when no G is in force for kvp. */
int app_benefit_calc(struct db *db, struct arena *a, const struct actor *actor, const char *scheme,
		     const struct benefit_input *in, const struct field_errors *unread, struct benefit_params *p,
		     struct benefit_statement *st, struct outcome *out);

/* The parameters of scheme in force on day, for the calculator's form (the
 * kinds of other income it offers). Not audited: the rules only.
 * REFUSED_FORBIDDEN and REFUSED_INVALID (scheme) as app_benefit_calc(). */
int app_benefit_calc_kinds(struct db *db, struct arena *a, const struct actor *actor, const char *scheme,
			   struct date day, struct benefit_params *p, struct outcome *out);

/* ---- the finance officer's home ---- */

struct benefit_home_view {
	struct benefit_home counts;
	char last_month[8];             /* the month that ended last */
	bool has_run;                   /* ... has a run */
	struct benefit_run run;         /* its run */
	int64_t corrections;            /* the register's corrections after approval, not yet taken in */
};
int app_benefit_home(struct db *db, struct arena *a, const struct actor *actor, const struct benefit_sources *src,
		     struct benefit_home_view *out);

/* The register's corrections not yet taken into a run (the home's count),
 * oldest first, at most 500 (*total counts them all): who corrected which
 * participant's session when and why, and the mark now. A health-only
 * group's session is shown to those who do not see health as "a health
 * activity" (group_name "", no mark), as the participant's attendance is.
 * Audited "benefit_corrections.read". */
int app_benefit_corrections(struct db *db, struct arena *a, const struct actor *actor,
			    struct correction_item **items, size_t *n, int64_t *total);

#endif
