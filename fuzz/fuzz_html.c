/*
 * fuzz_html.c — libFuzzer target for the escaping writer in util/buf.h:
 * whatever goes in, html_text(), html_textn() and html_urlpart() produce valid
 * UTF-8 with no raw '<', '>', '"' or '\''.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Shortest-form UTF-8, no surrogates, nothing above U+10FFFF, no NUL. */
static bool
utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		uint32_t cp;
		uint32_t min;
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2; cp = c & 0x1F; min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3; cp = c & 0x0F; min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4; cp = c & 0x07; min = 0x10000;
		} else {
			return false;
		}
		if (len > n - i)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

static void
check(struct buf *b)
{
	if (!buf_ok(b))
		abort();
	if (b->len == 0)
		return;
	if (strlen(b->data) != b->len)
		abort();
	for (size_t i = 0; i < b->len; i++)
		if (b->data[i] == '<' || b->data[i] == '>' || b->data[i] == '"' ||
		    b->data[i] == '\'')
			abort();
	if (!utf8_ok((const unsigned char *)b->data, b->len))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b = BUF_INIT;
	html_textn(&b, (const char *)data, size);
	check(&b);
	buf_free(&b);

	char *s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	html_text(&b, s);
	check(&b);
	buf_free(&b);
	html_urlpart(&b, s);
	check(&b);
	/* A URL part is plain ASCII: unreserved characters and %XX only. */
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '&' || (unsigned char)b.data[i] >= 0x80)
			abort();
	buf_free(&b);
	free(s);
	return 0;
}
