/*
 * test_upgrade.c — a database an older release left behind is brought
 * forward by the migrations with its data kept and completed. Each test
 * starts from an empty database, migrates it to an older version with
 * store_migrate_to(), writes rows as that release would have, migrates to
 * the latest version and checks what the new columns say.
 *
 * Runs against SC_TEST_DB_URL (PostgreSQL: the public schema is dropped
 * and made again) or a fresh SQLite file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/store.h"
#include "util/err.h"

static char url[4200];
static char tmpdir[4096];
static bool is_pg;

/* An empty database and a connection to it. */
static int
fresh(void **state)
{
	char err[256] = "";
	if (!is_pg) {
		char path[4200];
		snprintf(path, sizeof path, "%s/test.db", tmpdir);
		unlink(path);
		char wal[4300];
		snprintf(wal, sizeof wal, "%s-wal", path);
		unlink(wal);
		snprintf(wal, sizeof wal, "%s-shm", path);
		unlink(wal);
	}
	struct db *db = NULL;
	if (db_open(url, 5000, &db, err, sizeof err) != SC_OK) {
		fprintf(stderr, "db_open: %s\n", err);
		return -1;
	}
	if (is_pg && db_exec(db, "SET client_min_messages = warning; DROP SCHEMA public CASCADE;"
				 " CREATE SCHEMA public;") != SC_OK) {
		fprintf(stderr, "reset: %s\n", db_errmsg(db));
		db_close(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int
done(void **state)
{
	db_close(*state);
	return 0;
}

static void
exec_ok(struct db *db, const char *sql)
{
	if (db_exec(db, sql) != SC_OK)
		fail_msg("%s: %s", sql, db_errmsg(db));
}

static void
migrate_to(struct db *db, int version)
{
	char err[512] = "";
	int applied = 0;
	if (store_migrate_to(db, version, &applied, err, sizeof err) != SC_OK)
		fail_msg("migrate to %d: %s", version, err);
}

/* The text of a one-row, one-column query ("" for NULL), copied to out;
 * sql is a constant (statements are cached by the address of their text). */
static void
one_text(struct db *db, const char *sql, char *out, size_t outlen)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		fail_msg("%s: %s", sql, db_errmsg(db));
	assert_int_equal(db_step(st), DB_ROW);
	const char *v = db_col_null(st, 0) ? "" : db_col_text(st, 0);
	snprintf(out, outlen, "%s", v ? v : "");
	db_done(st);
}

static void
expect_until(struct db *db, int id, const char *want)
{
	/* Statements are cached by the address of their text: bind the id. */
	static const char sql[] = "SELECT contact_until FROM participants WHERE id = $1";
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		fail_msg("%s: %s", sql, db_errmsg(db));
	db_bind_int(st, 1, id);
	assert_int_equal(db_step(st), DB_ROW);
	char got[32];
	snprintf(got, sizeof got, "%s", db_col_null(st, 0) ? "" : db_col_text(st, 0));
	db_done(st);
	if (strcmp(got, want) != 0)
		fail_msg("participant %d: contact_until \"%s\", want \"%s\"", id, got, want);
}

/* A database at a version that lacks an earlier migration (made by a
 * build that had the later number only) is refused with the migration
 * named, not left without it; nothing is applied. */
static void
test_missing_migration_refused(void **state)
{
	struct db *db = *state;
	migrate_to(db, 12);
	exec_ok(db, "DELETE FROM schema_migrations WHERE version = 9");
	char err[512] = "";
	int applied = -1;
	assert_int_equal(store_migrate(db, &applied, err, sizeof err), SC_EINVAL);
	assert_int_equal(applied, -1);
	if (strstr(err, "lacks migration 9 (") == NULL)
		fail_msg("message: %s", err);
	int version = 0;
	assert_int_equal(store_schema_version(db, &version), SC_OK);
	assert_int_equal(version, 12);
}

/* Version 6 gives each exited participant the last day their contact
 * person keeps access: the day before the 12-month follow-up was recorded,
 * else 13 months after exit, the day clamped to the month's end. */
static void
test_v6_contact_until_backfilled(void **state)
{
	struct db *db = *state;
	migrate_to(db, 5);
	exec_ok(db,
		"INSERT INTO users (id, username, display_name, password_hash, roles, created_at, updated_at)"
		" VALUES (1, 'kari', 'Kari', 'x', 4, 1, 1);"
		"INSERT INTO participants (id, given_name, family_name, birth_date, gender, status, contact_id,"
		" name_key, created_at, updated_at) VALUES"
		" (1, 'A', 'Active', '1980-01-01', 'female', 'active', 1, 'active a', 1, 1),"
		" (2, 'B', 'Open', '1980-01-01', 'female', 'exited', 1, 'open b', 1, 1),"
		" (3, 'C', 'Done', '1980-01-01', 'female', 'exited', 1, 'done c', 1, 1),"
		" (4, 'D', 'Short', '1980-01-01', 'female', 'exited', 1, 'short d', 1, 1),"
		" (5, 'E', 'Twice', '1980-01-01', 'female', 'exited', 1, 'twice e', 1, 1);"
		"INSERT INTO enrolments (id, participant_id, start_date, planned_end, status, exit_date,"
		" created_at, updated_at) VALUES"
		" (1, 1, '2025-01-10', '2027-01-09', 'active', NULL, 1, 1),"
		" (2, 2, '2024-01-10', '2026-01-09', 'exited', '2025-03-10', 1, 1),"
		" (3, 3, '2024-01-10', '2026-01-09', 'exited', '2025-01-10', 1, 1),"
		" (4, 4, '2024-01-10', '2026-01-09', 'exited', '2025-01-31', 1, 1),"
		" (5, 5, '2020-01-10', '2022-01-09', 'exited', '2021-01-10', 1, 1),"
		" (6, 5, '2024-06-01', '2026-05-31', 'exited', '2025-06-30', 1, 1);"
		"INSERT INTO tasks (participant_id, enrolment_id, kind, due_on, assignee_id, done_on) VALUES"
		" (2, 2, 'followup_12m', '2026-03-10', 1, NULL),"
		" (3, 3, 'followup_12m', '2026-01-10', 1, '2026-01-20'),"
		" (4, 4, 'followup_12m', '2026-01-31', 1, NULL),"
		" (5, 5, 'followup_12m', '2022-01-10', 1, '2022-01-12'),"
		" (5, 6, 'followup_12m', '2026-06-30', 1, NULL);");
	migrate_to(db, store_schema_latest());
	expect_until(db, 1, "");            /* in the programme: no end */
	expect_until(db, 2, "2026-04-10");  /* 13 months after 2025-03-10 */
	expect_until(db, 3, "2026-01-19");  /* the day before it was recorded */
	expect_until(db, 4, "2026-02-28");  /* 2025-01-31 + 13 months, clamped */
	expect_until(db, 5, "2026-07-30");  /* the latest period counts */
	/* the rows themselves are untouched */
	char got[32];
	one_text(db, "SELECT status FROM participants WHERE id = 3", got, sizeof got);
	assert_string_equal(got, "exited");
	one_text(db, "SELECT COUNT(*) FROM health_referrals", got, sizeof got);
	assert_string_equal(got, "0");
}

/* Version 10 keeps the search index per centre: each term takes its
 * participant's centre, none is lost; and the literacy column takes its
 * field's name with its values. */
static void
test_v10_search_by_centre(void **state)
{
	struct db *db = *state;
	migrate_to(db, 9);
	exec_ok(db,
		"INSERT INTO centres (id, name, created_at) VALUES (2, 'Other', 1);"
		"INSERT INTO participants (id, given_name, family_name, birth_date, gender, status,"
		" literate_mother_tongue, name_key, centre_id, created_at, updated_at) VALUES"
		" (1, 'A', 'One', '1980-01-01', 'female', 'active', 1, 'one a', 1, 1, 1),"
		" (2, 'B', 'Two', '1980-01-01', 'female', 'active', 0, 'two b', 2, 1, 1);"
		"INSERT INTO participant_search (term, participant_id) VALUES"
		" ('a one a', 1), ('one one a', 1), ('b two b', 2), ('two two b', 2), ('41234567', 2);");
	migrate_to(db, 10);
	char got[32];
	one_text(db, "SELECT COUNT(*) FROM participant_search", got, sizeof got);
	assert_string_equal(got, "5");
	one_text(db, "SELECT COUNT(*) FROM participant_search WHERE centre_id = 2 AND participant_id = 2", got,
		 sizeof got);
	assert_string_equal(got, "3");
	one_text(db, "SELECT COUNT(*) FROM participant_search WHERE centre_id = 1 AND participant_id = 1", got,
		 sizeof got);
	assert_string_equal(got, "2");
	one_text(db, "SELECT literate FROM participants WHERE id = 1", got, sizeof got);
	assert_string_equal(got, "1");
	one_text(db, "SELECT literate FROM participants WHERE id = 2", got, sizeof got);
	assert_string_equal(got, "0");
	/* one term per centre, term and participant */
	if (db_exec(db, "INSERT INTO participant_search (centre_id, term, participant_id)"
			" VALUES (2, 'b two b', 2)") == SC_OK)
		fail_msg("a term was written twice");
}

/* Version 20 makes the search terms again by spelling keys and in pairs,
 * each with the participant's keys and centre, and fills Today's lines
 * from the rows already there. */
static void
test_v20_terms_and_today(void **state)
{
	struct db *db = *state;
	migrate_to(db, 19);
	exec_ok(db,
		"INSERT INTO centres (id, name, created_at) VALUES (2, 'Other', 1);"
		"INSERT INTO users (id, username, display_name, password_hash, roles, created_at, updated_at)"
		" VALUES (1, 'kari', 'Kari', 'x', 4, 1, 1);"
		"INSERT INTO participants (id, given_name, family_name, birth_date, gender, status, phone,"
		" contact_id, name_key, centre_id, created_at, updated_at) VALUES"
		" (1, 'Mohamed', 'Ali', '1980-01-01', 'male', 'active', '', 1, 'ali mohamed', 1, 1, 1),"
		" (2, 'B', 'Two', '1980-01-01', 'female', 'waiting', '+4741234567', NULL, 'two b', 2, 1, 1);"
		"INSERT INTO participant_search (centre_id, term, participant_id) VALUES"
		" (1, 'mohamed ali mohamed', 1), (1, 'ali ali mohamed', 1), (2, 'b two b', 2),"
		" (2, 'two two b', 2), (2, '41234567', 2);");
	migrate_to(db, store_schema_latest());
	char got[300];
	one_text(db, "SELECT COUNT(*) FROM participant_search WHERE centre_id = 1 AND participant_id = 1", got,
		 sizeof got);
	assert_string_equal(got, "4");
	one_text(db, "SELECT keys FROM participant_search WHERE term = '&mahamad ala ali mohamed'", got,
		 sizeof got);
	assert_string_equal(got, " mahamad ala ");
	one_text(db, "SELECT COUNT(*) FROM participant_search WHERE centre_id = 2 AND participant_id = 2", got,
		 sizeof got);
	assert_string_equal(got, "6");
	one_text(db, "SELECT keys FROM participant_search WHERE term = '41234567'", got, sizeof got);
	assert_string_equal(got, " b tva 4741234567 41234567 ");
	/* the active participant has had no contact: one line, their contact person's */
	one_text(db, "SELECT kind || ' ' || user_id || ' ' || participant_id FROM today_lines", got, sizeof got);
	assert_string_equal(got, "contact 1 1");
}

/* Version 75 gives up the waiting places of those who have left the
 * programme (exited, closed), as the exit does ('removed'); the places of
 * those who have not, and the enrolments of those who left, are kept. */
static void
test_v75_waiting_places_of_those_left(void **state)
{
	struct db *db = *state;
	migrate_to(db, 74);
	exec_ok(db,
		"INSERT INTO users (id, username, display_name, password_hash, roles, created_at, updated_at)"
		" VALUES (1, 'kari', 'Kari', 'x', 4, 1, 1);"
		"INSERT INTO participants (id, given_name, family_name, birth_date, gender, status, phone,"
		" contact_id, name_key, centre_id, created_at, updated_at) VALUES"
		" (1, 'A', 'Exited', '1980-01-01', 'female', 'exited', '', 1, 'exited a', 1, 1, 1),"
		" (2, 'B', 'Closed', '1980-01-01', 'female', 'closed', '', 1, 'closed b', 1, 1, 1),"
		" (3, 'C', 'Active', '1980-01-01', 'female', 'active', '', 1, 'active c', 1, 1, 1),"
		" (4, 'D', 'Referred', '1980-01-01', 'female', 'referred', '', 1, 'referred d', 1, 1, 1);"
		"INSERT INTO activity_groups (id, centre_id, activity_type_id, name, capacity, starts_on, ends_on,"
		" created_at, updated_at) VALUES (1, 1, 2, 'Talk', 1, '2026-01-05', '2026-06-19', 1, 1);"
		"INSERT INTO group_enrolments (id, centre_id, group_id, participant_id, status, starts_on, ends_on,"
		" created_at) VALUES"
		" (1, 1, 1, 1, 'waiting', '2026-01-05', '2026-06-19', 1),"
		" (2, 1, 1, 2, 'waiting', '2026-01-05', '2026-06-19', 1),"
		" (3, 1, 1, 3, 'waiting', '2026-01-05', '2026-06-19', 1),"
		" (4, 1, 1, 4, 'waiting', '2026-01-05', '2026-06-19', 1),"
		" (5, 1, 1, 1, 'enrolled', '2026-01-05', '2026-02-01', 1);");
	migrate_to(db, store_schema_latest());
	char got[300];
	one_text(db, "SELECT status FROM group_enrolments WHERE id = 1", got, sizeof got);
	assert_string_equal(got, "removed");
	one_text(db, "SELECT status FROM group_enrolments WHERE id = 2", got, sizeof got);
	assert_string_equal(got, "removed");
	one_text(db, "SELECT status FROM group_enrolments WHERE id = 3", got, sizeof got);
	assert_string_equal(got, "waiting");
	one_text(db, "SELECT status FROM group_enrolments WHERE id = 4", got, sizeof got);
	assert_string_equal(got, "waiting");
	one_text(db, "SELECT status || ' ' || ends_on FROM group_enrolments WHERE id = 5", got, sizeof got);
	assert_string_equal(got, "enrolled 2026-02-01");
}

/* Version 85 keeps a correction's cause in a column of its own; the
 * corrections kept take it once from their reason's wording, as the
 * finance officer's list read it: a doctor's note's, an enrolment's, a
 * pause's (of no session) by their fixed reasons, any other a register's. */
static void
test_v85_correction_cause(void **state)
{
	struct db *db = *state;
	migrate_to(db, 84);
	exec_ok(db,
		"INSERT INTO participants (id, given_name, family_name, birth_date, gender, status, phone,"
		" name_key, centre_id, created_at, updated_at) VALUES"
		" (1, 'A', 'Hansen', '1980-01-01', 'female', 'active', '', 'hansen a', 1, 1, 1);"
		"INSERT INTO attendance_corrections (id, centre_id, participant_id, session_date, at, reason) VALUES"
		" (1, 1, 1, '2026-06-04', 1, 'A doctor''s note was registered for this day.'),"
		" (2, 1, 1, '2026-06-04', 1, 'Enrolled in the group from an earlier date.'),"
		" (3, 1, 1, '2026-06-04', 1,"
		" 'A pause recorded or ended after the fact changed the month''s programme days.'),"
		" (4, 1, 1, '2026-06-04', 1, 'Was sick, not absent');");
	migrate_to(db, store_schema_latest());
	char got[300];
	one_text(db, "SELECT cause FROM attendance_corrections WHERE id = 1", got, sizeof got);
	assert_string_equal(got, "doctor_note");
	one_text(db, "SELECT cause FROM attendance_corrections WHERE id = 2", got, sizeof got);
	assert_string_equal(got, "enrolment");
	one_text(db, "SELECT cause FROM attendance_corrections WHERE id = 3", got, sizeof got);
	assert_string_equal(got, "pause");
	one_text(db, "SELECT cause FROM attendance_corrections WHERE id = 4", got, sizeof got);
	assert_string_equal(got, "register");
}

/* Version 88 keeps in a follow-up's line on Today the last day it is its
 * assignee's: the lines kept take it from their participants, and a later
 * change of contact_until moves it. */
static void
test_v88_task_until(void **state)
{
	struct db *db = *state;
	migrate_to(db, 87);
	exec_ok(db,
		"INSERT INTO users (id, username, display_name, password_hash, roles, created_at, updated_at)"
		" VALUES (1, 'kari', 'Kari', 'x', 4, 1, 1);"
		"INSERT INTO participants (id, given_name, family_name, birth_date, gender, status, phone,"
		" name_key, centre_id, created_at, updated_at, contact_id, contact_until) VALUES"
		" (1, 'A', 'Hansen', '1980-01-01', 'female', 'exited', '', 'hansen a', 1, 1, 1, 1, '2026-11-30'),"
		" (2, 'B', 'Berg', '1981-01-01', 'male', 'active', '', 'berg b', 1, 1, 1, 1, NULL);"
		"INSERT INTO tasks (id, participant_id, kind, due_on, assignee_id, centre_id) VALUES"
		" (1, 1, 'followup_12m', '2026-10-30', 1, 1), (2, 2, 'followup_6m', '2026-10-30', 1, 1);");
	migrate_to(db, store_schema_latest());
	char got[300];
	one_text(db, "SELECT detail FROM today_lines WHERE kind = 'task' AND item_id = 1", got, sizeof got);
	assert_string_equal(got, "2026-11-30");
	one_text(db, "SELECT detail FROM today_lines WHERE kind = 'task' AND item_id = 2", got, sizeof got);
	assert_string_equal(got, "9999-12-31");
	exec_ok(db, "UPDATE participants SET contact_until = '2026-12-31' WHERE id = 1");
	one_text(db, "SELECT detail FROM today_lines WHERE kind = 'task' AND item_id = 1", got, sizeof got);
	assert_string_equal(got, "2026-12-31");
}

static int
remove_tmpdir(void)
{
	if (tmpdir[0] == '\0')
		return 0;
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd);
}

int
main(void)
{
	const char *env = getenv("SC_TEST_DB_URL");
	if (env != NULL && *env != '\0') {
		snprintf(url, sizeof url, "%s", env);
		is_pg = true;
	} else {
		const char *base = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/sc-test-upgrade-XXXXXX",
			 base != NULL && *base != '\0' ? base : "/tmp");
		if (mkdtemp(tmpdir) == NULL) {
			perror("mkdtemp");
			return 1;
		}
		snprintf(url, sizeof url, "sqlite:%s/test.db", tmpdir);
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_missing_migration_refused, fresh, done),
		cmocka_unit_test_setup_teardown(test_v6_contact_until_backfilled, fresh, done),
		cmocka_unit_test_setup_teardown(test_v10_search_by_centre, fresh, done),
		cmocka_unit_test_setup_teardown(test_v20_terms_and_today, fresh, done),
		cmocka_unit_test_setup_teardown(test_v75_waiting_places_of_those_left, fresh, done),
		cmocka_unit_test_setup_teardown(test_v85_correction_cause, fresh, done),
		cmocka_unit_test_setup_teardown(test_v88_task_until, fresh, done),
	};
	fprintf(stderr, "test_upgrade: %s\n", is_pg ? "PostgreSQL (SC_TEST_DB_URL)" : url);
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (remove_tmpdir() != 0)
		perror("rm");
	return failed;
}
