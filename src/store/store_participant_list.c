/*
 * store_participant_list.c — the participant register's lists, search and
 * export; see store_participant.h. Split from store_participant.c, which
 * writes and reads the record.
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
 * batch at a time, or a search's terms when they are few (decision 148).
 * The condition "name_key >= $1 AND (name_key > $1 OR id > $2)" keeps a
 * plain index range on both engines, where an OR alone or a row value
 * might make a planner sort what is left of the table for every batch.
 */
#include "db.h"
#include "reach.h"
#include "store.h"
#include "store_participant_search.h"
#include "table.h"
#include "domain/access.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
 * them are left out (their keys hold a whole): the arm's range begins
 * after them, at "&b a!" (a term is "&b a", "&b a " and more, or "&b a"
 * and more letters; ' ' sorts before '!' and '!' before a letter). A
 * comparison of each term passed them (decision 93), but the index still
 * read them all, for every page: for "Amina Hassan" all 881 terms of the
 * second arm are these (issue 13). */
#define ARM2_LO "($5 || '!')"
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
	" UNION ALL SELECT s.term, " SEARCH_ITEM_COLS SEARCH_ARM(SEARCH_ROWS, ARM2_LO, "$6", "", "$7", "$8")
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
	SEARCH_PAGE_ARM(from, ARM2_LO, "$6", "", "$7", "$8", status, L, O) ") x" \
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
	" UNION ALL SELECT 1" SEARCH_ARM(SEARCH_TERMS, ARM2_LO, "$6", "", "$7", "$8") " AND $18 = '' LIMIT $19) t";
static const char sql_search_all_status_count[] =
	"SELECT COUNT(*) FROM (SELECT 1" SEARCH_ARM(SEARCH_STATUS_ROWS, "$2", "$3", "", "$4", "''")
	" AND p.status = $18"
	" UNION ALL SELECT 1" SEARCH_ARM(SEARCH_STATUS_ROWS, ARM2_LO, "$6", "", "$7", "$8") " AND p.status = $18"
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
	" UNION ALL " COUNT_ARM("2", SEARCH_TERMS, ARM2_LO, "$6") " AND s.keys NOT LIKE $8 ESCAPE '!'"
	SEARCH_FURTHER " AND $18 = ''";
static const char sql_search_all_status_arms[] =
	COUNT_ARM("1", SEARCH_STATUS_ROWS, "$2", "$3") SEARCH_FURTHER " AND p.status = $18"
	" AND ($4 = '' OR $4 <> '') AND ($7 = '' OR $7 <> '') AND $19 > 0"
	" UNION ALL " COUNT_ARM("2", SEARCH_STATUS_ROWS, ARM2_LO, "$6") " AND s.keys NOT LIKE $8 ESCAPE '!'"
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
	" UNION ALL SELECT s.term, " SEARCH_ITEM_COLS SEARCH_ARM(SEARCH_ROWS, ARM2_LO, "$6", "", "$7", "$8")
	SCOPE_MOST " ORDER BY 1, 2 LIMIT $26 OFFSET $27";
static const char sql_search_most_pg[] = SEARCH_PAGE_PG_AT(SEARCH_STATUS_ROWS, SCOPE_MOST, "$26", "$27");
/* Their count: on SQLite the arms streamed to count_arms() ($26 the cap,
 * unused in the statement); on PostgreSQL up to $26 in the server. */
static const char sql_search_most_arms[] =
	COUNT_ARM("1", SEARCH_STATUS_ROWS, "$2", "$3") SEARCH_FURTHER SCOPE_MOST
	" AND ($4 = '' OR $4 <> '') AND ($7 = '' OR $7 <> '') AND $26 > 0"
	" UNION ALL " COUNT_ARM("2", SEARCH_STATUS_ROWS, ARM2_LO, "$6") " AND s.keys NOT LIKE $8 ESCAPE '!'"
	SEARCH_FURTHER SCOPE_MOST;
static const char sql_search_most_count_pg[] =
	"SELECT COUNT(*) FROM (SELECT 1" SEARCH_ARM(SEARCH_STATUS_ROWS, "$2", "$3", "", "$4", "''") SCOPE_MOST
	" UNION ALL SELECT 1" SEARCH_ARM(SEARCH_STATUS_ROWS, ARM2_LO, "$6", "", "$7", "$8") SCOPE_MOST
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
	/* cleared once and copied: clearing field by field was a tenth of a
	 * search's reading */
	struct participant blank;
	participant_clear(&blank);
	size_t count = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW && count < (size_t)limit) {
		list[count] = blank;
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
	*limit = store_page_limit(*limit, 200, 50);
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
store_participant_search_page(struct db *db, struct arena *a, int64_t centre, const struct search_query *q,
			      const struct participant_scope *scope, const char *status, int64_t limit,
			      int64_t offset, struct participant **items, size_t *n, bool *more)
{
	*items = NULL;
	*n = 0;
	*more = false;
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
	/* one row past the page says whether there is a next one */
	db_bind_int(st, idx++, limit + 1);
	db_bind_int(st, idx, offset);
	int rc = read_items(st, a, limit + 1, items, n);
	if (rc != SC_OK)
		return rc;
	*more = *n > (size_t)limit;
	if (*more)
		*n = (size_t)limit;
	return SC_OK;
}

int
store_participant_search(struct db *db, struct arena *a, int64_t centre, const struct search_query *q,
			 const struct participant_scope *scope, const char *status, int64_t limit,
			 int64_t offset, struct participant **items, size_t *n, int64_t *total,
			 bool *total_capped)
{
	*total = 0;
	*total_capped = false;
	bool more;
	clamp_page(&limit, &offset);
	int rc = store_participant_search_page(db, a, centre, q, scope, status, limit, offset, items, n, &more);
	if (rc != SC_OK)
		return rc;
	/* A page with nothing after it, reached from its first row, holds
	 * them all: no need to count. */
	if (!more && (*n > 0 || offset == 0)) {
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

