/*
 * store_employer.c — the employer register, contacts, pool agreements and
 * the internships area's change log; see store_employer.h.
 */
#include "change_log.h"
#include "db.h"
#include "store.h"
#include "table.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct table employers = {.name = "employers", .fields = &employer_fields, .centre = true, .versioned = true};
static struct table contacts = {.name = "employer_contacts", .fields = &employer_contact_fields, .centre = true,
				.versioned = true};
static struct table agreements = {.name = "agreements", .fields = &agreement_fields, .centre = true,
				  .versioned = true};

/* ---- industries ---- */

static const char sql_industries[] =
	"SELECT code, section, name_nb, name_en FROM industries ORDER BY section, length(code), code";
static const char sql_industry_division[] =
	"SELECT 1 FROM industries WHERE code = $1 AND code <> section";

int
store_industries(struct db *db, struct arena *a, struct industry **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct industry *list = arena_alloc(a, sizeof *list * 128);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_industries);
	if (st == NULL)
		return SC_EDB;
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 128) {
		struct industry *it = &list[count];
		it->code = arena_strdup(a, db_col_text(st, 0));
		it->section = arena_strdup(a, db_col_text(st, 1));
		it->name_nb = arena_strdup(a, db_col_text(st, 2));
		it->name_en = arena_strdup(a, db_col_text(st, 3));
		if (!it->code || !it->section || !it->name_nb || !it->name_en) {
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
store_industry_is_division(struct db *db, const char *code, bool *known)
{
	*known = false;
	struct db_stmt *st = db_prepare(db, sql_industry_division);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, code != NULL ? code : "");
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	*known = rc == DB_ROW;
	return SC_OK;
}

/* ---- the change log ---- */

static const char *const change_types[] = {"employer", "contact", "agreement", "placement", "employment"};

static const char sql_change_add[] =
	"INSERT INTO internship_changes (centre_id, record_type, record_id, version, fields, at, user_id)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
static const char sql_change_value_add[] =
	"INSERT INTO internship_change_values (change_id, field, old_value, new_value) VALUES ($1, $2, $3, $4)";
static const char sql_changes[] =
	"SELECT c.id, c.version, c.fields, c.at, COALESCE(c.user_id, 0) AS user_id,"
	" COALESCE(u.display_name, '') AS user_name"
	" FROM internship_changes c LEFT JOIN users u ON u.id = c.user_id"
	" WHERE c.centre_id = $1 AND c.record_type = $2 AND c.record_id = $3 AND c.version > $4"
	" ORDER BY c.version, c.id LIMIT 200";
static const char sql_change_values[] =
	"SELECT field, old_value, new_value FROM internship_change_values WHERE change_id = $1 ORDER BY field";

int
store_internship_change_add(struct db *db, int64_t centre, enum change_record type, int64_t record_id,
			    int64_t version, const struct field_change *changes, size_t nchanges, const char *keys,
			    int64_t by, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_change_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, change_types[type]);
	db_bind_int(st, 3, record_id);
	db_bind_int(st, 4, version);
	db_bind_text(st, 5, keys != NULL ? keys : "");
	db_bind_int(st, 6, now);
	if (by > 0)
		db_bind_int(st, 7, by);
	else
		db_bind_null(st, 7);
	return change_log_add(db, st, sql_change_value_add, changes, nchanges);
}

int
store_internship_changes(struct db *db, struct arena *a, int64_t centre, enum change_record type,
			 int64_t record_id, int64_t after_version, struct internship_change **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct internship_change *list = arena_alloc(a, sizeof *list * 200);
	int64_t *ids = arena_alloc(a, sizeof *ids * 200);
	if (list == NULL || ids == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_changes);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, change_types[type]);
	db_bind_int(st, 3, record_id);
	db_bind_int(st, 4, after_version);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < 200) {
		struct internship_change *c = &list[count];
		memset(c, 0, sizeof *c);
		ids[count] = db_col_int(st, 0);
		c->version = db_col_int(st, 1);
		c->fields = arena_strdup(a, db_col_text(st, 2) ? db_col_text(st, 2) : "");
		c->at = db_col_int(st, 3);
		c->user_id = db_col_int(st, 4);
		c->user_name = arena_strdup(a, db_col_text(st, 5) ? db_col_text(st, 5) : "");
		if (c->fields == NULL || c->user_name == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		count++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < count; i++) {
		struct internship_change *c = &list[i];
		size_t cap = 40;
		c->values = arena_alloc(a, sizeof *c->values * cap);
		if (c->values == NULL)
			return SC_ENOMEM;
		st = db_prepare(db, sql_change_values);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, ids[i]);
		while ((rc = db_step(st)) == DB_ROW && c->nvalues < cap) {
			struct field_change *v = &c->values[c->nvalues];
			v->field = arena_strdup(a, db_col_text(st, 0));
			v->old_value = arena_strdup(a, db_col_text(st, 1) ? db_col_text(st, 1) : "");
			v->new_value = arena_strdup(a, db_col_text(st, 2) ? db_col_text(st, 2) : "");
			if (!v->field || !v->old_value || !v->new_value) {
				rc = SC_ENOMEM;
				break;
			}
			c->nvalues++;
		}
		db_done(st);
		if (rc < 0)
			return rc;
	}
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- employers ---- */

static const char sql_terms_clear[] = "DELETE FROM employer_search WHERE employer_id = $1 AND centre_id = $2";
static const char sql_term_add[] =
	"INSERT INTO employer_search (centre_id, term, employer_id) VALUES ($1, $2, $3)";
static const char sql_by_orgnr[] =
	"SELECT id FROM employers WHERE centre_id = $1 AND orgnr = $2 AND id <> $3";

/* Whether a pool agreement current on $T covers employer e. */
#define IN_POOL(T)                                                                                   \
	" CASE WHEN EXISTS (SELECT 1 FROM agreement_employers ae JOIN agreements ag ON ag.id = ae.agreement_id" \
	" WHERE ae.employer_id = e.id AND ag.starts_on <= " T " AND ag.ends_on >= " T ") THEN 1 ELSE 0 END AS in_pool"

static const char sql_employer_get[] =
	"SELECT e.id, e.version, e.name, e.orgnr, e.industry, i.name_nb AS industry_nb, i.name_en AS industry_en,"
	" i.section, e.address, e.postcode, e.city, e.notes, e.concluded, e.hired," IN_POOL("$3")
	" FROM employers e JOIN industries i ON i.code = e.industry WHERE e.id = $1 AND e.centre_id = $2";

#define LIST_COLUMNS                                                                                  \
	"e.id, e.version, e.name, e.orgnr, e.industry, i.name_nb AS industry_nb, i.name_en AS industry_en," \
	" i.section, e.address, e.postcode, e.city, e.concluded, e.hired,"

static const char sql_employers_all[] =
	"SELECT " LIST_COLUMNS IN_POOL("$2")
	" FROM employers e JOIN industries i ON i.code = e.industry WHERE e.centre_id = $1"
	" ORDER BY e.name_key, e.id LIMIT $3 OFFSET $4";
static const char sql_employers_all_count[] =
	"SELECT COUNT(*) FROM (SELECT 1 FROM employers WHERE centre_id = $1 LIMIT 1001) x";

/* The matches of a search: the first word's range ($2..$3), each further
 * word's range ($4..$5, $6..$7, $8..$9; '' = no word) among the same
 * employer's terms. */
#define MATCHES                                                                                      \
	" FROM employer_search s WHERE s.centre_id = $1 AND s.term >= $2 AND s.term < $3"             \
	" AND ($4 = '' OR EXISTS (SELECT 1 FROM employer_search w WHERE w.centre_id = $1"            \
	"  AND w.employer_id = s.employer_id AND w.term >= $4 AND w.term < $5))"                      \
	" AND ($6 = '' OR EXISTS (SELECT 1 FROM employer_search w WHERE w.centre_id = $1"            \
	"  AND w.employer_id = s.employer_id AND w.term >= $6 AND w.term < $7))"                      \
	" AND ($8 = '' OR EXISTS (SELECT 1 FROM employer_search w WHERE w.centre_id = $1"            \
	"  AND w.employer_id = s.employer_id AND w.term >= $8 AND w.term < $9))"                      \
	" GROUP BY s.employer_id"

static const char sql_employers_search[] =
	"SELECT " LIST_COLUMNS IN_POOL("$10")
	" FROM (SELECT s.employer_id, MIN(s.term) AS first_term" MATCHES ") m"
	" JOIN employers e ON e.id = m.employer_id JOIN industries i ON i.code = e.industry"
	" WHERE e.centre_id = $1 ORDER BY m.first_term, e.id LIMIT $11 OFFSET $12";
static const char sql_employers_search_count[] =
	"SELECT COUNT(*) FROM (SELECT s.employer_id" MATCHES " LIMIT 1001) x";

static const char sql_count_capped[] = DB_GENERIC_PLAN
	"SELECT COUNT(*) FROM (SELECT 1 FROM employers WHERE centre_id = $1 LIMIT $2) capped";

static const char sql_choices[] =
	"SELECT id, name FROM employers WHERE centre_id = $1 ORDER BY name_key, id LIMIT $2";

static const char sql_count_result[] =
	"UPDATE employers SET concluded = concluded + 1, hired = hired + $3 WHERE id = $1 AND centre_id = $2";
static const char sql_industry_of[] = "SELECT industry FROM employers WHERE id = $1 AND centre_id = $2";
static const char sql_conversion_add[] =
	"INSERT INTO conversion_by_industry (centre_id, industry, concluded, hired) VALUES ($1, $2, $3, $4)"
	" ON CONFLICT (centre_id, industry) DO UPDATE SET concluded = conversion_by_industry.concluded"
	" + excluded.concluded, hired = conversion_by_industry.hired + excluded.hired";
/* The centre's kept rows, one an industry (tens): summed by section in C,
 * which spares SQLite two sorters a view of the liaison's home (their
 * allocations were most of the statement's 30 µs, decision 90). */
static const char sql_conversion[] =
	"SELECT i.section, s.name_nb, s.name_en, c.concluded, c.hired"
	" FROM conversion_by_industry c JOIN industries i ON i.code = c.industry"
	" JOIN industries s ON s.code = i.section WHERE c.centre_id = $1";

/* Writes the search terms of employer id (after clearing the old ones). */
static int
write_terms(struct db *db, int64_t centre, int64_t id, const struct employer *e)
{
	struct db_stmt *st = db_prepare(db, sql_terms_clear);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_run(st, NULL);
	char terms[EMPLOYER_MAX_TERMS][NAME_KEY_MAX];
	size_t n = employer_search_terms(e, terms);
	for (size_t i = 0; rc == SC_OK && i < n; i++) {
		st = db_prepare(db, sql_term_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, centre);
		db_bind_text(st, 2, terms[i]);
		db_bind_int(st, 3, id);
		rc = db_run(st, NULL);
	}
	return rc;
}

/* Sets e->name_key from its name (a copy that lives as long as e's
 * caller's buffer: the key is kept in key). */
static void
set_name_key(struct employer *e, char key[NAME_KEY_MAX])
{
	name_fold(e->name != NULL ? e->name : "", key, NAME_KEY_MAX);
	e->name_key = key;
}

int
store_employer_create(struct db *db, int64_t centre, struct employer *e, int64_t by, int64_t now, int64_t *id)
{
	char key[NAME_KEY_MAX];
	const char *kept = e->name_key;
	set_name_key(e, key);
	int rc = table_insert(db, &employers, centre, e, by, now, id);
	e->name_key = kept;
	if (rc == SC_OK)
		rc = write_terms(db, centre, *id, e);
	if (rc == SC_OK)
		rc = store_internship_change_add(db, centre, CHANGE_EMPLOYER, *id, 1, NULL, 0, "", by, now);
	return rc;
}

int
store_employer_by_orgnr(struct db *db, int64_t centre, const char *orgnr, int64_t exclude_id, int64_t *id)
{
	*id = 0;
	struct db_stmt *st = db_prepare(db, sql_by_orgnr);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, orgnr != NULL ? orgnr : "");
	db_bind_int(st, 3, exclude_id);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* Reads the rows of st into a list of employers (at most cap). */
static int
read_employers(struct db_stmt *st, struct arena *a, size_t cap, struct employer **items, size_t *n)
{
	struct employer *list = arena_alloc(a, sizeof *list * (cap > 0 ? cap : 1));
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < cap) {
		fields_clear(employer_fields, &list[count]);
		list[count].concluded = list[count].hired = 0;
		list[count].in_pool = 0;
		rc = table_read(st, employer_fields, &list[count], a);
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
store_employer_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct date today,
		   struct employer *out)
{
	struct db_stmt *st = db_prepare(db, sql_employer_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	table_bind_date(st, 3, today);
	struct employer *items = NULL;
	size_t n = 0;
	int rc = read_employers(st, a, 1, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (n == 0)
		return SC_ENOTFOUND;
	*out = items[0];
	return SC_OK;
}

/* Moves an employer's counts from one industry to another (an edit of its
 * industry). */
static int
move_conversion(struct db *db, int64_t centre, const char *from, const char *to, int64_t concluded,
		int64_t hired)
{
	int rc = SC_OK;
	for (int k = 0; k < 2 && rc == SC_OK; k++) {
		struct db_stmt *st = db_prepare(db, sql_conversion_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, centre);
		db_bind_text(st, 2, k == 0 ? from : to);
		db_bind_int(st, 3, k == 0 ? -concluded : concluded);
		db_bind_int(st, 4, k == 0 ? -hired : hired);
		rc = db_run(st, NULL);
	}
	return rc;
}

int
store_employer_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
		      const struct employer *before, struct employer *after, const struct field_change *changes,
		      size_t nchanges, const char *keys, int64_t by, int64_t now)
{
	char key[NAME_KEY_MAX];
	const char *kept = after->name_key;
	set_name_key(after, key);
	int rc = table_update(db, &employers, centre, id, expected_version, after, now);
	if (rc == SC_OK)
		rc = write_terms(db, centre, id, after);
	if (rc == SC_OK && strcmp(before->industry, after->industry) != 0 && before->concluded > 0)
		rc = move_conversion(db, centre, before->industry, after->industry, before->concluded, before->hired);
	if (rc == SC_OK)
		rc = store_internship_change_add(db, centre, CHANGE_EMPLOYER, id, expected_version + 1, changes,
						 nchanges, keys, by, now);
	after->name_key = kept;
	return rc;
}

static int
count_of(struct db_stmt *st, int64_t *total)
{
	int rc = db_step(st);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

/* Binds a search's words as MATCHES' $2..$9. */
static void
bind_words(struct db_stmt *st, const struct search_query *q, char ends[4][NAME_KEY_MAX + 1])
{
	for (size_t w = 0; w < 4; w++) {
		if (w < q->nwords) {
			search_prefix_end(q->words[w], ends[w]);
			db_bind_text(st, 2 + 2 * (int)w, q->words[w]);
			db_bind_text(st, 3 + 2 * (int)w, ends[w]);
		} else {
			db_bind_text(st, 2 + 2 * (int)w, "");
			db_bind_text(st, 3 + 2 * (int)w, "");
		}
	}
}

int
store_employers(struct db *db, struct arena *a, int64_t centre, const struct search_query *q, struct date today,
		int64_t limit, int64_t offset, struct employer **items, size_t *n, int64_t *total, bool *capped)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	*capped = false;
	limit = store_page_limit(limit, 200, 50);
	if (offset < 0)
		offset = 0;
	char ends[4][NAME_KEY_MAX + 1];
	struct db_stmt *st = db_prepare(db, q == NULL ? sql_employers_all_count : sql_employers_search_count);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	if (q != NULL)
		bind_words(st, q, ends);
	int rc = count_of(st, total);
	if (rc != SC_OK)
		return rc;
	if (*total > EMPLOYER_COUNT_CAP) {
		*total = EMPLOYER_COUNT_CAP;
		*capped = true;
	}
	st = db_prepare(db, q == NULL ? sql_employers_all : sql_employers_search);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	if (q == NULL) {
		table_bind_date(st, 2, today);
		db_bind_int(st, 3, limit);
		db_bind_int(st, 4, offset);
	} else {
		bind_words(st, q, ends);
		table_bind_date(st, 10, today);
		db_bind_int(st, 11, limit);
		db_bind_int(st, 12, offset);
	}
	return read_employers(st, a, (size_t)limit, items, n);
}

int
store_employer_count(struct db *db, int64_t centre, int64_t cap, int64_t *n)
{
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_count_capped);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, cap);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*n = db_col_int(st, 0);
		rc = SC_OK;
	}
	db_done(st);
	return rc == DB_DONE ? SC_OK : rc;
}

int
store_employer_choices(struct db *db, struct arena *a, int64_t centre, int64_t limit, struct employer **items,
		       size_t *n)
{
	*items = NULL;
	*n = 0;
	limit = store_page_limit(limit, 2000, 2000);
	struct db_stmt *st = db_prepare(db, sql_choices);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_int(st, 2, limit);
	return read_employers(st, a, (size_t)limit, items, n);
}

int
store_employer_count_result(struct db *db, int64_t centre, int64_t employer_id, bool hired)
{
	struct db_stmt *st = db_prepare(db, sql_count_result);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, employer_id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, hired ? 1 : 0);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc != SC_OK)
		return rc;
	if (changed == 0)
		return SC_ENOTFOUND;
	st = db_prepare(db, sql_industry_of);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, employer_id);
	db_bind_int(st, 2, centre);
	char industry[8] = "";
	rc = db_step(st);
	if (rc == DB_ROW && db_col_text(st, 0) != NULL)
		snprintf(industry, sizeof industry, "%s", db_col_text(st, 0));
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(db, sql_conversion_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	db_bind_text(st, 2, industry);
	db_bind_int(st, 3, 1);
	db_bind_int(st, 4, hired ? 1 : 0);
	return db_run(st, NULL);
}

static const char sql_recount_employers[] =
	"UPDATE employers SET"
	" concluded = (SELECT COUNT(*) FROM placements p WHERE p.centre_id = employers.centre_id"
	"  AND p.employer_id = employers.id AND p.result IS NOT NULL),"
	" hired = (SELECT COUNT(*) FROM placements p WHERE p.centre_id = employers.centre_id"
	"  AND p.employer_id = employers.id AND p.result = 'hired')";
static const char sql_recount_clear[] = "DELETE FROM conversion_by_industry";
static const char sql_recount_conversion[] =
	"INSERT INTO conversion_by_industry (centre_id, industry, concluded, hired)"
	" SELECT centre_id, industry, SUM(concluded), SUM(hired) FROM employers WHERE concluded > 0"
	" GROUP BY centre_id, industry";

int
store_employer_recount(struct db *db)
{
	static const char *const steps[] = {sql_recount_employers, sql_recount_clear, sql_recount_conversion};
	int rc = db_begin_write(db);
	for (size_t i = 0; rc == SC_OK && i < sizeof steps / sizeof steps[0]; i++) {
		struct db_stmt *st = db_prepare(db, steps[i]);
		rc = st == NULL ? SC_EDB : db_run(st, NULL);
	}
	if (rc == SC_OK)
		return db_commit(db);
	db_rollback(db);
	return rc;
}

static int
conversion_cmp(const void *x, const void *y)
{
	return strcmp(((const struct conversion_row *)x)->section, ((const struct conversion_row *)y)->section);
}

int
store_conversion_by_section(struct db *db, struct arena *a, int64_t centre, struct conversion_row **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct conversion_row *list = arena_alloc(a, sizeof *list * 32);
	if (list == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_conversion);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *section = db_col_text(st, 0);
		if (section == NULL)
			continue;
		size_t k = 0;
		while (k < count && strcmp(list[k].section, section) != 0)
			k++;
		if (k == count) {
			if (count == 32)
				continue; /* SN2007 has 21 sections */
			struct conversion_row *r = &list[count++];
			r->section = arena_strdup(a, section);
			r->name_nb = arena_strdup(a, db_col_text(st, 1));
			r->name_en = arena_strdup(a, db_col_text(st, 2));
			r->concluded = r->hired = 0;
			if (!r->section || !r->name_nb || !r->name_en) {
				rc = SC_ENOMEM;
				break;
			}
		}
		list[k].concluded += db_col_int(st, 3);
		list[k].hired += db_col_int(st, 4);
	}
	db_done(st);
	if (rc < 0)
		return rc;
	/* the sections with a result, in their order */
	size_t kept = 0;
	for (size_t k = 0; k < count; k++)
		if (list[k].concluded > 0)
			list[kept++] = list[k];
	qsort(list, kept, sizeof *list, conversion_cmp);
	*items = list;
	*n = kept;
	return SC_OK;
}

/* ---- contacts ---- */

static const char sql_employer_exists[] = "SELECT 1 FROM employers WHERE id = $1 AND centre_id = $2";
static const char sql_contact_get[] =
	"SELECT id, version, employer_id, name, role, phone, email FROM employer_contacts"
	" WHERE id = $1 AND employer_id = $2 AND centre_id = $3 AND ended_at IS NULL";
#define CONTACT_LOCK \
	"SELECT id FROM employer_contacts WHERE id = $1 AND employer_id = $2 AND centre_id = $3 AND ended_at IS NULL"
static const char sql_contact_lock_sq[] = CONTACT_LOCK;
static const char sql_contact_lock_share[] = CONTACT_LOCK " FOR SHARE";
static const char sql_contact_lock_update[] = CONTACT_LOCK " FOR UPDATE";
static const char sql_contacts[] =
	"SELECT id, version, employer_id, name, role, phone, email FROM employer_contacts"
	" WHERE employer_id = $1 AND centre_id = $2 AND ended_at IS NULL ORDER BY name, id LIMIT 200";
static const char sql_contact_end[] =
	"UPDATE employer_contacts SET ended_at = $1, version = version + 1, updated_at = $1"
	" WHERE id = $2 AND employer_id = $3 AND centre_id = $4 AND ended_at IS NULL";
static const char sql_contact_used[] =
	"SELECT 1 FROM placements p JOIN employer_contacts c ON c.id = $1 AND c.centre_id = p.centre_id"
	" AND p.employer_id = c.employer_id WHERE p.centre_id = $2 AND p.supervisor_id = $1";
static const char sql_contact_delete[] =
	"DELETE FROM employer_contacts WHERE id = $1 AND employer_id = $2 AND centre_id = $3";

static int
exists(struct db *db, const char *sql, int64_t id, int64_t centre, bool *found)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	*found = rc == DB_ROW;
	return SC_OK;
}

int
store_contact_add(struct db *db, int64_t centre, const struct employer_contact *c, int64_t by, int64_t now,
		  int64_t *id)
{
	bool found = false;
	int rc = exists(db, sql_employer_exists, c->employer_id, centre, &found);
	if (rc != SC_OK)
		return rc;
	if (!found)
		return SC_ENOTFOUND;
	return table_insert(db, &contacts, centre, c, by, now, id);
}

static int
read_contacts(struct db_stmt *st, struct arena *a, size_t cap, struct employer_contact **items, size_t *n)
{
	struct employer_contact *list = arena_alloc(a, sizeof *list * cap);
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < cap) {
		fields_clear(employer_contact_fields, &list[count]);
		rc = table_read(st, employer_contact_fields, &list[count], a);
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
store_contact_get(struct db *db, struct arena *a, int64_t centre, int64_t employer_id, int64_t id,
		  struct employer_contact *out)
{
	struct db_stmt *st = db_prepare(db, sql_contact_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, employer_id);
	db_bind_int(st, 3, centre);
	struct employer_contact *items = NULL;
	size_t n = 0;
	int rc = read_contacts(st, a, 1, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (n == 0)
		return SC_ENOTFOUND;
	*out = items[0];
	return SC_OK;
}

int
store_contact_lock(struct db *db, int64_t centre, int64_t employer_id, int64_t id, bool exclusive)
{
	const char *sql = db_kind(db) != DB_POSTGRES ? sql_contact_lock_sq
			  : exclusive              ? sql_contact_lock_update
						   : sql_contact_lock_share;
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, employer_id);
	db_bind_int(st, 3, centre);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? SC_OK : rc == DB_DONE ? SC_ENOTFOUND : rc;
}

int
store_contact_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
		     const struct employer_contact *c, int64_t now)
{
	return table_update(db, &contacts, centre, id, expected_version, c, now);
}

int
store_contact_delete(struct db *db, int64_t centre, int64_t employer_id, int64_t id)
{
	bool used = false;
	int rc = exists(db, sql_contact_used, id, centre, &used);
	if (rc != SC_OK)
		return rc;
	if (used)
		return SC_ECONFLICT;
	struct db_stmt *st = db_prepare(db, sql_contact_delete);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, employer_id);
	db_bind_int(st, 3, centre);
	int64_t changed = 0;
	rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_contact_end(struct db *db, int64_t centre, int64_t employer_id, int64_t id, int64_t now)
{
	struct db_stmt *st = db_prepare(db, sql_contact_end);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, employer_id);
	db_bind_int(st, 4, centre);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_contacts(struct db *db, struct arena *a, int64_t centre, int64_t employer_id, struct employer_contact **items,
	       size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_contacts);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, employer_id);
	db_bind_int(st, 2, centre);
	return read_contacts(st, a, 200, items, n);
}

/* ---- pool agreements ---- */

/* An agreement's places used (agreed and active on $T), planned (agreed,
 * not yet started) and the employers it covers. A place is held from the
 * centre's approval: a proposal still negotiating holds none. Both counts
 * read one range of placements_agreement_phase (migration 23): a planned
 * placement ends after $T too (it ends on or after its start), so saying so
 * changes no count and keeps the range to the placements not yet over. */
#define AGREEMENT_COUNTS(T)                                                                          \
	" (SELECT COUNT(*) FROM placements p WHERE p.agreement_id = a.id AND p.centre_id = a.centre_id" \
	"  AND p.phase = 'agreed' AND p.ends_on >= " T " AND p.starts_on <= " T ") AS used,"            \
	" (SELECT COUNT(*) FROM placements p WHERE p.agreement_id = a.id AND p.centre_id = a.centre_id" \
	"  AND p.phase = 'agreed' AND p.ends_on > " T " AND p.starts_on > " T ") AS planned,"           \
	" (SELECT COUNT(*) FROM agreement_employers ae WHERE ae.agreement_id = a.id) AS covered"
#define AGREEMENT_COLUMNS "a.id, a.version, a.name, a.party, a.starts_on, a.ends_on, a.places, a.terms, a.notes,"

static const char sql_agreement_get[] =
	"SELECT " AGREEMENT_COLUMNS AGREEMENT_COUNTS("$3") " FROM agreements a WHERE a.id = $1 AND a.centre_id = $2";
static const char sql_agreements_all[] =
	"SELECT " AGREEMENT_COLUMNS AGREEMENT_COUNTS("$2") " FROM agreements a WHERE a.centre_id = $1"
	" ORDER BY a.ends_on DESC, a.id DESC LIMIT $3";
static const char sql_agreements_current[] =
	"SELECT " AGREEMENT_COLUMNS AGREEMENT_COUNTS("$2") " FROM agreements a WHERE a.centre_id = $1"
	" AND a.ends_on >= $2 AND a.starts_on <= $2 ORDER BY a.ends_on DESC, a.id DESC LIMIT $3";
/* What the liaison's home shows of them: no terms, notes or employers
 * covered (decision 90). */
static const char sql_agreements_current_brief[] =
	"SELECT a.id, a.name, a.places,"
	" (SELECT COUNT(*) FROM placements p WHERE p.agreement_id = a.id AND p.centre_id = a.centre_id"
	"  AND p.phase = 'agreed' AND p.ends_on >= $2 AND p.starts_on <= $2) AS used,"
	" (SELECT COUNT(*) FROM placements p WHERE p.agreement_id = a.id AND p.centre_id = a.centre_id"
	"  AND p.phase = 'agreed' AND p.ends_on > $2 AND p.starts_on > $2) AS planned"
	" FROM agreements a WHERE a.centre_id = $1"
	" AND a.ends_on >= $2 AND a.starts_on <= $2 ORDER BY a.ends_on DESC, a.id DESC LIMIT $3";
/* The employer's agreements, from agreement_employers_employer: a plain
 * JOIN let SQLite (no statistics) walk every agreement of the centre by
 * agreements_centre_end and probe each for the employer (about 2,000 at a
 * million). CROSS JOIN is SQLite's order to join in; PostgreSQL plans it
 * freely (decision 74). */
static const char sql_employer_agreements[] =
	"SELECT " AGREEMENT_COLUMNS AGREEMENT_COUNTS("$3")
	" FROM agreement_employers c CROSS JOIN agreements a"
	" WHERE c.employer_id = $1 AND a.id = c.agreement_id AND a.centre_id = $2"
	" ORDER BY a.ends_on DESC, a.id DESC LIMIT 100";
static const char sql_agreement_lock_pg[] =
	"SELECT places FROM agreements WHERE id = $1 AND centre_id = $2 FOR UPDATE";
static const char sql_agreement_lock_sq[] = "SELECT places FROM agreements WHERE id = $1 AND centre_id = $2";
static const char sql_agreement_open[] =
	"SELECT COUNT(*) FROM placements WHERE agreement_id = $1 AND centre_id = $2 AND id <> $4"
	" AND phase = 'agreed' AND ends_on >= $3";
static const char sql_agreement_span[] =
	"SELECT MIN(starts_on),"
	" MAX(CASE WHEN ended_on IS NOT NULL AND ended_on < ends_on THEN ended_on ELSE ends_on END)"
	" FROM placements WHERE agreement_id = $1 AND centre_id = $2 AND starts_on IS NOT NULL"
	" AND ends_on IS NOT NULL AND (ended_on IS NULL OR ended_on >= starts_on)";
static const char sql_agreement_covers[] =
	"SELECT 1 FROM agreement_employers WHERE agreement_id = $1 AND employer_id = $2 AND centre_id = $3";
static const char sql_agreement_exists[] = "SELECT 1 FROM agreements WHERE id = $1 AND centre_id = $2";
static const char sql_agreement_cover[] =
	"INSERT INTO agreement_employers (agreement_id, employer_id, centre_id) VALUES ($1, $2, $3)";
static const char sql_agreement_uncover[] =
	"DELETE FROM agreement_employers WHERE agreement_id = $1 AND employer_id = $2 AND centre_id = $3";
/* the placements of an employer under an agreement not over (neither
 * ended early nor past their last day) */
static const char sql_agreement_running[] =
	"SELECT COUNT(*) FROM placements WHERE agreement_id = $1 AND employer_id = $2 AND centre_id = $3"
	" AND ended_on IS NULL AND (ends_on IS NULL OR ends_on >= $4)";
static const char sql_agreement_employers[] =
	"SELECT e.id, e.version, e.name, e.orgnr, e.industry, e.city FROM agreement_employers c"
	" JOIN employers e ON e.id = c.employer_id WHERE c.agreement_id = $1 AND c.centre_id = $2"
	" ORDER BY e.name_key, e.id LIMIT 1000";

int
store_agreement_create(struct db *db, int64_t centre, const struct agreement *ag, int64_t by, int64_t now,
		       int64_t *id)
{
	int rc = table_insert(db, &agreements, centre, ag, by, now, id);
	if (rc == SC_OK)
		rc = store_internship_change_add(db, centre, CHANGE_AGREEMENT, *id, 1, NULL, 0, "", by, now);
	return rc;
}

int
store_agreement_update(struct db *db, int64_t centre, int64_t id, int64_t expected_version,
		       const struct agreement *after, const struct field_change *changes, size_t nchanges,
		       const char *keys, int64_t by, int64_t now)
{
	int rc = table_update(db, &agreements, centre, id, expected_version, after, now);
	if (rc == SC_OK)
		rc = store_internship_change_add(db, centre, CHANGE_AGREEMENT, id, expected_version + 1, changes,
						 nchanges, keys, by, now);
	return rc;
}

static int
read_agreements(struct db_stmt *st, struct arena *a, size_t cap, struct agreement **items, size_t *n)
{
	struct agreement *list = arena_alloc(a, sizeof *list * (cap > 0 ? cap : 1));
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	struct agreement blank;
	memset(&blank, 0, sizeof blank);
	fields_clear(agreement_fields, &blank);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < cap) {
		struct agreement *g = &list[count];
		*g = blank;
		rc = table_read(st, agreement_fields, g, a);
		if (rc != SC_OK)
			break;
		g->free = agreement_free(g->places, g->used, g->planned);
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
store_agreement_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct date today,
		    struct agreement *out)
{
	struct db_stmt *st = db_prepare(db, sql_agreement_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	table_bind_date(st, 3, today);
	struct agreement *items = NULL;
	size_t n = 0;
	int rc = read_agreements(st, a, 1, &items, &n);
	if (rc != SC_OK)
		return rc;
	if (n == 0)
		return SC_ENOTFOUND;
	*out = items[0];
	return SC_OK;
}

int
store_agreements(struct db *db, struct arena *a, int64_t centre, struct date today, bool current_only,
		 bool brief, int64_t limit, struct agreement **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	limit = store_page_limit(limit, 500, 100);
	struct db_stmt *st = db_prepare(db, current_only ? (brief ? sql_agreements_current_brief : sql_agreements_current)
							 : sql_agreements_all);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, centre);
	table_bind_date(st, 2, today);
	db_bind_int(st, 3, limit);
	return read_agreements(st, a, (size_t)limit, items, n);
}

int
store_employer_agreements(struct db *db, struct arena *a, int64_t centre, int64_t employer_id, struct date today,
			  struct agreement **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_employer_agreements);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, employer_id);
	db_bind_int(st, 2, centre);
	table_bind_date(st, 3, today);
	return read_agreements(st, a, 100, items, n);
}

int
store_agreement_lock(struct db *db, int64_t centre, int64_t id, int64_t *places)
{
	struct db_stmt *st = db_prepare(db, db_kind(db) == DB_POSTGRES ? sql_agreement_lock_pg : sql_agreement_lock_sq);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*places = db_col_int(st, 0);
	db_done(st);
	if (rc == DB_DONE)
		return SC_ENOTFOUND;
	return rc < 0 ? rc : SC_OK;
}

int
store_agreement_open(struct db *db, int64_t centre, int64_t agreement_id, struct date today, int64_t exclude_id,
		     int64_t *open)
{
	*open = 0;
	struct db_stmt *st = db_prepare(db, sql_agreement_open);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, agreement_id);
	db_bind_int(st, 2, centre);
	table_bind_date(st, 3, today);
	db_bind_int(st, 4, exclude_id);
	return count_of(st, open);
}

int
store_agreement_span(struct db *db, int64_t centre, int64_t agreement_id, struct date *first_start,
		     struct date *last_end)
{
	*first_start = (struct date){0};
	*last_end = (struct date){0};
	struct db_stmt *st = db_prepare(db, sql_agreement_span);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, agreement_id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		const char *first = db_col_text(st, 0), *last = db_col_text(st, 1);
		if (first != NULL)
			date_parse(first, first_start);
		if (last != NULL)
			date_parse(last, last_end);
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_agreement_covers(struct db *db, int64_t centre, int64_t agreement_id, int64_t employer_id, bool *covers)
{
	*covers = false;
	struct db_stmt *st = db_prepare(db, sql_agreement_covers);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, agreement_id);
	db_bind_int(st, 2, employer_id);
	db_bind_int(st, 3, centre);
	int rc = db_step(st);
	db_done(st);
	if (rc < 0)
		return rc;
	*covers = rc == DB_ROW;
	return SC_OK;
}

int
store_agreement_cover(struct db *db, int64_t centre, int64_t agreement_id, int64_t employer_id)
{
	bool found = false;
	int rc = exists(db, sql_agreement_exists, agreement_id, centre, &found);
	if (rc == SC_OK && found)
		rc = exists(db, sql_employer_exists, employer_id, centre, &found);
	if (rc != SC_OK)
		return rc;
	if (!found)
		return SC_ENOTFOUND;
	bool covers = false;
	rc = store_agreement_covers(db, centre, agreement_id, employer_id, &covers);
	if (rc != SC_OK)
		return rc;
	if (covers)
		return SC_ECONFLICT;
	struct db_stmt *st = db_prepare(db, sql_agreement_cover);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, agreement_id);
	db_bind_int(st, 2, employer_id);
	db_bind_int(st, 3, centre);
	return db_run(st, NULL);
}

int
store_agreement_running(struct db *db, int64_t centre, int64_t agreement_id, int64_t employer_id, struct date today,
			int64_t *count)
{
	*count = 0;
	struct db_stmt *st = db_prepare(db, sql_agreement_running);
	if (st == NULL)
		return SC_EDB;
	char day[11];
	date_format(today, day);
	db_bind_int(st, 1, agreement_id);
	db_bind_int(st, 2, employer_id);
	db_bind_int(st, 3, centre);
	db_bind_text(st, 4, day);
	int rc = db_step(st);
	if (rc == DB_ROW)
		*count = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_agreement_uncover(struct db *db, int64_t centre, int64_t agreement_id, int64_t employer_id)
{
	struct db_stmt *st = db_prepare(db, sql_agreement_uncover);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, agreement_id);
	db_bind_int(st, 2, employer_id);
	db_bind_int(st, 3, centre);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_agreement_employers(struct db *db, struct arena *a, int64_t centre, int64_t agreement_id,
			  struct employer **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_agreement_employers);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, agreement_id);
	db_bind_int(st, 2, centre);
	return read_employers(st, a, 1000, items, n);
}
