/*
 * store_intake.c — referrals, screening, the waiting list, offers and
 * programme periods; see store_intake.h.
 *
 * Each change follows the same steps: read the facts (no lock), ask the
 * domain whether the action is allowed and the input valid, then update the
 * row "WHERE id = .. AND version = ..": zero rows changed means someone else
 * got there first (SC_ECONFLICT), and on PostgreSQL the updated row stays
 * locked until the caller commits. Nothing is written before the input has
 * been found valid, so a refusal for bad input writes nothing at all.
 */
#include "db.h"
#include "staff.h"
#include "store.h"
#include "../domain/access.h"
#include "../domain/caseload.h"
#include "../i18n/i18n.h"
#include "../util/arena.h"
#include "../util/err.h"

#include <stdio.h>
#include <string.h>

/* ---- SQL: referrals ---- */

#define REF_SELECT \
	"SELECT r.id, r.participant_id, p.given_name, p.family_name, p.birth_date, p.intro_ended," \
	" COALESCE(p.contact_id, 0), r.source, r.referred_on, r.referrer, r.reason, r.planned_start," \
	" r.in_qualification, r.in_introduction, r.lawful_residence, r.priority, r.state," \
	" r.offered_on, r.answer_by, r.version, r.created_at, r.updated_at" \
	" FROM referrals r JOIN participants p ON p.id = r.participant_id"

static const char sql_ref_get[] = REF_SELECT " WHERE r.id = $1";
static const char sql_ref_by_participant[] =
	REF_SELECT " WHERE r.participant_id = $1 ORDER BY r.referred_on DESC, r.id DESC LIMIT 100";
static const char sql_ref_list_state[] =
	REF_SELECT " WHERE r.state = $1 ORDER BY r.priority, r.referred_on, r.id LIMIT $2 OFFSET $3";
static const char sql_ref_count_state[] = "SELECT COUNT(*) FROM referrals WHERE state = $1";
static const char sql_ref_list_all[] = REF_SELECT " ORDER BY r.id DESC LIMIT $1 OFFSET $2";
static const char sql_ref_count_all[] = "SELECT COUNT(*) FROM referrals";

static const char sql_participant_exists[] = "SELECT 1 FROM participants WHERE id = $1";
static const char sql_open_referral[] =
	"SELECT 1 FROM referrals WHERE participant_id = $1"
	" AND state IN ('new', 'ineligible', 'waiting', 'offered') LIMIT 1";
static const char sql_current_enrolment[] =
	"SELECT id FROM enrolments WHERE participant_id = $1 AND status IN ('active', 'paused') LIMIT 1";
static const char sql_enrolled_before[] = "SELECT 1 FROM enrolments WHERE participant_id = $1 LIMIT 1";

static const char sql_ref_insert[] =
	"INSERT INTO referrals (participant_id, source, referred_on, referrer, reason, planned_start,"
	" in_qualification, in_introduction, lawful_residence, priority, state, created_at,"
	" updated_at, created_by)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'new', $11, $11, $12) RETURNING id";
static const char sql_event_insert[] =
	"INSERT INTO referral_events (referral_id, at, on_date, user_id, from_state, to_state, note)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7)";

/* What a change needs to know of a referral and its participant. */
static const char sql_facts[] =
	"SELECT r.participant_id, r.state, r.version, r.referred_on, p.birth_date,"
	" COALESCE(p.intro_ended, ''), COALESCE(r.planned_start, ''), r.in_qualification,"
	" r.in_introduction, r.lawful_residence, r.priority"
	" FROM referrals r JOIN participants p ON p.id = r.participant_id WHERE r.id = $1";

static const char sql_ref_set_state[] =
	"UPDATE referrals SET state = $3, version = version + 1, updated_at = $4"
	" WHERE id = $1 AND version = $2";
static const char sql_ref_set_priority[] =
	"UPDATE referrals SET priority = $3, version = version + 1, updated_at = $4"
	" WHERE id = $1 AND version = $2";
static const char sql_ref_offer[] =
	"UPDATE referrals SET state = 'offered', offered_on = $3, answer_by = $4,"
	" version = version + 1, updated_at = $5 WHERE id = $1 AND version = $2";

static const char sql_events[] =
	"SELECT e.id, e.referral_id, e.at, e.on_date, COALESCE(e.user_id, 0),"
	" COALESCE(u.display_name, ''), e.from_state, e.to_state, e.note"
	" FROM referral_events e LEFT JOIN users u ON u.id = e.user_id"
	" WHERE e.referral_id = $1 ORDER BY e.at, e.id";
/* Newest first by id (the primary key), so this reads only as many events
 * as it takes to find limit decisions. */
static const char sql_recent[] =
	"SELECT e.id, e.referral_id, e.at, e.on_date, COALESCE(e.user_id, 0),"
	" COALESCE(u.display_name, ''), e.from_state, e.to_state, e.note,"
	" r.participant_id, p.given_name, p.family_name"
	" FROM referral_events e JOIN referrals r ON r.id = e.referral_id"
	" JOIN participants p ON p.id = r.participant_id"
	" LEFT JOIN users u ON u.id = e.user_id"
	" WHERE e.from_state <> '' AND e.from_state <> e.to_state ORDER BY e.id DESC LIMIT $1";

static const char sql_screen_latest[] =
	"SELECT s.rule, s.pass, s.reason, s.overridden, s.override_reason, s.screened_at,"
	" COALESCE(s.screened_by, 0), COALESCE(u.display_name, '')"
	" FROM screening_results s LEFT JOIN users u ON u.id = s.screened_by"
	" WHERE s.referral_id = $1 ORDER BY s.id DESC LIMIT $2";
static const char sql_screen_insert[] =
	"INSERT INTO screening_results (referral_id, rule, pass, reason, overridden,"
	" override_reason, screened_at, screened_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

/* ---- SQL: enrolments ---- */

#define ENR_COLS \
	"id, participant_id, COALESCE(referral_id, 0), start_date, planned_end, status, exit_date," \
	" exit_reason, outcome, version, created_at, updated_at"

static const char sql_enr_get[] = "SELECT " ENR_COLS " FROM enrolments WHERE id = $1";
static const char sql_enr_list[] =
	"SELECT " ENR_COLS " FROM enrolments WHERE participant_id = $1"
	" ORDER BY start_date DESC, id DESC LIMIT 50";
static const char sql_enr_facts[] =
	"SELECT participant_id, status, version, start_date, planned_end FROM enrolments WHERE id = $1";
static const char sql_enr_insert[] =
	"INSERT INTO enrolments (participant_id, referral_id, start_date, planned_end, status,"
	" created_at, updated_at, created_by) VALUES ($1, $2, $3, $4, 'active', $5, $5, $6) RETURNING id";
static const char sql_enr_extend[] =
	"UPDATE enrolments SET planned_end = $3, version = version + 1, updated_at = $4"
	" WHERE id = $1 AND version = $2";
static const char sql_enr_set_status[] =
	"UPDATE enrolments SET status = $3, version = version + 1, updated_at = $4"
	" WHERE id = $1 AND version = $2";
static const char sql_enr_exit[] =
	"UPDATE enrolments SET status = 'exited', exit_date = $3, exit_reason = $4, outcome = $5,"
	" version = version + 1, updated_at = $6 WHERE id = $1 AND version = $2";
static const char sql_ext_insert[] =
	"INSERT INTO enrolment_extensions (enrolment_id, old_end, new_end, reason, at, user_id)"
	" VALUES ($1, $2, $3, $4, $5, $6)";
static const char sql_ext_list[] =
	"SELECT x.id, x.old_end, x.new_end, x.reason, x.at, COALESCE(x.user_id, 0),"
	" COALESCE(u.display_name, '') FROM enrolment_extensions x"
	" LEFT JOIN users u ON u.id = x.user_id WHERE x.enrolment_id = $1 ORDER BY x.id";
static const char sql_pause_insert[] =
	"INSERT INTO enrolment_pauses (enrolment_id, from_date, to_date, reason, at, user_id)"
	" VALUES ($1, $2, $3, $4, $5, $6)";
static const char sql_pause_list[] =
	"SELECT x.id, x.from_date, x.to_date, x.reason, x.at, COALESCE(x.user_id, 0),"
	" COALESCE(u.display_name, '') FROM enrolment_pauses x"
	" LEFT JOIN users u ON u.id = x.user_id WHERE x.enrolment_id = $1 ORDER BY x.id";
static const char sql_pause_latest[] =
	"SELECT id, from_date FROM enrolment_pauses WHERE enrolment_id = $1 ORDER BY id DESC LIMIT 1";
static const char sql_pause_end[] = "UPDATE enrolment_pauses SET to_date = $2 WHERE id = $1";
static const char sql_participant_contact[] =
	"SELECT COALESCE(contact_id, 0) FROM participants WHERE id = $1";
static const char sql_task_insert[] =
	"INSERT INTO tasks (participant_id, enrolment_id, kind, due_on, assignee_id)"
	" VALUES ($1, $2, $3, $4, $5) RETURNING id";

/* ---- SQL: the waiting list ---- */

static const char sql_cap_contacts[] =
	"SELECT COUNT(*), COALESCE(SUM(COALESCE(u.caseload_cap, $2)), 0) FROM users u"
	" WHERE u.active = 1 AND (" USER_ROLES("u") " & $1) = $1";
static const char sql_cap_active[] =
	"SELECT COUNT(*) FROM participants WHERE status IN ('active', 'paused')";
static const char sql_cap_exits[] =
	"SELECT COUNT(*) FROM enrolments WHERE status IN ('active', 'paused') AND planned_end <= $1";
static const char sql_cap_waiting[] =
	"SELECT COUNT(*) FROM referrals WHERE state IN ('waiting', 'offered')";
static const char sql_wait_list[] =
	"SELECT r.id, r.participant_id, p.given_name, p.family_name, r.priority, r.referred_on,"
	" r.source, r.state, r.offered_on"
	" FROM referrals r JOIN participants p ON p.id = r.participant_id"
	" WHERE r.state IN ('waiting', 'offered')"
	" ORDER BY r.priority, r.referred_on, r.id LIMIT $1 OFFSET $2";
/* One status at a time so each is one range of enrolments(status, planned_end). */
static const char sql_exits_by_status[] =
	"SELECT planned_end FROM enrolments WHERE status = $1 ORDER BY planned_end LIMIT $2";

static int enrolment_insert(struct db *db, int64_t participant_id, int64_t referral_id,
			    struct date start, struct date end, int64_t by, int64_t now, int64_t *id);

/* ---- messages ---- */

static const char msg_open_referral[] = N_("This participant already has an open referral.");
static const char msg_enrolled[] = N_("This participant is already enrolled in the programme.");

/* ---- helpers ---- */

static void
bind_user(struct db_stmt *st, int idx, int64_t user_id)
{
	if (user_id > 0)
		db_bind_int(st, idx, user_id);
	else
		db_bind_null(st, idx);
}

static void
bind_date(struct db_stmt *st, int idx, struct date d)
{
	char s[11];
	date_format(d, s);
	db_bind_text(st, idx, s);
}

/* Runs a one-row, one-integer query with one integer parameter: *found
 * says whether there was a row, *v (may be NULL) gets column 0. */
static int
query_int(struct db *db, const char *sql, int64_t param, bool *found, int64_t *v)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, param);
	int rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW && v != NULL)
		*v = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* Runs an UPDATE guarded by "version = $2": zero rows is SC_ECONFLICT. */
static int
run_versioned(struct db_stmt *st)
{
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ECONFLICT;
	return rc;
}

/* A copy of column col into a fixed buffer ("" for NULL). */
static void
col_copy(struct db_stmt *st, int col, char *out, size_t outlen)
{
	const char *s = db_col_text(st, col);
	snprintf(out, outlen, "%s", s != NULL ? s : "");
}

static char *
col_dup(struct db_stmt *st, struct arena *a, int col)
{
	return arena_strdup(a, db_col_text(st, col));
}

/* Like col_dup, but "" for NULL. */
static char *
col_str(struct db_stmt *st, struct arena *a, int col)
{
	const char *s = db_col_text(st, col);
	return arena_strdup(a, s != NULL ? s : "");
}

static int
add_event(struct db *db, int64_t referral_id, int64_t now, struct date today, int64_t by,
	  const char *from, const char *to, const char *note)
{
	struct db_stmt *st = db_prepare(db, sql_event_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, referral_id);
	db_bind_int(st, 2, now);
	bind_date(st, 3, today);
	bind_user(st, 4, by);
	db_bind_text(st, 5, from);
	db_bind_text(st, 6, to);
	db_bind_text(st, 7, note != NULL ? note : "");
	return db_run(st, NULL);
}

/* ---- referrals ---- */

static int
read_referral(struct db_stmt *st, struct arena *a, struct referral *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_col_int(st, 0);
	r->participant_id = db_col_int(st, 1);
	r->given_name = col_str(st, a, 2);
	r->family_name = col_str(st, a, 3);
	r->birth_date = col_str(st, a, 4);
	r->intro_ended = col_dup(st, a, 5);
	r->contact_id = db_col_int(st, 6);
	r->source = col_str(st, a, 7);
	r->referred_on = col_str(st, a, 8);
	r->referrer = col_str(st, a, 9);
	r->reason = col_str(st, a, 10);
	r->planned_start = col_dup(st, a, 11);
	r->in_qualification = db_col_int(st, 12) != 0;
	r->in_introduction = db_col_int(st, 13) != 0;
	r->lawful_residence = db_col_int(st, 14) != 0;
	r->priority = (int)db_col_int(st, 15);
	r->state = col_str(st, a, 16);
	r->offered_on = col_dup(st, a, 17);
	r->answer_by = col_dup(st, a, 18);
	r->version = db_col_int(st, 19);
	r->created_at = db_col_int(st, 20);
	r->updated_at = db_col_int(st, 21);
	return r->state != NULL && r->reason != NULL && r->family_name != NULL ? SC_OK : SC_ENOMEM;
}

/* Reads up to max rows of a referral query whose parameters are bound. */
static int
read_referrals(struct db_stmt *st, struct arena *a, size_t max, struct referral **items, size_t *n)
{
	struct referral *list = arena_alloc(a, sizeof *list * (max > 0 ? max : 1));
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	size_t count = 0;
	int rc = DB_DONE;
	while (count < max && (rc = db_step(st)) == DB_ROW) {
		rc = read_referral(st, a, &list[count]);
		if (rc != SC_OK)
			break;
		count++;
	}
	if (count == max)
		rc = DB_DONE;
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_referral_create(struct db *db, int64_t participant_id, const struct referral_input *in,
		      int64_t by, int64_t now, struct date today, int64_t *id,
		      const char **refusal)
{
	const char *why = NULL;
	bool found = false;
	int rc = query_int(db, sql_participant_exists, participant_id, &found, NULL);
	if (rc == SC_OK && !found)
		rc = SC_ENOTFOUND;
	/* The status update locks the participant's row on PostgreSQL, so two
	 * referrals made at once for one person are checked one after the
	 * other (SQLite's write transaction already serialises them). */
	if (rc == SC_OK)
		rc = store_participant_set_status(db, participant_id,
						  referral_participant_status(REFERRAL_NEW, false), now);
	if (rc == SC_OK)
		rc = query_int(db, sql_open_referral, participant_id, &found, NULL);
	if (rc == SC_OK && found) {
		why = msg_open_referral;
		rc = SC_ECONFLICT;
	}
	if (rc == SC_OK)
		rc = query_int(db, sql_current_enrolment, participant_id, &found, NULL);
	if (rc == SC_OK && found) {
		why = msg_enrolled;
		rc = SC_ECONFLICT;
	}
	int64_t new_id = 0;
	if (rc == SC_OK) {
		struct db_stmt *st = db_prepare(db, sql_ref_insert);
		if (st == NULL) {
			rc = SC_EDB;
		} else {
			db_bind_int(st, 1, participant_id);
			db_bind_text(st, 2, referral_source_key(in->source));
			bind_date(st, 3, in->referred_on);
			db_bind_text(st, 4, in->referrer != NULL ? in->referrer : "");
			db_bind_text(st, 5, in->reason != NULL ? in->reason : "");
			bind_date(st, 6, in->planned_start);
			db_bind_int(st, 7, in->in_qualification);
			db_bind_int(st, 8, in->in_introduction);
			db_bind_int(st, 9, in->lawful_residence);
			db_bind_int(st, 10, in->priority);
			db_bind_int(st, 11, now);
			bind_user(st, 12, by);
			rc = db_step(st);
			if (rc == DB_ROW) {
				new_id = db_col_int(st, 0);
				rc = SC_OK;
			} else if (rc == DB_DONE) {
				rc = SC_EDB;
			}
			db_done(st);
		}
	}
	if (rc == SC_OK)
		rc = add_event(db, new_id, now, today, by, "", referral_state_key(REFERRAL_NEW), "");
	if (rc == SC_OK && id != NULL)
		*id = new_id;
	if (refusal != NULL)
		*refusal = why;
	return rc;
}

int
store_referral_get(struct db *db, struct arena *a, int64_t id, struct referral *out)
{
	struct db_stmt *st = db_prepare(db, sql_ref_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_referral(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

int
store_referral_list_participant(struct db *db, struct arena *a, int64_t participant_id,
				struct referral **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_ref_by_participant);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	return read_referrals(st, a, 100, items, n);
}

int
store_referral_list(struct db *db, struct arena *a, const char *state, int64_t limit,
		    int64_t offset, struct referral **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	bool one = state != NULL && *state != '\0';
	if (limit < 1 || limit > 1000)
		limit = 50;
	if (offset < 0)
		offset = 0;
	struct db_stmt *st = db_prepare(db, one ? sql_ref_count_state : sql_ref_count_all);
	if (st == NULL)
		return SC_EDB;
	if (one)
		db_bind_text(st, 1, state);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, one ? sql_ref_list_state : sql_ref_list_all);
	if (st == NULL)
		return SC_EDB;
	int p = 1;
	if (one)
		db_bind_text(st, p++, state);
	db_bind_int(st, p++, limit);
	db_bind_int(st, p, offset);
	return read_referrals(st, a, (size_t)limit, items, n);
}

static int
read_events(struct db_stmt *st, struct arena *a, size_t max, bool with_participant,
	    struct referral_event **items, size_t *n)
{
	size_t cap = 16, count = 0;
	struct referral_event *list = arena_alloc(a, sizeof *list * cap);
	int rc = list != NULL ? DB_DONE : SC_ENOMEM;
	while (list != NULL && count < max && (rc = db_step(st)) == DB_ROW) {
		if (count == cap) {
			struct referral_event *bigger = arena_alloc(a, sizeof *list * cap * 2);
			if (bigger == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			memcpy(bigger, list, sizeof *list * cap);
			list = bigger;
			cap *= 2;
		}
		struct referral_event *e = &list[count++];
		e->id = db_col_int(st, 0);
		e->referral_id = db_col_int(st, 1);
		e->at = db_col_int(st, 2);
		e->on_date = col_str(st, a, 3);
		e->user_id = db_col_int(st, 4);
		e->user_name = col_str(st, a, 5);
		e->from_state = col_str(st, a, 6);
		e->to_state = col_str(st, a, 7);
		e->note = col_str(st, a, 8);
		if (with_participant) {
			e->participant_id = db_col_int(st, 9);
			e->given_name = col_str(st, a, 10);
			e->family_name = col_str(st, a, 11);
		}
		if (e->note == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	if (rc == DB_ROW)
		rc = DB_DONE;
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_referral_events(struct db *db, struct arena *a, int64_t referral_id,
		      struct referral_event **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_events);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, referral_id);
	return read_events(st, a, 10000, false, items, n);
}

int
store_referral_recent(struct db *db, struct arena *a, int64_t limit,
		      struct referral_event **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	if (limit < 1 || limit > 200)
		limit = 20;
	struct db_stmt *st = db_prepare(db, sql_recent);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, limit);
	return read_events(st, a, (size_t)limit, true, items, n);
}

int
store_screening_latest(struct db *db, struct arena *a, int64_t referral_id,
		       struct screening_row **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct screening_row *list = arena_alloc(a, sizeof *list * ELIG_NRULES);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_screen_latest);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, referral_id);
	db_bind_int(st, 2, ELIG_NRULES);
	size_t count = 0;
	int rc = DB_DONE;
	/* Newest first: one screening writes its rules in rule order. */
	while (count < ELIG_NRULES && (rc = db_step(st)) == DB_ROW) {
		struct screening_row *s = &list[ELIG_NRULES - 1 - count];
		s->rule = col_str(st, a, 0);
		s->pass = db_col_int(st, 1) != 0;
		s->reason = col_str(st, a, 2);
		s->overridden = db_col_int(st, 3) != 0;
		s->override_reason = col_str(st, a, 4);
		s->screened_at = db_col_int(st, 5);
		s->screened_by = db_col_int(st, 6);
		s->screened_by_name = col_str(st, a, 7);
		if (s->screened_by_name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	if (count == ELIG_NRULES)
		rc = DB_DONE;
	db_done(st);
	if (rc < 0)
		return rc;
	/* Fewer rows than rules only for a screening cut short: none counts. */
	if (count == ELIG_NRULES) {
		*items = list;
		*n = count;
	}
	return SC_OK;
}

/* The facts of one referral a change needs. */
struct facts {
	int64_t participant_id;
	enum referral_state state;
	int64_t version;
	struct date referred_on;
	char birth[16];
	char intro_ended[16];
	char planned_start[16];
	bool in_qualification;
	bool in_introduction;
	bool lawful_residence;
	int priority;
};

/*
 * Reads the facts of referral id and checks that act is allowed in its
 * state and that expected_version (when not 0) is current. Returns 0,
 * SC_ENOTFOUND, SC_ECONFLICT, or a store error.
 */
static int
referral_facts(struct db *db, int64_t id, int64_t expected_version, enum referral_action act,
	       struct facts *f)
{
	memset(f, 0, sizeof *f);
	struct db_stmt *st = db_prepare(db, sql_facts);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	char state[32] = "", referred[16] = "";
	if (rc == DB_ROW) {
		f->participant_id = db_col_int(st, 0);
		col_copy(st, 1, state, sizeof state);
		f->version = db_col_int(st, 2);
		col_copy(st, 3, referred, sizeof referred);
		col_copy(st, 4, f->birth, sizeof f->birth);
		col_copy(st, 5, f->intro_ended, sizeof f->intro_ended);
		col_copy(st, 6, f->planned_start, sizeof f->planned_start);
		f->in_qualification = db_col_int(st, 7) != 0;
		f->in_introduction = db_col_int(st, 8) != 0;
		f->lawful_residence = db_col_int(st, 9) != 0;
		f->priority = (int)db_col_int(st, 10);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	if (rc != SC_OK)
		return rc;
	if (referral_state_parse(state, &f->state) != 0 || date_parse(referred, &f->referred_on) != 0)
		return SC_EDB;
	if (!referral_action_allowed(act, f->state))
		return SC_ECONFLICT;
	if (expected_version != 0 && expected_version != f->version)
		return SC_ECONFLICT;
	return SC_OK;
}

/* Moves the referral to state `to` (version-checked) and records the
 * event; the participant's status follows unless set_status is false (the
 * caller sets it later, keeping the lock order). */
static int
referral_move_only(struct db *db, int64_t id, const struct facts *f, enum referral_state to,
		   int64_t by, int64_t now, struct date today, const char *note, bool set_status)
{
	struct db_stmt *st = db_prepare(db, sql_ref_set_state);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, f->version);
	db_bind_text(st, 3, referral_state_key(to));
	db_bind_int(st, 4, now);
	int rc = run_versioned(st);
	if (rc == SC_OK)
		rc = add_event(db, id, now, today, by, referral_state_key(f->state),
			       referral_state_key(to), note);
	if (!set_status)
		return rc;
	bool before = false;
	if (rc == SC_OK && referral_state_final(to))
		rc = query_int(db, sql_enrolled_before, f->participant_id, &before, NULL);
	if (rc == SC_OK)
		rc = store_participant_set_status(db, f->participant_id,
						  referral_participant_status(to, before), now);
	return rc;
}

static int
referral_move(struct db *db, int64_t id, const struct facts *f, enum referral_state to,
	      int64_t by, int64_t now, struct date today, const char *note)
{
	return referral_move_only(db, id, f, to, by, now, today, note, true);
}

int
store_referral_screen(struct db *db, int64_t id, int64_t expected_version,
		      struct screening_override *ov, bool may_override, int64_t by, int64_t now,
		      struct date today, struct eligibility_result *res_out,
		      enum referral_state *next_out, struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	struct facts f;
	int rc = referral_facts(db, id, expected_version, REFERRAL_SCREEN, &f);
	if (rc != SC_OK)
		return rc;
	struct eligibility_input in;
	struct eligibility_result res;
	if (intake_eligibility_input(f.birth, f.intro_ended, f.planned_start, f.in_qualification,
				     f.in_introduction, f.lawful_residence, &in) != 0 ||
	    eligibility_screen(&in, &res) != 0) {
		field_error_add(errs, "planned_start",
				N_("The referral has no valid planned start; register a new referral."));
		return SC_EINVAL;
	}
	enum referral_state next = REFERRAL_INELIGIBLE;
	rc = screening_decide(&res, ov, may_override, &next, errs);
	if (rc != SC_OK)
		return rc;

	/* The event's note: each overridden rule with its reason. */
	char note[INTAKE_NOTE_MAX * 2 + 256] = "";
	size_t used = 0;
	for (int i = 0; i < ELIG_NRULES && ov != NULL; i++) {
		if (!ov[i].on || res.rules[i].pass)
			continue;
		int w = snprintf(note + used, sizeof note - used, "%s%s: %s", used ? "\n" : "",
				 eligibility_rule_name((enum eligibility_rule)i), ov[i].reason);
		if (w < 0 || (size_t)w >= sizeof note - used) {
			used = sizeof note - 1;
			break;
		}
		used += (size_t)w;
	}
	rc = referral_move(db, id, &f, next, by, now, today, note);
	for (int i = 0; rc == SC_OK && i < ELIG_NRULES; i++) {
		const struct rule_result *rr = &res.rules[i];
		bool over = ov != NULL && ov[i].on && !rr->pass;
		struct db_stmt *st = db_prepare(db, sql_screen_insert);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, eligibility_rule_name(rr->rule));
		db_bind_int(st, 3, rr->pass);
		db_bind_text(st, 4, rr->reason != NULL ? rr->reason : "");
		db_bind_int(st, 5, over);
		db_bind_text(st, 6, over ? ov[i].reason : "");
		db_bind_int(st, 7, now);
		bind_user(st, 8, by);
		rc = db_run(st, NULL);
	}
	if (rc == SC_OK) {
		if (res_out != NULL)
			*res_out = res;
		if (next_out != NULL)
			*next_out = next;
	}
	return rc;
}

int
store_referral_set_priority(struct db *db, int64_t id, int64_t expected_version, int priority,
			    int64_t by, int64_t now, struct date today)
{
	if (waitlist_priority_validate(priority, NULL) != 0)
		return SC_EINVAL;
	struct facts f;
	int rc = referral_facts(db, id, expected_version, REFERRAL_PRIORITY, &f);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_ref_set_priority);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, f.version);
	db_bind_int(st, 3, priority);
	db_bind_int(st, 4, now);
	rc = run_versioned(st);
	if (rc == SC_OK) {
		char note[64];
		snprintf(note, sizeof note, "Priority %d \xE2\x86\x92 %d", f.priority, priority);
		const char *key = referral_state_key(f.state);
		rc = add_event(db, id, now, today, by, key, key, note);
	}
	return rc;
}

int
store_referral_offer(struct db *db, int64_t id, int64_t expected_version,
		     const char *offered_on, const char *answer_by, int64_t by, int64_t now,
		     struct date today, struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	struct facts f;
	int rc = referral_facts(db, id, expected_version, REFERRAL_OFFER, &f);
	if (rc != SC_OK)
		return rc;
	struct date offered, answer;
	bool has_answer = false;
	rc = offer_validate(offered_on, answer_by, f.referred_on, today, &offered, &answer,
			    &has_answer, errs);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_ref_offer);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, f.version);
	bind_date(st, 3, offered);
	if (has_answer)
		bind_date(st, 4, answer);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, now);
	rc = run_versioned(st);
	if (rc == SC_OK)
		rc = add_event(db, id, now, today, by, referral_state_key(f.state),
			       referral_state_key(REFERRAL_OFFERED), "");
	if (rc == SC_OK)
		rc = store_participant_set_status(db, f.participant_id,
						  referral_participant_status(REFERRAL_OFFERED, false), now);
	return rc;
}

int
store_referral_accept(struct db *db, int64_t id, int64_t expected_version,
		      const char *start_date, const char *planned_end, int64_t contact_id,
		      int64_t by, int64_t now, struct date today, struct field_errors *errs,
		      int64_t *enrolment_id)
{
	memset(errs, 0, sizeof *errs);
	struct facts f;
	int rc = referral_facts(db, id, expected_version, REFERRAL_ACCEPT, &f);
	if (rc != SC_OK)
		return rc;
	struct date start, end;
	struct field_errors dates;
	enrolment_start_validate(start_date, planned_end, f.referred_on, today, &start, &end, &dates);
	for (int i = 0; i < dates.n; i++)
		field_error_add(errs, dates.field[i], dates.reason[i]);
	if (contact_id <= 0)
		field_error_add(errs, "contact_id", N_("Choose a contact person."));
	if (errs->n > 0)
		return SC_EINVAL;
	bool found = false;
	rc = query_int(db, sql_current_enrolment, f.participant_id, &found, NULL);
	if (rc == SC_OK && found)
		rc = SC_ECONFLICT;
	char note[64] = "";
	char s1[11], s2[11];
	date_format(start, s1);
	date_format(end, s2);
	snprintf(note, sizeof note, "%s \xE2\x80\x93 %s", s1, s2);
	if (rc == SC_OK)
		rc = referral_move_only(db, id, &f, REFERRAL_ACCEPTED, by, now, today, note, false);
	if (rc != SC_OK)
		return rc;
	/* Contact person before participant: store_assign_contact locks the
	 * contact person's row first, so the participant's status is set
	 * after it. */
	const char *refusal = NULL;
	rc = store_assign_contact(db, f.participant_id, contact_id, by, "enrolment", now, &refusal);
	if (rc == SC_EINVAL || rc == SC_ELIMIT) {
		field_error_add(errs, "contact_id",
				refusal != NULL ? refusal : N_("Choose a contact person."));
		return rc;
	}
	if (rc != SC_OK)
		return rc;
	int64_t new_id = 0;
	rc = enrolment_insert(db, f.participant_id, id, start, end, by, now, &new_id);
	if (rc == SC_OK)
		rc = store_participant_set_status(db, f.participant_id,
						  referral_participant_status(REFERRAL_ACCEPTED, true), now);
	if (rc == SC_OK && enrolment_id != NULL)
		*enrolment_id = new_id;
	return rc;
}

static int
referral_close(struct db *db, int64_t id, int64_t expected_version, enum referral_action act,
	       enum referral_state to, char *reason, int64_t by, int64_t now, struct date today,
	       struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	struct facts f;
	int rc = referral_facts(db, id, expected_version, act, &f);
	if (rc != SC_OK)
		return rc;
	const char *why = NULL;
	char *text = reason;
	if (intake_text_validate(&text, INTAKE_NOTE_MAX, true, true, &why) != 0) {
		field_error_add(errs, "reason", why);
		return SC_EINVAL;
	}
	return referral_move(db, id, &f, to, by, now, today, text);
}

int
store_referral_decline(struct db *db, int64_t id, int64_t expected_version, char *reason,
		       int64_t by, int64_t now, struct date today, struct field_errors *errs)
{
	return referral_close(db, id, expected_version, REFERRAL_DECLINE, REFERRAL_DECLINED, reason,
			      by, now, today, errs);
}

int
store_referral_withdraw(struct db *db, int64_t id, int64_t expected_version, char *reason,
			int64_t by, int64_t now, struct date today, struct field_errors *errs)
{
	return referral_close(db, id, expected_version, REFERRAL_WITHDRAW, REFERRAL_WITHDRAWN, reason,
			      by, now, today, errs);
}

/* ---- the waiting list ---- */

static int
count_one(struct db *db, const char *sql, const char *text_param, int64_t *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	if (text_param != NULL)
		db_bind_text(st, 1, text_param);
	int rc = db_step(st);
	*out = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_waitlist_capacity(struct db *db, struct date today, struct waitlist_capacity *out)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st = db_prepare(db, sql_cap_contacts);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, ROLE_BIT(ROLE_CONTACT));
	db_bind_int(st, 2, CASELOAD_DEFAULT_CAP);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		out->contact_persons = db_col_int(st, 0);
		out->places = db_col_int(st, 1);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	rc = count_one(db, sql_cap_active, NULL, &out->active);
	char horizon[11];
	date_format(date_add_days(today, 90), horizon);
	if (rc == SC_OK)
		rc = count_one(db, sql_cap_exits, horizon, &out->exits_90d);
	if (rc == SC_OK)
		rc = count_one(db, sql_cap_waiting, NULL, &out->waiting);
	out->free_places = out->places > out->active ? out->places - out->active : 0;
	return rc;
}

/* Appends up to limit planned ends of periods with status to dates. */
static int
planned_exits(struct db *db, const char *status, int64_t limit, struct date *dates, size_t *n)
{
	struct db_stmt *st = db_prepare(db, sql_exits_by_status);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, status);
	db_bind_int(st, 2, limit);
	int rc = DB_DONE;
	size_t got = 0;
	while ((int64_t)got < limit && (rc = db_step(st)) == DB_ROW) {
		if (date_parse(db_col_text(st, 0), &dates[*n]) == 0) {
			(*n)++;
			got++;
		}
	}
	if ((int64_t)got == limit)
		rc = DB_DONE;
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* Merges two date-sorted runs a[0..na) and b[0..nb) into out (sorted). */
static void
merge_dates(const struct date *a, size_t na, const struct date *b, size_t nb, struct date *out)
{
	size_t i = 0, j = 0, k = 0;
	while (i < na || j < nb) {
		if (j >= nb || (i < na && date_cmp(a[i], b[j]) <= 0))
			out[k++] = a[i++];
		else
			out[k++] = b[j++];
	}
}

int
store_waitlist(struct db *db, struct arena *a, struct date today,
	       const struct waitlist_capacity *cap, int64_t limit, int64_t offset,
	       struct waitlist_row **items, size_t *n, int64_t *total)
{
	*items = NULL;
	*n = 0;
	*total = cap->waiting;
	if (limit < 1 || limit > 100000)
		limit = 50;
	if (offset < 0)
		offset = 0;
	struct waitlist_row *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_wait_list);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, limit);
	db_bind_int(st, 2, offset);
	size_t count = 0;
	int rc = DB_DONE;
	int64_t today_days = date_to_days(today);
	while ((int64_t)count < limit && (rc = db_step(st)) == DB_ROW) {
		struct waitlist_row *w = &list[count];
		w->referral_id = db_col_int(st, 0);
		w->participant_id = db_col_int(st, 1);
		w->given_name = col_str(st, a, 2);
		w->family_name = col_str(st, a, 3);
		w->priority = (int)db_col_int(st, 4);
		w->referred_on = col_str(st, a, 5);
		w->source = col_str(st, a, 6);
		w->state = col_str(st, a, 7);
		w->offered_on = col_dup(st, a, 8);
		w->place = offset + (int64_t)count + 1;
		struct date referred;
		if (date_parse(w->referred_on, &referred) == 0) {
			int64_t d = today_days - date_to_days(referred);
			w->waited_days = d > 0 ? d : 0;
		}
		if (w->state == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	if ((int64_t)count == limit)
		rc = DB_DONE;
	db_done(st);
	if (rc < 0)
		return rc;

	/* The k-th planned exit frees the place of the person at free + k:
	 * this page needs the first (last place on it) - free exits only. */
	int64_t free_places = cap->free_places;
	int64_t need = offset + (int64_t)count - free_places;
	struct date *exits = NULL;
	size_t nexits = 0;
	if (need > 0) {
		struct date *act = arena_alloc(a, sizeof *act * (size_t)need);
		struct date *paused = arena_alloc(a, sizeof *paused * (size_t)need);
		exits = arena_alloc(a, sizeof *exits * (size_t)need * 2);
		if (act == NULL || paused == NULL || exits == NULL)
			return SC_ENOMEM;
		size_t nact = 0, npaused = 0;
		rc = planned_exits(db, "active", need, act, &nact);
		if (rc == SC_OK)
			rc = planned_exits(db, "paused", need, paused, &npaused);
		if (rc != SC_OK)
			return rc;
		merge_dates(act, nact, paused, npaused, exits);
		nexits = nact + npaused;
		if ((int64_t)nexits > need)
			nexits = (size_t)need;
	}
	int fp = free_places > INT32_MAX ? INT32_MAX : (int)free_places;
	for (size_t i = 0; i < count; i++) {
		int64_t place = list[i].place;
		int days;
		if (place <= free_places) {
			days = waitlist_expected_wait_days((int)(place > INT32_MAX ? INT32_MAX : place), fp,
							   NULL, 0, today);
		} else {
			/* The exits are sorted, so the (place - free)-th is one
			 * element: hand the domain just that one. */
			int64_t k = place - free_places;
			days = k > (int64_t)nexits ? -1
			       : waitlist_expected_wait_days(1, 0, &exits[k - 1], 1, today);
		}
		list[i].expected_wait_days = days < -1 ? -1 : days;
	}
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- enrolments ---- */

static const char msg_open_referral_enrol[] =
	N_("This participant has an open referral; enrol them by accepting its offer.");

/* Inserts an active period and returns its id. */
static int
enrolment_insert(struct db *db, int64_t participant_id, int64_t referral_id, struct date start,
		 struct date end, int64_t by, int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_enr_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	if (referral_id > 0)
		db_bind_int(st, 2, referral_id);
	else
		db_bind_null(st, 2);
	bind_date(st, 3, start);
	bind_date(st, 4, end);
	db_bind_int(st, 5, now);
	bind_user(st, 6, by);
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
store_enrolment_current(struct db *db, int64_t participant_id, int64_t *id)
{
	bool found = false;
	*id = 0;
	return query_int(db, sql_current_enrolment, participant_id, &found, id);
}

int
store_enrolment_start(struct db *db, int64_t participant_id, const char *start_date,
		      const char *planned_end, int64_t contact_id, int64_t by, int64_t now,
		      struct date today, struct field_errors *errs, int64_t *enrolment_id,
		      const char **refusal)
{
	memset(errs, 0, sizeof *errs);
	const char *why = NULL;
	bool found = false;
	int rc = query_int(db, sql_participant_exists, participant_id, &found, NULL);
	if (rc == SC_OK && !found)
		rc = SC_ENOTFOUND;
	if (rc == SC_OK)
		rc = query_int(db, sql_current_enrolment, participant_id, &found, NULL);
	if (rc == SC_OK && found) {
		why = msg_enrolled;
		rc = SC_ECONFLICT;
	}
	if (rc == SC_OK)
		rc = query_int(db, sql_open_referral, participant_id, &found, NULL);
	if (rc == SC_OK && found) {
		why = msg_open_referral_enrol;
		rc = SC_ECONFLICT;
	}
	if (refusal != NULL)
		*refusal = why;
	if (rc != SC_OK)
		return rc;
	struct date start, end;
	rc = enrolment_start_validate(start_date, planned_end, (struct date){DATE_MIN_YEAR, 1, 1}, today,
				      &start, &end, errs);
	if (rc != SC_OK)
		return rc;
	if (contact_id > 0) {
		const char *no = NULL;
		rc = store_assign_contact(db, participant_id, contact_id, by, "enrolment", now, &no);
		if (rc == SC_EINVAL || rc == SC_ELIMIT)
			field_error_add(errs, "contact_id", no != NULL ? no : N_("Choose a contact person."));
		if (rc != SC_OK)
			return rc;
	}
	int64_t id = 0;
	rc = enrolment_insert(db, participant_id, 0, start, end, by, now, &id);
	if (rc == SC_OK)
		rc = store_participant_set_status(db, participant_id, "active", now);
	if (rc == SC_OK && enrolment_id != NULL)
		*enrolment_id = id;
	return rc;
}

static int
read_enrolment(struct db_stmt *st, struct arena *a, struct enrolment *e)
{
	memset(e, 0, sizeof *e);
	e->id = db_col_int(st, 0);
	e->participant_id = db_col_int(st, 1);
	e->referral_id = db_col_int(st, 2);
	e->start_date = col_str(st, a, 3);
	e->planned_end = col_str(st, a, 4);
	e->status = col_str(st, a, 5);
	e->exit_date = col_dup(st, a, 6);
	e->exit_reason = col_str(st, a, 7);
	e->outcome = col_dup(st, a, 8);
	e->version = db_col_int(st, 9);
	e->created_at = db_col_int(st, 10);
	e->updated_at = db_col_int(st, 11);
	return e->exit_reason != NULL && e->status != NULL ? SC_OK : SC_ENOMEM;
}

int
store_enrolment_get(struct db *db, struct arena *a, int64_t id, struct enrolment *out)
{
	struct db_stmt *st = db_prepare(db, sql_enr_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = read_enrolment(st, a, out);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	return rc;
}

int
store_enrolment_list(struct db *db, struct arena *a, int64_t participant_id,
		     struct enrolment **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	enum { MAX = 50 };
	struct enrolment *list = arena_alloc(a, sizeof *list * MAX);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_enr_list);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, participant_id);
	size_t count = 0;
	int rc = DB_DONE;
	while (count < MAX && (rc = db_step(st)) == DB_ROW) {
		rc = read_enrolment(st, a, &list[count]);
		if (rc != SC_OK)
			break;
		count++;
	}
	if (count == MAX)
		rc = DB_DONE;
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* Reads rows (id, date, date-or-NULL, reason, at, user, name) of the
 * extension and pause lists; both have the same shape. */
struct span_row {
	int64_t id;
	char *d1, *d2, *reason;
	int64_t at, user_id;
	char *user_name;
};

static int
read_spans(struct db *db, struct arena *a, const char *sql, int64_t enrolment_id,
	   struct span_row **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	size_t cap = 8, count = 0;
	struct span_row *list = arena_alloc(a, sizeof *list * cap);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, enrolment_id);
	int rc = DB_DONE;
	while ((rc = db_step(st)) == DB_ROW) {
		if (count == cap) {
			struct span_row *bigger = arena_alloc(a, sizeof *list * cap * 2);
			if (bigger == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			memcpy(bigger, list, sizeof *list * cap);
			list = bigger;
			cap *= 2;
		}
		struct span_row *s = &list[count++];
		s->id = db_col_int(st, 0);
		s->d1 = col_str(st, a, 1);
		s->d2 = col_dup(st, a, 2);
		s->reason = col_str(st, a, 3);
		s->at = db_col_int(st, 4);
		s->user_id = db_col_int(st, 5);
		s->user_name = col_str(st, a, 6);
		if (s->user_name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_enrolment_extensions(struct db *db, struct arena *a, int64_t enrolment_id,
			   struct enrolment_extension **items, size_t *n)
{
	struct span_row *rows = NULL;
	int rc = read_spans(db, a, sql_ext_list, enrolment_id, &rows, n);
	*items = NULL;
	if (rc != SC_OK)
		return rc;
	struct enrolment_extension *list = arena_alloc(a, sizeof *list * (*n > 0 ? *n : 1));
	if (list == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < *n; i++)
		list[i] = (struct enrolment_extension){ rows[i].id, rows[i].d1, rows[i].d2 ? rows[i].d2 : "",
			rows[i].reason, rows[i].at, rows[i].user_id, rows[i].user_name };
	*items = list;
	return SC_OK;
}

int
store_enrolment_pauses(struct db *db, struct arena *a, int64_t enrolment_id,
		       struct enrolment_pause **items, size_t *n)
{
	struct span_row *rows = NULL;
	int rc = read_spans(db, a, sql_pause_list, enrolment_id, &rows, n);
	*items = NULL;
	if (rc != SC_OK)
		return rc;
	struct enrolment_pause *list = arena_alloc(a, sizeof *list * (*n > 0 ? *n : 1));
	if (list == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < *n; i++)
		list[i] = (struct enrolment_pause){ rows[i].id, rows[i].d1, rows[i].d2, rows[i].reason,
			rows[i].at, rows[i].user_id, rows[i].user_name };
	*items = list;
	return SC_OK;
}

/* What a change of a period needs to know. */
struct enr_facts {
	int64_t participant_id;
	char status[16];
	int64_t version;
	struct date start;
	struct date planned_end;
};

/* Reads the facts of period id; checks expected_version (when not 0).
 * allowed is a list of statuses the change may start from ("active",
 * "paused"), NULL-terminated. */
static int
enrolment_facts(struct db *db, int64_t id, int64_t expected_version, const char *const *allowed,
		struct enr_facts *f)
{
	memset(f, 0, sizeof *f);
	struct db_stmt *st = db_prepare(db, sql_enr_facts);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	int rc = db_step(st);
	char start[16] = "", end[16] = "";
	if (rc == DB_ROW) {
		f->participant_id = db_col_int(st, 0);
		col_copy(st, 1, f->status, sizeof f->status);
		f->version = db_col_int(st, 2);
		col_copy(st, 3, start, sizeof start);
		col_copy(st, 4, end, sizeof end);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	if (rc != SC_OK)
		return rc;
	if (date_parse(start, &f->start) != 0 || date_parse(end, &f->planned_end) != 0)
		return SC_EDB;
	bool ok = false;
	for (size_t i = 0; allowed[i] != NULL && !ok; i++)
		ok = strcmp(f->status, allowed[i]) == 0;
	if (!ok)
		return SC_ECONFLICT;
	if (expected_version != 0 && expected_version != f->version)
		return SC_ECONFLICT;
	return SC_OK;
}

static const char *const not_exited[] = {"active", "paused", NULL};
static const char *const only_active[] = {"active", NULL};
static const char *const only_paused[] = {"paused", NULL};

static int
set_enrolment_status(struct db *db, int64_t id, const struct enr_facts *f, const char *status,
		     int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_enr_set_status);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, f->version);
	db_bind_text(st, 3, status);
	db_bind_int(st, 4, now);
	int rc = run_versioned(st);
	if (rc == SC_OK)
		rc = store_participant_set_status(db, f->participant_id, status, now);
	return rc;
}

int
store_enrolment_extend(struct db *db, int64_t id, int64_t expected_version,
		       const char *new_end, char *reason, int64_t by, int64_t now,
		       struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	struct enr_facts f;
	int rc = enrolment_facts(db, id, expected_version, not_exited, &f);
	if (rc != SC_OK)
		return rc;
	struct date end;
	char *text = reason;
	rc = enrolment_extend_validate(f.start, f.planned_end, new_end, &text, &end, errs);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_enr_extend);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, f.version);
	bind_date(st, 3, end);
	db_bind_int(st, 4, now);
	rc = run_versioned(st);
	if (rc != SC_OK)
		return rc;
	st = db_prepare(db, sql_ext_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	bind_date(st, 2, f.planned_end);
	bind_date(st, 3, end);
	db_bind_text(st, 4, text);
	db_bind_int(st, 5, now);
	bind_user(st, 6, by);
	return db_run(st, NULL);
}

int
store_enrolment_pause(struct db *db, int64_t id, int64_t expected_version, const char *from,
		      const char *to, char *reason, int64_t by, int64_t now, struct date today,
		      struct field_errors *errs)
{
	memset(errs, 0, sizeof *errs);
	struct enr_facts f;
	int rc = enrolment_facts(db, id, expected_version, only_active, &f);
	if (rc != SC_OK)
		return rc;
	struct date d_from, d_to;
	bool has_to = false;
	char *text = reason;
	rc = enrolment_pause_validate(f.start, f.planned_end, today, from, to, &text, &d_from, &d_to,
				      &has_to, errs);
	if (rc != SC_OK)
		return rc;
	rc = set_enrolment_status(db, id, &f, "paused", now);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_pause_insert);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	bind_date(st, 2, d_from);
	if (has_to)
		bind_date(st, 3, d_to);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, text);
	db_bind_int(st, 5, now);
	bind_user(st, 6, by);
	return db_run(st, NULL);
}

/* The latest pause of a period: its id and start. SC_ENOTFOUND when none. */
static int
latest_pause(struct db *db, int64_t enrolment_id, int64_t *pause_id, struct date *from)
{
	struct db_stmt *st = db_prepare(db, sql_pause_latest);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, enrolment_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*pause_id = db_col_int(st, 0);
		rc = date_parse(db_col_text(st, 1), from) == 0 ? SC_OK : SC_EDB;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

static int
end_pause(struct db *db, int64_t pause_id, struct date on)
{
	struct db_stmt *st = db_prepare(db, sql_pause_end);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, pause_id);
	bind_date(st, 2, on);
	return db_run(st, NULL);
}

int
store_enrolment_resume(struct db *db, int64_t id, int64_t expected_version, const char *date,
		       int64_t by, int64_t now, struct date today, struct field_errors *errs)
{
	(void)by;
	memset(errs, 0, sizeof *errs);
	struct enr_facts f;
	int rc = enrolment_facts(db, id, expected_version, only_paused, &f);
	if (rc != SC_OK)
		return rc;
	int64_t pause_id = 0;
	struct date pause_from, resume;
	rc = latest_pause(db, id, &pause_id, &pause_from);
	if (rc == SC_ENOTFOUND)
		pause_from = f.start;   /* paused without a row: any date in the period */
	else if (rc != SC_OK)
		return rc;
	rc = enrolment_resume_validate(pause_from, today, date, &resume, errs);
	if (rc != SC_OK)
		return rc;
	rc = set_enrolment_status(db, id, &f, "active", now);
	if (rc == SC_OK && pause_id > 0)
		rc = end_pause(db, pause_id, resume);
	return rc;
}

int
store_enrolment_exit(struct db *db, int64_t id, int64_t expected_version, const char *date,
		     char *reason, const char *outcome, int64_t by, int64_t now,
		     struct date today, struct field_errors *errs, int64_t *task_ids)
{
	(void)by;
	memset(errs, 0, sizeof *errs);
	struct enr_facts f;
	int rc = enrolment_facts(db, id, expected_version, not_exited, &f);
	if (rc != SC_OK)
		return rc;
	struct date exit_date;
	enum exit_outcome out;
	char *text = reason;
	rc = enrolment_exit_validate(f.start, today, date, &text, outcome, &exit_date, &out, errs);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_enr_exit);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, f.version);
	bind_date(st, 3, exit_date);
	db_bind_text(st, 4, text);
	db_bind_text(st, 5, exit_outcome_key(out));
	db_bind_int(st, 6, now);
	rc = run_versioned(st);
	if (rc != SC_OK)
		return rc;
	if (strcmp(f.status, "paused") == 0) {
		int64_t pause_id = 0;
		struct date from;
		rc = latest_pause(db, id, &pause_id, &from);
		if (rc == SC_OK)
			rc = end_pause(db, pause_id, date_cmp(exit_date, from) >= 0 ? exit_date : from);
		else if (rc == SC_ENOTFOUND)
			rc = SC_OK;
		if (rc != SC_OK)
			return rc;
	}
	rc = store_participant_set_status(db, f.participant_id, "exited", now);
	if (rc == SC_OK)
		rc = store_participant_set_contact_until(db, f.participant_id,
							 access_contact_until(exit_date), false);
	if (rc != SC_OK)
		return rc;
	bool found = false;
	int64_t contact = 0;
	rc = query_int(db, sql_participant_contact, f.participant_id, &found, &contact);
	if (rc != SC_OK)
		return rc;
	for (int i = 0; i < ENROLMENT_NFOLLOWUPS; i++) {
		st = db_prepare(db, sql_task_insert);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, f.participant_id);
		db_bind_int(st, 2, id);
		db_bind_text(st, 3, enrolment_followup(i)->kind);
		bind_date(st, 4, enrolment_followup_due(exit_date, i));
		bind_user(st, 5, contact);
		rc = db_step(st);
		if (rc == DB_ROW) {
			if (task_ids != NULL)
				task_ids[i] = db_col_int(st, 0);
			rc = SC_OK;
		} else if (rc == DB_DONE) {
			rc = SC_EDB;
		}
		db_done(st);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}
