/*
 * parse.c — pure request parsers (percent-encoding, forms, cookies, paths,
 * integers, Accept-Language); see parse.h.
 *
 * Every parser is strict about what it lets through to handlers and bounded in
 * the memory it takes: the decoded output is never longer than the input.
 */
#include "web/parse.h"

#include <string.h>

#include "util/arena.h"
#include "util/err.h"

/* Value of a hex digit, or -1. */
static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* True when the n bytes at s are valid UTF-8 (shortest form, no surrogates,
 * nothing above U+10FFFF). */
static bool
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		uint32_t cp;
		uint32_t min;
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

/* Decodes into dst (room for n + 1 bytes); returns the decoded length, or
 * (size_t)-1 for a malformed escape or a NUL byte. */
static size_t
decode_into(char *dst, const char *s, size_t n, bool plus_is_space)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (n - i < 3)
				return (size_t)-1;
			int hi = hexval((unsigned char)s[i + 1]);
			int lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return (size_t)-1;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		if (c == '\0')
			return (size_t)-1;
		dst[j++] = (char)c;
	}
	dst[j] = '\0';
	return j;
}

int
parse_percent_decode(struct arena *a, const char *s, size_t n,
	bool plus_is_space, char **out)
{
	*out = NULL;
	if (s == NULL && n > 0)
		return SC_EINVAL;
	char *dst = arena_alloc(a, n + 1);
	if (dst == NULL)
		return SC_ENOMEM;
	size_t len = n == 0 ? 0 : decode_into(dst, s, n, plus_is_space);
	if (len == (size_t)-1 || !utf8_valid((const unsigned char *)dst, len))
		return SC_EINVAL;
	*out = dst;
	return SC_OK;
}

int
parse_query(struct arena *a, const char *s, size_t n, size_t max_fields,
	struct kvlist *out)
{
	out->items = NULL;
	out->n = 0;
	if (s == NULL && n > 0)
		return SC_EINVAL;

	/* Count first, so an oversized form costs no decoding and no memory. */
	size_t count = 0;
	for (size_t i = 0; i < n; ) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t end = amp != NULL ? (size_t)(amp - s) : n;
		if (end > i && ++count > max_fields)
			return SC_ELIMIT;
		i = end + 1;
	}
	if (count == 0)
		return SC_OK;

	struct kv *items = arena_alloc(a, count * sizeof *items);
	if (items == NULL)
		return SC_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; ) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t end = amp != NULL ? (size_t)(amp - s) : n;
		if (end > i) {
			const char *pair = s + i;
			size_t plen = end - i;
			const char *eq = memchr(pair, '=', plen);
			size_t klen = eq != NULL ? (size_t)(eq - pair) : plen;
			if (klen == 0)
				return SC_EINVAL;
			char *key;
			char *value;
			int rc = parse_percent_decode(a, pair, klen, true, &key);
			if (rc != SC_OK)
				return rc;
			if (eq != NULL)
				rc = parse_percent_decode(a, eq + 1, plen - klen - 1, true, &value);
			else
				rc = parse_percent_decode(a, "", 0, true, &value);
			if (rc != SC_OK)
				return rc;
			items[k] = (struct kv){.key = key, .value = value};
			k++;
		}
		i = end + 1;
	}
	out->items = items;
	out->n = k;
	return SC_OK;
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	return kv_get_nth(l, key, 0);
}

size_t
kv_count(const struct kvlist *l, const char *key)
{
	size_t c = 0;
	if (l == NULL)
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			c++;
	return c;
}

const struct kv *
kv_find(const struct kvlist *l, const char *key)
{
	for (size_t i = 0; l != NULL && i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return &l->items[i];
	return NULL;
}

const char *
kv_get_nth(const struct kvlist *l, const char *key, size_t nth)
{
	if (l == NULL)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		if (!l->items[i].binary && strcmp(l->items[i].key, key) == 0) {
			if (nth == 0)
				return l->items[i].value;
			nth--;
		}
	}
	return NULL;
}

/* RFC 7230 tchar. */
static bool
is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* RFC 6265 cookie-octet: printable US-ASCII except space, '"', ',', ';', '\\'. */
static bool
is_cookie_octet(unsigned char c)
{
	return c >= 0x21 && c <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\';
}

static bool
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Checks one "name=value" cookie pair (already split on ';', unknown
 * surrounding whitespace). On success sets the name and value spans. */
static bool
cookie_pair(const char *p, size_t len, const char **name, size_t *nlen,
	const char **value, size_t *vlen)
{
	while (len > 0 && is_ows(p[0])) {
		p++;
		len--;
	}
	while (len > 0 && is_ows(p[len - 1]))
		len--;
	const char *eq = memchr(p, '=', len);
	if (eq == NULL)
		return false;
	size_t nl = (size_t)(eq - p);
	while (nl > 0 && is_ows(p[nl - 1]))
		nl--;
	if (nl == 0)
		return false;
	for (size_t i = 0; i < nl; i++)
		if (!is_tchar((unsigned char)p[i]))
			return false;
	const char *v = eq + 1;
	size_t vl = len - (size_t)(v - p);
	while (vl > 0 && is_ows(v[0])) {
		v++;
		vl--;
	}
	if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
		v++;
		vl -= 2;
	}
	for (size_t i = 0; i < vl; i++)
		if (!is_cookie_octet((unsigned char)v[i]))
			return false;
	*name = p;
	*nlen = nl;
	*value = v;
	*vlen = vl;
	return true;
}

int
parse_cookies(struct arena *a, const char *header, struct kvlist *out)
{
	out->items = NULL;
	out->n = 0;
	if (header == NULL)
		return SC_OK;

	struct kv tmp[PARSE_MAX_COOKIES];
	size_t k = 0;
	const char *p = header;
	for (;;) {
		const char *semi = strchr(p, ';');
		size_t len = semi != NULL ? (size_t)(semi - p) : strlen(p);
		const char *name;
		const char *value;
		size_t nlen;
		size_t vlen;
		if (cookie_pair(p, len, &name, &nlen, &value, &vlen)) {
			if (k == PARSE_MAX_COOKIES)
				return SC_ELIMIT;
			tmp[k] = (struct kv){.key = arena_strndup(a, name, nlen),
					     .value = arena_strndup(a, value, vlen)};
			if (tmp[k].key == NULL || tmp[k].value == NULL)
				return SC_ENOMEM;
			k++;
		}
		if (semi == NULL)
			break;
		p = semi + 1;
	}
	if (k == 0)
		return SC_OK;
	struct kv *items = arena_alloc(a, k * sizeof *items);
	if (items == NULL)
		return SC_ENOMEM;
	memcpy(items, tmp, k * sizeof *items);
	out->items = items;
	out->n = k;
	return SC_OK;
}

/* Raw bytes a path may not contain before decoding. */
static bool
path_byte_ok(unsigned char c)
{
	return c > 0x20 && c != 0x7F && c != '?' && c != '#' && c != '\\';
}

/* Decodes one segment and checks it; returns 0 and sets *seg, or an error. */
static int
path_segment(struct arena *a, const char *s, size_t n, const char **seg)
{
	char *d;
	if (n == 0)
		return SC_EINVAL;
	int rc = parse_percent_decode(a, s, n, false, &d);
	if (rc != SC_OK)
		return rc;
	if (strcmp(d, ".") == 0 || strcmp(d, "..") == 0)
		return SC_EINVAL;
	for (const unsigned char *p = (const unsigned char *)d; *p; p++)
		if (*p < 0x20 || *p == 0x7F || *p == '/' || *p == '\\')
			return SC_EINVAL;
	*seg = d;
	return SC_OK;
}

int
parse_path(struct arena *a, const char *url, struct path *out)
{
	out->n = 0;
	if (url == NULL || url[0] != '/')
		return SC_EINVAL;
	size_t len = strnlen(url, PARSE_MAX_PATH + 1);
	if (len > PARSE_MAX_PATH)
		return SC_EINVAL;
	for (size_t i = 0; i < len; i++)
		if (!path_byte_ok((unsigned char)url[i]))
			return SC_EINVAL;
	if (len > 1 && url[len - 1] == '/') {
		len--;
		if (url[len - 1] == '/')
			return SC_EINVAL;   /* "//" or "/a//" */
	}

	struct path p = {.n = 0};
	size_t i = 1;
	while (i < len) {
		const char *slash = memchr(url + i, '/', len - i);
		size_t end = slash != NULL ? (size_t)(slash - url) : len;
		if (p.n == PARSE_MAX_SEGMENTS)
			return SC_EINVAL;
		int rc = path_segment(a, url + i, end - i, &p.segs[p.n]);
		if (rc != SC_OK)
			return rc;
		p.n++;
		i = end + 1;
	}
	*out = p;
	return SC_OK;
}

int
parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (s == NULL)
		return SC_EINVAL;
	bool neg = false;
	const char *p = s;
	if (*p == '-') {
		neg = true;
		p++;
	}
	if (*p < '0' || *p > '9')
		return SC_EINVAL;
	if (p[0] == '0' && (p[1] != '\0' || neg))
		return SC_EINVAL;
	/* Accumulate as a negative number: its range is one larger. */
	int64_t v = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return SC_EINVAL;
		int d = *p - '0';
		if (v < (INT64_MIN + d) / 10)
			return SC_EINVAL;
		v = v * 10 - d;
	}
	if (!neg) {
		if (v == INT64_MIN)
			return SC_EINVAL;
		v = -v;
	}
	if (v < min || v > max)
		return SC_EINVAL;
	*out = v;
	return SC_OK;
}

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive comparison of the n bytes at s with the string t. */
static bool
span_ieq(const char *s, size_t n, const char *t)
{
	for (size_t i = 0; i < n; i++)
		if (t[i] == '\0' || ascii_lower(s[i]) != ascii_lower(t[i]))
			return false;
	return t[n] == '\0';
}

/* Length of the primary subtag of a tag of n bytes (up to the first '-'). */
static size_t
primary_len(const char *s, size_t n)
{
	const char *dash = memchr(s, '-', n);
	return dash != NULL ? (size_t)(dash - s) : n;
}

/* The index of the supported tag matching the tag of n bytes at s, or -1. */
static int
lang_match(const char *tag, size_t n, const char *const *supported, size_t ns)
{
	if (n == 1 && tag[0] == '*')
		return ns > 0 ? 0 : -1;
	for (size_t i = 0; i < ns; i++)
		if (span_ieq(tag, n, supported[i]))
			return (int)i;
	size_t pl = primary_len(tag, n);
	for (size_t i = 0; i < ns; i++) {
		size_t sl = strlen(supported[i]);
		if (primary_len(supported[i], sl) != pl)
			continue;
		size_t k = 0;
		while (k < pl && ascii_lower(tag[k]) == ascii_lower(supported[i][k]))
			k++;
		if (k == pl)
			return (int)i;
	}
	/* Norwegian: "no" is the macrolanguage and "nn" is readable to "nb"
	 * readers (and vice versa); offer Bokmål rather than falling back. */
	if (span_ieq(tag, pl, "no") || span_ieq(tag, pl, "nn"))
		return lang_match("nb", 2, supported, ns);
	return -1;
}

/* Parses a qvalue ("1", "0.8", "1.000"); returns thousandths or -1. */
static int
parse_qvalue(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return -1;
	int scale = 100;
	for (size_t i = 2; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
		scale /= 10;
	}
	return q > 1000 ? -1 : q;
}

/* Trims spaces and tabs from both ends of the span *s, *n. */
static void
trim_ows(const char **s, size_t *n)
{
	while (*n > 0 && is_ows((*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_ows((*s)[*n - 1]))
		(*n)--;
}

/* True for a syntactically plausible language range: "*" or 1-8 letters
 * followed by "-" and 1-8 alphanumerics, repeated. */
static bool
lang_range_ok(const char *s, size_t n)
{
	if (n == 1 && s[0] == '*')
		return true;
	size_t run = 0;
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		char c = ascii_lower(s[i]);
		if (c == '-') {
			if (run == 0)
				return false;
			run = 0;
			first = false;
			continue;
		}
		bool alpha = c >= 'a' && c <= 'z';
		bool digit = c >= '0' && c <= '9';
		if (!alpha && !(digit && !first))
			return false;
		if (++run > 8)
			return false;
	}
	return run > 0;
}

/* Parses one Accept-Language entry; returns its q in thousandths (0 to 1000)
 * and sets the tag span, or -1 when the entry is malformed. */
static int
lang_entry(const char *s, size_t n, const char **tag, size_t *tlen)
{
	const char *semi = memchr(s, ';', n);
	size_t tl = semi != NULL ? (size_t)(semi - s) : n;
	const char *t = s;
	trim_ows(&t, &tl);
	if (!lang_range_ok(t, tl))
		return -1;
	int q = 1000;
	while (semi != NULL) {
		const char *param = semi + 1;
		size_t rest = n - (size_t)(param - s);
		semi = memchr(param, ';', rest);
		size_t pl = semi != NULL ? (size_t)(semi - param) : rest;
		trim_ows(&param, &pl);
		if (pl >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
			q = parse_qvalue(param + 2, pl - 2);
			if (q < 0)
				return -1;
		}
	}
	*tag = t;
	*tlen = tl;
	return q;
}

int
parse_accept_language(const char *header, const char *const *supported,
	size_t nsupported)
{
	if (header == NULL || supported == NULL)
		return -1;
	int best = -1;
	int best_q = 0;
	const char *p = header;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		const char *tag;
		size_t tlen;
		int q = lang_entry(p, len, &tag, &tlen);
		/* Strictly greater: on equal q the earlier entry keeps its place. */
		if (q > best_q) {
			int idx = lang_match(tag, tlen, supported, nsupported);
			if (idx >= 0) {
				best = idx;
				best_q = q;
			}
		}
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return best;
}
