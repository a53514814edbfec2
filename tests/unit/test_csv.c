/*
 * test_csv.c — the CSV reader (util/csv.h), table-driven: each row is an
 * input and either the records it gives (with the line each starts on) or
 * the error and the line it names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/err.h"

/* Inputs may hold NUL bytes, so rows carry an explicit length. */
#define SZ(s) (s), sizeof(s) - 1

struct row {
	const char *in;
	size_t len;
	size_t max_field;
	size_t max_columns;
	/* Records as "LINE[field][field] LINE[field]"; NULL when an error is expected. */
	const char *want;
	char sep;                 /* the separator picked; 0 = do not check */
	enum csv_error err;
	long err_line;
};

static const struct row rows[] = {
	/* records, line ends and the separator */
	{SZ(""), 100, 10, "", ',', CSV_OK, 0},
	{SZ("a,b\r\nc,d\r\n"), 100, 10, "1[a][b] 2[c][d]", ',', CSV_OK, 0},
	{SZ("a,b\nc,d"), 100, 10, "1[a][b] 2[c][d]", ',', CSV_OK, 0},
	{SZ("a\rb\r"), 100, 10, "1[a] 2[b]", ',', CSV_OK, 0},
	{SZ("\xEF\xBB\xBF" "a;b\n1;2\n"), 100, 10, "1[a][b] 2[1][2]", ';', CSV_OK, 0},
	{SZ("\xEF\xBB\xBF"), 100, 10, "", ',', CSV_OK, 0},
	{SZ("name;note\nx;a,b\n"), 100, 10, "1[name][note] 2[x][a,b]", ';', CSV_OK, 0},
	{SZ("a,b;c\n"), 100, 10, "1[a][b;c]", ',', CSV_OK, 0},           /* a tie is a comma */
	{SZ("\"a;b;c\",d\n"), 100, 10, "1[a;b;c][d]", ',', CSV_OK, 0},   /* quoted ones do not count */
	{SZ("\n\na;b\n"), 100, 10, "3[a][b]", ';', CSV_OK, 0},
	{SZ("a\n\n\nb\n"), 100, 10, "1[a] 4[b]", ',', CSV_OK, 0},
	{SZ("a\r\n\r\nb"), 100, 10, "1[a] 3[b]", ',', CSV_OK, 0},
	{SZ("a,\n"), 100, 10, "1[a][]", ',', CSV_OK, 0},
	{SZ(",\n"), 100, 10, "1[][]", ',', CSV_OK, 0},
	{SZ("a,b,"), 100, 10, "1[a][b][]", ',', CSV_OK, 0},
	{SZ(" a , b \n"), 100, 10, "1[ a ][ b ]", ',', CSV_OK, 0},     /* spaces are data */
	/* quoting */
	{SZ("\"a,b\",\"c\"\"d\"\n"), 100, 10, "1[a,b][c\"d]", ',', CSV_OK, 0},
	{SZ("\"\",x\n"), 100, 10, "1[][x]", ',', CSV_OK, 0},
	{SZ("\"\"\"\"\n"), 100, 10, "1[\"]", ',', CSV_OK, 0},
	{SZ("\"abc\""), 100, 10, "1[abc]", ',', CSV_OK, 0},
	{SZ("x,\"line1\nline2\"\ny,z\n"), 100, 10, "1[x][line1\nline2] 3[y][z]", ',', CSV_OK, 0},
	{SZ("\"a\r\nb\"\r\nc\r\n"), 100, 10, "1[a\nb] 3[c]", ',', CSV_OK, 0},
	{SZ("\"a\rb\"\nc\n"), 100, 10, "1[a\nb] 3[c]", ',', CSV_OK, 0},
	{SZ("\"1\n2\n3\n\";x\ny;z\n"), 100, 10, "1[1\n2\n3\n][x] 5[y][z]", ';', CSV_OK, 0},
	{SZ("Amina;\"Somali, Arabic\";\"2012-05-01, 2016-11-20\"\n"), 100, 10,
	 "1[Amina][Somali, Arabic][2012-05-01, 2016-11-20]", ';', CSV_OK, 0},
	{SZ("\xC3\x86rlig,\xC3\x98" "deg\xC3\xA5rd\n"), 100, 10, "1[\xC3\x86rlig][\xC3\x98" "deg\xC3\xA5rd]", ',', CSV_OK, 0},
	{SZ("\xF0\x9F\x98\x80\n"), 100, 10, "1[\xF0\x9F\x98\x80]", ',', CSV_OK, 0},
	/* limits: exactly at the limit passes */
	{SZ("abcd\n"), 4, 10, "1[abcd]", ',', CSV_OK, 0},
	{SZ("\"ab\"\"c\"\n"), 4, 10, "1[ab\"c]", ',', CSV_OK, 0},
	{SZ("a,b,c\n"), 100, 3, "1[a][b][c]", ',', CSV_OK, 0},
	/* errors and their lines */
	{SZ("abcde\n"), 4, 10, NULL, 0, CSV_FIELD_TOO_LONG, 1},
	{SZ("x\n\"abcde\"\n"), 4, 10, NULL, 0, CSV_FIELD_TOO_LONG, 2},
	{SZ("a,b,c,d\n"), 100, 3, NULL, 0, CSV_TOO_MANY_COLUMNS, 1},
	{SZ("a\nb\n1,2,3,4"), 100, 3, NULL, 0, CSV_TOO_MANY_COLUMNS, 3},
	{SZ("a,\"bc\n"), 100, 10, NULL, 0, CSV_UNTERMINATED_QUOTE, 1},
	{SZ("x\ny,\"abc\nd\n"), 100, 10, NULL, 0, CSV_UNTERMINATED_QUOTE, 2},
	{SZ("\""), 100, 10, NULL, 0, CSV_UNTERMINATED_QUOTE, 1},
	{SZ("ab\"c\n"), 100, 10, NULL, 0, CSV_STRAY_QUOTE, 1},
	{SZ("ok\nab\"\n"), 100, 10, NULL, 0, CSV_STRAY_QUOTE, 2},
	{SZ("\"ab\"c,d\n"), 100, 10, NULL, 0, CSV_STRAY_QUOTE, 1},
	{SZ("\"ab\" ,d\n"), 100, 10, NULL, 0, CSV_STRAY_QUOTE, 1},
	{SZ("a\n\"x\ny\"z\n"), 100, 10, NULL, 0, CSV_STRAY_QUOTE, 3},
	{SZ("a,b\0c\n"), 100, 10, NULL, 0, CSV_NUL_BYTE, 1},
	{SZ("a\n\"b\n\0\"\n"), 100, 10, NULL, 0, CSV_NUL_BYTE, 3},
	{SZ("a,\xC3\x28\n"), 100, 10, NULL, 0, CSV_BAD_UTF8, 1},
	{SZ("ok\n\xFF\n"), 100, 10, NULL, 0, CSV_BAD_UTF8, 2},
	{SZ("x\n\"\xE6" "re\"\n"), 100, 10, NULL, 0, CSV_BAD_UTF8, 2},  /* Windows-1252 æ */
	{SZ("\xC0\xAF\n"), 100, 10, NULL, 0, CSV_BAD_UTF8, 1},           /* overlong */
	{SZ("\xED\xA0\x80\n"), 100, 10, NULL, 0, CSV_BAD_UTF8, 1},       /* surrogate */
	{SZ("\xF4\x90\x80\x80\n"), 100, 10, NULL, 0, CSV_BAD_UTF8, 1},   /* above U+10FFFF */
	{SZ("\xE2\x82\n"), 100, 10, NULL, 0, CSV_BAD_UTF8, 1},           /* truncated */
};

/* Reads everything and writes the records in the row's notation. Returns
 * the final csv_next() result (0 at the end, or an error). */
static int
read_all(struct arena *a, const struct row *t, struct csv_reader *cr, struct buf *out)
{
	assert_int_equal(csv_open(cr, a, t->in, t->len, t->max_field, t->max_columns), SC_OK);
	struct csv_record rec;
	int rc;
	while ((rc = csv_next(cr, a, &rec)) == 1) {
		if (out->len > 0)
			buf_putc(out, ' ');
		buf_printf(out, "%ld", rec.line);
		for (size_t i = 0; i < rec.n; i++) {
			buf_putc(out, '[');
			buf_puts(out, rec.fields[i]);
			buf_putc(out, ']');
		}
	}
	return rc;
}

static void
test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *t = &rows[i];
		struct arena *a = arena_new();
		assert_non_null(a);
		struct csv_reader cr;
		struct buf out = BUF_INIT;
		buf_puts(&out, "");
		int rc = read_all(a, t, &cr, &out);
		if (t->want != NULL) {
			if (rc != 0)
				fail_msg("row %zu: error %d at line %ld", i, (int)cr.error, cr.error_line);
			if (strcmp(out.data, t->want) != 0)
				fail_msg("row %zu: got \"%s\", want \"%s\"", i, out.data, t->want);
			if (t->sep != 0 && cr.sep != t->sep)
				fail_msg("row %zu: separator '%c', want '%c'", i, cr.sep, t->sep);
		} else {
			if (rc != SC_EINVAL)
				fail_msg("row %zu: no error (rc %d, read \"%s\")", i, rc, out.data);
			if (cr.error != t->err || cr.error_line != t->err_line)
				fail_msg("row %zu: error %d at line %ld, want %d at line %ld", i, (int)cr.error,
					 cr.error_line, (int)t->err, t->err_line);
			/* The error sticks. */
			struct csv_record rec;
			assert_int_equal(csv_next(&cr, a, &rec), SC_EINVAL);
		}
		buf_free(&out);
		arena_free(a);
	}
}

/* Fields are writable copies that outlive the next record. */
static void
test_fields_are_copies(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	static const char in[] = "given_name;family_name\n  Kari ;Nordmann\nOla;\"Nord\"\"mann\"\n";
	struct csv_reader cr;
	struct csv_record rec;
	assert_int_equal(csv_open(&cr, a, in, sizeof in - 1, 100, 8), SC_OK);
	assert_int_equal(csv_next(&cr, a, &rec), 1);
	assert_int_equal(csv_next(&cr, a, &rec), 1);
	char *first = rec.fields[0];
	first[0] = 'X';      /* writable */
	assert_int_equal(csv_next(&cr, a, &rec), 1);
	assert_string_equal(first, "X Kari ");
	assert_string_equal(rec.fields[1], "Nord\"mann");
	assert_int_equal(rec.line, 3);
	assert_int_equal(csv_next(&cr, a, &rec), 0);
	assert_int_equal(csv_next(&cr, a, &rec), 0);
	arena_free(a);
}

/* A NULL buffer of length 0 is an empty file. */
static void
test_null_input(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct csv_reader cr;
	struct csv_record rec;
	assert_int_equal(csv_open(&cr, a, NULL, 0, 10, 10), SC_OK);
	assert_int_equal(csv_next(&cr, a, &rec), 0);
	arena_free(a);
}

/* Many records: line numbers keep counting, memory is per field. */
static void
test_many_records(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct buf in = BUF_INIT;
	for (int i = 0; i < 5000; i++)
		buf_printf(&in, "%d;\"note\n%d\"\r\n", i, i);
	assert_true(buf_ok(&in));
	struct csv_reader cr;
	struct csv_record rec;
	assert_int_equal(csv_open(&cr, a, in.data, in.len, 100, 4), SC_OK);
	int n = 0;
	while (csv_next(&cr, a, &rec) == 1) {
		assert_int_equal(rec.n, 2);
		assert_int_equal(rec.line, 2 * n + 1);
		n++;
	}
	assert_int_equal(n, 5000);
	assert_int_equal(cr.error, CSV_OK);
	buf_free(&in);
	arena_free(a);
}

struct utf8_row {
	const char *s;
	size_t n;
	bool ok;
};

static const struct utf8_row utf8_rows[] = {
	{SZ(""), true},
	{SZ("plain"), true},
	{SZ("\xC3\xA6\xC3\xB8\xC3\xA5"), true},
	{SZ("\xE2\x82\xAC"), true},                 /* € */
	{SZ("\xEF\xBF\xBF"), true},                 /* U+FFFF */
	{SZ("\xF4\x8F\xBF\xBF"), true},             /* U+10FFFF */
	{SZ("a\0b"), true},                         /* NUL is the caller's business */
	{SZ("\x80"), false},
	{SZ("\xC2"), false},
	{SZ("\xC1\xBF"), false},
	{SZ("\xE0\x9F\xBF"), false},                /* overlong */
	{SZ("\xED\xBF\xBF"), false},                /* surrogate */
	{SZ("\xF0\x8F\xBF\xBF"), false},            /* overlong */
	{SZ("\xF5\x80\x80\x80"), false},
	{SZ("\xE2\x28\xA1"), false},
	{SZ("\xE6"), false},
};

static void
test_utf8(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof utf8_rows / sizeof utf8_rows[0]; i++)
		if (csv_utf8_valid(utf8_rows[i].s, utf8_rows[i].n) != utf8_rows[i].ok)
			fail_msg("utf8 row %zu: want %s", i, utf8_rows[i].ok ? "valid" : "invalid");
}

/* What an upload is: spreadsheets by signature, then NUL bytes, then the
 * encoding. */
static void
test_sniff(void **state)
{
	(void)state;
	static const struct {
		const char *data;
		size_t len;
		enum csv_kind want;
	} sniffs[] = {
		{SZ("given_name;family_name\nAmina;Hassan\n"), CSV_KIND_TEXT},
		{SZ("\xEF\xBB\xBFgiven_name\n\xC3\x85se\n"), CSV_KIND_TEXT},
		{SZ(""), CSV_KIND_TEXT},
		{SZ("PK\x03\x04\x14\x00\x06\x00"), CSV_KIND_SPREADSHEET},      /* .xlsx */
		{SZ("PK\x03\x04"), CSV_KIND_SPREADSHEET},
		{SZ("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), CSV_KIND_SPREADSHEET}, /* .xls */
		{SZ("PK\x03"), CSV_KIND_TEXT},                              /* too short to be one */
		{SZ("PKZIP;notes\n"), CSV_KIND_TEXT},
		{SZ("given_name\nA\x00" "B\n"), CSV_KIND_BINARY},
		{SZ("given_name\n\xC5se\n"), CSV_KIND_NOT_UTF8},          /* Windows-1252 */
	};
	for (size_t i = 0; i < sizeof sniffs / sizeof sniffs[0]; i++)
		if (csv_sniff(sniffs[i].data, sniffs[i].len) != sniffs[i].want)
			fail_msg("row %zu: %d, want %d", i, csv_sniff(sniffs[i].data, sniffs[i].len), sniffs[i].want);
	assert_int_equal(csv_sniff(NULL, 0), CSV_KIND_TEXT);
}

/* The formula guard: what an export guards, and what an import takes
 * back (only a ' before something formula-like). */
static void
test_formula_guard(void **state)
{
	(void)state;
	static const struct {
		const char *cell;
		bool formula;
		const char *unguarded;
	} cells[] = {
		{"=1+2", true, "=1+2"},
		{"+4791234567", true, "+4791234567"},
		{"-5", true, "-5"},
		{"@SUM(A1)", true, "@SUM(A1)"},
		{"\tx", true, "\tx"},
		{"\rx", true, "\rx"},
		{"'=1+2", false, "=1+2"},
		{"'+4791234567", false, "+4791234567"},
		{"'-5", false, "-5"},
		{"'@x", false, "@x"},
		{"'\tx", false, "\tx"},
		{"'Abdi", false, "'Abdi"},
		{"'", false, "'"},
		{"''=x", false, "''=x"},
		{"Oslo", false, "Oslo"},
		{"", false, ""},
	};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		if (csv_formula_like(cells[i].cell) != cells[i].formula)
			fail_msg("csv_formula_like(\"%s\")", cells[i].cell);
		assert_string_equal(csv_unguarded(cells[i].cell), cells[i].unguarded);
	}
}

/* The exports' numbers for XLSX: what is one, and its value. */
static void
test_plain_number(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		double want;
	} yes[] = {{"0", 0}, {"7", 7}, {"-12", -12}, {"1500.50", 1500.5}, {"0.5", 0.5}, {"-0.25", -0.25},
		   {"89597.09", 89597.09}, {"123456789012345", 123456789012345.0}};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		double v = -1;
		assert_true(csv_plain_number(yes[i].in, &v));
		assert_true(v == yes[i].want);
	}
	/* a postcode, an account number past 15 digits, text, other forms */
	static const char *const no[] = {"",   "0150", "00", "-", "1.", ".5", "1e3", "1,5", " 1", "1 ",
					 "+1", "--1", "1.2.3", "1234567890123456", "fewer than 5", "70.0 %"};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		double v = -1;
		assert_false(csv_plain_number(no[i], &v));
		assert_true(v == -1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_fields_are_copies),
		cmocka_unit_test(test_null_input),
		cmocka_unit_test(test_many_records),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_formula_guard),
		cmocka_unit_test(test_plain_number),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
