/*
 * field.c — reading, checking and writing declared fields; see field.h.
 */
#include "domain/field.h"

#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

/* ---- errors ---- */

void
field_error_add2(struct field_errors *e, const char *field, const char *reason, long long a0,
		 long long a1)
{
	if (e->n >= FIELD_MAX_ERRORS)
		return;
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->field[i], field) == 0)
			return;
	e->field[e->n] = field;
	e->reason[e->n] = reason;
	e->arg[e->n][0] = a0;
	e->arg[e->n][1] = a1;
	e->text[e->n][0] = e->text[e->n][1] = e->text[e->n][2] = NULL;
	e->n++;
}

void
field_error_add_text(struct field_errors *e, const char *field, const char *reason, const char *t0,
		     const char *t1, const char *t2)
{
	int n = e->n;
	field_error_add2(e, field, reason, 0, 0);
	if (e->n == n + 1) {
		e->text[n][0] = t0 != NULL ? t0 : "";
		e->text[n][1] = t1 != NULL ? t1 : "";
		e->text[n][2] = t2 != NULL ? t2 : "";
	}
}

void
field_error_copy(struct field_errors *e, const char *key, const struct field_errors *from, int i)
{
	int n = e->n;
	field_error_add2(e, key, from->reason[i], from->arg[i][0], from->arg[i][1]);
	if (e->n == n + 1)
		memcpy(e->text[n], from->text[i], sizeof e->text[n]);
}

void
field_error_add(struct field_errors *e, const char *field, const char *reason)
{
	field_error_add2(e, field, reason, 0, 0);
}

const char *
field_error_of(const struct field_errors *e, const char *field)
{
	for (int i = 0; e != NULL && i < e->n; i++)
		if (strcmp(e->field[i], field) == 0)
			return e->reason[i];
	return NULL;
}

/* ---- text ---- */

long
field_text_chars(const char *s, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	long count = 0;
	while (*p) {
		int n;
		if (*p < 0x80) {
			bool ok = *p >= 0x20 && *p != 0x7f;
			if (!ok && multiline)
				ok = *p == '\n' || *p == '\r' || *p == '\t';
			if (!ok)
				return -1;
			p++;
			count++;
			continue;
		} else if ((*p & 0xE0) == 0xC0 && *p >= 0xC2) {
			n = 1;
		} else if ((*p & 0xF0) == 0xE0) {
			n = 2;
		} else if ((*p & 0xF8) == 0xF0 && *p <= 0xF4) {
			n = 3;
		} else {
			return -1;
		}
		for (int i = 1; i <= n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return -1;
		/* Overlong three-byte forms and UTF-16 surrogates. */
		if (n == 2 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0)))
			return -1;
		/* Overlong four-byte forms and code points past U+10FFFF. */
		if (n == 3 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90)))
			return -1;
		/* C1 control characters U+0080..U+009F. */
		if (n == 1 && p[0] == 0xC2 && p[1] < 0xA0)
			return -1;
		p += n + 1;
		count++;
	}
	return count;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A trimmed arena copy of s (NULL gives ""). */
static char *
trimmed(const char *s, struct arena *a)
{
	if (s == NULL)
		s = "";
	while (is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

/* ---- the fields of a record ---- */

const struct field *
fields_find(struct fields fs, const char *key)
{
	for (size_t i = 0; key != NULL && i < fs.n; i++)
		if (strcmp(fs.f[i].key, key) == 0)
			return &fs.f[i];
	return NULL;
}

int
field_option_index(const struct field *f, const char *key)
{
	for (size_t i = 0; key != NULL && i < f->noptions; i++)
		if (strcmp(f->options[i].key, key) == 0)
			return (int)i;
	return -1;
}

void
field_set_none(const struct field *f, void *rec)
{
	switch (f->type) {
	case FT_LINE:
	case FT_TEXT:
		*FIELD_AT(rec, f, const char *) = "";
		break;
	case FT_DATE:
		*FIELD_AT(rec, f, struct date) = (struct date){0, 0, 0};
		break;
	case FT_INT:
	case FT_MONEY:
		*FIELD_AT(rec, f, int64_t) = FIELD_NONE;
		break;
	case FT_ID:
		*FIELD_AT(rec, f, int64_t) = 0;
		break;
	case FT_ENUM:
	case FT_BOOL:
		*FIELD_AT(rec, f, int) = -1;
		break;
	case FT_SET:
		*FIELD_AT(rec, f, uint32_t) = 0;
		break;
	case FT_LIST:
		*FIELD_AT(rec, f, struct field_list) = (struct field_list){0, NULL};
		break;
	}
}

void
fields_clear(struct fields fs, void *rec)
{
	for (size_t i = 0; i < fs.n; i++)
		field_set_none(&fs.f[i], rec);
}

bool
field_given(const struct field *f, const void *rec)
{
	switch (f->type) {
	case FT_LINE:
	case FT_TEXT: {
		const char *s = *FIELD_AT_CONST(rec, f, const char *);
		return s != NULL && *s != '\0';
	}
	case FT_DATE:
		return FIELD_AT_CONST(rec, f, struct date)->y != 0;
	case FT_INT:
	case FT_MONEY:
		return *FIELD_AT_CONST(rec, f, int64_t) != FIELD_NONE;
	case FT_ID:
		return *FIELD_AT_CONST(rec, f, int64_t) != 0;
	case FT_ENUM:
	case FT_BOOL:
		return *FIELD_AT_CONST(rec, f, int) >= 0;
	case FT_SET:
		return *FIELD_AT_CONST(rec, f, uint32_t) != 0;
	case FT_LIST:
		return FIELD_AT_CONST(rec, f, struct field_list)->n > 0;
	}
	return false;
}

void
fields_check_required(struct fields fs, const void *rec, struct field_errors *e)
{
	for (size_t i = 0; i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		if ((f->flags & FF_REQUIRED) && !(f->flags & FF_OUT) && !field_given(f, rec))
			field_error_add(e, f->key, f->missing ? f->missing : N_("This field is required."));
	}
}

/* ---- reading ---- */

/* The reason for a value that is not of the field's type. */
static const char *
invalid_reason(const struct field *f)
{
	if (f->invalid != NULL)
		return f->invalid;
	switch (f->type) {
	case FT_DATE:
		return N_("Write the date as YYYY-MM-DD, for example 2024-03-01.");
	case FT_INT:
		return N_("Write a whole number.");
	case FT_MONEY:
		return N_("Write an amount in kroner, for example 1234,50.");
	case FT_ENUM:
	case FT_SET:
		return N_("Choose from the list.");
	case FT_ID:
		return N_("Choose one from the list.");
	case FT_BOOL:
		return N_("Answer yes or no.");
	default:
		return N_("This text has characters that are not allowed.");
	}
}

/* Checks an integer against the field's range (both 0 = any). */
static bool
in_range(const struct field *f, int64_t v, struct field_errors *e)
{
	if ((f->min != 0 || f->max != 0) && (v < f->min || v > f->max)) {
		if (f->type == FT_MONEY)
			field_error_add2(e, f->key, f->invalid ? f->invalid : N_("Give an amount from %lld to %lld kroner."),
					 (long long)(f->min / 100), (long long)(f->max / 100));
		else
			field_error_add2(e, f->key, f->invalid ? f->invalid : N_("Give a number from %lld to %lld."),
					 (long long)f->min, (long long)f->max);
		return false;
	}
	return true;
}

/* Parses a decimal integer with an optional sign; false when it is not one
 * or overflows. */
static bool
parse_whole(const char *s, int64_t *out)
{
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (*s == '\0')
		return false;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (v > (INT64_MAX - (*s - '0')) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = neg ? -v : v;
	return true;
}

/* Parses kroner as people write them: "1234", "1 234", "1234,5", "1234.50",
 * "-12,00"; spaces (also no-break) group thousands; at most two decimals. */
static bool
parse_kroner(const char *s, int64_t *ore)
{
	bool neg = false;
	if (*s == '-')
		neg = true, s++;
	int64_t kr = 0, frac = 0;
	int digits = 0, decimals = -1;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ')
			continue;
		if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {  /* no-break space */
			s++;
			continue;
		}
		if ((c == ',' || c == '.') && decimals < 0) {
			decimals = 0;
			continue;
		}
		if (c < '0' || c > '9')
			return false;
		if (decimals >= 0) {
			if (++decimals > 2)
				return false;
			frac = frac * 10 + (c - '0');
		} else {
			if (kr > (INT64_MAX / 100 - 9) / 10)
				return false;
			kr = kr * 10 + (c - '0');
			digits++;
		}
	}
	if (digits == 0)
		return false;
	if (decimals == 1)
		frac *= 10;
	*ore = (neg ? -1 : 1) * (kr * 100 + frac);
	return true;
}

static bool
text_ok(const struct field *f, const char *s, struct field_errors *e)
{
	long chars = field_text_chars(s, f->type == FT_TEXT);
	long long max = f->max > 0 ? f->max : FIELD_TEXT_MAX;
	if (chars < 0) {
		field_error_add(e, f->key, f->invalid ? f->invalid
				: N_("This text has characters that are not allowed."));
		return false;
	}
	if (chars > max) {
		field_error_add2(e, f->key, f->too_long ? f->too_long : N_("Write at most %lld characters."),
				 max, 0);
		return false;
	}
	if (f->min > 0 && chars > 0 && chars < f->min) {
		field_error_add2(e, f->key, f->invalid ? f->invalid : N_("Write at least %lld characters."),
				 (long long)f->min, 0);
		return false;
	}
	return true;
}

static bool
yes_no(const char *s, int *out)
{
	static const char *const yes[] = {"yes", "1", "on", "true", "ja"};
	static const char *const no[] = {"no", "0", "off", "false", "nei"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = 1;
			return true;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = 0;
			return true;
		}
	}
	return false;
}

void *
field_list_alloc(const struct field *f, size_t n, void *rec, struct arena *a, struct field_errors *e)
{
	struct field_list *l = FIELD_AT(rec, f, struct field_list);
	*l = (struct field_list){0, NULL};
	if (f->max > 0 && n > (size_t)f->max) {
		field_error_add2(e, f->key, f->too_long ? f->too_long : N_("At most %lld."), (long long)f->max, 0);
		return NULL;
	}
	if (n == 0)
		return NULL;
	char *items = arena_alloc(a, n * f->item_size);
	if (items == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		fields_clear((struct fields){f->item, f->nitem}, items + i * f->item_size);
	l->n = n;
	l->items = items;
	return items;
}

/* How the items of a list are separated in text: by line ends; for
 * one-line text items also by commas and semicolons; for items whose values
 * hold no space or comma (dates, numbers, ids, keys) also by spaces. */
enum list_sep { SEP_LINES, SEP_COMMAS, SEP_WORDS };

static enum list_sep
list_sep_of(const struct field *it)
{
	switch (it->type) {
	case FT_LINE:
		return SEP_COMMAS;
	case FT_DATE:
	case FT_INT:
	case FT_ID:
	case FT_ENUM:
		return SEP_WORDS;
	default:
		return SEP_LINES;
	}
}

/* True when c ends an item (and is skipped before one). */
static bool
list_sep_at(enum list_sep sep, char c)
{
	if (c == '\n')
		return true;
	if (sep != SEP_LINES && (c == ',' || c == ';'))
		return true;
	return sep == SEP_WORDS && is_space(c);
}

/* A list of one-field items from text, separated as list_sep_of() says. */
static bool
read_list_text(const struct field *f, const char *text, void *rec, struct arena *a,
	       struct field_errors *e)
{
	if (f->nitem != 1)
		return false;
	const struct field *it = &f->item[0];
	enum list_sep sep = list_sep_of(it);
	size_t n = 0;
	for (const char *p = text; *p;) {
		while (*p && (is_space(*p) || list_sep_at(sep, *p)))
			p++;
		if (*p == '\0')
			break;
		n++;
		while (*p && !list_sep_at(sep, *p))
			p++;
	}
	char *items = n > 0 ? field_list_alloc(f, n, rec, a, e) : NULL;
	if (n > 0 && items == NULL)
		return false;
	size_t k = 0;
	bool ok = true;
	for (const char *p = text; *p && k < n;) {
		while (*p && (is_space(*p) || list_sep_at(sep, *p)))
			p++;
		if (*p == '\0')
			break;
		const char *start = p;
		while (*p && !list_sep_at(sep, *p))
			p++;
		char *one = arena_strndup(a, start, (size_t)(p - start));
		struct field_errors ie = {0};
		if (one == NULL || !field_read_text(it, one, items + k * f->item_size, a, &ie)) {
			if (ie.n > 0)
				field_error_copy(e, f->key, &ie, 0);
			ok = false;
		}
		k++;
	}
	if (!ok)
		*FIELD_AT(rec, f, struct field_list) = (struct field_list){0, NULL};
	return ok;
}

bool
field_read_text(const struct field *f, const char *text, void *rec, struct arena *a,
		struct field_errors *e)
{
	field_set_none(f, rec);
	if (f->type == FT_LIST)
		return read_list_text(f, text != NULL ? text : "", rec, a, e);
	char *s = trimmed(text, a);
	if (s == NULL)
		return false;
	if (*s == '\0')
		return true;
	if (f->parse != NULL) {
		const char *why = f->parse(f, s, rec, a);
		if (why != NULL) {
			field_error_add(e, f->key, why);
			field_set_none(f, rec);
			return false;
		}
		return true;
	}
	switch (f->type) {
	case FT_LINE:
	case FT_TEXT:
		if (!text_ok(f, s, e))
			return false;
		*FIELD_AT(rec, f, const char *) = s;
		return true;
	case FT_DATE: {
		struct date d;
		struct date_why why;
		if (date_parse_why(s, &d, &why) != SC_OK) {
			/* the shape is the field's to explain; a day that does
			 * not exist, the calendar's */
			if (why.reason == NULL)
				break;
			field_error_add_text(e, f->key, why.reason, arena_strdup(a, why.text[0]),
					     arena_strdup(a, why.text[1]), arena_strdup(a, why.text[2]));
			return false;
		}
		*FIELD_AT(rec, f, struct date) = d;
		return true;
	}
	case FT_INT:
	case FT_ID: {
		int64_t v;
		if (!parse_whole(s, &v) || (f->type == FT_ID && v < 1))
			break;
		return field_set_int(f, v, rec, e);
	}
	case FT_MONEY: {
		int64_t ore;
		if (!parse_kroner(s, &ore))
			break;
		return field_set_int(f, ore, rec, e);
	}
	case FT_ENUM: {
		int i = field_option_index(f, s);
		if (i < 0)
			break;
		*FIELD_AT(rec, f, int) = i;
		return true;
	}
	case FT_SET: {
		uint32_t bits = 0;
		bool ok = true;
		for (char *p = s; *p && ok;) {
			while (*p == ',' || *p == ' ')
				p++;
			if (*p == '\0')
				break;
			char *end = p;
			while (*end && *end != ',' && *end != ' ')
				end++;
			char save = *end;
			*end = '\0';
			int i = field_option_index(f, p);
			*end = save;
			ok = i >= 0 && i < 32;
			if (ok)
				bits |= 1u << (unsigned)i;
			p = end;
		}
		if (!ok)
			break;
		*FIELD_AT(rec, f, uint32_t) = bits;
		return true;
	}
	case FT_BOOL: {
		int v;
		if (!yes_no(s, &v))
			break;
		*FIELD_AT(rec, f, int) = v;
		return true;
	}
	case FT_LIST:
		break;
	}
	field_error_add(e, f->key, invalid_reason(f));
	field_set_none(f, rec);
	return false;
}

bool
field_set_int(const struct field *f, int64_t v, void *rec, struct field_errors *e)
{
	field_set_none(f, rec);
	if (f->type == FT_ID) {
		if (v < 1) {
			field_error_add(e, f->key, invalid_reason(f));
			return false;
		}
	} else if (f->type != FT_INT && f->type != FT_MONEY) {
		field_error_add(e, f->key, invalid_reason(f));
		return false;
	} else if (v == FIELD_NONE || !in_range(f, v, e)) {
		return false;
	}
	*FIELD_AT(rec, f, int64_t) = v;
	return true;
}

bool
field_set_bool(const struct field *f, bool v, void *rec, struct field_errors *e)
{
	field_set_none(f, rec);
	if (f->type != FT_BOOL) {
		field_error_add(e, f->key, invalid_reason(f));
		return false;
	}
	*FIELD_AT(rec, f, int) = v ? 1 : 0;
	return true;
}

/* ---- writing ---- */

char *
field_text(const struct field *f, const void *rec, struct arena *a)
{
	if (!field_given(f, rec))
		return arena_strdup(a, "");
	switch (f->type) {
	case FT_LINE:
	case FT_TEXT:
		return arena_strdup(a, *FIELD_AT_CONST(rec, f, const char *));
	case FT_DATE: {
		char d[11];
		date_format(*FIELD_AT_CONST(rec, f, struct date), d);
		return arena_strdup(a, d);
	}
	case FT_INT:
	case FT_ID:
		return arena_printf(a, "%lld", (long long)*FIELD_AT_CONST(rec, f, int64_t));
	case FT_MONEY: {
		int64_t v = *FIELD_AT_CONST(rec, f, int64_t);
		uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
		return arena_printf(a, "%s%llu,%02llu", v < 0 ? "-" : "", (unsigned long long)(m / 100),
				    (unsigned long long)(m % 100));
	}
	case FT_ENUM: {
		int i = *FIELD_AT_CONST(rec, f, int);
		return arena_strdup(a, (size_t)i < f->noptions ? f->options[i].key : "");
	}
	case FT_SET: {
		uint32_t bits = *FIELD_AT_CONST(rec, f, uint32_t);
		char *out = arena_strdup(a, "");
		for (size_t i = 0; out != NULL && i < f->noptions && i < 32; i++)
			if (bits & (1u << i))
				out = arena_printf(a, "%s%s%s", out, *out ? "," : "", f->options[i].key);
		return out;
	}
	case FT_BOOL:
		return arena_strdup(a, *FIELD_AT_CONST(rec, f, int) ? "yes" : "no");
	case FT_LIST: {
		const struct field_list *l = FIELD_AT_CONST(rec, f, struct field_list);
		char *out = arena_strdup(a, "");
		for (size_t i = 0; out != NULL && i < l->n && f->nitem == 1; i++) {
			char *one = field_text(&f->item[0], (const char *)l->items + i * f->item_size, a);
			out = one ? arena_printf(a, "%s%s%s", out, i ? "\n" : "", one) : NULL;
		}
		return out;
	}
	}
	return arena_strdup(a, "");
}

int
fields_changes(struct fields fs, const void *before, const void *after, struct arena *a,
	       struct field_change **out, size_t *n, const char **keys)
{
	*out = NULL;
	*n = 0;
	*keys = "";
	struct field_change *list = arena_alloc(a, sizeof *list * (fs.n + 1));
	char *joined = arena_strdup(a, "");
	if (list == NULL || joined == NULL)
		return SC_ENOMEM;
	size_t count = 0;
	for (size_t i = 0; i < fs.n; i++) {
		const struct field *f = &fs.f[i];
		if (f->flags & (FF_OUT | FF_COMPUTED) || f->type == FT_LIST)
			continue;
		char *old_v = field_text(f, before, a), *new_v = field_text(f, after, a);
		if (old_v == NULL || new_v == NULL)
			return SC_ENOMEM;
		if (strcmp(old_v, new_v) == 0)
			continue;
		list[count++] = (struct field_change){f->key, old_v, new_v};
		joined = arena_printf(a, "%s%s%s", joined, *joined ? "," : "", f->key);
		if (joined == NULL)
			return SC_ENOMEM;
	}
	*out = list;
	*n = count;
	*keys = joined;
	return SC_OK;
}
