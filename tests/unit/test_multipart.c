/*
 * test_multipart.c — parse_multipart() (web/multipart.h), table-driven: a
 * Content-Type and a body, and either the fields they give or SC_EINVAL.
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
#include "util/err.h"
#include "web/multipart.h"

#define SZ(s) (s), sizeof(s) - 1
#define CT "multipart/form-data; boundary=XyZ"

struct row {
	const char *ctype;
	const char *body;
	size_t len;
	int rc;
	const char *want;   /* "key=value|key=value" when rc == 0 */
};

static const struct row rows[] = {
	/* the shape a browser sends */
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok123\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
		"Content-Type: text/csv\r\n\r\na;b\r\n1;2\r\n\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\ngood\r\n--XyZ--\r\n"),
	 SC_OK, "csrf=tok123|file=a;b\r\n1;2\r\n|mode=good"},
	/* a preamble and an epilogue are ignored */
	{CT, SZ("this is ignored\r\n--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--epilogue"),
	 SC_OK, "a=1"},
	/* no part at all */
	{CT, SZ("--XyZ--\r\n"), SC_OK, ""},
	/* an empty value, and a repeated name keeps both */
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--XyZ--"),
	 SC_OK, "a=|a=x"},
	/* quoted boundary, header names in any case, padding after a delimiter */
	{"multipart/form-data; charset=utf-8; boundary=\"a b'c\"",
	 SZ("--a b'c  \r\ncontent-disposition: FORM-DATA ; name=\"n\\\"q\"\r\n\r\nv\r\n--a b'c--"),
	 SC_OK, "n\"q=v"},
	/* a part without a name is skipped */
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; filename=\"x\"\r\n\r\nskip\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n--XyZ--"),
	 SC_OK, "k=v"},
	/* content that looks almost like a delimiter is content */
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n--XyY\r\n-XyZ\n--XyZ\r\n--XyZ--"),
	 SC_OK, "f=--XyY\r\n-XyZ\n--XyZ"},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n\xC3\xA6\xC3\xB8\xC3\xA5\r\n--XyZ--"),
	 SC_OK, "f=\xC3\xA6\xC3\xB8\xC3\xA5"},

	/* the Content-Type */
	{"multipart/form-data", SZ("--XyZ--"), SC_EINVAL, NULL},
	{"multipart/form-data; boundary=", SZ("----"), SC_EINVAL, NULL},
	{"multipart/form-data; boundary=\"\"", SZ("----"), SC_EINVAL, NULL},
	{"multipart/form-data; boundary=\"abc", SZ("--abc--"), SC_EINVAL, NULL},
	{"multipart/form-data; boundary=\"ab \"", SZ("--ab --"), SC_EINVAL, NULL},
	{"multipart/form-data; boundary=a<b", SZ("--a<b--"), SC_EINVAL, NULL},
	{"multipart/form-data; boundary=01234567890123456789012345678901234567890123456789012345678901234567890",
	 SZ("--x--"), SC_EINVAL, NULL},
	{"text/plain; boundary=XyZ", SZ("--XyZ--"), SC_EINVAL, NULL},
	{NULL, SZ("--XyZ--"), SC_EINVAL, NULL},
	/* the body */
	{CT, SZ(""), SC_EINVAL, NULL},
	{CT, SZ("no delimiter here"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunclosed"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZjunk\r\n"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"a\""), SC_EINVAL, NULL},
	/* part headers */
	{CT, SZ("--XyZ\r\n\r\nno headers\r\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\nx\r\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name\r\n\r\nx\r\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nx\r\n--XyZ--"),
	 SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nx\r\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nNo colon\r\n\r\nx\r\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"a\x01\"\r\n\r\nx\r\n--XyZ--"), SC_EINVAL, NULL},
	/* values: no NUL, UTF-8 only (a Windows-1252 file is refused) */
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\na\0b\r\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n\xE6re\r\n--XyZ--"), SC_EINVAL, NULL},
	{CT, SZ("--XyZ\r\nContent-Disposition: form-data; name=\"\xC3\"\r\n\r\nx\r\n--XyZ--"), SC_EINVAL, NULL},
};

static void
render(const struct kvlist *l, struct buf *b)
{
	buf_puts(b, "");
	for (size_t i = 0; i < l->n; i++) {
		if (i > 0)
			buf_putc(b, '|');
		buf_puts(b, l->items[i].key);
		buf_putc(b, '=');
		buf_puts(b, l->items[i].value);
	}
}

static void
test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *t = &rows[i];
		struct arena *a = arena_new();
		assert_non_null(a);
		struct kvlist out = {(struct kv *)1, 99};
		int rc = parse_multipart(a, t->ctype, t->body, t->len, &out);
		if (rc != t->rc)
			fail_msg("row %zu: rc %d, want %d", i, rc, t->rc);
		if (rc == SC_OK) {
			struct buf b = BUF_INIT;
			render(&out, &b);
			if (strcmp(b.data, t->want) != 0)
				fail_msg("row %zu: got \"%s\", want \"%s\"", i, b.data, t->want);
			buf_free(&b);
		} else if (out.items != NULL || out.n != 0) {
			fail_msg("row %zu: output not emptied on error", i);
		}
		arena_free(a);
	}
}

static void
build_parts(struct buf *b, int nparts)
{
	for (int i = 0; i < nparts; i++)
		buf_printf(b, "--XyZ\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n", i, i);
	buf_puts(b, "--XyZ--\r\n");
}

/* MULTIPART_MAX_PARTS parts pass, one more is refused. */
static void
test_part_limit(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct buf b = BUF_INIT;
	struct kvlist out;
	build_parts(&b, MULTIPART_MAX_PARTS);
	assert_int_equal(parse_multipart(a, CT, b.data, b.len, &out), SC_OK);
	assert_int_equal(out.n, MULTIPART_MAX_PARTS);
	assert_string_equal(kv_get(&out, "f63"), "63");
	buf_reset(&b);
	build_parts(&b, MULTIPART_MAX_PARTS + 1);
	assert_int_equal(parse_multipart(a, CT, b.data, b.len, &out), SC_EINVAL);
	buf_free(&b);
	arena_free(a);
}

/* A header block of MULTIPART_MAX_HEADER bytes passes, one byte more does not. */
static void
test_header_limit(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	static const char cd[] = "Content-Disposition: form-data; name=\"a\"\r\nX-Pad: ";
	for (int extra = 0; extra <= 1; extra++) {
		struct buf b = BUF_INIT;
		buf_puts(&b, "--XyZ\r\n");
		buf_puts(&b, cd);
		size_t pad = MULTIPART_MAX_HEADER - (sizeof cd - 1) + (size_t)extra;
		for (size_t i = 0; i < pad; i++)
			buf_putc(&b, 'p');
		buf_puts(&b, "\r\n\r\nvalue\r\n--XyZ--");
		struct kvlist out;
		int rc = parse_multipart(a, CT, b.data, b.len, &out);
		assert_int_equal(rc, extra ? SC_EINVAL : SC_OK);
		if (rc == SC_OK)
			assert_string_equal(kv_get(&out, "a"), "value");
		buf_free(&b);
	}
	arena_free(a);
}

/* A large file part comes through whole. */
static void
test_large_file(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct buf b = BUF_INIT;
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n");
	for (int i = 0; i < 20000; i++)
		buf_puts(&b, "Kari;Nordmann;1990-01-01;female\r\n");
	buf_puts(&b, "\r\n--XyZ--\r\n");
	struct kvlist out;
	assert_int_equal(parse_multipart(a, CT, b.data, b.len, &out), SC_OK);
	assert_int_equal(out.n, 1);
	assert_int_equal(strlen(kv_get(&out, "file")), 20000 * 33);
	buf_free(&b);
	arena_free(a);
}

/* A file that is not UTF-8 text is kept as bytes, flagged, and kv_get()
 * passes it by; a plain field with the same bytes is still refused. */
static void
test_binary_file(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	static const char body[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"register.xlsx\"\r\n"
		"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
		"PK\x03\x04\x14\x00\x06\x00\xff\r\n--XyZ--\r\n";
	struct kvlist out;
	assert_int_equal(parse_multipart(a, CT, body, sizeof body - 1, &out), SC_OK);
	assert_int_equal(out.n, 2);
	assert_false(out.items[0].binary);
	assert_string_equal(kv_get(&out, "csrf"), "abc");
	assert_null(kv_get(&out, "file"));
	const struct kv *f = kv_find(&out, "file");
	assert_non_null(f);
	assert_true(f->binary);
	assert_string_equal(f->value, "");
	assert_int_equal(f->nbytes, 9);
	assert_memory_equal(f->bytes, "PK\x03\x04\x14\x00\x06\x00\xff", 9);
	assert_true(f->bytes > body && f->bytes + f->nbytes < body + sizeof body);
	/* Windows-1252 text in a file: binary too. */
	static const char latin1[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
		"given_name\n\xC5se\r\n--XyZ--";
	assert_int_equal(parse_multipart(a, CT, latin1, sizeof latin1 - 1, &out), SC_OK);
	assert_true(out.items[0].binary);
	assert_int_equal(out.items[0].nbytes, 14);
	/* A text file is a text value. */
	static const char text[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
		"given_name\n\xC3\x85se\r\n--XyZ--";
	assert_int_equal(parse_multipart(a, CT, text, sizeof text - 1, &out), SC_OK);
	assert_false(out.items[0].binary);
	assert_null(out.items[0].bytes);
	assert_string_equal(kv_get(&out, "file"), "given_name\n\xC3\x85se");
	/* The same bytes in a field that is not a file: refused. */
	static const char field[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nPK\x03\x04\x00\r\n--XyZ--";
	assert_int_equal(parse_multipart(a, CT, field, sizeof field - 1, &out), SC_EINVAL);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_part_limit),
		cmocka_unit_test(test_header_limit),
		cmocka_unit_test(test_large_file),
		cmocka_unit_test(test_binary_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
