/*
 * test_text.c — names compared with their letters' case folded
 * (src/domain/text.c): the letters of ASCII, Latin-1, Latin Extended-A and
 * Cyrillic that are one letter in two cases, those that are not, texts of
 * different byte lengths, the order, and bytes that are not UTF-8 (read
 * from buffers of their exact size, so that a read past the NUL is an
 * AddressSanitizer report).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/text.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The sign of a comparison: -1, 0 or 1. */
static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

/* text_casecmp() of copies of a and b in buffers of their exact size, and
 * that the comparison the other way has the opposite sign. */
static int
cmp(const char *a, const char *b)
{
	size_t la = strlen(a) + 1, lb = strlen(b) + 1;
	char *x = malloc(la), *y = malloc(lb);
	assert_non_null(x);
	assert_non_null(y);
	memcpy(x, a, la);
	memcpy(y, b, lb);
	int ab = sign(text_casecmp(x, y)), ba = sign(text_casecmp(y, x));
	free(x);
	free(y);
	if (ab != -ba)
		fail_msg("\"%s\" vs \"%s\": %d, the other way %d", a, b, ab, ba);
	return ab;
}

struct row {
	const char *a, *b;
	int want;   /* the sign of text_casecmp(a, b) */
};

static void
check(const struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int got = cmp(rows[i].a, rows[i].b);
		if (got != rows[i].want)
			fail_msg("row %zu: \"%s\" vs \"%s\": %d, expected %d", i, rows[i].a, rows[i].b, got,
				 rows[i].want);
	}
}

/* Texts of the same byte length that differ only in case are equal. */
static void
test_same_but_case(void **state)
{
	(void)state;
	static const struct row rows[] = {
		{"Cycling", "cYCLING", 0},
		{"Norsk for \xC3\x98KONOMI", "norsk for \xC3\xB8konomi", 0},   /* Ø ø */
		{"\xC3\x85", "\xC3\xA5", 0},                                  /* Å å */
		{"\xC3\x86", "\xC3\xA6", 0},                                  /* Æ æ */
		{"KOKKEKURS \xC3\x86\xC3\x98\xC3\x85", "kokkekurs \xC3\xA6\xC3\xB8\xC3\xA5", 0},
		{"\xC3\x89", "\xC3\xA9", 0},                                  /* É é */
		{"\xC3\x88", "\xC3\xA8", 0},                                  /* È è */
		{"\xC3\x9C", "\xC3\xBC", 0},                                  /* Ü ü */
		{"\xC3\x96", "\xC3\xB6", 0},                                  /* Ö ö */
		{"\xC3\x84", "\xC3\xA4", 0},                                  /* Ä ä */
		{"\xC3\x91", "\xC3\xB1", 0},                                  /* Ñ ñ */
		{"\xC3\x87", "\xC3\xA7", 0},                                  /* Ç ç */
		{"\xC3\x80", "\xC3\xA0", 0},                                  /* À à, the first */
		{"\xC3\x9E", "\xC3\xBE", 0},                                  /* Þ þ, the last */
		{"\xC4\x80", "\xC4\x81", 0},                                  /* Ā ā, the first */
		{"\xC4\x8C", "\xC4\x8D", 0},                                  /* Č č */
		{"\xC4\x9E", "\xC4\x9F", 0},                                  /* Ğ ğ */
		{"\xC4\xB2", "\xC4\xB3", 0},                                  /* Ĳ ĳ */
		{"\xC4\xB6", "\xC4\xB7", 0},                                  /* Ķ ķ */
		{"\xC4\xB9", "\xC4\xBA", 0},                                  /* Ĺ ĺ: odd the capital */
		{"\xC5\x81", "\xC5\x82", 0},                                  /* Ł ł */
		{"\xC5\x87", "\xC5\x88", 0},                                  /* Ň ň */
		{"\xC5\x8A", "\xC5\x8B", 0},                                  /* Ŋ ŋ: even again */
		{"\xC5\x90", "\xC5\x91", 0},                                  /* Ő ő */
		{"\xC5\x92", "\xC5\x93", 0},                                  /* Œ œ */
		{"\xC5\x9E", "\xC5\x9F", 0},                                  /* Ş ş */
		{"\xC5\xA0", "\xC5\xA1", 0},                                  /* Š š */
		{"\xC5\xB6", "\xC5\xB7", 0},                                  /* Ŷ ŷ */
		{"\xC5\xB9", "\xC5\xBA", 0},                                  /* Ź ź: odd again */
		{"\xC5\xBD", "\xC5\xBE", 0},                                  /* Ž ž */
		{"\xD0\x94\xD0\x9C\xD0\x98\xD0\xA2\xD0\xA0\xD0\x9E", "\xD0\xB4\xD0\xBC\xD0\xB8\xD1\x82\xD1\x80\xD0\xBE", 0},
		{"\xD0\x84", "\xD1\x94", 0},                                  /* Є є */
		{"\xD0\x87", "\xD1\x97", 0},                                  /* Ї ї */
		{"\xD0\xAF", "\xD1\x8F", 0},                                  /* Я я */
		{"\xC3\xB8", "\xC3\xB8", 0},                                  /* already small */
	};
	check(rows, NELEM(rows));
}

/* What is not one letter in two cases stays apart. */
static void
test_not_folded(void **state)
{
	(void)state;
	static const struct row rows[] = {
		{"\xC3\x97", "\xC3\xB7", -1},          /* × ÷: signs, not letters */
		{"\xC3\x9F", "ss", 1},                 /* ß is not "ss" (full folding) */
		{"\xC4\xB0", "i", 1},                  /* İ has no simple folding */
		{"\xC4\xB1", "I", 1},                  /* ı is not I */
		{"\xC4\xB0", "\xC4\xB1", -1},          /* nor İ ı one letter */
		{"\xC3\x85", "A\xCC\x8A", 1},          /* Å, and A with a combining ring */
		{"\xC3\xB8", "o", 1},                  /* ø is no o */
		{"\xC3\xA1", "a", 1},                  /* nor á an a */
		{"\xC4\xB8", "\xC4\xB9", -1},          /* ĸ has no capital; ĺ comes after */
		{"\xC5\x89", "\xC5\x8A", -1},          /* ŉ neither */
		{"\xC3\x85", "\xC3\x84", 1},           /* Å Ä: two letters */
	};
	check(rows, NELEM(rows));
}

/* Texts of different byte lengths: equal when their letters are, else
 * the shorter first when it begins the longer. */
static void
test_lengths(void **state)
{
	(void)state;
	static const struct row rows[] = {
		{"", "", 0},
		{"a", "", 1},
		{"abc", "ABCD", -1},
		{"\xC3\xA6", "a", 1},                  /* æ (2 bytes) after a (1) */
		{"\xC5\xBF", "S", 0},                  /* ſ (2 bytes) folds to s (1) */
		{"\xC5\xB8", "\xC3\xBF", 0},           /* Ÿ (U+0178) folds to ÿ (U+00FF) */
		{"\xC3\x98stfold", "\xC3\xB8stfold ", -1},
		{"job club", "Job club", 0},
	};
	check(rows, NELEM(rows));
	/* NULL is "" */
	assert_int_equal(text_casecmp(NULL, NULL), 0);
	assert_int_equal(text_casecmp(NULL, ""), 0);
	assert_true(text_casecmp(NULL, "a") < 0);
	assert_true(text_casecmp("a", NULL) > 0);
}

/* The order is the folded code points': a before B, æ before ø before the
 * Latin Extended-A letters. */
static void
test_order(void **state)
{
	(void)state;
	static const struct row rows[] = {
		{"a", "B", -1},
		{"Z", "a", 1},
		{"\xC3\x86", "\xC3\xB8", -1},          /* Æ before ø */
		{"\xC3\x98", "\xC5\x81", -1},          /* Ø before Ł */
		{"z", "\xC3\x85", -1},                 /* z before Å (ASCII first) */
	};
	check(rows, NELEM(rows));
}

/* Bytes that are not UTF-8 are compared one each, as themselves; nothing
 * is read past a text's NUL (the buffers are of the exact size). */
static void
test_not_utf8(void **state)
{
	(void)state;
	static const struct row rows[] = {
		{"\xC3", "\xC3", 0},                   /* cut short by the end */
		{"\xC3", "\xC3\x85", 1},               /* ... is not Å (nor å) */
		{"\xC3", "\xC3\xA5", 1},
		{"\xC3", "", 1},
		{"\xE2\x82", "\xE2\x82", 0},           /* three bytes, two given */
		{"\xF0\x9F\x98", "\xF0\x9F\x98", 0},   /* four bytes, three given */
		{"\xF0", "\xF0", 0},
		{"\x80", "\x80", 0},                   /* a stray continuation byte */
		{"\x80", "\x81", -1},
		{"\xC1\x81", "A", 1},                  /* an overlong A is not A ... */
		{"\xC1\x81", "a", 1},                  /* ... nor a */
		{"\xC0\x80", "", 1},                   /* an overlong NUL is no end */
		{"\xE0\x80\xA0", " ", 1},              /* an overlong space */
		{"\xED\xA0\x80", "\xED\xA0\x80", 0},   /* a surrogate: its bytes */
		{"\xED\xA0\x80", "\xED\xA0\x81", -1},
		{"\xF4\x90\x80\x80", "\xF4\x90\x80\x80", 0},  /* beyond U+10FFFF */
		{"\xFF", "\xFE", 1},
		{"\xC5", "\xE5", -1},                  /* Windows-1252 Å, å: not folded */
		{"\xC3\x85\x80", "\xC3\xA5\x80", 0},   /* the letters still fold around */
		{"x\xC3", "X", 1},
		{"\xC3" "A", "\xC3" "a", 0},           /* a lead byte then a letter */
	};
	check(rows, NELEM(rows));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_but_case),
		cmocka_unit_test(test_not_folded),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_not_utf8),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
