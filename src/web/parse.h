/*
 * parse.h — pure parsers for what arrives in an HTTP request: percent-encoding,
 * form and query strings, the Cookie header, the request path, decimal integers
 * and Accept-Language.
 *
 * No I/O and no libmicrohttpd here, so every function can be unit-tested and
 * fuzzed on its own. Everything returned lives in the caller's per-request arena
 * and is freed with it. Errors are the codes from util/err.h; on error the output
 * argument is left empty (NULL / n == 0), never half filled.
 */
#ifndef SC_WEB_PARSE_H
#define SC_WEB_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* Limits (the path limits are part of the URL contract, not tuning knobs). */
#define PARSE_MAX_COOKIES 64
#define PARSE_MAX_SEGMENTS 16
#define PARSE_MAX_PATH 2048

/* One decoded name/value pair; both strings are NUL-terminated, valid UTF-8,
 * contain no NUL, and live in the arena they were parsed into. */
struct kv {
	const char *key;
	const char *value;
	/* Only for a file uploaded as multipart/form-data whose content is not
	 * UTF-8 text (NUL bytes, another encoding, a spreadsheet): binary is
	 * true, value is "" (kv_get() and kv_get_nth() pass such pairs by) and
	 * bytes/nbytes are the content as sent, inside the request body.
	 * Otherwise false, NULL and 0. */
	bool binary;
	const char *bytes;
	size_t nbytes;
};

/* Pairs in the order they appeared (repeated keys are kept, e.g. checkboxes).
 * items is NULL when n == 0. */
struct kvlist {
	struct kv *items;
	size_t n;
};

/* A request path split into decoded segments: "/cases/12/plan" gives
 * {"cases", "12", "plan"}, n == 3; "/" gives n == 0. */
struct path {
	const char *segs[PARSE_MAX_SEGMENTS];
	size_t n;
};

/*
 * Decodes the n bytes at s (not necessarily NUL-terminated; s may be NULL only
 * when n == 0): %XX becomes the byte 0xXX (either hex case), and '+' becomes a
 * space when plus_is_space is true. On success *out is a NUL-terminated string
 * in the arena and 0 is returned.
 * Returns SC_EINVAL for a malformed escape ("%", "%4", "%zz"), for a NUL byte
 * (raw or "%00"), or when the decoded bytes are not valid UTF-8 (overlong forms,
 * surrogates and code points above U+10FFFF are invalid); SC_ENOMEM when the
 * arena is exhausted. *out is NULL on error.
 */
int parse_percent_decode(struct arena *a, const char *s, size_t n,
	bool plus_is_space, char **out);

/*
 * Parses application/x-www-form-urlencoded data (a query string without the '?',
 * or a POST body) of n bytes at s (s may be NULL when n == 0). Pairs are
 * separated by '&'; empty pairs ("a=1&&b=2") are skipped; a pair without '='
 * has the value ""; keys and values are decoded as by parse_percent_decode()
 * with '+' as space.
 * Returns SC_ELIMIT when there are more than max_fields non-empty pairs
 * (checked before anything is decoded), SC_EINVAL when a key or value does not
 * decode or a key is empty ("=x"), SC_ENOMEM when the arena is exhausted.
 * On error *out is {NULL, 0}.
 */
int parse_query(struct arena *a, const char *s, size_t n, size_t max_fields,
	struct kvlist *out);

/* The value of the first pair named key (compared exactly, case-sensitively), or
 * NULL when there is none. l may be NULL (nothing found); key must not be NULL.
 * The result is owned by the list's arena. Binary uploads are not text and
 * are never returned (see struct kv; kv_find() finds them). */
const char *kv_get(const struct kvlist *l, const char *key);

/* The first pair named key, binary uploads included, or NULL. */
const struct kv *kv_find(const struct kvlist *l, const char *key);

/* How many pairs are named key; 0 when l is NULL. */
size_t kv_count(const struct kvlist *l, const char *key);

/* The value of the pair named key at position nth (0-based) among those with
 * that name, or NULL when there are not that many. */
const char *kv_get_nth(const struct kvlist *l, const char *key, size_t nth);

/*
 * Parses a Cookie request header ("a=b; c=d", RFC 6265 section 4.2). Spaces and
 * tabs around pairs, names and values are tolerated; a value in double quotes is
 * unquoted; pairs with a name that is not an RFC 7230 token or a value with
 * bytes outside cookie-octet are skipped silently, as browsers may send cookies
 * set by other applications on the same host. Values are not percent-decoded.
 * header may be NULL (no cookies: *out is {NULL, 0}, returns 0).
 * Returns SC_ELIMIT when more than PARSE_MAX_COOKIES valid cookies are present,
 * SC_ENOMEM when the arena is exhausted; *out is {NULL, 0} on error.
 */
int parse_cookies(struct arena *a, const char *header, struct kvlist *out);

/*
 * Splits a request path (without the query string, as it appeared on the
 * request line, i.e. still percent-encoded) into decoded segments.
 * The path must start with '/'; one trailing '/' is ignored ("/a/" equals
 * "/a"); "/" gives n == 0. Each segment is percent-decoded ('+' stays '+').
 * Returns SC_EINVAL, with out->n == 0, when url is NULL, longer than
 * PARSE_MAX_PATH bytes, has more than PARSE_MAX_SEGMENTS segments or an empty
 * segment ("//"), contains a raw space, control byte, '?', '#' or '\\', or a
 * segment that decodes to "." or "..", to invalid UTF-8, or to anything holding
 * a NUL, '/', '\\' or control character. SC_ENOMEM when the arena is exhausted.
 */
int parse_path(struct arena *a, const char *url, struct path *out);

/*
 * Parses a strict decimal integer: an optional '-', then digits, with no
 * spaces, no '+', and no leading zeros except the number "0" itself ("-0" is
 * rejected). The value must lie in [min, max].
 * Returns 0 and sets *out, or SC_EINVAL (s NULL, empty, malformed, overflowing
 * int64_t or out of range) leaving *out untouched.
 */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/*
 * Picks the best of the nsupported language tags (e.g. {"nb", "en"}) for an
 * Accept-Language header (RFC 7231 section 5.3.5). Entries are ranked by
 * q-value (default 1, q=0 means "not acceptable"), ties by order in the header.
 * An entry matches a supported tag exactly (case-insensitively) or else by its
 * primary subtag ("nb-NO" -> "nb", "en" -> "en-GB"); "no" and "nn" count as "nb"
 * when no supported tag matches them directly. "*" matches supported[0].
 * Malformed entries are skipped. Returns the index into supported, or -1 when
 * header is NULL or nothing matches (the caller then uses its default).
 */
int parse_accept_language(const char *header, const char *const *supported,
	size_t nsupported);

#endif
