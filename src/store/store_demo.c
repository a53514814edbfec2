/*
 * store_demo.c — bulk loading for the demo generator; see store_demo.h.
 *
 * Two ways to write:
 *  - through the driver (db.h), on the store's own connection: the default
 *    demo (a few tens of thousands of rows, with every CHECK and foreign
 *    key checked as rows go in) and every PostgreSQL load, a bulk one
 *    with one COPY per table and batch (db_pg_copy());
 *  - for DEMO_LOAD_BULK on SQLite, on a connection of this module's own to
 *    the same file, with the rows' text bound in place (SQLITE_STATIC, with
 *    its length) rather than copied per value as the driver must. SQLite
 *    has no COPY; this is its equivalent. The store's connection is idle
 *    meanwhile and hands the database over for the load (see below).
 *
 * Where the time of a million participants went, and what is done about it
 * (each measured; see docs/BENCHMARKS.md):
 *  - statements: multi-row INSERTs; narrow tables take about 32 rows a
 *    statement, wide ones (participants, referrals) slow down with more
 *    than a couple of rows, so the batch follows the width;
 *  - CHECK (x IN ('a','b','c')): SQLite builds a small temporary index for
 *    each such check on every row; a participant has nine. The bulk path
 *    leaves them off (PRAGMA ignore_check_constraints): the values come
 *    from the domain's validators and keys, and the tests run PRAGMA
 *    integrity_check, which checks every CHECK, on a bulk load;
 *  - indexes that would take random inserts (names, contact persons,
 *    dates) are dropped and built again at the end, a sort instead of
 *    millions of random B-tree inserts; those that grow at their end as
 *    histories are written in id order are kept. The definitions are read
 *    from the database (sqlite_master, pg_indexes), so they come back
 *    exactly as the migrations made them, whatever later migrations change;
 *  - PostgreSQL's foreign keys: a per-row check query after each row (3/4
 *    of a COPY's time); dropped for the load and added again after it,
 *    when each is checked once over its table;
 *  - search terms are kept in memory, sorted on two threads at the end and
 *    written in key order: one pass instead of millions of inserts at
 *    random places in participant_search's primary key;
 *  - SQLite's journal: WAL writes every page twice (log, then checkpoint),
 *    which for a few GiB cost more than the inserts. A rollback journal
 *    copies only pages that existed before the transaction, and a load into
 *    a new database adds pages. A load killed half-way is rolled back from
 *    that journal when the database is next opened. Leaving WAL needs the
 *    database to itself: the store's connection switches before the
 *    loading connection opens and back after it closes; when it cannot
 *    (other connections) the load stays in WAL, slower but the same;
 *  - two cores: a writer thread writes one group of histories while the
 *    caller makes the next;
 *  - the kept tables that count many rows into few groups: Attendance's
 *    months and sessions and Norwegian's gains are counted as the rows go
 *    by, the reports' groups and Caseloads' months grouped in C from their
 *    views' rows (SQLite), instead of a sort of every row (decision 97).
 * A load is one transaction: all of it or nothing.
 *
 * The driver's INSERT texts have one placeholder per value, so they are
 * built once per process into static buffers: statements are cached per
 * connection by the address of their text, and these addresses never
 * change.
 */
#include "db_impl.h"
#include "store.h"
#include "../domain/date.h"
#include "../domain/participant.h"
#include "../util/err.h"
#include "../util/timeutil.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct demo_tab {
	const char *name;
	const char *cols;
	int ncols;
	bool has_id;
	const char *sql_max_id;
	const char *sql_count;
	const char *sql_rows;     /* the columns the checksum reads, in key order */
	int nsum;                 /* how many */
	const char *sql_setval;   /* PostgreSQL: move the identity sequence */
};

#define TAB_SUM(name, cols, ncols, has_id, sumcols, nsum, order)                       \
	{name, cols, ncols, has_id, "SELECT COALESCE(MAX(id), 0) + 1 FROM " name,      \
	 "SELECT COUNT(*) FROM " name, "SELECT " sumcols " FROM " name " ORDER BY " order, \
	 nsum, "SELECT setval(pg_get_serial_sequence('" name "', 'id'),"                \
	 " (SELECT COALESCE(MAX(id), 0) + 1 FROM " name "), false)"}
#define TAB(name, cols, ncols, has_id, order) TAB_SUM(name, cols, ncols, has_id, cols, ncols, order)

/* After the generator's tables, kept tables the load counts itself as the
 * rows go by (see "kept rows counted by the load" below): written like
 * the others, at the end, but neither counted nor summed as the demo's. */
enum {
	KEPT_ATT_MONTHS = DEMO_NTABLES, KEPT_ATT_SESSIONS, KEPT_CASELOAD_MONTHS, KEPT_REPORT_GROUPS, KEPT_REPORT_WAITS,
	KEPT_REPORT_JOBS, KEPT_INTAKE_SOURCES, KEPT_INTAKE_DAYS, NTABS
};

static const struct demo_tab tabs[NTABS] = {
	[DEMO_CENTRES] = TAB("centres", "id, name, created_at", 3, true, "id"),
	/* The checksum leaves out what is not made from the seed: password
	 * hashes (random salt) and the moment of the audit entry. */
	[DEMO_USERS] = TAB_SUM("users",
		"id, username, display_name, password_hash, roles, language, active, version,"
		" created_at, updated_at, caseload_cap", 11, true,
		"id, username, display_name, roles, language, active, version, created_at,"
		" updated_at, caseload_cap", 10, "id"),
	[DEMO_AUDIT] = TAB_SUM("audit_log",
		"id, at, user_id, username, action, record_type, record_id, address, outcome", 9, true,
		"id, user_id, username, action, record_type, record_id, address, outcome", 8, "id"),
	[DEMO_PARTICIPANTS] = TAB("participants",
		"id, given_name, family_name, nin, birth_date, gender, country_of_birth, citizenship,"
		" arrival_date, residence_basis, intro_ended, schooling_years, literate,"
		" cefr_listening, cefr_reading, cefr_speaking, cefr_writing, caregiving, phone, email,"
		" address, postcode, city, bank_account, tax_percent, tax_table, status, contact_id,"
		" name_key, version, created_at, updated_at, created_by, contact_until, centre_id", 35, true, "id"),
	[DEMO_LANGUAGES] = TAB("participant_languages",
		"participant_id, ord, language, interpreter", 4, false, "participant_id, ord"),
	[DEMO_CHILDREN] = TAB("participant_children",
		"participant_id, ord, birth_date", 3, false, "participant_id, ord"),
	[DEMO_SEARCH] = TAB("participant_search",
		"centre_id, term, participant_id, keys", 4, false, "participant_id, term"),
	[DEMO_CHANGES] = TAB("participant_changes",
		"id, participant_id, version, fields, at, user_id, centre_id", 7, true, "id"),
	[DEMO_ASSESSMENTS] = TAB("language_assessments",
		"id, participant_id, skill, level, assessed_on, source, note, recorded_by, at, centre_id,"
		" assessor_id, method, group_id", 13, true, "id"),
	[DEMO_REFERRALS] = TAB("referrals",
		"id, participant_id, source, referred_on, referrer, reason, planned_start,"
		" in_qualification, in_introduction, lawful_residence, priority, state, offered_on,"
		" answer_by, version, created_at, updated_at, created_by, centre_id", 19, true, "id"),
	[DEMO_SCREENING] = TAB("screening_results",
		"id, referral_id, rule, pass, reason, overridden, override_reason, screened_at,"
		" screened_by, centre_id", 10, true, "id"),
	[DEMO_REFERRAL_EVENTS] = TAB("referral_events",
		"id, referral_id, at, on_date, user_id, from_state, to_state, note, centre_id", 9, true, "id"),
	[DEMO_ENROLMENTS] = TAB("enrolments",
		"id, participant_id, referral_id, start_date, planned_end, status, exit_date,"
		" exit_reason, outcome, version, created_at, updated_at, created_by, centre_id", 14, true, "id"),
	[DEMO_EXTENSIONS] = TAB("enrolment_extensions",
		"id, enrolment_id, old_end, new_end, reason, at, user_id, centre_id", 8, true, "id"),
	[DEMO_PAUSES] = TAB("enrolment_pauses",
		"id, enrolment_id, from_date, to_date, reason, at, user_id, centre_id", 8, true, "id"),
	[DEMO_ASSIGNMENTS] = TAB("assignments",
		"id, participant_id, contact_id, from_at, to_at, assigned_by, reason, centre_id", 8, true, "id"),
	[DEMO_PLANS] = TAB("work_plans",
		"id, enrolment_id, participant_id, wishes, resources, agreed_on, version, created_at,"
		" updated_at, updated_by, centre_id", 11, true, "id"),
	[DEMO_PLAN_VERSIONS] = TAB("work_plan_versions",
		"id, plan_id, version, wishes, resources, agreed_on, saved_at, saved_by, centre_id", 9, true, "id"),
	[DEMO_EVALUATIONS] = TAB("plan_evaluations",
		"id, plan_id, participant_id, due_on, done_on, note, centre_id", 7, true, "id"),
	[DEMO_GOALS] = TAB("goals",
		"id, plan_id, participant_id, category, title, target_date, status, version,"
		" created_at, updated_at, centre_id", 11, true, "id"),
	[DEMO_STEPS] = TAB("goal_steps",
		"id, goal_id, participant_id, ord, description, due_on, done_on, centre_id", 8, true, "id"),
	[DEMO_GOAL_HISTORY] = TAB("goal_history",
		"id, goal_id, version, category, title, target_date, status, steps, changed_at,"
		" changed_by, centre_id", 11, true, "id"),
	[DEMO_MEETINGS] = TAB("meetings",
		"id, participant_id, held_on, channel, interpreter, minutes, next_steps, next_meeting,"
		" author_id, created_at, centre_id", 11, true, "id"),
	[DEMO_HEALTH_NOTES] = TAB("health_notes",
		"id, participant_id, written_on, body, author_id, created_at, centre_id", 7, true, "id"),
	[DEMO_TASKS] = TAB("tasks",
		"id, participant_id, enrolment_id, kind, due_on, assignee_id, done_on, done_by, result,"
		" note, centre_id", 11, true, "id"),
	[DEMO_MEMBERS] = TAB("centre_members",
		"user_id, centre_id, roles", 3, false, "user_id, centre_id"),
	[DEMO_HEALTH_REFERRALS] = TAB("health_referrals",
		"id, participant_id, health_id, referred_on, reason, ended_on, created_at, created_by,"
		" ended_by, centre_id", 10, true, "id"),
	[DEMO_SETTINGS] = TAB_SUM("installation_settings",
		"key, value, set_at", 3, false, "key, value", 2, "key"),
	[DEMO_CLOSURES] = TAB("closures",
		"id, centre_id, name, from_on, to_on, created_at, created_by", 7, true, "id"),
	[DEMO_ACT_GROUPS] = TAB("activity_groups",
		"id, centre_id, activity_type_id, name, room, capacity, starts_on, ends_on, language,"
		" level, version, created_at, updated_at, created_by", 14, true, "id"),
	[DEMO_GROUP_TEACHERS] = TAB("group_teachers",
		"group_id, user_id, centre_id", 3, false, "group_id, user_id"),
	[DEMO_GROUP_SLOTS] = TAB("group_slots",
		"group_id, weekday, start_min, end_min, centre_id", 5, false, "group_id, weekday, start_min"),
	[DEMO_ACT_SESSIONS] = TAB("activity_sessions",
		"id, centre_id, group_id, on_date, start_min, end_min, status, extra, expected, marks", 10,
		true, "id"),
	[DEMO_GROUP_ENROLMENTS] = TAB("group_enrolments",
		"id, centre_id, group_id, participant_id, status, starts_on, ends_on, created_at, created_by",
		9, true, "id"),
	[DEMO_ATTENDANCE] = TAB("attendance",
		"session_id, participant_id, centre_id, mark, minutes, absence, reason, doctor_note, beyond",
		9, false, "session_id, participant_id"),
	[DEMO_ABSENCE_STREAKS] = TAB("absence_streaks",
		"participant_id, centre_id, days, since, last_day, last_unexcused, contact_id", 7, false,
		"participant_id"),
	[DEMO_EMPLOYERS] = TAB("employers",
		"id, name, name_key, orgnr, industry, address, postcode, city, notes, concluded, hired, version,"
		" created_at, updated_at, created_by, centre_id", 16, true, "id"),
	[DEMO_EMPLOYER_SEARCH] = TAB("employer_search",
		"term, employer_id, centre_id", 3, false, "employer_id, term"),
	[DEMO_EMPLOYER_CONTACTS] = TAB("employer_contacts",
		"id, employer_id, name, role, phone, email, version, created_at, updated_at, created_by,"
		" centre_id", 11, true, "id"),
	[DEMO_AGREEMENTS] = TAB("agreements",
		"id, name, party, starts_on, ends_on, places, terms, notes, version, created_at, updated_at,"
		" created_by, centre_id", 13, true, "id"),
	[DEMO_AGREEMENT_EMPLOYERS] = TAB("agreement_employers",
		"agreement_id, employer_id, centre_id", 3, false, "agreement_id, employer_id"),
	[DEMO_PLACEMENTS] = TAB("placements",
		"id, participant_id, employer_id, agreement_id, workplace_address, workplace_postcode,"
		" workplace_city, supervisor_id, follow_up_id, starts_on, ends_on, hours_per_week,"
		" days_per_week, schedule, tasks, adaptations, participant_goal, goal_id,"
		" employer_approved_at, participant_approved_at, centre_approved_at, ended_on, end_reason,"
		" end_note, result, result_on, result_note, phase, last_followup_on, next_followup_on,"
		" evaluated_mid, evaluated_end, version, created_at, updated_at, created_by, centre_id", 37,
		true, "id"),
	[DEMO_PLACEMENT_APPROVALS] = TAB("placement_approvals",
		"id, placement_id, party, approved_on, approver, on_behalf, reason, recorded_at, recorded_by,"
		" withdrawn_at, withdrawn_by, withdraw_reason, centre_id", 13, true, "id"),
	[DEMO_PLACEMENT_VISITS] = TAB("placement_visits",
		"id, placement_id, participant_id, held_on, kind, with_whom, notes, actions, next_on,"
		" author_id, created_at, centre_id", 12, true, "id"),
	[DEMO_EVALUATION_LINKS] = TAB("evaluation_links",
		"id, placement_id, kind, token_digest, created_at, created_by, expires_at, opened_at, used_at,"
		" revoked_at, revoked_by, centre_id", 12, true, "id"),
	[DEMO_PLACEMENT_EVALUATIONS] = TAB("placement_evaluations",
		"id, placement_id, participant_id, kind, evaluated_on, punctuality, norwegian, understanding,"
		" quality, cooperation, initiative, strengths, to_work_on, evaluator, source, author_id,"
		" link_id, created_at, centre_id", 19, true, "id"),
	[DEMO_EMPLOYMENTS] = TAB("employments",
		"id, participant_id, placement_id, employer_id, kind, percent, starts_on, ends_on, wage_kind,"
		" wage_ore, title, version, created_at, updated_at, created_by, centre_id", 16, true, "id"),
	[DEMO_EMPLOYMENT_INCOME] = TAB("employment_income",
		"id, employment_id, valid_from, gross_ore, hours_centi, recorded_at, recorded_by, centre_id", 8,
		true, "id"),
	[DEMO_LANGUAGE_STEPS] = TAB("language_steps",
		"centre_id, participant_id, skill, kind, start_year, exit_year, gender, country, year, gain, age,"
		" schooling", 12,
		false, "participant_id, centre_id, skill, kind, start_year, exit_year, gender, country, year"),
	[KEPT_ATT_MONTHS] = TAB("attendance_months",
		"centre_id, month, group_id, participant_id, type_id, marks, attended, unexcused", 8, false,
		"centre_id, month, group_id, participant_id"),
	[KEPT_ATT_SESSIONS] = TAB("attendance_sessions",
		"centre_id, month, group_id, type_id, sessions", 5, false, "centre_id, month, group_id"),
	[KEPT_CASELOAD_MONTHS] = TAB("caseload_months",
		"centre_id, kind, month, gender, country, start_year, n", 7, false,
		"centre_id, kind, month, gender, country, start_year"),
	[KEPT_REPORT_GROUPS] = TAB("report_groups",
		"centre_id, exit_year, start_year, outcome, result6, result12, gender, country, in_programme, open_day,"
		" n, days_n, start_days, exit_days", 14, false,
		"centre_id, exit_year, start_year, outcome, result6, result12, gender, country, in_programme, open_day"),
	[KEPT_REPORT_WAITS] = TAB("report_waits", "centre_id, start_year, wait_days, gender, country, n", 6, false,
		"centre_id, start_year, wait_days, gender, country"),
	[KEPT_REPORT_JOBS] = TAB("report_jobs", "centre_id, start_year, job_days, gender, country, n", 6, false,
		"centre_id, start_year, job_days, gender, country"),
	[KEPT_INTAKE_SOURCES] = TAB("intake_sources",
		"centre_id, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, gender, country, n", 9,
		false, "centre_id, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, gender, country"),
	[KEPT_INTAKE_DAYS] = TAB("intake_days", "centre_id, on_date, gender, country, joins, leaves", 6, false,
		"centre_id, on_date, gender, country"),
};

const char *
store_demo_table_name(enum demo_table t)
{
	return (unsigned)t < DEMO_NTABLES ? tabs[t].name : "";
}

int
store_demo_table_ncols(enum demo_table t)
{
	return (unsigned)t < DEMO_NTABLES ? tabs[t].ncols : 0;
}

bool
store_demo_table_has_id(enum demo_table t)
{
	return (unsigned)t < DEMO_NTABLES && tabs[t].has_id;
}

/* ---- statement texts, built once ---- */

/* Rows per statement: a full batch, a smaller one for the rest, then one.
 * SQLite (measured at a million): narrow tables go fastest with 32 to 64
 * rows a statement (single rows pay the statement overhead each time), so a
 * batch holds about BATCH_PARAMS parameters; but participants (33 columns)
 * slow down past a couple of rows (5.5 us a row in twos, 8 in fours), so
 * tables wider than WIDE_COLS take WIDE_ROWS. Referrals (18) do better in
 * full batches (2.6 us a row against 3.4 in twos). PostgreSQL: each statement is a round trip, so bigger is
 * better there (BATCH_PARAMS_PG). All well inside SQLite's 32766 and
 * PostgreSQL's 65535 parameters. */
#define BATCH_PARAMS 640
#define BATCH_PARAMS_PG 2048
#define BATCH_ROWS 64
#define WIDE_COLS 24
#define WIDE_ROWS 2

#define SQL_BIG_MAX 20000
#define SQL_MID_MAX 6000
#define SQL_ONE_MAX 1200

/* Per engine (0 SQLite, 1 PostgreSQL) and table. */
static char sql_big[2][NTABS][SQL_BIG_MAX];
static char sql_mid[2][NTABS][SQL_MID_MAX];
static char sql_one[NTABS][SQL_ONE_MAX];
static int rows_big[2][NTABS], rows_mid[2][NTABS];
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;
static bool sql_ok;

/* "INSERT INTO t (cols) VALUES ($1,...),(...)" for rows rows. */
static bool
build_insert(char *out, size_t cap, const struct demo_tab *t, int rows)
{
	size_t n = (size_t)snprintf(out, cap, "INSERT INTO %s (%s) VALUES ", t->name, t->cols);
	int p = 1;
	for (int r = 0; r < rows && n < cap; r++) {
		n += (size_t)snprintf(out + n, cap - n, r ? ",(" : "(");
		for (int c = 0; c < t->ncols && n < cap; c++)
			n += (size_t)snprintf(out + n, cap - n, c ? ",$%d" : "$%d", p++);
		if (n < cap)
			n += (size_t)snprintf(out + n, cap - n, ")");
	}
	return n < cap;
}

static void
build_all(void)
{
	sql_ok = true;
	for (int e = 0; e < 2; e++) {
		for (int i = 0; i < NTABS; i++) {
			const struct demo_tab *t = &tabs[i];
			int big = (e == 0 ? BATCH_PARAMS : BATCH_PARAMS_PG) / t->ncols;
			big = big < 1 ? 1 : big > BATCH_ROWS ? BATCH_ROWS : big;
			if (e == 0 && t->ncols > WIDE_COLS)
				big = WIDE_ROWS;
			int mid = big / 4 > 1 ? big / 4 : 1;
			rows_big[e][i] = big;
			rows_mid[e][i] = mid;
			sql_ok &= build_insert(sql_big[e][i], SQL_BIG_MAX, t, big);
			sql_ok &= build_insert(sql_mid[e][i], SQL_MID_MAX, t, mid);
			if (e == 0)
				sql_ok &= build_insert(sql_one[i], SQL_ONE_MAX, t, 1);
		}
	}
}

/* ---- rows waiting in memory ---- */

struct cell {
	int64_t i;              /* integer, or offset of the text */
	uint32_t len;           /* bytes of the text (without its NUL) */
	uint8_t kind;           /* DV_KIND_NULL, _INT or _TEXT (dates become text) */
};

struct tab_buf {
	struct cell *cells;
	size_t ncells, capcells;
	char *text;
	size_t ntext, captext;
};

/* The rows of one group of histories, all tables. */
struct batch {
	struct tab_buf buf[DEMO_NTABLES];
	struct batch *next;
};

/* Search terms of a bulk load, kept to be written in key order. */
struct term {
	size_t off;             /* into terms_text */
	size_t keys;            /* the participant's keys, into terms_text */
	int64_t pid;
	int64_t centre;
};

struct saved_index {
	char *name;
	char *sql;
	int stage;    /* built again: 0 with the loaded tables', 1 after the facts
		       * (facts_tables[]), 2 after Today's lines */
};

#define MAX_BATCHES 3   /* one being filled, up to two waiting for the writer */

struct kept;

struct demo_load {
	struct db *db;                 /* the store's connection */
	sqlite3 *raw;                  /* SQLite bulk: the loading connection */
	sqlite3_stmt *raw_big[NTABS], *raw_mid[NTABS], *raw_one[NTABS];
	unsigned flags;
	bool pg;
	bool in_tx;
	bool left_wal;                 /* the store's connection left WAL for the load */
	int64_t written[NTABS];
	struct batch *cur;             /* being filled by the caller */
	struct saved_index *indexes;   /* dropped, to build again */
	size_t nindexes;
	struct saved_index *triggers;  /* Today's triggers, paused: how to resume */
	size_t ntriggers;
	struct saved_index *fkeys;     /* PostgreSQL: foreign keys dropped (name: DROP, sql: ADD) */
	size_t nfkeys;
	/* search terms (bulk) */
	bool keep_terms;
	struct term *terms;
	size_t nterms, capterms;
	char *terms_text;
	size_t nterms_text, capterms_text;
	/* The writer thread (bulk loads): the caller fills batches, the
	 * writer writes them, so making rows and writing them overlap. */
	bool threaded;
	pthread_t writer;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *queue, *queue_tail;  /* full batches, oldest first */
	struct batch *spare;               /* written, ready for reuse */
	int nbatches;
	bool stopping;
	int writer_rc;                     /* first failure of the writer */
	/* The reports' facts (migration 24): their triggers, paused for a
	 * bulk load (name, and the SQL to make it again or, PostgreSQL, the
	 * table to enable it on) */
	struct saved_index *facts_triggers;
	size_t nfacts_triggers;
	struct kept *kept;             /* kept rows counted by the load */
};

static struct batch *
batch_new(void)
{
	return calloc(1, sizeof(struct batch));
}

static void
batch_clear(struct batch *b)
{
	for (int t = 0; t < DEMO_NTABLES; t++) {
		b->buf[t].ncells = 0;
		b->buf[t].ntext = 0;
	}
}

static void
batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	for (int t = 0; t < DEMO_NTABLES; t++) {
		free(b->buf[t].cells);
		free(b->buf[t].text);
	}
	free(b);
}

/* Room for n more bytes in *buf (*cap bytes, *used used). */
static bool
grow_text(char **buf, size_t *cap, size_t used, size_t n)
{
	if (used + n <= *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 4096;
	while (c < used + n)
		c *= 2;
	char *p = realloc(*buf, c);
	if (p == NULL)
		return false;
	*buf = p;
	*cap = c;
	return true;
}

/* YYYY-MM-DD of a day number, without printf. */
static void
format_day(int64_t days, char out[11])
{
	struct date d = date_from_days(days);
	out[0] = (char)('0' + d.y / 1000 % 10);
	out[1] = (char)('0' + d.y / 100 % 10);
	out[2] = (char)('0' + d.y / 10 % 10);
	out[3] = (char)('0' + d.y % 10);
	out[4] = '-';
	out[5] = (char)('0' + d.m / 10);
	out[6] = (char)('0' + d.m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d.d / 10);
	out[9] = (char)('0' + d.d % 10);
	out[10] = '\0';
}

static int
keep_term(struct demo_load *l, int64_t centre, const char *term, int64_t pid, const char *keys)
{
	/* A participant's keys are kept once, with its first term. */
	bool same = l->nterms > 0 && l->terms[l->nterms - 1].pid == pid;
	size_t len = strlen(term) + 1, klen = same ? 0 : strlen(keys) + 1;
	if (!grow_text(&l->terms_text, &l->capterms_text, l->nterms_text, len + klen))
		return SC_ENOMEM;
	if (l->nterms == l->capterms) {
		size_t cap = l->capterms ? l->capterms * 2 : 65536;
		struct term *t = realloc(l->terms, cap * sizeof *t);
		if (t == NULL)
			return SC_ENOMEM;
		l->terms = t;
		l->capterms = cap;
	}
	size_t keys_at = same ? l->terms[l->nterms - 1].keys : l->nterms_text + len;
	memcpy(l->terms_text + l->nterms_text, term, len);
	if (!same)
		memcpy(l->terms_text + l->nterms_text + len, keys, klen);
	l->terms[l->nterms].off = l->nterms_text;
	l->terms[l->nterms].keys = keys_at;
	l->terms[l->nterms].pid = pid;
	l->terms[l->nterms].centre = centre;
	l->nterms++;
	l->nterms_text += len + klen;
	return SC_OK;
}

static int count_row(struct demo_load *l, enum demo_table t, const struct demo_val *vals);

/* Appends one row of table t (its ncols values) to b. */
static int
buf_row(struct tab_buf *b, int t, const struct demo_val *vals)
{
	size_t n = (size_t)tabs[t].ncols;
	if (b->ncells + n > b->capcells) {
		size_t cap = b->capcells ? b->capcells * 2 : 64 * n;
		struct cell *c = realloc(b->cells, cap * sizeof *c);
		if (c == NULL)
			return SC_ENOMEM;
		b->cells = c;
		b->capcells = cap;
	}
	for (size_t k = 0; k < n; k++) {
		struct cell *c = &b->cells[b->ncells + k];
		const struct demo_val *v = &vals[k];
		char day[11];
		const char *s = v->s;
		c->kind = (uint8_t)v->kind;
		c->i = v->i;
		c->len = 0;
		if (v->kind == DV_KIND_DATE) {
			/* Formatted here, on the caller's thread, not the writer's. */
			format_day(v->i, day);
			s = day;
			c->kind = DV_KIND_TEXT;
		} else if (v->kind == DV_KIND_TEXT && s == NULL) {
			c->kind = DV_KIND_NULL;
		}
		if (c->kind == DV_KIND_TEXT) {
			size_t len = strlen(s);
			if (!grow_text(&b->text, &b->captext, b->ntext, len + 1))
				return SC_ENOMEM;
			memcpy(b->text + b->ntext, s, len + 1);
			c->i = (int64_t)b->ntext;
			c->len = (uint32_t)len;
			b->ntext += len + 1;
		}
	}
	b->ncells += n;
	return SC_OK;
}

int
store_demo_row(struct demo_load *l, enum demo_table t, const struct demo_val *vals)
{
	int rc = count_row(l, t, vals);
	if (rc != SC_OK)
		return rc;
	if (t == DEMO_SEARCH && l->keep_terms)
		return vals[1].s && vals[3].s ? keep_term(l, vals[0].i, vals[1].s, vals[2].i, vals[3].s)
					      : SC_EINVAL;
	return buf_row(&l->cur->buf[t], (int)t, vals);
}

/* ---- writing through the driver ---- */

/* Runs sql once for rows rows of b starting at cell *at. */
static int
write_rows_db(struct demo_load *l, const struct tab_buf *b, enum demo_table t, const char *sql,
	      int rows, size_t *at)
{
	struct db_stmt *st = db_prepare(l->db, sql);
	if (st == NULL)
		return SC_EDB;
	int ncols = tabs[t].ncols;
	int rc = SC_OK;
	for (int k = 0; k < rows * ncols && rc == SC_OK; k++) {
		const struct cell *c = &b->cells[*at + (size_t)k];
		if (c->kind == DV_KIND_INT)
			rc = db_bind_int(st, k + 1, c->i);
		else if (c->kind == DV_KIND_TEXT)
			rc = db_bind_text(st, k + 1, b->text + c->i);
		else
			rc = db_bind_null(st, k + 1);
	}
	if (rc == SC_OK)
		rc = db_run(st, NULL);
	else
		db_done(st);
	*at += (size_t)(rows * ncols);
	return rc;
}

/* ---- writing on the loading connection (SQLite bulk) ---- */

static int
raw_fail(struct demo_load *l, int rc)
{
	db_set_error(l->db, "sqlite: %s", sqlite3_errmsg(l->raw));
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return SC_ECONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return SC_EBUSY;
	case SQLITE_NOMEM:
		return SC_ENOMEM;
	default:
		return SC_EDB;
	}
}

static int
raw_exec(struct demo_load *l, const char *sql)
{
	int rc = sqlite3_exec(l->raw, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? SC_OK : raw_fail(l, rc);
}

/* The statement for rows rows of t (rows is 1 or the table's batch sizes),
 * prepared on first use. The text is the driver's, with $N, which SQLite
 * also reads as a named parameter numbered by position. */
static sqlite3_stmt *
raw_stmt(struct demo_load *l, enum demo_table t, int rows, int *rc)
{
	sqlite3_stmt **slot = rows == 1 ? &l->raw_one[t]
			      : rows == rows_big[0][t] ? &l->raw_big[t] : &l->raw_mid[t];
	const char *sql = rows == 1 ? sql_one[t] : rows == rows_big[0][t] ? sql_big[0][t] : sql_mid[0][t];
	if (*slot == NULL) {
		int r = sqlite3_prepare_v3(l->raw, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
		if (r != SQLITE_OK) {
			*rc = raw_fail(l, r);
			return NULL;
		}
	}
	return *slot;
}

static int
write_rows_raw(struct demo_load *l, const struct tab_buf *b, enum demo_table t, int rows, size_t *at)
{
	int rc = SC_OK;
	sqlite3_stmt *st = raw_stmt(l, t, rows, &rc);
	if (st == NULL)
		return rc;
	int ncols = tabs[t].ncols;
	int r = SQLITE_OK;
	/* Every parameter is bound on every run, so no clearing is needed; the
	 * text stays in b until the statement has run (SQLITE_STATIC). */
	for (int k = 0; k < rows * ncols && r == SQLITE_OK; k++) {
		const struct cell *c = &b->cells[*at + (size_t)k];
		if (c->kind == DV_KIND_INT)
			r = sqlite3_bind_int64(st, k + 1, c->i);
		else if (c->kind == DV_KIND_TEXT)
			r = sqlite3_bind_text(st, k + 1, b->text + c->i, (int)c->len, SQLITE_STATIC);
		else
			r = sqlite3_bind_null(st, k + 1);
	}
	if (r == SQLITE_OK)
		r = sqlite3_step(st);
	if (r != SQLITE_DONE)
		rc = raw_fail(l, r);
	sqlite3_reset(st);
	*at += (size_t)(rows * ncols);
	return rc;
}

static int
write_rows(struct demo_load *l, const struct tab_buf *b, enum demo_table t, int e, int rows,
	   size_t *at)
{
	if (l->raw != NULL)
		return write_rows_raw(l, b, t, rows, at);
	const char *sql = rows == 1 ? sql_one[t] : rows == rows_big[e][t] ? sql_big[e][t] : sql_mid[e][t];
	return write_rows_db(l, b, t, sql, rows, at);
}

/* ---- writing with COPY (PostgreSQL bulk) ---- */

/* A growing text buffer of COPY rows. */
struct copy_buf {
	char *p;
	size_t n, cap;
};

static bool
copy_room(struct copy_buf *c, size_t more)
{
	if (c->n + more <= c->cap)
		return true;
	size_t cap = c->cap ? c->cap : 1u << 16;
	while (cap < c->n + more)
		cap *= 2;
	char *p = realloc(c->p, cap);
	if (p == NULL)
		return false;
	c->p = p;
	c->cap = cap;
	return true;
}

/* Appends one value in COPY's text format: \N for NULL; backslash, tab,
 * newline and carriage return escaped. */
static bool
copy_value(struct copy_buf *c, const struct tab_buf *b, const struct cell *v)
{
	if (v->kind == DV_KIND_INT) {
		if (!copy_room(c, 24))
			return false;
		c->n += (size_t)snprintf(c->p + c->n, 24, "%lld", (long long)v->i);
		return true;
	}
	if (v->kind != DV_KIND_TEXT) {
		if (!copy_room(c, 2))
			return false;
		memcpy(c->p + c->n, "\\N", 2);
		c->n += 2;
		return true;
	}
	const char *t = b->text + v->i;
	if (!copy_room(c, 2 * (size_t)v->len))
		return false;
	for (uint32_t k = 0; k < v->len; k++) {
		char ch = t[k];
		if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
			c->p[c->n++] = '\\';
			ch = ch == '\t' ? 't' : ch == '\n' ? 'n' : ch == '\r' ? 'r' : '\\';
		}
		c->p[c->n++] = ch;
	}
	return true;
}

/* Writes every row of b with one COPY. */
static int
write_table_copy(struct demo_load *l, const struct tab_buf *b, enum demo_table t)
{
	size_t ncols = (size_t)tabs[t].ncols;
	if (b->ncells == 0)
		return SC_OK;
	struct copy_buf c = {0};
	bool ok = true;
	for (size_t k = 0; k < b->ncells && ok; k++) {
		ok = copy_value(&c, b, &b->cells[k]) && copy_room(&c, 1);
		if (ok)
			c.p[c.n++] = (k + 1) % ncols == 0 ? '\n' : '\t';
	}
	int rc = ok ? SC_OK : SC_ENOMEM;
	if (rc == SC_OK) {
		char sql[1024];
		snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN", tabs[t].name, tabs[t].cols);
		rc = db_pg_copy(l->db, sql, c.p, c.n);
	}
	free(c.p);
	if (rc == SC_OK)
		l->written[t] += (int64_t)(b->ncells / ncols);
	return rc;
}

static int
write_table(struct demo_load *l, const struct tab_buf *b, enum demo_table t)
{
	if (l->pg && (l->flags & DEMO_LOAD_BULK))
		return write_table_copy(l, b, t);
	size_t ncols = (size_t)tabs[t].ncols;
	size_t rows = b->ncells / ncols;
	size_t at = 0;
	int e = l->pg ? 1 : 0;
	size_t big = (size_t)rows_big[e][t], mid = (size_t)rows_mid[e][t];
	int rc = SC_OK;
	while (rc == SC_OK && big > 1 && rows >= big) {
		rc = write_rows(l, b, t, e, (int)big, &at);
		rows -= big;
	}
	while (rc == SC_OK && mid > 1 && rows >= mid) {
		rc = write_rows(l, b, t, e, (int)mid, &at);
		rows -= mid;
	}
	while (rc == SC_OK && rows > 0) {
		rc = write_rows(l, b, t, e, 1, &at);
		rows--;
	}
	if (rc == SC_OK)
		l->written[t] += (int64_t)(b->ncells / ncols);
	return rc;
}

/* Writes a batch, tables in enum order: parents before children. */
static int
write_batch(struct demo_load *l, struct batch *b)
{
	int rc = SC_OK;
	for (int t = 0; t < DEMO_NTABLES && rc == SC_OK; t++)
		rc = write_table(l, &b->buf[t], (enum demo_table)t);
	batch_clear(b);
	return rc;
}

/* ---- the writer thread ---- */

static void *
writer_main(void *arg)
{
	struct demo_load *l = arg;
	pthread_mutex_lock(&l->mu);
	for (;;) {
		while (l->queue == NULL && !l->stopping)
			pthread_cond_wait(&l->cv, &l->mu);
		struct batch *b = l->queue;
		if (b == NULL)
			break;  /* stopping, and nothing left */
		l->queue = b->next;
		if (l->queue == NULL)
			l->queue_tail = NULL;
		bool failed = l->writer_rc != SC_OK;
		pthread_mutex_unlock(&l->mu);
		/* After a failure the rest is only drained, so the caller never
		 * waits for a batch that will not come back. */
		int rc = failed ? SC_OK : write_batch(l, b);
		if (failed)
			batch_clear(b);
		pthread_mutex_lock(&l->mu);
		if (rc != SC_OK && l->writer_rc == SC_OK)
			l->writer_rc = rc;
		b->next = l->spare;
		l->spare = b;
		pthread_cond_broadcast(&l->cv);
	}
	pthread_mutex_unlock(&l->mu);
	return NULL;
}

int
store_demo_flush(struct demo_load *l)
{
	if (!l->threaded)
		return write_batch(l, l->cur);
	pthread_mutex_lock(&l->mu);
	struct batch *b = l->cur;
	b->next = NULL;
	if (l->queue_tail)
		l->queue_tail->next = b;
	else
		l->queue = b;
	l->queue_tail = b;
	pthread_cond_broadcast(&l->cv);
	struct batch *next = NULL;
	if (l->spare == NULL && l->nbatches < MAX_BATCHES) {
		next = batch_new();
		if (next != NULL)
			l->nbatches++;
	}
	while (next == NULL && l->spare == NULL)
		pthread_cond_wait(&l->cv, &l->mu);
	if (next == NULL) {
		next = l->spare;
		l->spare = next->next;
	}
	int rc = l->writer_rc;
	pthread_mutex_unlock(&l->mu);
	l->cur = next;
	return rc;
}

/* Lets the writer finish what is queued and stops it. Returns its result. */
static int
stop_writer(struct demo_load *l)
{
	if (!l->threaded)
		return SC_OK;
	pthread_mutex_lock(&l->mu);
	l->stopping = true;
	pthread_cond_broadcast(&l->cv);
	pthread_mutex_unlock(&l->mu);
	pthread_join(l->writer, NULL);
	l->threaded = false;
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->cv);
	return l->writer_rc;
}

/* ---- search terms in key order ---- */

/* Terms compare as bytes, like SQLite's BINARY collation, then by
 * participant. */
static const char *sort_text;

static int
term_cmp(const void *a, const void *b)
{
	const struct term *x = a, *y = b;
	if (x->centre != y->centre)
		return (x->centre > y->centre) - (x->centre < y->centre);
	int c = strcmp(sort_text + x->off, sort_text + y->off);
	return c != 0 ? c : (x->pid > y->pid) - (x->pid < y->pid);
}

struct sort_job {
	struct term *terms;
	size_t *start;         /* bucket starts, 257 entries */
	int from, to;          /* buckets [from, to) */
};

static void *
sort_buckets(void *arg)
{
	struct sort_job *j = arg;
	for (int k = j->from; k < j->to; k++)
		qsort(j->terms + j->start[k], j->start[k + 1] - j->start[k], sizeof *j->terms, term_cmp);
	return NULL;
}

/* Sorts the kept terms: into 256 buckets by first byte, then each bucket
 * on one of two threads. */
static int
sort_terms(struct demo_load *l)
{
	size_t n = l->nterms;
	struct term *out = malloc((n ? n : 1) * sizeof *out);
	size_t start[257] = {0};
	if (out == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < n; i++)
		start[(unsigned char)l->terms_text[l->terms[i].off] + 1]++;
	for (int k = 0; k < 256; k++)
		start[k + 1] += start[k];
	size_t fill[256];
	memcpy(fill, start, sizeof fill);
	for (size_t i = 0; i < n; i++)
		out[fill[(unsigned char)l->terms_text[l->terms[i].off]]++] = l->terms[i];
	free(l->terms);
	l->terms = out;
	l->capterms = n;
	/* Split the buckets so that each thread gets about half the terms. */
	int mid = 0;
	while (mid < 256 && start[mid + 1] <= n / 2)
		mid++;
	sort_text = l->terms_text;
	struct sort_job a = {out, start, 0, mid}, b = {out, start, mid, 256};
	pthread_t th;
	bool two = pthread_create(&th, NULL, sort_buckets, &b) == 0;
	sort_buckets(&a);
	if (two)
		pthread_join(th, NULL);
	else
		sort_buckets(&b);
	return SC_OK;
}

/* Writes the kept terms in key order, one batch at a time. */
static int
write_terms(struct demo_load *l)
{
	int rc = sort_terms(l);
	struct batch *b = batch_new();
	if (rc == SC_OK && b == NULL)
		rc = SC_ENOMEM;
	l->keep_terms = false;  /* store_demo_row() now fills the batch */
	struct batch *saved = l->cur;
	l->cur = b;
	for (size_t i = 0; i < l->nterms && rc == SC_OK; i++) {
		const struct demo_val v[4] = {DV_INT(l->terms[i].centre),
					      DV_TEXT(l->terms_text + l->terms[i].off),
					      DV_INT(l->terms[i].pid),
					      DV_TEXT(l->terms_text + l->terms[i].keys)};
		rc = store_demo_row(l, DEMO_SEARCH, v);
		if (rc == SC_OK && (i + 1) % 65536 == 0)
			rc = write_batch(l, b);
	}
	if (rc == SC_OK)
		rc = write_batch(l, b);
	l->cur = saved;
	batch_free(b);
	return rc;
}

/* ---- indexes ---- */

/* Non-unique indexes of one table, with their definitions. Unique ones
 * (primary keys, UNIQUE constraints) stay: they guard the data. */
static const char sql_indexes_sqlite[] =
	"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1"
	" AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name";
static const char sql_indexes_pg[] =
	"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
	" AND tablename = $1 AND indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname";

/*
 * An index that starts with the id of a parent grows at its end while the
 * loader writes (histories are written in participant order, and a
 * participant's referral, enrolment, plan and goals get rising ids), so
 * keeping it costs less than building it again. Every other index (names,
 * contact persons, dates) would take random inserts: those are dropped.
 * Search terms are written in key order, so their index on the participant
 * is not in order: dropped too.
 */
static bool
index_keeps_up(const char *table, const char *name, const char *sql)
{
	static const char *const parents[] = {"participant_id", "referral_id", "enrolment_id",
					      "plan_id", "goal_id"};
	/* Led by a state with a few values, then a date that rises with the
	 * ids (referrals are numbered by referral date): a few insertion
	 * points, each near the end. */
	static const char *const nearly_in_order[] = {"referrals_queue"};
	if (strcmp(table, "participant_search") == 0)
		return false;
	for (size_t i = 0; i < sizeof nearly_in_order / sizeof nearly_in_order[0]; i++)
		if (strcmp(name, nearly_in_order[i]) == 0)
			return true;
	const char *p = strchr(sql, '(');
	if (p == NULL)
		return false;
	p++;
	while (*p == ' ')
		p++;
	size_t n = strcspn(p, ",) ");
	for (size_t i = 0; i < sizeof parents / sizeof parents[0]; i++)
		if (strlen(parents[i]) == n && strncmp(p, parents[i], n) == 0)
			return true;
	return false;
}

static bool is_facts_table(const char *table);

static int
save_index(struct demo_load *l, const char *table, const char *name, const char *sql)
{
	if (name == NULL || sql == NULL || index_keeps_up(table, name, sql))
		return SC_OK;
	struct saved_index *n = realloc(l->indexes, (l->nindexes + 1) * sizeof *n);
	if (n == NULL)
		return SC_ENOMEM;
	l->indexes = n;
	n[l->nindexes].name = strdup(name);
	n[l->nindexes].sql = strdup(sql);
	n[l->nindexes].stage = is_facts_table(table) ? 1 : strcmp(table, "today_lines") == 0 ? 2 : 0;
	l->nindexes++;
	return n[l->nindexes - 1].name && n[l->nindexes - 1].sql ? SC_OK : SC_ENOMEM;
}

static int
save_indexes(struct demo_load *l)
{
	for (int t = 0; t < DEMO_NTABLES; t++) {
		if (l->raw != NULL) {
			sqlite3_stmt *st = NULL;
			int r = sqlite3_prepare_v2(l->raw, sql_indexes_sqlite, -1, &st, NULL);
			if (r != SQLITE_OK)
				return raw_fail(l, r);
			sqlite3_bind_text(st, 1, tabs[t].name, -1, SQLITE_STATIC);
			int rc = SC_OK;
			while (rc == SC_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
				rc = save_index(l, tabs[t].name, (const char *)sqlite3_column_text(st, 0),
						(const char *)sqlite3_column_text(st, 1));
			if (rc == SC_OK && r != SQLITE_DONE)
				rc = raw_fail(l, r);
			sqlite3_finalize(st);
			if (rc != SC_OK)
				return rc;
			continue;
		}
		struct db_stmt *st = db_prepare(l->db, l->pg ? sql_indexes_pg : sql_indexes_sqlite);
		if (st == NULL)
			return SC_EDB;
		db_bind_text(st, 1, tabs[t].name);
		int r, rc = SC_OK;
		while (rc == SC_OK && (r = db_step(st)) == DB_ROW)
			rc = save_index(l, tabs[t].name, db_col_text(st, 0), db_col_text(st, 1));
		db_done(st);
		if (rc == SC_OK && r < 0)
			rc = r;
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

/* Runs DDL on the loading connection. */
static int
exec_load(struct demo_load *l, const char *sql)
{
	return l->raw != NULL ? raw_exec(l, sql) : db_exec(l->db, sql);
}

/* Index names come from the catalogue, so they are safe to splice into
 * DDL (which takes no parameters); anything unusual is refused. */
static bool
plain_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int
drop_indexes(struct demo_load *l)
{
	for (size_t i = 0; i < l->nindexes; i++) {
		if (!plain_name(l->indexes[i].name))
			return SC_EINVAL;
		char sql[160];
		snprintf(sql, sizeof sql, "DROP INDEX %s", l->indexes[i].name);
		int rc = exec_load(l, sql);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

/* Builds the dropped indexes of the loaded tables (stage 0), of the facts
 * tables (1) or of Today's lines (2) again, in the load's transaction. */
static int
create_indexes(struct demo_load *l, int stage)
{
	int rc = SC_OK;
	for (size_t i = 0; i < l->nindexes && rc == SC_OK; i++)
		if (l->indexes[i].stage == stage)
			rc = exec_load(l, l->indexes[i].sql);
	return rc;
}

/* ---- kept rows counted by the load ---- */

/*
 * attendance_months and attendance_sessions (migration 33) count the marks
 * by participant, group and month, and language_gains (migration 38) the
 * steps by their filter columns. Their views sort every mark (27 million at
 * a million participants) and every step (3.9 million). The load sees each
 * row go by, so it counts them as they come, on the caller's thread beside
 * the generator, and writes the counts at the end in key order: the rows
 * the views give, counted as the views count them (the demo's test compares
 * them with the views both ways).
 *
 * A mark counts when its session and the session's group are rows of this
 * load; the demo's always are (its groups and sessions are new). A mark of
 * a session the load did not write sends the load back to the views. The
 * rows already in the database (a load with --force) were kept by the
 * triggers and are of other groups, so the load's months and sessions are
 * added beside them; its gains are added to theirs (an upsert).
 */

/* int64 key -> uint32 index; open addressing, UINT32_MAX empty. */
struct imap {
	int64_t *keys;
	uint32_t *vals;
	size_t cap, n;
};

static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static uint32_t
imap_get(const struct imap *m, int64_t key)
{
	if (m->cap == 0)
		return UINT32_MAX;
	for (size_t i = mix64((uint64_t)key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->vals[i] == UINT32_MAX || m->keys[i] == key)
			return m->vals[i];
	}
}

static int
imap_put(struct imap *m, int64_t key, uint32_t val)
{
	if (2 * (m->n + 1) > m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 1024;
		int64_t *keys = malloc(cap * sizeof *keys);
		uint32_t *vals = malloc(cap * sizeof *vals);
		if (keys == NULL || vals == NULL) {
			free(keys);
			free(vals);
			return SC_ENOMEM;
		}
		memset(vals, 0xff, cap * sizeof *vals);
		for (size_t j = 0; j < m->cap; j++) {
			if (m->vals[j] == UINT32_MAX)
				continue;
			size_t i = mix64((uint64_t)m->keys[j]) & (cap - 1);
			while (vals[i] != UINT32_MAX)
				i = (i + 1) & (cap - 1);
			keys[i] = m->keys[j];
			vals[i] = m->vals[j];
		}
		free(m->keys);
		free(m->vals);
		m->keys = keys;
		m->vals = vals;
		m->cap = cap;
	}
	size_t i = mix64((uint64_t)key) & (m->cap - 1);
	while (m->vals[i] != UINT32_MAX && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	if (m->vals[i] == UINT32_MAX)
		m->n++;
	m->keys[i] = key;
	m->vals[i] = val;
	return SC_OK;
}

struct kgroup {
	int64_t centre, type;
};

struct ksession {
	int64_t centre, group;
	int32_t month;          /* year * 100 + month */
	bool planned, marked;
};

/* A participant's month of a group; marks 0: an empty slot. */
struct kmonth {
	int64_t centre, group, pid, type;
	int32_t month;
	int32_t marks, attended, unexcused;
};

/* A group of steps: its key's values kept in the pool, as written. */
struct kgain {
	uint64_t h;
	size_t off;             /* into pool: 5 integers, then 3 texts with their NULs */
	uint32_t len;
	bool used;
	int64_t people, gain;
};

struct kept {
	bool marks_off;         /* a mark the load cannot place: the views fill */
	bool gains_off;         /* a step not as expected: the view fills */
	struct imap groups, sessions;
	struct kgroup *g;
	size_t ng, capg;
	struct ksession *s;
	size_t ns, caps;
	struct kmonth *m;
	size_t nm, capm;
	struct kgain *gains;
	size_t ngains, capgains;
	char *pool;
	size_t npool, cappool;
};

static void
kept_free(struct kept *k)
{
	if (k == NULL)
		return;
	free(k->groups.keys);
	free(k->groups.vals);
	free(k->sessions.keys);
	free(k->sessions.vals);
	free(k->g);
	free(k->s);
	free(k->m);
	free(k->gains);
	free(k->pool);
	free(k);
}

static bool
is_int(const struct demo_val *v)
{
	return v->kind == DV_KIND_INT;
}

static bool
is_text(const struct demo_val *v)
{
	return v->kind == DV_KIND_TEXT && v->s != NULL;
}

static int
grow_array(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return SC_OK;
	size_t c = *cap ? *cap * 2 : 1024;
	while (c < need)
		c *= 2;
	void *n = realloc(*p, c * size);
	if (n == NULL)
		return SC_ENOMEM;
	*p = n;
	*cap = c;
	return SC_OK;
}

static size_t
kmonth_slot(const struct kmonth *m, size_t cap, int64_t centre, int64_t group, int64_t pid, int32_t month)
{
	uint64_t h = mix64((uint64_t)group * 0x9e3779b97f4a7c15ULL ^ (uint64_t)pid ^ ((uint64_t)month << 40) ^
			   (uint64_t)centre * 0xc2b2ae3d27d4eb4fULL);
	size_t i = h & (cap - 1);
	while (m[i].marks != 0 && !(m[i].group == group && m[i].pid == pid && m[i].month == month &&
				    m[i].centre == centre))
		i = (i + 1) & (cap - 1);
	return i;
}

static int
count_mark(struct kept *k, const struct demo_val *v)
{
	if (!is_int(&v[0]) || !is_int(&v[1]) || !is_int(&v[2])) {
		k->marks_off = true;
		return SC_OK;
	}
	uint32_t si = imap_get(&k->sessions, v[0].i);
	if (si == UINT32_MAX) {
		k->marks_off = true;
		return SC_OK;
	}
	struct ksession *s = &k->s[si];
	/* the views join the mark to its session within the centre */
	if (s->centre != v[2].i)
		return SC_OK;
	s->marked = true;
	if (!s->planned)
		return SC_OK;
	if (2 * (k->nm + 1) > k->capm) {
		size_t cap = k->capm ? 2 * k->capm : 65536;
		struct kmonth *m = calloc(cap, sizeof *m);
		if (m == NULL)
			return SC_ENOMEM;
		for (size_t j = 0; j < k->capm; j++)
			if (k->m[j].marks != 0)
				m[kmonth_slot(m, cap, k->m[j].centre, k->m[j].group, k->m[j].pid, k->m[j].month)] = k->m[j];
		free(k->m);
		k->m = m;
		k->capm = cap;
	}
	size_t i = kmonth_slot(k->m, k->capm, s->centre, s->group, v[1].i, s->month);
	struct kmonth *m = &k->m[i];
	if (m->marks == 0) {
		m->centre = s->centre;
		m->group = s->group;
		m->pid = v[1].i;
		m->month = s->month;
		k->nm++;
	}
	m->marks++;
	const char *mark = is_text(&v[3]) ? v[3].s : "";
	if (strcmp(mark, "present") == 0 || strcmp(mark, "late") == 0 || strcmp(mark, "left_early") == 0)
		m->attended++;
	else if (strcmp(mark, "absent") == 0 && is_text(&v[5]) && strcmp(v[5].s, "unexcused") == 0)
		m->unexcused++;
	return SC_OK;
}

static int
count_session(struct kept *k, const struct demo_val *v)
{
	int32_t month = 0;
	if (v[3].kind == DV_KIND_DATE) {
		struct date d = date_from_days(v[3].i);
		month = d.y >= 1000 && d.y <= 9999 ? d.y * 100 + d.m : 0;
	} else if (is_text(&v[3]) && strlen(v[3].s) >= 7 && v[3].s[4] == '-') {
		const char *t = v[3].s;
		bool digits = true;
		for (int j = 0; j < 7; j++)
			digits &= j == 4 || (t[j] >= '0' && t[j] <= '9');
		if (digits)
			month = ((t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0')) * 100 +
				(t[5] - '0') * 10 + (t[6] - '0');
	}
	if (!is_int(&v[0]) || !is_int(&v[1]) || !is_int(&v[2]) || month == 0 ||
	    imap_get(&k->sessions, v[0].i) != UINT32_MAX || k->ns >= UINT32_MAX - 1) {
		k->marks_off = true;
		return SC_OK;
	}
	int rc = grow_array((void **)&k->s, &k->caps, k->ns + 1, sizeof *k->s);
	if (rc == SC_OK)
		rc = imap_put(&k->sessions, v[0].i, (uint32_t)k->ns);
	if (rc != SC_OK)
		return rc;
	struct ksession *s = &k->s[k->ns++];
	s->centre = v[1].i;
	s->group = v[2].i;
	s->month = month;
	s->planned = is_text(&v[6]) && strcmp(v[6].s, "planned") == 0;
	s->marked = false;
	return SC_OK;
}

static int
count_group(struct kept *k, const struct demo_val *v)
{
	if (!is_int(&v[0]) || !is_int(&v[1]) || !is_int(&v[2]) || imap_get(&k->groups, v[0].i) != UINT32_MAX ||
	    k->ng >= UINT32_MAX - 1) {
		k->marks_off = true;
		return SC_OK;
	}
	int rc = grow_array((void **)&k->g, &k->capg, k->ng + 1, sizeof *k->g);
	if (rc == SC_OK)
		rc = imap_put(&k->groups, v[0].i, (uint32_t)k->ng);
	if (rc != SC_OK)
		return rc;
	k->g[k->ng].centre = v[1].i;
	k->g[k->ng].type = v[2].i;
	k->ng++;
	return SC_OK;
}

/* Step columns: centre_id 0, participant_id 1, skill 2, kind 3, start_year 4,
 * exit_year 5, gender 6, country 7, year 8, gain 9. The group's key: the
 * integers centre_id, kind, start_year, exit_year, year, then the texts
 * gender, country, skill. */
static const int gain_ints[5] = {0, 3, 4, 5, 8};
static const int gain_texts[3] = {6, 7, 2};

static int
count_step(struct kept *k, const struct demo_val *v)
{
	bool ok = is_int(&v[9]);
	for (int j = 0; j < 5; j++)
		ok &= is_int(&v[gain_ints[j]]);
	for (int j = 0; j < 3; j++)
		ok &= is_text(&v[gain_texts[j]]);
	if (!ok) {
		k->gains_off = true;
		return SC_OK;
	}
	/* the key, serialised at the end of the pool (kept there when new) */
	size_t need = 5 * sizeof(int64_t);
	for (int j = 0; j < 3; j++)
		need += strlen(v[gain_texts[j]].s) + 1;
	if (!grow_text(&k->pool, &k->cappool, k->npool, need))
		return SC_ENOMEM;
	char *key = k->pool + k->npool;
	for (int j = 0; j < 5; j++)
		memcpy(key + j * sizeof(int64_t), &v[gain_ints[j]].i, sizeof(int64_t));
	size_t at = 5 * sizeof(int64_t);
	for (int j = 0; j < 3; j++) {
		size_t n = strlen(v[gain_texts[j]].s) + 1;
		memcpy(key + at, v[gain_texts[j]].s, n);
		at += n;
	}
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t j = 0; j < need; j++)
		h = (h ^ (unsigned char)key[j]) * 0x100000001b3ULL;
	if (2 * (k->ngains + 1) > k->capgains) {
		size_t cap = k->capgains ? 2 * k->capgains : 4096;
		struct kgain *g = calloc(cap, sizeof *g);
		if (g == NULL)
			return SC_ENOMEM;
		for (size_t j = 0; j < k->capgains; j++) {
			if (!k->gains[j].used)
				continue;
			size_t i = k->gains[j].h & (cap - 1);
			while (g[i].used)
				i = (i + 1) & (cap - 1);
			g[i] = k->gains[j];
		}
		free(k->gains);
		k->gains = g;
		k->capgains = cap;
	}
	size_t i = h & (k->capgains - 1);
	while (k->gains[i].used && !(k->gains[i].h == h && k->gains[i].len == need &&
				     memcmp(k->pool + k->gains[i].off, key, need) == 0))
		i = (i + 1) & (k->capgains - 1);
	struct kgain *g = &k->gains[i];
	if (!g->used) {
		g->used = true;
		g->h = h;
		g->off = k->npool;
		g->len = (uint32_t)need;
		k->npool += need;
		k->ngains++;
	}
	g->people++;
	g->gain += v[9].i;
	return SC_OK;
}

static int
count_row(struct demo_load *l, enum demo_table t, const struct demo_val *vals)
{
	if (t != DEMO_ACT_GROUPS && t != DEMO_ACT_SESSIONS && t != DEMO_ATTENDANCE && t != DEMO_LANGUAGE_STEPS)
		return SC_OK;
	struct kept *k = l->kept;
	if (k == NULL) {
		k = l->kept = calloc(1, sizeof *k);
		if (k == NULL)
			return SC_ENOMEM;
	}
	if (t == DEMO_LANGUAGE_STEPS)
		return k->gains_off ? SC_OK : count_step(k, vals);
	if (k->marks_off)
		return SC_OK;
	return t == DEMO_ACT_GROUPS ? count_group(k, vals)
	       : t == DEMO_ACT_SESSIONS ? count_session(k, vals) : count_mark(k, vals);
}

static int
kmonth_cmp(const void *a, const void *b)
{
	const struct kmonth *x = a, *y = b;
	if (x->centre != y->centre)
		return x->centre < y->centre ? -1 : 1;
	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static void
month_text(int32_t month, char out[8])
{
	/* month is year * 100 + month, the year of four digits */
	int y = (int)(month / 100 % 10000), m = (int)(month % 100);
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10 % 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '\0';
}

/* Writes b's rows of t (in chunks, as the terms) when it holds 65536 or
 * more rows, or all when last. */
static int
write_kept_chunk(struct demo_load *l, struct tab_buf *b, int t, bool last)
{
	if (!last && b->ncells < 65536 * (size_t)tabs[t].ncols)
		return SC_OK;
	int rc = write_table(l, b, (enum demo_table)t);
	b->ncells = 0;
	b->ntext = 0;
	return rc;
}

/* The groups' types and centres for the counted months and sessions;
 * false when a group is not the load's (the views then fill). */
static bool
kept_resolve(struct kept *k)
{
	size_t n = 0;
	for (size_t j = 0; j < k->capm; j++) {
		if (k->m[j].marks == 0)
			continue;
		uint32_t gi = imap_get(&k->groups, k->m[j].group);
		if (gi == UINT32_MAX)
			return false;
		/* the views join the session to its group within the centre */
		if (k->g[gi].centre != k->m[j].centre)
			continue;
		k->m[j].type = k->g[gi].type;
		k->m[n++] = k->m[j];
	}
	k->nm = n;
	for (size_t j = 0; j < k->ns; j++)
		if (k->s[j].planned && k->s[j].marked && imap_get(&k->groups, k->s[j].group) == UINT32_MAX)
			return false;
	return true;
}

static const char sql_att_fill[] =
	"DELETE FROM attendance_months; INSERT INTO attendance_months SELECT * FROM attendance_months_source;"
	" DELETE FROM attendance_sessions; INSERT INTO attendance_sessions SELECT * FROM attendance_sessions_source";

static int exec_load(struct demo_load *l, const char *sql);

/* attendance_months and attendance_sessions: the counted rows, or from the
 * views. */
static int
write_kept_marks(struct demo_load *l)
{
	struct kept *k = l->kept;
	if (k == NULL || k->marks_off || !kept_resolve(k))
		return exec_load(l, sql_att_fill);
	qsort(k->m, k->nm, sizeof *k->m, kmonth_cmp);
	struct tab_buf b = {0};
	int rc = SC_OK;
	for (size_t j = 0; j < k->nm && rc == SC_OK; j++) {
		const struct kmonth *m = &k->m[j];
		char month[8];
		month_text(m->month, month);
		struct demo_val v[8] = {DV_INT(m->centre), DV_TEXT(month), DV_INT(m->group), DV_INT(m->pid),
					DV_INT(m->type), DV_INT(m->marks), DV_INT(m->attended), DV_INT(m->unexcused)};
		rc = buf_row(&b, KEPT_ATT_MONTHS, v);
		if (rc == SC_OK)
			rc = write_kept_chunk(l, &b, KEPT_ATT_MONTHS, false);
	}
	if (rc == SC_OK)
		rc = write_kept_chunk(l, &b, KEPT_ATT_MONTHS, true);
	/* a group's month of planned sessions with a mark: the sessions in
	 * key order (the months' table is no longer needed) */
	size_t n = 0;
	for (size_t j = 0; j < k->ns && rc == SC_OK; j++) {
		const struct ksession *s = &k->s[j];
		if (!s->planned || !s->marked)
			continue;
		uint32_t gi = imap_get(&k->groups, s->group);
		if (k->g[gi].centre != s->centre)
			continue;
		if (n == k->capm) {
			rc = grow_array((void **)&k->m, &k->capm, n + 1, sizeof *k->m);
			if (rc != SC_OK)
				break;
		}
		k->m[n++] = (struct kmonth){.centre = s->centre, .group = s->group, .month = s->month,
					    .type = k->g[gi].type, .marks = 1};
	}
	if (rc == SC_OK)
		qsort(k->m, n, sizeof *k->m, kmonth_cmp);
	for (size_t j = 0; j < n && rc == SC_OK;) {
		size_t e = j;
		while (e < n && k->m[e].centre == k->m[j].centre && k->m[e].month == k->m[j].month &&
		       k->m[e].group == k->m[j].group)
			e++;
		char month[8];
		month_text(k->m[j].month, month);
		struct demo_val v[5] = {DV_INT(k->m[j].centre), DV_TEXT(month), DV_INT(k->m[j].group),
					DV_INT(k->m[j].type), DV_INT((int64_t)(e - j))};
		rc = buf_row(&b, KEPT_ATT_SESSIONS, v);
		if (rc == SC_OK)
			rc = write_kept_chunk(l, &b, KEPT_ATT_SESSIONS, false);
		j = e;
	}
	if (rc == SC_OK)
		rc = write_kept_chunk(l, &b, KEPT_ATT_SESSIONS, true);
	free(b.cells);
	free(b.text);
	return rc;
}

static const char sql_gains_fill[] =
	"DELETE FROM language_gains; INSERT INTO language_gains SELECT * FROM language_gains_source";
static const char sql_gains_add[] =
	"INSERT INTO language_gains (centre_id, kind, start_year, exit_year, gender, country, year, skill, people, gain)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
	" ON CONFLICT (centre_id, kind, start_year, exit_year, gender, country, year, skill)"
	" DO UPDATE SET people = language_gains.people + excluded.people, gain = language_gains.gain + excluded.gain";

/* One run of sql_gains_add with the group g. */
static int
add_gain(struct demo_load *l, sqlite3_stmt *raw, const struct kept *k, const struct kgain *g)
{
	const char *key = k->pool + g->off;
	int64_t ints[5];
	memcpy(ints, key, sizeof ints);
	const char *texts[3];
	size_t at = sizeof ints;
	for (int j = 0; j < 3; j++) {
		texts[j] = key + at;
		at += strlen(texts[j]) + 1;
	}
	/* centre_id, kind, start_year, exit_year, gender, country, year, skill, people, gain */
	const struct demo_val v[10] = {DV_INT(ints[0]), DV_INT(ints[1]), DV_INT(ints[2]), DV_INT(ints[3]),
				       DV_TEXT(texts[0]), DV_TEXT(texts[1]), DV_INT(ints[4]), DV_TEXT(texts[2]),
				       DV_INT(g->people), DV_INT(g->gain)};
	if (raw != NULL) {
		int r = SQLITE_OK;
		for (int j = 0; j < 10 && r == SQLITE_OK; j++)
			r = v[j].kind == DV_KIND_INT ? sqlite3_bind_int64(raw, j + 1, v[j].i)
						     : sqlite3_bind_text(raw, j + 1, v[j].s, -1, SQLITE_STATIC);
		if (r == SQLITE_OK)
			r = sqlite3_step(raw);
		sqlite3_reset(raw);
		return r == SQLITE_DONE ? SC_OK : raw_fail(l, r);
	}
	struct db_stmt *st = db_prepare(l->db, sql_gains_add);
	if (st == NULL)
		return SC_EDB;
	int rc = SC_OK;
	for (int j = 0; j < 10 && rc == SC_OK; j++)
		rc = v[j].kind == DV_KIND_INT ? db_bind_int(st, j + 1, v[j].i) : db_bind_text(st, j + 1, v[j].s);
	if (rc == SC_OK)
		return db_run(st, NULL);
	db_done(st);
	return rc;
}

/* language_gains: the counted groups added to the centre's, or from the
 * view. */
static int
write_kept_gains(struct demo_load *l)
{
	struct kept *k = l->kept;
	if (k != NULL && k->gains_off)
		return exec_load(l, sql_gains_fill);
	if (k == NULL || k->ngains == 0)
		return SC_OK;
	sqlite3_stmt *raw = NULL;
	if (l->raw != NULL) {
		int r = sqlite3_prepare_v2(l->raw, sql_gains_add, -1, &raw, NULL);
		if (r != SQLITE_OK)
			return raw_fail(l, r);
	}
	int rc = SC_OK;
	for (size_t j = 0; j < k->capgains && rc == SC_OK; j++)
		if (k->gains[j].used)
			rc = add_gain(l, raw, k, &k->gains[j]);
	sqlite3_finalize(raw);
	return rc;
}

/* ---- groups counted in C (SQLite bulk) ---- */

/*
 * A view that groups millions of rows into a few thousand (caseload_months:
 * 3.5 million changes into 4,000 months at a million participants) costs
 * SQLite a sort of every row: 11 s of CPU there. The load reads the same
 * rows unsorted and adds them up in a hash table instead, then writes the
 * groups in key order. The rows are the view's own (its text, grouped here
 * as its GROUP BY groups them); the demo's test compares the table with
 * the view both ways.
 */
#define GROUP_SUMS 4

struct cgroup {
	uint64_t h;
	size_t off;             /* the key in the pool: per column 'n' (NULL), 'i' and 8 bytes, or 't' and
				 * text with its NUL */
	uint32_t len;
	bool used;
	int64_t sum[GROUP_SUMS];
};

struct cgroups {
	struct cgroup *e;
	size_t n, cap;
	char *pool;
	size_t npool, cappool;
	int nkeys;
};

/* SQLite's order of the key's values: NULL, integers, text (as bytes). */
static int
tag_rank(char tag)
{
	return tag == 'n' ? 0 : tag == 'i' ? 1 : 2;
}

static int
cgroup_cmp(const void *a, const void *b, void *arg)
{
	const struct cgroups *g = arg;
	const char *x = g->pool + ((const struct cgroup *)a)->off;
	const char *y = g->pool + ((const struct cgroup *)b)->off;
	for (int k = 0; k < g->nkeys; k++) {
		if (*x != *y)
			return tag_rank(*x) < tag_rank(*y) ? -1 : 1;
		if (*x == 'n') {
			x++;
			y++;
		} else if (*x == 'i') {
			int64_t u, v;
			memcpy(&u, x + 1, sizeof u);
			memcpy(&v, y + 1, sizeof v);
			if (u != v)
				return u < v ? -1 : 1;
			x += 1 + sizeof u;
			y += 1 + sizeof v;
		} else {
			int c = strcmp(x + 1, y + 1);
			if (c != 0)
				return c;
			x += 2 + strlen(x + 1);
			y += 2 + strlen(y + 1);
		}
	}
	return 0;
}

/* Adds one row of st (keys, then sums) to its group. SC_EINVAL: a value
 * the groups do not take (a real or a blob; a NULL sum). */
static int
cgroups_add(struct cgroups *g, sqlite3_stmt *st, int nsums)
{
	size_t need = 0;
	for (int k = 0; k < g->nkeys; k++) {
		int ty = sqlite3_column_type(st, k);
		if (ty == SQLITE_INTEGER)
			need += 1 + sizeof(int64_t);
		else if (ty == SQLITE_NULL)
			need += 1;
		else if (ty == SQLITE_TEXT)
			need += 2 + (size_t)sqlite3_column_bytes(st, k);
		else
			return SC_EINVAL;
	}
	for (int k = 0; k < nsums; k++)
		if (sqlite3_column_type(st, g->nkeys + k) != SQLITE_INTEGER)
			return SC_EINVAL;
	if (!grow_text(&g->pool, &g->cappool, g->npool, need))
		return SC_ENOMEM;
	char *key = g->pool + g->npool, *p = key;
	for (int k = 0; k < g->nkeys; k++) {
		if (sqlite3_column_type(st, k) == SQLITE_NULL) {
			*p++ = 'n';
		} else if (sqlite3_column_type(st, k) == SQLITE_INTEGER) {
			int64_t v = sqlite3_column_int64(st, k);
			*p++ = 'i';
			memcpy(p, &v, sizeof v);
			p += sizeof v;
		} else {
			const unsigned char *t = sqlite3_column_text(st, k);
			size_t n = (size_t)sqlite3_column_bytes(st, k);
			if (t == NULL || memchr(t, '\0', n) != NULL)
				return t == NULL ? SC_ENOMEM : SC_EINVAL;
			*p++ = 't';
			memcpy(p, t, n);
			p[n] = '\0';
			p += n + 1;
		}
	}
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t j = 0; j < need; j++)
		h = (h ^ (unsigned char)key[j]) * 0x100000001b3ULL;
	if (2 * (g->n + 1) > g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 4096;
		struct cgroup *e = calloc(cap, sizeof *e);
		if (e == NULL)
			return SC_ENOMEM;
		for (size_t j = 0; j < g->cap; j++) {
			if (!g->e[j].used)
				continue;
			size_t i = g->e[j].h & (cap - 1);
			while (e[i].used)
				i = (i + 1) & (cap - 1);
			e[i] = g->e[j];
		}
		free(g->e);
		g->e = e;
		g->cap = cap;
	}
	size_t i = h & (g->cap - 1);
	while (g->e[i].used &&
	       !(g->e[i].h == h && g->e[i].len == need && memcmp(g->pool + g->e[i].off, key, need) == 0))
		i = (i + 1) & (g->cap - 1);
	struct cgroup *e = &g->e[i];
	if (!e->used) {
		e->used = true;
		e->h = h;
		e->off = g->npool;
		e->len = (uint32_t)need;
		g->npool += need;
		g->n++;
	}
	for (int k = 0; k < nsums; k++)
		e->sum[k] += sqlite3_column_int64(st, g->nkeys + k);
	return SC_OK;
}

/*
 * Groups the rows of sel (nkeys key columns, then nsums integers) by their
 * keys and writes each group, its keys then its sums (table t's columns),
 * in key order; a group whose first sum is 0 is left out when nonzero (a
 * view's HAVING SUM(n) <> 0). SC_EINVAL, with nothing written, when a row
 * has a value the groups do not take: the caller fills from the view.
 */
static int
group_rows(struct demo_load *l, const char *sel, int nkeys, int nsums, int t, bool nonzero)
{
	if (l->raw == NULL || nsums > GROUP_SUMS || nkeys + nsums != tabs[t].ncols || nkeys > 16)
		return SC_EINVAL;
	struct cgroups g = {.nkeys = nkeys};
	sqlite3_stmt *st = NULL;
	int r = sqlite3_prepare_v2(l->raw, sel, -1, &st, NULL);
	if (r != SQLITE_OK)
		return raw_fail(l, r);
	int rc = SC_OK;
	while (rc == SC_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = cgroups_add(&g, st, nsums);
	if (rc == SC_OK && r != SQLITE_DONE)
		rc = raw_fail(l, r);
	sqlite3_finalize(st);
	/* compact, sort, write */
	size_t n = 0;
	for (size_t j = 0; j < g.cap && rc == SC_OK; j++)
		if (g.e[j].used && (!nonzero || g.e[j].sum[0] != 0))
			g.e[n++] = g.e[j];
	if (rc == SC_OK && n > 0)
		qsort_r(g.e, n, sizeof *g.e, cgroup_cmp, &g);
	struct tab_buf b = {0};
	for (size_t j = 0; j < n && rc == SC_OK; j++) {
		struct demo_val v[16 + GROUP_SUMS];
		const char *p = g.pool + g.e[j].off;
		for (int k = 0; k < nkeys; k++) {
			if (*p == 'n') {
				v[k] = DV_NULL;
				p++;
			} else if (*p == 'i') {
				int64_t x;
				memcpy(&x, p + 1, sizeof x);
				v[k] = DV_INT(x);
				p += 1 + sizeof x;
			} else {
				v[k] = DV_TEXT(p + 1);
				p += 2 + strlen(p + 1);
			}
		}
		for (int k = 0; k < nsums; k++)
			v[nkeys + k] = DV_INT(g.e[j].sum[k]);
		rc = buf_row(&b, t, v);
		if (rc == SC_OK)
			rc = write_kept_chunk(l, &b, t, false);
	}
	if (rc == SC_OK)
		rc = write_kept_chunk(l, &b, t, true);
	free(b.cells);
	free(b.text);
	free(g.e);
	free(g.pool);
	return rc;
}

/* ---- the reports' facts ---- */

/*
 * report_facts (migration 24) is kept by triggers that recompute a period's
 * row at each write: right for a centre's writes, far too slow for a
 * million rows. A bulk load pauses them (SQLite: drops them, kept to be
 * made again; PostgreSQL: disables them), drops the table's indexes with
 * the others, and at the end makes every row at once from the view
 * report_facts_source, in the load's transaction, before the indexes are
 * built again.
 */
static const char sql_facts_triggers_sqlite[] =
	"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report!_facts!_%' ESCAPE '!'"
	" ORDER BY name";
static const char sql_facts_triggers_pg[] =
	"SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
	" WHERE t.tgname LIKE 'report!_facts!_%' ESCAPE '!' AND NOT t.tgisinternal"
	" AND c.relnamespace = current_schema()::regnamespace ORDER BY t.tgname";
static const char sql_facts_fill[] =
	"DELETE FROM report_facts; INSERT INTO report_facts SELECT * FROM report_facts_source ORDER BY enrolment_id";
/* Intake's referrals (migration 26): their triggers are named
 * report_facts_intake_*, paused and resumed with the others. The view
 * intake_facts_source looks each referral's events and screenings up
 * (right for a trigger's one referral: 1 s of CPU at 100,000 for all); the
 * load makes the same rows from one grouped pass over each table instead
 * (0.7 s): a rule's latest screening is the largest screened_at * 2 + pass
 * of the rule, kept when its time is the referral's latest. The demo's
 * test compares the rows with the view. */
static const char sql_intake_fill[] =
	"DELETE FROM intake_facts;"
	" INSERT INTO intake_facts SELECT r.centre_id, r.id, r.participant_id, COALESCE(p.contact_id, 0), p.gender,"
	" p.country_of_birth, p.birth_date, p.schooling_years, r.source, r.referred_on, w.wf,"
	" CASE WHEN w.wf IS NULL THEN NULL ELSE COALESCE(w.wt, '9999-12-31') END,"
	" CASE WHEN s.ka / 2 = s.at THEN s.ka % 2 END, CASE WHEN s.ki / 2 = s.at THEN s.ki % 2 END,"
	" CASE WHEN s.kn / 2 = s.at THEN s.kn % 2 END, CASE WHEN s.kl / 2 = s.at THEN s.kl % 2 END,"
	/* the age at the referral (migration 51), as the view says it */
	" CASE WHEN r.referred_on < p.birth_date THEN -1 ELSE CAST(substr(r.referred_on, 1, 4) AS BIGINT)"
	"  - CAST(substr(p.birth_date, 1, 4) AS BIGINT)"
	"  - CASE WHEN substr(r.referred_on, 6, 5) < substr(p.birth_date, 6, 5) THEN 1 ELSE 0 END END"
	" FROM referrals r JOIN participants p ON p.id = r.participant_id AND p.centre_id = r.centre_id"
	" LEFT JOIN (SELECT referral_id, centre_id, MIN(CASE WHEN to_state = 'waiting' THEN on_date END) AS wf,"
	"  MIN(CASE WHEN to_state IN ('accepted', 'declined', 'withdrawn', 'ineligible') THEN on_date END) AS wt"
	"  FROM referral_events GROUP BY referral_id, centre_id) w ON w.referral_id = r.id AND w.centre_id = r.centre_id"
	" LEFT JOIN (SELECT referral_id, centre_id, MAX(screened_at) AS at,"
	"  MAX(CASE WHEN rule = 'age' THEN screened_at * 2 + pass END) AS ka,"
	"  MAX(CASE WHEN rule = 'intro_ended' THEN screened_at * 2 + pass END) AS ki,"
	"  MAX(CASE WHEN rule = 'not_enrolled' THEN screened_at * 2 + pass END) AS kn,"
	"  MAX(CASE WHEN rule = 'lawful_residence' THEN screened_at * 2 + pass END) AS kl"
	"  FROM screening_results GROUP BY referral_id, centre_id) s ON s.referral_id = r.id AND s.centre_id = r.centre_id"
	" ORDER BY r.id";
/* The facts counted by the reports' groups (migration 32), kept by
 * triggers report_facts_* on the facts, paused with the others: made from
 * their views (the kept rows grouped) once the rows are. */
/* The facts counted by the reports' groups (migration 32), kept by
 * triggers report_facts_* on the facts, paused with the others: made from
 * their views (the kept rows grouped) once the rows are; on SQLite's bulk
 * path grouped in C (group_rows()) from the views' rows, in the views'
 * order of columns. */
struct grouped {
	int t;                  /* the table (tabs[]) */
	int nkeys, nsums;
	bool nonzero;           /* HAVING SUM(first) <> 0 */
	const char *rows;       /* the view's rows before its GROUP BY */
	const char *fill;       /* from the view */
};

static const struct grouped counts_grouped[] = {
	{KEPT_REPORT_GROUPS, 10, 4, false,
	 "SELECT centre_id, exit_year, start_year, COALESCE(outcome, ''), COALESCE(result6, ''), COALESCE(result12, ''),"
	 " gender, country, CASE WHEN exit_day IS NULL THEN 1 ELSE 0 END,"
	 " CASE WHEN exit_day IS NULL THEN start_day ELSE 0 END, 1,"
	 " CASE WHEN exit_day >= start_day THEN 1 ELSE 0 END,"
	 " CASE WHEN exit_day >= start_day THEN start_day ELSE 0 END,"
	 " CASE WHEN exit_day >= start_day THEN exit_day ELSE 0 END FROM report_facts",
	 "DELETE FROM report_groups; INSERT INTO report_groups SELECT * FROM report_groups_source"},
	{KEPT_REPORT_WAITS, 5, 1, false,
	 "SELECT centre_id, start_year, COALESCE(wait_days, -1), gender, country, 1 FROM report_facts",
	 "DELETE FROM report_waits; INSERT INTO report_waits SELECT * FROM report_waits_source"},
	{KEPT_REPORT_JOBS, 5, 1, false,
	 "SELECT centre_id, start_year, COALESCE(job_days, -1), gender, country, 1 FROM report_facts",
	 "DELETE FROM report_jobs; INSERT INTO report_jobs SELECT * FROM report_jobs_source"},
	{KEPT_INTAKE_SOURCES, 8, 1, false,
	 "SELECT centre_id, source, COALESCE(s_age, -1), COALESCE(s_intro_ended, -1), COALESCE(s_not_enrolled, -1),"
	 " COALESCE(s_lawful_residence, -1), gender, country, 1 FROM intake_facts",
	 "DELETE FROM intake_sources; INSERT INTO intake_sources SELECT * FROM intake_sources_source"},
	{KEPT_INTAKE_DAYS, 4, 2, false,
	 "SELECT centre_id, waiting_from, gender, country, 1, 0 FROM intake_facts WHERE waiting_to >= waiting_from"
	 " UNION ALL SELECT centre_id, waiting_to, gender, country, 0, 1 FROM intake_facts"
	 " WHERE waiting_to >= waiting_from",
	 "DELETE FROM intake_days; INSERT INTO intake_days SELECT * FROM intake_days_source"},
};

/* Attendance's months and sessions (migration 33), triggers
 * report_facts_attendance_*, are counted by the load (write_kept_marks()),
 * then what is counted from the months (migration 42): the first months
 * and the months' people, then the counts of them. */
static const char sql_att_counts_fill[] =
	" DELETE FROM attendance_group_firsts;"
	" INSERT INTO attendance_group_firsts SELECT * FROM attendance_group_firsts_source;"
	" DELETE FROM attendance_type_firsts; INSERT INTO attendance_type_firsts SELECT * FROM attendance_type_firsts_source;"
	" DELETE FROM attendance_month_people;"
	" INSERT INTO attendance_month_people SELECT * FROM attendance_month_people_source;"
	" DELETE FROM attendance_group_months;"
	" INSERT INTO attendance_group_months SELECT * FROM attendance_group_months_source;"
	" DELETE FROM attendance_type_months; INSERT INTO attendance_type_months SELECT * FROM attendance_type_months_source;"
	" DELETE FROM attendance_month_counts;"
	" INSERT INTO attendance_month_counts SELECT * FROM attendance_month_counts_source";
/* Attendance's counts by the filters' class (migration 46, decision 96),
 * triggers report_facts_attendance_class_*: each participant's periods,
 * then the first months and counts of the people of one period, from the
 * kept months (equal to their views), as the migration fills them. */
static const char sql_attendance_classes_fill[] =
	"DELETE FROM attendance_people; INSERT INTO attendance_people SELECT * FROM attendance_people_source;"
	" DELETE FROM attendance_class_gfirsts;"
	" INSERT INTO attendance_class_gfirsts SELECT m.centre_id, m.group_id, m.participant_id, MIN(m.month)"
	" FROM attendance_months m JOIN attendance_people p ON p.centre_id = m.centre_id"
	" AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month"
	" GROUP BY m.centre_id, m.group_id, m.participant_id;"
	" DELETE FROM attendance_class_tfirsts;"
	" INSERT INTO attendance_class_tfirsts SELECT m.centre_id, m.type_id, m.participant_id, MIN(m.month)"
	" FROM attendance_months m JOIN attendance_people p ON p.centre_id = m.centre_id"
	" AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month"
	" GROUP BY m.centre_id, m.type_id, m.participant_id;"
	" DELETE FROM attendance_class_groups;"
	" INSERT INTO attendance_class_groups SELECT m.centre_id, p.gender, p.start_year, p.exit_year, m.month,"
	" m.group_id, m.type_id, SUM(m.marks), SUM(m.attended), SUM(m.unexcused),"
	" SUM(CASE WHEN f.month = m.month THEN 1 ELSE 0 END)"
	" FROM attendance_months m JOIN attendance_people p ON p.centre_id = m.centre_id"
	" AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month"
	" JOIN attendance_class_gfirsts f ON f.centre_id = m.centre_id AND f.group_id = m.group_id"
	" AND f.participant_id = m.participant_id"
	" GROUP BY m.centre_id, p.gender, p.start_year, p.exit_year, m.month, m.group_id, m.type_id;"
	" DELETE FROM attendance_class_types;"
	" INSERT INTO attendance_class_types SELECT f.centre_id, p.gender, p.start_year, p.exit_year, f.type_id, f.month,"
	" COUNT(*) FROM attendance_class_tfirsts f JOIN attendance_people p ON p.centre_id = f.centre_id"
	" AND p.participant_id = f.participant_id"
	" GROUP BY f.centre_id, p.gender, p.start_year, p.exit_year, f.type_id, f.month;"
	" DELETE FROM attendance_class_months;"
	" INSERT INTO attendance_class_months SELECT m.centre_id, p.gender, p.start_year, p.exit_year, m.month, COUNT(*)"
	" FROM attendance_month_people m JOIN attendance_people p ON p.centre_id = m.centre_id"
	" AND p.participant_id = m.participant_id AND p.periods = 1 AND m.month >= p.start_month"
	" GROUP BY m.centre_id, p.gender, p.start_year, p.exit_year, m.month";

/* Fills Attendance's counts by class (after sql_att_counts_fill: the kept
 * months and the months' people are made). */
static int
fill_attendance_classes(struct demo_load *l)
{
	return exec_load(l, sql_attendance_classes_fill);
}

/* Norwegian's steps and Internships' placements (migration 38), triggers
 * report_facts_language_* and report_facts_placement*: made from their
 * views once the periods are, then their groups. Norwegian's steps are
 * the generator's rows (DEMO_LANGUAGE_STEPS; their view read every
 * assessment through its period with four sorts: 15 µs an assessment, two
 * minutes at a million), the steps of the participants already there kept
 * by the triggers before the load; their groups are counted by the load
 * (write_kept_gains()), then their groups by age and schooling (migration
 * 48) from the steps. */
static const char sql_language_bands_fill[] =
	"DELETE FROM language_bands; INSERT INTO language_bands SELECT * FROM language_bands_source";
static const char sql_area_fill[] =
	"DELETE FROM placement_facts; INSERT INTO placement_facts SELECT * FROM placement_facts_source;"
	" DELETE FROM internship_employers; INSERT INTO internship_employers SELECT * FROM internship_employers_source;"
	" DELETE FROM internship_groups; INSERT INTO internship_groups SELECT * FROM internship_groups_source;"
	" DELETE FROM internship_cohorts; INSERT INTO internship_cohorts SELECT * FROM internship_cohorts_source;"
	/* Money's groups (migration 39), triggers report_facts_money_* */
	" DELETE FROM money_groups; INSERT INTO money_groups SELECT * FROM money_groups_source;"
	/* the caseload overview's and the waiting list's (migration 40),
	 * triggers report_facts_overview_* */
	" DELETE FROM caseload_people; INSERT INTO caseload_people SELECT * FROM caseload_people_source;"
	" DELETE FROM caseload_centres; INSERT INTO caseload_centres SELECT * FROM caseload_centres_source;"
	" DELETE FROM planned_exits; INSERT INTO planned_exits SELECT * FROM planned_exits_source;"
	/* the liaison's home's counts (migration 41), triggers report_facts_placement_counts* */
	" DELETE FROM placement_counts; INSERT INTO placement_counts SELECT * FROM placement_counts_source";
/* Caseloads' spans (migration 31): their triggers are named
 * report_facts_caseload_*. The view caseload_spans_source looks up each
 * assignment's earlier ones; the load makes the same rows from one pass
 * over the assignments in order (the latest end before each, a window),
 * and the months' changes from their view (one grouped pass over the
 * periods and spans). The demo's test compares the rows with the views. */
static const char sql_caseload_fill[] =
	"DELETE FROM caseload_spans;"
	" INSERT INTO caseload_spans SELECT e.centre_id, e.id, e.participant_id, COALESCE(p.contact_id, 0), p.gender,"
	" p.country_of_birth, p.birth_date, p.schooling_years, e.start_date, CAST(substr(e.start_date, 1, 4) AS BIGINT),"
	" CASE WHEN a.from_date > e.start_date THEN a.from_date ELSE e.start_date END,"
	" CASE WHEN a.to_date < COALESCE(e.exit_date, '9999-12-31') THEN a.to_date"
	"  ELSE COALESCE(e.exit_date, '9999-12-31') END,"
	/* the age at the period's start (migration 51), as the view says it */
	" CASE WHEN e.start_date < p.birth_date THEN -1 ELSE CAST(substr(e.start_date, 1, 4) AS BIGINT)"
	"  - CAST(substr(p.birth_date, 1, 4) AS BIGINT)"
	"  - CASE WHEN substr(e.start_date, 6, 5) < substr(p.birth_date, 6, 5) THEN 1 ELSE 0 END END"
	" FROM (SELECT centre_id, participant_id, CASE WHEN prev_to > from_date THEN prev_to ELSE from_date END AS from_date,"
	"  to_date FROM (SELECT centre_id, participant_id, %s AS from_date, COALESCE(%s, '9999-12-31') AS to_date,"
	"   MAX(COALESCE(%s, '9999-12-31')) OVER (PARTITION BY centre_id, participant_id"
	"    ORDER BY from_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_to FROM assignments) w"
	"  WHERE from_date < to_date AND (prev_to IS NULL OR prev_to < to_date)) a"
	" JOIN enrolments e ON e.participant_id = a.participant_id AND e.centre_id = a.centre_id"
	" JOIN participants p ON p.id = e.participant_id AND p.centre_id = e.centre_id"
	" WHERE a.from_date < COALESCE(e.exit_date, '9999-12-31') AND e.start_date < a.to_date"
	"  AND e.start_date < COALESCE(e.exit_date, '9999-12-31') ORDER BY e.participant_id";
static const char sql_caseload_months_fill[] =
	"DELETE FROM caseload_months; INSERT INTO caseload_months SELECT * FROM caseload_months_source";
/* SQLite bulk: the rows of caseload_months_source before its GROUP BY,
 * grouped by group_rows() */
static const char sql_caseload_months_rows[] =
	"SELECT centre_id, 0 AS kind, substr(start_date, 1, 7) AS month, gender, country, start_year, 1 AS n"
	" FROM report_facts WHERE start_date < until_date"
	" UNION ALL SELECT centre_id, 0, substr(until_date, 1, 7), gender, country, start_year, -1"
	" FROM report_facts WHERE start_date < until_date AND until_date < '9999-12-31'"
	" UNION ALL SELECT centre_id, 1, substr(from_date, 1, 7), gender, country, start_year, 1 FROM caseload_spans"
	" UNION ALL SELECT centre_id, 1, substr(to_date, 1, 7), gender, country, start_year, -1"
	" FROM caseload_spans WHERE to_date < '9999-12-31'";
static const char *const facts_tables[] = {"report_facts", "intake_facts", "caseload_spans", "caseload_months"};
#define NFACTS_TABLES (sizeof facts_tables / sizeof facts_tables[0])

static bool
is_facts_table(const char *table)
{
	for (size_t i = 0; i < NFACTS_TABLES; i++)
		if (strcmp(table, facts_tables[i]) == 0)
			return true;
	return false;
}

/* Empties g's table and fills it: grouped in C on SQLite's bulk path,
 * else (or when a row has a value group_rows() does not take) from its
 * view. */
static int
fill_grouped(struct demo_load *l, const struct grouped *g)
{
	if (l->raw == NULL)
		return exec_load(l, g->fill);
	char del[64];
	snprintf(del, sizeof del, "DELETE FROM %s", tabs[g->t].name);
	int rc = exec_load(l, del);
	if (rc == SC_OK)
		rc = group_rows(l, g->rows, g->nkeys, g->nsums, g->t, g->nonzero);
	return rc == SC_EINVAL ? exec_load(l, g->fill) : rc;
}

static int
keep_facts_trigger(struct demo_load *l, const char *name, const char *sql)
{
	if (name == NULL || sql == NULL || !plain_name(name))
		return SC_EINVAL;
	struct saved_index *n = realloc(l->facts_triggers, (l->nfacts_triggers + 1) * sizeof *n);
	if (n == NULL)
		return SC_ENOMEM;
	l->facts_triggers = n;
	n[l->nfacts_triggers].name = strdup(name);
	n[l->nfacts_triggers].sql = strdup(sql);
	l->nfacts_triggers++;
	return n[l->nfacts_triggers - 1].name && n[l->nfacts_triggers - 1].sql ? SC_OK : SC_ENOMEM;
}

/* Pauses the facts' triggers and, for a bulk load, keeps the tables'
 * indexes with the dropped ones (call before drop_indexes()). */
static int
pause_report_facts(struct demo_load *l)
{
	int rc = SC_OK;
	const char *list = l->pg ? sql_facts_triggers_pg : sql_facts_triggers_sqlite;
	const char *idx = l->pg ? sql_indexes_pg : sql_indexes_sqlite;
	/* and Today's lines' indexes, built after their lines (which are made
	 * in key order: the indexes would take 2.5 million random inserts at
	 * a million participants) */
	size_t passes = (l->flags & DEMO_LOAD_BULK) ? NFACTS_TABLES + 1 : 0;
	for (size_t pass = 0; pass <= passes && rc == SC_OK; pass++) {
		const char *sql = pass == 0 ? list : idx;
		const char *table = pass == 0 ? NULL : pass <= NFACTS_TABLES ? facts_tables[pass - 1] : "today_lines";
		if (l->raw != NULL) {
			sqlite3_stmt *st = NULL;
			int r = sqlite3_prepare_v2(l->raw, sql, -1, &st, NULL);
			if (r != SQLITE_OK)
				return raw_fail(l, r);
			if (pass > 0)
				sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
			while (rc == SC_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
				const char *name = (const char *)sqlite3_column_text(st, 0);
				const char *what = (const char *)sqlite3_column_text(st, 1);
				rc = pass == 0 ? keep_facts_trigger(l, name, what) : save_index(l, table, name, what);
			}
			if (rc == SC_OK && r != SQLITE_DONE)
				rc = raw_fail(l, r);
			sqlite3_finalize(st);
		} else {
			struct db_stmt *st = db_prepare(l->db, sql);
			if (st == NULL)
				return SC_EDB;
			if (pass > 0)
				db_bind_text(st, 1, table);
			int r;
			while (rc == SC_OK && (r = db_step(st)) == DB_ROW) {
				const char *name = db_col_text(st, 0), *what = db_col_text(st, 1);
				rc = pass == 0 ? keep_facts_trigger(l, name, what) : save_index(l, table, name, what);
			}
			db_done(st);
			if (rc == SC_OK && r < 0)
				rc = r;
		}
	}
	for (size_t i = 0; i < l->nfacts_triggers && rc == SC_OK; i++) {
		char sql[200];
		if (l->pg) {
			if (!plain_name(l->facts_triggers[i].sql))
				return SC_EINVAL;
			snprintf(sql, sizeof sql, "ALTER TABLE %s DISABLE TRIGGER %s", l->facts_triggers[i].sql,
				 l->facts_triggers[i].name);
		} else {
			snprintf(sql, sizeof sql, "DROP TRIGGER %s", l->facts_triggers[i].name);
		}
		rc = exec_load(l, sql);
	}
	return rc;
}

/*
 * PostgreSQL checks a foreign key with a query per row inserted (an
 * after-trigger): three quarters of a COPY's time at 100,000 participants.
 * A bulk load drops the foreign keys of the tables it fills and adds them
 * again after the rows, as the indexes: PostgreSQL then checks each key
 * once over the whole table (one join), in the load's transaction, so
 * every row is still checked. The definitions come from the catalogue.
 */
static const char sql_fkeys_pg[] =
	"SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid"
	" WHERE c.contype = 'f' AND r.relnamespace = current_schema()::regnamespace AND r.relname = $1"
	" ORDER BY c.conname";

static int
save_fkey(struct demo_load *l, const char *table, const char *name, const char *def)
{
	if (name == NULL || def == NULL || !plain_name(name) || !plain_name(table))
		return SC_EINVAL;
	struct saved_index *n = realloc(l->fkeys, (l->nfkeys + 1) * sizeof *n);
	if (n == NULL)
		return SC_ENOMEM;
	l->fkeys = n;
	size_t dl = strlen(table) + strlen(name) + 40, al = dl + strlen(def);
	n[l->nfkeys].name = malloc(dl);
	n[l->nfkeys].sql = malloc(al);
	l->nfkeys++;
	if (n[l->nfkeys - 1].name == NULL || n[l->nfkeys - 1].sql == NULL)
		return SC_ENOMEM;
	snprintf(n[l->nfkeys - 1].name, dl, "ALTER TABLE %s DROP CONSTRAINT %s", table, name);
	snprintf(n[l->nfkeys - 1].sql, al, "ALTER TABLE %s ADD CONSTRAINT %s %s", table, name, def);
	return SC_OK;
}

/* Drops the foreign keys of every table the load fills (PostgreSQL). */
static int
drop_fkeys(struct demo_load *l)
{
	int rc = SC_OK;
	for (int t = 0; t < DEMO_NTABLES && rc == SC_OK; t++) {
		struct db_stmt *st = db_prepare(l->db, sql_fkeys_pg);
		if (st == NULL)
			return SC_EDB;
		db_bind_text(st, 1, tabs[t].name);
		int r = 0;
		while (rc == SC_OK && (r = db_step(st)) == DB_ROW)
			rc = save_fkey(l, tabs[t].name, db_col_text(st, 0), db_col_text(st, 1));
		db_done(st);
		if (rc == SC_OK && r < 0)
			rc = r;
	}
	for (size_t i = 0; i < l->nfkeys && rc == SC_OK; i++)
		rc = exec_load(l, l->fkeys[i].name);
	return rc;
}

/* Adds the foreign keys again: each checked once over its table. */
static int
add_fkeys(struct demo_load *l)
{
	int rc = SC_OK;
	for (size_t i = 0; i < l->nfkeys && rc == SC_OK; i++)
		rc = exec_load(l, l->fkeys[i].sql);
	return rc;
}

/* ---- Today's lines ---- */

/*
 * today_lines is kept by triggers that recompute a participant's lines at
 * each write (migration 20): right for a centre's writes, far too slow for
 * millions of rows. A bulk load pauses them (SQLite: drops them, kept to
 * be made again; PostgreSQL: disables them) and makes every line at once
 * from today_lines_computed at the end, in the load's transaction.
 */
static const char sql_triggers_sqlite[] =
	"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'today!_%' ESCAPE '!'"
	" ORDER BY name";
static const char sql_triggers_pg[] =
	"SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
	" WHERE t.tgname LIKE 'today!_%' ESCAPE '!' AND NOT t.tgisinternal"
	" AND c.relnamespace = current_schema()::regnamespace ORDER BY t.tgname";
static const char sql_today_fill[] =
	"DELETE FROM today_lines;"
	" INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,"
	"  participant_id, title, item_text, detail)"
	" SELECT centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id, title,"
	"  item_text, detail FROM today_lines_computed"
	/* in key order: the table grows at its end instead of taking a
	 * million inserts at random places (640 s of a 1,722 s load at a
	 * million on the shared machine) */
	" ORDER BY centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id";

/* SQLite: the view's rows (migration 20), each scan of the participants
 * NOT INDEXED. The view reads the participants of the six statuses through
 * participants_status, in name order, each a seek into the table and into
 * its meetings, steps and evaluations at random; read in id order they are
 * one pass with the participants' rows in order (at a million: 7.9 s of CPU
 * for the meetings' lines through the index, 1.1 s in order). The demo's test compares
 * the lines with the view both ways. */
static const char sql_today_fill_sqlite[] =
	"DELETE FROM today_lines;"
	" INSERT INTO today_lines (centre_id, user_id, kind, item_date, family_name, given_name, item_id,"
	"  participant_id, title, item_text, detail)"
	" SELECT * FROM ("
	"SELECT p.centre_id AS centre_id, p.contact_id AS user_id, 'meeting' AS kind, m.next_meeting AS item_date,"
	"  p.family_name AS family_name, p.given_name AS given_name, m.id AS item_id, p.id AS participant_id,"
	"  '' AS title, '' AS item_text, m.held_on AS detail"
	" FROM participants p NOT INDEXED"
	" JOIN meetings m ON m.id = (SELECT m2.id FROM meetings m2 WHERE m2.participant_id = p.id"
	"  AND m2.centre_id = p.centre_id ORDER BY m2.held_on DESC, m2.id DESC LIMIT 1)"
	" WHERE p.contact_id IS NOT NULL"
	"  AND p.status IN ('registered','referred','waiting','offered','active','paused')"
	"  AND m.next_meeting IS NOT NULL"
	" UNION ALL"
	" SELECT p.centre_id, p.contact_id, 'step', s.due_on, p.family_name, p.given_name, s.id, p.id,"
	"  g.title, s.description, ''"
	" FROM participants p NOT INDEXED"
	" JOIN goal_steps s ON s.participant_id = p.id AND s.centre_id = p.centre_id"
	" JOIN goals g ON g.id = s.goal_id"
	" WHERE p.contact_id IS NOT NULL"
	"  AND p.status IN ('registered','referred','waiting','offered','active','paused')"
	"  AND s.done_on IS NULL AND s.due_on IS NOT NULL AND g.status IN ('planned','in_progress')"
	" UNION ALL"
	" SELECT p.centre_id, p.contact_id, 'evaluation', e.due_on, p.family_name, p.given_name, e.id, p.id,"
	"  '', '', ''"
	" FROM participants p NOT INDEXED"
	" JOIN plan_evaluations e ON e.participant_id = p.id AND e.centre_id = p.centre_id"
	" WHERE p.contact_id IS NOT NULL"
	"  AND p.status IN ('registered','referred','waiting','offered','active','paused')"
	"  AND e.done_on IS NULL"
	" UNION ALL"
	" SELECT p.centre_id, p.contact_id, 'contact',"
	"  COALESCE((SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = p.id AND m.centre_id = p.centre_id),"
	"           (SELECT MAX(e.start_date) FROM enrolments e WHERE e.participant_id = p.id"
	"            AND e.centre_id = p.centre_id), ''),"
	"  p.family_name, p.given_name, 0, p.id, '', '',"
	"  CASE WHEN (SELECT MAX(m.held_on) FROM meetings m WHERE m.participant_id = p.id"
	"             AND m.centre_id = p.centre_id) IS NOT NULL THEN 'meeting'"
	"       WHEN (SELECT MAX(e.start_date) FROM enrolments e WHERE e.participant_id = p.id"
	"             AND e.centre_id = p.centre_id) IS NOT NULL THEN 'start'"
	"       ELSE '' END"
	" FROM participants p NOT INDEXED"
	" WHERE p.contact_id IS NOT NULL AND p.status IN ('active','paused')"
	" UNION ALL"
	" SELECT t.centre_id, t.assignee_id, 'task', t.due_on, p.family_name, p.given_name, t.id, p.id,"
	"  t.kind, '', ''"
	" FROM tasks t"
	" JOIN participants p ON p.id = t.participant_id"
	" WHERE t.assignee_id IS NOT NULL AND t.done_on IS NULL) x"
	" ORDER BY centre_id, user_id, kind, item_date, family_name, given_name, item_id, participant_id";

static int
keep_trigger(struct demo_load *l, const char *name, const char *sql)
{
	if (name == NULL || sql == NULL || !plain_name(name))
		return SC_EINVAL;
	struct saved_index *n = realloc(l->triggers, (l->ntriggers + 1) * sizeof *n);
	if (n == NULL)
		return SC_ENOMEM;
	l->triggers = n;
	n[l->ntriggers].name = strdup(name);
	n[l->ntriggers].sql = strdup(sql);
	l->ntriggers++;
	return n[l->ntriggers - 1].name && n[l->ntriggers - 1].sql ? SC_OK : SC_ENOMEM;
}

/* Pauses Today's triggers for the load. */
static int
pause_today(struct demo_load *l)
{
	int rc = SC_OK;
	if (l->raw != NULL) {
		sqlite3_stmt *st = NULL;
		int r = sqlite3_prepare_v2(l->raw, sql_triggers_sqlite, -1, &st, NULL);
		if (r != SQLITE_OK)
			return raw_fail(l, r);
		while (rc == SC_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
			rc = keep_trigger(l, (const char *)sqlite3_column_text(st, 0),
					  (const char *)sqlite3_column_text(st, 1));
		if (rc == SC_OK && r != SQLITE_DONE)
			rc = raw_fail(l, r);
		sqlite3_finalize(st);
	} else {
		struct db_stmt *st = db_prepare(l->db, l->pg ? sql_triggers_pg : sql_triggers_sqlite);
		if (st == NULL)
			return SC_EDB;
		int r;
		while (rc == SC_OK && (r = db_step(st)) == DB_ROW) {
			const char *name = db_col_text(st, 0), *what = db_col_text(st, 1);
			/* PostgreSQL: the table, to enable the trigger again. */
			rc = keep_trigger(l, name, what);
		}
		db_done(st);
		if (rc == SC_OK && r < 0)
			rc = r;
	}
	for (size_t i = 0; i < l->ntriggers && rc == SC_OK; i++) {
		char sql[200];
		if (l->pg) {
			if (!plain_name(l->triggers[i].sql))
				return SC_EINVAL;
			snprintf(sql, sizeof sql, "ALTER TABLE %s DISABLE TRIGGER %s", l->triggers[i].sql,
				 l->triggers[i].name);
		} else {
			snprintf(sql, sizeof sql, "DROP TRIGGER %s", l->triggers[i].name);
		}
		rc = exec_load(l, sql);
	}
	return rc;
}

/* Makes every row of the facts, then resumes the triggers (call after
 * create_indexes(l, false), before create_indexes(l, true)). */
static int
resume_report_facts(struct demo_load *l, struct demo_times *tm)
{
	int rc = exec_load(l, sql_facts_fill);
	int64_t t0 = time_mono_ms();
	if (rc == SC_OK)
		rc = exec_load(l, sql_intake_fill);
	tm->intake_ms = time_mono_ms() - t0;
	t0 = time_mono_ms();
	if (rc == SC_OK) {
		/* the day of a Unix time: the engine's, as the view's */
		const char *from = l->pg ? "sc_day(from_at)" : "date(from_at, 'unixepoch')";
		const char *to = l->pg ? "sc_day(to_at)" : "date(to_at, 'unixepoch')";
		char sql[sizeof sql_caseload_fill + 128];
		snprintf(sql, sizeof sql, sql_caseload_fill, from, to, to);
		rc = exec_load(l, sql);
	}
	if (rc == SC_OK) {
		const struct grouped g = {KEPT_CASELOAD_MONTHS, 6, 1, true, sql_caseload_months_rows,
					  sql_caseload_months_fill};
		rc = fill_grouped(l, &g);
	}
	tm->caseload_ms = time_mono_ms() - t0;
	for (size_t i = 0; i < sizeof counts_grouped / sizeof counts_grouped[0] && rc == SC_OK; i++)
		rc = fill_grouped(l, &counts_grouped[i]);
	if (rc == SC_OK)
		rc = write_kept_marks(l);
	if (rc == SC_OK)
		rc = exec_load(l, sql_att_counts_fill);
	if (rc == SC_OK)
		rc = fill_attendance_classes(l);
	t0 = time_mono_ms();
	if (rc == SC_OK)
		rc = write_kept_gains(l);
	if (rc == SC_OK)
		rc = exec_load(l, sql_language_bands_fill);
	tm->language_ms = time_mono_ms() - t0;
	if (rc == SC_OK)
		rc = exec_load(l, sql_area_fill);
	for (size_t i = 0; i < l->nfacts_triggers && rc == SC_OK; i++) {
		if (l->pg) {
			char sql[200];
			snprintf(sql, sizeof sql, "ALTER TABLE %s ENABLE TRIGGER %s", l->facts_triggers[i].sql,
				 l->facts_triggers[i].name);
			rc = exec_load(l, sql);
		} else {
			rc = exec_load(l, l->facts_triggers[i].sql);
		}
	}
	return rc;
}

/* Makes every line of Today, then resumes the triggers. */
static int
resume_today(struct demo_load *l)
{
	int rc = exec_load(l, l->pg ? sql_today_fill : sql_today_fill_sqlite);
	for (size_t i = 0; i < l->ntriggers && rc == SC_OK; i++) {
		if (l->pg) {
			char sql[200];
			snprintf(sql, sizeof sql, "ALTER TABLE %s ENABLE TRIGGER %s", l->triggers[i].sql,
				 l->triggers[i].name);
			rc = exec_load(l, sql);
		} else {
			rc = exec_load(l, l->triggers[i].sql);
		}
	}
	return rc;
}

/* ---- settings and the loading connection ---- */

/* The driver's SQLite connection, while it holds the default demo: every
 * key and CHECK is checked; only fsync and the cache change. */
static const char sqlite_small_on[] = "PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;";
static const char sqlite_small_off[] = "PRAGMA synchronous=FULL; PRAGMA cache_size=-2000;";
/* The loading connection (bulk): see the top of the file. 512 MiB of page
 * cache, allocated as used, holds the B-tree pages the load keeps touching
 * (measured at a million: 128 and 256 MiB slow the inserts, 1 and 2 GiB
 * only make the commit write more at once); reads for the index builds
 * come through mmap; two sorter threads. */
static const char sqlite_bulk_on[] =
	"PRAGMA journal_mode=TRUNCATE; PRAGMA synchronous=OFF; PRAGMA cache_size=-524288;"
	" PRAGMA foreign_keys=OFF; PRAGMA ignore_check_constraints=ON; PRAGMA temp_store=MEMORY;"
	" PRAGMA threads=2; PRAGMA mmap_size=17179869184;";
static const char sqlite_leave_wal[] = "PRAGMA journal_mode=TRUNCATE";
static const char sqlite_back_to_wal[] = "PRAGMA journal_mode=WAL";
static const char pg_load_on[] = "SET synchronous_commit = off; SET maintenance_work_mem = '256MB'";
static const char pg_load_off[] = "RESET synchronous_commit; RESET maintenance_work_mem";
static const char sql_database_file[] = "SELECT file FROM pragma_database_list WHERE name = 'main'";

/* Opens the loading connection on the store's SQLite file. 0 and *out
 * NULL when there is no file (an in-memory database): the driver's
 * connection is then used. */
static int
open_raw(struct demo_load *l, sqlite3 **out)
{
	*out = NULL;
	struct db_stmt *st = db_prepare(l->db, sql_database_file);
	if (st == NULL)
		return SC_EDB;
	char path[4096] = "";
	int rc = db_step(st);
	if (rc == DB_ROW && db_col_text(st, 0) != NULL)
		snprintf(path, sizeof path, "%s", db_col_text(st, 0));
	db_done(st);
	if (rc < 0)
		return rc;
	if (path[0] == '\0')
		return SC_OK;
	/* Out of WAL first, while the store's connection is the only one. */
	char mode[16] = "";
	st = db_prepare(l->db, sqlite_leave_wal);
	if (st != NULL && db_step(st) == DB_ROW && db_col_text(st, 0) != NULL)
		snprintf(mode, sizeof mode, "%s", db_col_text(st, 0));
	db_done(st);
	l->left_wal = strcmp(mode, "truncate") == 0;
	sqlite3 *h = NULL;
	int r = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (r != SQLITE_OK) {
		db_set_error(l->db, "sqlite: cannot open %s for loading: %s", path,
			     h ? sqlite3_errmsg(h) : "out of memory");
		sqlite3_close_v2(h);
		return SC_EDB;
	}
	sqlite3_busy_timeout(h, 5000);
	*out = h;
	return SC_OK;
}

static void
close_raw(struct demo_load *l)
{
	if (l->raw == NULL)
		return;
	for (int t = 0; t < NTABS; t++) {
		sqlite3_finalize(l->raw_big[t]);
		sqlite3_finalize(l->raw_mid[t]);
		sqlite3_finalize(l->raw_one[t]);
	}
	sqlite3_close_v2(l->raw);
	l->raw = NULL;
}

/* Closes the loading connection and gives the store's connection its
 * settings, and the database its WAL, back. */
static int
restore_settings(struct demo_load *l)
{
	close_raw(l);
	if (l->pg)
		return db_exec(l->db, pg_load_off);
	int rc = SC_OK;
	if (l->left_wal)
		rc = db_exec(l->db, sqlite_back_to_wal);
	l->left_wal = false;
	if (!(l->flags & DEMO_LOAD_BULK)) {
		int rc2 = db_exec(l->db, sqlite_small_off);
		rc = rc != SC_OK ? rc : rc2;
	}
	return rc;
}

static void
free_load(struct demo_load *l)
{
	batch_free(l->cur);
	while (l->spare) {
		struct batch *b = l->spare;
		l->spare = b->next;
		batch_free(b);
	}
	while (l->queue) {
		struct batch *b = l->queue;
		l->queue = b->next;
		batch_free(b);
	}
	for (size_t i = 0; i < l->ntriggers; i++) {
		free(l->triggers[i].name);
		free(l->triggers[i].sql);
	}
	free(l->triggers);
	for (size_t i = 0; i < l->nfkeys; i++) {
		free(l->fkeys[i].name);
		free(l->fkeys[i].sql);
	}
	free(l->fkeys);
	for (size_t i = 0; i < l->nindexes; i++) {
		free(l->indexes[i].name);
		free(l->indexes[i].sql);
	}
	free(l->indexes);
	for (size_t i = 0; i < l->nfacts_triggers; i++) {
		free(l->facts_triggers[i].name);
		free(l->facts_triggers[i].sql);
	}
	free(l->facts_triggers);
	free(l->terms);
	free(l->terms_text);
	kept_free(l->kept);
	free(l);
}

static int
begin_load(struct demo_load *l)
{
	bool bulk = (l->flags & DEMO_LOAD_BULK) != 0;
	int rc;
	if (l->pg) {
		rc = db_exec(l->db, pg_load_on);
	} else if (!bulk) {
		rc = db_exec(l->db, sqlite_small_on);
	} else {
		rc = open_raw(l, &l->raw);
		if (rc == SC_OK && l->raw != NULL)
			rc = raw_exec(l, sqlite_bulk_on);
		else if (rc == SC_OK)
			rc = db_exec(l->db, "PRAGMA foreign_keys=OFF; PRAGMA ignore_check_constraints=ON;");
	}
	if (rc != SC_OK)
		return rc;
	rc = l->raw != NULL ? raw_exec(l, "BEGIN IMMEDIATE") : db_begin_write(l->db);
	l->in_tx = rc == SC_OK;
	if (rc == SC_OK && bulk)
		rc = save_indexes(l);
	/* Every load, the default one too: the facts' triggers recompute a
	 * period's row, a group's month of sessions (migration 33: on
	 * PostgreSQL 6 of the default demo's 7 minutes in the tests), and
	 * Today's a participant's lines, at every row written; one fill from
	 * the views at the end gives the same rows. */
	if (rc == SC_OK)
		rc = pause_report_facts(l);
	if (rc == SC_OK && bulk)
		rc = drop_indexes(l);
	if (rc == SC_OK)
		rc = pause_today(l);
	if (rc == SC_OK && bulk && l->pg)
		rc = drop_fkeys(l);
	l->keep_terms = bulk;
	if (rc == SC_OK && bulk) {
		if (pthread_mutex_init(&l->mu, NULL) != 0) {
			rc = SC_ERR;
		} else if (pthread_cond_init(&l->cv, NULL) != 0) {
			pthread_mutex_destroy(&l->mu);
			rc = SC_ERR;
		} else if (pthread_create(&l->writer, NULL, writer_main, l) != 0) {
			pthread_cond_destroy(&l->cv);
			pthread_mutex_destroy(&l->mu);
			rc = SC_ERR;
		} else {
			l->threaded = true;
		}
	}
	return rc;
}

static void
rollback_load(struct demo_load *l)
{
	if (!l->in_tx)
		return;
	if (l->raw != NULL)
		sqlite3_exec(l->raw, "ROLLBACK", NULL, NULL, NULL);
	else
		db_rollback(l->db);
	l->in_tx = false;
}

int
store_demo_begin(struct db *db, unsigned flags, struct demo_load **out)
{
	*out = NULL;
	pthread_once(&sql_once, build_all);
	if (!sql_ok)
		return SC_ERR;
	struct demo_load *l = calloc(1, sizeof *l);
	if (l == NULL)
		return SC_ENOMEM;
	l->db = db;
	l->flags = flags;
	l->pg = db_kind(db) == DB_POSTGRES;
	l->cur = batch_new();
	l->nbatches = 1;
	int rc = l->cur != NULL ? begin_load(l) : SC_ENOMEM;
	if (rc != SC_OK) {
		/* The drops roll back with the transaction: nothing to rebuild. */
		rollback_load(l);
		restore_settings(l);
		if (!l->pg && (flags & DEMO_LOAD_BULK) && l->raw == NULL)
			db_exec(db, "PRAGMA foreign_keys=ON; PRAGMA ignore_check_constraints=OFF;");
		free_load(l);
		return rc;
	}
	*out = l;
	return SC_OK;
}

/* PostgreSQL's planner statistics, as after any bulk load (autovacuum would
 * make them soon anyway). SQLite gets none: the program never runs ANALYZE,
 * so its queries are planned without statistics everywhere else, and the
 * benchmark should see the database a centre would have. (Sampled ones,
 * analysis_limit, were also far off: an index of a million rows counted as
 * 2.9 million.) */
static const char sql_analyze_pg[] = "ANALYZE";

static int
commit_load(struct demo_load *l)
{
	int rc = l->raw != NULL ? raw_exec(l, "COMMIT") : db_commit(l->db);
	if (rc == SC_OK)
		l->in_tx = false;
	return rc;
}

int
store_demo_finish(struct demo_load *l, int64_t counts[DEMO_NTABLES], struct demo_times *times)
{
	struct demo_times tm;
	memset(&tm, 0, sizeof tm);
	int64_t t0 = time_mono_ms();
	int rc = store_demo_flush(l);
	int wrc = stop_writer(l);
	if (rc == SC_OK)
		rc = wrc;
	int64_t t1 = time_mono_ms();
	tm.drain_ms = t1 - t0;
	if (rc == SC_OK && l->nterms > 0)
		rc = write_terms(l);
	int64_t t2 = time_mono_ms();
	tm.terms_ms = t2 - t1;
	if (counts != NULL)
		memcpy(counts, l->written, DEMO_NTABLES * sizeof l->written[0]);
	/* The loaded tables' indexes first: the views the kept tables are
	 * made from read through them (the caseload overview's looked up each
	 * user's participants: without participants_centre_unassigned a scan
	 * of every participant per user, 126 s at 100,000 and growing with
	 * the square of the scale); the facts tables' after their rows. */
	if (rc == SC_OK)
		rc = create_indexes(l, 0);
	int64_t tf = time_mono_ms();
	if (rc == SC_OK)
		rc = resume_report_facts(l, &tm);
	tm.facts_ms = time_mono_ms() - tf;
	if (rc == SC_OK)
		rc = create_indexes(l, 1);
	if (rc == SC_OK)
		rc = add_fkeys(l);
	int64_t t3 = time_mono_ms();
	tm.indexes_ms = t3 - t2;
	if (rc == SC_OK)
		rc = resume_today(l);
	if (rc == SC_OK)
		rc = create_indexes(l, 2);
	int64_t t3b = time_mono_ms();
	tm.today_ms = t3b - t3;
	t3 = t3b;
	if (rc == SC_OK && l->pg) {
		for (int t = 0; t < DEMO_NTABLES && rc == SC_OK; t++) {
			if (!tabs[t].has_id)
				continue;
			struct db_stmt *st = db_prepare(l->db, tabs[t].sql_setval);
			if (st == NULL) {
				rc = SC_EDB;
				break;
			}
			while ((rc = db_step(st)) == DB_ROW)
				;
			db_done(st);
		}
	}
	if (rc == SC_OK)
		rc = commit_load(l);
	int64_t t4 = time_mono_ms();
	tm.commit_ms = t4 - t3;
	if (rc != SC_OK) {
		store_demo_abort(l);
		return rc;
	}
	if ((l->flags & DEMO_LOAD_BULK) && l->pg)
		rc = db_exec(l->db, sql_analyze_pg);
	tm.analyze_ms = time_mono_ms() - t4;
	if (times != NULL)
		*times = tm;
	if (!l->pg && (l->flags & DEMO_LOAD_BULK) && l->raw == NULL)
		db_exec(l->db, "PRAGMA foreign_keys=ON; PRAGMA ignore_check_constraints=OFF;");
	int rc2 = restore_settings(l);
	free_load(l);
	return rc != SC_OK ? rc : rc2;
}

void
store_demo_abort(struct demo_load *l)
{
	if (l == NULL)
		return;
	stop_writer(l);
	/* One transaction: the rollback takes the rows and the dropped
	 * indexes back with it. */
	rollback_load(l);
	if (!l->pg && (l->flags & DEMO_LOAD_BULK) && l->raw == NULL)
		db_exec(l->db, "PRAGMA foreign_keys=ON; PRAGMA ignore_check_constraints=OFF;");
	restore_settings(l);
	free_load(l);
}

/* ---- reading back ---- */

static const char sql_count_participants[] = "SELECT COUNT(*) FROM participants";

static int
scalar(struct db *db, const char *sql, int64_t *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

int
store_demo_count_participants(struct db *db, int64_t *count)
{
	return scalar(db, sql_count_participants, count);
}

int
store_demo_next_ids(struct db *db, int64_t next[DEMO_NTABLES])
{
	for (int t = 0; t < DEMO_NTABLES; t++) {
		next[t] = 0;
		if (!tabs[t].has_id)
			continue;
		int rc = scalar(db, tabs[t].sql_max_id, &next[t]);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

int
store_demo_counts(struct db *db, int64_t counts[DEMO_NTABLES])
{
	for (int t = 0; t < DEMO_NTABLES; t++) {
		int rc = scalar(db, tabs[t].sql_count, &counts[t]);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

/* FNV-1a, 64 bits. */
static uint64_t
fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int
store_demo_checksum(struct db *db, uint64_t *sum)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (int t = 0; t < DEMO_NTABLES; t++) {
		struct db_stmt *st = db_prepare(db, tabs[t].sql_rows);
		if (st == NULL)
			return SC_EDB;
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			for (int c = 0; c < tabs[t].nsum; c++) {
				const char *v = db_col_null(st, c) ? "\x01NULL" : db_col_text(st, c);
				h = fnv(h, v, strlen(v) + 1);
			}
		}
		db_done(st);
		if (rc < 0)
			return rc;
		h = fnv(h, tabs[t].name, strlen(tabs[t].name));
	}
	*sum = h;
	return SC_OK;
}

/* The first word's prefix range, and up to three more words each of which
 * some term of the same participant must start with ('' = no word). */
static const char sql_search_count[] =
	"SELECT COUNT(DISTINCT s.participant_id) FROM participant_search s"
	" WHERE s.term >= $1 AND s.term < $2"
	" AND ($3 = '' OR EXISTS (SELECT 1 FROM participant_search w"
	"  WHERE w.participant_id = s.participant_id AND w.term >= $3 AND w.term < $4))"
	" AND ($5 = '' OR EXISTS (SELECT 1 FROM participant_search w"
	"  WHERE w.participant_id = s.participant_id AND w.term >= $5 AND w.term < $6))"
	" AND ($7 = '' OR EXISTS (SELECT 1 FROM participant_search w"
	"  WHERE w.participant_id = s.participant_id AND w.term >= $7 AND w.term < $8))";

int
store_demo_search_count(struct db *db, const char *const *words, int nwords, int64_t *count)
{
	if (nwords < 1 || nwords > 4)
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_search_count);
	if (st == NULL)
		return SC_EDB;
	for (int w = 0; w < 4; w++) {
		char end[NAME_KEY_MAX];
		const char *word = w < nwords ? words[w] : "";
		if (strlen(word) >= NAME_KEY_MAX) {
			db_done(st);
			return SC_EINVAL;
		}
		search_prefix_end(word, end);
		db_bind_text(st, 2 * w + 1, word);
		db_bind_text(st, 2 * w + 2, end);
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*count = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}
