/*
 * test_i18n.c — translations: the embedded Bokmål catalogue, plural forms,
 * language codes, and the .mo reader on hand-built, corrupt and truncated
 * files in both byte orders.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "i18n/i18n.h"
#include "util/err.h"

/* ---- building .mo files ---------------------------------------------- */

/* One message; lengths are explicit so plural messages can hold NULs. */
struct msg {
	const char *id;
	size_t id_len;
	const char *str;
	size_t str_len;
};

#define MSG(id, str) {id, sizeof(id) - 1, str, sizeof(str) - 1}

/* A .mo file under construction. */
struct mo {
	unsigned char data[4096];
	size_t len;
};

static void
put_u32(unsigned char *p, uint32_t v, bool big_endian)
{
	for (int i = 0; i < 4; i++) {
		int shift = big_endian ? 24 - 8 * i : 8 * i;
		p[i] = (unsigned char)(v >> shift);
	}
}

/* Writes msgs (which must already be sorted) as a .mo file: header, original
 * table, translation table, then the strings, each followed by NUL. */
static void
mo_build(struct mo *mo, const struct msg *msgs, size_t n, bool big_endian)
{
	size_t orig = 28, trans = orig + 8 * n, pos = trans + 8 * n;

	memset(mo, 0, sizeof *mo);
	put_u32(mo->data, 0x950412de, big_endian);
	put_u32(mo->data + 4, 0, big_endian);
	put_u32(mo->data + 8, (uint32_t)n, big_endian);
	put_u32(mo->data + 12, (uint32_t)orig, big_endian);
	put_u32(mo->data + 16, (uint32_t)trans, big_endian);
	put_u32(mo->data + 20, 0, big_endian);
	put_u32(mo->data + 24, 0, big_endian);
	for (size_t i = 0; i < n; i++) {
		assert_true(pos + msgs[i].id_len + 1 + msgs[i].str_len + 1 <= sizeof mo->data);
		put_u32(mo->data + orig + 8 * i, (uint32_t)msgs[i].id_len, big_endian);
		put_u32(mo->data + orig + 8 * i + 4, (uint32_t)pos, big_endian);
		memcpy(mo->data + pos, msgs[i].id, msgs[i].id_len);
		pos += msgs[i].id_len + 1;
		put_u32(mo->data + trans + 8 * i, (uint32_t)msgs[i].str_len, big_endian);
		put_u32(mo->data + trans + 8 * i + 4, (uint32_t)pos, big_endian);
		memcpy(mo->data + pos, msgs[i].str, msgs[i].str_len);
		pos += msgs[i].str_len + 1;
	}
	mo->len = pos;
}

#define HEADER(plural_forms) \
	"Project-Id-Version: test\nLanguage: nb\n" \
	"Content-Type: text/plain; charset=UTF-8\n" \
	"Plural-Forms: " plural_forms "\n"

static const struct msg sample[] = {
	MSG("", HEADER("nplurals=2; plural=(n != 1);")),
	MSG("%lu participant\0%lu participants", "%lu deltaker\0%lu deltakere"),
	MSG("Home", "Hjem"),
	MSG("Search", "S\xc3\xb8k"),
	MSG("Untranslated", ""),
};
#define NSAMPLE (sizeof sample / sizeof sample[0])

static int
teardown(void **state)
{
	(void)state;
	i18n_shutdown();
	return 0;
}

/* ---- the embedded catalogue ------------------------------------------ */

static void
test_embedded_translates(void **state)
{
	const char *id = "Sign in";

	(void)state;
	assert_int_equal(i18n_init(), 0);
	assert_int_equal(i18n_init(), 0);   /* a second call does nothing */
	assert_string_equal(tr(LANG_NB, "Sign in"), "Logg inn");
	assert_string_equal(tr(LANG_NB, "Sign out"), "Logg ut");
	assert_string_equal(tr(LANG_NB, "Audit log"), "Revisjonslogg");
	assert_string_equal(tr(LANG_NB, "Page %d of %d"), "Side %d av %d");
	assert_string_equal(tr(LANG_NB, "Second Chance"), "Andre sjanse");
	/* English is the msgid itself, the very same pointer. */
	assert_ptr_equal(tr(LANG_EN, id), id);
	/* The catalogue's own plural forms (nplurals=2, n != 1). */
	assert_string_equal(trn(LANG_NB, "Too many attempts; try again in %d minute.",
				"Too many attempts; try again in %d minutes.", 1),
			    "For mange fors\xc3\xb8k. Pr\xc3\xb8v igjen om %d minutt.");
	/* Plural fallbacks when the catalogue lacks the message. */
	assert_string_equal(trn(LANG_NB, "%lu file", "%lu files", 1), "%lu file");
	assert_string_equal(trn(LANG_NB, "%lu file", "%lu files", 0), "%lu files");
	assert_string_equal(trn(LANG_EN, "%lu file", "%lu files", 2), "%lu files");
}

static void
test_unknown_and_edge_msgids(void **state)
{
	const char *unknown = "No such message, surely";
	const char *empty = "";

	(void)state;
	assert_int_equal(i18n_init(), 0);
	assert_ptr_equal(tr(LANG_NB, unknown), unknown);
	assert_ptr_equal(tr(LANG_EN, unknown), unknown);
	/* "" must not return the catalogue header. */
	assert_ptr_equal(tr(LANG_NB, empty), empty);
	assert_string_equal(tr(LANG_NB, NULL), "");
	assert_string_equal(tr((enum lang)7, "Sign in"), "Sign in");
	assert_string_equal(tr((enum lang)-1, "Sign in"), "Sign in");
	assert_string_equal(trn(LANG_NB, NULL, NULL, 3), "");
	assert_string_equal(trn((enum lang)9, "a", "b", 1), "a");
}

static void
test_before_init_and_after_shutdown(void **state)
{
	(void)state;
	assert_string_equal(tr(LANG_NB, "Sign in"), "Sign in");
	assert_int_equal(i18n_init(), 0);
	assert_string_equal(tr(LANG_NB, "Sign in"), "Logg inn");
	i18n_shutdown();
	assert_string_equal(tr(LANG_NB, "Sign in"), "Sign in");
	assert_int_equal(i18n_init(), 0);
	assert_string_equal(tr(LANG_NB, "Sign in"), "Logg inn");
}

/* ---- codes and names -------------------------------------------------- */

static void
test_parse_code(void **state)
{
	static const struct {
		const char *s;
		int rc;
		enum lang lang;
	} rows[] = {
		{"nb", 0, LANG_NB}, {"NB", 0, LANG_NB}, {"no", 0, LANG_NB},
		{"nb-NO", 0, LANG_NB}, {"nb-no", 0, LANG_NB}, {"nb_NO", 0, LANG_NB},
		{"no-NO", 0, LANG_NB},
		{"en", 0, LANG_EN}, {"EN", 0, LANG_EN}, {"en-GB", 0, LANG_EN},
		{"en-US", 0, LANG_EN}, {"en_US", 0, LANG_EN},
		{"", SC_EINVAL, 0}, {"nn", SC_EINVAL, 0}, {"nn-NO", SC_EINVAL, 0},
		{"sv", SC_EINVAL, 0}, {"e", SC_EINVAL, 0}, {"english", SC_EINVAL, 0},
		{"nb-", SC_EINVAL, 0}, {" nb", SC_EINVAL, 0}, {"nb ", SC_EINVAL, 0},
		{"en-AU", SC_EINVAL, 0}, {"nb,en", SC_EINVAL, 0},
	};
	enum lang l;

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		l = (enum lang)42;
		assert_int_equal(i18n_parse_code(rows[i].s, &l), rows[i].rc);
		if (rows[i].rc == 0)
			assert_int_equal(l, rows[i].lang);
		else
			assert_int_equal(l, (enum lang)42);   /* untouched */
	}
	assert_int_equal(i18n_parse_code(NULL, &l), SC_EINVAL);
	assert_int_equal(i18n_parse_code("nb", NULL), SC_EINVAL);
}

static void
test_code_and_name(void **state)
{
	enum lang l;

	(void)state;
	assert_string_equal(i18n_code(LANG_NB), "nb");
	assert_string_equal(i18n_code(LANG_EN), "en");
	assert_string_equal(i18n_name(LANG_NB), "Norsk bokm\xc3\xa5l");
	assert_string_equal(i18n_name(LANG_EN), "English");
	assert_null(i18n_code(LANG_COUNT));
	assert_null(i18n_name(LANG_COUNT));
	/* Every code round-trips. */
	for (int i = 0; i < LANG_COUNT; i++) {
		assert_int_equal(i18n_parse_code(i18n_code((enum lang)i), &l), 0);
		assert_int_equal(l, (enum lang)i);
	}
}

/* ---- hand-built catalogues -------------------------------------------- */

static void
check_sample_loaded(enum lang lang)
{
	assert_string_equal(tr(lang, "Home"), "Hjem");
	assert_string_equal(tr(lang, "Search"), "S\xc3\xb8k");
	/* An empty translation counts as missing. */
	assert_string_equal(tr(lang, "Untranslated"), "Untranslated");
	assert_string_equal(tr(lang, "Away"), "Away");
	/* tr() on a plural message gives the first form. */
	assert_string_equal(tr(lang, "%lu participant"), "%lu deltaker");
	assert_string_equal(trn(lang, "%lu participant", "%lu participants", 0), "%lu deltakere");
	assert_string_equal(trn(lang, "%lu participant", "%lu participants", 1), "%lu deltaker");
	assert_string_equal(trn(lang, "%lu participant", "%lu participants", 2), "%lu deltakere");
	assert_string_equal(trn(lang, "%lu participant", "%lu participants", 21), "%lu deltakere");
}

static void
test_load_little_endian(void **state)
{
	static struct mo mo;

	(void)state;
	mo_build(&mo, sample, NSAMPLE, false);
	assert_int_equal(i18n_load_mo(LANG_NB, mo.data, mo.len), 0);
	/* The catalogue was copied: scribbling on ours changes nothing. */
	memset(mo.data, 0xa5, sizeof mo.data);
	check_sample_loaded(LANG_NB);
	/* English is untouched. */
	assert_string_equal(tr(LANG_EN, "Home"), "Home");
}

static void
test_load_big_endian(void **state)
{
	static struct mo mo;

	(void)state;
	mo_build(&mo, sample, NSAMPLE, true);
	assert_int_equal(i18n_load_mo(LANG_EN, mo.data, mo.len), 0);
	check_sample_loaded(LANG_EN);
	assert_string_equal(tr(LANG_NB, "Home"), "Home");
	/* len 0 removes the catalogue. */
	assert_int_equal(i18n_load_mo(LANG_EN, NULL, 0), 0);
	assert_string_equal(tr(LANG_EN, "Home"), "Home");
	assert_int_equal(i18n_load_mo(LANG_COUNT, mo.data, mo.len), SC_EINVAL);
	assert_int_equal(i18n_load_mo(LANG_EN, NULL, 10), SC_EINVAL);
}

/* Many messages: each found by its own id, whatever slot it hashed to
 * (120 ids in the table's 256 slots share some), and no other id found. */
static void
test_many_messages_each_found(void **state)
{
	enum { N = 120 };
	static struct mo mo;
	static char ids[N][5], strs[N][5];
	struct msg msgs[N];

	(void)state;
	for (int i = 0; i < N; i++) {
		snprintf(ids[i], sizeof ids[i], "m%03d", i);
		snprintf(strs[i], sizeof strs[i], "t%03d", i);
		msgs[i] = (struct msg){ids[i], 4, strs[i], 4};
	}
	mo_build(&mo, msgs, N, false);
	assert_int_equal(i18n_load_mo(LANG_NB, mo.data, mo.len), 0);
	for (int i = 0; i < N; i++) {
		char id[8];
		snprintf(id, sizeof id, "m%03d", i);   /* another pointer to the same text */
		assert_string_equal(tr(LANG_NB, id), strs[i]);
	}
	assert_string_equal(tr(LANG_NB, "m120"), "m120");
	assert_string_equal(tr(LANG_NB, "m00"), "m00");
	assert_string_equal(tr(LANG_NB, "m0000"), "m0000");
	assert_string_equal(tr(LANG_NB, "M000"), "M000");
}

static void
test_load_empty_catalogue(void **state)
{
	static struct mo mo;

	(void)state;
	mo_build(&mo, NULL, 0, false);
	assert_int_equal(i18n_load_mo(LANG_NB, mo.data, mo.len), 0);
	assert_string_equal(tr(LANG_NB, "Home"), "Home");
	assert_string_equal(trn(LANG_NB, "a", "b", 1), "a");
}

/* A three-form rule (Polish) exercises the expression evaluator. */
static void
test_plural_expression(void **state)
{
	static const struct msg msgs[] = {
		MSG("", HEADER("nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && "
		    "(n%100<10 || n%100>=20) ? 1 : 2);")),
		MSG("%lu file\0%lu files", "%lu plik\0%lu pliki\0%lu plik\xc3\xb3w"),
	};
	static const struct {
		unsigned long n;
		const char *want;
	} rows[] = {
		{1, "%lu plik"}, {2, "%lu pliki"}, {4, "%lu pliki"}, {5, "%lu plik\xc3\xb3w"},
		{0, "%lu plik\xc3\xb3w"}, {12, "%lu plik\xc3\xb3w"}, {22, "%lu pliki"},
		{112, "%lu plik\xc3\xb3w"}, {1004, "%lu pliki"},
	};
	static struct mo mo;

	(void)state;
	mo_build(&mo, msgs, 2, false);
	assert_int_equal(i18n_load_mo(LANG_NB, mo.data, mo.len), 0);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		assert_string_equal(trn(LANG_NB, "%lu file", "%lu files", rows[i].n), rows[i].want);
}

/* When the rule names a form the catalogue lacks or divides by zero, the
 * form is chosen by the English rule; when the message lacks that form, the
 * msgids are used. Nothing reads past the forms. */
static void
test_plural_fallbacks(void **state)
{
	static const struct msg wide[] = {
		MSG("", HEADER("nplurals=2; plural=n;")),
		MSG("%lu day\0%lu days", "%lu dag\0%lu dager"),
	};
	static const struct msg divzero[] = {
		MSG("", HEADER("nplurals=2; plural=n % (n - 3) != 0;")),
		MSG("%lu day\0%lu days", "%lu dag\0%lu dager"),
	};
	static const struct msg one_form[] = {
		MSG("", HEADER("nplurals = 2 ;plural = ( n != 1 ) ;")),
		MSG("%lu day", "%lu dag"),
	};
	static const struct msg no_header[] = {
		MSG("%lu day\0%lu days", "%lu dag\0%lu dager"),
	};
	static struct mo mo;

	(void)state;
	mo_build(&mo, wide, 2, false);
	assert_int_equal(i18n_load_mo(LANG_NB, mo.data, mo.len), 0);
	assert_string_equal(trn(LANG_NB, "%lu day", "%lu days", 0), "%lu dag");
	assert_string_equal(trn(LANG_NB, "%lu day", "%lu days", 1), "%lu dager");
	/* Form 5 does not exist: the English rule picks form 1. */
	assert_string_equal(trn(LANG_NB, "%lu day", "%lu days", 5), "%lu dager");

	mo_build(&mo, divzero, 2, false);
	assert_int_equal(i18n_load_mo(LANG_NB, mo.data, mo.len), 0);
	assert_string_equal(trn(LANG_NB, "%lu day", "%lu days", 3), "%lu dager");
	assert_string_equal(trn(LANG_NB, "%lu day", "%lu days", 5), "%lu dager");

	mo_build(&mo, one_form, 2, false);
	assert_int_equal(i18n_load_mo(LANG_NB, mo.data, mo.len), 0);
	assert_string_equal(trn(LANG_NB, "%lu day", "%lu days", 1), "%lu dag");
	assert_string_equal(trn(LANG_NB, "%lu day", "%lu days", 2), "%lu days");

	mo_build(&mo, no_header, 1, true);
	assert_int_equal(i18n_load_mo(LANG_NB, mo.data, mo.len), 0);
	assert_string_equal(trn(LANG_NB, "%lu day", "%lu days", 1), "%lu dag");
	assert_string_equal(trn(LANG_NB, "%lu day", "%lu days", 7), "%lu dager");
}

#define NRULES 13

static void
test_bad_plural_forms_rejected(void **state)
{

	const char *rules[NRULES] = {
		"nplurals=2; plural=(n != 1;",
		"nplurals=2; plural=n !=;",
		"nplurals=2; plural=;",
		"nplurals=0; plural=0;",
		"nplurals=99; plural=n;",
		"nplurals=two; plural=n;",
		"nplurals=2 plural=n;",
		"nplurals=2; plural=n ? 1;",
		"nplurals=2; plural=m;",
		"nplurals=2; plural=99999999999999999999999;",
		"plural=(n != 1);",
	};
	static struct mo mo;
	char header[512];

	(void)state;
	char deep_parens[256], deep_nots[256];
	size_t k;

	/* Nesting past the parser's depth limit (64) is refused, not a stack
	 * overflow. */
	k = (size_t)snprintf(deep_parens, sizeof deep_parens, "nplurals=2; plural=");
	for (size_t d = 0; d < 100; d++)
		deep_parens[k++] = '(';
	deep_parens[k++] = 'n';
	for (size_t d = 0; d < 100; d++)
		deep_parens[k++] = ')';
	deep_parens[k++] = ';';
	deep_parens[k] = '\0';
	k = (size_t)snprintf(deep_nots, sizeof deep_nots, "nplurals=2; plural=");
	for (size_t d = 0; d < 100; d++)
		deep_nots[k++] = '!';
	deep_nots[k++] = 'n';
	deep_nots[k++] = ';';
	deep_nots[k] = '\0';
	rules[NRULES - 2] = deep_parens;
	rules[NRULES - 1] = deep_nots;

	for (size_t i = 0; i < NRULES; i++) {
		struct msg m[1];
		snprintf(header, sizeof header, "Content-Type: text/plain; charset=UTF-8\n"
		    "Plural-Forms: %s\n", rules[i]);
		m[0] = (struct msg){"", 0, header, strlen(header)};
		mo_build(&mo, m, 1, false);
		print_message("rule %zu: %s\n", i, rules[i]);
		assert_int_equal(i18n_load_mo(LANG_NB, mo.data, mo.len), SC_EINVAL);
	}
}

/* ---- corrupt catalogues ----------------------------------------------- */

/* Loads the sample, then checks that a corrupt file is refused and leaves
 * the loaded catalogue in place. */
static void
expect_rejected(const unsigned char *data, size_t len)
{
	assert_int_equal(i18n_load_mo(LANG_NB, data, len), SC_EINVAL);
	assert_string_equal(tr(LANG_NB, "Home"), "Hjem");
}

static void
test_corrupt_rejected(void **state)
{
	static struct mo good, bad;
	bool be;

	(void)state;
	for (int order = 0; order < 2; order++) {
		be = order == 1;
		mo_build(&good, sample, NSAMPLE, be);
		assert_int_equal(i18n_load_mo(LANG_NB, good.data, good.len), 0);

		/* Bad magic. */
		bad = good;
		bad.data[0] ^= 0xff;
		expect_rejected(bad.data, bad.len);
		/* Major revision 2. */
		bad = good;
		put_u32(bad.data + 4, 0x00020000, be);
		expect_rejected(bad.data, bad.len);
		/* Huge message count. */
		bad = good;
		put_u32(bad.data + 8, 0xffffffff, be);
		expect_rejected(bad.data, bad.len);
		bad = good;
		put_u32(bad.data + 8, 0x20000000, be);
		expect_rejected(bad.data, bad.len);
		/* Tables starting past the end, or running past it. */
		bad = good;
		put_u32(bad.data + 12, 0xfffffff0, be);
		expect_rejected(bad.data, bad.len);
		bad = good;
		put_u32(bad.data + 16, (uint32_t)bad.len - 4, be);
		expect_rejected(bad.data, bad.len);
		/* A string offset past the end, or at it. */
		bad = good;
		put_u32(bad.data + 28 + 4, 0xffffffff, be);
		expect_rejected(bad.data, bad.len);
		bad = good;
		put_u32(bad.data + 28 + 8 * NSAMPLE + 4, (uint32_t)bad.len, be);
		expect_rejected(bad.data, bad.len);
		/* A string length running past the end (offset + length wraps). */
		bad = good;
		put_u32(bad.data + 28 + 8, 0xffffffff, be);
		expect_rejected(bad.data, bad.len);
		bad = good;
		put_u32(bad.data + 28 + 8 * (NSAMPLE + 1), (uint32_t)bad.len, be);
		expect_rejected(bad.data, bad.len);
		/* A string whose length skips its NUL. */
		bad = good;
		put_u32(bad.data + 28 + 8 * 2, 5, be);   /* "Home" is 4 bytes */
		expect_rejected(bad.data, bad.len);
		/* Shorter than the header. */
		expect_rejected(good.data, 27);
		expect_rejected(good.data, 1);
	}
}

static void
test_bad_content_rejected(void **state)
{
	static const struct msg unsorted[] = {
		MSG("Search", "S\xc3\xb8k"), MSG("Home", "Hjem"),
	};
	static const struct msg duplicate[] = {
		MSG("Home", "Hjem"), MSG("Home", "Hjemme"),
	};
	static const struct msg bad_utf8[] = {
		MSG("Home", "Hj\xe9m"),
	};
	static const struct msg overlong[] = {
		MSG("Home", "\xc0\xafHjem"),
	};
	static const struct msg surrogate[] = {
		MSG("Home", "\xed\xa0\x80"),
	};
	static const struct msg cut_utf8[] = {
		MSG("Home", "Hjem\xc3"),
	};
	static const struct msg latin1[] = {
		MSG("", "Content-Type: text/plain; charset=ISO-8859-1\n"),
		MSG("Home", "Hjem"),
	};
	static const struct msg utf8x[] = {
		MSG("", "Content-Type: text/plain; charset=UTF-8x\n"),
		MSG("Home", "Hjem"),
	};
	static const struct {
		const struct msg *msgs;
		size_t n;
	} rows[] = {
		{unsorted, 2}, {duplicate, 2}, {bad_utf8, 1}, {overlong, 1},
		{surrogate, 1}, {cut_utf8, 1}, {latin1, 2}, {utf8x, 2},
	};
	static struct mo good, bad;

	(void)state;
	mo_build(&good, sample, NSAMPLE, false);
	assert_int_equal(i18n_load_mo(LANG_NB, good.data, good.len), 0);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		print_message("row %zu\n", i);
		mo_build(&bad, rows[i].msgs, rows[i].n, i % 2 == 1);
		expect_rejected(bad.data, bad.len);
	}
}

/* Every proper prefix of a catalogue is refused: the last byte is the NUL
 * of the last string. */
static void
test_truncated_rejected(void **state)
{
	static struct mo good;

	(void)state;
	mo_build(&good, sample, NSAMPLE, true);
	assert_int_equal(i18n_load_mo(LANG_NB, good.data, good.len), 0);
	for (size_t len = 0; len < good.len; len++) {
		unsigned char *copy = malloc(len ? len : 1);
		/* An exact-size heap copy lets the address sanitizer see any read
		 * past the end. */
		assert_non_null(copy);
		memcpy(copy, good.data, len);
		if (len == 0)
			assert_int_equal(i18n_load_mo(LANG_NB, copy, 0), 0);
		else
			assert_int_equal(i18n_load_mo(LANG_NB, copy, len), SC_EINVAL);
		free(copy);
		assert_int_equal(i18n_load_mo(LANG_NB, good.data, good.len), 0);
	}
}

/* Flipping any byte to a few values never crashes; whatever loads still
 * answers lookups. */
static void
test_byte_flips_do_not_crash(void **state)
{
	static const unsigned char values[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
	static struct mo good;

	(void)state;
	for (int order = 0; order < 2; order++) {
		mo_build(&good, sample, NSAMPLE, order == 1);
		for (size_t i = 0; i < good.len; i++) {
			for (size_t v = 0; v < sizeof values; v++) {
				unsigned char *copy = malloc(good.len);
				int rc;
				assert_non_null(copy);
				memcpy(copy, good.data, good.len);
				copy[i] = values[v];
				rc = i18n_load_mo(LANG_NB, copy, good.len);
				free(copy);
				assert_true(rc == 0 || rc == SC_EINVAL);
				if (rc == 0) {
					(void)tr(LANG_NB, "Home");
					(void)tr(LANG_NB, "Zebra");
					(void)trn(LANG_NB, "%lu participant", "%lu participants", 2);
				}
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_embedded_translates, teardown),
		cmocka_unit_test_teardown(test_unknown_and_edge_msgids, teardown),
		cmocka_unit_test_teardown(test_before_init_and_after_shutdown, teardown),
		cmocka_unit_test(test_parse_code),
		cmocka_unit_test(test_code_and_name),
		cmocka_unit_test_teardown(test_many_messages_each_found, teardown),
		cmocka_unit_test_teardown(test_load_little_endian, teardown),
		cmocka_unit_test_teardown(test_load_big_endian, teardown),
		cmocka_unit_test_teardown(test_load_empty_catalogue, teardown),
		cmocka_unit_test_teardown(test_plural_expression, teardown),
		cmocka_unit_test_teardown(test_plural_fallbacks, teardown),
		cmocka_unit_test_teardown(test_bad_plural_forms_rejected, teardown),
		cmocka_unit_test_teardown(test_corrupt_rejected, teardown),
		cmocka_unit_test_teardown(test_bad_content_rejected, teardown),
		cmocka_unit_test_teardown(test_truncated_rejected, teardown),
		cmocka_unit_test_teardown(test_byte_flips_do_not_crash, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
