/*
 * store_report_parts.h — INTERNAL to the reports' store: what
 * store_report.c, store_report_area.c, store_report_attendance.c (and
 * its kept tables', store_report_attendance_kept.c) and
 * store_report_intake.c share. Other layers use
 * store_report.h (through store.h).
 */
#ifndef SC_STORE_REPORT_PARTS_H
#define SC_STORE_REPORT_PARTS_H

#include "db.h"
#include "store.h"
#include "util/arena.h"

#include <stddef.h>

/* The keys already read by one query, so that a key (a gender, a country)
 * is kept once in the arena however many rows carry it. */
struct keys {
	size_t n;
	const char *k[64];
};

/* A stored date, or {0} when NULL or unreadable. */
struct date report_col_date(struct db_stmt *st, int col);

/* The key of a stored text (arena; NULL when NULL); from ks when read
 * before. */
const char *report_col_key(struct db_stmt *st, struct arena *a, int col, struct keys *ks);

/* Room for more rows of size each after the n rows at rows (a growing
 * arena array with room for *cap): rows itself, or a larger copy; NULL
 * when out of memory. */
void *report_room_for(struct arena *a, void *rows, size_t n, size_t *cap, size_t more, size_t size);
/* The row after the n of *rows (room for *cap), zeroed: *rows grown in a
 * (by *cap, at first 256) when full; NULL when out of memory. */
void *report_next_row(struct arena *a, void **rows, size_t n, size_t *cap, size_t size);

/* A growing arena array of rows: room for one more, or NULL. */
struct report_area_row *report_area_row_add(struct arena *a, struct report_area_row **rows, size_t *n, size_t *cap);

/* A kept table's rows against its view's, made from scratch (sql: the
 * rows missing, extra, kept, and from scratch, for centre $1): *missing
 * and *extra. */
int report_facts_differ(struct db *db, const char *sql, int64_t centre, int64_t *missing, int64_t *extra);

/* The scheme a filter names: 0 none, else the benefit scheme's kind + 1
 * (the variants of the statements that narrow by it). */
unsigned report_scheme_of(const struct report_filter *f);

/* The period's scheme as a condition, by report_scheme_of(): none, then
 * each scheme (store_report.c). */
extern const char *const report_scheme_sql[3];

/* The range [*lo, *hi] of the whole years (of age at a period's start, or
 * of schooling) that band_of() puts in band: the kept rows hold the
 * years, the domain says the bands (decisions 99, 100, 102). */
void report_band_range(int band, int (*band_of)(int64_t), int64_t *lo, int64_t *hi);

/* f's period as the stored days compare it: its first and last day, or
 * "0000-00-00" and "9999-99-99" for an open end (before and after every
 * day), each written in 16 bytes. */
void report_period_days(const struct report_filter *f, char from[16], char to[16]);

/* report_age_band_of() of a number of years read from the store. */
int report_age_band_years(int64_t years);

/* The centre ($1) and the contact person ($4) in the WHERE of a kept
 * table's statement, by whether a contact person is asked (decision 110):
 * then "+centre_id", so that no index led by the centre is taken, and the
 * contact person's own rows by the index they lead; else any contact
 * person when $4 is 0. */
/* The groups kept counted (migration 32) against the kept rows grouped
 * (their views *_source): the groups of the one not in the other, both
 * ways (a group is there once: its key is the table's). */
#define GROUPS_MISSING(t) \
	"(SELECT COUNT(*) FROM (SELECT * FROM " t "_source WHERE centre_id = $1" \
	"  EXCEPT SELECT * FROM " t " WHERE centre_id = $1) x)"
#define GROUPS_EXTRA(t) \
	"(SELECT COUNT(*) FROM (SELECT * FROM " t " WHERE centre_id = $1" \
	"  EXCEPT SELECT * FROM " t "_source WHERE centre_id = $1) x)"

/* The centre's ($1) active contact persons (role bit r) Caseloads lists, by
 * name: STAFF_ROLES() as a join (a user is a member of a centre once, the
 * key of centre_members), so that PostgreSQL reads the centre's members
 * once rather than probing them user by user (decision 105). */
#define CASELOAD_CONTACTS(r) \
	" FROM users u LEFT JOIN centre_members cm ON cm.user_id = u.id AND cm.centre_id = $1" \
	" WHERE u.active = 1 AND ((u.roles | COALESCE(cm.roles, 0)) & " r ") = " r \
	" ORDER BY u.display_name, u.id LIMIT 2000"

/* The start of the first job (employments, by employments_participant)
 * of the period t (its alias) that began from its start to its exit: as
 * report_facts_source's job_days reads it (migration 80). */
#define REPORT_JOB_START(t) \
	"(SELECT MIN(m.starts_on) FROM employments m WHERE m.centre_id = " t ".centre_id" \
	" AND m.participant_id = " t ".participant_id AND m.starts_on >= " t ".start_date" \
	" AND (" t ".exit_date IS NULL OR m.starts_on <= " t ".exit_date))"

#define REPORT_CENTRE_SQL(contact) ((contact) ? "+centre_id = $1" : "centre_id = $1")
#define REPORT_CONTACT_SQL(contact) ((contact) ? "contact_id = $4" : "(contact_id = $4 OR $4 = 0)")

#endif
