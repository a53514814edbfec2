/*
 * csv.c — see csv.h. Each field is scanned twice: once to find its end, its
 * unquoted length and the line breaks inside it, then once to copy it into
 * an allocation of exactly that size, so a record costs one arena string per
 * field and nothing else.
 */
#include "util/csv.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

bool
csv_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t need;
		unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;      /* no overlong forms */
			else if (c == 0xED)
				hi = 0x9F;      /* no surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;      /* nothing above U+10FFFF */
		} else {
			return false;
		}
		if (n - i <= need)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t k = 2; k <= need; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
		i += need + 1;
	}
	return true;
}

static bool
is_eol(char c)
{
	return c == '\n' || c == '\r';
}

/* Consumes one line end at pos (CRLF, LF or CR) and counts it. */
static void
eat_eol(struct csv_reader *r)
{
	if (r->data[r->pos] == '\r' && r->pos + 1 < r->len && r->data[r->pos + 1] == '\n')
		r->pos++;
	r->pos++;
	r->line++;
}

/* Picks ';' when the first record has more unquoted semicolons than commas. */
static char
detect_separator(const char *d, size_t len, size_t pos)
{
	size_t commas = 0, semis = 0;
	bool quoted = false;
	while (pos < len && is_eol(d[pos]))
		pos++;
	for (; pos < len; pos++) {
		char c = d[pos];
		if (c == '"')
			quoted = !quoted;   /* "" toggles twice: no change */
		else if (!quoted && is_eol(c))
			break;
		else if (!quoted && c == ',')
			commas++;
		else if (!quoted && c == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

int
csv_open(struct csv_reader *r, struct arena *a, const char *data, size_t len,
	 size_t max_field, size_t max_columns)
{
	memset(r, 0, sizeof *r);
	r->data = data != NULL ? data : "";
	r->len = data != NULL ? len : 0;
	r->line = 1;
	r->max_field = max_field > 0 ? max_field : 1;
	r->max_columns = max_columns > 0 ? max_columns : 1;
	if (r->len >= 3 && memcmp(r->data, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
	r->sep = detect_separator(r->data, r->len, r->pos);
	r->cols = arena_alloc(a, r->max_columns * sizeof *r->cols);
	return r->cols != NULL ? SC_OK : SC_ENOMEM;
}

static int
fail(struct csv_reader *r, enum csv_error e, long line)
{
	r->error = e;
	r->error_line = line;
	return SC_EINVAL;
}

/* A quoted field: data[pos] is the opening quote. */
static int
read_quoted(struct csv_reader *r, struct arena *a, char **out)
{
	const char *d = r->data;
	long start_line = r->line;
	size_t p = r->pos + 1, n = 0;
	long breaks = 0;
	for (;;) {
		if (p >= r->len)
			return fail(r, CSV_UNTERMINATED_QUOTE, start_line);
		char c = d[p];
		if (c == '"') {
			if (p + 1 < r->len && d[p + 1] == '"') {
				p += 2;
				n++;
				continue;
			}
			break;
		}
		if (c == '\0')
			return fail(r, CSV_NUL_BYTE, start_line + breaks);
		if (c == '\r' && p + 1 < r->len && d[p + 1] == '\n')
			p++;
		if (is_eol(c))
			breaks++;
		p++;
		n++;
	}
	if (n > r->max_field)
		return fail(r, CSV_FIELD_TOO_LONG, start_line);
	char *s = arena_alloc(a, n + 1);
	if (s == NULL)
		return SC_ENOMEM;
	size_t q = r->pos + 1, k = 0;
	while (k < n) {
		char c = d[q];
		if (c == '"') {
			q++;          /* the first of "" */
		} else if (c == '\r') {
			if (q + 1 < r->len && d[q + 1] == '\n')
				q++;
			c = '\n';
		}
		s[k++] = c;
		q++;
	}
	s[n] = '\0';
	r->pos = p + 1;   /* past the closing quote */
	r->line += breaks;
	/* Only the separator or a line end may follow the closing quote. */
	if (r->pos < r->len && r->data[r->pos] != r->sep && !is_eol(r->data[r->pos]))
		return fail(r, CSV_STRAY_QUOTE, r->line);
	if (!csv_utf8_valid(s, n))
		return fail(r, CSV_BAD_UTF8, start_line);
	*out = s;
	return SC_OK;
}

static int
read_plain(struct csv_reader *r, struct arena *a, char **out)
{
	const char *d = r->data;
	size_t p = r->pos;
	while (p < r->len && d[p] != r->sep && !is_eol(d[p])) {
		if (d[p] == '"')
			return fail(r, CSV_STRAY_QUOTE, r->line);
		if (d[p] == '\0')
			return fail(r, CSV_NUL_BYTE, r->line);
		p++;
	}
	size_t n = p - r->pos;
	if (n > r->max_field)
		return fail(r, CSV_FIELD_TOO_LONG, r->line);
	if (!csv_utf8_valid(d + r->pos, n))
		return fail(r, CSV_BAD_UTF8, r->line);
	char *s = arena_strndup(a, d + r->pos, n);
	if (s == NULL)
		return SC_ENOMEM;
	r->pos = p;
	*out = s;
	return SC_OK;
}

int
csv_next(struct csv_reader *r, struct arena *a, struct csv_record *rec)
{
	rec->fields = r->cols;
	rec->n = 0;
	rec->line = 0;
	if (r->error != CSV_OK)
		return SC_EINVAL;
	while (r->pos < r->len && is_eol(r->data[r->pos]))
		eat_eol(r);
	if (r->pos >= r->len)
		return 0;
	rec->line = r->line;
	size_t n = 0;
	for (;;) {
		if (n >= r->max_columns)
			return fail(r, CSV_TOO_MANY_COLUMNS, r->line);
		char *field = NULL;
		int rc = r->pos < r->len && r->data[r->pos] == '"' ? read_quoted(r, a, &field)
								   : read_plain(r, a, &field);
		if (rc != SC_OK)
			return rc;
		r->cols[n++] = field;
		if (r->pos >= r->len)
			break;
		if (r->data[r->pos] == r->sep) {
			r->pos++;
			continue;
		}
		eat_eol(r);   /* read_*() stop only at the separator, a line end or the end */
		break;
	}
	rec->n = n;
	return 1;
}

enum csv_kind
csv_sniff(const char *data, size_t len)
{
	static const unsigned char zip[4] = {'P', 'K', 3, 4};
	static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (len >= sizeof zip && memcmp(data, zip, sizeof zip) == 0)
		return CSV_KIND_SPREADSHEET;
	if (len >= sizeof ole && memcmp(data, ole, sizeof ole) == 0)
		return CSV_KIND_SPREADSHEET;
	if (len > 0 && memchr(data, '\0', len) != NULL)
		return CSV_KIND_BINARY;
	if (len > 0 && !csv_utf8_valid(data, len))
		return CSV_KIND_NOT_UTF8;
	return CSV_KIND_TEXT;
}

bool
csv_formula_like(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

const char *
csv_unguarded(const char *s)
{
	return s[0] == '\'' && csv_formula_like(s + 1) ? s + 1 : s;
}

/* A number as the exports write them: an optional '-', digits, and a
 * '.' with digits after it; no leading zero but "0" itself (so a postcode
 * or an account number stays text). Read without the locale. */
bool
csv_plain_number(const char *s, double *out)
{
	const char *p = s;
	bool neg = *p == '-';
	p += neg;
	if (!(*p >= '0' && *p <= '9') || (p[0] == '0' && p[1] >= '0' && p[1] <= '9'))
		return false;
	double v = 0, scale = 1;
	size_t digits = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		v = v * 10 + (*p - '0');
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		for (; *p >= '0' && *p <= '9'; p++, digits++) {
			v = v * 10 + (*p - '0');
			scale *= 10;
		}
	}
	/* past 15 digits a double no longer holds every one */
	if (*p != '\0' || digits > 15)
		return false;
	*out = (neg ? -v : v) / scale;
	return true;
}
