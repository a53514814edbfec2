/*
 * multipart.c — see multipart.h. The body is walked once from delimiter to
 * delimiter with memmem(); nothing is copied but the names and values that
 * end up in the list.
 */
#include "multipart.h"
#include "util/arena.h"
#include "util/csv.h"
#include "util/err.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static bool
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* RFC 7230 tchar. */
static bool
is_tchar(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* RFC 2046 bchars (a space is allowed, except last). */
static bool
is_bchar(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

/*
 * Reads a parameter value at *p (up to end): a quoted string, whose
 * backslash escapes are undone, or a token. The value is copied into the
 * arena. Returns 0, SC_EINVAL or SC_ENOMEM.
 */
static int
param_value(struct arena *a, const char **p, const char *end, char **out, size_t *outlen)
{
	const char *s = *p;
	if (s < end && *s == '"') {
		s++;
		const char *start = s;
		size_t n = 0;
		for (; s < end && *s != '"'; s++, n++) {
			if (*s == '\\' && s + 1 < end)
				s++;
		}
		if (s >= end)
			return SC_EINVAL;
		char *v = arena_alloc(a, n + 1);
		if (v == NULL)
			return SC_ENOMEM;
		size_t k = 0;
		for (const char *q = start; q < s; q++) {
			if (*q == '\\' && q + 1 < s)
				q++;
			v[k++] = *q;
		}
		v[k] = '\0';
		*p = s + 1;
		*out = v;
		*outlen = k;
		return SC_OK;
	}
	const char *start = s;
	while (s < end && is_tchar(*s))
		s++;
	if (s == start)
		return SC_EINVAL;
	*out = arena_strndup(a, start, (size_t)(s - start));
	*outlen = (size_t)(s - start);
	*p = s;
	return *out != NULL ? SC_OK : SC_ENOMEM;
}

/* The boundary parameter of the Content-Type. */
static int
boundary_of(struct arena *a, const char *ctype, char **out, size_t *outlen)
{
	if (ctype == NULL || strncasecmp(ctype, "multipart/form-data", 19) != 0)
		return SC_EINVAL;
	const char *p = ctype + 19;
	const char *end = ctype + strlen(ctype);
	while (p < end) {
		while (p < end && is_ows(*p))
			p++;
		if (p >= end)
			break;
		if (*p != ';')
			return SC_EINVAL;
		p++;
		while (p < end && is_ows(*p))
			p++;
		const char *key = p;
		while (p < end && is_tchar(*p))
			p++;
		size_t klen = (size_t)(p - key);
		if (klen == 0 || p >= end || *p != '=')
			return SC_EINVAL;
		p++;
		char *v = NULL;
		size_t vlen = 0;
		int rc = param_value(a, &p, end, &v, &vlen);
		if (rc != SC_OK)
			return rc;
		if (klen == 8 && strncasecmp(key, "boundary", 8) == 0) {
			if (vlen == 0 || vlen > MULTIPART_MAX_BOUNDARY || v[vlen - 1] == ' ')
				return SC_EINVAL;
			for (size_t i = 0; i < vlen; i++)
				if (!is_bchar(v[i]))
					return SC_EINVAL;
			*out = v;
			*outlen = vlen;
			return SC_OK;
		}
	}
	return SC_EINVAL;
}

/*
 * The name parameter of a part's header block (hdr, n bytes, lines
 * separated by CRLF). *name is NULL when the part has no name. A missing
 * or malformed Content-Disposition is SC_EINVAL.
 */
static int
part_name(struct arena *a, const char *hdr, size_t n, char **name, bool *is_file)
{
	const char *p = hdr, *end = hdr + n;
	bool seen = false;
	*name = NULL;
	*is_file = false;
	if (memchr(hdr, '\0', n) != NULL)
		return SC_EINVAL;
	while (p < end) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		const char *lend = eol ? eol : end;
		if (p == lend || is_ows(*p))
			return SC_EINVAL; /* empty line or obsolete folding */
		const char *colon = memchr(p, ':', (size_t)(lend - p));
		if (colon == NULL || colon == p)
			return SC_EINVAL;
		for (const char *c = p; c < colon; c++)
			if (!is_tchar(*c))
				return SC_EINVAL;
		if ((size_t)(colon - p) == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
			if (seen)
				return SC_EINVAL;
			seen = true;
			const char *v = colon + 1;
			while (v < lend && is_ows(*v))
				v++;
			if ((size_t)(lend - v) < 9 || strncasecmp(v, "form-data", 9) != 0)
				return SC_EINVAL;
			v += 9;
			while (v < lend) {
				while (v < lend && is_ows(*v))
					v++;
				if (v >= lend)
					break;
				if (*v != ';')
					return SC_EINVAL;
				v++;
				while (v < lend && is_ows(*v))
					v++;
				const char *key = v;
				while (v < lend && is_tchar(*v))
					v++;
				size_t klen = (size_t)(v - key);
				while (v < lend && is_ows(*v))
					v++;
				if (klen == 0 || v >= lend || *v != '=')
					return SC_EINVAL;
				v++;
				while (v < lend && is_ows(*v))
					v++;
				char *val = NULL;
				size_t vlen = 0;
				int rc = param_value(a, &v, lend, &val, &vlen);
				if (rc != SC_OK)
					return rc;
				if (klen == 4 && strncasecmp(key, "name", 4) == 0) {
					if (*name != NULL || vlen == 0 || strlen(val) != vlen ||
					    !csv_utf8_valid(val, vlen))
						return SC_EINVAL;
					for (size_t i = 0; i < vlen; i++)
						if ((unsigned char)val[i] < 0x20 || val[i] == 0x7f)
							return SC_EINVAL;
					*name = val;
				} else if (klen == 8 && strncasecmp(key, "filename", 8) == 0) {
					*is_file = true;
				}
			}
		}
		p = eol ? eol + 2 : end;
	}
	return seen ? SC_OK : SC_EINVAL;
}

int
parse_multipart(struct arena *a, const char *ctype, const char *body, size_t len,
		struct kvlist *out)
{
	out->items = NULL;
	out->n = 0;
	char *bnd = NULL;
	size_t blen = 0;
	int rc = boundary_of(a, ctype, &bnd, &blen);
	if (rc != SC_OK)
		return rc;
	if (body == NULL)
		return SC_EINVAL;
	/* "\r\n--boundary": the delimiter as it follows a part's content. */
	size_t dlen = blen + 4;
	char *delim = arena_alloc(a, dlen + 1);
	struct kv *items = arena_alloc(a, MULTIPART_MAX_PARTS * sizeof *items);
	if (delim == NULL || items == NULL)
		return SC_ENOMEM;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, bnd, blen);
	size_t n = 0, parts = 0;

	/* The first delimiter opens the body or follows the preamble's CRLF. */
	const char *end = body + len;
	const char *p;
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		p = body + dlen - 2;
	else if ((p = memmem(body, len, delim, dlen)) != NULL)
		p += dlen;
	else
		return SC_EINVAL;

	for (;;) {
		/* p is just past a delimiter: "--" closes, else padding and CRLF. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;
		while (p < end && is_ows(*p))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return SC_EINVAL;
		p += 2;
		/* The header block ends with an empty line. */
		const char *hdr_end;
		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
			hdr_end = p;
		} else {
			size_t look = (size_t)(end - p);
			if (look > MULTIPART_MAX_HEADER + 4)
				look = MULTIPART_MAX_HEADER + 4;
			hdr_end = memmem(p, look, "\r\n\r\n", 4);
			if (hdr_end == NULL || hdr_end - p > MULTIPART_MAX_HEADER)
				return SC_EINVAL;
		}
		if (++parts > MULTIPART_MAX_PARTS)
			return SC_EINVAL;
		char *name = NULL;
		bool is_file = false;
		rc = part_name(a, p, (size_t)(hdr_end - p), &name, &is_file);
		if (rc != SC_OK)
			return rc;
		const char *content = hdr_end + (hdr_end == p ? 2 : 4);
		const char *next = memmem(content, (size_t)(end - content), delim, dlen);
		if (next == NULL)
			return SC_EINVAL;
		size_t clen = (size_t)(next - content);
		if (name != NULL) {
			bool text = memchr(content, '\0', clen) == NULL && csv_utf8_valid(content, clen);
			if (!text && !is_file)
				return SC_EINVAL;
			/* A file that is not text is kept as bytes, for the
			 * handler to say what it is (an Excel file, ...). */
			char *value = arena_strndup(a, text ? content : "", text ? clen : 0);
			if (value == NULL)
				return SC_ENOMEM;
			items[n] = (struct kv){.key = name, .value = value, .binary = !text,
					       .bytes = text ? NULL : content, .nbytes = text ? 0 : clen};
			n++;
		}
		p = next + dlen;
	}
	out->items = n > 0 ? items : NULL;
	out->n = n;
	return SC_OK;
}
