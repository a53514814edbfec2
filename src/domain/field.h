/*
 * field.h — fields declared once: the type system of every form, API
 * resource, list, export and table column.
 *
 * An area declares its record as a C struct and its fields as one table of
 * struct field: key, type, flags, limits, label and hint (msgids), options,
 * the offset of the value in the struct, and the part of a participant's
 * record it belongs to. From that table come the HTML form (web/form.c),
 * the reading of form text and JSON with the type each field declares, the
 * typed record a command receives, the JSON and HTML output, the CSV and
 * XLSX columns, and the store's column list (store/table.h). The model is
 * kcgi's keys[] table with a validator per key.
 *
 * Values live in the record at f->offset, by type:
 *
 *   FT_LINE, FT_TEXT   const char *   "" when not given (never NULL once read)
 *   FT_DATE            struct date    {0, 0, 0} when not given
 *   FT_INT, FT_MONEY   int64_t        FIELD_NONE when not given; money in øre
 *   FT_ID              int64_t        0 when not given
 *   FT_ENUM            int            index into options, -1 when not given
 *   FT_SET             uint32_t       bit i set = options[i] chosen
 *   FT_BOOL            int            1 yes, 0 no, -1 not given
 *   FT_LIST            struct field_list  n items of item_size bytes, each
 *                      holding the values of the item's own fields
 *
 * Everything here is pure: no I/O, no clock. Reasons are static English
 * msgids (N_()), translated where they are shown.
 */
#ifndef SC_DOMAIN_FIELD_H
#define SC_DOMAIN_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"

struct arena;

/* An optional number that was not given. */
#define FIELD_NONE INT64_MIN
/* The most characters a text field takes when it declares no maximum. */
#define FIELD_TEXT_MAX 8000
/* The most errors one form or body collects. */
#define FIELD_MAX_ERRORS 32

/* A field's error: the field key and a static English reason (msgid),
 * which may hold up to two "%lld" filled from arg (a limit: "Write at most
 * %lld characters."). Keys of list items are "key.N.sub" (N from 1). */
struct field_errors {
	int n;
	const char *field[FIELD_MAX_ERRORS];
	const char *reason[FIELD_MAX_ERRORS];
	long long arg[FIELD_MAX_ERRORS][2];
	const char *text[FIELD_MAX_ERRORS][3];   /* or the reason's "%s" (up to three): names
						  * and dates, never part of the format */
};

/* Records the first error of a field (later ones for the same field are
 * dropped, as are errors past FIELD_MAX_ERRORS). */
void field_error_add(struct field_errors *e, const char *field, const char *reason);
/* The same with the reason's numbers. */
void field_error_add2(struct field_errors *e, const char *field, const char *reason, long long a0,
		      long long a1);
/* The same with texts for the reason's "%s" (up to three, each NULL or a
 * text: what the user typed may be one). */
void field_error_add_text(struct field_errors *e, const char *field, const char *reason, const char *t0,
			  const char *t1, const char *t2);
/* Copies from's error i to e under key (its numbers and texts too). */
void field_error_copy(struct field_errors *e, const char *key, const struct field_errors *from, int i);
/* The reason recorded for field, or NULL. */
const char *field_error_of(const struct field_errors *e, const char *field);

enum field_type {
	FT_LINE = 1,
	FT_TEXT,
	FT_DATE,
	FT_INT,
	FT_MONEY,
	FT_ENUM,
	FT_SET,
	FT_ID,
	FT_BOOL,
	FT_LIST,
};

/* The value of an FT_LIST field. */
struct field_list {
	size_t n;
	void *items;
};

/* A choice of an FT_ENUM or FT_SET field: the stored key and its label. */
struct field_option {
	const char *key;
	const char *label;   /* msgid */
};

#define FF_REQUIRED 0x01u  /* must be given */
#define FF_OUT      0x02u  /* kept by the product (id, state, version): shown, never read */
#define FF_SECRET   0x04u  /* read, never shown back (a password) */
#define FF_NOLIST   0x08u  /* left out of lists and exports (long texts) */
#define FF_COMPUTED 0x10u  /* not stored: a query computes it (a name from a join) */
#define FF_BLANK    0x20u  /* LINE/TEXT kept in a NOT NULL column: "not given" is
			    * stored as '' rather than NULL (store/table.h) */
/* A column the store keeps that no request reads and nothing shows (a
 * foreign key, who saved last). */
#define FF_HIDDEN   (FF_OUT | FF_SECRET)

struct field;

/* A field's own parser, for values a type alone cannot read (an identity
 * number, a phone number): text is the trimmed input; on success the value
 * is stored in rec (strings may point into text or the arena) and NULL is
 * returned, else the reason. */
typedef const char *(*field_parse_fn)(const struct field *f, const char *text, void *rec,
				      struct arena *a);

struct field {
	const char *key;             /* form name, JSON member, CSV column, SQL column */
	enum field_type type;
	unsigned flags;              /* FF_* */
	size_t offset;               /* of the value in the record */
	int64_t min, max;            /* LINE/TEXT: characters (max 0 = FIELD_TEXT_MAX);
				      * INT/MONEY: the range (both 0 = any);
				      * LIST: items (max 0 = no limit) */
	const char *label;           /* msgid */
	const char *hint;            /* msgid, or NULL */
	const struct field_option *options;  /* ENUM, SET */
	size_t noptions;
	const struct field *item;    /* LIST: the fields of one item */
	size_t nitem;
	size_t item_size;            /* LIST: bytes of one item */
	field_parse_fn parse;        /* NULL: the type's own reading */
	int part;                    /* enum part (domain/access.h) it belongs to; -1 none */
	/* The field's own words for its errors (msgids); NULL: the type's. */
	const char *missing;         /* FF_REQUIRED and not given */
	const char *invalid;         /* not of the type (not a date, not a number ...) */
	const char *too_long;        /* past max characters or items (may use %lld) */
};

/* A record's fields: the table and its length. */
struct fields {
	const struct field *f;
	size_t n;
};

#define FIELDS(table) ((struct fields){(table), sizeof(table) / sizeof((table)[0])})

/* The field named key, or NULL. */
const struct field *fields_find(struct fields fs, const char *key);

/* Every value of rec set to "not given" (lists empty, texts ""). */
void fields_clear(struct fields fs, void *rec);

/* True when the field's value in rec is given. */
bool field_given(const struct field *f, const void *rec);

/*
 * Reads one field from text as a form sends it (and a CSV cell): trimmed;
 * "" is "not given" (required fields are checked by
 * fields_check_required(), after every field is read). A LIST of one-field
 * items takes one value per line; also per comma or semicolon for one-line
 * text items, and per comma, semicolon, space or tab for items that hold
 * none of those (dates, whole numbers, ids, option keys). Strings are
 * copied into the arena. Adds the reason to e
 * under the field's key and leaves the value "not given" when the text is
 * not of the field's type or outside its limits; returns true when read.
 */
bool field_read_text(const struct field *f, const char *text, void *rec, struct arena *a,
		     struct field_errors *e);

/* Typed setters for typed input (JSON): each checks the field's limits as
 * field_read_text() does. */
bool field_set_int(const struct field *f, int64_t v, void *rec, struct field_errors *e);
bool field_set_bool(const struct field *f, bool v, void *rec, struct field_errors *e);
/* Clears the value (JSON null). */
void field_set_none(const struct field *f, void *rec);
/* Sets a list's items: n of item_size bytes from the arena (zeroed, each
 * item's fields "not given"); NULL when out of memory or past the field's
 * maximum (then a reason is in e). */
void *field_list_alloc(const struct field *f, size_t n, void *rec, struct arena *a,
		       struct field_errors *e);

/* The value as a form shows it and CSV writes it (arena; "" when not
 * given): dates YYYY-MM-DD, money as kroner with two decimals "1234,50",
 * enums and sets their keys (sets comma-separated), booleans "yes"/"no",
 * lists one item per line. NULL when out of memory. */
char *field_text(const struct field *f, const void *rec, struct arena *a);

/* Checks that every FF_REQUIRED field (not FF_OUT) of rec is given,
 * adding "This field is required." for those that are not. */
void fields_check_required(struct fields fs, const void *rec, struct field_errors *e);

/* The number of code points of s when it is valid UTF-8 without control
 * characters (line ends and tabs allowed when multiline); -1 otherwise. */
long field_text_chars(const char *s, bool multiline);

/* The index of key in the options, or -1. */
int field_option_index(const struct field *f, const char *key);

/* A field's value before and after a save, as a form shows it. */
struct field_change {
	const char *field;
	const char *old_value;
	const char *new_value;
};

/*
 * The fields of fs that a form edits (neither FF_OUT nor FF_COMPUTED) whose
 * value as text (field_text()) differs between before and after: *out gets
 * them (from the arena, in field order), *n their number, *keys their keys
 * comma-separated ("" when none). SC_ENOMEM when out of memory.
 */
int fields_changes(struct fields fs, const void *before, const void *after, struct arena *a,
		   struct field_change **out, size_t *n, const char **keys);

/* Pointers to a field's value in a record. */
#define FIELD_AT(rec, f, type) ((type *)((char *)(rec) + (f)->offset))
#define FIELD_AT_CONST(rec, f, type) ((type const *)((const char *)(rec) + (f)->offset))

#endif
