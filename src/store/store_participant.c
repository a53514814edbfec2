/*
 * store_participant.c — the participant register; see store_participant.h.
 *
 * The record is written and read by its table descriptor (table.h): the
 * columns of participants are the declared fields of domain/participant.h
 * and rows are read by column name. The lists beside it — languages,
 * children, search terms, the change log — are written with the record in
 * the caller's transaction, every statement within the centre.
 *
 * Search works on participant_search(centre_id, term, participant_id),
 * primary key in that order (migration 10): one prefix range of that
 * index, within the centre, gives the matches already ordered, so a page
 * costs one index range walk and never a sort, even at a million
 * participants, and never reads another centre's terms (decision 18).
 * Terms compare as bytes (SQLite's BINARY; PostgreSQL has the C collation
 * on the column for the same order).
 *
 * The export walks participants_centre_name (centre_id, name_key, id) a
 * batch at a time. The condition "name_key >= $1 AND (name_key > $1 OR
 * id > $2)" keeps a plain index range on both engines, where an OR alone
 * or a row value might make a planner sort what is left of the table for
 * every batch.
 */
#include "db.h"
#include "reach.h"
#include "store.h"
#include "table.h"
#include "domain/access.h"
#include "util/arena.h"
#include "util/err.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct table participants = {.name = "participants", .fields = &participant_fields, .centre = true, .versioned = true};

/* ---- rows the store reads by name besides the record ---- */

/* The brief's row. */
struct brief_row {
	int64_t id;
	const char *given_name, *family_name, *birth_date, *status;
	int64_t contact_id, version;
	const char *contact_until;
	int health_referral;
	int teaches;
	int follows_placement;
	int placed;
};

#define B(m) offsetof(struct brief_row, m)
static const struct field brief_fields[] = {
	{.key = "id", .type = FT_ID, .offset = B(id)},
	{.key = "given_name", .type = FT_LINE, .offset = B(given_name)},
	{.key = "family_name", .type = FT_LINE, .offset = B(family_name)},
	{.key = "birth_date", .type = FT_LINE, .offset = B(birth_date)},
	{.key = "status", .type = FT_LINE, .offset = B(status)},
	{.key = "contact_id", .type = FT_ID, .offset = B(contact_id)},
	{.key = "version", .type = FT_INT, .offset = B(version)},
	{.key = "contact_until", .type = FT_LINE, .offset = B(contact_until)},
	{.key = "health_referral", .type = FT_BOOL, .offset = B(health_referral)},
	{.key = "teaches", .type = FT_BOOL, .offset = B(teaches)},
	{.key = "follows_placement", .type = FT_BOOL, .offset = B(follows_placement)},
	{.key = "placed", .type = FT_BOOL, .offset = B(placed)},
};
#undef B

/* A language of a participant as stored. */
struct language_row {
	const char *name;
	int interpreter;
};

static const struct field language_fields[] = {
	{.key = "name", .type = FT_LINE, .offset = offsetof(struct language_row, name)},
	{.key = "interpreter", .type = FT_BOOL, .offset = offsetof(struct language_row, interpreter)},
};

#define C(m) offsetof(struct participant_change, m)
static const struct field change_fields[] = {
	{.key = "version", .type = FT_INT, .offset = C(version)},
	{.key = "fields", .type = FT_LINE, .offset = C(fields)},
	{.key = "at", .type = FT_INT, .offset = C(at)},
	{.key = "user_id", .type = FT_ID, .offset = C(user_id)},
	{.key = "user_name", .type = FT_LINE, .offset = C(user_name)},
};
#undef C

/* A kept value with the version of its change. */
struct value_row {
	int64_t version;
	struct participant_change_value v;
};

#define V(m) offsetof(struct value_row, m)
static const struct field value_fields[] = {
	{.key = "version", .type = FT_INT, .offset = V(version)},
	{.key = "field", .type = FT_LINE, .offset = V(v.field)},
	{.key = "old_value", .type = FT_TEXT, .offset = V(v.old_value)},
	{.key = "new_value", .type = FT_TEXT, .offset = V(v.new_value)},
};
#undef V

/* ---- SQL ---- */

static const char sql_brief[] =
	"SELECT p.id, p.given_name, p.family_name, p.birth_date, p.status, p.contact_id, p.version,"
	" p.contact_until,"
	" EXISTS (SELECT 1 FROM health_referrals h WHERE h.participant_id = p.id"
	"  AND h.health_id = $2 AND h.ended_on IS NULL AND h.centre_id = $3) AS health_referral,"
	" EXISTS (SELECT 1 FROM group_enrolments e JOIN group_teachers t ON t.group_id = e.group_id"
	"  AND t.centre_id = e.centre_id WHERE e.participant_id = p.id AND e.centre_id = $3"
	"  AND e.status = 'enrolled' AND t.user_id = $2) AS teaches,"
	/* the follow-up person of a placement of theirs, or who proposed one
	 * no one follows yet (issue 10, decision 42) */
	" EXISTS (SELECT 1 FROM placements pl WHERE pl.centre_id = $3 AND pl.participant_id = p.id"
	"  AND (pl.follow_up_id = $2 OR (pl.follow_up_id IS NULL AND pl.created_by = $2))) AS follows_placement,"
	" EXISTS (SELECT 1 FROM placements pl WHERE pl.centre_id = $3 AND pl.participant_id = p.id) AS placed"
	" FROM participants p WHERE p.id = $1 AND p.centre_id = $3";
static const char sql_set_status[] =
	"UPDATE participants SET status = $2, updated_at = $3,"
	" contact_until = CASE WHEN $2 = 'exited' THEN contact_until ELSE NULL END WHERE id = $1";
static const char sql_set_contact_until[] =
	"UPDATE participants SET contact_until = CASE WHEN $3 = 1 AND contact_until IS NOT NULL"
	" AND contact_until < $2 THEN contact_until ELSE $2 END WHERE id = $1";

/* The lists of a record: each statement finds its participant in the
 * centre ($1 the participant, $2 the centre). */
#define OF_CENTRE " (SELECT id FROM participants WHERE id = $1 AND centre_id = $2)"
static const char sql_languages[] =
	"SELECT l.language AS name, l.interpreter FROM participant_languages l"
	" WHERE l.participant_id =" OF_CENTRE " ORDER BY l.ord";
static const char sql_children[] =
	"SELECT c.birth_date FROM participant_children c WHERE c.participant_id =" OF_CENTRE
	" ORDER BY c.ord";
static const char sql_language_add[] =
	"INSERT INTO participant_languages (participant_id, ord, language, interpreter)"
	" SELECT id, $3, $4, $5 FROM participants WHERE id = $1 AND centre_id = $2";
static const char sql_child_add[] =
	"INSERT INTO participant_children (participant_id, ord, birth_date)"
	" SELECT id, $3, $4 FROM participants WHERE id = $1 AND centre_id = $2";
static const char sql_term_add[] =
	"INSERT INTO participant_search (centre_id, term, participant_id, keys)"
	" SELECT centre_id, $3, id, $4 FROM participants WHERE id = $1 AND centre_id = $2";
static const char sql_languages_clear[] =
	"DELETE FROM participant_languages WHERE participant_id =" OF_CENTRE;
static const char sql_children_clear[] =
	"DELETE FROM participant_children WHERE participant_id =" OF_CENTRE;
static const char sql_terms_clear[] =
	"DELETE FROM participant_search WHERE participant_id = $1 AND centre_id = $2";

static const char sql_change_add[] =
	"INSERT INTO participant_changes (participant_id, version, fields, at, user_id, centre_id)"
	" VALUES ($1, $3, $4, $5, $6, $2) RETURNING id";
static const char sql_change_value_add[] =
	"INSERT INTO participant_change_values (change_id, field, old_value, new_value)"
	" SELECT id, $3, $4, $5 FROM participant_changes WHERE id = $1 AND centre_id = $2";
static const char sql_change_values_since[] =
	"SELECT c.version, v.field, v.old_value, v.new_value"
	" FROM participant_change_values v JOIN participant_changes c ON c.id = v.change_id"
	" WHERE c.participant_id = $1 AND c.centre_id = $2 AND c.version > $3"
	" ORDER BY c.version, v.field LIMIT 20000";
static const char sql_changes_since[] =
	"SELECT c.version, c.fields, c.at, c.user_id, u.display_name AS user_name"
	" FROM participant_changes c LEFT JOIN users u ON u.id = c.user_id"
	" WHERE c.participant_id = $1 AND c.centre_id = $2 AND c.version > $3"
	" ORDER BY c.version, c.id LIMIT 500";

static const char sql_dup_nin[] =
	"SELECT id FROM participants WHERE nin = $1 AND id <> $2 AND centre_id = $3 LIMIT 1";
static const char sql_nin_taken[] =
	"SELECT COUNT(*) FROM participants WHERE nin = $1 AND id <> $2";
static const char sql_dup_name[] =
	"SELECT id FROM participants WHERE birth_date = $1 AND name_key = $2 AND id <> $3"
	" AND centre_id = $4 ORDER BY id LIMIT 1";

/* ---- lists and search ---- */

/* The columns of participant_list_columns. */
#define ITEM_COLS_REST \
	" p.given_name, p.family_name, p.birth_date, p.status, p.contact_id," \
	" u.display_name AS contact_name, p.version"
#define ITEM_COLS "p.id," ITEM_COLS_REST
/* A search's page: the id as the term's participant_id, the same value,
 * so that (term, id) is the order of participant_search's key and the
 * page is the first rows of the range. With p.id SQLite sorted every
 * participant of a term (everyone named "Amina Hassan": 881 rows read and
 * sorted for a page of 50, 3.6 ms instead of 0.1 ms at a million). */
#define SEARCH_ITEM_COLS "s.participant_id AS id," ITEM_COLS_REST

/*
 * A search (decisions 18, 29 and 45) is at most two ranges ("arms") of
 * participant_search's primary key in the centre, each in term order:
 *  - a number alone, or one name word: its range (the key typed is the
 *    beginning of the matching terms);
 *  - two name words or more, the two with the longest keys a and b: the
 *    pairs "&a b..." (a a whole word, b a beginning) and "&b a..." (b
 *    whole, a a beginning), the second without those whose keys hold a
 *    whole, who are in the first; each further name word must begin one
 *    of the participant's keys, each number one of its numbers.
 * A participant is listed once: only one whose keys hold two matches of
 * the range's beginning (the dup pattern "% x% x%") needs the look for an
 * earlier term in the range. Each row carries what the list shows.
 *
 * Parameters: $1 the centre; $2, $3 the first arm's range, $4 its dup
 * pattern; $5, $6 the second arm's ('' '' for none), $7 its dup pattern,
 * $8 what it leaves out ('' nothing); $9..$11 further name words as
 * patterns "% x%" ('' none); $12..$17 number words as ranges ('' none);
 * $18 the status ('' any).
 */
#define SEARCH_ARM(from, lo, hi, skip, dup, left_out) \
	SEARCH_RANGE(from, lo, hi, skip, dup) " AND s.keys NOT LIKE " left_out " ESCAPE '!'" SEARCH_FURTHER
/* An arm's range of terms, each participant once. */
#define SEARCH_RANGE(from, lo, hi, skip, dup) \
	from " WHERE s.centre_id = $1 AND s.term >= " lo " AND s.term < " hi skip \
	" AND (s.keys NOT LIKE " dup " ESCAPE '!' OR NOT EXISTS (SELECT 1 FROM participant_search d" \
	"  WHERE d.participant_id = s.participant_id AND d.centre_id = $1 AND d.term >= " lo \
	"  AND d.term < s.term))"
/* The second arm's terms "&b a ..." name a as a whole word, so all of
 * them are left out (their keys hold a whole): a comparison of the term
 * passes them before the keys' patterns are matched (decision 93; for
 * "Amina Hassan" all 881 terms of the second arm are these). */
#define ARM2_SKIP " AND NOT (s.term >= ($5 || ' ') AND s.term < ($5 || '!'))"
/* Each further name word begins one of the keys, each number word one of
 * the numbers. */
#define SEARCH_FURTHER \
	" AND ($9 = '' OR s.keys LIKE $9 ESCAPE '!') AND ($10 = '' OR s.keys LIKE $10 ESCAPE '!')" \
	" AND ($11 = '' OR s.keys LIKE $11 ESCAPE '!')" \
	NUMBER_WORD("s.participant_id", "$12", "$13") NUMBER_WORD("s.participant_id", "$14", "$15") \
	NUMBER_WORD("s.participant_id", "$16", "$17")
#define NUMBER_WORD(pid, a, b) \
	" AND (" a " = '' OR EXISTS (SELECT 1 FROM participant_search w WHERE w.participant_id = " pid \
	" AND w.centre_id = $1 AND w.term >= " a " AND w.term < " b "))"
/* The terms with their participants (and contact persons), for a page
 * or a count by status; the terms alone, for a count of any status. */
#define SEARCH_ROWS \
	" FROM participant_search s JOIN participants p ON p.id = s.participant_id" \
	" LEFT JOIN users u ON u.id = p.contact_id"
#define SEARCH_STATUS_ROWS " FROM participant_search s JOIN participants p ON p.id = s.participant_id"
#define SEARCH_TERMS " FROM participant_search s"

/* Everyone ($19 limit, $20 offset). */
static const char sql_search_all[] =
	"SELECT s.term, " SEARCH_ITEM_COLS SEARCH_ARM(SEARCH_ROWS, "$2", "$3", "", "$4", "''")
	" AND ($18 = '' OR p.status = $18)"
	" UNION ALL SELECT s.term, " SEARCH_ITEM_COLS SEARCH_ARM(SEARCH_ROWS, "$5", "$6", ARM2_SKIP, "$7", "$8")
	" AND ($18 = '' OR p.status = $18)"
	" ORDER BY 1, 2 LIMIT $19 OFFSET $20";
/*
 * The same page on PostgreSQL (decision 104): each arm's first $19 + $20
 * terms taken in the key's order and only those joined to their
 * participants and contact persons. PostgreSQL joined every term of the
 * range and then sorted (a one-word search at a million: the 16,760 terms
 * of "amina" joined for a page of 50, 1.8 s); SQLite reads the statement
 * above in the key's order and stops by itself. With a status, the arm
 * reads it from the participant as it goes.
 */
#define SEARCH_PAGE_ARM(from, lo, hi, skip, dup, left_out, status, L, O) \
	"(SELECT s.term, s.participant_id" SEARCH_ARM(from, lo, hi, skip, dup, left_out) status \
	" ORDER BY 1, 2 LIMIT CAST(" L " AS BIGINT) + CAST(" O " AS BIGINT))"
#define SEARCH_PAGE_PG_AT(from, status, L, O) \
	"SELECT x.term, x.participant_id AS id," ITEM_COLS_REST " FROM (" \
	SEARCH_PAGE_ARM(from, "$2", "$3", "", "$4", "''", status, L, O) " UNION ALL " \
	SEARCH_PAGE_ARM(from, "$5", "$6", ARM2_SKIP, "$7", "$8", status, L, O) ") x" \
	" JOIN participants p ON p.id = x.participant_id LEFT JOIN users u ON u.id = p.contact_id" \
	" ORDER BY 1, 2 LIMIT " L " OFFSET " O
#define SEARCH_PAGE_PG(from, status) SEARCH_PAGE_PG_AT(from, status, "$19", "$20")
static const char sql_search_all_pg[] = SEARCH_PAGE_PG(SEARCH_TERMS, " AND $18 = ''");
/* One word of any status on PostgreSQL, a name's or a number's: its one
 * arm alone, with only the parameters it uses ($1 the centre; $2, $3 the
 * range; $4 its dup pattern; $5 limit, $6 offset). The same rows as
 * sql_search_all_pg; PostgreSQL makes a custom plan for each search (a
 * generic one walked a common name's terms: decision 109), and the two
 * arms' statement took 0.56 ms to plan for 0.03 ms of work when a number
 * was looked up. */
#define SEARCH_ONE SEARCH_RANGE(SEARCH_TERMS, "$2", "$3", "", "$4") " AND s.keys NOT LIKE '' ESCAPE '!'"
static const char sql_search_one_pg[] =
	"SELECT x.term, x.participant_id AS id," ITEM_COLS_REST " FROM (SELECT s.term, s.participant_id" SEARCH_ONE
	" ORDER BY 1, 2 LIMIT CAST($5 AS BIGINT) + CAST($6 AS BIGINT)) x"
	" JOIN participants p ON p.id = x.participant_id LEFT JOIN users u ON u.id = p.contact_id"
	" ORDER BY 1, 2 LIMIT $5 OFFSET $6";
/* How many, up to $5, for the same one word on PostgreSQL. */
static const char sql_search_one_count_pg[] = "SELECT COUNT(*) FROM (SELECT 1" SEARCH_ONE " LIMIT $5) t";
static const char sql_search_all_status_pg[] = SEARCH_PAGE_PG(SEARCH_STATUS_ROWS, " AND p.status = $18");
/* How many, up to $19: of any status ($18 is ''), and of one. */
static const char sql_search_all_count[] =
	"SELECT COUNT(*) FROM (SELECT 1" SEARCH_ARM(SEARCH_TERMS, "$2", "$3", "", "$4", "''") " AND $18 = ''"
	" UNION ALL SELECT 1" SEARCH_ARM(SEARCH_TERMS, "$5", "$6", ARM2_SKIP, "$7", "$8") " AND $18 = '' LIMIT $19) t";
static const char sql_search_all_status_count[] =
	"SELECT COUNT(*) FROM (SELECT 1" SEARCH_ARM(SEARCH_STATUS_ROWS, "$2", "$3", "", "$4", "''")
	" AND p.status = $18"
	" UNION ALL SELECT 1" SEARCH_ARM(SEARCH_STATUS_ROWS, "$5", "$6", ARM2_SKIP, "$7", "$8") " AND p.status = $18"
	" LIMIT $19) t";
/*
 * The same counts on SQLite (decision 93): each arm's terms with their
 * participant, streamed in the key's order, a participant counted once an
 * arm by the program (count_arms()), which stops at the cap. The arms'
 * look for an earlier term of the same participant (the dup patterns, a
 * LIKE on every term's keys) was most of a search's CPU at a million: a
 * common name counts 1,001 terms. PostgreSQL sends a result whole, so it
 * keeps the counts above, which stop in the server. $4 and $7 are unused
 * but named, as SEARCH_REACHED_COND does; $19 is unused.
 */
#define COUNT_ARM(arm, from, lo, hi) \
	"SELECT " arm ", s.participant_id" from " WHERE s.centre_id = $1 AND s.term >= " lo " AND s.term < " hi
static const char sql_search_all_arms[] =
	COUNT_ARM("1", SEARCH_TERMS, "$2", "$3") SEARCH_FURTHER " AND $18 = ''"
	" AND ($4 = '' OR $4 <> '') AND ($7 = '' OR $7 <> '') AND $19 > 0"
	" UNION ALL " COUNT_ARM("2", SEARCH_TERMS, "$5", "$6") ARM2_SKIP " AND s.keys NOT LIKE $8 ESCAPE '!'"
	SEARCH_FURTHER " AND $18 = ''";
static const char sql_search_all_status_arms[] =
	COUNT_ARM("1", SEARCH_STATUS_ROWS, "$2", "$3") SEARCH_FURTHER " AND p.status = $18"
	" AND ($4 = '' OR $4 <> '') AND ($7 = '' OR $7 <> '') AND $19 > 0"
	" UNION ALL " COUNT_ARM("2", SEARCH_STATUS_ROWS, "$5", "$6") ARM2_SKIP " AND s.keys NOT LIKE $8 ESCAPE '!'"
	SEARCH_FURTHER " AND p.status = $18";

/*
 * The participants a scope reaches, each with a term in one of the arms
 * and every further word, by name: $1..$18 as above, $19..$25 the scope
 * (REACHED), $26 limit, $27 offset. The dup patterns are not needed (each
 * participant is one row), but every parameter must be used for
 * PostgreSQL to know its type.
 *
 * For a scope of a few people (a caseload, referrals, groups: REACHED
 * without its "everyone with a period" branch): from REACHED's ids to
 * their rows, sorted by name ("+p.centre_id" keeps SQLite from walking the
 * whole centre in name order instead, 11 s for a contact person's "Amina"
 * at 100,000 participants; PC is how the centre is named). A scope of most
 * of the centre is led by the terms instead (sql_search_most, below).
 * Each participant's terms are looked up by participant_search_pid
 * ("+s.centre_id", or SQLite walks every term of the centre for each).
 */
#define SEARCH_REACHED_COND(PC, IN) \
	" WHERE " PC " = $1 AND " IN("$19", "$20", "$21", "$22", "$23", "$24", "$25") SEARCH_MATCH
/* Participant p has a term in one of the arms and every further word, and
 * the status: $1..$18 as the arms (the export's filter too). */
#define SEARCH_MATCH \
	" AND ($4 = '' OR $4 <> '') AND ($7 = '' OR $7 <> '')" \
	" AND EXISTS (SELECT 1 FROM participant_search s WHERE s.participant_id = p.id AND +s.centre_id = $1" \
	"  AND ((s.term >= $2 AND s.term < $3)" \
	"   OR (s.term >= $5 AND s.term < $6 AND s.keys NOT LIKE $8 ESCAPE '!'))" \
	"  AND ($9 = '' OR s.keys LIKE $9 ESCAPE '!') AND ($10 = '' OR s.keys LIKE $10 ESCAPE '!')" \
	"  AND ($11 = '' OR s.keys LIKE $11 ESCAPE '!'))" \
	NUMBER_WORD("p.id", "$12", "$13") NUMBER_WORD("p.id", "$14", "$15") NUMBER_WORD("p.id", "$16", "$17") \
	" AND ($18 = '' OR p.status = $18)"
#define SEARCH_REACHED(PC, IN) \
	"SELECT " ITEM_COLS " FROM participants p LEFT JOIN users u ON u.id = p.contact_id" \
	SEARCH_REACHED_COND(PC, IN) " ORDER BY p.name_key, p.id LIMIT $26 OFFSET $27"
#define SEARCH_REACHED_COUNT(PC, IN) \
	"SELECT COUNT(*) FROM (SELECT 1 FROM participants p" SEARCH_REACHED_COND(PC, IN) " LIMIT $26) t"
/* the ids a few people's scope reaches, or most of the centre's condition */
#define IN_FEW(C, c, o, x, t, h, g) "p.id IN " REACHED(C, c, o, x, t, h, g)
#define IN_MOST(C, c, o, x, t, h, g) REACHED_MOST("p", C, c, o, x, t, h, g)
static const char sql_search_few[] = SEARCH_REACHED("+p.centre_id", IN_FEW);
static const char sql_search_few_count[] = SEARCH_REACHED_COUNT("+p.centre_id", IN_FEW);
/*
 * A scope of most of the centre (everyone with a period, the finance
 * officer's) searches as everyone's does, led by the arms' terms, each
 * participant kept when the scope reaches them (REACHED_MOST, on their
 * own row): $1..$18 as the arms, $19..$25 the scope, $26 limit, $27
 * offset. Walking the centre in name order and looking up each one's terms
 * stopped at a page for a common name but read the whole centre for a rare
 * one: "amina hassan", 881 people, 9-20 s on the SQLite million, 2.6 s on
 * PostgreSQL (decision 136). The rows come in the arms' order (term, id),
 * as everyone's search.
 */
#define SCOPE_MOST " AND ($18 = '' OR p.status = $18) AND " IN_MOST("$19", "$20", "$21", "$22", "$23", "$24", "$25")
static const char sql_search_most[] =
	"SELECT s.term, " SEARCH_ITEM_COLS SEARCH_ARM(SEARCH_ROWS, "$2", "$3", "", "$4", "''") SCOPE_MOST
	" UNION ALL SELECT s.term, " SEARCH_ITEM_COLS SEARCH_ARM(SEARCH_ROWS, "$5", "$6", ARM2_SKIP, "$7", "$8")
	SCOPE_MOST " ORDER BY 1, 2 LIMIT $26 OFFSET $27";
static const char sql_search_most_pg[] = SEARCH_PAGE_PG_AT(SEARCH_STATUS_ROWS, SCOPE_MOST, "$26", "$27");
/* Their count: on SQLite the arms streamed to count_arms() ($26 the cap,
 * unused in the statement); on PostgreSQL up to $26 in the server. */
static const char sql_search_most_arms[] =
	COUNT_ARM("1", SEARCH_STATUS_ROWS, "$2", "$3") SEARCH_FURTHER SCOPE_MOST
	" AND ($4 = '' OR $4 <> '') AND ($7 = '' OR $7 <> '') AND $26 > 0"
	" UNION ALL " COUNT_ARM("2", SEARCH_STATUS_ROWS, "$5", "$6") ARM2_SKIP " AND s.keys NOT LIKE $8 ESCAPE '!'"
	SEARCH_FURTHER SCOPE_MOST;
static const char sql_search_most_count_pg[] =
	"SELECT COUNT(*) FROM (SELECT 1" SEARCH_ARM(SEARCH_STATUS_ROWS, "$2", "$3", "", "$4", "''") SCOPE_MOST
	" UNION ALL SELECT 1" SEARCH_ARM(SEARCH_STATUS_ROWS, "$5", "$6", ARM2_SKIP, "$7", "$8") SCOPE_MOST
	" LIMIT $26) t";

/* Lists by name: everyone of the centre (index participants_centre_name),
 * everyone with a status (participants_centre_status), the participants a
 * scope reaches. */
static const char sql_list_all[] =
	"SELECT " ITEM_COLS " FROM participants p LEFT JOIN users u ON u.id = p.contact_id"
	" WHERE p.centre_id = $3 ORDER BY p.name_key, p.id LIMIT $1 OFFSET $2";
static const char sql_list_all_count[] =
	"SELECT COUNT(*) FROM (SELECT 1 FROM participants p WHERE p.centre_id = $2 LIMIT $1) t";
static const char sql_list_status[] =
	"SELECT " ITEM_COLS " FROM participants p LEFT JOIN users u ON u.id = p.contact_id"
	" WHERE p.centre_id = $3 AND p.status = $4 ORDER BY p.name_key, p.id LIMIT $1 OFFSET $2";
static const char sql_list_status_count[] =
	"SELECT COUNT(*) FROM (SELECT 1 FROM participants p WHERE p.centre_id = $2 AND p.status = $3"
	" LIMIT $1) t";
#define LIST_REACHED(PC, IN) \
	"SELECT " ITEM_COLS " FROM participants p LEFT JOIN users u ON u.id = p.contact_id" \
	" WHERE " PC " = $3 AND " IN("$3", "$4", "$5", "$6", "$7", "$8", "$9") \
	" AND ($10 = '' OR p.status = $10) ORDER BY p.name_key, p.id LIMIT $1 OFFSET $2"
#define LIST_REACHED_COUNT(PC, IN) \
	"SELECT COUNT(*) FROM (SELECT 1 FROM participants p" \
	" WHERE " PC " = $2 AND " IN("$2", "$3", "$4", "$5", "$6", "$7", "$8") \
	" AND ($9 = '' OR p.status = $9) LIMIT $1) t"
/* As the search's: a few people from REACHED's ids, most of the centre
 * in name order (the period's statuses on each row met). */
static const char sql_list_reached[] = LIST_REACHED("p.centre_id", IN_MOST);
static const char sql_list_reached_count[] = LIST_REACHED_COUNT("p.centre_id", IN_MOST);
static const char sql_list_few[] = LIST_REACHED("+p.centre_id", IN_FEW);
static const char sql_list_few_count[] = LIST_REACHED_COUNT("+p.centre_id", IN_FEW);

/* The export, a batch from the key ($1 name key, $2 id), $3 rows, $4 the
 * centre: the columns of participant_export_columns and the name key.
 * Everyone (participants_centre_name), everyone with a status ($5,
 * participants_centre_status), the participants a scope reaches ($5..$10,
 * REACHED; $11 the status, '' any). */
#define EXPORT_COLUMNS \
	"SELECT p.id, p.family_name, p.given_name, p.birth_date, p.gender, p.country_of_birth," \
	" p.status, u.display_name AS contact_name, p.phone, p.email, p.postcode, p.city, p.name_key" \
	" FROM participants p LEFT JOIN users u ON u.id = p.contact_id"
#define EXPORT_AFTER(K, I, L) \
	" AND p.name_key >= " K " AND (p.name_key > " K " OR p.id > " I ")" \
	" ORDER BY p.name_key, p.id LIMIT " L
static const char sql_export_all[] =
	EXPORT_COLUMNS " WHERE p.centre_id = $4" EXPORT_AFTER("$1", "$2", "$3");
static const char sql_export_status[] =
	EXPORT_COLUMNS " WHERE p.centre_id = $4 AND p.status = $5" EXPORT_AFTER("$1", "$2", "$3");
static const char sql_export_reached[] =
	EXPORT_COLUMNS
	" WHERE p.centre_id = $4 AND p.id IN " REACHED("$4", "$5", "$6", "$7", "$8", "$9", "$10")
	" AND ($11 = '' OR p.status = $11)" EXPORT_AFTER("$1", "$2", "$3");
/*
 * The export of a search: the participants the list's search finds
 * (SEARCH_MATCH on each: $1..$18 as the arms, the status $18), in name
 * order as the rest of the export, so that a batch goes on from the key
 * of the one before. Everyone: $19 name key, $20 id, $21 rows. A scope:
 * $19..$25 (REACHED, $19 the centre again), $26 name key, $27 id, $28
 * rows. Led by the arms' terms (SEARCH_CANDIDATES: the participants with
 * a term in an arm, by participant_search's centre and term), each batch
 * sorting its candidates by name: walking the centre in name order and
 * looking up each one's terms read the whole centre for a rare name,
 * 6-10 s on the SQLite million ("+p.centre_id" keeps SQLite from that walk).
 */
#define SEARCH_CANDIDATES \
	" AND p.id IN (SELECT s.participant_id FROM participant_search s" \
	"  WHERE s.centre_id = $1 AND s.term >= $2 AND s.term < $3" \
	"  UNION ALL SELECT s.participant_id FROM participant_search s" \
	"  WHERE s.centre_id = $1 AND s.term >= $5 AND s.term < $6)"
static const char sql_export_search_all[] =
	EXPORT_COLUMNS " WHERE +p.centre_id = $1" SEARCH_CANDIDATES SEARCH_MATCH EXPORT_AFTER("$19", "$20", "$21");
/* a search whose terms are many (search_leads()): the centre walked in
 * name order, each participant's terms looked up (participant_search_pid) */
static const char sql_export_search_walk[] =
	EXPORT_COLUMNS " WHERE p.centre_id = $1" SEARCH_MATCH EXPORT_AFTER("$19", "$20", "$21");
static const char sql_export_search_walk_most[] =
	EXPORT_COLUMNS " WHERE p.centre_id = $1 AND " IN_MOST("$19", "$20", "$21", "$22", "$23", "$24", "$25")
	SEARCH_MATCH EXPORT_AFTER("$26", "$27", "$28");
/* a scope of a few people (reach_few()) led by its ids, as the list's
 * search (sql_search_few); most of the centre by the terms, each kept
 * when the scope reaches them on their own row (REACHED_MOST) */
static const char sql_export_search_few[] =
	EXPORT_COLUMNS " WHERE +p.centre_id = $1 AND " IN_FEW("$19", "$20", "$21", "$22", "$23", "$24", "$25")
	SEARCH_MATCH EXPORT_AFTER("$26", "$27", "$28");
static const char sql_export_search_most[] =
	EXPORT_COLUMNS " WHERE +p.centre_id = $1" SEARCH_CANDIDATES " AND "
	IN_MOST("$19", "$20", "$21", "$22", "$23", "$24", "$25") SEARCH_MATCH EXPORT_AFTER("$26", "$27", "$28");

#define EXPORT_BATCH 2000

/*
 * One participant of the centre with what the product keeps beside the
 * register's columns: SELECT p.id, p.version, p.status, p.contact_id, the
 * contact person's name, p.created_at, p.updated_at and the descriptor's
 * columns. Built once from the descriptor (the statement cache keys on
 * the text's address).
 */
static char *sql_get;
static pthread_once_t sql_get_once = PTHREAD_ONCE_INIT;

static void
build_sql_get(void)
{
	const char *cols = table_columns(&participants);
	if (cols == NULL)
		return;
	static const char head[] =
		"SELECT p.id, p.version, p.status, p.contact_id,"
		" (SELECT u.display_name FROM users u WHERE u.id = p.contact_id) AS contact_name,"
		" p.created_at, p.updated_at, ";
	static const char tail[] = " FROM participants p WHERE p.id = $1 AND p.centre_id = $2";
	size_t n = strlen(head) + strlen(cols) + strlen(tail) + 1;
	char *s = malloc(n);
	if (s != NULL)
		snprintf(s, n, "%s%s%s", head, cols, tail);
	sql_get = s;
}

/* ---- the brief ---- */

static char *
dup_or_empty(struct arena *a, const char *s, bool *oom)
{
	char *c = arena_strdup(a, s != NULL ? s : "");
	if (c == NULL)
		*oom = true;
	return c;
}

int
store_participant_brief(struct db *db, struct arena *a, int64_t centre, int64_t id, int64_t viewer_id,
			struct participant_brief *out)
{
	struct db_stmt *st = db_prepare(db, sql_brief);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, viewer_id);
	db_bind_int(st, 3, centre);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		struct brief_row row;
		struct fields fs = FIELDS(brief_fields);
		fields_clear(fs, &row);
		rc = table_read(st, fs, &row, a);
		bool oom = false;
		out->id = row.id;
		out->given_name = dup_or_empty(a, row.given_name, &oom);
		out->family_name = dup_or_empty(a, row.family_name, &oom);
		out->birth_date = dup_or_empty(a, row.birth_date, &oom);
		out->status = dup_or_empty(a, row.status, &oom);
		out->contact_id = row.contact_id;
		out->version = row.version;
		out->contact_until = dup_or_empty(a, row.contact_until, &oom);
		out->health_referral = row.health_referral == 1;
		out->teaches = row.teaches == 1;
		out->follows_placement = row.follows_placement == 1;
		out->placed = row.placed == 1;
		if (rc == SC_OK && oom)
			rc = SC_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = SC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

/* ---- writing ---- */

/* Runs a statement of a record's lists: $1 the participant, $2 the centre. */
static int
run_of(struct db *db, const char *sql, int64_t id, int64_t centre)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	return db_run(st, NULL);
}

/* Writes the search terms of participant id (decision 45), each once:
 * the key is (centre, term, participant), and a foreign phone's digits
 * could equal the nin. */
static int
terms_write(struct db *db, int64_t centre, int64_t id, const struct participant *p)
{
	char terms[SEARCH_MAX_TERMS][NAME_KEY_MAX];
	char keys[SEARCH_KEYS_MAX];
	size_t nterms = participant_search_terms(p, terms);
	participant_search_keys(p, keys);
	int rc = SC_OK;
	for (size_t i = 0; i < nterms && rc == SC_OK; i++) {
		bool seen = terms[i][0] == '\0';
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(terms[i], terms[j]) == 0;
		if (seen)
			continue;
		struct db_stmt *st = db_prepare(db, sql_term_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, centre);
		db_bind_text(st, 3, terms[i]);
		db_bind_text(st, 4, keys);
		rc = db_run(st, NULL);
	}
	return rc;
}

/* Writes the languages, children and search terms of participant id
 * (after clearing the old ones when replace). */
static int
write_lists(struct db *db, int64_t centre, int64_t id, const struct participant *p, bool replace)
{
	static const char *const clear[] = {sql_languages_clear, sql_children_clear, sql_terms_clear};
	struct db_stmt *st;
	int rc = SC_OK;
	for (size_t i = 0; replace && i < sizeof clear / sizeof clear[0] && rc == SC_OK; i++)
		rc = run_of(db, clear[i], id, centre);
	const struct participant_language *langs = p->languages.items;
	const char *interpreter = p->interpreter != NULL ? p->interpreter : "";
	bool marked = false;
	for (size_t i = 0; i < p->languages.n && rc == SC_OK; i++) {
		bool here = !marked && *interpreter && strcmp(langs[i].name, interpreter) == 0;
		marked |= here;
		st = db_prepare(db, sql_language_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, centre);
		db_bind_int(st, 3, (int64_t)i);
		db_bind_text(st, 4, langs[i].name);
		db_bind_int(st, 5, here ? 1 : 0);
		rc = db_run(st, NULL);
	}
	const struct participant_child *kids = p->children.items;
	for (size_t i = 0; i < p->children.n && rc == SC_OK; i++) {
		char d[11];
		date_format(kids[i].birth_date, d);
		st = db_prepare(db, sql_child_add);
		if (st == NULL)
			return SC_EDB;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, centre);
		db_bind_int(st, 3, (int64_t)i);
		db_bind_text(st, 4, d);
		rc = db_run(st, NULL);
	}
	return rc == SC_OK ? terms_write(db, centre, id, p) : rc;
}

/* Records a saved version; *change_id (may be NULL) gets its row's id. */
static int
change_add(struct db *db, int64_t centre, int64_t id, int64_t version, const char *fields, int64_t at,
	   int64_t by, int64_t *change_id)
{
	struct db_stmt *st = db_prepare(db, sql_change_add);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, version);
	db_bind_text(st, 4, fields);
	db_bind_int(st, 5, at);
	if (by > 0)
		db_bind_int(st, 6, by);
	else
		db_bind_null(st, 6);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (change_id != NULL)
			*change_id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_EDB;
	}
	db_done(st);
	return rc;
}

/* The old and new value of each field in fields (comma-separated keys)
 * for the change change_id, as the form holds them; the identity number's
 * as two empty values (participant_field_history_keeps_values). */
static int
change_values_add(struct db *db, struct arena *a, int64_t centre, int64_t change_id, const char *fields,
		  const struct participant *before, const struct participant *after)
{
	int rc = SC_OK;
	const char *s = fields;
	while (rc == SC_OK && *s) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char key[64];
		if (n > 0 && n < sizeof key) {
			memcpy(key, s, n);
			key[n] = '\0';
			const struct field *f = participant_field(key);
			const char *old_text = "", *new_text = "";
			if (f != NULL && participant_field_history_keeps_values(key)) {
				old_text = participant_text(before, f, a);
				new_text = participant_text(after, f, a);
				if (old_text == NULL || new_text == NULL)
					return SC_ENOMEM;
			}
			struct db_stmt *st = db_prepare(db, sql_change_value_add);
			if (st == NULL)
				return SC_EDB;
			db_bind_int(st, 1, change_id);
			db_bind_int(st, 2, centre);
			db_bind_text(st, 3, key);
			db_bind_text(st, 4, old_text);
			db_bind_text(st, 5, new_text);
			rc = db_run(st, NULL);
		}
		s += n;
		if (*s == ',')
			s++;
	}
	return rc;
}

/* The Norwegian levels this save assesses (participant_levels_assessed),
 * dated today, in the save's transaction. */
static int
levels_add(struct db *db, int64_t centre, int64_t id, const struct participant *before,
	   const struct participant *after, int64_t by, int64_t now, struct date today)
{
	enum cefr_skill skills[SKILL_COUNT];
	size_t n = participant_levels_assessed(before, after, skills);
	int rc = SC_OK;
	for (size_t i = 0; i < n && rc == SC_OK; i++)
		rc = store_language_assessment_add(db, centre, id, skills[i], (enum cefr)after->cefr[skills[i]],
						   today, LEVEL_SOURCE_REGISTER, "", by, now, NULL);
	return rc;
}

/* The record as its table's row: the name key filled in. */
static struct participant
as_row(const struct participant *p, char key[NAME_KEY_MAX])
{
	struct participant row = *p;
	participant_name_key(p, key);
	row.name_key = key;
	return row;
}

int
store_participant_create(struct db *db, int64_t centre, const struct participant *p, int64_t by, int64_t now,
			 struct date today, int64_t *id)
{
	char key[NAME_KEY_MAX];
	struct participant row = as_row(p, key);
	int64_t new_id = 0;
	int rc = table_insert(db, &participants, centre, &row, by, now, &new_id);
	if (rc == SC_OK)
		rc = write_lists(db, centre, new_id, p, false);
	if (rc == SC_OK)
		rc = change_add(db, centre, new_id, 1, "", now, by, NULL);
	if (rc == SC_OK)
		rc = levels_add(db, centre, new_id, NULL, p, by, now, today);
	if (rc == SC_OK && id != NULL)
		*id = new_id;
	return rc;
}

int
store_participant_set_status(struct db *db, int64_t id, const char *status, int64_t now)
{
	if (!participant_status_valid(status))
		return SC_EINVAL;
	struct db_stmt *st = db_prepare(db, sql_set_status);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, status);
	db_bind_int(st, 3, now);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_participant_set_contact_until(struct db *db, int64_t id, struct date until, bool only_earlier)
{
	char day[11];
	date_format(until, day);
	struct db_stmt *st = db_prepare(db, sql_set_contact_until);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, day);
	db_bind_int(st, 3, only_earlier ? 1 : 0);
	int64_t changed = 0;
	int rc = db_run(st, &changed);
	if (rc == SC_OK && changed == 0)
		rc = SC_ENOTFOUND;
	return rc;
}

int
store_participant_update(struct db *db, struct arena *a, int64_t centre, int64_t id, int64_t expected_version,
			 const struct participant *before, const struct participant *after, const char *changed,
			 int64_t by, int64_t now, struct date today)
{
	char key[NAME_KEY_MAX];
	struct participant row = as_row(after, key);
	int rc = table_update(db, &participants, centre, id, expected_version, &row, now);
	if (rc == SC_OK)
		rc = write_lists(db, centre, id, after, true);
	int64_t change_id = 0;
	if (rc == SC_OK)
		rc = change_add(db, centre, id, expected_version + 1, changed, now, by, &change_id);
	if (rc == SC_OK)
		rc = change_values_add(db, a, centre, change_id, changed, before, after);
	if (rc == SC_OK)
		rc = levels_add(db, centre, id, before, after, by, now, today);
	return rc;
}

/* ---- reading ---- */

/* The languages of participant id, with the interpreter's. */
static int
read_languages(struct db *db, struct arena *a, int64_t centre, int64_t id, struct participant *out)
{
	struct db_stmt *st = db_prepare(db, sql_languages);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	struct participant_language *list = arena_alloc(a, PARTICIPANT_MAX_LANGUAGES * sizeof *list);
	size_t n = 0;
	int rc = list != NULL ? SC_OK : SC_ENOMEM;
	struct fields fs = FIELDS(language_fields);
	while (rc == SC_OK && (rc = db_step(st)) == DB_ROW) {
		rc = SC_OK;
		if (n == PARTICIPANT_MAX_LANGUAGES)
			continue;
		struct language_row row;
		fields_clear(fs, &row);
		rc = table_read(st, fs, &row, a);
		list[n].name = row.name;
		if (row.interpreter == 1 && *out->interpreter == '\0')
			out->interpreter = row.name;
		n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	out->languages = (struct field_list){n, n > 0 ? list : NULL};
	return SC_OK;
}

/* The children of participant id, by the declared item of "children". */
static int
read_children(struct db *db, struct arena *a, int64_t centre, int64_t id, struct participant *out)
{
	const struct field *f = fields_find(participant_fields, "children");
	struct fields item = {f->item, f->nitem};
	struct db_stmt *st = db_prepare(db, sql_children);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	struct participant_child *list = arena_alloc(a, PARTICIPANT_MAX_CHILDREN * sizeof *list);
	size_t n = 0;
	int rc = list != NULL ? SC_OK : SC_ENOMEM;
	while (rc == SC_OK && (rc = db_step(st)) == DB_ROW) {
		rc = SC_OK;
		if (n == PARTICIPANT_MAX_CHILDREN)
			continue;
		fields_clear(item, &list[n]);
		rc = table_read(st, item, &list[n], a);
		if (list[n].birth_date.y != 0)
			n++;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	out->children = (struct field_list){n, n > 0 ? list : NULL};
	return SC_OK;
}

int
store_participant_get(struct db *db, struct arena *a, int64_t centre, int64_t id, struct participant *out)
{
	participant_clear(out);
	pthread_once(&sql_get_once, build_sql_get);
	if (sql_get == NULL)
		return SC_ENOMEM;
	struct db_stmt *st = db_prepare(db, sql_get);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	int rc = db_step(st);
	if (rc == DB_ROW)
		rc = table_read(st, participant_fields, out, a);
	else if (rc == DB_DONE)
		rc = SC_ENOTFOUND;
	db_done(st);
	if (rc == SC_OK)
		rc = read_languages(db, a, centre, id, out);
	if (rc == SC_OK)
		rc = read_children(db, a, centre, id, out);
	return rc;
}

static int
one_id(struct db_stmt *st, int64_t *id)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = SC_OK;
	} else if (rc == DB_DONE) {
		rc = SC_OK;
	}
	db_done(st);
	return rc;
}

int
store_participant_duplicate(struct db *db, int64_t centre, const struct participant *p, int64_t exclude_id,
			    int64_t *dup_id, bool *same_nin)
{
	*dup_id = 0;
	if (same_nin != NULL)
		*same_nin = false;
	struct db_stmt *st;
	int rc;
	if (p->nin != NULL && p->nin[0] != '\0') {
		st = db_prepare(db, sql_dup_nin);
		if (st == NULL)
			return SC_EDB;
		db_bind_text(st, 1, p->nin);
		db_bind_int(st, 2, exclude_id);
		db_bind_int(st, 3, centre);
		rc = one_id(st, dup_id);
		if (rc != SC_OK || *dup_id != 0) {
			if (same_nin != NULL)
				*same_nin = *dup_id != 0;
			return rc;
		}
	}
	char key[NAME_KEY_MAX], birth[11];
	participant_name_key(p, key);
	date_format(p->birth_date, birth);
	st = db_prepare(db, sql_dup_name);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, birth);
	db_bind_text(st, 2, key);
	db_bind_int(st, 3, exclude_id);
	db_bind_int(st, 4, centre);
	return one_id(st, dup_id);
}

int
store_participant_nin_taken(struct db *db, const char *nin, int64_t exclude_id, bool *taken)
{
	*taken = false;
	if (nin == NULL || *nin == '\0')
		return SC_OK;
	struct db_stmt *st = db_prepare(db, sql_nin_taken);
	if (st == NULL)
		return SC_EDB;
	db_bind_text(st, 1, nin);
	db_bind_int(st, 2, exclude_id);
	int64_t n = 0;
	int rc = one_id(st, &n);
	*taken = n > 0;
	return rc;
}

/* Attaches the kept values to the changes (both in version order). */
static int
read_change_values(struct db *db, struct arena *a, int64_t centre, int64_t id, int64_t after_version,
		   struct participant_change *list, size_t count)
{
	if (count == 0)
		return SC_OK;
	struct db_stmt *st = db_prepare(db, sql_change_values_since);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, after_version);
	struct fields fs = FIELDS(value_fields);
	size_t at = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct value_row row;
		fields_clear(fs, &row);
		rc = table_read(st, fs, &row, a);
		if (rc != SC_OK)
			break;
		while (at < count && list[at].version < row.version)
			at++;
		if (at == count)
			break;
		struct participant_change *c = &list[at];
		if (c->version != row.version || c->nvalues == PARTICIPANT_CHANGE_VALUES_MAX)
			continue;
		if (c->values == NULL) {
			c->values = arena_alloc(a, PARTICIPANT_CHANGE_VALUES_MAX * sizeof *c->values);
			if (c->values == NULL) {
				rc = SC_ENOMEM;
				break;
			}
		}
		c->values[c->nvalues++] = row.v;
	}
	db_done(st);
	return rc < 0 ? rc : SC_OK;
}

int
store_participant_changes_since(struct db *db, struct arena *a, int64_t centre, int64_t id,
				int64_t after_version, struct participant_change **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db, sql_changes_since);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, centre);
	db_bind_int(st, 3, after_version);
	struct fields fs = FIELDS(change_fields);
	size_t cap = 0, count = 0;
	struct participant_change *list = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct participant_change *grown = arena_alloc(a, ncap * sizeof *grown);
			if (grown == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			if (count > 0)
				memcpy(grown, list, count * sizeof *grown);
			list = grown;
			cap = ncap;
		}
		struct participant_change *c = &list[count++];
		memset(c, 0, sizeof *c);
		fields_clear(fs, c);
		rc = table_read(st, fs, c, a);
		if (rc != SC_OK)
			break;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	rc = read_change_values(db, a, centre, id, after_version, list, count);
	if (rc != SC_OK)
		return rc;
	*items = list;
	*n = count;
	return SC_OK;
}

/* ---- lists and search ---- */

/* Reads the ITEM_COLS rows of a prepared, bound statement. */
static int
read_items(struct db_stmt *st, struct arena *a, int64_t limit, struct participant **items, size_t *n)
{
	struct participant *list = arena_alloc(a, sizeof *list * (size_t)limit);
	if (list == NULL) {
		db_done(st);
		return SC_ENOMEM;
	}
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		participant_clear(&list[count]);
		rc = table_read(st, participant_fields, &list[count], a);
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

/* Runs a prepared, bound COUNT(*) ... LIMIT cap+1 and sets the capped total. */
static int
read_total(struct db_stmt *st, int64_t *total, bool *capped)
{
	int rc = db_step(st);
	int64_t count = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc < 0)
		return rc;
	*capped = count > PARTICIPANT_COUNT_CAP;
	*total = *capped ? PARTICIPANT_COUNT_CAP : count;
	return SC_OK;
}

static void
clamp_page(int64_t *limit, int64_t *offset)
{
	if (*limit < 1 || *limit > 200)
		*limit = 50;
	if (*offset < 0)
		*offset = 0;
}

static bool
is_number_word(const char *w)
{
	for (; *w; w++)
		if (*w < '0' || *w > '9')
			return false;
	return true;
}

/* What a LIKE pattern of a key looks for in a participant's keys
 * (" k1 k2 ... "). */
enum pattern {
	PAT_BEGINS,      /* "% k%": a key begins with k */
	PAT_TWICE,       /* "% k% k%": two keys do */
	PAT_WHOLE,       /* "% k %": k is a key */
};

/* The pattern, LIKE's characters escaped by '!'; NULL when out of memory. */
static char *
like_pattern(struct arena *a, const char *k, enum pattern how)
{
	char *pat = arena_alloc(a, 2 * (2 * strlen(k) + 2) + 3);
	if (pat == NULL)
		return NULL;
	size_t n = 0;
	pat[n++] = '%';
	for (int i = 0; i < (how == PAT_TWICE ? 2 : 1); i++) {
		pat[n++] = ' ';
		for (const char *c = k; *c; c++) {
			if (*c == '%' || *c == '_' || *c == '!')
				pat[n++] = '!';
			pat[n++] = *c;
		}
		if (how == PAT_WHOLE)
			pat[n++] = ' ';
		pat[n++] = '%';
	}
	pat[n] = '\0';
	return pat;
}

/* Binds text and the end of its prefix range at $idx, $idx + 1. */
static int
bind_range(struct arena *a, struct db_stmt *st, int idx, const char *prefix)
{
	char *end = arena_alloc(a, strlen(prefix) + 1);
	if (end == NULL)
		return SC_ENOMEM;
	search_prefix_end(prefix, end);
	db_bind_text(st, idx, prefix);
	db_bind_text(st, idx + 1, end);
	return SC_OK;
}

/* Binds a pattern of k at $idx. */
static int
bind_pattern(struct arena *a, struct db_stmt *st, int idx, const char *k, enum pattern how)
{
	char *pat = like_pattern(a, k, how);
	if (pat == NULL)
		return SC_ENOMEM;
	db_bind_text(st, idx, pat);
	return SC_OK;
}

/*
 * Binds the centre, the words of q and the status as $1..$18 (see the SQL
 * above). Returns 19, the next $N, or SC_ENOMEM.
 */
static int
bind_query(struct arena *a, struct db_stmt *st, int64_t centre, const struct search_query *q,
	   const char *status)
{
	/* Name words by the length of their keys, longest first (a stable
	 * order: the first typed wins a tie); numbers as typed. */
	size_t names[4], nnames = 0, nums[4], nnums = 0;
	for (size_t i = 0; i < q->nwords && i < 4; i++) {
		if (is_number_word(q->keys[i])) {
			nums[nnums++] = i;
			continue;
		}
		size_t at = nnames++;
		while (at > 0 && strlen(q->keys[names[at - 1]]) < strlen(q->keys[i])) {
			names[at] = names[at - 1];
			at--;
		}
		names[at] = i;
	}
	int rc = SC_OK;
	db_bind_int(st, 1, centre);
	size_t used_names = 0, used_nums = 0;
	if (nnames >= 2 && strcmp(q->keys[names[0]], q->keys[names[1]]) != 0) {
		/* Two arms of pairs: "&a b..." and "&b a..." without a whole. */
		const char *ka = q->keys[names[0]], *kb = q->keys[names[1]];
		size_t la = strlen(ka), lb = strlen(kb);
		char *one = arena_alloc(a, la + lb + 3), *two = arena_alloc(a, la + lb + 3);
		if (one == NULL || two == NULL)
			return SC_ENOMEM;
		snprintf(one, la + lb + 3, "&%s %s", ka, kb);
		snprintf(two, la + lb + 3, "&%s %s", kb, ka);
		rc = bind_range(a, st, 2, one);
		if (rc == SC_OK)
			rc = bind_pattern(a, st, 4, kb, PAT_TWICE);
		if (rc == SC_OK)
			rc = bind_range(a, st, 5, two);
		if (rc == SC_OK)
			rc = bind_pattern(a, st, 7, ka, PAT_TWICE);
		if (rc == SC_OK)
			rc = bind_pattern(a, st, 8, ka, PAT_WHOLE);
		used_names = 2;
	} else {
		/* One range: the longest name word's, else the first number's. */
		const char *k = nnames > 0 ? q->keys[names[0]] : q->keys[nums[0]];
		if (nnames > 0)
			used_names = nnames >= 2 ? 2 : 1;   /* two words of one key are one */
		else
			used_nums = 1;
		rc = bind_range(a, st, 2, k);
		if (rc == SC_OK)
			rc = bind_pattern(a, st, 4, k, PAT_TWICE);
		db_bind_text(st, 5, "");
		db_bind_text(st, 6, "");
		db_bind_text(st, 7, "");
		db_bind_text(st, 8, "");
	}
	for (size_t i = 0; i < 3 && rc == SC_OK; i++) {
		if (used_names + i < nnames)
			rc = bind_pattern(a, st, 9 + (int)i, q->keys[names[used_names + i]], PAT_BEGINS);
		else
			db_bind_text(st, 9 + (int)i, "");
	}
	for (size_t i = 0; i < 3 && rc == SC_OK; i++) {
		if (used_nums + i < nnums) {
			rc = bind_range(a, st, 12 + 2 * (int)i, q->keys[nums[used_nums + i]]);
		} else {
			db_bind_text(st, 12 + 2 * (int)i, "");
			db_bind_text(st, 13 + 2 * (int)i, "");
		}
	}
	db_bind_text(st, 18, status ? status : "");
	return rc == SC_OK ? 19 : rc;
}

/* Whether the terms of q's arms are few enough to lead an export of the
 * search (SEARCH_CANDIDATES): a number, two name words (their pairs), or
 * a name word of SEARCH_LEAD_KEY letters or more. A key of one or two
 * letters matches a large part of a centre's terms, which each batch of
 * the export would read again: the centre's walk in name order reads each
 * participant once. */
#define SEARCH_LEAD_KEY 3
static bool
search_leads(const struct search_query *q)
{
	/* the two longest name words, the first typed winning a tie, as
	 * bind_query() orders them */
	const char *one = NULL, *two = NULL;
	for (size_t i = 0; i < q->nwords && i < 4; i++) {
		const char *k = q->keys[i];
		if (is_number_word(k))
			continue;
		if (one == NULL || strlen(k) > strlen(one)) {
			two = one;
			one = k;
		} else if (two == NULL || strlen(k) > strlen(two)) {
			two = k;
		}
	}
	return one == NULL || (two != NULL && strcmp(one, two) != 0) || strlen(one) >= SEARCH_LEAD_KEY;
}

bool
reach_everyone(const struct participant_scope *scope)
{
	return (scope->relations & REL_BIT(REL_EVERYONE)) != 0;
}

bool
reach_few(const struct participant_scope *scope)
{
	return (scope->relations & (REL_BIT(REL_EVERYONE) | REL_BIT(REL_IN_PROGRAMME))) == 0;
}

int
reach_bind(struct db_stmt *st, int idx, int64_t centre, const struct participant_scope *scope)
{
	uint32_t rel = scope->relations;
	bool open = (rel & REL_BIT(REL_CONTACT)) != 0, exited = (rel & REL_BIT(REL_CONTACT_EXITED)) != 0;
	db_bind_int(st, idx, centre);
	db_bind_int(st, idx + 1, open || exited ? scope->user_id : 0);
	db_bind_int(st, idx + 2, open ? 1 : 0);
	db_bind_int(st, idx + 3, exited ? 1 : 0);
	db_bind_text(st, idx + 4, scope->today != NULL ? scope->today : "");
	/* h: the health worker of referrals, and the teacher of groups */
	db_bind_int(st, idx + 5, (rel & (REL_BIT(REL_HEALTH) | REL_BIT(REL_TEACHER))) ? scope->user_id : 0);
	db_bind_int(st, idx + 6, (rel & REL_BIT(REL_IN_PROGRAMME)) ? 1 : 0);
	return idx + 7;
}

/* Binds sql_search_one_pg's or sql_search_one_count_pg's word ($1 to $4):
 * the next $N, or SC_ENOMEM. */
static int
bind_one_word(struct arena *a, struct db_stmt *st, int64_t centre, const struct search_query *q)
{
	db_bind_int(st, 1, centre);
	int rc = bind_range(a, st, 2, q->keys[0]);
	if (rc == SC_OK)
		rc = bind_pattern(a, st, 4, q->keys[0], PAT_TWICE);
	return rc == SC_OK ? 5 : rc;
}

/* Binds a search and, for a scope that is not everyone, the scope: the
 * next $N, or SC_ENOMEM. */
static int
bind_search(struct arena *a, struct db_stmt *st, int64_t centre, const struct search_query *q,
	    const struct participant_scope *scope, const char *status)
{
	int idx = bind_query(a, st, centre, q, status);
	if (idx > 0 && !reach_everyone(scope))
		idx = reach_bind(st, idx, centre, scope);
	return idx;
}

int
store_participant_search(struct db *db, struct arena *a, int64_t centre, const struct search_query *q,
			 const struct participant_scope *scope, const char *status, int64_t limit,
			 int64_t offset, struct participant **items, size_t *n, int64_t *total,
			 bool *total_capped)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	*total_capped = false;
	if (q == NULL || q->nwords == 0 || q->keys[0][0] == '\0')
		return SC_EINVAL;
	clamp_page(&limit, &offset);
	bool all = reach_everyone(scope), any = status == NULL || status[0] == '\0';
	bool one = all && any && q->nwords == 1 && db_kind(db) == DB_POSTGRES;
	const char *page = sql_search_all;
	if (db_kind(db) == DB_POSTGRES)
		page = one ? sql_search_one_pg : any ? sql_search_all_pg : sql_search_all_status_pg;
	bool pg = db_kind(db) == DB_POSTGRES;
	struct db_stmt *st = db_prepare(db, all ? page
					    : reach_few(scope) ? sql_search_few
					    : pg ? sql_search_most_pg : sql_search_most);
	if (st == NULL)
		return SC_EDB;
	int idx = one ? bind_one_word(a, st, centre, q) : bind_search(a, st, centre, q, scope, status);
	if (idx < 0) {
		db_done(st);
		return idx;
	}
	db_bind_int(st, idx++, limit);
	db_bind_int(st, idx, offset);
	int rc = read_items(st, a, limit, items, n);
	if (rc != SC_OK)
		return rc;
	/* A page that is not full, reached from its first row, holds them
	 * all: no need to count. */
	if (*n < (size_t)limit && (*n > 0 || offset == 0)) {
		*total = offset + (int64_t)*n;
		*total_capped = *total > PARTICIPANT_COUNT_CAP;
		if (*total_capped)
			*total = PARTICIPANT_COUNT_CAP;
		return SC_OK;
	}
	return store_participant_search_count(db, a, centre, q, scope, status, PARTICIPANT_COUNT_CAP, total,
					      total_capped);
}

/*
 * Counts the participants of st's rows (arm, participant id), each once an
 * arm, up to stop: a set of (arm, id) in an open-addressed table of the
 * arena, twice the size of stop rounded up to a power of two. Returns a
 * negative SC_ error or 0.
 */
static int
count_arms(struct arena *a, struct db_stmt *st, int64_t stop, int64_t *count)
{
	size_t size = 16;
	while (size < 2 * (size_t)stop)
		size *= 2;
	uint64_t *set = arena_alloc(a, size * sizeof *set);
	if (set == NULL)
		return SC_ENOMEM;
	memset(set, 0, size * sizeof *set);
	int rc = DB_DONE;
	*count = 0;
	while (*count < stop && (rc = db_step(st)) == DB_ROW) {
		/* an id is positive and below 2^62: the arm is the top bits, so
		 * that no entry is 0, the empty slot */
		uint64_t key = (uint64_t)db_col_int(st, 0) << 62 | (uint64_t)db_col_int(st, 1);
		size_t i = (size_t)((key * 0x9E3779B97F4A7C15u) >> 32) & (size - 1);
		while (set[i] != 0 && set[i] != key)
			i = (i + 1) & (size - 1);
		if (set[i] == 0) {
			set[i] = key;
			++*count;
		}
	}
	return *count >= stop ? 0 : rc == DB_DONE ? 0 : rc;
}

int
store_participant_search_count(struct db *db, struct arena *a, int64_t centre, const struct search_query *q,
			       const struct participant_scope *scope, const char *status, int64_t cap,
			       int64_t *total, bool *total_capped)
{
	*total = 0;
	*total_capped = false;
	if (q == NULL || q->nwords == 0 || q->keys[0][0] == '\0')
		return SC_EINVAL;
	bool all = reach_everyone(scope), any = status == NULL || *status == '\0';
	bool most = !all && !reach_few(scope), sqlite = db_kind(db) == DB_SQLITE;
	bool arms = (all || most) && sqlite;
	bool one = all && any && q->nwords == 1 && !sqlite;
	struct db_stmt *st = db_prepare(db, most ? (sqlite ? sql_search_most_arms : sql_search_most_count_pg)
					    : arms ? (any ? sql_search_all_arms : sql_search_all_status_arms)
					    : !all ? sql_search_few_count
					    : one ? sql_search_one_count_pg
					    : any ? sql_search_all_count : sql_search_all_status_count);
	if (st == NULL)
		return SC_EDB;
	int idx = one ? bind_one_word(a, st, centre, q) : bind_search(a, st, centre, q, scope, status);
	if (idx < 0) {
		db_done(st);
		return idx;
	}
	db_bind_int(st, idx, cap + 1);
	int64_t count = 0;
	int rc;
	if (arms) {
		rc = count_arms(a, st, cap + 1, &count);
	} else {
		rc = db_step(st);
		count = rc == DB_ROW ? db_col_int(st, 0) : 0;
	}
	db_done(st);
	if (rc < 0)
		return rc;
	*total_capped = count > cap;
	*total = *total_capped ? cap : count;
	return SC_OK;
}

int
store_participant_list(struct db *db, struct arena *a, int64_t centre, const struct participant_scope *scope,
		       const char *status, int64_t limit, int64_t offset, struct participant **items,
		       size_t *n, int64_t *total, bool *total_capped)
{
	*items = NULL;
	*n = 0;
	*total = 0;
	*total_capped = false;
	clamp_page(&limit, &offset);
	bool all = reach_everyone(scope);
	bool any = status == NULL || *status == '\0';
	const char *sql = !all ? (reach_few(scope) ? sql_list_few : sql_list_reached) : any ? sql_list_all : sql_list_status;
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, limit);
	db_bind_int(st, 2, offset);
	if (!all) {
		int idx = reach_bind(st, 3, centre, scope);
		db_bind_text(st, idx, any ? "" : status);
	} else {
		db_bind_int(st, 3, centre);
		if (!any)
			db_bind_text(st, 4, status);
	}
	int rc = read_items(st, a, limit, items, n);
	if (rc != SC_OK)
		return rc;
	sql = !all ? (reach_few(scope) ? sql_list_few_count : sql_list_reached_count)
	    : any ? sql_list_all_count : sql_list_status_count;
	st = db_prepare(db, sql);
	if (st == NULL)
		return SC_EDB;
	db_bind_int(st, 1, PARTICIPANT_COUNT_CAP + 1);
	if (!all) {
		int idx = reach_bind(st, 2, centre, scope);
		db_bind_text(st, idx, any ? "" : status);
	} else {
		db_bind_int(st, 2, centre);
		if (!any)
			db_bind_text(st, 3, status);
	}
	return read_total(st, total, total_capped);
}

/* ---- the export ---- */

/* The statement of an export's batch, bound from the key (last_key,
 * last_id) for limit rows; NULL when it cannot be prepared or bound
 * (*rc says which). */
static struct db_stmt *
export_batch(struct db *db, struct arena *a, int64_t centre, const struct participant_scope *scope,
	     const struct search_query *q, const char *status, const char *last_key, int64_t last_id,
	     int64_t limit, int *rc)
{
	bool all = reach_everyone(scope), any = status == NULL || status[0] == '\0';
	bool few = !all && reach_few(scope), leads = q != NULL && !few && search_leads(q);
	const char *sql = q != NULL ? (few     ? sql_export_search_few
				       : leads ? (all ? sql_export_search_all : sql_export_search_most)
					       : (all ? sql_export_search_walk : sql_export_search_walk_most))
			: !all ? sql_export_reached : any ? sql_export_all : sql_export_status;
	struct db_stmt *st = db_prepare(db, sql);
	if (st == NULL) {
		*rc = SC_EDB;
		return NULL;
	}
	if (q != NULL) {
		int idx = bind_search(a, st, centre, q, scope, status);
		if (idx < 0) {
			db_done(st);
			*rc = idx;
			return NULL;
		}
		db_bind_text(st, idx, last_key);
		db_bind_int(st, idx + 1, last_id);
		db_bind_int(st, idx + 2, limit);
		return st;
	}
	db_bind_text(st, 1, last_key);
	db_bind_int(st, 2, last_id);
	db_bind_int(st, 3, limit);
	if (!all) {
		int idx = reach_bind(st, 4, centre, scope);
		db_bind_text(st, idx, any ? "" : status);
	} else {
		db_bind_int(st, 4, centre);
		if (!any)
			db_bind_text(st, 5, status);
	}
	return st;
}

int
store_participant_export(struct db *db, int64_t centre, const struct participant_scope *scope,
			 const struct search_query *q, const char *status, participant_export_fn fn, void *ctx,
			 int64_t *count)
{
	if (count != NULL)
		*count = 0;
	if (q != NULL && (q->nwords == 0 || q->keys[0][0] == '\0'))
		return SC_EINVAL;
	/* The last row's key, copied before its batch's arena is freed
	 * (grown when needed, not allocated per row). */
	size_t key_cap = 256;
	char *last_key = calloc(1, key_cap);
	int64_t last_id = 0, n = 0;
	int rc = last_key != NULL ? SC_OK : SC_ENOMEM;
	while (rc == SC_OK) {
		struct arena *batch = arena_new();
		rc = SC_ENOMEM;
		struct db_stmt *st = batch != NULL ? export_batch(db, batch, centre, scope, q, status, last_key,
								  last_id, EXPORT_BATCH, &rc)
						   : NULL;
		if (st == NULL) {
			arena_free(batch);
			break;
		}
		rc = SC_OK;
		int64_t in_batch = 0;
		int step;
		while ((step = db_step(st)) == DB_ROW) {
			struct participant row;
			participant_clear(&row);
			rc = table_read(st, participant_fields, &row, batch);
			if (rc != SC_OK)
				break;
			in_batch++;
			n++;
			rc = fn(ctx, &row);
			if (rc != SC_OK)
				break;
			last_id = row.id;
			size_t klen = strlen(row.name_key);
			if (klen >= key_cap) {
				char *bigger = realloc(last_key, klen + 1);
				if (bigger == NULL) {
					rc = SC_ENOMEM;
					break;
				}
				last_key = bigger;
				key_cap = klen + 1;
			}
			memcpy(last_key, row.name_key, klen + 1);
		}
		if (rc == SC_OK && step < 0)
			rc = step;
		db_done(st);
		arena_free(batch);
		if (in_batch < EXPORT_BATCH)
			break;
	}
	free(last_key);
	if (count != NULL)
		*count = n;
	return rc;
}

/* ---- making the search terms again (migration 20) ---- */

static const char sql_rebuild_page[] =
	"SELECT id, centre_id, given_name, family_name, COALESCE(nin, ''), COALESCE(phone, '')"
	" FROM participants WHERE id > $1 ORDER BY id LIMIT 1000";

/* One participant of a page being made again. */
struct rebuild_row {
	int64_t id, centre;
	struct participant p;
};

int
store_participant_search_rebuild(struct db *db)
{
	int64_t after = 0;
	int rc = SC_OK;
	struct arena *a = NULL;
	for (;;) {
		arena_free(a);
		a = arena_new();
		struct rebuild_row *rows = a != NULL ? arena_alloc(a, 1000 * sizeof *rows) : NULL;
		if (rows == NULL) {
			rc = SC_ENOMEM;
			break;
		}
		struct db_stmt *st = db_prepare(db, sql_rebuild_page);
		if (st == NULL) {
			rc = SC_EDB;
			break;
		}
		db_bind_int(st, 1, after);
		size_t n = 0;
		while ((rc = db_step(st)) == DB_ROW && n < 1000) {
			struct rebuild_row *r = &rows[n];
			participant_clear(&r->p);
			r->id = db_col_int(st, 0);
			r->centre = db_col_int(st, 1);
			r->p.given_name = arena_strdup(a, db_col_text(st, 2));
			r->p.family_name = arena_strdup(a, db_col_text(st, 3));
			r->p.nin = arena_strdup(a, db_col_text(st, 4));
			r->p.phone = arena_strdup(a, db_col_text(st, 5));
			if (r->p.given_name == NULL || r->p.family_name == NULL || r->p.nin == NULL ||
			    r->p.phone == NULL) {
				rc = SC_ENOMEM;
				break;
			}
			n++;
		}
		db_done(st);
		if (rc < 0)
			break;
		rc = SC_OK;
		for (size_t i = 0; i < n && rc == SC_OK; i++)
			rc = terms_write(db, rows[i].centre, rows[i].id, &rows[i].p);
		if (rc != SC_OK || n < 1000)
			break;
		after = rows[n - 1].id;
	}
	arena_free(a);
	return rc;
}
