/*
 * store_demo_tables.c — the tables a demo load writes (see store_demo.c):
 * each one's columns, and the columns its checksum reads; and reading them
 * back: the first free ids, the counts, the checksum and the search's
 * count.
 */
#include "store_demo_parts.h"
#include "../domain/participant.h"
#include "../util/err.h"

#include <string.h>

#define TAB_SUM(name, cols, ncols, has_id, sumcols, nsum, order)                       \
	{name, cols, ncols, has_id, "SELECT COALESCE(MAX(id), 0) + 1 FROM " name,      \
	 "SELECT COUNT(*) FROM " name, "SELECT " sumcols " FROM " name " ORDER BY " order, \
	 nsum, "SELECT setval(pg_get_serial_sequence('" name "', 'id'),"                \
	 " (SELECT COALESCE(MAX(id), 0) + 1 FROM " name "), false)"}
#define TAB(name, cols, ncols, has_id, order) TAB_SUM(name, cols, ncols, has_id, cols, ncols, order)

const struct demo_tab tabs[NTABS] = {
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
		" schooling, gain_in", 13,
		false, "participant_id, centre_id, skill, kind, start_year, exit_year, gender, country, year"),
	[KEPT_ATT_MONTHS] = TAB("attendance_months",
		"centre_id, month, group_id, participant_id, type_id, marks, attended, unexcused", 8, false,
		"centre_id, month, group_id, participant_id"),
	[KEPT_ATT_SESSIONS] = TAB("attendance_sessions",
		"centre_id, month, group_id, type_id, sessions", 5, false, "centre_id, month, group_id"),
	[KEPT_CASELOAD_MONTHS] = TAB("caseload_months",
		"centre_id, kind, month, gender, country, start_year, n", 7, false,
		"centre_id, kind, month, gender, country, start_year"),
	[KEPT_CASELOAD_AGES] = TAB("caseload_ages", "centre_id, kind, age, gender, start_year, month, n", 7, false,
		"centre_id, kind, age, gender, start_year, month"),
	[KEPT_CASELOAD_SCHOOLS] = TAB("caseload_schools", "centre_id, kind, schooling, gender, start_year, month, n", 7,
		false, "centre_id, kind, schooling, gender, start_year, month"),
	[KEPT_REPORT_GROUPS] = TAB("report_groups",
		"centre_id, exit_year, start_year, outcome, result6, result12, gender, country, in_programme, open_day,"
		" n, days_n, start_days, exit_days", 14, false,
		"centre_id, exit_year, start_year, outcome, result6, result12, gender, country, in_programme, open_day"),
	[KEPT_REPORT_WAITS] = TAB("report_waits", "centre_id, start_year, wait_days, gender, country, n", 6, false,
		"centre_id, start_year, wait_days, gender, country"),
	[KEPT_REPORT_JOBS] = TAB("report_jobs", "centre_id, start_year, job_days, gender, country, n", 6, false,
		"centre_id, start_year, job_days, gender, country"),
	[KEPT_REPORT_AGE_GROUPS] = TAB("report_age_groups",
		"centre_id, age, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day,"
		" n, days_n, start_days, exit_days", 14, false,
		"centre_id, age, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day"),
	[KEPT_REPORT_AGE_WAITS] = TAB("report_age_waits", "centre_id, age, gender, start_year, wait_days, n", 6, false,
		"centre_id, age, gender, start_year, wait_days"),
	[KEPT_REPORT_AGE_JOBS] = TAB("report_age_jobs", "centre_id, age, gender, start_year, job_days, n", 6, false,
		"centre_id, age, gender, start_year, job_days"),
	[KEPT_INTAKE_SOURCES] = TAB("intake_sources",
		"centre_id, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, gender, country, n", 9,
		false, "centre_id, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, gender, country"),
	[KEPT_INTAKE_AGE_SOURCES] = TAB("intake_age_sources",
		"centre_id, age, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, n", 9,
		false, "centre_id, age, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence"),
	[KEPT_REPORT_SCHOOL_GROUPS] = TAB("report_school_groups",
		"centre_id, schooling, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day,"
		" n, days_n, start_days, exit_days", 14, false,
		"centre_id, schooling, gender, exit_year, start_year, outcome, result6, result12, in_programme, open_day"),
	[KEPT_REPORT_SCHOOL_WAITS] = TAB("report_school_waits", "centre_id, schooling, gender, start_year, wait_days, n", 6,
		false, "centre_id, schooling, gender, start_year, wait_days"),
	[KEPT_REPORT_SCHOOL_JOBS] = TAB("report_school_jobs", "centre_id, schooling, gender, start_year, job_days, n", 6,
		false, "centre_id, schooling, gender, start_year, job_days"),
	[KEPT_INTAKE_SCHOOL_SOURCES] = TAB("intake_school_sources",
		"centre_id, schooling, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence, n", 9,
		false, "centre_id, schooling, gender, source, s_age, s_intro_ended, s_not_enrolled, s_lawful_residence"),
	[KEPT_INTAKE_DAYS] = TAB("intake_days", "centre_id, on_date, gender, country, joins, leaves", 6, false,
		"centre_id, on_date, gender, country"),
	[KEPT_REPORT_EXIT_DAYS] = TAB("report_exit_days",
		"centre_id, exit_date, exit_year, start_year, outcome, result6, result12, gender, country, n", 10, false,
		"centre_id, exit_date, exit_year, start_year, outcome, result6, result12, gender, country"),
	[KEPT_ATT_CLASS_GROUPS] = TAB("attendance_class_groups",
		"centre_id, gender, start_year, exit_year, month, group_id, type_id, marks, attended, unexcused, firsts",
		11, false, "centre_id, gender, start_year, exit_year, month, group_id"),
	[KEPT_ATT_DIM_GROUPS] = TAB("attendance_dim_groups",
		"centre_id, dim, value, gender, month, group_id, type_id, marks, attended, unexcused, firsts", 11, false,
		"centre_id, dim, value, gender, month, group_id"),
	[KEPT_ATT_DIM_TYPES] = TAB("attendance_dim_types", "centre_id, dim, value, gender, type_id, month, firsts", 7,
		false, "centre_id, dim, value, gender, type_id, month"),
	[KEPT_ATT_DIM_MONTHS] = TAB("attendance_dim_months", "centre_id, dim, value, gender, month, people", 6, false,
		"centre_id, dim, value, gender, month"),
	[KEPT_LANGUAGE_BANDS] = TAB("language_bands",
		"centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill, people, gain,"
		" people_in, gain_in", 14, false,
		"centre_id, kind, country, age, schooling, gender, start_year, exit_year, year, skill"),
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
