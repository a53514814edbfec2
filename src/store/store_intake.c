/*
 * store_intake.c — referrals, screenings, the waiting list, programme
 * periods and their follow-up tasks; see store_intake.h.
 *
 * Rows are written by table descriptor (table.h) from the domain's
 * records; the joins that add a name are written here and read back by
 * column name. Every statement names the centre.
 */
#include "db.h"
#include "store.h"
#include "table.h"
#include "domain/access.h"
#include "domain/caseload.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* ---- the tables ---- */

static struct table referrals = {.name = "referrals", .fields = &referral_fields, .centre = true, .versioned = true};
static struct table events = {.name = "referral_events", .fields = &referral_event_fields, .centre = true};
static struct table screenings = {.name = "screening_results", .fields = &screening_row_fields, .centre = true};
static struct table enrolments = {.name = "enrolments", .fields = &enrolment_fields, .centre = true, .versioned = true};
static struct table extensions = {.name = "enrolment_extensions", .fields = &enrolment_extension_fields, .centre = true};
static struct table pauses = {.name = "enrolment_pauses", .fields = &enrolment_pause_fields, .centre = true};
static struct table tasks = {.name = "tasks", .fields = &followup_task_fields, .centre = true};

/* ---- SQL ---- */

#define REF_SELECT \
	"SELECT r.id, r.participant_id, p.given_name, p.family_name, r.source, r.referred_on, r.referrer," \
	" r.reason, r.planned_start, r.in_qualification, r.in_introduction, r.lawful_residence, r.priority," \
	" r.state, r.offered_on, r.answer_by, r.version, p.birth_date, p.intro_ended" \
	" FROM referrals r JOIN participants p ON p.id = r.participant_id AND p.centre_id = +r.centre_id"

static const char sql_ref_get[] = REF_SELECT " WHERE r.centre_id = $1 AND r.id = $2";
/* by the participant's index: "+" here and in REF_SELECT's join keep
 * SQLite from walking the centre's referrals by day (1M at a million,
 * 0.3-1 s; decision 133) */
static const char sql_ref_by_participant[] =
	REF_SELECT " WHERE +r.centre_id = $1 AND r.participant_id = $2"
	" ORDER BY r.referred_on DESC, r.id DESC LIMIT 100";
static const char sql_ref_list_state[] =
	REF_SELECT " WHERE r.centre_id = $1 AND r.state = $2"
	" ORDER BY r.priority, r.referred_on, r.id LIMIT $3 OFFSET $4";
static const char sql_ref_count_state[] = "SELECT COUNT(*) FROM referrals WHERE centre_id = $1 AND state = $2";
static const char sql_ref_list_all[] = REF_SELECT " WHERE r.centre_id = $1 ORDER BY r.id DESC LIMIT $2 OFFSET $3";
static const char sql_ref_count_all[] = "SELECT COUNT(*) FROM referrals WHERE centre_id = $1";
/* The states that are not final (referral_state_final()). */
static const char sql_ref_open[] =
	"SELECT 1 FROM referrals WHERE centre_id = $1 AND participant_id = $2"
	" AND state IN ('new', 'ineligible', 'waiting', 'offered') LIMIT 1";

static const char sql_events[] =
	"SELECT e.id, e.referral_id, e.at, e.on_date, e.user_id, COALESCE(u.display_name, '') AS user_name,"
	" e.from_state, e.to_state, e.note"
	" FROM referral_events e LEFT JOIN users u ON u.id = e.user_id"
	" WHERE e.centre_id = $1 AND e.referral_id = $2 ORDER BY e.at, e.id";
/* Newest first by id (the primary key), so this reads only as many events
 * as it takes to find limit decisions: the newest events of the centre
 * first, then their referrals and people (an event's referral is of its
 * centre). Joined first, SQLite read every referral of the centre and
 * sorted their 2.7M events at a million (3-6 s), and PostgreSQL sized its
 * joins' caches for every event (0.16-0.26 s); decision 133. */
static const char sql_recent[] =
	"SELECT e.id, e.referral_id, e.at, e.on_date, e.user_id, COALESCE(u.display_name, '') AS user_name,"
	" e.from_state, e.to_state, e.note, r.participant_id, p.given_name, p.family_name"
	" FROM (SELECT * FROM referral_events x WHERE x.centre_id = $1 AND x.from_state <> ''"
	" AND x.from_state <> x.to_state ORDER BY x.id DESC LIMIT $2) e"
	" JOIN referrals r ON r.id = e.referral_id AND r.centre_id = e.centre_id"
	" JOIN participants p ON p.id = r.participant_id AND p.centre_id = r.centre_id"
	" LEFT JOIN users u ON u.id = e.user_id"
	" ORDER BY e.id DESC";

static const char sql_screen_latest[] =
	"SELECT s.referral_id, s.rule, s.pass, s.reason, s.overridden, s.override_reason, s.screened_at,"
	" s.screened_by, COALESCE(u.display_name, '') AS screened_by_name"
	" FROM screening_results s LEFT JOIN users u ON u.id = s.screened_by"
	" WHERE s.centre_id = $1 AND s.referral_id = $2 ORDER BY s.id DESC LIMIT $3";

/* The capacity kept per centre (caseload_centres, migration 40): contact
 * persons, the caps they set and how many set none, active participants,
 * referrals waiting or offered; and the exits planned by day
 * (planned_exits) summed up to the horizon. */
static const char sql_cap_kept[] =
	"SELECT persons, caps, uncapped, active, waiting FROM caseload_centres WHERE centre_id = $1";
static const char sql_cap_exits[] =
	"SELECT COALESCE(SUM(n), 0) FROM planned_exits WHERE centre_id = $1 AND planned_end <= $2";
/* The page is one range of the kept waiting_list (migration 86), whose
 * primary key is the page's order: no sort, and no referral or
 * participant read. Picking each state's first rows from
 * referrals_centre_queue, merging them, then reading each picked referral
 * and its participant (200 look-ups, each a page of a large table) and
 * sorting again was half the page's CPU at 100,000 participants. */
static const char sql_wait_list[] = DB_GENERIC_PLAN
	"SELECT referral_id, participant_id, given_name, family_name, priority, referred_on, source, state, offered_on"
	" FROM waiting_list WHERE centre_id = $1 ORDER BY priority, referred_on, referral_id LIMIT $2 OFFSET $3";
/* One status at a time so each is one range of enrolments(centre_id,
 * status, planned_end). */
static const char sql_exits_by_status[] =
	"SELECT planned_end FROM enrolments WHERE centre_id = $1 AND status = $2 ORDER BY planned_end LIMIT $3";

static const char sql_enr_current[] =
	"SELECT id FROM enrolments WHERE centre_id = $1 AND participant_id = $2"
	" AND status IN ('active', 'paused') LIMIT 1";
static const char sql_enr_before[] =
	"SELECT 1 FROM enrolments WHERE centre_id = $1 AND participant_id = $2 LIMIT 1";
static const char sql_enr_list[] =
	"SELECT id, participant_id, referral_id, start_date, planned_end, status, exit_date, exit_reason,"
	" outcome, version FROM enrolments WHERE centre_id = $1 AND participant_id = $2"
	" ORDER BY start_date DESC, id DESC LIMIT 50";
static const char sql_ext_list[] =
	"SELECT x.id, x.enrolment_id, x.old_end, x.new_end, x.reason, x.at, x.user_id,"
	" COALESCE(u.display_name, '') AS user_name"
	" FROM enrolment_extensions x LEFT JOIN users u ON u.id = x.user_id"
	" WHERE x.centre_id = $1 AND x.enrolment_id = $2 ORDER BY x.id";
static const char sql_pause_list[] =
	"SELECT x.id, x.enrolment_id, x.from_date, x.to_date, x.reason, x.at, x.user_id,"
	" COALESCE(u.display_name, '') AS user_name"
	" FROM enrolment_pauses x LEFT JOIN users u ON u.id = x.user_id"
	" WHERE x.centre_id = $1 AND x.enrolment_id = $2 ORDER BY x.id";
static const char sql_pause_latest[] =
	"SELECT id, enrolment_id, from_date, to_date, reason, at, user_id FROM enrolment_pauses"
	" WHERE centre_id = $1 AND enrolment_id = $2 ORDER BY from_date DESC, id DESC LIMIT 1";
/* A paused period E of the centre whose pauses have all ended by TODAY. */
#define PAUSES_ENDED(E, TODAY) \
	" EXISTS (SELECT 1 FROM enrolment_pauses x WHERE x.enrolment_id = " E ")" \
	" AND NOT EXISTS (SELECT 1 FROM enrolment_pauses x WHERE x.enrolment_id = " E \
	" AND (x.to_date IS NULL OR x.to_date > " TODAY "))"
static const char sql_pauses_ended_people[] =
	"UPDATE participants SET status = 'active', updated_at = $3 WHERE centre_id = $1 AND status = 'paused'"
	" AND id IN (SELECT e.participant_id FROM enrolments e WHERE e.centre_id = $1 AND e.status = 'paused'"
	" AND" PAUSES_ENDED("e.id", "$2") ")";
static const char sql_pauses_ended_periods[] =
	"UPDATE enrolments SET status = 'active', version = version + 1, updated_at = $3"
	" WHERE centre_id = $1 AND status = 'paused' AND" PAUSES_ENDED("enrolments.id", "$2");
/* by the period's index: "+" keeps SQLite from reading every task of the
 * centre by tasks_centre_due (1.2M at a million, 3-6 s; decision 133) */
static const char sql_task_list[] =
	"SELECT id, enrolment_id, participant_id, kind, due_on, assignee_id, done_on FROM tasks"
	" WHERE +centre_id = $1 AND enrolment_id = $2 ORDER BY due_on, id";

/* ---- reading rows ---- */

/* Fills what a period's row does not hold. */
static void
enrolment_fix(void *rec)
{
	struct enrolment *e = rec;
	if (e->start_date.y != 0)
		e->longest_end = enrolment_longest_end(e->start_date);
}

/*
 * Reads up to max rows of st (its parameters bound) into an arena array of
 * records of size bytes: each cleared and read by the fields fs and more
 * (more.n may be 0), then passed to fix (may be NULL). Finishes st.
 */
static int
rows_read(struct db_stmt *st, struct arena *a, struct fields fs, struct fields more, size_t size, size_t max,
	  void (*fix)(void *), void **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	size_t cap = 8, count = 0;
	char *list = arena_alloc(a, size * cap);
	int rc = list != NULL ? SC_OK : SC_ENOMEM;
	while (rc == SC_OK && count < max) {
		int step = db_step(st);
		if (step != DB_ROW) {
			rc = step < 0 ? step : SC_OK;
			break;
		}
		if (count == cap) {
			char *bigger = arena_alloc(a, size * cap * 2);
			if (bigger == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			memcpy(bigger, list, size * cap);
			list = bigger;
			cap *= 2;
		}
		void *rec = list + count * size;
		fields_clear(fs, rec);
		if (more.n > 0)
			fields_clear(more, rec);
		rc = table_read(st, fs, rec, a);
		if (rc == SC_OK && more.n > 0)
			rc = table_read(st, more, rec, a);
		if (rc != SC_OK)
			break;
		if (fix != NULL)
			fix(rec);
		count++;
	}
	db_done(st);
	if (rc != SC_OK)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

static const struct fields no_fields = {NULL, 0};

/* Prepares sql and binds the centre ($1) and one id ($2). */
static struct db_stmt *
prepare_centre_id(struct db *db, const char *sql, int64_t centre, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st != NULL) {
		db_bind_int(st, 1, centre);
		db_bind_int(st, 2, id);
	}
	return st;
}

/* Runs a one-row query of the centre and one id: *found says whether there
 * was a row, *v (may be NULL) gets column 0. */
static int
query_found(struct db *db, const char *sql, int64_t centre, int64_t id, bool *found, int64_t *v)
{
	*found = false;
	struct db_stmt *st = prepare_centre_id(db, sql, centre, id);
	if (st == NULL)
		return SC_EDB;
	int rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW && v != NULL)
		*v = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* ---- referrals ---- */

int
store_referral_add(struct db *db, int64_t centre, const struct referral *r, int64_t by, int64_t now, int64_t *id)
{
	return table_insert(db, &referrals, centre, r, by, now, id);
}

int
store_referral_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct referral *out)
{
	struct db_stmt *st = prepare_centre_id(db, sql_ref_get, centre, id);
	if (st == NULL)
		return SC_EDB;
	void *items = NULL;
	size_t n = 0;
	int rc = rows_read(st, a, referral_fields, referral_person_fields, sizeof *out, 1, NULL, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (n == 0)
		return SC_ENOTFOUND;
	*out = *(struct referral *)items;
	return SC_OK;
}

int
store_referral_update(struct db *db, int64_t centre, const struct referral *r, int64_t expected_version,
		      int64_t now)
{
	return table_update(db, &referrals, centre, r->id, expected_version, r, now);
}

int
store_referral_list_participant(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
				struct referral **items, size_t *n)
{
	struct db_stmt *st = prepare_centre_id(db, sql_ref_by_participant, centre, participant_id);
	if (st == NULL)
		return SC_EDB;
	return rows_read(st, a, referral_fields, referral_person_fields, sizeof **items, 100, NULL,
			 (void **)items, n);
}

int
store_referral_list(struct db *db, struct arena *a, int64_t centre, int state, int64_t limit, int64_t offset,
		    struct referral **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	const char *key = state >= 0 ? referral_state_key((enum referral_state)state) : NULL;
	if (state >= 0 && key == NULL)
		return SC_EINVAL;
	limit = store_page_limit(limit, 1000, 50);
	if (offset < 0)
		offset = 0;
	struct db_stmt *st = db_prepare(db, key ? sql_ref_count_state : sql_ref_count_all);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	if (key)
		db_bind_text(st, 2, key);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, key ? sql_ref_list_state : sql_ref_list_all);
	if (st == NULL)
		return SC_EDB;
	int p = 1;
	db_bind_int(st, p++, centre);
	if (key)
		db_bind_text(st, p++, key);
	db_bind_int(st, p++, limit);
	db_bind_int(st, p, offset);
	return rows_read(st, a, referral_fields, referral_person_fields, sizeof **items, (size_t)limit, NULL,
			 (void **)items, n);
}

int
store_referral_open(struct db *db, int64_t centre, int64_t participant_id, bool *open)
{
	return query_found(db, sql_ref_open, centre, participant_id, open, NULL);
}

int
store_referral_event_add(struct db *db, int64_t centre, const struct referral_event *ev)
{
	return table_insert(db, &events, centre, ev, 0, 0, NULL);
}

int
store_referral_events(struct db *db, struct arena *a, int64_t centre, int64_t referral_id,
		      struct referral_event **items, size_t *n)
{
	struct db_stmt *st = prepare_centre_id(db, sql_events, centre, referral_id);
	if (st == NULL)
		return SC_EDB;
	return rows_read(st, a, referral_event_fields, no_fields, sizeof **items, 10000, NULL, (void **)items, n);
}

int
store_referral_recent(struct db *db, struct arena *a, int64_t centre, int64_t limit,
		      struct referral_event **items, size_t *n)
{
	limit = store_page_limit(limit, 200, 20);
	struct db_stmt *st = prepare_centre_id(db, sql_recent, centre, limit);
	if (st == NULL)
		return SC_EDB;
	return rows_read(st, a, referral_event_fields, no_fields, sizeof **items, (size_t)limit, NULL,
			 (void **)items, n);
}

int
store_screening_add(struct db *db, int64_t centre, const struct screening_row *rows, size_t n)
{
	int rc = SC_OK;
	for (size_t i = 0; rc == SC_OK && i < n; i++)
		rc = table_insert(db, &screenings, centre, &rows[i], 0, 0, NULL);
	return rc;
}

int
store_screening_latest(struct db *db, struct arena *a, int64_t centre, int64_t referral_id,
		       struct screening_row **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_screen_latest);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, referral_id);
	db_bind_int(st, 3, ELIG_NRULES);
	void *rows = NULL;
	size_t count = 0;
	int rc = rows_read(st, a, screening_row_fields, no_fields, sizeof **items, ELIG_NRULES, NULL, &rows, &count);
	/* Fewer rows than rules only for a screening cut short: none counts. */
	if (rc != SC_OK || count != ELIG_NRULES)
		return rc;
	/* Newest first: one screening writes its rules in rule order. */
	struct screening_row *list = rows;
	for (size_t i = 0; i < count / 2; i++) {
		struct screening_row t = list[i];
		list[i] = list[count - 1 - i];
		list[count - 1 - i] = t;
	}
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- the waiting list ---- */

/* One COUNT(*) of the centre, with a text as $2 when text is not NULL. */
static int
count_of(struct db *db, const char *sql, int64_t centre, const char *text, int64_t *out)
{
	*out = 0;
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	if (text != NULL)
		db_bind_text(st, 2, text);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_waitlist_capacity(struct db *db, int64_t centre, struct date today, struct waitlist_capacity *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, sql_cap_kept);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->contact_persons = db_col_int(st, 0);
		out->places = db_col_int(st, 1) + db_col_int(st, 2) * CASELOAD_DEFAULT_CAP;
		out->active = db_col_int(st, 3);
		out->waiting = db_col_int(st, 4);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	char horizon[11];
	date_format(date_add_days(today, 90), horizon);
	rc = count_of(db, sql_cap_exits, centre, horizon, &out->exits_90d);
	out->free_places = out->places > out->active ? out->places - out->active : 0;
	return rc;
}

/*
 * One row of sql_wait_list by its columns' places: the generic reader
 * cleared and read every field of the record by its type (reading rows
 * into records was 15 % of the page's CPU at 100,000 participants). The
 * kept table's columns are NOT NULL but offered_on.
 */
static int
waitlist_row_read(struct db_stmt *st, struct arena *a, struct waitlist_row *w)
{
	const char *given = db_col_text(st, 2), *family = db_col_text(st, 3);
	*w = (struct waitlist_row){
		.place = FIELD_NONE,
		.referral_id = db_col_int(st, 0),
		.participant_id = db_col_int(st, 1),
		.given_name = arena_strdup(a, given != NULL ? given : ""),
		.family_name = arena_strdup(a, family != NULL ? family : ""),
		.priority = db_col_int(st, 4),
		.source = -1,
		.state = -1,
		.waited_days = FIELD_NONE,
		.expected_wait_days = FIELD_NONE,
	};
	if (w->given_name == NULL || w->family_name == NULL)
		return SC_ENOMEM;
	if (date_parse(db_col_text(st, 5), &w->referred_on) != SC_OK)
		w->referred_on = (struct date){0, 0, 0};
	enum referral_source source;
	if (referral_source_parse(db_col_text(st, 6), &source) == SC_OK)
		w->source = (int)source;
	enum referral_state state;
	if (referral_state_parse(db_col_text(st, 7), &state) == SC_OK)
		w->state = (int)state;
	const char *offered = db_col_text(st, 8);
	if (offered == NULL || date_parse(offered, &w->offered_on) != SC_OK)
		w->offered_on = (struct date){0, 0, 0};
	return SC_OK;
}

int
store_waitlist(struct db *db, struct arena *a, int64_t centre, int64_t limit, int64_t offset,
	       struct waitlist_row **items, size_t *n)
{
	limit = store_page_limit(limit, 100000, 50);
	if (offset < 0)
		offset = 0;
	struct db_stmt *st = db_prepare(db, sql_wait_list);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, limit);
	db_bind_int(st, 3, offset);
	/* Room for a page of rows at first; an export grows it. */
	size_t cap = (size_t)limit < 128 ? (size_t)limit : 128, count = 0;
	struct waitlist_row *list = arena_alloc(a, sizeof *list * cap);
	int rc = list != NULL ? SC_OK : SC_ENOMEM;
	while (rc == SC_OK && count < (size_t)limit) {
		int step = db_step(st);
		if (step != DB_ROW) {
			rc = step < 0 ? step : SC_OK;
			break;
		}
		if (count == cap) {
			struct waitlist_row *bigger = arena_alloc(a, sizeof *bigger * cap * 2);
			if (bigger == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			memcpy(bigger, list, sizeof *list * cap);
			list = bigger;
			cap *= 2;
		}
		rc = waitlist_row_read(st, a, &list[count]);
		count++;
	}
	db_done(st);
	if (rc != SC_OK)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* Appends up to limit planned ends of the centre's periods with status. */
static int
planned_exits(struct db *db, int64_t centre, const char *status, int64_t limit, struct date *dates, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_exits_by_status);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, status);
	db_bind_int(st, 3, limit);
	int rc = SC_OK;
	int64_t got = 0;
	while (got < limit) {
		int step = db_step(st);
		if (step != DB_ROW) {
			rc = step < 0 ? step : SC_OK;
			break;
		}
		if (date_parse(db_col_text(st, 0), &dates[*n]) == SC_OK) {
			(*n)++;
			got++;
		}
	}
	db_done(st);
	return rc;
}

int
store_waitlist_exits(struct db *db, struct arena *a, int64_t centre, int64_t need, struct date **exits,
		     size_t *n)
{
	*exits = NULL;
	*n = 0;
	if (need <= 0)
		return SC_OK;
	struct date *act = arena_alloc(a, sizeof *act * (size_t)need);
	struct date *paused = arena_alloc(a, sizeof *paused * (size_t)need);
	struct date *out = arena_alloc(a, sizeof *out * (size_t)need * 2);
	if (act == NULL || paused == NULL || out == NULL)
		return SC_ENOMEM;
	size_t nact = 0, npaused = 0;
	int rc = planned_exits(db, centre, enrolment_status_key(ENROLMENT_ACTIVE), need, act, &nact);
	if (rc == SC_OK)
		rc = planned_exits(db, centre, enrolment_status_key(ENROLMENT_PAUSED), need, paused, &npaused);
	if (rc != SC_OK)
		return rc;
	/* Two sorted runs merged. */
	size_t i = 0, j = 0, k = 0;
	while (i < nact || j < npaused) {
		if (j >= npaused || (i < nact && date_cmp(act[i], paused[j]) <= 0))
			out[k++] = act[i++];
		else
			out[k++] = paused[j++];
	}
	*exits = out;
	*n = k > (size_t)need ? (size_t)need : k;
	return SC_OK;
}

/* ---- programme periods ---- */

int
store_enrolment_add(struct db *db, int64_t centre, const struct enrolment *e, int64_t by, int64_t now,
		    int64_t *id)
{
	return table_insert(db, &enrolments, centre, e, by, now, id);
}

int
store_enrolment_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct enrolment *out)
{
	int rc = table_get(db, a, &enrolments, centre, id, out);
	if (rc == SC_OK)
		enrolment_fix(out);
	return rc;
}

int
store_enrolment_update(struct db *db, int64_t centre, const struct enrolment *e, int64_t expected_version,
		       int64_t now)
{
	return table_update(db, &enrolments, centre, e->id, expected_version, e, now);
}

int
store_enrolment_current(struct db *db, int64_t centre, int64_t participant_id, int64_t *id)
{
	bool found = false;
	*id = 0;
	return query_found(db, sql_enr_current, centre, participant_id, &found, id);
}

int
store_enrolled_before(struct db *db, int64_t centre, int64_t participant_id, bool *before)
{
	return query_found(db, sql_enr_before, centre, participant_id, before, NULL);
}

int
store_enrolment_list(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		     struct enrolment **items, size_t *n)
{
	struct db_stmt *st = prepare_centre_id(db, sql_enr_list, centre, participant_id);
	if (st == NULL)
		return SC_EDB;
	return rows_read(st, a, enrolment_fields, no_fields, sizeof **items, 50, enrolment_fix, (void **)items, n);
}

int
store_enrolment_extension_add(struct db *db, int64_t centre, const struct enrolment_extension *x)
{
	return table_insert(db, &extensions, centre, x, 0, 0, NULL);
}

int
store_enrolment_extensions(struct db *db, struct arena *a, int64_t centre, int64_t enrolment_id,
			   struct enrolment_extension **items, size_t *n)
{
	struct db_stmt *st = prepare_centre_id(db, sql_ext_list, centre, enrolment_id);
	if (st == NULL)
		return SC_EDB;
	return rows_read(st, a, enrolment_extension_fields, no_fields, sizeof **items, 10000, NULL,
			 (void **)items, n);
}

int
store_enrolment_pause_add(struct db *db, int64_t centre, const struct enrolment_pause *p)
{
	return table_insert(db, &pauses, centre, p, 0, 0, NULL);
}

int
store_enrolment_pause_update(struct db *db, int64_t centre, const struct enrolment_pause *p)
{
	return table_update(db, &pauses, centre, p->id, 0, p, 0);
}

int
store_enrolment_pause_latest(struct db *db, struct arena *a, int64_t centre, int64_t enrolment_id,
			     struct enrolment_pause *out)
{
	struct db_stmt *st = prepare_centre_id(db, sql_pause_latest, centre, enrolment_id);
	if (st == NULL)
		return SC_EDB;
	void *items = NULL;
	size_t n = 0;
	int rc = rows_read(st, a, enrolment_pause_fields, no_fields, sizeof *out, 1, NULL, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (n == 0)
		return SC_ENOTFOUND;
	*out = *(struct enrolment_pause *)items;
	return SC_OK;
}

int
store_enrolment_pauses_ended(struct db *db, int64_t centre, struct date today, int64_t now)
{
	char day[11];
	date_format(today, day);
	int rc = SC_OK;
	for (int i = 0; i < 2 && rc == SC_OK; i++) {
		/* the people first: the second finds their periods paused no more */
		struct db_stmt *st = db_prepare(db, i == 0 ? sql_pauses_ended_people : sql_pauses_ended_periods);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, centre);
		db_bind_text(st, 2, day);
		db_bind_int(st, 3, now);
		rc = db_run(st, NULL);
	}
	return rc;
}

int
store_enrolment_pauses(struct db *db, struct arena *a, int64_t centre, int64_t enrolment_id,
		       struct enrolment_pause **items, size_t *n)
{
	struct db_stmt *st = prepare_centre_id(db, sql_pause_list, centre, enrolment_id);
	if (st == NULL)
		return SC_EDB;
	return rows_read(st, a, enrolment_pause_fields, no_fields, sizeof **items, 10000, NULL, (void **)items, n);
}

int
store_enrolment_task_add(struct db *db, int64_t centre, const struct followup_task *t, int64_t *id)
{
	return table_insert(db, &tasks, centre, t, 0, 0, id);
}

int
store_enrolment_tasks(struct db *db, struct arena *a, int64_t centre, int64_t enrolment_id,
		      struct followup_task **items, size_t *n)
{
	struct db_stmt *st = prepare_centre_id(db, sql_task_list, centre, enrolment_id);
	if (st == NULL)
		return SC_EDB;
	return rows_read(st, a, followup_task_fields, no_fields, sizeof **items, 100, NULL, (void **)items, n);
}
