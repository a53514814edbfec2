/*
 * test_participant.c — the participant register's declared fields and the
 * rules that join them (src/domain/participant.c): every way in reads
 * text into the record through the fields (field_read_text) and then runs
 * participant_check(); also the form text of a value, name folding, search
 * terms, search query parsing, prefix ranges and the changed-fields
 * comparison.
 *
 * Each row starts from a valid form and changes one or two fields; invalid
 * rows name the field the error must be on and, for the reasons this
 * module words itself, the exact reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/participant.h"
#include "util/arena.h"
#include "util/err.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define D(yy, mm, dd) ((struct date){.y = (yy), .m = (mm), .d = (dd)})

static const struct date TODAY = {2025, 6, 15};

/* The arena every record's strings come from (freed after each test). */
static struct arena *A;

static int
arena_setup(void **state)
{
	(void)state;
	A = arena_new();
	return A != NULL ? 0 : -1;
}

static int
arena_teardown(void **state)
{
	(void)state;
	arena_free(A);
	A = NULL;
	return 0;
}

/* A form as text: key and value pairs, read in order (a later value of the
 * same key replaces an earlier one). */
struct form {
	int n;
	const char *key[40];
	const char *value[40];
};

static void
set(struct form *f, const char *key, const char *value)
{
	assert_true(f->n < (int)NELEM(f->key));
	assert_non_null(participant_field(key));
	f->key[f->n] = key;
	f->value[f->n] = value;
	f->n++;
}

/* The valid form every row starts from. */
static void
base(struct form *f)
{
	memset(f, 0, sizeof *f);
	set(f, "given_name", "Amina");
	set(f, "family_name", "Hassan");
	set(f, "birth_date", "1990-01-01");
	set(f, "gender", "female");
}

/* Reads the form into p as every way in does, then the rules: true when
 * there is no error (e gets them all). */
static bool
validate(const struct form *f, unsigned flags, struct participant *p, struct field_errors *e)
{
	participant_clear(p);
	memset(e, 0, sizeof *e);
	for (int i = 0; i < f->n; i++)
		field_read_text(participant_field(f->key[i]), f->value[i], p, A, e);
	return participant_check(p, TODAY, flags, A, e);
}

struct row {
	const char *k1, *v1;
	const char *k2, *v2;
	const char *err_field;   /* NULL: valid */
	const char *reason;      /* exact reason; NULL: any */
};

static char long_text[2100];

static const char R_REQUIRED[] = "This field is required.";
static const char R_LONG[] = "This text is too long.";
static const char R_CHARS[] = "This text has characters that are not allowed.";
static const char R_DATE[] = "Write the date as YYYY-MM-DD, for example 2024-03-01.";
static const char R_FUTURE[] = "The date cannot be in the future.";

static const struct row valid_rows[] = {
	/* names */
	{"given_name", "Anne-Marie", NULL, NULL, NULL, NULL},
	{"family_name", "Øvrebø", NULL, NULL, NULL, NULL},
	{"given_name", "  Amina  ", NULL, NULL, NULL, NULL},
	/* identity numbers: old rule, D-number, 2032 rule; birth date from it */
	{"nin", "01038890057", "birth_date", "", NULL, NULL},
	{"nin", "01038890057", "birth_date", "1988-03-01", NULL, NULL},
	{"nin", "41018036736", "birth_date", "1980-01-01", NULL, NULL},
	{"nin", "45058590014", "birth_date", "", NULL, NULL},
	{"nin", "01019090066", "birth_date", "1990-01-01", NULL, NULL},
	{"nin", "01019090082", "birth_date", "", NULL, NULL},
	{"nin", " 15076500565 ", "birth_date", "", NULL, NULL},
	/* birth date: yesterday is in the past */
	{"birth_date", "2025-06-14", NULL, NULL, NULL, NULL},
	{"gender", "male", NULL, NULL, NULL, NULL},
	{"gender", "other", NULL, NULL, NULL, NULL},
	{"country_of_birth", "Somalia", "citizenship", "Norway", NULL, NULL},
	{"arrival_date", "2015-08-01", NULL, NULL, NULL, NULL},
	{"arrival_date", "2025-06-15", NULL, NULL, NULL, NULL},   /* today */
	{"residence_basis", "refugee", NULL, NULL, NULL, NULL},
	{"residence_basis", "family", NULL, NULL, NULL, NULL},
	{"residence_basis", "other", NULL, NULL, NULL, NULL},
	{"intro_ended", "2019-01-31", NULL, NULL, NULL, NULL},
	{"intro_ended", "2015-08-01", "arrival_date", "2015-08-01", NULL, NULL},
	{"schooling_years", "0", NULL, NULL, NULL, NULL},
	{"schooling_years", "30", NULL, NULL, NULL, NULL},
	{"literate", "yes", NULL, NULL, NULL, NULL},
	{"literate", "no", NULL, NULL, NULL, NULL},
	{"literate", "1", NULL, NULL, NULL, NULL},
	{"cefr_listening", "A1", "cefr_reading", "C1", NULL, NULL},
	{"cefr_speaking", "b2", "cefr_writing", "", NULL, NULL},
	{"children", "2015-03-01\n2018-07-20", NULL, NULL, NULL, NULL},
	{"children", "2015-03-01, 2018-07-20;2020-01-01", NULL, NULL, NULL, NULL},
	{"caregiving", "Collects the children at 15:00.\nNo evenings.", NULL, NULL, NULL, NULL},
	{"phone", "41234567", NULL, NULL, NULL, NULL},
	{"phone", "+47 412 34 567", NULL, NULL, NULL, NULL},
	{"phone", "+46701234567", NULL, NULL, NULL, NULL},
	{"email", "amina@example.no", NULL, NULL, NULL, NULL},
	{"address", "Storgata 1", "city", "Oslo", NULL, NULL},
	{"postcode", "0150", NULL, NULL, NULL, NULL},
	{"bank_account", "1234.56.78903", NULL, NULL, NULL, NULL},
	{"bank_account", "86011117947", NULL, NULL, NULL, NULL},
	{"tax_percent", "0", NULL, NULL, NULL, NULL},
	{"tax_percent", "100", NULL, NULL, NULL, NULL},
	{"tax_percent", "30 %", NULL, NULL, NULL, NULL},
	{"tax_table", "7100", NULL, NULL, NULL, NULL},
	{"tax_table", "7150", NULL, NULL, NULL, NULL},
	{"tax_table", "6300", NULL, NULL, NULL, NULL},
	{"languages", "Somali, Arabic", "interpreter", "Somali", NULL, NULL},
	{"languages", "Tigrinya", "interpreter", "Arabic", NULL, NULL},
};

static const struct row invalid_rows[] = {
	/* names */
	{"given_name", "", NULL, NULL, "given_name", R_REQUIRED},
	{"family_name", "   ", NULL, NULL, "family_name", R_REQUIRED},
	{"given_name", "Am\x01ina", NULL, NULL, "given_name", R_CHARS},
	{"family_name", "Has\xffsan", NULL, NULL, "family_name", R_CHARS},
	{"given_name", "Line\nbreak", NULL, NULL, "given_name", R_CHARS},
	/* identity numbers */
	{"nin", "0103889005", NULL, NULL, "nin", "must be 11 digits"},
	{"nin", "01038890058", NULL, NULL, "nin", "the check digits do not match"},
	{"nin", "01019090090", NULL, NULL, "nin", "the check digits do not match"},
	{"nin", "31027012356", NULL, NULL, "nin", "is not a valid date"},
	{"nin", "01819012365", NULL, NULL, "nin", "is a synthetic test number"},
	{"nin", "01419012382", NULL, NULL, "nin", "is an H-number, not a national identity number"},
	{"nin", "01122550032", "birth_date", "", "nin", "The birth date in this number is in the future."},
	/* birth date */
	{"birth_date", "", NULL, NULL, "birth_date", "Give the birth date or a national identity number."},
	{"birth_date", "01.01.1990", NULL, NULL, "birth_date", R_DATE},
	{"birth_date", "1990-02-30", NULL, NULL, "birth_date", "%s is not a date: February %s has %s days."},
	{"birth_date", "2025-06-15", NULL, NULL, "birth_date", "The birth date must be in the past."},
	{"birth_date", "2030-01-01", NULL, NULL, "birth_date", "The birth date must be in the past."},
	{"nin", "01038890057", "birth_date", "1988-03-02", "birth_date",
	 "The birth date does not match the national identity number."},
	{"nin", "41018036736", "birth_date", "1980-01-04", "birth_date",
	 "The birth date does not match the national identity number."},
	/* gender */
	{"gender", "", NULL, NULL, "gender", "Choose a gender."},
	{"gender", "f", NULL, NULL, "gender", "Choose female, male or other."},
	/* background */
	{"country_of_birth", long_text, NULL, NULL, "country_of_birth", R_LONG},
	{"citizenship", "Nor\x7fway", NULL, NULL, "citizenship", R_CHARS},
	{"arrival_date", "2025-06-16", NULL, NULL, "arrival_date", R_FUTURE},
	{"arrival_date", "2015-02-30", NULL, NULL, "arrival_date", "%s is not a date: February %s has %s days."},
	{"arrival_date", "1980-01-01", NULL, NULL, "arrival_date", "The arrival date is before the birth date."},
	{"residence_basis", "asylum", NULL, NULL, "residence_basis", "Choose refugee, family reunification or other."},
	{"intro_ended", "2026-01-01", NULL, NULL, "intro_ended", R_FUTURE},
	{"intro_ended", "yesterday", NULL, NULL, "intro_ended", R_DATE},
	/* born 1990-01-01: the introduction programme follows the arrival */
	{"intro_ended", "2015-07-31", "arrival_date", "2015-08-01", "intro_ended",
	 "The introduction programme cannot end before the arrival in Norway."},
	{"intro_ended", "1989-12-31", NULL, NULL, "intro_ended", "The introduction programme cannot end before the birth date."},
	/* schooling and language */
	{"schooling_years", "31", NULL, NULL, "schooling_years", "Give the years of schooling as a number from 0 to 30."},
	{"schooling_years", "-1", NULL, NULL, "schooling_years", "Give the years of schooling as a number from 0 to 30."},
	{"schooling_years", "ten", NULL, NULL, "schooling_years", "Give the years of schooling as a number from 0 to 30."},
	{"schooling_years", "100", NULL, NULL, "schooling_years", "Give the years of schooling as a number from 0 to 30."},
	{"literate", "maybe", NULL, NULL, "literate", "Choose yes or no."},
	{"cefr_listening", "C2", NULL, NULL, "cefr_listening", "Choose a level from A1 to C1, or leave it empty."},
	{"cefr_reading", "A3", NULL, NULL, "cefr_reading", "Choose a level from A1 to C1, or leave it empty."},
	{"cefr_speaking", "B", NULL, NULL, "cefr_speaking", "Choose a level from A1 to C1, or leave it empty."},
	{"cefr_writing", "fluent", NULL, NULL, "cefr_writing", "Choose a level from A1 to C1, or leave it empty."},
	{"interpreter", "Somali, Arabic", NULL, NULL, "interpreter", "Name one language, at most 40 characters."},
	{"interpreter", "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL, NULL, "interpreter",
	 "Name one language, at most 40 characters."},
	{"languages", "Somali, Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL, NULL, "languages",
	 "Each language name can be at most 40 characters."},
	{"languages", "a,b,c,d,e,f,g,h,i", NULL, NULL, "languages", "At most 8 languages can be registered."},
	{"languages", "a,b,c,d,e,f,g,h", "interpreter", "i", "languages", "At most 8 languages can be registered."},
	/* children */
	{"children", "2015-3-1", NULL, NULL, "children",
	 "Write each child's birth date as YYYY-MM-DD, one per line or separated by commas."},
	{"children", "2015-03-01\n2025-07-01", NULL, NULL, "children", "A child's birth date cannot be in the future."},
	{"children", "1985-01-01", NULL, NULL, "children", "A child's birth date must be after the participant's."},
	{"children",
	 "2010-01-01 2010-01-02 2010-01-03 2010-01-04 2010-01-05 2010-01-06 2010-01-07 2010-01-08"
	 " 2010-01-09 2010-01-10 2010-01-11 2010-01-12 2010-01-13 2010-01-14 2010-01-15 2010-01-16",
	 NULL, NULL, "children", "At most 15 children can be registered."},
	{"caregiving", long_text, NULL, NULL, "caregiving", R_LONG},
	/* contact details */
	{"phone", "12345", NULL, NULL, "phone", NULL},
	{"phone", "01234567", NULL, NULL, "phone", "a Norwegian number cannot start with 0 or 1"},
	{"phone", "phone me", NULL, NULL, "phone", NULL},
	{"email", "not-an-email", NULL, NULL, "email", "must contain exactly one @"},
	{"email", "a b@example.no", NULL, NULL, "email", NULL},
	{"postcode", "123", NULL, NULL, "postcode", "must be 4 digits"},
	{"postcode", "12345", NULL, NULL, "postcode", "must be 4 digits"},
	{"postcode", "O150", NULL, NULL, "postcode", "must be 4 digits"},
	{"address", long_text, NULL, NULL, "address", R_LONG},
	{"city", "Os\x02lo", NULL, NULL, "city", R_CHARS},
	/* payment */
	{"bank_account", "12345678901", NULL, NULL, "bank_account", NULL},
	{"bank_account", "1234", NULL, NULL, "bank_account", NULL},
	{"tax_percent", "101", NULL, NULL, "tax_percent", "Give a whole percentage from 0 to 100."},
	{"tax_percent", "-1", NULL, NULL, "tax_percent", "Give a whole percentage from 0 to 100."},
	{"tax_percent", "12.5", NULL, NULL, "tax_percent", "Give a whole percentage from 0 to 100."},
	{"tax_percent", "%", NULL, NULL, "tax_percent", "Give a whole percentage from 0 to 100."},
	{"tax_table", "7000", NULL, NULL, "tax_table",
	 "A withholding table number is 7100 to 7150 (or 6300 to 6350 for pensions)."},
	{"tax_table", "71OO", NULL, NULL, "tax_table",
	 "A withholding table number is 7100 to 7150 (or 6300 to 6350 for pensions)."},
	{"tax_percent", "30", "tax_table", "7100", "tax_percent",
	 "Give either a percentage or a table number, not both."},
};

static bool
run_row(const struct row *r, struct participant *out, struct field_errors *errs)
{
	struct form f;
	base(&f);
	if (r->k1)
		set(&f, r->k1, r->v1);
	if (r->k2)
		set(&f, r->k2, r->v2);
	return validate(&f, 0, out, errs);
}

static int
setup_text(void **state)
{
	(void)state;
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	return 0;
}

static void
test_valid_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(valid_rows); i++) {
		struct participant p;
		struct field_errors e;
		if (!run_row(&valid_rows[i], &p, &e))
			fail_msg("row %zu (%s=%s) refused: %s: %s", i, valid_rows[i].k1, valid_rows[i].v1,
				 e.field[0], e.reason[0]);
		assert_int_equal(e.n, 0);
	}
}

static void
test_invalid_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(invalid_rows); i++) {
		const struct row *r = &invalid_rows[i];
		struct participant p;
		struct field_errors e;
		if (run_row(r, &p, &e))
			fail_msg("row %zu (%s=%s) accepted", i, r->k1, r->v1);
		/* Exactly one error, on the field of the row. */
		if (e.n != 1 || strcmp(e.field[0], r->err_field) != 0)
			fail_msg("row %zu (%s): %d errors, first on %s (%s), want %s", i, r->k1, e.n,
				 e.field[0], e.reason[0], r->err_field);
		assert_non_null(e.reason[0]);
		if (r->reason != NULL && strcmp(e.reason[0], r->reason) != 0)
			fail_msg("row %zu (%s): reason \"%s\", want \"%s\"", i, r->k1, e.reason[0], r->reason);
	}
}

/* Every error is reported, each beside its own field, in the order of the
 * fields (what the reading found and what the rules found alike). */
static void
test_all_errors_collected(void **state)
{
	(void)state;
	struct form f = {0};
	set(&f, "phone", "1");
	set(&f, "postcode", "1");
	set(&f, "email", "x");
	struct participant p;
	struct field_errors e;
	assert_false(validate(&f, 0, &p, &e));
	/* given, family, birth date, gender, phone, email, postcode */
	assert_int_equal(e.n, 7);
	const char *want[] = {"given_name", "family_name", "birth_date", "gender", "phone", "email", "postcode"};
	for (size_t i = 0; i < NELEM(want); i++)
		assert_string_equal(e.field[i], want[i]);
}

static const char *
language(const struct participant *p, size_t i)
{
	assert_true(i < p->languages.n);
	return ((const struct participant_language *)p->languages.items)[i].name;
}

static struct date
child(const struct participant *p, size_t i)
{
	assert_true(i < p->children.n);
	return ((const struct participant_child *)p->children.items)[i].birth_date;
}

/* What the reading and the rules make of the text: normalised numbers,
 * parsed levels, languages with the interpreter, children. */
static void
test_normalised(void **state)
{
	(void)state;
	struct form f;
	base(&f);
	set(&f, "nin", "01019090066");      /* 2032 rule */
	set(&f, "birth_date", "");
	set(&f, "gender", "other");
	set(&f, "languages", "Somali; arabic\nSomali");
	set(&f, "interpreter", "Arabic");
	set(&f, "phone", "+47 412 34 567");
	set(&f, "postcode", "0150");
	set(&f, "bank_account", "1234.56.78903");
	set(&f, "tax_percent", "30%");
	set(&f, "schooling_years", "12");
	set(&f, "literate", "no");
	set(&f, "cefr_listening", "a2");
	set(&f, "cefr_writing", "B1");
	set(&f, "children", " 2015-03-01\r\n2018-07-20 \n");
	set(&f, "arrival_date", "2015-08-01");
	set(&f, "residence_basis", "refugee");
	struct participant p;
	struct field_errors e;
	assert_true(validate(&f, 0, &p, &e));
	assert_string_equal(p.nin, "01019090066");
	assert_int_equal(date_cmp(p.birth_date, D(1990, 1, 1)), 0);
	assert_int_equal(p.gender, GENDER_OTHER);
	assert_int_equal(p.languages.n, 2);
	assert_string_equal(language(&p, 0), "Somali");
	assert_string_equal(language(&p, 1), "arabic");
	assert_string_equal(p.interpreter, "arabic");
	assert_string_equal(p.phone, "+4741234567");
	assert_string_equal(p.postcode, "0150");
	assert_string_equal(p.bank_account, "12345678903");
	assert_int_equal(p.tax_percent, 30);
	assert_string_equal(p.tax_table, "");
	assert_int_equal(p.schooling_years, 12);
	assert_int_equal(p.literate, 0);
	assert_int_equal(p.cefr[SKILL_LISTENING], CEFR_A2);
	assert_int_equal(p.cefr[SKILL_READING], CEFR_NONE);
	assert_int_equal(p.cefr[SKILL_WRITING], CEFR_B1);
	assert_int_equal(p.children.n, 2);
	assert_int_equal(date_cmp(child(&p, 1), D(2018, 7, 20)), 0);
	assert_int_equal(date_cmp(p.arrival_date, D(2015, 8, 1)), 0);
	assert_int_equal(p.intro_ended.y, 0);
	assert_int_equal(p.residence_basis, RESIDENCE_REFUGEE);

	/* Empty optional fields: unknowns. The interpreter language is added. */
	base(&f);
	set(&f, "interpreter", "Tigrinya");
	set(&f, "tax_table", "7101");
	assert_true(validate(&f, 0, &p, &e));
	assert_int_equal(p.schooling_years, FIELD_NONE);
	assert_int_equal(p.literate, -1);
	assert_int_equal(p.tax_percent, FIELD_NONE);
	assert_string_equal(p.tax_table, "7101");
	assert_int_equal(p.residence_basis, RESIDENCE_OTHER);
	assert_string_equal(p.nin, "");
	assert_string_equal(p.phone, "");
	assert_int_equal(p.languages.n, 1);
	assert_string_equal(language(&p, 0), "Tigrinya");
	assert_string_equal(p.interpreter, "Tigrinya");

	/* A language that differs from one listed only in the case of a letter
	 * beyond ASCII is that language, the interpreter's too. */
	base(&f);
	set(&f, "languages", "Norsk bokm\xC3\xA5l; NORSK BOKM\xC3\x85L; \xD0\xA3\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD1\x81\xD1\x8C\xD0\xBA\xD0\xB0");
	set(&f, "interpreter", "\xD0\xA3\xD0\x9A\xD0\xA0\xD0\x90\xD0\x87\xD0\x9D\xD0\xA1\xD0\xAC\xD0\x9A\xD0\x90");
	assert_true(validate(&f, 0, &p, &e));
	assert_int_equal(p.languages.n, 2);
	assert_string_equal(language(&p, 0), "Norsk bokm\xC3\xA5l");
	assert_string_equal(language(&p, 1), "\xD0\xA3\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD1\x81\xD1\x8C\xD0\xBA\xD0\xB0");
	assert_string_equal(p.interpreter, "\xD0\xA3\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD1\x81\xD1\x8C\xD0\xBA\xD0\xB0");

	/* Synthetic (test) numbers only with the flag. */
	base(&f);
	set(&f, "nin", "01819012365");
	set(&f, "birth_date", "");
	assert_false(validate(&f, 0, &p, &e));
	assert_true(validate(&f, PV_ALLOW_SYNTHETIC, &p, &e));
	assert_int_equal(date_cmp(p.birth_date, D(1990, 1, 1)), 0);
}

/* A record read back as the form's text: every field, normalised. */
static void
test_field_text(void **state)
{
	(void)state;
	struct form f;
	base(&f);
	set(&f, "nin", "01019090066");
	set(&f, "birth_date", "");
	set(&f, "country_of_birth", "Somalia");
	set(&f, "citizenship", "Norway");
	set(&f, "languages", "Somali; arabic");
	set(&f, "interpreter", "Arabic");
	set(&f, "arrival_date", "2015-08-01");
	set(&f, "residence_basis", "refugee");
	set(&f, "intro_ended", "2018-06-30");
	set(&f, "schooling_years", "12");
	set(&f, "literate", "no");
	set(&f, "cefr_listening", "a2");
	set(&f, "cefr_speaking", "B1");
	set(&f, "children", "2015-03-01, 2018-07-20");
	set(&f, "caregiving", "Collects the children at 15:00");
	set(&f, "phone", "+47 412 34 567");
	set(&f, "email", "amina@example.org");
	set(&f, "address", "Storgata 1");
	set(&f, "postcode", "5003");
	set(&f, "city", "Bergen");
	set(&f, "bank_account", "1234.56.78903");
	set(&f, "tax_percent", "30");
	struct participant p;
	struct field_errors e;
	assert_true(validate(&f, 0, &p, &e));
	static const struct { const char *key, *want; } rows[] = {
		{"given_name", "Amina"}, {"family_name", "Hassan"}, {"nin", "01019090066"},
		{"birth_date", "1990-01-01"}, {"gender", "female"}, {"country_of_birth", "Somalia"},
		{"citizenship", "Norway"}, {"languages", "Somali, arabic"}, {"interpreter", "arabic"},
		{"arrival_date", "2015-08-01"}, {"residence_basis", "refugee"}, {"intro_ended", "2018-06-30"},
		{"schooling_years", "12"}, {"literate", "no"}, {"cefr_listening", "A2"}, {"cefr_reading", ""},
		{"cefr_speaking", "B1"}, {"cefr_writing", ""}, {"children", "2015-03-01\n2018-07-20"},
		{"caregiving", "Collects the children at 15:00"}, {"phone", "+4741234567"},
		{"email", "amina@example.org"}, {"address", "Storgata 1"}, {"postcode", "5003"},
		{"city", "Bergen"}, {"bank_account", "12345678903"}, {"tax_percent", "30"}, {"tax_table", ""},
	};
	assert_int_equal(NELEM(rows), PARTICIPANT_REGISTER_FIELDS);
	for (size_t i = 0; i < NELEM(rows); i++) {
		const char *text = participant_text(&p, participant_field(rows[i].key), A);
		assert_non_null(text);
		if (strcmp(text, rows[i].want) != 0)
			fail_msg("%s: \"%s\", want \"%s\"", rows[i].key, text, rows[i].want);
	}
	assert_null(participant_field("password"));

	/* The text reads back to the same record. */
	struct form again = {0};
	for (size_t i = 0; i < NELEM(rows); i++)
		set(&again, rows[i].key, participant_text(&p, participant_field(rows[i].key), A));
	struct participant q;
	assert_true(validate(&again, 0, &q, &e));
	char changed[PARTICIPANT_CHANGED_MAX];
	assert_int_equal(participant_changed_fields(&p, &q, changed), 0);

	/* Unknowns read as "". */
	base(&f);
	assert_true(validate(&f, 0, &p, &e));
	static const char *const empty[] = {"schooling_years", "literate", "tax_percent", "arrival_date",
					    "children", "languages", "nin", "interpreter"};
	for (size_t i = 0; i < NELEM(empty); i++)
		assert_string_equal(participant_text(&p, participant_field(empty[i]), A), "");

	/* A history keeps every field's values but the identity number's. */
	for (size_t i = 0; i < participant_fields.n; i++) {
		const char *key = participant_fields.f[i].key;
		assert_true(participant_field_history_keeps_values(key) == (strcmp(key, "nin") != 0));
	}
}

/* The levels a register save records: all set ones on registering,
 * changed ones (not cleared ones) on an edit. */
static void
test_levels_assessed(void **state)
{
	(void)state;
	struct participant a, b;
	participant_clear(&a);
	a.cefr[SKILL_SPEAKING] = CEFR_A1;
	a.cefr[SKILL_WRITING] = CEFR_A2;
	enum cefr_skill out[SKILL_COUNT];
	assert_int_equal(participant_levels_assessed(NULL, &a, out), 2);
	assert_int_equal(out[0], SKILL_SPEAKING);
	assert_int_equal(out[1], SKILL_WRITING);
	b = a;
	assert_int_equal(participant_levels_assessed(&a, &b, out), 0);
	b.cefr[SKILL_SPEAKING] = CEFR_A2;     /* A1 -> A2 */
	b.cefr[SKILL_WRITING] = CEFR_NONE;    /* cleared: not an assessment */
	b.cefr[SKILL_LISTENING] = CEFR_B1;    /* new */
	assert_int_equal(participant_levels_assessed(&a, &b, out), 2);
	assert_int_equal(out[0], SKILL_LISTENING);
	assert_int_equal(out[1], SKILL_SPEAKING);
	/* A1 -> A2 -> B1: each step is one. */
	a = b;
	b.cefr[SKILL_SPEAKING] = CEFR_B1;
	assert_int_equal(participant_levels_assessed(&a, &b, out), 1);
	assert_int_equal(out[0], SKILL_SPEAKING);
	/* Skill names as stored. */
	static const char *const names[] = {"listening", "reading", "speaking", "writing"};
	for (int k = 0; k < SKILL_COUNT; k++) {
		enum cefr_skill sk;
		assert_string_equal(cefr_skill_name((enum cefr_skill)k), names[k]);
		assert_int_equal(cefr_skill_parse_name(names[k], &sk), SC_OK);
		assert_int_equal(sk, k);
	}
	enum cefr_skill sk;
	assert_int_equal(cefr_skill_parse_name("cefr_speaking", &sk), SC_EINVAL);
	assert_int_equal(cefr_skill_parse_name(NULL, &sk), SC_EINVAL);
	assert_string_equal(cefr_skill_name(SKILL_COUNT), "");
}

/* A field given no text reads as empty. */
static void
test_null_fields(void **state)
{
	(void)state;
	struct form f;
	base(&f);
	set(&f, "email", NULL);
	set(&f, "city", NULL);
	struct participant p;
	struct field_errors e;
	assert_true(validate(&f, 0, &p, &e));
	assert_string_equal(p.email, "");
	assert_string_equal(p.city, "");
}

/* The declaration: 28 register fields with labels and parts, the kept
 * fields never read, the list and export columns all declared, and no
 * identity number, bank account or health in the export. */
static void
test_field_table(void **state)
{
	(void)state;
	size_t n = 0;
	for (size_t i = 0; i < participant_fields.n; i++) {
		const struct field *f = &participant_fields.f[i];
		assert_non_null(f->label);
		if (f->flags & FF_OUT) {
			assert_null(participant_field(f->key));
			continue;
		}
		assert_ptr_equal(participant_field(f->key), f);
		assert_true(f->part >= 0 && f->part < PART_COUNT);
		n++;
	}
	assert_int_equal(n, PARTICIPANT_REGISTER_FIELDS);
	assert_null(participant_field_label("password"));
	assert_null(participant_field_label(NULL));
	assert_null(participant_field("status"));
	assert_null(participant_field("name_key"));
	assert_string_equal(participant_field_label("nin"), "National identity number or D-number");
	for (size_t i = 0; participant_list_columns[i] != NULL; i++)
		assert_non_null(fields_find(participant_fields, participant_list_columns[i]));
	for (size_t i = 0; participant_export_columns[i] != NULL; i++) {
		const struct field *f = fields_find(participant_fields, participant_export_columns[i]);
		assert_non_null(f);
		assert_true(f->part < 0 || (PARTICIPANT_EXPORT_PARTS & PART_BIT(f->part)) != 0);
		assert_true(f->part != PART_NIN && f->part != PART_PAYMENT && f->part != PART_HEALTH);
	}
}

static void
test_keys_and_labels(void **state)
{
	(void)state;
	const struct field *g = participant_field("gender");
	assert_int_equal(field_option_index(g, "male"), GENDER_MALE);
	assert_int_equal(field_option_index(g, "Male"), -1);
	assert_int_equal(field_option_index(g, NULL), -1);
	assert_string_equal(g->options[GENDER_FEMALE].key, "female");
	assert_string_equal(g->options[GENDER_OTHER].label, "Other");
	const struct field *rb = participant_field("residence_basis");
	assert_int_equal(field_option_index(rb, "family"), RESIDENCE_FAMILY);
	assert_string_equal(rb->options[RESIDENCE_FAMILY].label, "Family reunification");
	assert_int_equal(field_option_index(rb, "x"), -1);
	enum cefr c;
	assert_int_equal(cefr_parse("", &c), SC_OK);
	assert_int_equal(c, CEFR_NONE);
	assert_int_equal(cefr_parse(NULL, &c), SC_OK);
	assert_int_equal(cefr_parse("c1", &c), SC_OK);
	assert_int_equal(c, CEFR_C1);
	assert_int_equal(cefr_parse("C2", &c), SC_EINVAL);
	assert_string_equal(cefr_key(CEFR_B2), "B2");
	assert_string_equal(cefr_key(CEFR_NONE), "");
	assert_string_equal(cefr_skill_key(SKILL_WRITING), "cefr_writing");
	assert_string_equal(cefr_skill_label(SKILL_LISTENING), "Listening");
	assert_string_equal(participant_status_label("waiting"), "On the waiting list");
	assert_string_equal(participant_status_label("nonsense"), "nonsense");
	size_t n = 0;
	for (; participant_status_keys[n] != NULL; n++) {
		assert_true(participant_status_valid(participant_status_keys[n]));
		assert_string_equal(participant_status_key((int)n), participant_status_keys[n]);
	}
	assert_int_equal(n, 8);
	assert_string_equal(participant_status_key(-1), "");
	assert_false(participant_status_valid("deleted"));
	assert_false(participant_status_valid(""));
	assert_false(participant_status_valid(NULL));
}

static void
test_field_errors_first_only(void **state)
{
	(void)state;
	struct field_errors e = {0};
	field_error_add(&e, "phone", "a");
	field_error_add(&e, "phone", "b");
	field_error_add(&e, "email", "c");
	assert_int_equal(e.n, 2);
	assert_string_equal(e.reason[0], "a");
	for (int i = 0; i < 40; i++)
		field_error_add(&e, i % 2 ? "x" : "y", "z");
	assert_int_equal(e.n, 4);
}

/* ---- folding and search ---- */

static void
test_name_fold(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} rows[] = {
		{"Øvrebø", "øvrebø"},
		{"ÆRLIG ÅSE", "ærlig åse"},
		{"Anne-Marie", "anne marie"},
		{"  Kari   Nordmann  ", "kari nordmann"},
		{"Anne - Marie", "anne marie"},
		{"O'Brien", "o'brien"},
		{"ÉLODIE", "élodie"},
		{"Straße", "straße"},         /* ß has no upper case here */
		{"×", "×"},                   /* the multiplication sign is not a letter */
		{"", ""},
		{"\t-\n", ""},
		{"Ahmed\tAli", "ahmed ali"},
		{"عبد الله", "عبد الله"},      /* other scripts pass unchanged */
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		char out[NAME_KEY_MAX];
		size_t n = name_fold(rows[i].in, out, sizeof out);
		assert_string_equal(out, rows[i].out);
		assert_int_equal(n, strlen(rows[i].out));
	}
	char out[8];
	assert_int_equal(name_fold(NULL, out, sizeof out), 0);
	assert_string_equal(out, "");
	/* Truncated at a character boundary: "æææ" is 6 bytes; 5 bytes of room fit two. */
	char small[5];
	name_fold("ÆÆÆ", small, sizeof small);
	assert_string_equal(small, "ææ");
	assert_int_equal(name_fold("x", out, 0), 0);
}

static void
fill_person(struct participant *p, const char *given, const char *family, const char *nin,
	    const char *phone)
{
	participant_clear(p);
	p->given_name = given;
	p->family_name = family;
	p->nin = nin;
	p->phone = phone;
}

static void
test_search_terms(void **state)
{
	(void)state;
	struct participant p;
	char key[NAME_KEY_MAX];
	fill_person(&p, "Kari Anne", "Øvrebø-Nordmann", "01038890057", "+4741234567");
	participant_name_key(&p, key);
	assert_string_equal(key, "øvrebø nordmann kari anne");
	/* Each word's spelling key and the name key; each ordered pair of
	 * the first four words' keys; the nin; the phone in two forms. */
	static const char *const want[] = {
		"kara øvrebø nordmann kari anne",
		"ana øvrebø nordmann kari anne",
		"avraba øvrebø nordmann kari anne",
		"nardman øvrebø nordmann kari anne",
		"&kara ana øvrebø nordmann kari anne",
		"&kara avraba øvrebø nordmann kari anne",
		"&kara nardman øvrebø nordmann kari anne",
		"&ana kara øvrebø nordmann kari anne",
		"&ana avraba øvrebø nordmann kari anne",
		"&ana nardman øvrebø nordmann kari anne",
		"&avraba kara øvrebø nordmann kari anne",
		"&avraba ana øvrebø nordmann kari anne",
		"&avraba nardman øvrebø nordmann kari anne",
		"&nardman kara øvrebø nordmann kari anne",
		"&nardman ana øvrebø nordmann kari anne",
		"&nardman avraba øvrebø nordmann kari anne",
		"01038890057",
		"4741234567",
		"41234567",
	};
	char terms[SEARCH_MAX_TERMS][NAME_KEY_MAX];
	char keys[SEARCH_KEYS_MAX];
	size_t n = participant_search_terms(&p, terms);
	assert_int_equal(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(terms[i], want[i]);
	participant_search_keys(&p, keys);
	assert_string_equal(keys, " kara ana avraba nardman 01038890057 4741234567 41234567 ");

	/* A repeated word is one term, and no pair; no nin, a foreign phone. */
	fill_person(&p, "Ali", "Ali", "", "+46701234567");
	n = participant_search_terms(&p, terms);
	assert_int_equal(n, 2);
	assert_string_equal(terms[0], "ala ali ali");
	assert_string_equal(terms[1], "46701234567");
	participant_search_keys(&p, keys);
	assert_string_equal(keys, " ala 46701234567 ");

	/* Many words: eight keys (c = k, e and i = a: one key), the pairs
	 * of the first four, at most SEARCH_MAX_TERMS in all. */
	fill_person(&p, "a b c d e f g h i j k", "l m n", "01038890057", "+4741234567");
	n = participant_search_terms(&p, terms);
	assert_int_equal(n, SEARCH_MAX_TERMS);
	assert_string_equal(terms[7], "j l m n a b c d e f g h i j k");
	assert_string_equal(terms[8], "&a b l m n a b c d e f g h i j k");
	assert_string_equal(terms[19], "&d k l m n a b c d e f g h i j k");
	assert_string_equal(terms[20], "01038890057");
	assert_string_equal(terms[22], "41234567");

	/* A long name is cut to fit, at a character boundary. */
	char longname[101];
	for (int i = 0; i < 50; i++)
		memcpy(longname + 2 * i, "ø", 2);
	longname[100] = '\0';
	fill_person(&p, longname, longname, "", "");
	n = participant_search_terms(&p, terms);
	assert_int_equal(n, 1);
	/* key "a", space, name key: "ø"*50, space, "ø"*50 (203 bytes, whole) */
	char want_long[204];
	snprintf(want_long, sizeof want_long, "a %s %s", longname, longname);
	assert_string_equal(terms[0], want_long);
}

static void
test_search_query_parse(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		bool number;
		size_t nwords;
		const char *w[4];
	} rows[] = {
		{"Kari", false, 1, {"kari"}},
		{"  kari   NORDMANN ", false, 2, {"kari", "nordmann"}},
		{"Nordmann, Kari", false, 2, {"nordmann", "kari"}},
		{"Anne-Marie Øvrebø", false, 3, {"anne", "marie", "øvrebø"}},
		{"a b c d e", false, 4, {"a", "b", "c", "d"}},
		{"01038890057", true, 1, {"01038890057"}},
		{"010388 90057", true, 1, {"01038890057"}},
		{"412 34 567", true, 1, {"41234567"}},
		{"+47 412 34 567", true, 1, {"41234567"}},
		{"+4741234567", true, 1, {"41234567"}},
		{"0047 41234567", true, 1, {"41234567"}},
		{"4741234567", true, 1, {"4741234567"}},  /* no +: could be a D-number's start */
		{"+46 70 123 45 67", true, 1, {"46701234567"}},
		{"0046701234567", true, 1, {"46701234567"}},
		{"412", true, 1, {"412"}},
		{"41", false, 1, {"41"}},                  /* too short to be a number */
		{"12.03.88", true, 1, {"120388"}},
		{"Kari 41", false, 2, {"kari", "41"}},
	};
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct search_query q;
		if (search_query_parse(rows[i].in, &q) != SC_OK)
			fail_msg("\"%s\" refused", rows[i].in);
		assert_int_equal(q.number, rows[i].number);
		if (q.nwords != rows[i].nwords)
			fail_msg("\"%s\": %zu words", rows[i].in, q.nwords);
		for (size_t w = 0; w < q.nwords; w++)
			assert_string_equal(q.words[w], rows[i].w[w]);
	}
	struct search_query q;
	assert_int_equal(search_query_parse("", &q), SC_EINVAL);
	assert_int_equal(search_query_parse("   ", &q), SC_EINVAL);
	assert_int_equal(search_query_parse(" - , ", &q), SC_EINVAL);
	assert_int_equal(search_query_parse(NULL, &q), SC_EINVAL);
}

static void
test_search_prefix_end(void **state)
{
	(void)state;
	char out[16];
	search_prefix_end("kar", out);
	assert_string_equal(out, "kas");
	search_prefix_end("4123", out);
	assert_string_equal(out, "4124");
	/* "ø" is C3 B8: the end is C3 B9 */
	search_prefix_end("\xC3\xB8", out);
	assert_string_equal(out, "\xC3\xB9");
	search_prefix_end("a\xFF\xFF", out);
	assert_string_equal(out, "b");
	search_prefix_end("", out);
	assert_string_equal(out, "");
	/* Everything with the prefix falls in [prefix, end); the next does not. */
	search_prefix_end("nord", out);
	assert_true(strcmp("nordmann kari", "nord") >= 0 && strcmp("nordmann kari", out) < 0);
	assert_true(strcmp("nord\xC3\xB8", out) < 0);
	assert_false(strcmp("nore", out) < 0);
	assert_true(strcmp("nor", "nord") < 0);
}

/* ---- comparing records ---- */

static void
test_changed_fields(void **state)
{
	(void)state;
	struct form b, c;
	base(&b);
	set(&b, "phone", "41234567");
	set(&b, "languages", "Somali");
	set(&b, "children", "2015-01-01");
	base(&c);
	set(&c, "phone", "+4741234567");       /* same number, other spelling */
	set(&c, "languages", "Somali");
	set(&c, "children", "2015-01-01");
	struct participant p1, p2;
	struct field_errors e;
	assert_true(validate(&b, 0, &p1, &e));
	assert_true(validate(&c, 0, &p2, &e));
	char out[PARTICIPANT_CHANGED_MAX];
	assert_int_equal(participant_changed_fields(&p1, &p2, out), 0);
	assert_string_equal(out, "");

	base(&c);
	set(&c, "phone", "41234568");
	set(&c, "address", "Storgata 1");
	set(&c, "languages", "Somali");
	set(&c, "interpreter", "Somali");
	set(&c, "children", "2015-01-01 2016-01-01");
	set(&c, "cefr_reading", "A1");
	set(&c, "tax_percent", "10");
	assert_true(validate(&c, 0, &p2, &e));
	assert_int_equal(participant_changed_fields(&p1, &p2, out), 6);
	assert_string_equal(out, "interpreter,cefr_reading,children,phone,address,tax_percent");

	/* Every field at once fits; what the product keeps is not compared. */
	struct participant x, y;
	participant_clear(&x);
	participant_clear(&y);
	static struct participant_language lang[] = {{"e"}};
	static struct participant_child kid[] = {{{2010, 1, 1}}};
	y.id = 7;
	y.version = 3;
	y.status = 4;
	y.given_name = "a";
	y.family_name = "b";
	y.nin = "1";
	y.birth_date = D(1990, 1, 1);
	y.gender = GENDER_MALE;
	y.country_of_birth = "c";
	y.citizenship = "d";
	y.languages = (struct field_list){1, lang};
	y.interpreter = "e";
	y.arrival_date = D(2015, 1, 1);
	y.residence_basis = RESIDENCE_FAMILY;
	y.intro_ended = D(2018, 1, 1);
	y.schooling_years = 1;
	y.literate = 1;
	for (int k = 0; k < SKILL_COUNT; k++)
		y.cefr[k] = CEFR_A1;
	y.children = (struct field_list){1, kid};
	y.caregiving = "f";
	y.phone = "+1";
	y.email = "g";
	y.address = "h";
	y.postcode = "1";
	y.city = "i";
	y.bank_account = "1";
	y.tax_percent = 1;
	y.tax_table = "1";
	assert_int_equal(participant_changed_fields(&x, &y, out), PARTICIPANT_REGISTER_FIELDS);
	assert_int_equal(strncmp(out, "given_name,family_name,nin,birth_date,", 38), 0);
	assert_non_null(strstr(out, ",tax_percent,tax_table"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid_rows, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_invalid_rows, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_all_errors_collected, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_normalised, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_null_fields, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_field_text, arena_setup, arena_teardown),
		cmocka_unit_test(test_levels_assessed),
		cmocka_unit_test(test_field_table),
		cmocka_unit_test(test_keys_and_labels),
		cmocka_unit_test(test_field_errors_first_only),
		cmocka_unit_test(test_name_fold),
		cmocka_unit_test(test_search_terms),
		cmocka_unit_test(test_search_query_parse),
		cmocka_unit_test(test_search_prefix_end),
		cmocka_unit_test_setup_teardown(test_changed_fields, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, setup_text, NULL);
}
