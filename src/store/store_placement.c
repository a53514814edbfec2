/*
 * store_placement.c — placements, their approvals, follow-up, evaluations
 * and links, the jobs that follow, and the lists that read them; see
 * store_placement.h.
 */
#include "db.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

static struct table placements = {.name = "placements", .fields = &placement_fields, .centre = true,
				  .versioned = true};
static struct table visits = {.name = "placement_visits", .fields = &placement_visit_fields, .centre = true};
static struct table evaluations = {.name = "placement_evaluations", .fields = &placement_evaluation_fields,
				   .centre = true};
static struct table employments = {.name = "employments", .fields = &employment_fields, .centre = true,
				   .versioned = true};

static void
bind_opt_int(struct db_stmt *st, int idx, int64_t v)
{
	if (v == FIELD_NONE)
		db_bind_null(st, idx);
	else
		db_bind_int(st, idx, v);
}

static void
bind_by(struct db_stmt *st, int idx, int64_t by)
{
	if (by > 0)
		db_bind_int(st, idx, by);
	else
		db_bind_null(st, idx);
}

/* ---- one placement ---- */

/* The columns of a placement with its names: p, its participant pt, its
 * employer e, agreement ag, supervisor c, follow-up person u, goal g. */
#define PLACEMENT_COLUMNS                                                                             \
	"p.id, p.version, p.participant_id, pt.given_name, pt.family_name, p.employer_id,"           \
	" e.name AS employer_name, p.agreement_id, ag.name AS agreement_name, p.workplace_address,"   \
	" p.workplace_postcode, p.workplace_city, p.supervisor_id, c.name AS supervisor_name,"        \
	" p.follow_up_id, u.display_name AS follow_up_name, p.starts_on, p.ends_on, p.hours_per_week," \
	" p.days_per_week, p.schedule, p.tasks, p.adaptations, p.participant_goal, p.goal_id,"        \
	" g.title AS goal_title, p.employer_approved_at, p.participant_approved_at, p.centre_approved_at," \
	" p.ended_on, p.end_reason, p.end_note, p.result, p.result_on, p.result_note,"                \
	" p.last_followup_on, p.next_followup_on, p.evaluated_mid, p.evaluated_end"
#define PLACEMENT_FROM                                                                                \
	" FROM placements p JOIN participants pt ON pt.id = p.participant_id"                         \
	" JOIN employers e ON e.id = p.employer_id LEFT JOIN agreements ag ON ag.id = p.agreement_id" \
	" LEFT JOIN employer_contacts c ON c.id = p.supervisor_id LEFT JOIN users u ON u.id = p.follow_up_id" \
	" LEFT JOIN goals g ON g.id = p.goal_id"

static const char sql_get[] = "SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM " WHERE p.id = $1 AND p.centre_id = $2";
static const char sql_get_lock[] =
	"SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM " WHERE p.id = $1 AND p.centre_id = $2 FOR UPDATE OF p";
static const char sql_set_phase[] = "UPDATE placements SET phase = $1 WHERE id = $2 AND centre_id = $3";
static const char sql_set_approvals[] =
	"UPDATE placements SET employer_approved_at = $1, participant_approved_at = $2, centre_approved_at = $3,"
	" phase = $4, version = version + 1, updated_at = $5 WHERE id = $6 AND centre_id = $7";
static const char sql_approval_add[] =
	"INSERT INTO placement_approvals (centre_id, placement_id, party, approved_on, approver, on_behalf, reason,"
	" recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
static const char sql_approval_withdraw[] =
	"UPDATE placement_approvals SET withdrawn_at = $1, withdrawn_by = $2, withdraw_reason = $3"
	" WHERE centre_id = $4 AND placement_id = $5 AND party = $6 AND withdrawn_at IS NULL";
static const char sql_approvals[] =
	"SELECT a.id, a.party, a.approved_on, COALESCE(a.approver, '') AS approver, a.on_behalf,"
	" COALESCE(a.reason, '') AS reason, a.recorded_at, COALESCE(r.display_name, '') AS recorded_by,"
	" COALESCE(a.withdrawn_at, 0) AS withdrawn_at, COALESCE(w.display_name, '') AS withdrawn_by,"
	" COALESCE(a.withdraw_reason, '') AS withdraw_reason"
	" FROM placement_approvals a LEFT JOIN users r ON r.id = a.recorded_by LEFT JOIN users w ON w.id = a.withdrawn_by"
	" WHERE a.centre_id = $1 AND a.placement_id = $2 ORDER BY a.id LIMIT 100";
static const char sql_end[] =
	"UPDATE placements SET ended_on = $1, end_reason = $2, end_note = $3, phase = 'ended_early',"
	" version = version + 1, updated_at = $4 WHERE id = $5 AND centre_id = $6 AND ended_on IS NULL";
static const char sql_set_result[] =
	"UPDATE placements SET result = $1, result_on = $2, result_note = $3, version = version + 1,"
	" updated_at = $4 WHERE id = $5 AND centre_id = $6 AND result IS NULL";

/* Reads the rows of st into placements (at most cap), status -1. */
static int
read_placements(struct db_stmt *st, struct arena *a, size_t cap, struct placement **items, size_t *n)
{
	struct placement *list = arena_alloc(a, sizeof *list * (cap > 0 ? cap : 1));
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	/* cleared once and copied: clearing field by field was a twentieth
	 * of the liaison's home (issue 10) */
	struct placement blank;
	memset(&blank, 0, sizeof blank);
	fields_clear(placement_fields, &blank);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < cap) {
		struct placement *p = &list[count];
		*p = blank;
		rc = table_read(st, placement_fields, p, a);
		if (rc != SC_OK)
			break;
		p->status = -1;
		count++;
	}
	if (rc == DB_ROW)
		rc = SC_OK;
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

static int
set_phase(struct db *db, int64_t centre, int64_t id, enum placement_phase phase)
{
	struct db_stmt *st = db_prepare(db, sql_set_phase);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, placement_phase_options[phase].key);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, centre);
	return db_run(st, NULL);
}

int
store_placement_create(struct db *db, int64_t centre, const struct placement *p, enum placement_phase phase,
		       int64_t by, int64_t now, int64_t *id)
{
	int rc = table_insert(db, &placements, centre, p, by, now, id);
	if (rc == SC_OK)
		rc = set_phase(db, centre, *id, phase);
	if (rc == SC_OK)
		rc = store_internship_change_add(db, centre, CHANGE_PLACEMENT, *id, 1, NULL, 0, "", by, now);
	return rc;
}

int
store_placement_get(struct db *db, struct arena *a, int64_t centre, int64_t id, bool lock, struct placement *out)
{
	struct db_stmt *st = db_prepare(db, lock && db_kind(db) == DB_POSTGRES ? sql_get_lock : sql_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	struct placement *items = NULL;
	size_t n = 0;
	int rc = read_placements(st, a, 1, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (n == 0)
		return SC_ENOTFOUND;
	*out = items[0];
	return SC_OK;
}

int
store_placement_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
		       const struct placement *p, enum placement_phase phase, const struct field_change *changes,
		       size_t nchanges, const char *keys, int64_t by, int64_t now)
{
	int rc = table_update(db, &placements, centre, id, expected_version, p, now);
	if (rc == SC_OK)
		rc = set_phase(db, centre, id, phase);
	if (rc == SC_OK)
		rc = store_internship_change_add(db, centre, CHANGE_PLACEMENT, id, expected_version + 1, changes,
						 nchanges, keys, by, now);
	return rc;
}

int
store_placement_set_approvals(struct db *db, int64_t centre, int64_t id, int64_t employer_at, int64_t participant_at,
			      int64_t centre_at, enum placement_phase phase, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_set_approvals);
	if (st == NULL)
		return SC_EDB;
	bind_opt_int(st, 1, employer_at);
	bind_opt_int(st, 2, participant_at);
	bind_opt_int(st, 3, centre_at);
	db_bind_text(st, 4, placement_phase_options[phase].key);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, id);
	db_bind_int(st, 7, centre);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_placement_approval_add(struct db *db, int64_t centre, int64_t placement_id, const struct placement_approval *in,
			     bool on_behalf, int64_t by, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_approval_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, placement_id);
	db_bind_text(st, 3, placement_party_options[in->party].key);
	table_bind_date(st, 4, in->approved_on);
	db_bind_text(st, 5, in->approver != NULL && in->approver[0] ? in->approver : NULL);
	db_bind_int(st, 6, on_behalf ? 1 : 0);
	db_bind_text(st, 7, in->reason != NULL && in->reason[0] ? in->reason : NULL);
	db_bind_int(st, 8, now);
	bind_by(st, 9, by);
	return db_run(st, NULL);
}

int
store_placement_approval_withdraw(struct db *db, int64_t centre, int64_t placement_id, int party, const char *reason,
				  int64_t by, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_approval_withdraw);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, now);
	bind_by(st, 2, by);
	db_bind_text(st, 3, reason != NULL && reason[0] ? reason : NULL);
	db_bind_int(st, 4, centre);
	db_bind_int(st, 5, placement_id);
	db_bind_text(st, 6, placement_party_options[party].key);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

static const char *
dup_text(struct arena *a, const char *s)
{
	return arena_strdup(a, s != NULL ? s : "");
}

int
store_placement_approvals(struct db *db, struct arena *a, int64_t centre, int64_t placement_id,
			  struct placement_approval_row **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct placement_approval_row *list = arena_alloc(a, sizeof *list * 100);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_approvals);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, placement_id);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 100) {
		struct placement_approval_row *r = &list[count];
		memset(r, 0, sizeof *r);
		r->id = db_col_int(st, 0);
		r->party = -1;
		for (int k = 0; k < PARTY_COUNT; k++)
			if (db_col_text(st, 1) != NULL && strcmp(db_col_text(st, 1), placement_party_options[k].key) == 0)
				r->party = k;
		date_parse(db_col_text(st, 2) ? db_col_text(st, 2) : "", &r->approved_on);
		r->approver = dup_text(a, db_col_text(st, 3));
		r->on_behalf = db_col_int(st, 4) != 0;
		r->reason = dup_text(a, db_col_text(st, 5));
		r->recorded_at = db_col_int(st, 6);
		r->recorded_by = dup_text(a, db_col_text(st, 7));
		r->withdrawn_at = db_col_int(st, 8);
		r->withdrawn_by = dup_text(a, db_col_text(st, 9));
		r->withdraw_reason = dup_text(a, db_col_text(st, 10));
		if (!r->approver || !r->reason || !r->recorded_by || !r->withdrawn_by || !r->withdraw_reason) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_placement_end(struct db *db, int64_t centre, int64_t id, const struct placement_ending *in, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_end);
	if (st == NULL)
		return SC_EDB;
	table_bind_date(st, 1, in->ended_on);
	db_bind_text(st, 2, placement_end_reason_options[in->end_reason].key);
	db_bind_text(st, 3, in->end_note != NULL && in->end_note[0] ? in->end_note : NULL);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, id);
	db_bind_int(st, 6, centre);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ECONFLICT;
	return rc;
}

int
store_placement_set_result(struct db *db, int64_t centre, int64_t id, bool hired, struct date on, const char *note,
			   int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_set_result);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, placement_result_options[hired ? RESULT_HIRED : RESULT_NOT_HIRED].key);
	table_bind_date(st, 2, on);
	db_bind_text(st, 3, note != NULL && note[0] ? note : NULL);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, id);
	db_bind_int(st, 6, centre);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ECONFLICT;
	return rc;
}

/* ---- follow-up ---- */

/* The latest visit moves the placement's last follow-up, and its next
 * date becomes the next follow-up; an earlier visit logged late moves
 * neither. */
static const char sql_visit_marks[] =
	"UPDATE placements SET"
	" next_followup_on = CASE WHEN last_followup_on IS NULL OR last_followup_on <= $1 THEN $2"
	"  ELSE next_followup_on END,"
	" last_followup_on = CASE WHEN last_followup_on IS NULL OR last_followup_on < $1 THEN $1"
	"  ELSE last_followup_on END"
	" WHERE id = $3 AND centre_id = $4";
static const char sql_visits[] =
	"SELECT v.id, v.placement_id, v.participant_id, v.held_on, v.kind, v.with_whom, v.notes, v.actions,"
	" v.next_on, v.author_id, COALESCE(u.display_name, '') AS author_name, v.created_at"
	" FROM placement_visits v LEFT JOIN users u ON u.id = v.author_id"
	" WHERE v.centre_id = $1 AND v.placement_id = $2 ORDER BY v.held_on DESC, v.id DESC LIMIT 200";

int
store_placement_visit_add(struct db *db, int64_t centre, const struct placement_visit *v, int64_t *id)
{
	int rc = table_insert(db, &visits, centre, v, 0, 0, id);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, sql_visit_marks);
	if (st == NULL)
		return SC_EDB;
	table_bind_date(st, 1, v->held_on);
	if (v->next_on.y != 0)
		table_bind_date(st, 2, v->next_on);
	else
		db_bind_null(st, 2);
	db_bind_int(st, 3, v->placement_id);
	db_bind_int(st, 4, centre);
	return db_run(st, NULL);
}

int
store_placement_visits(struct db *db, struct arena *a, int64_t centre, int64_t placement_id,
		       struct placement_visit **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct placement_visit *list = arena_alloc(a, sizeof *list * 200);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_visits);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, placement_id);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 200) {
		fields_clear(placement_visit_fields, &list[count]);
		rc = table_read(st, placement_visit_fields, &list[count], a);
		if (rc != SC_OK)
			break;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- evaluations and their links ---- */

static const char sql_mark_mid[] = "UPDATE placements SET evaluated_mid = 1 WHERE id = $1 AND centre_id = $2";
static const char sql_mark_end[] = "UPDATE placements SET evaluated_end = 1 WHERE id = $1 AND centre_id = $2";
static const char sql_evaluations[] =
	"SELECT id, placement_id, participant_id, kind, evaluated_on, punctuality, norwegian, understanding,"
	" quality, cooperation, initiative, strengths, to_work_on, evaluator, source, author_id, link_id, created_at"
	" FROM placement_evaluations WHERE centre_id = $1 AND placement_id = $2 ORDER BY kind DESC, id";
static const char sql_employer_evaluations[] =
	"SELECT v.id, v.placement_id, v.participant_id, v.kind, v.evaluated_on, v.punctuality, v.norwegian,"
	" v.understanding, v.quality, v.cooperation, v.initiative, v.strengths, v.to_work_on, v.evaluator,"
	" v.source, v.author_id, v.created_at"
	" FROM placement_evaluations v JOIN placements p ON p.id = v.placement_id"
	" WHERE p.employer_id = $1 AND p.centre_id = $2 AND v.centre_id = $2"
	" ORDER BY v.evaluated_on DESC, v.id DESC LIMIT $3";

int
store_placement_evaluation_add(struct db *db, int64_t centre, const struct placement_evaluation *ev, int64_t *id)
{
	int rc = table_insert(db, &evaluations, centre, ev, 0, 0, id);
	if (rc != SC_OK)
		return rc;
	struct db_stmt *st = db_prepare(db, ev->kind == EVAL_MID ? sql_mark_mid : sql_mark_end);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, ev->placement_id);
	db_bind_int(st, 2, centre);
	return db_run(st, NULL);
}

static int
read_evaluations(struct db_stmt *st, struct arena *a, size_t cap, struct placement_evaluation **items, size_t *n)
{
	struct placement_evaluation *list = arena_alloc(a, sizeof *list * cap);
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	struct placement_evaluation blank;
	memset(&blank, 0, sizeof blank);
	fields_clear(placement_evaluation_fields, &blank);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < cap) {
		list[count] = blank;
		rc = table_read(st, placement_evaluation_fields, &list[count], a);
		if (rc != SC_OK)
			break;
		count++;
	}
	if (rc == DB_ROW)
		rc = SC_OK;
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_placement_evaluations(struct db *db, struct arena *a, int64_t centre, int64_t placement_id,
			    struct placement_evaluation **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_evaluations);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, placement_id);
	return read_evaluations(st, a, 4, items, n);
}

int
store_employer_evaluations(struct db *db, struct arena *a, int64_t centre, int64_t employer_id, int64_t limit,
			   struct placement_evaluation **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	limit = store_page_limit(limit, 200, 50);
	struct db_stmt *st = db_prepare(db, sql_employer_evaluations);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, employer_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, limit);
	return read_evaluations(st, a, (size_t)limit, items, n);
}

static const char sql_link_add[] =
	"INSERT INTO evaluation_links (centre_id, placement_id, kind, token_digest, created_at, created_by, expires_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
static const char sql_link_live[] =
	"SELECT id FROM evaluation_links WHERE centre_id = $1 AND placement_id = $2 AND kind = $3"
	" AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $4 ORDER BY id DESC LIMIT 1";
static const char sql_link_revoke[] =
	"UPDATE evaluation_links SET revoked_at = $1, revoked_by = $2"
	" WHERE id = $3 AND placement_id = $4 AND centre_id = $5 AND used_at IS NULL AND revoked_at IS NULL";
static const char sql_links[] =
	"SELECT id, placement_id, kind, created_at, expires_at, COALESCE(used_at, 0), COALESCE(revoked_at, 0),"
	" COALESCE(opened_at, 0), centre_id FROM evaluation_links WHERE centre_id = $1 AND placement_id = $2"
	" ORDER BY id DESC LIMIT 50";
static const char sql_link_by_digest[] =
	"SELECT id, placement_id, kind, created_at, expires_at, COALESCE(used_at, 0), COALESCE(revoked_at, 0),"
	" COALESCE(opened_at, 0), centre_id FROM evaluation_links WHERE token_digest = $1";
static const char sql_link_opened[] =
	"UPDATE evaluation_links SET opened_at = $1 WHERE id = $2 AND centre_id = $3 AND opened_at IS NULL";
static const char sql_link_use[] =
	"UPDATE evaluation_links SET used_at = $1 WHERE id = $2 AND centre_id = $3 AND used_at IS NULL"
	" AND revoked_at IS NULL AND expires_at > $1";

int
store_evaluation_link_add(struct db *db, int64_t centre, int64_t placement_id, int kind, const char *digest,
			  int64_t by, int64_t now, int64_t expires_at, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_link_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, placement_id);
	db_bind_text(st, 3, evaluation_kind_options[kind].key);
	db_bind_text(st, 4, digest);
	db_bind_int(st, 5, now);
	bind_by(st, 6, by);
	db_bind_int(st, 7, expires_at);
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
store_evaluation_link_live(struct db *db, int64_t centre, int64_t placement_id, int kind, int64_t now, int64_t *id)
{
	*id = 0;
	struct db_stmt *st = db_prepare(db, sql_link_live);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, placement_id);
	db_bind_text(st, 3, evaluation_kind_options[kind].key);
	db_bind_int(st, 4, now);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_evaluation_link_revoke(struct db *db, int64_t centre, int64_t placement_id, int64_t link_id, int64_t by,
			     int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_link_revoke);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, now);
	bind_by(st, 2, by);
	db_bind_int(st, 3, link_id);
	db_bind_int(st, 4, placement_id);
	db_bind_int(st, 5, centre);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

static void
read_link(struct db_stmt *st, struct evaluation_link *l)
{
	l->id = db_col_int(st, 0);
	l->placement_id = db_col_int(st, 1);
	l->kind = db_col_text(st, 2) != NULL && strcmp(db_col_text(st, 2), "end") == 0 ? EVAL_END : EVAL_MID;
	l->created_at = db_col_int(st, 3);
	l->expires_at = db_col_int(st, 4);
	l->used_at = db_col_int(st, 5);
	l->revoked_at = db_col_int(st, 6);
	l->opened_at = db_col_int(st, 7);
}

int
store_evaluation_links(struct db *db, struct arena *a, int64_t centre, int64_t placement_id,
		       struct evaluation_link **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct evaluation_link *list = arena_alloc(a, sizeof *list * 50);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_links);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, placement_id);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 50)
		read_link(st, &list[count++]);
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_evaluation_link_by_digest(struct db *db, const char *digest, struct evaluation_link *out, int64_t *centre)
{
	struct db_stmt *st = db_prepare(db, sql_link_by_digest);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, digest);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_link(st, out);
		*centre = db_col_int(st, 8);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

int
store_evaluation_link_opened(struct db *db, int64_t centre, int64_t link_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_link_opened);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, link_id);
	db_bind_int(st, 3, centre);
	return db_run(st, NULL);
}

int
store_evaluation_link_use(struct db *db, int64_t centre, int64_t link_id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_link_use);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, link_id);
	db_bind_int(st, 3, centre);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ECONFLICT;
	return rc;
}

/* ---- the lists ---- */

/* A participant's and an employer's placements in the list's order
 * (undated first, then the newest start), written so that it is not
 * placements_list's expression: SQLite would walk the centre's list for
 * them instead of their own index (decision 133). */
#define FEW_PLACEMENTS_ORDER " ORDER BY p.starts_on IS NULL DESC, p.starts_on DESC, p.id DESC"
static const char sql_participant_placements[] = DB_GENERIC_PLAN
	"SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM " WHERE p.centre_id = $1 AND p.participant_id = $2"
	FEW_PLACEMENTS_ORDER " LIMIT 100";
static const char sql_terms_saved[] =
	"SELECT MAX(at) FROM internship_changes WHERE centre_id = $1 AND record_type = 'placement'"
	" AND record_id = $2";
static const char sql_proposed_at[] = "SELECT created_at FROM placements WHERE centre_id = $1 AND id = $2";
static const char sql_overlapping[] =
	"SELECT id FROM placements WHERE centre_id = $1 AND participant_id = $2 AND id <> $3"
	" AND phase = 'agreed' AND starts_on <= $5 AND ends_on >= $4 ORDER BY starts_on LIMIT 1";
/* What a list's row shows and its status needs (placement_facts_of()),
 * without the joins for the other names: the liaison's home, Today and an
 * employer's page read these (brief), the API the whole record (decision 74). */
#define PLACEMENT_BRIEF_COLUMNS                                                                       \
	"p.id, p.version, p.participant_id, pt.given_name, pt.family_name, p.employer_id,"            \
	" e.name AS employer_name, p.supervisor_id, p.follow_up_id, p.starts_on, p.ends_on,"          \
	" p.hours_per_week, p.days_per_week, p.tasks, p.employer_approved_at,"                        \
	" p.participant_approved_at, p.centre_approved_at, p.ended_on, p.evaluated_mid, p.evaluated_end"
#define PLACEMENT_BRIEF_FROM                                                                          \
	" FROM placements p JOIN participants pt ON pt.id = p.participant_id"                         \
	" JOIN employers e ON e.id = p.employer_id"
#define IN_PHASE_WHERE " WHERE p.centre_id = $1 AND p.phase = $2 ORDER BY p.starts_on, p.id LIMIT $3"
static const char sql_in_phase[] = "SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM IN_PHASE_WHERE;
static const char sql_in_phase_brief[] = "SELECT " PLACEMENT_BRIEF_COLUMNS PLACEMENT_BRIEF_FROM IN_PHASE_WHERE;
/* The lists' totals from the kept counts (migration 41, decision 90): a
 * phase is one row, a week of start or end days at most seven. */
static const char sql_in_phase_count[] =
	"SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM placement_counts WHERE centre_id = $1 AND kind = $2 AND day = ''";
#define STARTING_WHERE                                                                                \
	" WHERE p.centre_id = $1 AND p.phase = 'agreed'"                                              \
	" AND p.starts_on >= $2 AND p.starts_on <= $3 ORDER BY p.starts_on, p.id LIMIT $4"
static const char sql_starting[] = "SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM STARTING_WHERE;
static const char sql_starting_brief[] = "SELECT " PLACEMENT_BRIEF_COLUMNS PLACEMENT_BRIEF_FROM STARTING_WHERE;
static const char sql_starting_count[] =
	"SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM placement_counts WHERE centre_id = $1 AND kind = 'starts'"
	" AND day >= $2 AND day <= $3";
#define ENDING_WHERE                                                                                  \
	" WHERE p.centre_id = $1 AND p.phase = 'agreed'"                                              \
	" AND p.ends_on >= $2 AND p.ends_on <= $3 ORDER BY p.ends_on, p.id LIMIT $4"
static const char sql_ending[] = "SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM ENDING_WHERE;
static const char sql_ending_brief[] = "SELECT " PLACEMENT_BRIEF_COLUMNS PLACEMENT_BRIEF_FROM ENDING_WHERE;
static const char sql_ending_count[] =
	"SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM placement_counts WHERE centre_id = $1 AND kind = 'ends'"
	" AND day >= $2 AND day <= $3";
static const char sql_followed[] =
	"SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM " WHERE p.centre_id = $1 AND p.follow_up_id = $2"
	" AND p.ends_on >= $3 AND p.phase IN ('agreed', 'ended_early') ORDER BY p.ends_on, p.id LIMIT 500";
#define FOLLOWUP_DUE_WHERE                                                                            \
	" WHERE p.centre_id = $1 AND p.follow_up_id = $2"                                             \
	" AND p.ends_on >= $3 AND p.phase = 'agreed' AND p.starts_on <= $3"                           \
	" AND ((p.next_followup_on IS NOT NULL AND p.next_followup_on <= $3)"                         \
	"  OR COALESCE(p.last_followup_on, p.starts_on) <= $4)"                                       \
	" ORDER BY COALESCE(p.last_followup_on, p.starts_on), p.id LIMIT $5"
/*
 * The placements user_id follows up that can owe an evaluation on $4
 * (today) under evaluations_outstanding(), which decides on each row: a
 * condition that holds for every placement the rule gives one for (a
 * superset of it), each arm one range of placements_follow_up_phase
 * (centre_id, follow_up_id, phase, ends_on), then in the order of the last
 * day after ($5, $6), a batch at a time. The rule needs a placement that
 * began (placement_started(): its first day on or before today, or before
 * the day it ended early) and:
 * - the final evaluation, agreed: due from EVALUATION_END_DUE_DAYS before
 *   the last day while active ($8: today + those days, from
 *   evaluation_end_due_until()), outstanding until EVALUATION_AFTER_END_DAYS
 *   after it once completed ($3: today - those days,
 *   evaluation_outstanding_since()): the last day from $3 to $8;
 * - the mid-point one, agreed and active (the last day today or later)
 *   from its middle day: the sum of the first and last days (in days from
 *   1970-01-01, DAYS_SUM) at most $9 (evaluation_mid_sum_until());
 * - the final one, ended early: outstanding until
 *   EVALUATION_AFTER_END_DAYS after the day it ended, so that day from $3
 *   on (and its last day too, which is not before it).
 * Read the wider condition before (placements_follow_up from $3 in every
 * phase: every negotiation and every agreed placement still to come, and
 * every final evaluation not recorded) and the liaison's home spent a
 * quarter of its time on rows the rule then dropped.
 */
#define DAYS_SUM_SQLITE "julianday(starts_on) + julianday(ends_on) - 4881175"   /* 1970-01-01 is 2440587.5 */
#define DAYS_SUM_PG                                                                                   \
	"(CAST(starts_on AS DATE) - DATE '1970-01-01') + (CAST(ends_on AS DATE) - DATE '1970-01-01')"
#define EVALUATION_ARMS(indexed, days_sum)                                                             \
	"SELECT id FROM placements" indexed " WHERE centre_id = $1 AND follow_up_id = $2"                \
	" AND phase = 'agreed' AND ends_on >= $3 AND ends_on <= $8 AND starts_on <= $4 AND evaluated_end = 0" \
	" UNION ALL SELECT id FROM placements" indexed " WHERE centre_id = $1 AND follow_up_id = $2"     \
	" AND phase = 'agreed' AND ends_on >= $4 AND starts_on <= $4 AND evaluated_mid = 0"              \
	" AND " days_sum " <= $9"                                                                        \
	" UNION ALL SELECT id FROM placements" indexed " WHERE centre_id = $1 AND follow_up_id = $2"     \
	" AND phase = 'ended_early' AND ends_on >= $3 AND ended_on >= $3 AND starts_on <= ended_on"       \
	" AND evaluated_end = 0"
#define EVALUATION_CANDIDATES_WHERE(indexed, days_sum)                                                \
	" WHERE p.id IN (" EVALUATION_ARMS(indexed, days_sum) ")"                                        \
	" AND (p.ends_on > $5 OR (p.ends_on = $5 AND p.id > $6))"                                        \
	" ORDER BY p.ends_on, p.id LIMIT $7"
#define FULL_NAMES_FROM                                                                               \
	" LEFT JOIN agreements ag ON ag.id = p.agreement_id"                                            \
	" LEFT JOIN employer_contacts c ON c.id = p.supervisor_id LEFT JOIN users u ON u.id = p.follow_up_id" \
	" LEFT JOIN goals g ON g.id = p.goal_id"
#define EVALUATION_CANDIDATES_FROM(from)                                                              \
	" FROM placements p JOIN participants pt ON pt.id = p.participant_id"                           \
	" JOIN employers e ON e.id = p.employer_id" from
#define BY_PHASE " INDEXED BY placements_follow_up_phase"
static const char sql_evaluation_candidates_sqlite[] = "SELECT " PLACEMENT_COLUMNS
	EVALUATION_CANDIDATES_FROM(FULL_NAMES_FROM) EVALUATION_CANDIDATES_WHERE(BY_PHASE, DAYS_SUM_SQLITE);
static const char sql_evaluation_candidates_brief_sqlite[] = "SELECT " PLACEMENT_BRIEF_COLUMNS
	EVALUATION_CANDIDATES_FROM("") EVALUATION_CANDIDATES_WHERE(BY_PHASE, DAYS_SUM_SQLITE);
static const char sql_evaluation_candidates_pg[] = DB_GENERIC_PLAN "SELECT " PLACEMENT_COLUMNS
	EVALUATION_CANDIDATES_FROM(FULL_NAMES_FROM) EVALUATION_CANDIDATES_WHERE("", DAYS_SUM_PG);
static const char sql_evaluation_candidates_brief_pg[] = DB_GENERIC_PLAN "SELECT " PLACEMENT_BRIEF_COLUMNS
	EVALUATION_CANDIDATES_FROM("") EVALUATION_CANDIDATES_WHERE("", DAYS_SUM_PG);
static const char sql_followup_due[] = DB_GENERIC_PLAN "SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM FOLLOWUP_DUE_WHERE;
static const char sql_followup_due_brief[] = DB_GENERIC_PLAN "SELECT " PLACEMENT_BRIEF_COLUMNS PLACEMENT_BRIEF_FROM FOLLOWUP_DUE_WHERE;
/* An employer's placements, or only those of a contact person's
 * participants ($5; 0 = any: one text each, so that neither plan carries
 * the other's condition). */
#define EMPLOYER_PLACEMENTS_WHERE(contact)                                                            \
	" WHERE p.centre_id = $1 AND p.employer_id = $2 AND " contact FEW_PLACEMENTS_ORDER " LIMIT $3 OFFSET $4"
#define ANY_CONTACT "$5 = 0"
#define THEIR_CONTACT "pt.contact_id = $5"
static const char sql_employer_placements[] =
	"SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM EMPLOYER_PLACEMENTS_WHERE(ANY_CONTACT);
static const char sql_employer_placements_brief[] =
	"SELECT " PLACEMENT_BRIEF_COLUMNS PLACEMENT_BRIEF_FROM EMPLOYER_PLACEMENTS_WHERE(ANY_CONTACT);
static const char sql_employer_placements_count[] =
	"SELECT COUNT(*) FROM placements WHERE centre_id = $1 AND employer_id = $2 AND $3 = 0";
static const char sql_employer_placements_contact[] =
	"SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM EMPLOYER_PLACEMENTS_WHERE(THEIR_CONTACT);
static const char sql_employer_placements_contact_brief[] =
	"SELECT " PLACEMENT_BRIEF_COLUMNS PLACEMENT_BRIEF_FROM EMPLOYER_PLACEMENTS_WHERE(THEIR_CONTACT);
static const char sql_employer_placements_contact_count[] =
	"SELECT COUNT(*) FROM placements p JOIN participants pt ON pt.id = p.participant_id"
	" WHERE p.centre_id = $1 AND p.employer_id = $2 AND pt.contact_id = $3";

/* The condition of a status on day $2 ($3 the status key; '' = any), and
 * of a contact person ($4; 0 = any). */
#define STATUS_WHERE                                                                                   \
	" WHERE p.centre_id = $1 AND ($3 = ''"                                                          \
	"  OR ($3 IN ('proposed', 'negotiating', 'awaiting_approval', 'ended_early') AND p.phase = $3)"  \
	"  OR ($3 = 'agreed' AND p.phase = 'agreed' AND p.starts_on > $2)"                              \
	"  OR ($3 = 'active' AND p.phase = 'agreed' AND p.starts_on <= $2 AND p.ends_on >= $2)"         \
	"  OR ($3 = 'completed' AND p.phase = 'agreed' AND p.ends_on < $2))"
/* The centre's list, newest start first, read in that order from
 * placements_list (migration 71) as far as the page goes; a contact
 * person's from their participants (participants_contact, then each one's
 * placements): the centre's 423,379 placements were joined and sorted for
 * every page at a million, 6.5-15 s (decision 133). $4 the contact person
 * (the centre's list binds it too, unused). */
#define PLACEMENTS_ORDER " ORDER BY COALESCE(p.starts_on, '9999-12-31') DESC, p.id DESC"
#define PLACEMENT_FROM_CONTACT                                                                        \
	" FROM participants pt CROSS JOIN placements p"                                               \
	" JOIN employers e ON e.id = p.employer_id LEFT JOIN agreements ag ON ag.id = p.agreement_id" \
	" LEFT JOIN employer_contacts c ON c.id = p.supervisor_id LEFT JOIN users u ON u.id = p.follow_up_id" \
	" LEFT JOIN goals g ON g.id = p.goal_id"
#define CONTACT_WHERE " AND pt.contact_id = $4 AND p.participant_id = pt.id"
static const char sql_placements[] =
	"SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM STATUS_WHERE " AND $4 = 0" PLACEMENTS_ORDER " LIMIT $5 OFFSET $6";
static const char sql_placements_count[] =
	"SELECT COUNT(*) FROM (SELECT 1 FROM placements p" STATUS_WHERE " AND $4 = 0 LIMIT 1001) x";
static const char sql_placements_contact[] =
	"SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM_CONTACT STATUS_WHERE CONTACT_WHERE PLACEMENTS_ORDER
	" LIMIT $5 OFFSET $6";
/* SQLite counts by the covering placements_report (the centre's every
 * placement for each participant) unless told the participant's index */
#define PLACEMENTS_CONTACT_COUNT(indexed)                                                             \
	"SELECT COUNT(*) FROM (SELECT 1 FROM participants pt CROSS JOIN placements p" indexed STATUS_WHERE \
	CONTACT_WHERE " LIMIT 1001) x"
static const char sql_placements_contact_count_sqlite[] =
	PLACEMENTS_CONTACT_COUNT(" INDEXED BY placements_participant");
static const char sql_placements_contact_count_pg[] = PLACEMENTS_CONTACT_COUNT("");

static int
list_count(struct db_stmt *st, struct placement_list *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		out->total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return rc;
	if (out->total > PLACEMENT_COUNT_CAP) {
		out->total = PLACEMENT_COUNT_CAP;
		out->more = true;
	}
	return SC_OK;
}

/* A total counted exactly (from the kept counts). */
static int
kept_count(struct db_stmt *st, struct placement_list *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		out->total = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

static void
list_clear(struct placement_list *out)
{
	memset(out, 0, sizeof *out);
}

int
store_participant_placements(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			     struct placement_list *out)
{
	list_clear(out);
	struct db_stmt *st = db_prepare(db, sql_participant_placements);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	int rc = read_placements(st, a, 100, &out->items, &out->n);
	out->total = (int64_t)out->n;
	return rc;
}

int
store_placement_terms_saved(struct db *db, int64_t centre, int64_t id, int64_t *at)
{
	*at = 0;
	struct db_stmt *st = db_prepare(db, sql_terms_saved);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*at = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_placement_proposed_at(struct db *db, int64_t centre, int64_t id, int64_t *at)
{
	*at = 0;
	struct db_stmt *st = db_prepare(db, sql_proposed_at);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*at = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : rc == DB_ROW ? SC_OK : SC_ENOTFOUND;
}

int
store_placement_overlapping(struct db *db, int64_t centre, int64_t participant_id, int64_t exclude_id,
			    struct date from, struct date to, int64_t *other_id)
{
	*other_id = 0;
	struct db_stmt *st = db_prepare(db, sql_overlapping);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, exclude_id);
	table_bind_date(st, 4, from);
	table_bind_date(st, 5, to);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*other_id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_placements_in_phase(struct db *db, struct arena *a, int64_t centre, enum placement_phase phase, int64_t limit,
			  bool brief, struct placement_list *out)
{
	list_clear(out);
	struct db_stmt *st = db_prepare(db, sql_in_phase_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, placement_phase_options[phase].key);
	int rc = kept_count(st, out);
	if (rc != SC_OK || out->total == 0)
		return rc;
	st = db_prepare(db, brief ? sql_in_phase_brief : sql_in_phase);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, placement_phase_options[phase].key);
	db_bind_int(st, 3, limit);
	rc = read_placements(st, a, (size_t)limit, &out->items, &out->n);
	if (rc == SC_OK && (int64_t)out->n < out->total)
		out->more = true;
	return rc;
}

int
store_placements_between(struct db *db, struct arena *a, int64_t centre, bool starting, struct date from,
			 struct date to, int64_t limit, bool brief, struct placement_list *out)
{
	list_clear(out);
	struct db_stmt *st = db_prepare(db, starting ? sql_starting_count : sql_ending_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, from);
	table_bind_date(st, 3, to);
	int rc = kept_count(st, out);
	if (rc != SC_OK || out->total == 0)
		return rc;
	st = db_prepare(db, starting ? (brief ? sql_starting_brief : sql_starting)
				     : (brief ? sql_ending_brief : sql_ending));
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, from);
	table_bind_date(st, 3, to);
	db_bind_int(st, 4, limit);
	rc = read_placements(st, a, (size_t)limit, &out->items, &out->n);
	if (rc == SC_OK && (int64_t)out->n < out->total)
		out->more = true;
	return rc;
}

int
store_placements_followed(struct db *db, struct arena *a, int64_t centre, int64_t user_id, struct date since,
			  struct placement_list *out)
{
	list_clear(out);
	struct db_stmt *st = db_prepare(db, sql_followed);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, user_id);
	table_bind_date(st, 3, since);
	int rc = read_placements(st, a, 500, &out->items, &out->n);
	out->total = (int64_t)out->n;
	out->more = out->n == 500;
	return rc;
}

int
store_placements_evaluation_candidates(struct db *db, struct arena *a, int64_t centre, int64_t user_id,
				       struct date since, struct date today, struct date end_due_until,
				       int64_t mid_sum_until, const struct placement *after, int64_t batch, bool brief,
				       struct placement_list *out)
{
	list_clear(out);
	if (batch < 1 || batch > 500)
		batch = 50;
	bool pg = db_kind(db) == DB_POSTGRES;
	struct db_stmt *st = db_prepare(db, brief ? (pg ? sql_evaluation_candidates_brief_pg
						     : sql_evaluation_candidates_brief_sqlite)
					      : (pg ? sql_evaluation_candidates_pg : sql_evaluation_candidates_sqlite));
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, user_id);
	table_bind_date(st, 3, since);
	table_bind_date(st, 4, today);
	if (after != NULL) {
		table_bind_date(st, 5, after->ends_on);
		db_bind_int(st, 6, after->id);
	} else {
		table_bind_date(st, 5, date_add_days(since, -1));
		db_bind_int(st, 6, 0);
	}
	db_bind_int(st, 7, batch);
	table_bind_date(st, 8, end_due_until);
	db_bind_int(st, 9, mid_sum_until);
	int rc = read_placements(st, a, (size_t)batch, &out->items, &out->n);
	out->total = (int64_t)out->n;
	out->more = out->n == (size_t)batch;
	return rc;
}

/* The evaluations of up to EVALUATIONS_OF_CHUNK placements at a time (the
 * ids not given bound as 0): one text, whatever the page's length. */
#define EVALUATIONS_OF_CHUNK 20
static const char sql_evaluations_of[] =
	"SELECT id, placement_id, participant_id, kind, evaluated_on, punctuality, norwegian, understanding,"
	" quality, cooperation, initiative, strengths, to_work_on, evaluator, source, author_id, link_id, created_at"
	" FROM placement_evaluations WHERE centre_id = $1 AND placement_id IN ($2, $3, $4, $5, $6, $7, $8, $9,"
	" $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) ORDER BY placement_id, kind DESC, id";

int
store_evaluations_of(struct db *db, struct arena *a, int64_t centre, const int64_t *ids, size_t nids,
		     struct placement_evaluation **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	if (nids == 0)
		return SC_OK;
	/* at most two of each placement (UNIQUE (placement_id, kind)) */
	struct placement_evaluation *all = arena_alloc(a, sizeof *all * nids * 2);
	if (all == NULL)
		return SC_ENOMEM;
	size_t count = 0;
	for (size_t from = 0; from < nids; from += EVALUATIONS_OF_CHUNK) {
		struct db_stmt *st = db_prepare(db, sql_evaluations_of);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, centre);
		for (size_t k = 0; k < EVALUATIONS_OF_CHUNK; k++)
			db_bind_int(st, (int)k + 2, from + k < nids ? ids[from + k] : 0);
		struct placement_evaluation *got = NULL;
		size_t ngot = 0;
		int rc = read_evaluations(st, a, EVALUATIONS_OF_CHUNK * 2, &got, &ngot);
		if (rc != SC_OK)
			return rc;
		for (size_t k = 0; k < ngot && count < nids * 2; k++)
			all[count++] = got[k];
	}
	*items = all;
	*n = count;
	return SC_OK;
}

int
store_placements_followup_due(struct db *db, struct arena *a, int64_t centre, int64_t user_id, struct date today,
			      struct date cutoff, int64_t limit, bool brief, struct placement_list *out)
{
	list_clear(out);
	limit = store_page_limit(limit, 500, 200);
	struct db_stmt *st = db_prepare(db, brief ? sql_followup_due_brief : sql_followup_due);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, user_id);
	table_bind_date(st, 3, today);
	table_bind_date(st, 4, cutoff);
	db_bind_int(st, 5, limit + 1);
	int rc = read_placements(st, a, (size_t)limit + 1, &out->items, &out->n);
	if (rc == SC_OK && out->n > (size_t)limit) {
		out->n = (size_t)limit;
		out->more = true;
	}
	out->total = (int64_t)out->n;
	return rc;
}

int
store_placements(struct db *db, struct arena *a, int64_t centre, const char *status, struct date today,
		 int64_t contact_id, int64_t limit, int64_t offset, struct placement_list *out)
{
	list_clear(out);
	limit = store_page_limit(limit, 200, 50);
	for (int k = 0; k < 2; k++) {
		const char *contact_count = db_kind(db) == DB_POSTGRES ? sql_placements_contact_count_pg
								       : sql_placements_contact_count_sqlite;
		struct db_stmt *st = db_prepare(db, contact_id != 0 ? (k == 0 ? contact_count : sql_placements_contact)
							    : (k == 0 ? sql_placements_count : sql_placements));
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, centre);
		table_bind_date(st, 2, today);
		db_bind_text(st, 3, status != NULL ? status : "");
		db_bind_int(st, 4, contact_id);
		if (k == 0) {
			int rc = list_count(st, out);
			if (rc != SC_OK || out->total == 0)
				return rc;
			continue;
		}
		db_bind_int(st, 5, limit);
		db_bind_int(st, 6, offset < 0 ? 0 : offset);
		return read_placements(st, a, (size_t)limit, &out->items, &out->n);
	}
	return SC_OK;
}

int
store_employer_placements(struct db *db, struct arena *a, int64_t centre, int64_t employer_id, int64_t contact_id,
			  int64_t limit, int64_t offset, bool brief, struct placement_list *out)
{
	list_clear(out);
	limit = store_page_limit(limit, 200, 50);
	bool theirs = contact_id > 0;
	struct db_stmt *st = db_prepare(db, theirs ? sql_employer_placements_contact_count : sql_employer_placements_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, employer_id);
	db_bind_int(st, 3, theirs ? contact_id : 0);
	int rc = db_step(st);
	if (rc == DB_ROW)
		out->total = db_col_int(st, 0);
	db_done(st);
	if (rc < 0 || out->total == 0)
		return rc < 0 ? rc : SC_OK;
	st = db_prepare(db, theirs ? (brief ? sql_employer_placements_contact_brief : sql_employer_placements_contact)
				   : (brief ? sql_employer_placements_brief : sql_employer_placements));
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, employer_id);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset < 0 ? 0 : offset);
	db_bind_int(st, 5, theirs ? contact_id : 0);
	return read_placements(st, a, (size_t)limit, &out->items, &out->n);
}

/* ---- jobs ---- */

static const char sql_income_add[] =
	"INSERT INTO employment_income (centre_id, employment_id, valid_from, gross_ore, hours_centi, recorded_at,"
	" recorded_by) SELECT j.centre_id, j.id, $3, $4, $5, $6, $7 FROM employments j"
	" WHERE j.centre_id = $1 AND j.id = $2 RETURNING id";
static const char sql_employment_get[] =
	"SELECT j.id, j.version, j.participant_id, j.placement_id, j.employer_id, e.name AS employer_name, j.kind,"
	" j.percent, j.starts_on, j.ends_on, j.wage_kind, j.wage_ore, j.title, j.end_reason, j.end_note"
	" FROM employments j JOIN employers e ON e.id = j.employer_id WHERE j.id = $1 AND j.centre_id = $2";
/* One text per filter: a bound "$2 = 0 OR ..." would hide the
 * participant's and the placement's indexes from the prepared plan and walk
 * the centre's jobs (decision 71; 0.5 s a participant page at a million). */
#define EMPLOYMENTS_SELECT \
	"SELECT j.id, j.version, j.participant_id, j.placement_id, j.employer_id, e.name AS employer_name, j.kind," \
	" j.percent, j.starts_on, j.ends_on, j.wage_kind, j.wage_ore, j.title, j.end_reason, j.end_note" \
	" FROM employments j JOIN employers e ON e.id = j.employer_id"
#define EMPLOYMENTS_ORDER " ORDER BY j.starts_on DESC, j.id DESC LIMIT 50"
static const char sql_employments[] =
	EMPLOYMENTS_SELECT " WHERE j.centre_id = $1" EMPLOYMENTS_ORDER;
static const char sql_employments_of_participant[] =
	EMPLOYMENTS_SELECT " WHERE j.centre_id = $1 AND j.participant_id = $2" EMPLOYMENTS_ORDER;
static const char sql_employments_of_placement[] =
	EMPLOYMENTS_SELECT " WHERE +j.centre_id = $1 AND j.placement_id = $2"
	" AND ($3 = 0 OR j.participant_id = $3)" EMPLOYMENTS_ORDER;
static const char sql_incomes[] =
	"SELECT i.id, i.employment_id, i.valid_from, i.gross_ore, i.hours_centi, i.recorded_at, i.recorded_by,"
	" COALESCE(u.display_name, '') AS recorded_by_name FROM employment_income i"
	" LEFT JOIN users u ON u.id = i.recorded_by"
	" WHERE i.centre_id = $1 AND i.employment_id = $2 ORDER BY i.valid_from, i.id LIMIT 200";
static const char sql_employment_end[] =
	"UPDATE employments SET ends_on = $1, end_reason = $2, end_note = $3, version = version + 1, updated_at = $4"
	" WHERE id = $5 AND centre_id = $6 AND version = $7 AND end_reason IS NULL";
static const char sql_supervising[] =
	"SELECT " PLACEMENT_COLUMNS PLACEMENT_FROM " WHERE p.centre_id = $1 AND p.employer_id = $2"
	" AND p.supervisor_id = $3 ORDER BY COALESCE(p.ends_on, '9999-12-31') DESC, p.id DESC LIMIT 500";

int
store_employment_income_add(struct db *db, int64_t centre, const struct employment_income *in, int64_t by,
			    int64_t now, int64_t *id)
{
	struct db_stmt *st = db_prepare(db, sql_income_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, in->employment_id);
	table_bind_date(st, 3, in->valid_from);
	db_bind_int(st, 4, in->gross_ore);
	db_bind_int(st, 5, in->hours_centi);
	db_bind_int(st, 6, now);
	bind_by(st, 7, by);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id != NULL)
			*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;   /* no such job in the centre */
	}
	db_done(st);
	return rc;
}

int
store_employment_add(struct db *db, int64_t centre, const struct employment *job, int64_t gross_ore,
		     int64_t hours_centi, int64_t by, int64_t now, int64_t *id)
{
	int rc = table_insert(db, &employments, centre, job, by, now, id);
	if (rc != SC_OK)
		return rc;
	struct employment_income first = {
		.employment_id = *id,
		.valid_from = {job->starts_on.y, job->starts_on.m, 1},
		.gross_ore = gross_ore,
		.hours_centi = hours_centi,
	};
	return store_employment_income_add(db, centre, &first, by, now, NULL);
}

static int
read_employments(struct db_stmt *st, struct arena *a, size_t cap, struct employment **items, size_t *n)
{
	struct employment *list = arena_alloc(a, sizeof *list * cap);
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < cap) {
		fields_clear(employment_fields, &list[count]);
		rc = table_read(st, employment_fields, &list[count], a);
		if (rc != SC_OK)
			break;
		count++;
	}
	if (rc == DB_ROW)
		rc = SC_OK;
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_employment_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct employment *out)
{
	struct db_stmt *st = db_prepare(db, sql_employment_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	struct employment *items = NULL;
	size_t n = 0;
	int rc = read_employments(st, a, 1, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (n == 0)
		return SC_ENOTFOUND;
	*out = items[0];
	return SC_OK;
}

int
store_employments(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, int64_t placement_id,
		  struct employment **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, placement_id != 0 ? sql_employments_of_placement
					    : participant_id != 0 ? sql_employments_of_participant : sql_employments);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	if (placement_id != 0) {
		db_bind_int(st, 2, placement_id);
		db_bind_int(st, 3, participant_id);
	} else if (participant_id != 0) {
		db_bind_int(st, 2, participant_id);
	}
	return read_employments(st, a, 50, items, n);
}

int
store_employment_incomes(struct db *db, struct arena *a, int64_t centre, int64_t employment_id,
			 struct employment_income **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct employment_income *list = arena_alloc(a, sizeof *list * 200);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_incomes);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, employment_id);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 200) {
		fields_clear(employment_income_fields, &list[count]);
		rc = table_read(st, employment_income_fields, &list[count], a);
		if (rc != SC_OK)
			break;
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

int
store_employment_set_end(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
			 const struct employment_end *end, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_employment_end);
	if (st == NULL)
		return SC_EDB;
	table_bind_date(st, 1, end->ends_on);
	db_bind_text(st, 2, job_end_reason_options[end->reason].key);
	if (end->note != NULL && end->note[0] != '\0')
		db_bind_text(st, 3, end->note);
	else
		db_bind_null(st, 3);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, id);
	db_bind_int(st, 6, centre);
	db_bind_int(st, 7, expected_version);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc != SC_OK || changed > 0)
		return rc;
	struct employment job;
	struct arena *a = arena_new();
	if (a == NULL)
		return SC_ENOMEM;
	rc = store_employment_get(db, a, centre, id, &job);
	arena_free(a);
	return rc == SC_OK ? SC_ECONFLICT : rc;
}

int
store_supervisor_placements(struct db *db, struct arena *a, int64_t centre, int64_t employer_id, int64_t contact_id,
			    struct placement_list *out)
{
	list_clear(out);
	struct db_stmt *st = db_prepare(db, sql_supervising);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, employer_id);
	db_bind_int(st, 3, contact_id);
	int rc = read_placements(st, a, 500, &out->items, &out->n);
	out->total = (int64_t)out->n;
	return rc;
}
