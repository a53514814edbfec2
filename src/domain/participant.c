/*
 * participant.c — the register record declared once: its fields and their
 * parsers, the rules that join fields, the form text of a value, changed
 * fields, name folding and search terms; see participant.h.
 */
#include "domain/participant.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/account.h"
#include "domain/nin.h"
#include "domain/spelling.h"
#include "domain/text.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

/* ---- choices ---- */

static const struct field_option status_options[] = {
	{"registered", N_("Registered")}, {"referred", N_("Referred")},
	{"waiting", N_("On the waiting list")}, {"offered", N_("Offered a place")},
	{"active", N_("In the programme")}, {"paused", N_("Paused")},
	{"exited", N_("Exited")}, {"closed", N_("Closed")},
};
#define NSTATUS (sizeof status_options / sizeof status_options[0])

const char *const participant_status_keys[NSTATUS + 1] = {
	"registered", "referred", "waiting", "offered", "active", "paused", "exited", "closed", NULL,
};

static const struct field_option gender_options[] = {
	{"female", N_("Female")}, {"male", N_("Male")}, {"other", N_("Other")},
};
static const struct field_option residence_options[] = {
	{"refugee", N_("Refugee")}, {"family", N_("Family reunification")}, {"other", N_("Other")},
};
/* The levels' labels are the levels themselves: nothing to translate. */
static const struct field_option cefr_options[] = {
	{"A1", "A1"}, {"A2", "A2"}, {"B1", "B1"}, {"B2", "B2"}, {"C1", "C1"},
};
#define NCEFR (sizeof cefr_options / sizeof cefr_options[0])

/* ---- parsers of what a type alone cannot read ---- */

static const char *
set_text(const struct field *f, void *rec, struct arena *a, const char *value)
{
	char *s = arena_strdup(a, value);
	if (s == NULL)
		return N_("This text has characters that are not allowed.");
	*FIELD_AT(rec, f, const char *) = s;
	return NULL;
}

static bool
all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A fødselsnummer or D-number, as its 11 digits. Synthetic (test) numbers
 * pass here; participant_check() refuses them where they are not allowed,
 * as it knows the installation. */
static const char *
parse_nin(const struct field *f, const char *text, void *rec, struct arena *a)
{
	struct nin_info info;
	const char *why = NULL;
	if (nin_validate_ex(text, NIN_ALLOW_SYNTHETIC, &info, &why) != SC_OK)
		return why;
	return set_text(f, rec, a, info.digits);
}

static const char *
parse_phone(const struct field *f, const char *text, void *rec, struct arena *a)
{
	char e164[PHONE_MAX];
	const char *why = NULL;
	if (phone_normalise(text, e164, &why) != SC_OK)
		return why;
	return set_text(f, rec, a, e164);
}

static const char *
parse_email(const struct field *f, const char *text, void *rec, struct arena *a)
{
	const char *why = NULL;
	if (email_validate(text, &why) != SC_OK)
		return why;
	return set_text(f, rec, a, text);
}

static const char *
parse_postcode(const struct field *f, const char *text, void *rec, struct arena *a)
{
	const char *why = NULL;
	if (postcode_validate(text, &why) != SC_OK)
		return why;
	return set_text(f, rec, a, text);
}

static const char *
parse_account(const struct field *f, const char *text, void *rec, struct arena *a)
{
	char digits[12];
	const char *why = NULL;
	if (account_validate(text, digits, &why) != SC_OK)
		return why;
	return set_text(f, rec, a, digits);
}

/* One language name, not a list of them. */
static const char *
parse_interpreter(const struct field *f, const char *text, void *rec, struct arena *a)
{
	long chars = field_text_chars(text, false);
	if (chars < 0 || chars > PARTICIPANT_LANGUAGE_MAX || strpbrk(text, ",;") != NULL)
		return f->invalid;
	return set_text(f, rec, a, text);
}

/* 0 to 30, in at most two digits. */
static const char *
parse_schooling(const struct field *f, const char *text, void *rec, struct arena *a)
{
	(void)a;
	size_t n = strlen(text);
	if (n > 2 || !all_digits(text, n) || atoi(text) > f->max)
		return f->invalid;
	*FIELD_AT(rec, f, int64_t) = atoi(text);
	return NULL;
}

/* A whole percentage, "30", "30%" or "30 %". */
static const char *
parse_tax_percent(const struct field *f, const char *text, void *rec, struct arena *a)
{
	char pct[8];
	size_t n = strlen(text);
	if (n >= sizeof pct)
		return f->invalid;
	memcpy(pct, text, n + 1);
	if (n > 0 && pct[n - 1] == '%')
		pct[--n] = '\0';
	while (n > 0 && pct[n - 1] == ' ')
		pct[--n] = '\0';
	(void)a;
	if (n == 0 || n > 3 || !all_digits(pct, n) || atoi(pct) > f->max)
		return f->invalid;
	*FIELD_AT(rec, f, int64_t) = atoi(pct);
	return NULL;
}

/* A withholding table: 7100..7150, or 6300..6350 for pensions. */
static const char *
parse_tax_table(const struct field *f, const char *text, void *rec, struct arena *a)
{
	int t = all_digits(text, 4) ? atoi(text) : 0;
	if (!((t >= 7100 && t <= 7150) || (t >= 6300 && t <= 6350)))
		return f->invalid;
	return set_text(f, rec, a, text);
}

/* A level in any case: "b1" is B1. */
static const char *
parse_cefr(const struct field *f, const char *text, void *rec, struct arena *a)
{
	(void)a;
	enum cefr c;
	if (cefr_parse(text, &c) != SC_OK || c == CEFR_NONE)
		return f->invalid;
	*FIELD_AT(rec, f, int) = (int)c;
	return NULL;
}

/* ---- the fields ---- */

#define P(member) offsetof(struct participant, member)
#define OPTIONS(o) .options = (o), .noptions = sizeof(o) / sizeof((o)[0])
#define TOO_LONG N_("This text is too long.")

static const struct field language_item[] = {
	{.key = "name", .type = FT_LINE, .max = PARTICIPANT_LANGUAGE_MAX,
	 .offset = offsetof(struct participant_language, name), .label = N_("Languages"),
	 .invalid = N_("Each language name can be at most 40 characters."),
	 .too_long = N_("Each language name can be at most 40 characters."), .part = PART_LANGUAGES},
};

static const struct field child_item[] = {
	{.key = "birth_date", .type = FT_DATE, .offset = offsetof(struct participant_child, birth_date),
	 .label = N_("Children's birth dates"),
	 .invalid = N_("Write each child's birth date as YYYY-MM-DD, one per line or separated by commas."),
	 .part = PART_CHILDREN},
};

#define LEVEL(key_, member_, label_) \
	{.key = key_, .type = FT_ENUM, .offset = P(member_), .label = label_, OPTIONS(cefr_options), \
	 .parse = parse_cefr, .invalid = N_("Choose a level from A1 to C1, or leave it empty."), \
	 .part = PART_SCHOOLING}

static const struct field fields[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = P(id), .label = N_("Participant no."),
	 .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = P(version), .label = N_("Version"),
	 .part = -1},
	{.key = "status", .type = FT_ENUM, .flags = FF_OUT | FF_COMPUTED, .offset = P(status),
	 .label = N_("Status"), OPTIONS(status_options), .part = -1},
	{.key = "contact_id", .type = FT_ID, .flags = FF_OUT | FF_COMPUTED, .offset = P(contact_id),
	 .label = N_("Contact person"), .part = PART_CASELOAD},
	{.key = "contact_name", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = P(contact_name),
	 .label = N_("Contact person"), .part = PART_CASELOAD},
	/* the register */
	{.key = "given_name", .type = FT_LINE, .flags = FF_REQUIRED | FF_BLANK, .offset = P(given_name),
	 .max = PARTICIPANT_NAME_MAX, .label = N_("Given name"), .too_long = TOO_LONG, .part = PART_NAME},
	{.key = "family_name", .type = FT_LINE, .flags = FF_REQUIRED | FF_BLANK, .offset = P(family_name),
	 .max = PARTICIPANT_NAME_MAX, .label = N_("Family name"), .too_long = TOO_LONG, .part = PART_NAME},
	{.key = "nin", .type = FT_LINE, .offset = P(nin), .parse = parse_nin,
	 .label = N_("National identity number or D-number"),
	 .hint = N_("11 digits. Leave it empty when the person has none."), .part = PART_NIN},
	{.key = "birth_date", .type = FT_DATE, .offset = P(birth_date), .label = N_("Birth date"),
	 .hint = N_("May be left empty when the identity number is given."), .part = PART_NAME},
	{.key = "gender", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = P(gender), .label = N_("Gender"),
	 OPTIONS(gender_options), .missing = N_("Choose a gender."),
	 .invalid = N_("Choose female, male or other."), .part = PART_NAME},
	{.key = "country_of_birth", .type = FT_LINE, .flags = FF_BLANK, .offset = P(country_of_birth),
	 .max = PARTICIPANT_TEXT_MAX, .label = N_("Country of birth"), .too_long = TOO_LONG,
	 .part = PART_ORIGIN},
	{.key = "citizenship", .type = FT_LINE, .flags = FF_BLANK, .offset = P(citizenship),
	 .max = PARTICIPANT_TEXT_MAX, .label = N_("Citizenship"), .too_long = TOO_LONG, .part = PART_ORIGIN},
	{.key = "languages", .type = FT_LIST, .offset = P(languages), .item = language_item, .nitem = 1,
	 .item_size = sizeof(struct participant_language), .label = N_("Languages"),
	 .hint = N_("Separate languages with commas, for example: Somali, Arabic."), .part = PART_LANGUAGES},
	{.key = "interpreter", .type = FT_LINE, .flags = FF_COMPUTED, .offset = P(interpreter),
	 .parse = parse_interpreter, .label = N_("Interpreter needed for"),
	 .hint = N_("One language. Leave it empty when no interpreter is needed."),
	 .invalid = N_("Name one language, at most 40 characters."), .part = PART_LANGUAGES},
	{.key = "arrival_date", .type = FT_DATE, .offset = P(arrival_date), .label = N_("Arrival in Norway"),
	 .part = PART_ORIGIN},
	{.key = "residence_basis", .type = FT_ENUM, .offset = P(residence_basis), .label = N_("Residence basis"),
	 OPTIONS(residence_options), .invalid = N_("Choose refugee, family reunification or other."),
	 .part = PART_ORIGIN},
	{.key = "intro_ended", .type = FT_DATE, .offset = P(intro_ended),
	 .label = N_("Introduction programme ended"),
	 .hint = N_("The date the introduction programme ended, if the person took part."), .part = PART_ORIGIN},
	{.key = "schooling_years", .type = FT_INT, .offset = P(schooling_years), .min = 0,
	 .max = PARTICIPANT_MAX_SCHOOLING, .parse = parse_schooling, .label = N_("Years of schooling"),
	 .hint = N_("From 0 to 30."), .invalid = N_("Give the years of schooling as a number from 0 to 30."),
	 .part = PART_SCHOOLING},
	{.key = "literate", .type = FT_BOOL, .offset = P(literate), .label = N_("Reads and writes mother tongue"),
	 .invalid = N_("Choose yes or no."), .part = PART_SCHOOLING},
	LEVEL("cefr_listening", cefr[SKILL_LISTENING], N_("Norwegian: listening")),
	LEVEL("cefr_reading", cefr[SKILL_READING], N_("Norwegian: reading")),
	LEVEL("cefr_speaking", cefr[SKILL_SPEAKING], N_("Norwegian: speaking")),
	LEVEL("cefr_writing", cefr[SKILL_WRITING], N_("Norwegian: writing")),
	{.key = "children", .type = FT_LIST, .offset = P(children), .item = child_item, .nitem = 1,
	 .item_size = sizeof(struct participant_child), .max = PARTICIPANT_MAX_CHILDREN,
	 .label = N_("Children's birth dates"),
	 .hint = N_("Each child's birth date as YYYY-MM-DD, one per line or separated by commas."),
	 .too_long = N_("At most 15 children can be registered."), .part = PART_CHILDREN},
	{.key = "caregiving", .type = FT_TEXT, .flags = FF_BLANK, .offset = P(caregiving),
	 .max = PARTICIPANT_NOTE_MAX, .label = N_("Caregiving constraints"),
	 .hint = N_("For example times the person must collect children."), .too_long = TOO_LONG,
	 .part = PART_CAREGIVING},
	{.key = "phone", .type = FT_LINE, .flags = FF_BLANK, .offset = P(phone), .parse = parse_phone,
	 .label = N_("Phone"), .hint = N_("8 digits, or + and the country code."), .part = PART_CONTACT_DETAILS},
	{.key = "email", .type = FT_LINE, .flags = FF_BLANK, .offset = P(email), .parse = parse_email,
	 .label = N_("E-mail"), .part = PART_CONTACT_DETAILS},
	{.key = "address", .type = FT_LINE, .flags = FF_BLANK, .offset = P(address), .max = PARTICIPANT_TEXT_MAX,
	 .label = N_("Address"), .too_long = TOO_LONG, .part = PART_CONTACT_DETAILS},
	{.key = "postcode", .type = FT_LINE, .flags = FF_BLANK, .offset = P(postcode), .parse = parse_postcode,
	 .label = N_("Postcode"), .part = PART_CONTACT_DETAILS},
	{.key = "city", .type = FT_LINE, .flags = FF_BLANK, .offset = P(city), .max = PARTICIPANT_TEXT_MAX,
	 .label = N_("City"), .too_long = TOO_LONG, .part = PART_CONTACT_DETAILS},
	{.key = "bank_account", .type = FT_LINE, .flags = FF_BLANK, .offset = P(bank_account),
	 .parse = parse_account, .label = N_("Bank account"), .hint = N_("11 digits, for example 1234.56.78903."),
	 .part = PART_PAYMENT},
	{.key = "tax_percent", .type = FT_INT, .offset = P(tax_percent), .min = 0, .max = 100,
	 .parse = parse_tax_percent, .label = N_("Tax withholding (percent)"),
	 .hint = N_("A percentage, or a table number below; not both."),
	 .invalid = N_("Give a whole percentage from 0 to 100."), .part = PART_PAYMENT},
	{.key = "tax_table", .type = FT_LINE, .flags = FF_BLANK, .offset = P(tax_table), .parse = parse_tax_table,
	 .label = N_("Tax table"),
	 .invalid = N_("A withholding table number is 7100 to 7150 (or 6300 to 6350 for pensions)."),
	 .part = PART_PAYMENT},
	/* kept by the product */
	{.key = "created_at", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, .offset = P(created_at),
	 .label = N_("Registered"), .part = -1},
	{.key = "updated_at", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, .offset = P(updated_at),
	 .label = N_("Changed"), .part = -1},
	{.key = "name_key", .type = FT_LINE, .flags = FF_OUT | FF_SECRET, .offset = P(name_key),
	 .label = N_("Name"), .part = -1},
};

const struct fields participant_fields = FIELDS(fields);

const char *const participant_list_columns[] = {
	"id", "given_name", "family_name", "birth_date", "status", "contact_id", "contact_name", "version", NULL,
};

const char *const participant_export_columns[] = {
	"id", "family_name", "given_name", "birth_date", "gender", "country_of_birth", "status",
	"contact_name", "phone", "email", "postcode", "city", NULL,
};

const struct field *
participant_field(const char *key)
{
	const struct field *f = fields_find(participant_fields, key);
	return f != NULL && !(f->flags & FF_OUT) ? f : NULL;
}

const char *
participant_field_label(const char *key)
{
	const struct field *f = participant_field(key);
	return f ? f->label : NULL;
}

void
participant_clear(struct participant *p)
{
	memset(p, 0, sizeof *p);
	fields_clear(participant_fields, p);
}

/* ---- the rules that join fields ---- */

/* The place of a field key in the table (errors of other keys after). */
static size_t
field_rank(const char *key)
{
	for (size_t i = 0; key != NULL && i < participant_fields.n; i++)
		if (strcmp(participant_fields.f[i].key, key) == 0)
			return i;
	return participant_fields.n;
}

/* Puts the errors in the order of the fields (stable): the form's error
 * summary then reads top to bottom. */
static void
order_errors(struct field_errors *e)
{
	for (int i = 1; i < e->n; i++) {
		const char *field = e->field[i], *reason = e->reason[i];
		long long a0 = e->arg[i][0], a1 = e->arg[i][1];
		size_t rank = field_rank(field);
		int j = i;
		for (; j > 0 && field_rank(e->field[j - 1]) > rank; j--) {
			e->field[j] = e->field[j - 1];
			e->reason[j] = e->reason[j - 1];
			e->arg[j][0] = e->arg[j - 1][0];
			e->arg[j][1] = e->arg[j - 1][1];
		}
		e->field[j] = field;
		e->reason[j] = reason;
		e->arg[j][0] = a0;
		e->arg[j][1] = a1;
	}
}

static bool
given(const struct participant *p, const char *key)
{
	const struct field *f = fields_find(participant_fields, key);
	return f != NULL && field_given(f, p);
}

static bool
has_error(const struct field_errors *e, const char *key)
{
	return field_error_of(e, key) != NULL;
}

/* An optional date, not after today. */
static void
not_future(const struct participant *p, const char *key, struct date d, struct date today,
	   struct field_errors *e)
{
	if (given(p, key) && date_cmp(d, today) > 0)
		field_error_add(e, key, N_("The date cannot be in the future."));
}

/* Languages without repeats (the first spelling kept; "NORSK BOKMÅL" is
 * "Norsk bokmål"), at most 8, with the interpreter's language among them
 * and spelt as listed. */
static void
check_languages(struct participant *p, struct arena *a, struct field_errors *e)
{
	if (has_error(e, "languages"))
		return;
	const struct participant_language *in = p->languages.items;
	size_t n = p->languages.n;
	struct participant_language *out = arena_alloc(a, (n + 1) * sizeof *out);
	if (out == NULL) {
		field_error_add(e, "languages", N_("At most 8 languages can be registered."));
		return;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = text_casecmp(out[j].name, in[i].name) == 0;
		if (!dup)
			out[k++] = in[i];
	}
	if (k > PARTICIPANT_MAX_LANGUAGES) {
		field_error_add(e, "languages", N_("At most 8 languages can be registered."));
		return;
	}
	const char *want = p->interpreter != NULL ? p->interpreter : "";
	if (*want != '\0') {
		size_t j = 0;
		while (j < k && text_casecmp(out[j].name, want) != 0)
			j++;
		if (j == k) {
			if (k == PARTICIPANT_MAX_LANGUAGES) {
				field_error_add(e, "languages", N_("At most 8 languages can be registered."));
				return;
			}
			out[k++].name = want;
		}
		p->interpreter = out[j].name;
	}
	p->languages.items = k > 0 ? out : NULL;
	p->languages.n = k;
}

bool
participant_check(struct participant *p, struct date today, unsigned flags, struct arena *a,
		  struct field_errors *e)
{
	fields_check_required(participant_fields, p, e);

	/* The identity number and the birth date, against each other. */
	struct nin_info info;
	bool have_nin = false;
	if (given(p, "nin") && !has_error(e, "nin")) {
		const char *why = NULL;
		unsigned nf = (flags & PV_ALLOW_SYNTHETIC) ? NIN_ALLOW_SYNTHETIC : 0;
		if (nin_validate_ex(p->nin, nf, &info, &why) != SC_OK)
			field_error_add(e, "nin", why);
		else if (date_cmp(info.birth, today) > 0)
			field_error_add(e, "nin", N_("The birth date in this number is in the future."));
		else
			have_nin = true;
	}
	bool has_birth = false;
	if (given(p, "birth_date")) {
		if (date_cmp(p->birth_date, today) >= 0)
			field_error_add(e, "birth_date", N_("The birth date must be in the past."));
		else if (have_nin && !nin_matches_birth_date(&info, p->birth_date))
			field_error_add(e, "birth_date",
					N_("The birth date does not match the national identity number."));
		else
			has_birth = true;
	} else if (!has_error(e, "birth_date")) {
		if (have_nin) {
			p->birth_date = info.birth;
			has_birth = true;
		} else if (!given(p, "nin") && !has_error(e, "nin")) {
			field_error_add(e, "birth_date", N_("Give the birth date or a national identity number."));
		}
	}

	check_languages(p, a, e);
	not_future(p, "arrival_date", p->arrival_date, today, e);
	if (has_birth && given(p, "arrival_date") && date_cmp(p->arrival_date, p->birth_date) < 0)
		field_error_add(e, "arrival_date", N_("The arrival date is before the birth date."));
	if (p->residence_basis < 0 && !has_error(e, "residence_basis"))
		p->residence_basis = RESIDENCE_OTHER;
	not_future(p, "intro_ended", p->intro_ended, today, e);
	/* the introduction programme follows the arrival (and the birth) */
	if (given(p, "intro_ended") && !has_error(e, "intro_ended")) {
		if (given(p, "arrival_date") && !has_error(e, "arrival_date") &&
		    date_cmp(p->intro_ended, p->arrival_date) < 0)
			field_error_add(e, "intro_ended",
					N_("The introduction programme cannot end before the arrival in Norway."));
		else if (has_birth && date_cmp(p->intro_ended, p->birth_date) < 0)
			field_error_add(e, "intro_ended", N_("The introduction programme cannot end before the birth date."));
	}

	const struct participant_child *kids = p->children.items;
	for (size_t i = 0; i < p->children.n; i++) {
		if (date_cmp(kids[i].birth_date, today) > 0)
			field_error_add(e, "children", N_("A child's birth date cannot be in the future."));
		else if (has_birth && date_cmp(kids[i].birth_date, p->birth_date) <= 0)
			field_error_add(e, "children", N_("A child's birth date must be after the participant's."));
	}

	if (given(p, "tax_percent") && given(p, "tax_table"))
		field_error_add(e, "tax_percent", N_("Give either a percentage or a table number, not both."));

	order_errors(e);
	return e->n == 0;
}

/* ---- values ---- */

char *
participant_text(const struct participant *p, const struct field *f, struct arena *a)
{
	if (strcmp(f->key, "languages") == 0) {
		const struct participant_language *l = p->languages.items;
		char *out = arena_strdup(a, "");
		for (size_t i = 0; out != NULL && i < p->languages.n; i++)
			out = arena_printf(a, "%s%s%s", out, i ? ", " : "", l[i].name);
		return out;
	}
	return field_text(f, p, a);
}

bool
participant_field_history_keeps_values(const char *key)
{
	return key != NULL && strcmp(key, "nin") != 0;
}

static bool
same_text(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* True when a field of one type has the same value in x and y. */
static bool
same_value(const struct field *f, const void *x, const void *y)
{
	bool gx = field_given(f, x), gy = field_given(f, y);
	if (!gx || !gy)
		return gx == gy;
	switch (f->type) {
	case FT_LINE:
	case FT_TEXT:
		return same_text(*FIELD_AT_CONST(x, f, const char *), *FIELD_AT_CONST(y, f, const char *));
	case FT_DATE:
		return date_cmp(*FIELD_AT_CONST(x, f, struct date), *FIELD_AT_CONST(y, f, struct date)) == 0;
	case FT_INT:
	case FT_MONEY:
	case FT_ID:
		return *FIELD_AT_CONST(x, f, int64_t) == *FIELD_AT_CONST(y, f, int64_t);
	case FT_ENUM:
	case FT_BOOL:
		return *FIELD_AT_CONST(x, f, int) == *FIELD_AT_CONST(y, f, int);
	case FT_SET:
		return *FIELD_AT_CONST(x, f, uint32_t) == *FIELD_AT_CONST(y, f, uint32_t);
	case FT_LIST: {
		const struct field_list *lx = FIELD_AT_CONST(x, f, struct field_list);
		const struct field_list *ly = FIELD_AT_CONST(y, f, struct field_list);
		if (lx->n != ly->n)
			return false;
		for (size_t i = 0; i < lx->n; i++)
			for (size_t k = 0; k < f->nitem; k++)
				if (!same_value(&f->item[k], (const char *)lx->items + i * f->item_size,
						(const char *)ly->items + i * f->item_size))
					return false;
		return true;
	}
	}
	return true;
}

int
participant_changed_fields(const struct participant *a, const struct participant *b,
			   char out[PARTICIPANT_CHANGED_MAX])
{
	size_t len = 0;
	int count = 0;
	out[0] = '\0';
	for (size_t i = 0; i < participant_fields.n; i++) {
		const struct field *f = &participant_fields.f[i];
		if ((f->flags & FF_OUT) || same_value(f, a, b))
			continue;
		size_t kl = strlen(f->key);
		if (len + (count ? 1 : 0) + kl + 1 > PARTICIPANT_CHANGED_MAX)
			break;
		if (count)
			out[len++] = ',';
		memcpy(out + len, f->key, kl + 1);
		len += kl;
		count++;
	}
	return count;
}

size_t
participant_levels_assessed(const struct participant *before, const struct participant *after,
			    enum cefr_skill out[SKILL_COUNT])
{
	size_t n = 0;
	for (int k = 0; k < SKILL_COUNT; k++) {
		int now = after->cefr[k];
		if (now == CEFR_NONE)
			continue;
		if (before == NULL || before->cefr[k] != now)
			out[n++] = (enum cefr_skill)k;
	}
	return n;
}

/* ---- levels, skills and statuses ---- */

static const char *const skill_keys[SKILL_COUNT] = {"cefr_listening", "cefr_reading", "cefr_speaking",
						    "cefr_writing"};
static const char *const skill_labels[SKILL_COUNT] = {N_("Listening"), N_("Reading"), N_("Speaking"),
						      N_("Writing")};
static const char *const skill_names[SKILL_COUNT] = {"listening", "reading", "speaking", "writing"};

const char *
cefr_key(enum cefr c)
{
	return c >= CEFR_A1 && c <= CEFR_C1 ? cefr_options[c].key : "";
}

int
cefr_parse(const char *s, enum cefr *out)
{
	if (s == NULL || *s == '\0') {
		*out = CEFR_NONE;
		return SC_OK;
	}
	for (size_t c = 0; c < NCEFR; c++)
		if (strcasecmp(s, cefr_options[c].key) == 0) {
			*out = (enum cefr)c;
			return SC_OK;
		}
	return SC_EINVAL;
}

const char *
cefr_skill_key(enum cefr_skill s)
{
	return (unsigned)s < SKILL_COUNT ? skill_keys[s] : "";
}

const char *
cefr_skill_label(enum cefr_skill s)
{
	return (unsigned)s < SKILL_COUNT ? skill_labels[s] : "";
}

const char *
cefr_skill_name(enum cefr_skill s)
{
	return (unsigned)s < SKILL_COUNT ? skill_names[s] : "";
}

int
cefr_skill_parse_name(const char *s, enum cefr_skill *out)
{
	for (int k = 0; s != NULL && k < SKILL_COUNT; k++)
		if (strcmp(s, skill_names[k]) == 0) {
			*out = (enum cefr_skill)k;
			return SC_OK;
		}
	return SC_EINVAL;
}

bool
participant_status_valid(const char *status)
{
	for (size_t i = 0; status != NULL && i < NSTATUS; i++)
		if (strcmp(status_options[i].key, status) == 0)
			return true;
	return false;
}

const char *
participant_status_label(const char *status)
{
	for (size_t i = 0; status != NULL && i < NSTATUS; i++)
		if (strcmp(status_options[i].key, status) == 0)
			return status_options[i].label;
	return status ? status : "";
}

bool
participant_has_left(const char *status)
{
	return status != NULL && (strcmp(status, "exited") == 0 || strcmp(status, "closed") == 0);
}

const char *
participant_status_key(int status)
{
	return status >= 0 && (size_t)status < NSTATUS ? status_options[status].key : "";
}

/* ---- folding and search ---- */

size_t
name_fold(const char *in, char *out, size_t outlen)
{
	size_t n = 0;
	bool space = false;
	if (outlen == 0)
		return 0;
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	while (*p) {
		unsigned char c = *p;
		if (c == ' ' || c == '\t' || c == '-' || c == '\n' || c == '\r') {
			space = n > 0;
			p++;
			continue;
		}
		/* The bytes of one character. */
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
		size_t have = 1;
		while (have < len && p[have] != '\0')
			have++;
		len = have;
		if (n + (space ? 1 : 0) + len + 1 > outlen)
			break;
		if (space) {
			out[n++] = ' ';
			space = false;
		}
		if (len == 1) {
			out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		} else if (len == 2 && c == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97) {
			/* À..Þ (not ×) -> à..þ */
			out[n++] = (char)c;
			out[n++] = (char)(p[1] + 0x20);
		} else {
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	out[n] = '\0';
	return n;
}

void
participant_name_key(const struct participant *p, char out[NAME_KEY_MAX])
{
	char both[2 * NAME_KEY_MAX + 2];
	snprintf(both, sizeof both, "%s %s", p->family_name ? p->family_name : "",
		 p->given_name ? p->given_name : "");
	name_fold(both, out, NAME_KEY_MAX);
}

/* Copies src into dst (NAME_KEY_MAX bytes), cut at a character boundary
 * when it does not fit. */
static void
copy_term(char dst[NAME_KEY_MAX], const char *src)
{
	size_t n = strlen(src);
	if (n >= NAME_KEY_MAX) {
		n = NAME_KEY_MAX - 1;
		/* Back to the first byte of the character that would be cut. */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The distinct spelling keys of the name's words, given names first, at
 * most SEARCH_NAME_WORDS; returns how many. */
static size_t
name_keys(const struct participant *p, char keys[SEARCH_NAME_WORDS][NAME_KEY_MAX])
{
	char g[NAME_KEY_MAX], f[NAME_KEY_MAX];
	name_fold(p->given_name, g, sizeof g);
	name_fold(p->family_name, f, sizeof f);
	char words[2 * NAME_KEY_MAX];
	snprintf(words, sizeof words, "%s %s", g, f);
	size_t n = 0;
	char *save = NULL;
	for (char *w = strtok_r(words, " ", &save); w != NULL && n < SEARCH_NAME_WORDS;
	     w = strtok_r(NULL, " ", &save)) {
		if (spelling_key(w, keys[n], NAME_KEY_MAX) == 0)
			continue;
		bool dup = false;
		for (size_t i = 0; i < n && !dup; i++)
			dup = strcmp(keys[i], keys[n]) == 0;
		if (!dup)
			n++;
	}
	return n;
}

size_t
participant_search_terms(const struct participant *p, char terms[][NAME_KEY_MAX])
{
	char name_key[NAME_KEY_MAX];
	participant_name_key(p, name_key);
	char keys[SEARCH_NAME_WORDS][NAME_KEY_MAX];
	size_t nkeys = name_keys(p, keys), n = 0;
	/* Sized for what the compiler can prove of the keys, not what they hold. */
	char buf[2 * SEARCH_NAME_WORDS * NAME_KEY_MAX + NAME_KEY_MAX + 4];
	for (size_t i = 0; i < nkeys; i++) {
		snprintf(buf, sizeof buf, "%s %s", keys[i], name_key);
		copy_term(terms[n++], buf);
	}
	for (size_t i = 0; i < nkeys && i < SEARCH_PAIR_WORDS; i++) {
		for (size_t j = 0; j < nkeys && j < SEARCH_PAIR_WORDS; j++) {
			if (i == j)
				continue;
			snprintf(buf, sizeof buf, "&%s %s %s", keys[i], keys[j], name_key);
			copy_term(terms[n++], buf);
		}
	}
	const char *nin = p->nin != NULL ? p->nin : "", *phone = p->phone != NULL ? p->phone : "";
	if (nin[0] != '\0')
		copy_term(terms[n++], nin);
	if (phone[0] == '+') {
		copy_term(terms[n++], phone + 1);
		if (strncmp(phone, "+47", 3) == 0 && strlen(phone) == 11)
			copy_term(terms[n++], phone + 3);
	}
	return n;
}

size_t
participant_search_keys(const struct participant *p, char out[SEARCH_KEYS_MAX])
{
	char terms[SEARCH_MAX_TERMS][NAME_KEY_MAX];
	size_t nterms = participant_search_terms(p, terms), n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < nterms; i++) {
		if (terms[i][0] == '&')
			continue;    /* pairs repeat the words' keys */
		size_t len = strcspn(terms[i], " ");
		if (n + len + 2 + 1 > SEARCH_KEYS_MAX)
			break;
		out[n++] = ' ';
		memcpy(out + n, terms[i], len);
		n += len;
		out[n] = '\0';
	}
	if (n > 0) {
		out[n++] = ' ';    /* so that "% k %" finds the last key whole */
		out[n] = '\0';
	}
	return n;
}

int
search_query_parse(const char *q, struct search_query *out)
{
	memset(out, 0, sizeof *out);
	if (q == NULL)
		return SC_EINVAL;
	size_t digits = 0;
	bool numeric = true;
	for (const char *s = q; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s != ' ' && *s != '+' && *s != '.' && *s != '-')
			numeric = false;
	}
	if (numeric && digits >= 3) {
		size_t n = 0;
		for (const char *s = q; *s && n < NAME_KEY_MAX - 1; s++)
			if (*s >= '0' && *s <= '9')
				out->words[0][n++] = *s;
		out->words[0][n] = '\0';
		char *w = out->words[0];
		/* "00" is the international prefix ("+"): phones are indexed
		 * by their digits after it. No nin starts with 00 (day 00). */
		bool intl = strchr(q, '+') != NULL;
		if (n > 4 && w[0] == '0' && w[1] == '0') {
			memmove(w, w + 2, n - 1);
			n -= 2;
			intl = true;
		}
		if (intl && n == 10 && strncmp(w, "47", 2) == 0)
			memmove(w, w + 2, 9);
		memcpy(out->keys[0], w, strlen(w) + 1);
		out->nwords = 1;
		out->number = true;
		return SC_OK;
	}
	/* Commas and semicolons separate words: lists show "Family, Given". */
	char plain[NAME_KEY_MAX];
	snprintf(plain, sizeof plain, "%s", q);
	for (char *c = plain; *c; c++)
		if (*c == ',' || *c == ';')
			*c = ' ';
	char folded[NAME_KEY_MAX];
	name_fold(plain, folded, sizeof folded);
	char *save = NULL;
	for (char *w = strtok_r(folded, " ", &save); w != NULL && out->nwords < 4;
	     w = strtok_r(NULL, " ", &save)) {
		/* A word of marks only has no key: it is not a word. */
		if (spelling_key(w, out->keys[out->nwords], NAME_KEY_MAX) == 0)
			continue;
		snprintf(out->words[out->nwords++], NAME_KEY_MAX, "%s", w);
	}
	return out->nwords > 0 ? SC_OK : SC_EINVAL;
}

void
search_prefix_end(const char *prefix, char *out)
{
	size_t n = strlen(prefix);
	memcpy(out, prefix, n + 1);
	while (n > 0 && (unsigned char)out[n - 1] == 0xFF)
		out[--n] = '\0';
	if (n > 0)
		out[n - 1] = (char)((unsigned char)out[n - 1] + 1);
}

