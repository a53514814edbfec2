/*
 * store_benefit_run.h — the monthly benefit run: a centre's settings, the
 * facts a run reads (periods, pauses, children, tax information and bank
 * accounts), runs, statements with their inputs and items, per-participant
 * accounts, and other income (migration 18, decision 52). Included by
 * store.h.
 *
 * Every function works within a centre: a record of another centre is not
 * there. Nothing here updates a statement or its items: a run's statements
 * are written once and, while the run is open, may only be deleted with it
 * (the triggers of migration 18 refuse the rest).
 */
#ifndef SC_STORE_BENEFIT_RUN_H
#define SC_STORE_BENEFIT_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/benefit.h"
#include "domain/benefit_run.h"

struct arena;
struct db;

/* ---- a centre's settings ---- */

/* The centre's settings, or the defaults (version 0) when never saved. */
int store_benefit_settings_get(struct db *db, struct arena *a, int64_t centre, struct benefit_settings *out);

/* Saves the settings when their version is still expected_version (0: never
 * saved): SC_ECONFLICT when someone saved them since. */
int store_benefit_settings_set(struct db *db, int64_t centre, const struct benefit_settings *s,
			       int64_t expected_version, int64_t by, int64_t now);

/* Writes scheme into every period of the centre that has none (before the
 * default changes, so that no period changes scheme silently). */
int store_benefit_scheme_freeze(struct db *db, int64_t centre, const char *scheme);

/* Sets the scheme of period enrolment_id of the participant (NULL: the
 * centre's default); SC_ENOTFOUND when there is no such period in the
 * centre. Leaves the period's version alone (it is not the period's
 * content the intake forms edit) and marks it changed (updated_at). */
int store_benefit_period_scheme_set(struct db *db, int64_t centre, int64_t participant_id, int64_t enrolment_id,
				    const char *scheme, int64_t now);

/* A run's foreign keys (decision 76). Before its transaction, outside any
 * (on = false): SQLite stops checking foreign keys row by row on this
 * connection; the run's rows take their parents from rows it reads in its
 * own write transaction, and store_benefit_run_parents() checks the rest
 * once. After the transaction, however it ended (on = true): checked
 * again. Nothing on PostgreSQL, which checks every row. */
int store_benefit_run_foreign_keys(struct db *db, bool on);

/* Inside the run's transaction: SC_ENOTFOUND unless the centre exists and
 * `by` (when > 0) is a user; the parents of the run's rows that it does
 * not read itself. */
int store_benefit_run_parents(struct db *db, int64_t centre, int64_t by);

/* Takes the centre's benefit lock for the rest of the transaction: the
 * settings row (made when missing), FOR UPDATE on PostgreSQL (SQLite's
 * write transaction holds the database). Runs are started, approved and
 * discarded under it, one at a time per centre. */
int store_benefit_lock(struct db *db, int64_t centre, int64_t now);

/* ---- the facts a run reads ---- */

/* One programme period as the run reads it. */
struct benefit_period {
	int64_t enrolment_id;
	struct date start;
	struct date end;          /* the exit, else the planned end */
	const char *scheme;       /* "bergen", "kvp", or NULL: the centre's default */
	size_t npauses;
	struct benefit_span *pauses;   /* an open pause runs to 9999-12-31 */
};

/* What the run knows of one participant. */
struct benefit_fact {
	int64_t participant_id;
	struct date birth;
	const char *bank_account;      /* "" when none */
	int64_t tax_percent;           /* FIELD_NONE when none */
	const char *tax_table;         /* "" when none */
	int64_t changed_at;            /* the latest updated_at of the participant and periods */
	size_t nperiods;
	struct benefit_period *periods;   /* by start */
	size_t nchildren;
	struct date *children;
};

/* The centre's participants with a programme period overlapping from..to
 * (of one participant when participant_id > 0), by participant id, with
 * their periods overlapping it, the pauses of those periods and their
 * children. */
int store_benefit_facts(struct db *db, struct arena *a, int64_t centre, struct date from, struct date to,
			int64_t participant_id, struct benefit_fact **out, size_t *n);

/* Every row of a year's tax tables, by table and from_kr. */
int store_tax_rows(struct db *db, struct arena *a, int year, struct benefit_tax_row **out, size_t *n);

/* ---- per-participant accounts ---- */

struct benefit_account {
	int64_t participant_id;
	int64_t outstanding_ore;   /* overpayment still to recover */
	int64_t facts_at;          /* when the facts of the last approved statement were read */
	const char *last_month;    /* the last month paid */
	int64_t last_net_ore;
};

/* The centre's accounts, by participant id. */
int store_benefit_accounts(struct db *db, struct arena *a, int64_t centre, struct benefit_account **out, size_t *n);

/* The overpayment the participant still owes (0 without an account). */
int store_benefit_outstanding(struct db *db, int64_t centre, int64_t participant_id, int64_t *out);

/* The participants with an account whose register row or a period changed
 * after the facts were read (facts_at), by id. */
int store_benefit_changed(struct db *db, struct arena *a, int64_t centre, int64_t **ids, size_t *n);

/* ---- runs ---- */

/* Whether a run of the month is open or approved (*existing:
 * BENEFIT_MONTH_NONE, _OPEN or _APPROVED), a later month has an open or
 * approved run (*later), another month's run is open (*open_other), and
 * the latest earlier month with an open or approved run (*last_before,
 * "YYYY-MM" in the arena; "" when none). */
int store_benefit_run_facts(struct db *db, struct arena *a, int64_t centre, const char *month, int *existing,
			    bool *later, bool *open_other, const char **last_before);

/* Makes an open run of the month, started by `by` at now; *id its id.
 * SC_ECONFLICT when the month has an open or approved run. */
int store_benefit_run_insert(struct db *db, int64_t centre, const char *month, int64_t by, int64_t now,
			     int64_t *id);

/* Writes a run's totals (statements .. payable of totals). */
int store_benefit_run_totals(struct db *db, int64_t centre, int64_t run_id, const struct benefit_run *totals);

/* One run with the names of who ran and approved it. SC_ENOTFOUND. */
int store_benefit_run_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct benefit_run *out);

/* A page of the centre's runs, newest month first; *total counts them. */
int store_benefit_runs(struct db *db, struct arena *a, int64_t centre, int64_t limit, int64_t offset,
		       struct benefit_run **items, size_t *n, int64_t *total);

/* The centre's approved runs of the months from..to ("YYYY-MM"), by month. */
int store_benefit_runs_approved(struct db *db, struct arena *a, int64_t centre, const char *from, const char *to,
				struct benefit_run **items, size_t *n);

/* Approves open run id (state, by, at); SC_ENOTFOUND when it is not an
 * open run of the centre. */
int store_benefit_run_approve(struct db *db, int64_t centre, int64_t id, int64_t by, int64_t now);

/* Discards open run id: deletes its statements, items, parameters and
 * sources, and marks it discarded. SC_ENOTFOUND when it is not open. */
int store_benefit_run_discard(struct db *db, int64_t centre, int64_t id, int64_t by, int64_t now);

/* Counts a download of the run's payment file at now. */
int store_benefit_run_downloaded(struct db *db, int64_t centre, int64_t id, int64_t now);

/* The parameters a run used for a scheme ("bergen", "kvp"), kept with it. */
int store_benefit_run_params_add(struct db *db, int64_t run_id, const char *scheme, const struct benefit_params *p,
				 struct arena *a);
/* *found false when the run used none for the scheme. Lists from the arena. */
int store_benefit_run_params(struct db *db, struct arena *a, int64_t run_id, const char *scheme,
			     struct benefit_params *out, bool *found);

/* The records a run took in (kind "attendance": the register's
 * corrections), marked as handled when the run is approved. */
int store_benefit_run_sources_add(struct db *db, int64_t run_id, const char *kind, const int64_t *ids, size_t n);
int store_benefit_run_sources(struct db *db, struct arena *a, int64_t run_id, const char *kind, int64_t **ids,
			      size_t *n);

/* Writes the accounts from an approved run's statements of the month: the
 * outstanding after, the facts' time (the run's start), the month and net;
 * and the facts' time of the participants the run checked (sources
 * "facts") without a statement of the month. */
int store_benefit_accounts_apply(struct db *db, int64_t centre, int64_t run_id, int64_t facts_at, int64_t now);

/* ---- statements ---- */

/* Writes a statement of the centre and its items (the items' statement_id
 * and ord are set here); *id its id. */
int store_benefit_statement_add(struct db *db, int64_t centre, const struct benefit_record *rec, int64_t *id);

/* Writes n statements of the centre and their items, as many in one
 * INSERT as may be (the run writes its statements so); ids[i] the id of
 * recs[i]. The statements are of distinct (participant, kind, month). */
int store_benefit_statements_add(struct db *db, int64_t centre, const struct benefit_record *recs, size_t n,
				 int64_t *ids);

/* One statement with its items and the participant's name. SC_ENOTFOUND. */
int store_benefit_statement_get(struct db *db, struct arena *a, int64_t centre, int64_t id,
				struct benefit_record *out);

/* What a list of a run's statements shows. */
enum benefit_list {
	BENEFIT_LIST_ALL = 0,      /* by name */
	BENEFIT_LIST_WARNINGS,     /* those with a warning, by name */
	BENEFIT_LIST_CHANGED,      /* by the size of the change from last month, largest first */
	BENEFIT_LIST_PAYABLE,      /* net > 0 with an account, by id (the payment file) */
	BENEFIT_LIST_CORRECTIONS,  /* with back-pay or a claim, by name */
	BENEFIT_LIST_LEFT_OUT,     /* net > 0 and no valid account (left out of the payment file), by name */
};

/* A page of a run's statements of the month (no items); *total counts
 * those the list shows. limit up to 1000000 (the payment file). */
int store_benefit_statements(struct db *db, struct arena *a, int64_t centre, int64_t run_id, enum benefit_list list,
			     int64_t limit, int64_t offset, struct benefit_record **items, size_t *n, int64_t *total);

/* The participant's statements of the month in approved runs (and open
 * ones when with_open), newest month first (no items). */
int store_benefit_statements_of(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
				bool with_open, struct benefit_record **items, size_t *n);

/* The version of the participant's month in force: the latest statement
 * (of kind month or recomputed) of an approved run, with its items.
 * *found false when the month was not approved. */
int store_benefit_effective(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			    const char *month, struct benefit_record *out, bool *found);

/* The participants with a statement of the month in run run_id of a scheme. */
int store_benefit_run_participants(struct db *db, struct arena *a, int64_t centre, int64_t run_id,
				   const char *scheme, int64_t **ids, size_t *n);

/* Work income as the versions in force used it, for the month. */
struct benefit_stored_work {
	int64_t participant_id;
	int has_work;
	int64_t gross_ore;
	int64_t hours_centi;
};
int store_benefit_effective_work(struct db *db, struct arena *a, int64_t centre, const char *month,
				 struct benefit_stored_work **out, size_t *n);

/* Other income as the versions in force of the months from..to used it:
 * one row per item (participant, month, kind, amount reported). */
struct benefit_stored_income {
	int64_t participant_id;
	const char *month;
	const char *kind;
	int64_t amount_ore;
};
int store_benefit_effective_income(struct db *db, struct arena *a, int64_t centre, const char *from,
				   const char *to, struct benefit_stored_income **out, size_t *n);

/* ---- other income ---- */

/* Records a report (participant_id, kind, months, amount, note,
 * reported_at, reported_by from r); *id its id. */
int store_benefit_income_add(struct db *db, int64_t centre, const struct benefit_income_report *r, int64_t *id);

/* Withdraws report id of the participant (by, now); SC_ENOTFOUND when
 * there is no such report in force. */
int store_benefit_income_withdraw(struct db *db, int64_t centre, int64_t participant_id, int64_t id, int64_t by,
				  int64_t now);

/* The participant's reports, newest first, with who reported and withdrew. */
int store_benefit_income_of(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			    struct benefit_income_report **items, size_t *n);

/* The reports in force overlapping the months from..to, of one participant
 * or all (0), by participant. */
int store_benefit_income_months(struct db *db, struct arena *a, int64_t centre, const char *from, const char *to,
				int64_t participant_id, struct benefit_income_report **items, size_t *n);

/* ---- the finance officer's home ---- */

struct benefit_home {
	int64_t open_runs;            /* waiting for approval */
	int64_t open_by_others;       /* ... started by someone else than the viewer */
	int64_t undownloaded;         /* approved runs whose payment file was never downloaded */
	int64_t warnings;             /* statements with a warning in open runs */
};
int store_benefit_home(struct db *db, int64_t centre, int64_t user_id, struct benefit_home *out);

#endif
