/*
 * participant.h — a participant's register record, declared once.
 *
 * The record is a struct of declared fields (domain/field.h):
 * participant_fields names each field once — key, type, limits, label,
 * hint, options, the part of the record it belongs to (access.h), and the
 * parser of a value the type cannot read itself (identity number, phone,
 * e-mail, postcode, bank account, tax, levels). From it come the register
 * form and its overview, the JSON of the API, the CSV import's columns and
 * template, the register export's columns and the store's table. Every way
 * in (the form, the API, the import, the demo) reads text or JSON into the
 * record through the same fields and then runs participant_check(), the
 * rules that join fields (identity number and birth date, dates against
 * today, languages and interpreter, tax percentage or table).
 *
 * Field keys are the same in the form, the API, the CSV header, error
 * reports and the table's columns: "given_name", "nin", "birth_date", ...
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them where they are shown.
 */
#ifndef SC_DOMAIN_PARTICIPANT_H
#define SC_DOMAIN_PARTICIPANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"
#include "domain/contact.h"
#include "domain/date.h"
#include "domain/field.h"

#define PARTICIPANT_NAME_MAX 100        /* characters, each of given and family name */
#define PARTICIPANT_TEXT_MAX 200        /* country, citizenship, address, city */
#define PARTICIPANT_NOTE_MAX 2000       /* caregiving constraints */
#define PARTICIPANT_MAX_LANGUAGES 8
#define PARTICIPANT_LANGUAGE_MAX 40     /* characters of one language name */
#define PARTICIPANT_MAX_CHILDREN 15
#define PARTICIPANT_MAX_SCHOOLING 30    /* years */

/* The options of the choice fields, by index (-1: not given). */
enum gender { GENDER_NONE = -1, GENDER_FEMALE, GENDER_MALE, GENDER_OTHER };
enum residence_basis { RESIDENCE_NONE = -1, RESIDENCE_REFUGEE, RESIDENCE_FAMILY, RESIDENCE_OTHER };
/* CEFR levels A1..C1; CEFR_NONE = not assessed. */
enum cefr { CEFR_NONE = -1, CEFR_A1, CEFR_A2, CEFR_B1, CEFR_B2, CEFR_C1 };
enum cefr_skill { SKILL_LISTENING, SKILL_READING, SKILL_SPEAKING, SKILL_WRITING, SKILL_COUNT };

/* One item of the languages list. */
struct participant_language {
	const char *name;
};

/* One item of the children list. */
struct participant_child {
	struct date birth_date;
};

/*
 * A participant's register record. Values are as domain/field.h keeps them
 * ("" / {0} / FIELD_NONE / -1 when not given); strings live in the arena of
 * whoever read the record. The fields below "kept by the product" are
 * never read from a form.
 */
struct participant {
	/* kept by the product */
	int64_t id;
	int64_t version;
	int status;                   /* index of participant_status_keys */
	int64_t contact_id;           /* current contact person; 0 = none */
	const char *contact_name;     /* computed: their display name */
	/* the register */
	const char *given_name;
	const char *family_name;
	const char *nin;              /* 11 digits, or "" */
	struct date birth_date;
	int gender;                   /* enum gender */
	const char *country_of_birth;
	const char *citizenship;
	struct field_list languages;  /* of struct participant_language */
	const char *interpreter;      /* the language an interpreter is needed for
				       * (one of languages), or "" */
	struct date arrival_date;
	int residence_basis;          /* enum residence_basis; "other" when not stated */
	struct date intro_ended;
	int64_t schooling_years;      /* FIELD_NONE = unknown */
	int literate;                 /* -1 unknown, 0 no, 1 yes */
	int cefr[SKILL_COUNT];        /* enum cefr, by skill */
	struct field_list children;   /* of struct participant_child */
	const char *caregiving;
	const char *phone;            /* E.164, or "" */
	const char *email;
	const char *address;
	const char *postcode;         /* 4 digits, or "" */
	const char *city;
	const char *bank_account;     /* 11 digits, or "" */
	int64_t tax_percent;          /* FIELD_NONE = none */
	const char *tax_table;        /* 4 digits, or "" */
	/* kept by the product */
	int64_t created_at;           /* Unix seconds */
	int64_t updated_at;
	const char *name_key;         /* the sort key (participant_name_key), never shown */
};

/* Every field of the record, in the order of the JSON: id, version,
 * status, contact_id, contact_name, the 28 register fields (those not
 * FF_OUT, in the order of the form's keys and the CSV columns), created_at,
 * updated_at and the name key. */
extern const struct fields participant_fields;

/* The number of register fields (not FF_OUT). */
#define PARTICIPANT_REGISTER_FIELDS 28

/* The fields a row of the register's list shows, NULL-terminated. */
extern const char *const participant_list_columns[];
/* The fields of the register export, NULL-terminated: never the identity
 * number, the bank account or anything of health. */
extern const char *const participant_export_columns[];
/* The parts of a record the export's columns show. */
#define PARTICIPANT_EXPORT_PARTS (PART_BIT(PART_NAME) | PART_BIT(PART_ORIGIN) | \
	PART_BIT(PART_CASELOAD) | PART_BIT(PART_CONTACT_DETAILS))

/* Every value of p "not given". */
void participant_clear(struct participant *p);

/* Flags of participant_check(). */
#define PV_ALLOW_SYNTHETIC 0x1u  /* accept synthetic (Tenor) test numbers */

/*
 * The rules of a register record the field types do not hold, after its
 * fields were read (field_read_text() or JSON; the reading's errors are in
 * e and are taken into account: a field that could not be read is not
 * judged again, nor are the rules that need it). Checks the required
 * fields; then: the identity number is not synthetic (unless flags allow
 * it) and its birth date not in the future; the birth date is given or
 * taken from the number, in the past, and the number's; arrival,
 * introduction programme end and children's births not in the future, the
 * arrival and children not before the birth; at most 8 languages (the
 * same name twice is one) and the interpreter's language among them
 * (added when missing, spelt as listed); a tax percentage or a table
 * number, not both. Normalises p: the birth date from the number,
 * languages without repeats, residence basis "other" when not stated.
 * Strings it adds come from a. Puts e in the order of the fields; true
 * when e is empty.
 */
bool participant_check(struct participant *p, struct date today, unsigned flags, struct arena *a,
		       struct field_errors *e);

/* The register field named key (not FF_OUT), or NULL. */
const struct field *participant_field(const char *key);
/* The English label (msgid) of a field key, or NULL. */
const char *participant_field_label(const char *key);

/*
 * The value of a register field as the form holds it (arena): choices as
 * their keys ("female", "refugee", "yes"), dates YYYY-MM-DD, numbers in
 * decimal, languages separated by ", ", children's birth dates one a line,
 * "" when not given. NULL when out of memory. The form, the change history
 * and the import read records through this one function.
 */
char *participant_text(const struct participant *p, const struct field *f, struct arena *a);

/* False for the fields whose old and new values a change history must not
 * keep, only that they changed: the national identity number. */
bool participant_field_history_keeps_values(const char *key);

/* Bytes of participant_changed_fields() output: every key, commas, NUL. */
#define PARTICIPANT_CHANGED_MAX 512

/*
 * The register fields whose values differ between before and after, as
 * their keys (in field order) separated by commas, into out
 * (PARTICIPANT_CHANGED_MAX bytes). Only the register fields are compared:
 * not id, version, status or contact person. Returns the number of fields.
 */
int participant_changed_fields(const struct participant *before, const struct participant *after,
			       char out[PARTICIPANT_CHANGED_MAX]);

/*
 * The Norwegian levels a save of the register assesses: on registering
 * (before NULL) every skill with a level; on an edit every skill whose
 * level changed to another level (a level cleared is a correction of the
 * register, not an assessment). Fills out with those skills in
 * enum order and returns how many.
 */
size_t participant_levels_assessed(const struct participant *before, const struct participant *after,
				   enum cefr_skill out[SKILL_COUNT]);

/* Levels and skills: stable keys and English labels (msgids). */
const char *cefr_key(enum cefr c);           /* "" for CEFR_NONE */
int cefr_parse(const char *s, enum cefr *out);  /* any case; "" parses as CEFR_NONE */
const char *cefr_skill_key(enum cefr_skill s);    /* "cefr_listening", ... */
const char *cefr_skill_label(enum cefr_skill s);  /* "Listening", ... */
const char *cefr_skill_name(enum cefr_skill s);   /* "listening", ...: stored assessments */
int cefr_skill_parse_name(const char *s, enum cefr_skill *out);

/* The status keys in their life-cycle order, NULL-terminated; the record's
 * status is an index into it. */
extern const char *const participant_status_keys[];
const char *participant_status_label(const char *status);  /* msgid; the key itself when unknown */
/* Whether a participant of status (a participant_status_keys key) has left
 * the programme: "exited" or "closed". One in intake (registered,
 * referred, waiting, offered), in the programme or paused has not. */
bool participant_has_left(const char *status);
/* True when status is one of participant_status_keys. */
bool participant_status_valid(const char *status);
/* The key of a record's status ("" when not given). */
const char *participant_status_key(int status);

/* ---- names and search ---- */

/* Bytes of a folded name or search term, with NUL. */
#define NAME_KEY_MAX 256

/* Folds text for sorting and searching: lower case (ASCII and the Latin-1
 * letters À..Þ, so Ø sorts with ø), runs of spaces, tabs and hyphens become
 * one space, no leading or trailing space. Truncated at a character
 * boundary to fit outlen. Returns the length written. */
size_t name_fold(const char *in, char *out, size_t outlen);

/* The sort key of a participant: folded "family given". */
void participant_name_key(const struct participant *p, char out[NAME_KEY_MAX]);

/* Name words of a participant that are indexed; the first SEARCH_PAIR_WORDS
 * of them are also indexed in pairs. */
#define SEARCH_NAME_WORDS 8
#define SEARCH_PAIR_WORDS 4
/* Terms of one participant at most: each name word, each ordered pair of
 * the first four, the nin and two forms of the phone. */
#define SEARCH_MAX_TERMS (SEARCH_NAME_WORDS + SEARCH_PAIR_WORDS * (SEARCH_PAIR_WORDS - 1) + 3)
/* Bytes of the keys of one participant (participant_search_keys), with NUL. */
#define SEARCH_KEYS_MAX 1024

/*
 * The index terms of a participant (docs/DECISIONS.md, 18, 29 and 45):
 *  - each distinct spelling key of the given and family names' words
 *    (spelling.h), a space and the name key: "mahamad ali mohamed" for
 *    Mohamed Ali, so that one index range gives the matches of a typed
 *    beginning in name order, whatever the spelling;
 *  - each ordered pair of the first four words' keys, marked by '&':
 *    "&mahamad ala ali mohamed", so that a name of two words is one range
 *    of its exact matches, not the range of its commoner word;
 *  - the nin, and the phone's digits (for a Norwegian number also the
 *    eight digits without 47).
 * Returns the number written into terms (at most SEARCH_MAX_TERMS), each
 * cut to NAME_KEY_MAX at a character boundary.
 */
size_t participant_search_terms(const struct participant *p, char terms[][NAME_KEY_MAX]);

/*
 * The first word of each term but the pairs, each after a space, and a
 * space at the end: " mahamad ala 01038890057 4741234567 41234567 ". A
 * search tells by it which participants have two terms with a beginning
 * (LIKE "% pre% pre%"), a key whole ("% key %") or a key beginning with a
 * further word ("% pre%"). Returns the length written.
 */
size_t participant_search_keys(const struct participant *p, char out[SEARCH_KEYS_MAX]);

/* A parsed search query. */
struct search_query {
	size_t nwords;
	char words[4][NAME_KEY_MAX];  /* folded words */
	char keys[4][NAME_KEY_MAX];   /* their spelling keys; a number word's digits */
	bool number;                  /* digits only (a nin or phone number) */
};

/* Parses what a user typed into the search box: when it has only digits,
 * spaces, '+', '.', '-' and at least 3 digits, it is one number word of the
 * digits (a leading 47 from "+47" or "0047" is dropped for 8-digit
 * Norwegian numbers); otherwise up to four folded words (commas and
 * semicolons separate words too, so "Nordmann, Kari" as the lists show it
 * finds Kari Nordmann). Returns SC_EINVAL for an empty query. */
int search_query_parse(const char *q, struct search_query *out);

/* The exclusive upper bound of a prefix range: the smallest string greater
 * than every string starting with prefix (its last byte incremented, with
 * trailing 0xFF bytes dropped). out has room for strlen(prefix) + 1. */
void search_prefix_end(const char *prefix, char *out);

#endif
