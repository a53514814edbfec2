/*
 * store_benefit_run.c — the monthly benefit run's statements; see
 * store_benefit_run.h.
 */
#include "db.h"
#include "store.h"
#include "table.h"
#include "domain/enrolment.h"
#include "util/arena.h"
#include "util/err.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct table statements = {.name = "benefit_statements", .fields = &benefit_record_fields, .centre = true};

/* ---- helpers ---- */

/* Grows a malloc'd array of size-byte items to hold one more (not zeroed,
 * not copied into an arena at every doubling: a run reads every fact of a
 * centre); false when out of memory (the array is left as it was). */
static bool
heap_grow(void **items, size_t size, size_t n, size_t *cap)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 256;
	void *bigger = realloc(*items, size * ncap);
	if (bigger == NULL)
		return false;
	*items = bigger;
	*cap = ncap;
	return true;
}

static char *
text_copy(struct arena *a, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	return arena_strdup(a, s != NULL ? s : "");
}

static struct date
col_date(struct db_stmt *st, int col)
{
	struct date d = {0, 0, 0};
	if (!db_col_null(st, col))
		date_parse(db_col_text(st, col), &d);
	return d;
}

/* ---- a centre's settings ---- */

static const char sql_settings_get[] =
	"SELECT default_scheme, debtor_name, debtor_account, execution_day, version FROM benefit_settings"
	" WHERE centre_id = $1";
static const char sql_settings_insert[] =
	"INSERT INTO benefit_settings (centre_id, default_scheme, debtor_name, debtor_account, execution_day,"
	" version, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, 1, $6, $7)";
static const char sql_settings_update[] =
	"UPDATE benefit_settings SET default_scheme = $2, debtor_name = $3, debtor_account = $4,"
	" execution_day = $5, version = version + 1, updated_at = $6, updated_by = $7"
	" WHERE centre_id = $1 AND version = $8";
static const char sql_lock_make[] =
	"INSERT INTO benefit_settings (centre_id, updated_at) VALUES ($1, $2) ON CONFLICT (centre_id) DO NOTHING";
static const char sql_lock_pg[] = "SELECT version FROM benefit_settings WHERE centre_id = $1 FOR UPDATE";
static const char sql_freeze[] = "UPDATE enrolments SET scheme = $2 WHERE centre_id = $1 AND scheme IS NULL";
static const char sql_period_scheme[] =
	"UPDATE enrolments SET scheme = $4, updated_at = $5 WHERE centre_id = $1 AND participant_id = $2 AND id = $3";

int
store_benefit_settings_get(struct db *db, struct arena *a, int64_t centre, struct benefit_settings *out)
{
	benefit_settings_default(out);
	struct db_stmt *st = db_prepare(db, sql_settings_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		int kind = BENEFIT_BERGEN;
		benefit_scheme_parse(db_col_text(st, 0), &kind);
		out->default_scheme = kind;
		out->debtor_name = text_copy(a, st, 1);
		out->debtor_account = text_copy(a, st, 2);
		out->execution_day = db_col_int(st, 3);
		out->version = db_col_int(st, 4);
		if (out->debtor_name == NULL || out->debtor_account == NULL)
			rc = SC_ENOMEM;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_benefit_settings_set(struct db *db, int64_t centre, const struct benefit_settings *s, int64_t expected_version,
			   int64_t by, int64_t now)
{
	struct db_stmt *st = db_prepare(db, expected_version == 0 ? sql_settings_insert : sql_settings_update);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, benefit_scheme_key(s->default_scheme));
	db_bind_text(st, 3, s->debtor_name != NULL ? s->debtor_name : "");
	db_bind_text(st, 4, s->debtor_account != NULL ? s->debtor_account : "");
	db_bind_int(st, 5, s->execution_day);
	db_bind_int(st, 6, now);
	if (by > 0)
		db_bind_int(st, 7, by);
	else
		db_bind_null(st, 7);
	if (expected_version != 0)
		db_bind_int(st, 8, expected_version);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ECONFLICT;
	return rc;
}

int
store_benefit_scheme_freeze(struct db *db, int64_t centre, const char *scheme)
{
	struct db_stmt *st = db_prepare(db, sql_freeze);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, scheme);
	return db_run(st, NULL);
}

int
store_benefit_period_scheme_set(struct db *db, int64_t centre, int64_t participant_id, int64_t enrolment_id,
				const char *scheme, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_period_scheme);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, enrolment_id);
	db_bind_text(st, 4, scheme);
	db_bind_int(st, 5, now);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_benefit_run_foreign_keys(struct db *db, bool on)
{
	if (db_kind(db) != DB_SQLITE)
		return SC_OK;
	return db_exec(db, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF");
}

static const char sql_run_parents[] =
	"SELECT (SELECT COUNT(*) FROM centres WHERE id = $1), (SELECT COUNT(*) FROM users WHERE id = $2)";

int
store_benefit_run_parents(struct db *db, int64_t centre, int64_t by)
{
	struct db_stmt *st = db_prepare(db, sql_run_parents);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, by);
	int rc = db_step(st);
	bool found = rc == DB_ROW && db_col_int(st, 0) == 1 && (by <= 0 || db_col_int(st, 1) == 1);
	db_done(st);
	if (rc < 0)
		return rc;
	return found ? SC_OK : SC_ENOTFOUND;
}

int
store_benefit_lock(struct db *db, int64_t centre, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_lock_make);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, now);
	int rc = db_run(st, NULL);
	if (rc != SC_OK || db_kind(db) != DB_POSTGRES)
		return rc;
	st = db_prepare(db, sql_lock_pg);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	rc = db_step(st);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* ---- the facts a run reads ---- */

/* The periods of the centre overlapping $2..$3: of every participant (the
 * statements ending in _all, $4 unused and bound 0) or of one ($4). Two
 * texts, not "$4 = 0 OR participant_id = $4": SQLite plans a statement once
 * for every value of $4, and that one walked every period of the centre for
 * each participant (decision 71); the one-participant texts seek the
 * participant in enrolments_benefit_facts (decision 76). */
#define PERIODS_OVERLAPPING \
	" e.centre_id = $1 AND e.start_date <= $3 AND COALESCE(e.exit_date, e.planned_end) >= $2"
#define OF_ALL " AND $4 = 0"
#define OF_ONE " AND e.participant_id = $4"

#define FACT_PERIODS(WHO) \
	"SELECT e.participant_id, p.birth_date, p.bank_account, p.tax_percent, p.tax_table, p.updated_at, e.id," \
	" e.start_date, COALESCE(e.exit_date, e.planned_end), e.scheme, e.updated_at" \
	" FROM enrolments e JOIN participants p ON p.id = e.participant_id" \
	" WHERE" PERIODS_OVERLAPPING WHO \
	" ORDER BY e.participant_id, e.start_date, e.id"
#define FACT_PAUSES(WHO) \
	"SELECT e.participant_id, x.enrolment_id, x.from_date, x.to_date" \
	" FROM enrolment_pauses x JOIN enrolments e ON e.id = x.enrolment_id" \
	" WHERE" PERIODS_OVERLAPPING WHO " AND x.centre_id = $1 AND x.from_date <= $3" \
	" AND (x.to_date IS NULL OR x.to_date > $2)" \
	" ORDER BY e.participant_id, e.start_date, e.id, x.id"
#define FACT_CHILDREN(WHO) \
	"SELECT c.participant_id, c.birth_date FROM participant_children c" \
	" WHERE c.participant_id IN (SELECT e.participant_id FROM enrolments e WHERE" PERIODS_OVERLAPPING WHO ")" \
	" ORDER BY c.participant_id, c.ord"
static const char sql_fact_periods_all[] = FACT_PERIODS(OF_ALL);
static const char sql_fact_periods_one[] = FACT_PERIODS(OF_ONE);
static const char sql_fact_pauses_all[] = FACT_PAUSES(OF_ALL);
static const char sql_fact_pauses_one[] = FACT_PAUSES(OF_ONE);
static const char sql_fact_children_all[] = FACT_CHILDREN(OF_ALL);
static const char sql_fact_children_one[] = FACT_CHILDREN(OF_ONE);

static void
bind_overlap(struct db_stmt *st, int64_t centre, struct date from, struct date to, int64_t participant_id)
{
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, from);
	table_bind_date(st, 3, to);
	db_bind_int(st, 4, participant_id);
}

/* The fact of participant id in facts[0..n) (by id), or NULL. */
static struct benefit_fact *
fact_of(struct benefit_fact *facts, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (facts[mid].participant_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && facts[lo].participant_id == id ? &facts[lo] : NULL;
}

int
store_benefit_facts(struct db *db, struct arena *a, int64_t centre, struct date from, struct date to,
		    int64_t participant_id, struct benefit_fact **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, participant_id > 0 ? sql_fact_periods_one : sql_fact_periods_all);
	if (st == NULL)
		return SC_EDB;
	bind_overlap(st, centre, from, to, participant_id);
	/* facts and periods on the heap while they are read, then one array
	 * each in the arena */
	struct benefit_fact *facts = NULL;
	size_t count = 0, cap = 0;
	/* periods: counted per participant first, then one array each */
	struct benefit_period *periods = NULL;
	size_t np = 0, pcap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t pid = db_col_int(st, 0);
		if (count == 0 || facts[count - 1].participant_id != pid) {
			if (!heap_grow((void **)&facts, sizeof *facts, count, &cap)) {
				rc = SC_ENOMEM;
				break;
			}
			struct benefit_fact *f = &facts[count++];
			memset(f, 0, sizeof *f);
			f->participant_id = pid;
			f->birth = col_date(st, 1);
			f->bank_account = text_copy(a, st, 2);
			f->tax_percent = db_col_null(st, 3) ? FIELD_NONE : db_col_int(st, 3);
			f->tax_table = text_copy(a, st, 4);
			f->changed_at = db_col_int(st, 5);
			if (f->bank_account == NULL || f->tax_table == NULL) {
				rc = SC_ENOMEM;
				break;
			}
		}
		struct benefit_fact *f = &facts[count - 1];
		if (!heap_grow((void **)&periods, sizeof *periods, np, &pcap)) {
			rc = SC_ENOMEM;
			break;
		}
		struct benefit_period *r = &periods[np++];
		memset(r, 0, sizeof *r);
		r->enrolment_id = db_col_int(st, 6);
		r->start = col_date(st, 7);
		r->end = col_date(st, 8);
		r->scheme = db_col_null(st, 9) ? NULL : arena_strdup(a, db_col_text(st, 9));
		int64_t changed = db_col_int(st, 10);
		if (changed > f->changed_at)
			f->changed_at = changed;
		f->nperiods++;
	}
	db_done(st);
	/* handed to the arena as they are, not copied into it: the facts, and
	 * each participant's periods (the rows are by participant) in one
	 * array (decision 84) */
	if (rc < 0) {
		free(facts);
		free(periods);
		return rc;
	}
	struct benefit_fact *kept = arena_keep(a, facts);
	struct benefit_period *kept_periods = arena_keep(a, periods);
	if ((facts != NULL && kept == NULL) || (periods != NULL && kept_periods == NULL))
		return SC_ENOMEM;
	facts = kept;
	for (size_t i = 0, k = 0; i < count; i++) {
		facts[i].periods = kept_periods != NULL ? kept_periods + k : NULL;
		k += facts[i].nperiods;
	}
	/* pauses */
	st = db_prepare(db, participant_id > 0 ? sql_fact_pauses_one : sql_fact_pauses_all);
	if (st == NULL)
		return SC_EDB;
	bind_overlap(st, centre, from, to, participant_id);
	struct benefit_fact *f = NULL;
	struct benefit_period *per = NULL;
	size_t pause_cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t pid = db_col_int(st, 0), eid = db_col_int(st, 1);
		if (f == NULL || f->participant_id != pid)
			f = fact_of(facts, count, pid);
		if (f == NULL)
			continue;
		if (per == NULL || per->enrolment_id != eid) {
			per = NULL;
			pause_cap = 0;
			for (size_t j = 0; j < f->nperiods; j++)
				if (f->periods[j].enrolment_id == eid)
					per = &f->periods[j];
		}
		if (per == NULL)
			continue;
		per->pauses = table_grow(a, per->pauses, per->npauses, &pause_cap, sizeof *per->pauses);
		if (per->pauses == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		/* by from_date (then id): the ORDER BY takes the periods' order
		 * from their index and leaves the few pauses of a period to this,
		 * not to a sort per participant (decision 84) */
		/* the rules' spans hold their last day: a pause's end is the day
		 * the period resumes (enrolment_pause_covers()); one that
		 * covers no day (ended on its first, by an exit) is none */
		struct benefit_span sp = {col_date(st, 2), enrolment_pause_last_day(db_col_null(st, 3)
										? (struct date){0, 0, 0}
										: col_date(st, 3))};
		if (date_cmp(sp.to, sp.from) < 0)
			continue;
		size_t k = per->npauses++;
		for (; k > 0 && date_cmp(per->pauses[k - 1].from, sp.from) > 0; k--)
			per->pauses[k] = per->pauses[k - 1];
		per->pauses[k] = sp;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	/* children */
	st = db_prepare(db, participant_id > 0 ? sql_fact_children_one : sql_fact_children_all);
	if (st == NULL)
		return SC_EDB;
	bind_overlap(st, centre, from, to, participant_id);
	f = NULL;
	size_t child_cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t pid = db_col_int(st, 0);
		if (f == NULL || f->participant_id != pid) {
			f = fact_of(facts, count, pid);
			child_cap = 0;
		}
		if (f == NULL)
			continue;
		f->children = table_grow(a, f->children, f->nchildren, &child_cap, sizeof *f->children);
		if (f->children == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		f->children[f->nchildren++] = col_date(st, 1);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = facts;
	*n = count;
	return SC_OK;
}

static const char sql_tax_rows[] =
	"SELECT table_no, from_kr, to_kr, withholding_kr FROM tax_table_rows WHERE year = $1"
	" ORDER BY table_no, from_kr";

int
store_tax_rows(struct db *db, struct arena *a, int year, struct benefit_tax_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_tax_rows);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, year);
	struct benefit_tax_row *rows = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		rows = table_grow(a, rows, count, &cap, sizeof *rows);
		if (rows == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct benefit_tax_row *r = &rows[count++];
		const char *t = db_col_text(st, 0);
		snprintf(r->table_no, sizeof r->table_no, "%s", t != NULL ? t : "");
		r->from_kr = db_col_int(st, 1);
		r->to_kr = db_col_int(st, 2);
		r->withholding_kr = db_col_int(st, 3);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = rows;
	*n = count;
	return SC_OK;
}

/* ---- per-participant accounts ---- */

static const char sql_accounts[] =
	"SELECT participant_id, outstanding_ore, facts_at, last_month, last_net_ore FROM benefit_accounts"
	" WHERE centre_id = $1 ORDER BY participant_id";
static const char sql_outstanding[] =
	"SELECT outstanding_ore FROM benefit_accounts WHERE centre_id = $1 AND participant_id = $2";
static const char sql_accounts_checked[] =
	"UPDATE benefit_accounts SET facts_at = $3 WHERE centre_id = $1 AND participant_id IN"
	" (SELECT source_id FROM benefit_run_sources WHERE run_id = $2 AND kind = 'facts')";
static const char sql_changed[] =
	"SELECT b.participant_id FROM benefit_accounts b JOIN participants p ON p.id = b.participant_id"
	" WHERE b.centre_id = $1 AND (p.updated_at >= b.facts_at OR EXISTS (SELECT 1 FROM enrolments e"
	" WHERE e.participant_id = b.participant_id AND e.centre_id = $1 AND e.updated_at >= b.facts_at))"
	" ORDER BY b.participant_id";
static const char sql_accounts_apply[] =
	"INSERT INTO benefit_accounts (participant_id, centre_id, outstanding_ore, facts_at, last_month,"
	" last_net_ore, updated_at)"
	" SELECT s.participant_id, s.centre_id, s.outstanding_after_ore, $3, s.month, s.net_ore, $4"
	" FROM benefit_statements s WHERE s.centre_id = $1 AND s.run_id = $2 AND s.kind = 'month'"
	" ON CONFLICT (participant_id) DO UPDATE SET outstanding_ore = excluded.outstanding_ore,"
	" facts_at = excluded.facts_at, last_month = excluded.last_month, last_net_ore = excluded.last_net_ore,"
	" updated_at = excluded.updated_at";

int
store_benefit_accounts(struct db *db, struct arena *a, int64_t centre, struct benefit_account **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_accounts);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	struct benefit_account *items = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = table_grow(a, items, count, &cap, sizeof *items);
		if (items == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct benefit_account *x = &items[count++];
		x->participant_id = db_col_int(st, 0);
		x->outstanding_ore = db_col_int(st, 1);
		x->facts_at = db_col_int(st, 2);
		x->last_month = text_copy(a, st, 3);
		x->last_net_ore = db_col_int(st, 4);
		if (x->last_month == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = items;
	*n = count;
	return SC_OK;
}

/* Reads a column of ids. */
static int
read_ids(struct db_stmt *st, struct arena *a, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	int64_t *items = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = table_grow(a, items, count, &cap, sizeof *items);
		if (items == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		items[count++] = db_col_int(st, 0);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*ids = items;
	*n = count;
	return SC_OK;
}

int
store_benefit_outstanding(struct db *db, int64_t centre, int64_t participant_id, int64_t *out)
{
	*out = 0;
	struct db_stmt *st = db_prepare(db, sql_outstanding);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_benefit_changed(struct db *db, struct arena *a, int64_t centre, int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_changed);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	return read_ids(st, a, ids, n);
}

int
store_benefit_accounts_apply(struct db *db, int64_t centre, int64_t run_id, int64_t facts_at, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_accounts_checked);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, run_id);
	db_bind_int(st, 3, facts_at);
	int rc = db_run(st, NULL);
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_accounts_apply);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, run_id);
	db_bind_int(st, 3, facts_at);
	db_bind_int(st, 4, now);
	return db_run(st, NULL);
}

/* ---- runs ---- */

static const char sql_run_facts[] =
	"SELECT MAX(CASE WHEN month <> $2 THEN 0 WHEN state = 'approved' THEN 2 ELSE 1 END),"
	" SUM(CASE WHEN month > $2 THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN month <> $2 AND state = 'open' THEN 1 ELSE 0 END),"
	" MAX(CASE WHEN month < $2 THEN month END)"
	" FROM benefit_runs WHERE centre_id = $1 AND state <> 'discarded'";
static const char sql_run_insert[] =
	"INSERT INTO benefit_runs (centre_id, month, state, run_by, run_at) VALUES ($1, $2, 'open', $3, $4)"
	" RETURNING id";
static const char sql_run_totals[] =
	"UPDATE benefit_runs SET statements = $3, gross_ore = $4, tax_ore = $5, recovery_ore = $6, net_ore = $7,"
	" backpay_ore = $8, claims_ore = $9, warnings = $10, payable = $11"
	" WHERE centre_id = $1 AND id = $2 AND state = 'open'";
#define RUN_COLUMNS \
	"r.id, r.month, r.state, r.run_by, COALESCE(u.display_name, '') AS run_by_name, r.run_at, r.approved_by," \
	" COALESCE(v.display_name, '') AS approved_by_name, r.approved_at, r.discarded_by, r.discarded_at," \
	" r.statements, r.gross_ore, r.tax_ore, r.recovery_ore, r.net_ore, r.backpay_ore, r.claims_ore, r.warnings," \
	" r.payable, r.downloaded_at, r.downloads, r.version" \
	" FROM benefit_runs r LEFT JOIN users u ON u.id = r.run_by LEFT JOIN users v ON v.id = r.approved_by"
static const char sql_run_get[] = "SELECT " RUN_COLUMNS " WHERE r.centre_id = $1 AND r.id = $2";
static const char sql_runs_count[] = "SELECT COUNT(*) FROM benefit_runs WHERE centre_id = $1";
static const char sql_runs[] =
	"SELECT " RUN_COLUMNS " WHERE r.centre_id = $1 ORDER BY r.month DESC, r.id DESC LIMIT $2 OFFSET $3";
static const char sql_runs_approved[] =
	"SELECT " RUN_COLUMNS " WHERE r.centre_id = $1 AND r.state = 'approved' AND r.month >= $2 AND r.month <= $3"
	" ORDER BY r.month";
static const char sql_run_approve[] =
	"UPDATE benefit_runs SET state = 'approved', approved_by = $3, approved_at = $4, version = version + 1"
	" WHERE centre_id = $1 AND id = $2 AND state = 'open'";
static const char sql_run_discard[] =
	"UPDATE benefit_runs SET state = 'discarded', discarded_by = $3, discarded_at = $4, version = version + 1"
	" WHERE centre_id = $1 AND id = $2 AND state = 'open'";
static const char sql_discard_items[] =
	"DELETE FROM benefit_statement_items WHERE centre_id = $1 AND statement_id IN"
	" (SELECT id FROM benefit_statements WHERE centre_id = $1 AND run_id = $2)";
/* recomputed versions point at the run's month statements: go first */
static const char sql_discard_recomputed[] =
	"DELETE FROM benefit_statements WHERE centre_id = $1 AND run_id = $2 AND kind = 'recomputed'";
static const char sql_discard_statements[] =
	"DELETE FROM benefit_statements WHERE centre_id = $1 AND run_id = $2";
static const char sql_discard_params[] = "DELETE FROM benefit_run_params WHERE run_id = $1";
static const char sql_discard_sources[] = "DELETE FROM benefit_run_sources WHERE run_id = $1";
static const char sql_run_downloaded[] =
	"UPDATE benefit_runs SET downloaded_at = $3, downloads = downloads + 1"
	" WHERE centre_id = $1 AND id = $2 AND state = 'approved'";
static const char sql_params_add[] =
	"INSERT INTO benefit_run_params (run_id, scheme, month_amount_ore, g_ore, child_rate_ore, recovery_percent,"
	" reducing, recorded) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
static const char sql_params_get[] =
	"SELECT month_amount_ore, g_ore, child_rate_ore, recovery_percent, reducing, recorded"
	" FROM benefit_run_params WHERE run_id = $1 AND scheme = $2";
static const char sql_sources_add[] = "INSERT INTO benefit_run_sources (run_id, kind, source_id) VALUES ($1, $2, $3)";
static const char sql_sources[] =
	"SELECT source_id FROM benefit_run_sources WHERE run_id = $1 AND kind = $2 ORDER BY source_id";

int
store_benefit_run_facts(struct db *db, struct arena *a, int64_t centre, const char *month, int *existing,
			bool *later, bool *open_other, const char **last_before)
{
	*last_before = "";
	struct db_stmt *st = db_prepare(db, sql_run_facts);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, month);
	int rc = db_step(st);
	/* the domain's BENEFIT_MONTH_NONE, _OPEN, _APPROVED (MAX of 0, 1, 2; no row: none) */
	*existing = rc == DB_ROW ? (int)db_col_int(st, 0) : BENEFIT_MONTH_NONE;
	*later = rc == DB_ROW && db_col_int(st, 1) > 0;
	*open_other = rc == DB_ROW && db_col_int(st, 2) > 0;
	if (rc == DB_ROW && !db_col_null(st, 3)) {
		*last_before = arena_strdup(a, db_col_text(st, 3));
		if (*last_before == NULL)
			rc = SC_ENOMEM;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_benefit_run_insert(struct db *db, int64_t centre, const char *month, int64_t by, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_run_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, month);
	if (by > 0)
		db_bind_int(st, 3, by);
	else
		db_bind_null(st, 3);
	db_bind_int(st, 4, now);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

int
store_benefit_run_totals(struct db *db, int64_t centre, int64_t run_id, const struct benefit_run *t)
{
	struct db_stmt *st = db_prepare(db, sql_run_totals);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, run_id);
	db_bind_int(st, 3, t->statements);
	db_bind_int(st, 4, t->gross_ore);
	db_bind_int(st, 5, t->tax_ore);
	db_bind_int(st, 6, t->recovery_ore);
	db_bind_int(st, 7, t->net_ore);
	db_bind_int(st, 8, t->backpay_ore);
	db_bind_int(st, 9, t->claims_ore);
	db_bind_int(st, 10, t->warnings);
	db_bind_int(st, 11, t->payable);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	return rc == SC_OK && changed == 0 ? SC_ENOTFOUND : rc;
}

int
store_benefit_run_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct benefit_run *out)
{
	struct db_stmt *st = db_prepare(db, sql_run_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	void *items;
	size_t n;
	int rc = table_read_rows(st, a, benefit_run_fields, sizeof *out, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (n == 0)
		return SC_ENOTFOUND;
	*out = *(struct benefit_run *)items;
	return SC_OK;
}

int
store_benefit_runs(struct db *db, struct arena *a, int64_t centre, int64_t limit, int64_t offset,
		   struct benefit_run **items, size_t *n, int64_t *total)
{
	*total = 0;
	struct db_stmt *st = db_prepare(db, sql_runs_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, sql_runs);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, store_page_limit(limit, 500, 50));
	db_bind_int(st, 3, offset < 0 ? 0 : offset);
	return table_read_rows(st, a, benefit_run_fields, sizeof **items, (void **)items, n);
}

int
store_benefit_runs_approved(struct db *db, struct arena *a, int64_t centre, const char *from, const char *to,
			    struct benefit_run **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_runs_approved);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	return table_read_rows(st, a, benefit_run_fields, sizeof **items, (void **)items, n);
}

/* Runs a statement of ($1 centre, $2 id, $3 by, $4 now): SC_ENOTFOUND when
 * it changed no row. */
static int
run_change(struct db *db, const char *sql, int64_t centre, int64_t id, int64_t by, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	if (by > 0)
		db_bind_int(st, 3, by);
	else
		db_bind_null(st, 3);
	db_bind_int(st, 4, now);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	return rc == SC_OK && changed == 0 ? SC_ENOTFOUND : rc;
}

int
store_benefit_run_approve(struct db *db, int64_t centre, int64_t id, int64_t by, int64_t now)
{
	return run_change(db, sql_run_approve, centre, id, by, now);
}

/* Runs a statement of ($1 centre, $2 run). */
static int
run_delete(struct db *db, const char *sql, int64_t centre, int64_t run_id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, run_id);
	return db_run(st, NULL);
}

int
store_benefit_run_discard(struct db *db, int64_t centre, int64_t id, int64_t by, int64_t now)
{
	int rc = run_change(db, sql_run_discard, centre, id, by, now);
	if (rc == SC_OK)
		rc = run_delete(db, sql_discard_items, centre, id);
	if (rc == SC_OK)
		rc = run_delete(db, sql_discard_recomputed, centre, id);
	if (rc == SC_OK)
		rc = run_delete(db, sql_discard_statements, centre, id);
	const char *const more[] = {sql_discard_params, sql_discard_sources};
	for (size_t i = 0; rc == SC_OK && i < 2; i++) {
		struct db_stmt *st = db_prepare(db, more[i]);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		rc = db_run(st, NULL);
	}
	return rc;
}

int
store_benefit_run_downloaded(struct db *db, int64_t centre, int64_t id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_run_downloaded);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, now);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	return rc == SC_OK && changed == 0 ? SC_ENOTFOUND : rc;
}

int
store_benefit_run_params_add(struct db *db, int64_t run_id, const char *scheme, const struct benefit_params *p,
			     struct arena *a)
{
	char *reducing = benefit_kinds_text(p->reducing, a), *recorded = benefit_kinds_text(p->recorded, a);
	if (reducing == NULL || recorded == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_params_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, run_id);
	db_bind_text(st, 2, scheme);
	db_bind_int(st, 3, p->month_amount_ore);
	db_bind_int(st, 4, p->g_ore);
	db_bind_int(st, 5, p->child_rate_ore);
	db_bind_int(st, 6, p->recovery_percent);
	db_bind_text(st, 7, reducing);
	db_bind_text(st, 8, recorded);
	return db_run(st, NULL);
}

int
store_benefit_run_params(struct db *db, struct arena *a, int64_t run_id, const char *scheme,
			 struct benefit_params *out, bool *found)
{
	memset(out, 0, sizeof *out);
	*found = false;
	struct db_stmt *st = db_prepare(db, sql_params_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, run_id);
	db_bind_text(st, 2, scheme);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*found = true;
		int kind = BENEFIT_BERGEN;
		benefit_scheme_parse(scheme, &kind);
		out->kind = (enum benefit_kind)kind;
		out->month_amount_ore = db_col_int(st, 0);
		out->g_ore = db_col_int(st, 1);
		out->child_rate_ore = db_col_int(st, 2);
		out->recovery_percent = (int)db_col_int(st, 3);
		out->reducing = benefit_kinds_parse(db_col_text(st, 4), a);
		out->recorded = benefit_kinds_parse(db_col_text(st, 5), a);
		if (out->reducing == NULL || out->recorded == NULL)
			rc = SC_ENOMEM;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_benefit_run_sources_add(struct db *db, int64_t run_id, const char *kind, const int64_t *ids, size_t n)
{
	int rc = SC_OK;
	for (size_t i = 0; rc == SC_OK && i < n; i++) {
		struct db_stmt *st = db_prepare(db, sql_sources_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, run_id);
		db_bind_text(st, 2, kind);
		db_bind_int(st, 3, ids[i]);
		rc = db_run(st, NULL);
	}
	return rc;
}

int
store_benefit_run_sources(struct db *db, struct arena *a, int64_t run_id, const char *kind, int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_sources);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, run_id);
	db_bind_text(st, 2, kind);
	return read_ids(st, a, ids, n);
}

/* ---- statements ---- */

static const char sql_item_add[] =
	"INSERT INTO benefit_statement_items (statement_id, centre_id, ord, code, kind, ref_month, ref_statement_id,"
	" causes, amount_ore, income_ore) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
static const char sql_items_of[] =
	"SELECT statement_id, ord, code, kind, ref_month, ref_statement_id, causes, amount_ore, income_ore"
	" FROM benefit_statement_items WHERE centre_id = $1 AND statement_id = $2 ORDER BY ord";
#define STATEMENT_FROM \
	" FROM benefit_statements s JOIN participants p ON p.id = s.participant_id"
#define STATEMENT_NAME "p.family_name || ', ' || p.given_name AS participant_name"
/* A statement keeps the kinds of income in force (reducing, recorded).
 * Where they are those of its run's parameters for its scheme
 * (benefit_run_params: every month statement of a run), the row holds
 * KINDS_OF_RUN instead of the hundred bytes repeated in each row; the reads
 * put the run's text back, in a column of the same name read after s.*
 * (decision 81). No list of kinds is "=": the codes are letters. */
#define KINDS_OF_RUN "="
#define KINDS_OF(COL) \
	" CASE WHEN s." COL " = '" KINDS_OF_RUN "' THEN (SELECT rp." COL " FROM benefit_run_params rp" \
	" WHERE rp.run_id = s.run_id AND rp.scheme = s.scheme) ELSE s." COL " END AS " COL
#define STATEMENT_KINDS ", " KINDS_OF("reducing") ", " KINDS_OF("recorded")
static const char sql_statement_get[] =
	"SELECT s.*, " STATEMENT_NAME STATEMENT_KINDS STATEMENT_FROM " WHERE s.centre_id = $1 AND s.id = $2";
/* A statement left out of the payment file: a net to pay and the warning
 * of no valid account (BENEFIT_WARN_NO_ACCOUNT). */
#define LEFT_OUT "(s.warnings & 4) <> 0 AND s.net_ore > 0"
_Static_assert(BENEFIT_WARN_NO_ACCOUNT == 4, "LEFT_OUT names the warning's bit");
static const char sql_statements_count[] =
	"SELECT COUNT(*) FROM benefit_statements s WHERE s.centre_id = $1 AND s.run_id = $2 AND s.kind = 'month'"
	" AND ($3 = 0 OR ($3 = 1 AND s.warnings <> 0) OR ($3 = 3 AND s.net_ore > 0 AND s.bank_account <> '')"
	" OR ($3 = 4 AND (s.backpay_ore <> 0 OR s.claims_ore <> 0)) OR $3 = 2 OR ($3 = 5 AND " LEFT_OUT "))";
static const char sql_statements_by_name[] =
	"SELECT s.*, " STATEMENT_NAME STATEMENT_KINDS STATEMENT_FROM
	" WHERE s.centre_id = $1 AND s.run_id = $2 AND s.kind = 'month'"
	" AND ($3 = 0 OR ($3 = 1 AND s.warnings <> 0) OR ($3 = 4 AND (s.backpay_ore <> 0 OR s.claims_ore <> 0))"
	" OR ($3 = 5 AND " LEFT_OUT "))"
	" ORDER BY p.family_name, p.given_name, s.id LIMIT $4 OFFSET $5";
static const char sql_statements_changed[] =
	"SELECT s.*, " STATEMENT_NAME STATEMENT_KINDS STATEMENT_FROM
	" WHERE s.centre_id = $1 AND s.run_id = $2 AND s.kind = 'month' AND $3 = 2"
	" ORDER BY ABS(s.change_ore) DESC, s.id LIMIT $4 OFFSET $5";
static const char sql_statements_payable[] =
	"SELECT s.id, s.participant_id, s.net_ore, s.tax_ore, s.gross_ore, s.bank_account, s.month, s.warnings, "
	STATEMENT_NAME STATEMENT_FROM
	" WHERE s.centre_id = $1 AND s.run_id = $2 AND s.kind = 'month' AND $3 = 3 AND s.net_ore > 0"
	" AND s.bank_account <> '' ORDER BY s.id LIMIT $4 OFFSET $5";
static const char sql_statements_of[] =
	"SELECT s.*, " STATEMENT_NAME STATEMENT_KINDS STATEMENT_FROM " JOIN benefit_runs r ON r.id = s.run_id"
	" WHERE s.centre_id = $1 AND s.participant_id = $2 AND s.kind = 'month'"
	" AND (r.state = 'approved' OR ($3 = 1 AND r.state = 'open'))"
	" ORDER BY s.month DESC, s.id DESC LIMIT 240";
/* The latest version of an approved run: an index walk backwards. */
static const char sql_effective[] =
	"SELECT s.*, " STATEMENT_NAME STATEMENT_KINDS STATEMENT_FROM " JOIN benefit_runs r ON r.id = s.run_id"
	" WHERE s.centre_id = $1 AND s.participant_id = $2 AND s.month = $3 AND r.state = 'approved'"
	" ORDER BY s.id DESC LIMIT 1";
static const char sql_run_participants[] =
	"SELECT participant_id FROM benefit_statements WHERE centre_id = $1 AND run_id = $2 AND kind = 'month'"
	" AND scheme = $3 ORDER BY participant_id";
/* The version in force of a participant's month: the latest statement (of
 * kind month or recomputed) of an approved run. The look-back reads only
 * the few statements with work (benefit_statements_work) or with items of
 * other income (benefit_statement_items_code), each checked to be the
 * version in force among the few rows of its participant's month
 * (benefit_statements_participant): migration 21, decision 67. */
#define IN_FORCE_OF_S \
	"(SELECT MAX(s2.id) FROM benefit_statements s2 JOIN benefit_runs r2 ON r2.id = s2.run_id" \
	" AND r2.state = 'approved' WHERE s2.centre_id = $1 AND s2.participant_id = s.participant_id" \
	" AND s2.month = s.month)"
static const char sql_effective_work[] =
	"SELECT s.participant_id, s.has_work, s.work_gross_ore, s.work_hours_centi FROM benefit_statements s"
	" WHERE s.centre_id = $1 AND s.month = $2 AND s.has_work = 1 AND s.id = " IN_FORCE_OF_S
	" ORDER BY s.participant_id";
static const char sql_effective_income[] =
	"SELECT s.participant_id, s.month, i.kind, i.income_ore FROM benefit_statement_items i"
	" JOIN benefit_statements s ON s.id = i.statement_id"
	" WHERE i.centre_id = $1 AND i.code = 'other_income' AND s.centre_id = $1"
	" AND s.month >= $2 AND s.month <= $3 AND s.id = " IN_FORCE_OF_S
	" ORDER BY s.participant_id, s.month, i.kind, i.ord";

/* Writes the items of statement id. */
static int
items_add(struct db *db, int64_t centre, const struct benefit_record *rec, int64_t id)
{
	int rc = SC_OK;
	const struct benefit_item *items = rec->items.items;
	for (size_t i = 0; rc == SC_OK && i < rec->items.n; i++) {
		const struct benefit_item *it = &items[i];
		struct db_stmt *st = db_prepare(db, sql_item_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, centre);
		db_bind_int(st, 3, (int64_t)i + 1);
		table_bind_field(st, 4, fields_find(benefit_item_fields, "code"), it);
		db_bind_text(st, 5, it->kind);
		db_bind_text(st, 6, it->ref_month);
		if (it->ref_statement_id > 0)
			db_bind_int(st, 7, it->ref_statement_id);
		else
			db_bind_null(st, 7);
		db_bind_text(st, 8, it->causes);
		db_bind_int(st, 9, it->amount_ore);
		if (it->code == BENEFIT_ITEM_OTHER_INCOME)
			db_bind_int(st, 10, it->income_ore);
		else
			db_bind_null(st, 10);
		rc = db_run(st, NULL);
	}
	return rc;
}

int
store_benefit_statement_add(struct db *db, int64_t centre, const struct benefit_record *rec, int64_t *id)
{
	int rc = table_insert(db, &statements, centre, rec, 0, 0, id);
	return rc == SC_OK ? items_add(db, centre, rec, *id) : rc;
}

/* The multi-row INSERT of n statements (n a power of two up to
 * BATCH_MAX), built once: the drivers cache prepared statements by the
 * address of their text. With ids (SQLite): each row's id is bound first,
 * the ones SQLite would give them (one more than the largest, row after
 * row: the write transaction holds the database), and nothing is returned
 * (RETURNING costs SQLite a temporary table per statement, decision 84).
 * Without (PostgreSQL, where ids come from a sequence): each row is
 * returned with what tells it from the others of its batch (a batch holds
 * one statement per participant, kind and month). */
#define BATCH_MAX 32
static pthread_mutex_t batch_lock = PTHREAD_MUTEX_INITIALIZER;
static char *batch_sql[2][BATCH_MAX + 1];

static const char *
batch_insert_sql(size_t n, bool with_ids)
{
	pthread_mutex_lock(&batch_lock);
	if (batch_sql[with_ids][n] == NULL) {
		const char *cols = table_columns(&statements);
		int ncol = 1;
		for (const char *c = cols; c != NULL && *c != '\0'; c++)
			ncol += *c == ',';
		ncol += with_ids ? 2 : 1;   /* centre_id, id */
		size_t cap = strlen(cols != NULL ? cols : "") + 128 + n * (size_t)ncol * 8;
		char *q = cols != NULL ? malloc(cap) : NULL;
		if (q != NULL) {
			size_t len = (size_t)snprintf(q, cap, "INSERT INTO benefit_statements (%s%s, centre_id) VALUES ",
						      with_ids ? "id, " : "", cols);
			int k = 1;
			for (size_t r = 0; r < n; r++) {
				len += (size_t)snprintf(q + len, cap - len, "%s(", r ? ", " : "");
				for (int c = 0; c < ncol; c++)
					len += (size_t)snprintf(q + len, cap - len, "%s$%d", c ? ", " : "", k++);
				len += (size_t)snprintf(q + len, cap - len, ")");
			}
			if (!with_ids)
				snprintf(q + len, cap - len, " RETURNING id, participant_id, kind, month");
		}
		batch_sql[with_ids][n] = q;
	}
	const char *sql = batch_sql[with_ids][n];
	pthread_mutex_unlock(&batch_lock);
	return sql;
}

static const char sql_statement_last_id[] = "SELECT COALESCE(MAX(id), 0) FROM benefit_statements";

/* The kinds of income of a run's parameters for one scheme, as the run
 * keeps them (benefit_run_params), to tell whether a statement's are the
 * run's (KINDS_OF_RUN). */
struct run_kinds {
	int64_t run_id;
	int scheme;
	bool found;
	char reducing[1024], recorded[1024];
};

static int
run_kinds_read(struct db *db, int64_t run_id, int scheme, struct run_kinds *k)
{
	k->run_id = run_id;
	k->scheme = scheme;
	k->found = false;
	struct db_stmt *st = db_prepare(db, sql_params_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, run_id);
	db_bind_text(st, 2, benefit_scheme_key(scheme));
	int rc = db_step(st);
	if (rc == DB_ROW) {
		const char *red = db_col_text(st, 4), *rec = db_col_text(st, 5);
		k->found = red != NULL && rec != NULL && strlen(red) < sizeof k->reducing &&
			   strlen(rec) < sizeof k->recorded;
		if (k->found) {
			strcpy(k->reducing, red);
			strcpy(k->recorded, rec);
		}
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* The cache's entry for rec's run and scheme (one entry per scheme),
 * read when it is another run's. */
static int
run_kinds_of(struct db *db, const struct benefit_record *rec, struct run_kinds cache[2], struct run_kinds **out)
{
	struct run_kinds *k = &cache[rec->scheme == BENEFIT_KVP];
	*out = k;
	return k->run_id == rec->run_id && k->scheme == rec->scheme ? SC_OK
		: run_kinds_read(db, rec->run_id, rec->scheme, k);
}

/* Which of rec's kinds of income are written KINDS_OF_RUN: bit 1 its
 * reducing kinds, bit 2 its recorded kinds, where they are those of k (its
 * run's for its scheme). */
static unsigned
kinds_as_run(const struct benefit_record *rec, const struct run_kinds *k)
{
	unsigned same = 0;
	if (k->found && rec->reducing != NULL && strcmp(rec->reducing, k->reducing) == 0)
		same |= 1;
	if (k->found && rec->recorded != NULL && strcmp(rec->recorded, k->recorded) == 0)
		same |= 2;
	return same;
}

int
store_benefit_statements_add(struct db *db, int64_t centre, const struct benefit_record *recs, size_t n,
			     int64_t *ids)
{
	int rc = SC_OK;
	static const char *const kinds[] = {"month", "recomputed"};
	struct run_kinds cache[2] = {{.run_id = 0}, {.run_id = 0}};
	/* SQLite: the ids, from the largest there is */
	bool with_ids = db_kind(db) == DB_SQLITE;
	int64_t last_id = 0;
	if (with_ids && n > 0) {
		struct db_stmt *st = db_prepare(db, sql_statement_last_id);
		if (st == NULL)
			return SC_EDB;
		rc = db_step(st);
		if (rc == DB_ROW)
			last_id = db_col_int(st, 0);
		db_done(st);
		if (rc != DB_ROW)
			return rc < 0 ? rc : SC_EDB;
		rc = SC_OK;
	}
	for (size_t done = 0; rc == SC_OK && done < n;) {
		size_t m = BATCH_MAX;
		while (m > n - done)
			m /= 2;
		/* the runs' kinds read before the INSERT is prepared */
		unsigned same[BATCH_MAX];
		for (size_t r = 0; r < m; r++) {
			struct run_kinds *k;
			rc = run_kinds_of(db, &recs[done + r], cache, &k);
			if (rc != SC_OK)
				return rc;
			same[r] = kinds_as_run(&recs[done + r], k);
		}
		const char *sql = batch_insert_sql(m, with_ids);
		struct db_stmt *st = sql != NULL ? db_prepare(db, sql) : NULL;
		if (st == NULL)
			return sql == NULL ? SC_ENOMEM : SC_EDB;
		int idx = 1;
		for (size_t r = 0; r < m; r++) {
			struct benefit_record x = recs[done + r];
			if (same[r] & 1)
				x.reducing = KINDS_OF_RUN;
			if (same[r] & 2)
				x.recorded = KINDS_OF_RUN;
			ids[done + r] = with_ids ? ++last_id : 0;
			if (with_ids)
				db_bind_int(st, idx++, ids[done + r]);
			idx = table_bind(st, idx, &statements, &x);
			db_bind_int(st, idx++, centre);
		}
		size_t got = 0;
		if (with_ids) {
			int64_t changed = 0;
			rc = db_run(st, &changed);
			if (rc != SC_OK)
				return rc;
			got = (size_t)changed;
			st = NULL;
		}
		while (st != NULL && (rc = db_step(st)) == DB_ROW) {
			int64_t id = db_col_int(st, 0), pid = db_col_int(st, 1);
			const char *kind = db_col_text(st, 2), *month = db_col_text(st, 3);
			/* from the next unmatched row on: the rows come back in the
			 * order they were given, as far as anyone has seen */
			for (size_t k = 0; k < m; k++) {
				size_t r = (got + k) % m;
				const struct benefit_record *x = &recs[done + r];
				if (ids[done + r] == 0 && x->participant_id == pid && kind != NULL && month != NULL &&
				    strcmp(kinds[x->kind == BENEFIT_RECORD_RECOMPUTED], kind) == 0 &&
				    strcmp(x->month, month) == 0) {
					ids[done + r] = id;
					got++;
					break;
				}
			}
		}
		db_done(st);
		if (rc < 0)
			return rc;
		rc = got == m ? SC_OK : SC_EDB;
		for (size_t r = 0; rc == SC_OK && r < m; r++)
			rc = items_add(db, centre, &recs[done + r], ids[done + r]);
		done += m;
	}
	return rc;
}

/* Reads the items of the statement into rec. */
static int
items_read(struct db *db, struct arena *a, int64_t centre, struct benefit_record *rec)
{
	struct db_stmt *st = db_prepare(db, sql_items_of);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, rec->id);
	void *items;
	size_t n;
	int rc = table_read_rows(st, a, benefit_item_fields, sizeof(struct benefit_item), &items, &n);
	if (rc != SC_OK)
		return rc;
	struct benefit_item *it = items;
	for (size_t i = 0; i < n; i++)
		if (it[i].income_ore == FIELD_NONE)
			it[i].income_ore = 0;
	rec->items = (struct field_list){n, items};
	return SC_OK;
}

/* One statement of a query of ($1 centre, ...) with its items. */
static int
statement_one(struct db *db, struct arena *a, int64_t centre, struct db_stmt *st, struct benefit_record *out,
	      bool *found)
{
	void *items;
	size_t n;
	int rc = table_read_rows(st, a, benefit_record_fields, sizeof *out, &items, &n);
	*found = rc == SC_OK && n > 0;
	if (!*found)
		return rc;
	*out = *(struct benefit_record *)items;
	return items_read(db, a, centre, out);
}

int
store_benefit_statement_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct benefit_record *out)
{
	struct db_stmt *st = db_prepare(db, sql_statement_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	bool found = false;
	int rc = statement_one(db, a, centre, st, out, &found);
	return rc == SC_OK && !found ? SC_ENOTFOUND : rc;
}

int
store_benefit_statements(struct db *db, struct arena *a, int64_t centre, int64_t run_id, enum benefit_list list,
			 int64_t limit, int64_t offset, struct benefit_record **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	struct db_stmt *st = db_prepare(db, sql_statements_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, run_id);
	db_bind_int(st, 3, list);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	const char *sql = list == BENEFIT_LIST_CHANGED ? sql_statements_changed
		: list == BENEFIT_LIST_PAYABLE ? sql_statements_payable : sql_statements_by_name;
	st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, run_id);
	db_bind_int(st, 3, list);
	db_bind_int(st, 4, store_page_limit(limit, 1000000, 50));
	db_bind_int(st, 5, offset < 0 ? 0 : offset);
	return table_read_rows(st, a, benefit_record_fields, sizeof **items, (void **)items, n);
}

int
store_benefit_statements_of(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, bool with_open,
			    struct benefit_record **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_statements_of);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, with_open ? 1 : 0);
	return table_read_rows(st, a, benefit_record_fields, sizeof **items, (void **)items, n);
}

int
store_benefit_effective(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, const char *month,
			struct benefit_record *out, bool *found)
{
	struct db_stmt *st = db_prepare(db, sql_effective);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	db_bind_text(st, 3, month);
	return statement_one(db, a, centre, st, out, found);
}

int
store_benefit_run_participants(struct db *db, struct arena *a, int64_t centre, int64_t run_id, const char *scheme,
			       int64_t **ids, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_run_participants);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, run_id);
	db_bind_text(st, 3, scheme);
	return read_ids(st, a, ids, n);
}

int
store_benefit_effective_work(struct db *db, struct arena *a, int64_t centre, const char *month,
			     struct benefit_stored_work **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_effective_work);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, month);
	struct benefit_stored_work *items = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = table_grow(a, items, count, &cap, sizeof *items);
		if (items == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		items[count++] = (struct benefit_stored_work){db_col_int(st, 0), (int)db_col_int(st, 1),
							      db_col_int(st, 2), db_col_int(st, 3)};
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = items;
	*n = count;
	return SC_OK;
}

int
store_benefit_effective_income(struct db *db, struct arena *a, int64_t centre, const char *from, const char *to,
			       struct benefit_stored_income **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_effective_income);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	struct benefit_stored_income *items = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		items = table_grow(a, items, count, &cap, sizeof *items);
		if (items == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct benefit_stored_income *x = &items[count++];
		x->participant_id = db_col_int(st, 0);
		x->month = text_copy(a, st, 1);
		x->kind = text_copy(a, st, 2);
		x->amount_ore = db_col_int(st, 3);
		if (x->month == NULL || x->kind == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*out = items;
	*n = count;
	return SC_OK;
}

/* ---- other income ---- */

static const char sql_income_add[] =
	"INSERT INTO benefit_income (centre_id, participant_id, kind, month_from, month_to, amount_ore, note,"
	" reported_at, reported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
static const char sql_income_withdraw[] =
	"UPDATE benefit_income SET withdrawn_at = $4, withdrawn_by = $5"
	" WHERE centre_id = $1 AND participant_id = $2 AND id = $3 AND withdrawn_at IS NULL";
#define INCOME_COLUMNS \
	"i.id, i.participant_id, i.kind, i.month_from, i.month_to, i.amount_ore, i.note, i.reported_at," \
	" i.reported_by, COALESCE(u.display_name, '') AS reported_by_name, i.withdrawn_at, i.withdrawn_by," \
	" COALESCE(v.display_name, '') AS withdrawn_by_name" \
	" FROM benefit_income i LEFT JOIN users u ON u.id = i.reported_by LEFT JOIN users v ON v.id = i.withdrawn_by"
static const char sql_income_of[] =
	"SELECT " INCOME_COLUMNS " WHERE i.centre_id = $1 AND i.participant_id = $2"
	" ORDER BY i.reported_at DESC, i.id DESC LIMIT 500";
static const char sql_income_months[] =
	"SELECT " INCOME_COLUMNS " WHERE i.centre_id = $1 AND i.withdrawn_at IS NULL AND i.month_from <= $3"
	" AND i.month_to >= $2 AND ($4 = 0 OR i.participant_id = $4) ORDER BY i.participant_id, i.id";

int
store_benefit_income_add(struct db *db, int64_t centre, const struct benefit_income_report *r, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_income_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, r->participant_id);
	db_bind_text(st, 3, r->kind);
	db_bind_text(st, 4, r->month_from);
	db_bind_text(st, 5, r->month_to != NULL && r->month_to[0] ? r->month_to : r->month_from);
	db_bind_int(st, 6, r->amount_ore);
	db_bind_text(st, 7, r->note != NULL && r->note[0] ? r->note : NULL);
	db_bind_int(st, 8, r->reported_at);
	if (r->reported_by > 0)
		db_bind_int(st, 9, r->reported_by);
	else
		db_bind_null(st, 9);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

int
store_benefit_income_withdraw(struct db *db, int64_t centre, int64_t participant_id, int64_t id, int64_t by,
			      int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_income_withdraw);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, now);
	if (by > 0)
		db_bind_int(st, 5, by);
	else
		db_bind_null(st, 5);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	return rc == SC_OK && changed == 0 ? SC_ENOTFOUND : rc;
}

/* The reports of a query, with "not given" for an empty withdrawal. */
static int
income_rows(struct db_stmt *st, struct arena *a, struct benefit_income_report **items, size_t *n)
{
	int rc = table_read_rows(st, a, benefit_income_report_fields, sizeof **items, (void **)items, n);
	for (size_t i = 0; rc == SC_OK && i < *n; i++)
		if ((*items)[i].withdrawn_at == FIELD_NONE)
			(*items)[i].withdrawn_at = 0;
	return rc;
}

int
store_benefit_income_of(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			struct benefit_income_report **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_income_of);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	return income_rows(st, a, items, n);
}

int
store_benefit_income_months(struct db *db, struct arena *a, int64_t centre, const char *from, const char *to,
			    int64_t participant_id, struct benefit_income_report **items, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_income_months);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	db_bind_int(st, 4, participant_id);
	return income_rows(st, a, items, n);
}

/* ---- the finance officer's home ---- */

static const char sql_home[] =
	"SELECT SUM(CASE WHEN state = 'open' THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN state = 'open' AND (run_by IS NULL OR run_by <> $2) THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN state = 'approved' AND downloads = 0 THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN state = 'open' THEN warnings ELSE 0 END)"
	" FROM benefit_runs WHERE centre_id = $1";

int
store_benefit_home(struct db *db, int64_t centre, int64_t user_id, struct benefit_home *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, sql_home);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, user_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->open_runs = db_col_int(st, 0);
		out->open_by_others = db_col_int(st, 1);
		out->undownloaded = db_col_int(st, 2);
		out->warnings = db_col_int(st, 3);
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}
