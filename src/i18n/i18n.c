/*
 * i18n.c — looks up translations in GNU .mo catalogues embedded in the binary.
 *
 * A catalogue is validated completely when it is loaded (every table and
 * string inside the file, NUL-terminated, UTF-8, originals sorted), so that a
 * lookup afterwards is a plain binary search over an array of pointers with no
 * checks and no locks. The hash table of the .mo file is ignored.
 *
 * Plural forms come from the header's Plural-Forms expression, evaluated by a
 * small recursive-descent parser over the C subset gettext allows. It is
 * parsed once at load to reject syntax errors and evaluated afresh on each
 * trn() call (the expressions are a few bytes long).
 */
#include "i18n/i18n.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/embedded.h"
#include "util/err.h"

/* Written by scripts/embed.py from the msgfmt output; see meson.build. */
extern const struct embedded_file i18n_catalogues[];

#define MO_MAGIC 0x950412deU
#define MO_HEADER_SIZE 28U
#define PLURAL_MAX_FORMS 8UL
#define PLURAL_MAX_DEPTH 64U

/* One message: msgid and its translation(s), both pointing into the file. */
struct mo_entry {
	const char *id;      /* msgid, then "\0plural" for a plural message */
	const char *str;     /* translation; plural forms separated by NUL */
	size_t str_len;      /* bytes of str without the final NUL */
};

/* A parsed catalogue. An empty one (count 0) translates nothing. */
struct catalogue {
	unsigned char *owned;       /* malloc'd copy (i18n_load_mo) or NULL */
	struct mo_entry *entries;   /* sorted by id; malloc'd */
	size_t count;
	uint32_t *slots;            /* open-addressed: entry index + 1, 0 empty; malloc'd */
	size_t nslots;              /* a power of two, at least twice count; 0 without entries */
	unsigned long nplurals;     /* from Plural-Forms; 2 by default */
	const char *plural;         /* expression, or NULL for (n != 1) */
	size_t plural_len;
};

static struct catalogue catalogues[LANG_COUNT];
static bool initialised;

/* ---- Plural-Forms expressions --------------------------------------- */

/* Parser state over expr[0..end). syntax_error rejects the expression;
 * math_error (division by zero) only rejects this evaluation. */
struct pexpr {
	const char *p;
	const char *end;
	unsigned long n;
	unsigned depth;
	bool syntax_error;
	bool math_error;
};

static unsigned long p_cond(struct pexpr *e);

static void
p_skip_ws(struct pexpr *e)
{
	while (e->p < e->end && (*e->p == ' ' || *e->p == '\t' ||
	    *e->p == '\n' || *e->p == '\r'))
		e->p++;
}

/* Consumes tok when it comes next (after blanks) and returns true. */
static bool
p_accept(struct pexpr *e, const char *tok)
{
	size_t n = strlen(tok);

	p_skip_ws(e);
	if ((size_t)(e->end - e->p) >= n && memcmp(e->p, tok, n) == 0) {
		e->p += n;
		return true;
	}
	return false;
}

static unsigned long
p_primary(struct pexpr *e)
{
	unsigned long v = 0;

	p_skip_ws(e);
	if (e->p >= e->end) {
		e->syntax_error = true;
		return 0;
	}
	if (*e->p == '(') {
		e->p++;
		v = p_cond(e);
		if (!p_accept(e, ")"))
			e->syntax_error = true;
		return v;
	}
	if (*e->p == 'n') {
		e->p++;
		return e->n;
	}
	if (*e->p < '0' || *e->p > '9') {
		e->syntax_error = true;
		return 0;
	}
	while (e->p < e->end && *e->p >= '0' && *e->p <= '9') {
		unsigned long d = (unsigned long)(*e->p - '0');
		if (v > (~0UL - d) / 10) {
			e->syntax_error = true;
			return 0;
		}
		v = v * 10 + d;
		e->p++;
	}
	return v;
}

static unsigned long
p_unary(struct pexpr *e)
{
	unsigned long v;

	if (!p_accept(e, "!"))
		return p_primary(e);
	if (++e->depth > PLURAL_MAX_DEPTH) {
		e->syntax_error = true;
		return 0;
	}
	v = !p_unary(e);
	e->depth--;
	return v;
}

static unsigned long
p_mul(struct pexpr *e)
{
	unsigned long v = p_unary(e), r;

	for (;;) {
		if (p_accept(e, "*")) {
			v *= p_unary(e);
		} else if (p_accept(e, "/") || p_accept(e, "%")) {
			bool div = e->p[-1] == '/';
			r = p_unary(e);
			if (r == 0) {
				e->math_error = true;
				v = 0;
			} else {
				v = div ? v / r : v % r;
			}
		} else {
			return v;
		}
	}
}

static unsigned long
p_add(struct pexpr *e)
{
	unsigned long v = p_mul(e);

	for (;;) {
		if (p_accept(e, "+"))
			v += p_mul(e);
		else if (p_accept(e, "-"))
			v -= p_mul(e);
		else
			return v;
	}
}

static unsigned long
p_rel(struct pexpr *e)
{
	unsigned long v = p_add(e);

	for (;;) {
		if (p_accept(e, "<="))
			v = v <= p_add(e);
		else if (p_accept(e, ">="))
			v = v >= p_add(e);
		else if (p_accept(e, "<"))
			v = v < p_add(e);
		else if (p_accept(e, ">"))
			v = v > p_add(e);
		else
			return v;
	}
}

static unsigned long
p_eq(struct pexpr *e)
{
	unsigned long v = p_rel(e);

	for (;;) {
		if (p_accept(e, "=="))
			v = v == p_rel(e);
		else if (p_accept(e, "!="))
			v = v != p_rel(e);
		else
			return v;
	}
}

/* && and || evaluate both sides: there are no side effects, and a syntax
 * error on the unevaluated side must still be seen. */
static unsigned long
p_and(struct pexpr *e)
{
	unsigned long v = p_eq(e);

	while (p_accept(e, "&&")) {
		unsigned long r = p_eq(e);
		v = v && r;
	}
	return v;
}

static unsigned long
p_or(struct pexpr *e)
{
	unsigned long v = p_and(e);

	while (p_accept(e, "||")) {
		unsigned long r = p_and(e);
		v = v || r;
	}
	return v;
}

static unsigned long
p_cond(struct pexpr *e)
{
	unsigned long c, a, b;

	if (++e->depth > PLURAL_MAX_DEPTH) {
		e->syntax_error = true;
		return 0;
	}
	c = p_or(e);
	if (p_accept(e, "?")) {
		a = p_cond(e);
		if (!p_accept(e, ":"))
			e->syntax_error = true;
		b = p_cond(e);
		c = c ? a : b;
	}
	e->depth--;
	return c;
}

/* Evaluates expr[0..len) for n. Returns 0 and sets *out; SC_EINVAL for a
 * syntax error; SC_ERR for a division by zero. */
static int
plural_eval(const char *expr, size_t len, unsigned long n, unsigned long *out)
{
	struct pexpr e = {expr, expr + len, n, 0, false, false};
	unsigned long v = p_cond(&e);

	p_skip_ws(&e);
	if (e.syntax_error || e.p != e.end)
		return SC_EINVAL;
	if (e.math_error)
		return SC_ERR;
	*out = v;
	return 0;
}

/* Index of the plural form for n; falls back to the English rule when the
 * expression fails or names a form the catalogue does not have. */
static unsigned long
plural_index(const struct catalogue *cat, unsigned long n)
{
	unsigned long v;

	if (cat->plural == NULL ||
	    plural_eval(cat->plural, cat->plural_len, n, &v) != 0 ||
	    v >= cat->nplurals)
		return n != 1;
	return v;
}

/* ---- the .mo file ---------------------------------------------------- */

static uint32_t
read_u32(const unsigned char *p, bool big_endian)
{
	if (big_endian)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
static bool
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t need;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i - 1 < need)
			return false;
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += need + 1;
	}
	return true;
}

/* Reads string number i of the table at table_off: checks that it lies
 * inside the file, ends with NUL and is UTF-8. Returns 0 or SC_EINVAL. */
static int
read_string(const unsigned char *data, size_t len, bool big_endian,
	    uint32_t table_off, uint32_t i, const char **s, size_t *slen)
{
	const unsigned char *slot = data + table_off + (size_t)i * 8;
	size_t n = read_u32(slot, big_endian);
	size_t off = read_u32(slot + 4, big_endian);

	if (off > len || n >= len - off || data[off + n] != '\0')
		return SC_EINVAL;
	if (!utf8_valid(data + off, n))
		return SC_EINVAL;
	*s = (const char *)data + off;
	*slen = n;
	return 0;
}

/* Finds "Name:" at the start of a header line; returns the value's start
 * and sets *vlen to the length up to the end of the line, or NULL. */
static const char *
header_field(const char *header, const char *name, size_t *vlen)
{
	size_t nlen = strlen(name);
	const char *line = header;

	while (*line != '\0') {
		const char *eol = strchr(line, '\n');
		if (eol == NULL)
			eol = line + strlen(line);
		if ((size_t)(eol - line) >= nlen &&
		    strncasecmp(line, name, nlen) == 0) {
			*vlen = (size_t)(eol - line) - nlen;
			return line + nlen;
		}
		line = *eol == '\n' ? eol + 1 : eol;
	}
	return NULL;
}

/* Checks the charset and reads Plural-Forms from the header entry (the
 * translation of ""). Returns 0 or SC_EINVAL. */
static int
parse_header(struct catalogue *cat, const char *header)
{
	const char *v, *end, *cs;
	size_t vlen;
	unsigned long nplurals = 0, probe;
	struct pexpr e;

	v = header_field(header, "Content-Type:", &vlen);
	if (v != NULL) {
		end = v + vlen;
		cs = memmem(v, vlen, "charset=", 8);
		if (cs != NULL) {
			cs += 8;
			if ((size_t)(end - cs) < 5 || strncasecmp(cs, "UTF-8", 5) != 0)
				return SC_EINVAL;
			cs += 5;
			if (cs < end && *cs != ' ' && *cs != ';' && *cs != '\r')
				return SC_EINVAL;
		}
	}

	v = header_field(header, "Plural-Forms:", &vlen);
	if (v == NULL)
		return 0;
	/* "nplurals=N; plural=EXPR;" parsed with the expression scanner's
	 * tokeniser, so blanks may appear anywhere between tokens. */
	e = (struct pexpr){v, v + vlen, 0, 0, false, false};
	if (!p_accept(&e, "nplurals") || !p_accept(&e, "="))
		return SC_EINVAL;
	p_skip_ws(&e);
	if (e.p >= e.end || *e.p < '0' || *e.p > '9')
		return SC_EINVAL;
	while (e.p < e.end && *e.p >= '0' && *e.p <= '9') {
		nplurals = nplurals * 10 + (unsigned long)(*e.p - '0');
		if (nplurals > PLURAL_MAX_FORMS)
			return SC_EINVAL;
		e.p++;
	}
	if (nplurals == 0 || !p_accept(&e, ";") || !p_accept(&e, "plural") ||
	    !p_accept(&e, "="))
		return SC_EINVAL;
	p_skip_ws(&e);
	end = e.p;
	while (end < e.end && *end != ';')
		end++;
	/* A syntax error shows for any n; SC_ERR (division by zero for this n)
	 * is a matter for each call. */
	if (plural_eval(e.p, (size_t)(end - e.p), 1, &probe) == SC_EINVAL)
		return SC_EINVAL;
	cat->nplurals = nplurals;
	cat->plural = e.p;
	cat->plural_len = (size_t)(end - e.p);
	return 0;
}

static void
catalogue_clear(struct catalogue *cat)
{
	free(cat->entries);
	free(cat->slots);
	free(cat->owned);
	*cat = (struct catalogue){NULL, NULL, 0, NULL, 0, 2, NULL, 0};
}

/* FNV-1a of a msgid up to its first NUL (a plural entry's id is
 * "singular\0plural", found by its singular). */
static uint64_t
msgid_hash(const char *id)
{
	uint64_t h = 0xcbf29ce484222325u;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 0x100000001b3u;
	return h;
}

/* Makes cat's table of slots for the count entries (each page asks for
 * dozens of messages: one hash and one comparison each, not a binary
 * search's dozen comparisons of long, alike English sentences). Read
 * only afterwards, so threads share it. 0 or SC_ENOMEM. */
static int
index_entries(struct catalogue *cat, const struct mo_entry *entries, uint32_t count)
{
	cat->slots = NULL;
	cat->nslots = 0;
	if (count == 0)
		return 0;
	size_t n = 16;
	while (n < 2 * (size_t)count)
		n *= 2;
	cat->slots = calloc(n, sizeof *cat->slots);
	if (cat->slots == NULL)
		return SC_ENOMEM;
	cat->nslots = n;
	for (uint32_t i = 0; i < count; i++) {
		size_t at = (size_t)msgid_hash(entries[i].id) & (n - 1);
		while (cat->slots[at] != 0)
			at = (at + 1) & (n - 1);
		cat->slots[at] = i + 1;
	}
	return 0;
}

/* Parses and validates the .mo file data[0..len), which must outlive cat.
 * On success fills *cat (entries malloc'd); on failure leaves it empty.
 * Returns 0, SC_EINVAL or SC_ENOMEM. */
static int
mo_parse(struct catalogue *cat, const unsigned char *data, size_t len)
{
	bool big_endian;
	uint32_t count, orig_off, trans_off, i;
	struct mo_entry *entries = NULL;
	size_t id_len;
	int rc = SC_EINVAL;

	*cat = (struct catalogue){NULL, NULL, 0, NULL, 0, 2, NULL, 0};
	if (data == NULL || len < MO_HEADER_SIZE)
		goto out;
	if (read_u32(data, false) == MO_MAGIC)
		big_endian = false;
	else if (read_u32(data, true) == MO_MAGIC)
		big_endian = true;
	else
		goto out;
	if (read_u32(data + 4, big_endian) >> 16 > 1)   /* major revision */
		goto out;
	count = read_u32(data + 8, big_endian);
	orig_off = read_u32(data + 12, big_endian);
	trans_off = read_u32(data + 16, big_endian);
	if (orig_off > len || (len - orig_off) / 8 < count ||
	    trans_off > len || (len - trans_off) / 8 < count)
		goto out;

	if (count > 0) {
		entries = calloc(count, sizeof *entries);
		if (entries == NULL) {
			rc = SC_ENOMEM;
			goto out;
		}
	}
	for (i = 0; i < count; i++) {
		struct mo_entry *m = &entries[i];
		if (read_string(data, len, big_endian, orig_off, i, &m->id, &id_len) ||
		    read_string(data, len, big_endian, trans_off, i, &m->str, &m->str_len))
			goto out;
		/* Each msgid once: a .mo file keeps them strictly ascending. */
		if (i > 0 && strcmp(entries[i - 1].id, m->id) >= 0)
			goto out;
	}
	if (count > 0 && entries[0].id[0] == '\0' &&
	    parse_header(cat, entries[0].str) != 0) {
		*cat = (struct catalogue){NULL, NULL, 0, NULL, 0, 2, NULL, 0};
		goto out;
	}
	rc = index_entries(cat, entries, count);
	if (rc) {
		*cat = (struct catalogue){NULL, NULL, 0, NULL, 0, 2, NULL, 0};
		goto out;
	}
	cat->entries = entries;
	cat->count = count;
	entries = NULL;
out:
	free(entries);
	return rc;
}

/* Returns the entry whose msgid is id, or NULL. */
static const struct mo_entry *
catalogue_find(const struct catalogue *cat, const char *id)
{
	if (cat->nslots == 0)
		return NULL;
	size_t at = (size_t)msgid_hash(id) & (cat->nslots - 1);
	for (uint32_t e; (e = cat->slots[at]) != 0; at = (at + 1) & (cat->nslots - 1))
		if (strcmp(id, cat->entries[e - 1].id) == 0)
			return &cat->entries[e - 1];
	return NULL;
}

/* ---- the interface --------------------------------------------------- */

static const char *const lang_codes[LANG_COUNT] = {"nb", "en"};
static const char *const lang_names[LANG_COUNT] = {"Norsk bokmål", "English"};

int
i18n_init(void)
{
	struct catalogue parsed[LANG_COUNT];
	int rc = 0;
	int l;

	if (initialised)
		return 0;
	for (l = 0; l < LANG_COUNT; l++)
		parsed[l] = (struct catalogue){NULL, NULL, 0, NULL, 0, 2, NULL, 0};
	for (l = 0; l < LANG_COUNT; l++) {
		const struct embedded_file *f;
		for (f = i18n_catalogues; f->name != NULL; f++)
			if (strcmp(f->name, lang_codes[l]) == 0)
				break;
		if (f->name == NULL) {
			/* English needs no catalogue: the msgids are English. */
			if (l == LANG_NB) {
				rc = SC_ENOTFOUND;
				goto out;
			}
			continue;
		}
		rc = mo_parse(&parsed[l], f->data, f->len);
		if (rc)
			goto out;
	}
	for (l = 0; l < LANG_COUNT; l++) {
		catalogue_clear(&catalogues[l]);
		catalogues[l] = parsed[l];
	}
	initialised = true;
out:
	if (rc)
		for (l = 0; l < LANG_COUNT; l++)
			catalogue_clear(&parsed[l]);
	return rc;
}

void
i18n_shutdown(void)
{
	for (int l = 0; l < LANG_COUNT; l++)
		catalogue_clear(&catalogues[l]);
	initialised = false;
}

int
i18n_load_mo(enum lang lang, const unsigned char *data, size_t len)
{
	struct catalogue cat;
	unsigned char *copy;
	int rc;

	if ((unsigned)lang >= LANG_COUNT)
		return SC_EINVAL;
	if (len == 0) {
		catalogue_clear(&catalogues[lang]);
		return 0;
	}
	if (data == NULL)
		return SC_EINVAL;
	copy = malloc(len);
	if (copy == NULL)
		return SC_ENOMEM;
	memcpy(copy, data, len);
	rc = mo_parse(&cat, copy, len);
	if (rc) {
		free(copy);
		return rc;
	}
	cat.owned = copy;
	catalogue_clear(&catalogues[lang]);
	catalogues[lang] = cat;
	return 0;
}

const char *
tr(enum lang lang, const char *msgid)
{
	const struct mo_entry *m;

	if (msgid == NULL)
		return "";
	/* "" would find the header entry. */
	if (msgid[0] == '\0' || (unsigned)lang >= LANG_COUNT)
		return msgid;
	m = catalogue_find(&catalogues[lang], msgid);
	if (m == NULL || m->str_len == 0)
		return msgid;
	return m->str;
}

const char *
trn(enum lang lang, const char *singular, const char *plural, unsigned long n)
{
	const char *fallback;
	const struct catalogue *cat;
	const struct mo_entry *m;
	const char *form, *end;
	unsigned long idx;

	if (singular == NULL)
		singular = "";
	if (plural == NULL)
		plural = "";
	fallback = n == 1 ? singular : plural;
	if (singular[0] == '\0' || (unsigned)lang >= LANG_COUNT)
		return fallback;
	cat = &catalogues[lang];
	m = catalogue_find(cat, singular);
	if (m == NULL)
		return fallback;
	idx = plural_index(cat, n);
	form = m->str;
	end = m->str + m->str_len;
	/* Forms are NUL-separated; the file was checked to end each string
	 * with NUL, so strlen() stays inside it. */
	for (; idx > 0; idx--) {
		form += strlen(form) + 1;
		if (form > end)
			return fallback;
	}
	return form[0] != '\0' ? form : fallback;
}

const char *
i18n_code(enum lang lang)
{
	return (unsigned)lang < LANG_COUNT ? lang_codes[lang] : NULL;
}

const char *
i18n_name(enum lang lang)
{
	return (unsigned)lang < LANG_COUNT ? lang_names[lang] : NULL;
}

int
i18n_parse_code(const char *s, enum lang *out)
{
	static const struct {
		const char *code;
		enum lang lang;
	} codes[] = {
		{"nb", LANG_NB}, {"no", LANG_NB},
		{"nb-NO", LANG_NB}, {"no-NO", LANG_NB},
		{"nb_NO", LANG_NB}, {"no_NO", LANG_NB},
		{"en", LANG_EN},
		{"en-GB", LANG_EN}, {"en-US", LANG_EN},
		{"en_GB", LANG_EN}, {"en_US", LANG_EN},
	};

	if (s == NULL || out == NULL)
		return SC_EINVAL;
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		if (strcasecmp(s, codes[i].code) == 0) {
			*out = codes[i].lang;
			return 0;
		}
	}
	return SC_EINVAL;
}
