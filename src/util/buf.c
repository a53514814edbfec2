/*
 * buf.c — growable buffer and the HTML escaping writer; see buf.h.
 */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
buf_grow(struct buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra > SIZE_MAX / 4 - b->len) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (p == NULL) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void
buf_append(struct buf *b, const char *s, size_t n)
{
	if (!buf_grow(b, n))
		return;
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	if (s != NULL)
		buf_append(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n >= 0 && buf_grow(b, (size_t)n)) {
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		b->len += (size_t)n;
	} else if (n < 0) {
		b->failed = true;
	}
	va_end(ap);
}

bool
buf_ok(const struct buf *b)
{
	return !b->failed;
}

char *
buf_steal(struct buf *b, size_t *len)
{
	if (b->failed) {
		buf_free(b);
		return NULL;
	}
	if (b->data == NULL)
		buf_append(b, "", 0);
	if (b->failed) {
		buf_free(b);
		return NULL;
	}
	char *p = b->data;
	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned min;
	unsigned cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; cp = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; cp = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; cp = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

void
html_textn(struct buf *b, const char *s, size_t n)
{
	if (s == NULL)
		return;
	const unsigned char *p = (const unsigned char *)s;
	size_t start = 0;
	size_t i = 0;
	while (i < n) {
		/* a run of printable ASCII that needs no escaping: most of a page */
		while (i < n && p[i] >= 0x20 && p[i] < 0x7f && p[i] != '&' && p[i] != '<' && p[i] != '>' &&
		       p[i] != '"' && p[i] != '\'')
			i++;
		if (i == n)
			break;
		const char *rep = NULL;
		size_t adv = 1;
		switch (p[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': rep = "\xEF\xBF\xBD"; break;
		default:
			if (p[i] >= 0x80) {
				adv = utf8_seq(p + i, n - i);
				if (adv == 0) {
					rep = "\xEF\xBF\xBD";
					adv = 1;
				}
			} else if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\t' && p[i] != '\r') {
				rep = "\xEF\xBF\xBD";
			}
		}
		if (rep != NULL) {
			buf_append(b, s + start, i - start);
			buf_puts(b, rep);
			i += adv;
			start = i;
		} else {
			i += adv;
		}
	}
	buf_append(b, s + start, n - start);
}

void
html_text(struct buf *b, const char *s)
{
	if (s != NULL)
		html_textn(b, s, strlen(s));
}

void
html_int(struct buf *b, long long v)
{
	/* by hand: pages print many ids, and printf's machinery cost more than the digits */
	char d[24];
	size_t i = sizeof d;
	unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		d[--i] = (char)('0' + m % 10);
		m /= 10;
	} while (m != 0);
	if (v < 0)
		d[--i] = '-';
	buf_append(b, d + i, sizeof d - i);
}

void
html_money(struct buf *b, int64_t ore)
{
	char digits[32];
	uint64_t mag = ore < 0 ? (uint64_t)0 - (uint64_t)ore : (uint64_t)ore;
	uint64_t kr = mag / 100;
	unsigned rest = (unsigned)(mag % 100);
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)kr);
	if (ore < 0)
		buf_putc(b, '-');
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf_puts(b, "\xE2\x80\xAF"); /* narrow no-break space */
		buf_putc(b, digits[i]);
	}
	buf_printf(b, ",%02u", rest);
}

void
html_urlpart(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (s == NULL)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_putc(b, (char)*p);
		} else {
			char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_append(b, enc, 3);
		}
	}
}

void
html_lines(struct buf *b, const char *s)
{
	while (s != NULL && *s != '\0') {
		const char *nl = strchr(s, '\n');
		size_t n = nl != NULL ? (size_t)(nl - s) : strlen(s);
		html_textn(b, s, n > 0 && s[n - 1] == '\r' ? n - 1 : n);
		if (nl == NULL)
			break;
		html_lit(b, "<br>");
		s = nl + 1;
	}
}
