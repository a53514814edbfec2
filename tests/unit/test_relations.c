/*
 * test_relations.c — who may see a participant, and which parts of the
 * record: one row per (role, relationship) with the parts read and written
 * spelled out (src/domain/access.c, access_participant_parts), then the
 * facts that make each relationship (access_relations), the filters lists
 * follow, and the 13 months a contact person keeps after exit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/access.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define NAME PART_BIT(PART_NAME)
#define NIN PART_BIT(PART_NIN)
#define CONTACTS PART_BIT(PART_CONTACT_DETAILS)
#define ORIGIN PART_BIT(PART_ORIGIN)
#define LANGS PART_BIT(PART_LANGUAGES)
#define SCHOOL PART_BIT(PART_SCHOOLING)
#define KIDS PART_BIT(PART_CHILDREN)
#define CARE PART_BIT(PART_CAREGIVING)
#define PAY PART_BIT(PART_PAYMENT)
#define PERIOD PART_BIT(PART_PERIOD)
#define INTAKE PART_BIT(PART_INTAKE)
#define CASELOAD PART_BIT(PART_CASELOAD)
#define PLAN PART_BIT(PART_PLAN)
#define FOLLOWUP PART_BIT(PART_FOLLOWUP)
#define HEALTHN PART_BIT(PART_HEALTH)
#define HISTORY PART_BIT(PART_HISTORY)
#define ACTS PART_BIT(PART_ACTIVITIES)
#define PLACE PART_BIT(PART_PLACEMENTS)
#define BENEFIT PART_BIT(PART_BENEFIT)

#define REGISTER (NAME | NIN | CONTACTS | ORIGIN | LANGS | SCHOOL | KIDS | CARE | PAY)
#define CASE (REGISTER | PERIOD | CASELOAD | PLAN | FOLLOWUP | HISTORY | ACTS)

struct rel_row {
	enum role role;
	enum relation rel;
	uint32_t read;
	uint32_t write;
};

/* The specification (issue 7, section 1), one row per role and
 * relationship; a pair not listed here grants nothing. */
static const struct rel_row rows[] = {
	/* leader: everyone, every part but health notes */
	{ROLE_LEADER, REL_EVERYONE, CASE | INTAKE | PLACE | BENEFIT, CASE | INTAKE | PLACE},
	/* contact person: while current (their participants' placements and
	 * benefit statements too, issue 11 section 5); after exit the
	 * follow-up only */
	{ROLE_CONTACT, REL_CONTACT, CASE | PLACE | BENEFIT, REGISTER | PERIOD | PLAN | FOLLOWUP | ACTS | PLACE},
	{ROLE_CONTACT, REL_CONTACT_EXITED, CASE | PLACE | BENEFIT, FOLLOWUP},
	/* teacher: the people in their groups, what teaching needs; they
	 * record levels and attendance */
	{ROLE_TEACHER, REL_TEACHER, NAME | LANGS | SCHOOL | CARE | ACTS, SCHOOL | ACTS},
	/* liaison: the people whose placements they follow (issue 10) */
	{ROLE_LIAISON, REL_LIAISON, NAME | CONTACTS | LANGS | SCHOOL | PERIOD | PLACE, PLACE},
	/* "the liaison sees all": anyone placed, their placements, read only */
	{ROLE_LIAISON, REL_PLACED, NAME | PLACE, 0},
	/* whom to place: anyone in the programme, by name only (decision 141) */
	{ROLE_LIAISON, REL_IN_PROGRAMME, NAME, 0},
	/* health worker: the people referred to them, and their health notes */
	{ROLE_HEALTH, REL_HEALTH, NAME | CONTACTS | LANGS | HEALTHN, HEALTHN},
	/* health worker teaching the health group: its people's attendance */
	{ROLE_HEALTH, REL_TEACHER, NAME | LANGS | ACTS, ACTS},
	/* health worker who wrote notes about them, the referral ended: who
	 * they are and those notes, read only */
	{ROLE_HEALTH, REL_HEALTH_AUTHOR, NAME | HEALTHN, 0},
	/* finance officer: what payments need, of everyone with a period, and
	 * the benefit part, which they write (issue 11) */
	{ROLE_FINANCE, REL_IN_PROGRAMME, NAME | NIN | KIDS | PAY | PERIOD | ACTS | BENEFIT, BENEFIT},
};

static const struct rel_row *
find_row(int role, int rel)
{
	for (size_t i = 0; i < NELEM(rows); i++)
		if ((int)rows[i].role == role && (int)rows[i].rel == rel)
			return &rows[i];
	return NULL;
}

/* Every (role, relationship) pair, listed or not, gives exactly the row. */
static void
test_every_role_and_relation(void **state)
{
	(void)state;
	for (int role = 0; role < ROLE_COUNT; role++) {
		for (int rel = 0; rel < REL_COUNT; rel++) {
			const struct rel_row *row = find_row(role, rel);
			uint32_t want_r = row ? row->read : 0, want_w = row ? row->write : 0;
			uint32_t got_r = access_participant_parts(ROLE_BIT(role), REL_BIT(rel), ACT_READ);
			uint32_t got_w = access_participant_parts(ROLE_BIT(role), REL_BIT(rel), ACT_WRITE);
			if (got_r != want_r || got_w != want_w)
				fail_msg("%s through %s: read 0x%x write 0x%x, want 0x%x 0x%x",
					 role_key((enum role)role), relation_key((enum relation)rel),
					 got_r, got_w, want_r, want_w);
		}
	}
}

/* The findings of the review, as rows: nobody but health staff reads
 * health notes; administrators and analysts (of a centre or the whole
 * installation) read no one; finance and
 * health never read case notes or export the register. */
static void
test_what_no_one_else_sees(void **state)
{
	(void)state;
	uint32_t all_rel = (1u << REL_COUNT) - 1u;
	for (int role = 0; role < ROLE_COUNT; role++) {
		uint32_t r = access_participant_parts(ROLE_BIT(role), all_rel, ACT_READ);
		if (role != ROLE_HEALTH)
			assert_int_equal(r & HEALTHN, 0);
		if (role == ROLE_ADMIN || role == ROLE_ANALYST || role == ROLE_NATIONAL)
			assert_int_equal(r, 0);
		if (role == ROLE_FINANCE || role == ROLE_HEALTH || role == ROLE_TEACHER ||
		    role == ROLE_LIAISON)
			assert_int_equal(r & (PLAN | FOLLOWUP | HISTORY | CASELOAD | INTAKE), 0);
		if (role != ROLE_LEADER && role != ROLE_CONTACT && role != ROLE_FINANCE)
			assert_int_equal(r & (NIN | PAY), 0);
	}
	/* no role writes through a relationship it does not read */
	for (int role = 0; role < ROLE_COUNT; role++) {
		for (int rel = 0; rel < REL_COUNT; rel++) {
			uint32_t r = access_participant_parts(ROLE_BIT(role), REL_BIT(rel), ACT_READ);
			uint32_t w = access_participant_parts(ROLE_BIT(role), REL_BIT(rel), ACT_WRITE);
			assert_int_equal(w & ~r, 0);
		}
	}
}

/* Several roles and relationships: the union, and a relationship without
 * the role behind it gives nothing (a former contact person who is now a
 * teacher reads nothing of their old caseload). */
static void
test_union_and_role_held_now(void **state)
{
	(void)state;
	uint32_t contact = REL_BIT(REL_EVERYONE) | REL_BIT(REL_CONTACT);
	assert_int_equal(access_participant_parts(ROLE_BIT(ROLE_TEACHER), contact, ACT_READ), 0);
	assert_int_equal(access_participant_parts(ROLE_BIT(ROLE_LIAISON), contact, ACT_READ), 0);
	assert_int_equal(access_participant_parts(ROLE_BIT(ROLE_CONTACT), contact, ACT_READ), CASE | PLACE | BENEFIT);
	uint32_t both = REL_BIT(REL_EVERYONE) | REL_BIT(REL_IN_PROGRAMME) | REL_BIT(REL_HEALTH);
	uint32_t roles = ROLE_BIT(ROLE_FINANCE) | ROLE_BIT(ROLE_HEALTH);
	assert_int_equal(access_participant_parts(roles, both, ACT_READ),
			 NAME | NIN | KIDS | PAY | PERIOD | ACTS | BENEFIT | CONTACTS | LANGS | HEALTHN);
	assert_int_equal(access_participant_parts(roles, both, ACT_WRITE), HEALTHN | BENEFIT);
	assert_true(access_participant_allows(roles, both, ACT_READ, NAME | HEALTHN));
	assert_false(access_participant_allows(roles, both, ACT_READ, NAME | PLAN));
	assert_false(access_participant_allows(roles, both, ACT_READ, 0));
	assert_int_equal(access_participant_parts(ROLE_ALL_BITS, REL_BIT(REL_EVERYONE),
						  (enum action)ACT_COUNT), 0);
}

struct facts_row {
	const char *status;
	bool contact;
	const char *until;   /* NULL = none */
	bool health, teaches, follows, placed;
	const char *today;
	uint32_t want;
};

#define E REL_BIT(REL_EVERYONE)
#define P REL_BIT(REL_IN_PROGRAMME)
#define C REL_BIT(REL_CONTACT)
#define X REL_BIT(REL_CONTACT_EXITED)
#define H REL_BIT(REL_HEALTH)
#define T REL_BIT(REL_TEACHER)
#define L REL_BIT(REL_LIAISON)
#define D REL_BIT(REL_PLACED)
#define A REL_BIT(REL_HEALTH_AUTHOR)

static const struct facts_row facts_rows[] = {
	/* the contact person, through intake and the programme */
	{"registered", true, NULL, false, false, false, false, "2026-01-01", E | C},
	{"waiting", true, NULL, false, false, false, false, "2026-01-01", E | C},
	{"active", true, NULL, false, false, false, false, "2026-01-01", E | P | C},
	{"paused", true, NULL, false, false, false, false, "2026-01-01", E | P | C},
	{"active", false, NULL, false, false, false, false, "2026-01-01", E | P},
	/* after exit: until the last day, inclusive, then nothing */
	{"exited", true, "2027-02-10", false, false, false, false, "2026-01-10", E | P | X},
	{"exited", true, "2027-02-10", false, false, false, false, "2027-02-10", E | P | X},
	{"exited", true, "2027-02-10", false, false, false, false, "2027-02-11", E | P},
	{"exited", true, NULL, false, false, false, false, "2026-01-10", E | P},
	{"exited", false, "2027-02-10", false, false, false, false, "2026-01-10", E | P},
	/* closed: no one follows a closed record */
	{"closed", true, NULL, false, false, false, false, "2026-01-01", E},
	{"closed", true, "2027-02-10", false, false, false, false, "2026-01-01", E},
	/* health, teaching, placements */
	{"active", false, NULL, true, false, false, false, "2026-01-01", E | P | H},
	{"waiting", false, NULL, false, true, false, false, "2026-01-01", E | T},
	{"active", false, NULL, false, false, true, false, "2026-01-01", E | P | L},
	{"active", true, NULL, true, true, true, false, "2026-01-01", E | P | C | H | T | L},
	/* a placement of theirs, followed by anyone */
	{"active", false, NULL, false, false, false, true, "2026-01-01", E | P | D},
	{"exited", false, NULL, false, false, true, true, "2026-01-01", E | P | L | D},
};

static struct date
d(const char *s)
{
	struct date v = {0, 0, 0};
	assert_int_equal(date_parse(s, &v), 0);
	return v;
}

static void
test_facts_make_relations(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(facts_rows); i++) {
		const struct facts_row *r = &facts_rows[i];
		struct access_facts f = {
			.status = r->status, .is_contact = r->contact, .has_contact_until = r->until != NULL,
			.health_referral = r->health, .teaches = r->teaches, .follows_placement = r->follows,
			.placed = r->placed,
			.today = d(r->today),
		};
		if (r->until != NULL)
			f.contact_until = d(r->until);
		uint32_t got = access_relations(&f);
		if (got != r->want)
			fail_msg("row %zu (%s, contact %d, until %s, today %s): 0x%x, want 0x%x", i,
				 r->status, r->contact, r->until ? r->until : "-", r->today, got, r->want);
	}
}

/* Lists follow the relationships whose rows read all the list shows. */
static void
test_list_relations(void **state)
{
	(void)state;
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_LEADER), NAME), E);
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_CONTACT), NAME), C | X);
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_FINANCE), NAME), P);
	/* health staff: the people referred to them, and those in the groups
	 * they teach (the health group) */
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_HEALTH), NAME), H | T | A);
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_TEACHER), NAME), T);
	/* the liaison's register: anyone in the programme, by name (decision 141) */
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_LIAISON), NAME), L | D | P);
	/* placements: the leader everyone, contact persons their own, the
	 * liaison everyone placed (which the placement lists are) */
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_LIAISON), NAME | PLACE), L | D);
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_LIAISON), NAME | CONTACTS | PLACE), L);
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_CONTACT), NAME | PLACE), C | X);
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_FINANCE), NAME | PLACE), 0);
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_TEACHER), NAME | PLACE), 0);
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_ANALYST), NAME), 0);
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_ADMIN), NAME), 0);
	/* the register export has contact details and the contact person:
	 * leaders and contact persons only */
	uint32_t export = NAME | ORIGIN | CONTACTS | CASELOAD;
	assert_int_equal(access_list_relations(ROLE_ALL_BITS, export), E | C | X);
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_HEALTH) | ROLE_BIT(ROLE_FINANCE), export), 0);
	assert_int_equal(access_list_relations(ROLE_BIT(ROLE_FINANCE) | ROLE_BIT(ROLE_HEALTH), NAME), P | H | T | A);
	assert_int_equal(access_list_relations(ROLE_ALL_BITS, 0), 0);
}

/* A health note's author keeps reading it after the referral ended: the
 * fact makes the relationship, which reads their own notes only, and
 * never for anyone but health staff; with an open referral every note. */
static void
test_health_author(void **state)
{
	(void)state;
	struct access_facts f = {.status = "active", .wrote_health_note = true, .today = d("2026-01-01")};
	assert_int_equal(access_relations(&f), E | P | A);
	f.health_referral = true;
	assert_int_equal(access_relations(&f), E | P | H | A);
	uint32_t health = ROLE_BIT(ROLE_HEALTH);
	assert_true(access_health_notes_own_only(health, E | P | A));
	assert_false(access_health_notes_own_only(health, E | P | H | A));
	assert_false(access_health_notes_own_only(health, E | P | H));
	assert_false(access_health_notes_own_only(health, E | P));
	assert_true(access_participant_allows(health, E | P | A, ACT_READ, NAME | HEALTHN));
	assert_false(access_participant_allows(health, E | P | A, ACT_WRITE, HEALTHN));
	assert_false(access_participant_allows(health, E | P | A, ACT_READ, CONTACTS));
	for (int role = 0; role < ROLE_COUNT; role++) {
		if (role == ROLE_HEALTH)
			continue;
		assert_false(access_health_notes_own_only(ROLE_BIT(role), E | P | A));
		assert_int_equal(access_participant_parts(ROLE_BIT(role), A, ACT_READ), 0);
	}
}

/* The author reads their notes after the participant's exit for as long as
 * the contact person does (decision 182): to the last day, not the next. */
static void
test_health_author_after_exit(void **state)
{
	(void)state;
	struct access_facts f = {.status = "exited",
				 .wrote_health_note = true,
				 .has_contact_until = true,
				 .contact_until = d("2027-02-01"),
				 .today = d("2027-02-01")};
	assert_int_equal(access_relations(&f), E | P | A);
	f.today = d("2027-02-02");
	assert_int_equal(access_relations(&f), E | P);
	f.has_contact_until = false;
	f.today = d("2026-01-01");
	assert_int_equal(access_relations(&f), E | P);
	f.status = "paused";
	assert_int_equal(access_relations(&f), E | P | A);
}

/* Who attends a health-only group: health staff only, not the leader, who
 * still knows the group is there (decisions 37 and 153). */
static void
test_health_group_attendees(void **state)
{
	(void)state;
	for (int role = 0; role < ROLE_COUNT; role++) {
		assert_int_equal(access_health_group_attendees(ROLE_BIT(role)), role == ROLE_HEALTH);
		assert_int_equal(access_health_group_seen(ROLE_BIT(role)), role == ROLE_LEADER || role == ROLE_HEALTH);
	}
	assert_true(access_health_group_attendees(ROLE_BIT(ROLE_TEACHER) | ROLE_BIT(ROLE_HEALTH)));
	assert_false(access_health_group_attendees(ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT)));
	assert_false(access_health_group_attendees(0));
	assert_false(access_health_group_seen(0));
}

/* Which marks of a participant's group a reader sees (access_marks_seen()):
 * one row per reader and relationship, for another's ordinary group, an
 * ordinary group the reader teaches, and a health-only group. */
static void
test_marks_seen(void **state)
{
	(void)state;
	const enum marks_seen N = MARKS_HIDDEN, EN = MARKS_ENROLLED, UN = MARKS_UNNAMED, S = MARKS_SHOWN;
	const struct {
		uint32_t roles, relations;
		enum marks_seen other, taught, health;
	} cases[] = {
		/* the contact person (also after exit) and the leader: all but
		 * the health group's marks: "enrolled in a health activity" */
		{ROLE_BIT(ROLE_CONTACT), E | P | C, S, S, EN},
		{ROLE_BIT(ROLE_CONTACT), E | P | X, S, S, EN},
		{ROLE_BIT(ROLE_LEADER), E | P, S, S, EN},
		{ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_CONTACT), E | P | C, S, S, EN},
		/* a contact person who is not theirs: nothing */
		{ROLE_BIT(ROLE_CONTACT), E | P, N, N, N},
		/* a teacher: the groups they teach, nothing of the others, not
		 * even a health activity; without teaching them, nothing */
		{ROLE_BIT(ROLE_TEACHER), E | P | T, N, S, N},
		{ROLE_BIT(ROLE_TEACHER), E | P, N, N, N},
		/* a teacher who is also the contact person: theirs as a contact */
		{ROLE_BIT(ROLE_TEACHER) | ROLE_BIT(ROLE_CONTACT), E | P | C | T, S, S, EN},
		/* the finance officer: every group's minutes, the health group
		 * unnamed; before the programme, nothing */
		{ROLE_BIT(ROLE_FINANCE), E | P, S, S, UN},
		{ROLE_BIT(ROLE_FINANCE), E, N, N, N},
		/* health staff teaching the health group: its marks, and of other
		 * groups those they teach; a referral or a note alone reads no
		 * attendance */
		{ROLE_BIT(ROLE_HEALTH), E | P | T, N, S, S},
		{ROLE_BIT(ROLE_HEALTH), E | P | H | A, N, N, N},
		/* the leader who is also health staff sees the health group too */
		{ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_HEALTH), E | P | T, S, S, S},
		/* no role of figures reads anyone's attendance */
		{ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_ANALYST) | ROLE_BIT(ROLE_NATIONAL), E | P | C | T, N, N, N},
		{ROLE_BIT(ROLE_LIAISON), E | P | T, N, N, N},
	};
	for (size_t i = 0; i < NELEM(cases); i++) {
		assert_int_equal(access_marks_seen(cases[i].roles, cases[i].relations, false, false), cases[i].other);
		assert_int_equal(access_marks_seen(cases[i].roles, cases[i].relations, false, true), cases[i].taught);
		assert_int_equal(access_marks_seen(cases[i].roles, cases[i].relations, true, false), cases[i].health);
		/* teaching the health group changes nothing: its marks are health
		 * staff's */
		assert_int_equal(access_marks_seen(cases[i].roles, cases[i].relations, true, true), cases[i].health);
	}
}

static void
test_contact_until_is_13_months(void **state)
{
	(void)state;
	static const char *const in[][2] = {
		{"2026-01-10", "2027-02-10"},
		{"2026-01-31", "2027-02-28"},
		{"2027-01-31", "2028-02-29"},   /* leap year: the month's last day */
		{"2026-12-31", "2028-01-31"},
		{"2026-11-30", "2027-12-30"},
	};
	for (size_t i = 0; i < NELEM(in); i++) {
		char out[11];
		date_format(access_contact_until(d(in[i][0])), out);
		assert_string_equal(out, in[i][1]);
	}
}

/* Recording the last follow-up of a period ends the contact person's
 * access the day before; the 12-month one while the 6-month one is open
 * does not, nor the 6-month one. */
static void
test_followup_ends_contact(void **state)
{
	(void)state;
	static const struct { const char *kind; bool others_open; const char *last; } cases[] = {
		{"followup_12m", false, "2027-03-09"},
		{"followup_12m", true, NULL},
		{"followup_6m", false, NULL},
		{"followup_6m", true, NULL},
		{NULL, false, NULL},
	};
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct date last = {0};
		bool ends = access_followup_ends_contact(cases[i].kind, cases[i].others_open, d("2027-03-10"), &last);
		if (ends != (cases[i].last != NULL))
			fail_msg("row %zu: ends %d", i, ends);
		if (ends) {
			char out[11];
			date_format(last, out);
			assert_string_equal(out, cases[i].last);
		}
	}
}

static void
test_keys(void **state)
{
	(void)state;
	assert_string_equal(relation_key(REL_CONTACT_EXITED), "contact_exited");
	assert_string_equal(relation_key(REL_HEALTH_AUTHOR), "health_author");
	assert_string_equal(relation_key(REL_COUNT), "unknown");
	assert_string_equal(part_key(PART_HEALTH), "health");
	assert_string_equal(part_key(PART_COUNT), "unknown");
	for (int p = 0; p < PART_COUNT; p++)
		assert_string_not_equal(part_key((enum part)p), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_role_and_relation),
		cmocka_unit_test(test_what_no_one_else_sees),
		cmocka_unit_test(test_union_and_role_held_now),
		cmocka_unit_test(test_facts_make_relations),
		cmocka_unit_test(test_list_relations),
		cmocka_unit_test(test_health_author),
		cmocka_unit_test(test_health_author_after_exit),
		cmocka_unit_test(test_health_group_attendees),
		cmocka_unit_test(test_marks_seen),
		cmocka_unit_test(test_followup_ends_contact),
		cmocka_unit_test(test_contact_until_is_13_months),
		cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
