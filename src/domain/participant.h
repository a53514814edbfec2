/*
 * participant.h — a participant's register details and the one validator
 * every way in shares: the web form, the JSON API, the CSV import and the
 * demo generator all fill a struct participant_form with text and call
 * participant_validate(), so a rule lives in one place.
 *
 * Field names (PF_* keys) are the same in the form, the API, the CSV header
 * and error reports: "given_name", "nin", "birth_date", ...
 *
 * Reasons are static English msgids marked with N_() for extraction;
 * translate them with tr() when showing them.
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

#define PARTICIPANT_NAME_MAX 100        /* bytes, each of given and family name */
#define PARTICIPANT_TEXT_MAX 200        /* country, citizenship, address, city */
#define PARTICIPANT_NOTE_MAX 2000       /* caregiving constraints */
#define PARTICIPANT_MAX_LANGUAGES 8
#define PARTICIPANT_LANGUAGE_MAX 40     /* bytes of one language name */
#define PARTICIPANT_MAX_CHILDREN 15
#define PARTICIPANT_MAX_SCHOOLING 30    /* years */

enum gender { GENDER_FEMALE = 1, GENDER_MALE, GENDER_OTHER };
enum residence_basis { RESIDENCE_REFUGEE = 1, RESIDENCE_FAMILY, RESIDENCE_OTHER };
/* CEFR levels A1..C1; CEFR_NONE = not assessed. */
enum cefr { CEFR_NONE = 0, CEFR_A1, CEFR_A2, CEFR_B1, CEFR_B2, CEFR_C1 };
enum cefr_skill { SKILL_LISTENING, SKILL_READING, SKILL_SPEAKING, SKILL_WRITING, SKILL_COUNT };

/* Text as typed, one string per field (NULL or "" = empty). The validator
 * trims the strings in place and splits the lists, so they must be writable
 * and outlive the struct participant it fills. */
struct participant_form {
	char *given_name;
	char *family_name;
	char *nin;               /* fødselsnummer or D-number; empty = none */
	char *birth_date;        /* YYYY-MM-DD; may be empty when nin is given */
	char *gender;            /* female, male, other */
	char *country_of_birth;
	char *citizenship;
	char *languages;         /* "Somali, Arabic": comma or semicolon separated */
	char *interpreter;       /* language an interpreter is needed for; empty = none */
	char *arrival_date;
	char *residence_basis;   /* refugee, family, other */
	char *intro_ended;       /* date the introduction programme ended */
	char *schooling_years;   /* 0..30 */
	char *literate;          /* literacy in mother tongue: yes, no, or empty */
	char *cefr_listening;    /* A1..C1 or empty */
	char *cefr_reading;
	char *cefr_speaking;
	char *cefr_writing;
	char *children;          /* children's birth dates, separated by commas,
				  * semicolons, spaces or new lines */
	char *caregiving;        /* caregiving constraints */
	char *phone;
	char *email;
	char *address;
	char *postcode;
	char *city;
	char *bank_account;
	char *tax_percent;       /* 0..100; or */
	char *tax_table;         /* withholding table number 7100..7150, 6300..6350 */
};

struct participant_language {
	const char *name;
	bool interpreter;
};

/* A participant's register record: validated and normalised. Strings point
 * into the form that was validated (or, when read from the store, into the
 * caller's arena); the short normalised numbers are held here. */
struct participant {
	int64_t id;
	int64_t version;
	const char *given_name;
	const char *family_name;
	char nin[12];                 /* 11 digits, or "" */
	struct date birth;
	enum gender gender;
	const char *country_of_birth;
	const char *citizenship;
	size_t nlanguages;
	struct participant_language languages[PARTICIPANT_MAX_LANGUAGES];
	bool has_arrival;
	struct date arrival;
	enum residence_basis residence;
	bool has_intro_ended;
	struct date intro_ended;
	int schooling_years;          /* -1 = unknown */
	int literate;                 /* -1 = unknown, 0 = no, 1 = yes */
	enum cefr cefr[SKILL_COUNT];
	size_t nchildren;
	struct date children[PARTICIPANT_MAX_CHILDREN];
	const char *caregiving;
	char phone[PHONE_MAX];        /* E.164, or "" */
	const char *email;
	const char *address;
	char postcode[5];             /* 4 digits, or "" */
	const char *city;
	char bank_account[12];        /* 11 digits, or "" */
	int tax_percent;              /* -1 = none */
	char tax_table[5];            /* 4 digits, or "" */

	/* Kept by the store, not by the form. */
	const char *status;           /* registered, referred, waiting, offered,
				       * active, paused, exited, closed */
	int64_t contact_id;           /* current contact person; 0 = none */
	const char *contact_name;
	int64_t created_at;
	int64_t updated_at;
};

/* struct field_errors and field_error_add() are in domain/field.h. */
#define PARTICIPANT_MAX_ERRORS FIELD_MAX_ERRORS

/* Flags for participant_validate(). */
#define PV_ALLOW_SYNTHETIC 0x1u  /* accept synthetic (Tenor) test numbers */

/*
 * Validates every field of in against today and fills *out. Every error is
 * collected in *errs (cleared first), not only the first, so a form can show
 * each beside its field. Returns 0 when there is none, else SC_EINVAL.
 *
 * Rules: given and family name required (1..100 bytes, no control
 * characters); nin optional but when given a valid fødselsnummer or D-number
 * whose birth date is not in the future; birth date required unless the nin
 * gives it, in the past, and equal to the nin's; gender required; dates
 * YYYY-MM-DD and not in the future (arrival, introduction programme end,
 * children's births); schooling 0..30; CEFR A1..C1; phone Norwegian or E.164;
 * e-mail; postcode 4 digits; bank account 11 digits mod-11; tax withholding
 * either a percentage 0..100 or a table number, not both; the interpreter
 * language is added to the languages when missing.
 */
int participant_validate(struct participant_form *in, struct date today, unsigned flags,
			 struct participant *out, struct field_errors *errs);

/* Field keys of the form, in display and CSV order, NULL-terminated. */
extern const char *const participant_fields[];
/* The English label (msgid) of a field key, or NULL. */
const char *participant_field_label(const char *field);
/* The part of the record (enum part, domain/access.h) a field key belongs
 * to, which decides who may see it; -1 for an unknown key. */
int participant_field_part(const char *field);
/* Sets the form field named key to value; false for an unknown key. */
bool participant_form_set(struct participant_form *f, const char *key, char *value);
/* The value of the form field named key (NULL when unknown or unset). */
const char *participant_form_get(const struct participant_form *f, const char *key);

/* Stable keys and English labels (msgids). Parsers return 0 or SC_EINVAL. */
const char *gender_key(enum gender g);
const char *gender_label(enum gender g);
int gender_parse(const char *s, enum gender *out);
const char *residence_key(enum residence_basis r);
const char *residence_label(enum residence_basis r);
int residence_parse(const char *s, enum residence_basis *out);
const char *cefr_key(enum cefr c);           /* "" for CEFR_NONE */
int cefr_parse(const char *s, enum cefr *out);  /* "" parses as CEFR_NONE */
const char *cefr_skill_key(enum cefr_skill s);    /* "cefr_listening", ... */
const char *cefr_skill_label(enum cefr_skill s);  /* "Listening", ... */
const char *cefr_skill_name(enum cefr_skill s);   /* "listening", ...: stored assessments */
int cefr_skill_parse_name(const char *s, enum cefr_skill *out);
const char *participant_status_label(const char *status);  /* msgid; the key itself when unknown */
/* The status keys in their life-cycle order, NULL-terminated. */
extern const char *const participant_status_keys[];
/* True when status is one of participant_status_keys. */
bool participant_status_valid(const char *status);

/* The language an interpreter is needed for: the first language marked so,
 * or "" when none. */
const char *participant_interpreter(const struct participant *p);

/*
 * The Norwegian levels a save of the register assesses: on registering
 * (before NULL) every skill with a level; on an edit every skill whose
 * level changed to another level (a level cleared is a correction of the
 * register, not an assessment). Fills out with those skills in
 * enum order and returns how many.
 */
size_t participant_levels_assessed(const struct participant *before, const struct participant *after,
				   enum cefr_skill out[SKILL_COUNT]);

/* Bytes of participant_changed_fields() output: every key, commas, NUL. */
#define PARTICIPANT_CHANGED_MAX 512

/*
 * The register fields whose values differ between before and after, as
 * their keys (participant_fields order) separated by commas, into out
 * (PARTICIPANT_CHANGED_MAX bytes). Only what the form edits is compared:
 * not id, version, status or contact person. Returns the number of fields.
 */
int participant_changed_fields(const struct participant *before, const struct participant *after,
			       char out[PARTICIPANT_CHANGED_MAX]);

/* Bytes of participant_field_text() output: the longest field (the
 * caregiving note) and its NUL. */
#define PARTICIPANT_FIELD_TEXT_MAX (PARTICIPANT_NOTE_MAX + 1)

/*
 * The value of the register field named key in p, as the form holds it:
 * choices as their keys ("female", "refugee", "yes"), dates YYYY-MM-DD,
 * numbers in decimal, languages separated by ", ", children's birth dates
 * one a line, "" when unknown or empty. Returns 0, or SC_EINVAL for an
 * unknown key (out is then ""). The form, the change history and the
 * exports read records through this one function.
 */
int participant_field_text(const struct participant *p, const char *key,
			   char out[PARTICIPANT_FIELD_TEXT_MAX]);

/* False for the fields whose old and new values a change history must not
 * keep, only that they changed: the national identity number. */
bool participant_field_history_keeps_values(const char *key);

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

#define SEARCH_MAX_TERMS 12

/*
 * The index terms of a participant: each folded word of the given and family
 * names, followed by a space and the name key (so one index range gives
 * matches in name order); the nin; the phone's digits (and for a Norwegian
 * number the eight digits without 47). Returns the number written into
 * terms (at most SEARCH_MAX_TERMS).
 */
size_t participant_search_terms(const struct participant *p, char terms[][NAME_KEY_MAX]);

/* A parsed search query. */
struct search_query {
	size_t nwords;
	char words[4][NAME_KEY_MAX];  /* folded words; the first is used as prefix */
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
