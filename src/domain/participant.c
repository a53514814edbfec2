/*
 * participant.c — the register validator, field table, name folding and
 * search terms; see participant.h.
 */
#include "domain/participant.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/nin.h"
#include "i18n/i18n.h"
#include "util/err.h"


/* ---- the field table ---- */

struct field_def {
	const char *key;
	const char *label;
	size_t offset;
	enum part part;      /* the part of the record it belongs to (access.h) */
};

#define F(key, label, part) {#key, label, offsetof(struct participant_form, key), PART_##part}
static const struct field_def fields[] = {
	F(given_name, N_("Given name"), NAME),
	F(family_name, N_("Family name"), NAME),
	F(nin, N_("National identity number or D-number"), NIN),
	F(birth_date, N_("Birth date"), NAME),
	F(gender, N_("Gender"), NAME),
	F(country_of_birth, N_("Country of birth"), ORIGIN),
	F(citizenship, N_("Citizenship"), ORIGIN),
	F(languages, N_("Languages"), LANGUAGES),
	F(interpreter, N_("Interpreter needed for"), LANGUAGES),
	F(arrival_date, N_("Arrival in Norway"), ORIGIN),
	F(residence_basis, N_("Residence basis"), ORIGIN),
	F(intro_ended, N_("Introduction programme ended"), ORIGIN),
	F(schooling_years, N_("Years of schooling"), SCHOOLING),
	F(literate, N_("Reads and writes mother tongue"), SCHOOLING),
	F(cefr_listening, N_("Norwegian: listening"), SCHOOLING),
	F(cefr_reading, N_("Norwegian: reading"), SCHOOLING),
	F(cefr_speaking, N_("Norwegian: speaking"), SCHOOLING),
	F(cefr_writing, N_("Norwegian: writing"), SCHOOLING),
	F(children, N_("Children's birth dates"), CHILDREN),
	F(caregiving, N_("Caregiving constraints"), CAREGIVING),
	F(phone, N_("Phone"), CONTACT_DETAILS),
	F(email, N_("E-mail"), CONTACT_DETAILS),
	F(address, N_("Address"), CONTACT_DETAILS),
	F(postcode, N_("Postcode"), CONTACT_DETAILS),
	F(city, N_("City"), CONTACT_DETAILS),
	F(bank_account, N_("Bank account"), PAYMENT),
	F(tax_percent, N_("Tax withholding (percent)"), PAYMENT),
	F(tax_table, N_("Tax table"), PAYMENT),
};
#undef F
#define NFIELDS (sizeof fields / sizeof fields[0])

const char *const participant_fields[NFIELDS + 1] = {
	"given_name", "family_name", "nin", "birth_date", "gender", "country_of_birth",
	"citizenship", "languages", "interpreter", "arrival_date", "residence_basis",
	"intro_ended", "schooling_years", "literate", "cefr_listening", "cefr_reading",
	"cefr_speaking", "cefr_writing", "children", "caregiving", "phone", "email",
	"address", "postcode", "city", "bank_account", "tax_percent", "tax_table", NULL,
};

static const struct field_def *
field_find(const char *key)
{
	if (key == NULL)
		return NULL;
	for (size_t i = 0; i < NFIELDS; i++)
		if (strcmp(fields[i].key, key) == 0)
			return &fields[i];
	return NULL;
}

int
participant_field_part(const char *field)
{
	const struct field_def *f = field_find(field);
	return f ? (int)f->part : -1;
}

const char *
participant_field_label(const char *field)
{
	const struct field_def *f = field_find(field);
	return f ? f->label : NULL;
}

bool
participant_form_set(struct participant_form *form, const char *key, char *value)
{
	const struct field_def *f = field_find(key);
	if (f == NULL)
		return false;
	memcpy((char *)form + f->offset, &value, sizeof value);
	return true;
}

const char *
participant_form_get(const struct participant_form *form, const char *key)
{
	const struct field_def *f = field_find(key);
	if (f == NULL)
		return NULL;
	char *v;
	memcpy(&v, (const char *)form + f->offset, sizeof v);
	return v;
}

/* ---- keys and labels ---- */

static const char *const gender_keys[] = {NULL, "female", "male", "other"};
static const char *const gender_labels[] = {NULL, N_("Female"), N_("Male"), N_("Other")};
static const char *const residence_keys[] = {NULL, "refugee", "family", "other"};
static const char *const residence_labels[] = {NULL, N_("Refugee"), N_("Family reunification"),
					       N_("Other")};
static const char *const cefr_keys[] = {"", "A1", "A2", "B1", "B2", "C1"};
static const char *const skill_keys[] = {"cefr_listening", "cefr_reading", "cefr_speaking",
					 "cefr_writing"};
static const char *const skill_labels[] = {N_("Listening"), N_("Reading"), N_("Speaking"),
					   N_("Writing")};

const char *
gender_key(enum gender g)
{
	return g >= GENDER_FEMALE && g <= GENDER_OTHER ? gender_keys[g] : "";
}

const char *
gender_label(enum gender g)
{
	return g >= GENDER_FEMALE && g <= GENDER_OTHER ? gender_labels[g] : "";
}

int
gender_parse(const char *s, enum gender *out)
{
	for (int g = GENDER_FEMALE; g <= GENDER_OTHER; g++)
		if (s != NULL && strcmp(s, gender_keys[g]) == 0) {
			*out = (enum gender)g;
			return SC_OK;
		}
	return SC_EINVAL;
}

const char *
residence_key(enum residence_basis r)
{
	return r >= RESIDENCE_REFUGEE && r <= RESIDENCE_OTHER ? residence_keys[r] : "";
}

const char *
residence_label(enum residence_basis r)
{
	return r >= RESIDENCE_REFUGEE && r <= RESIDENCE_OTHER ? residence_labels[r] : "";
}

int
residence_parse(const char *s, enum residence_basis *out)
{
	for (int r = RESIDENCE_REFUGEE; r <= RESIDENCE_OTHER; r++)
		if (s != NULL && strcmp(s, residence_keys[r]) == 0) {
			*out = (enum residence_basis)r;
			return SC_OK;
		}
	return SC_EINVAL;
}

const char *
cefr_key(enum cefr c)
{
	return c >= CEFR_NONE && c <= CEFR_C1 ? cefr_keys[c] : "";
}

int
cefr_parse(const char *s, enum cefr *out)
{
	if (s == NULL || *s == '\0') {
		*out = CEFR_NONE;
		return SC_OK;
	}
	for (int c = CEFR_A1; c <= CEFR_C1; c++)
		if (strcasecmp(s, cefr_keys[c]) == 0) {
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

static const char *const skill_names[SKILL_COUNT] = {"listening", "reading", "speaking", "writing"};

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

size_t
participant_levels_assessed(const struct participant *before, const struct participant *after,
			    enum cefr_skill out[SKILL_COUNT])
{
	size_t n = 0;
	for (int k = 0; k < SKILL_COUNT; k++) {
		enum cefr now = after->cefr[k];
		if (now == CEFR_NONE)
			continue;
		if (before == NULL || before->cefr[k] != now)
			out[n++] = (enum cefr_skill)k;
	}
	return n;
}

static const struct {
	const char *key;
	const char *label;
} statuses[] = {
	{"registered", N_("Registered")}, {"referred", N_("Referred")},
	{"waiting", N_("On the waiting list")}, {"offered", N_("Offered a place")},
	{"active", N_("In the programme")}, {"paused", N_("Paused")},
	{"exited", N_("Exited")}, {"closed", N_("Closed")},
};

const char *const participant_status_keys[] = {
	"registered", "referred", "waiting", "offered", "active", "paused", "exited", "closed", NULL,
};

bool
participant_status_valid(const char *status)
{
	for (size_t i = 0; status != NULL && participant_status_keys[i] != NULL; i++)
		if (strcmp(participant_status_keys[i], status) == 0)
			return true;
	return false;
}

const char *
participant_status_label(const char *status)
{
	for (size_t i = 0; status && i < sizeof statuses / sizeof statuses[0]; i++)
		if (strcmp(statuses[i].key, status) == 0)
			return statuses[i].label;
	return status ? status : "";
}

/* ---- validation ---- */

/* Trims spaces, tabs and line ends at both ends, in place. NULL gives "". */
static char *
trim(char *s)
{
	/* Per thread: the validator runs on many request threads at once. */
	static _Thread_local char empty[1];
	if (s == NULL) {
		empty[0] = '\0';
		return empty;
	}
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* True when s has a control character (other than tab and line ends, when
 * multiline). */
static bool
has_control(const char *s, bool multiline)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (multiline && (*p == '\n' || *p == '\r' || *p == '\t'))
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return true;
	}
	return false;
}

static bool
utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n;
		if (*p < 0x80) {
			p++;
			continue;
		} else if ((*p & 0xE0) == 0xC0 && *p >= 0xC2) {
			n = 1;
		} else if ((*p & 0xF0) == 0xE0) {
			n = 2;
		} else if ((*p & 0xF8) == 0xF0 && *p <= 0xF4) {
			n = 3;
		} else {
			return false;
		}
		for (int i = 1; i <= n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n + 1;
	}
	return true;
}

/* A free-text field: optional unless required, at most max bytes. */
static const char *
text_field(struct field_errors *e, const char *key, char *raw, size_t max, bool required,
	   bool multiline)
{
	char *s = trim(raw);
	if (required && *s == '\0')
		field_error_add(e, key, N_("This field is required."));
	else if (strlen(s) > max)
		field_error_add(e, key, N_("This text is too long."));
	else if (!utf8_ok(s) || has_control(s, multiline))
		field_error_add(e, key, N_("This text has characters that are not allowed."));
	return s;
}

/* An optional date, not after today. */
static bool
date_field(struct field_errors *e, const char *key, char *raw, struct date today, struct date *out)
{
	char *s = trim(raw);
	if (*s == '\0')
		return false;
	if (date_parse(s, out) != SC_OK) {
		field_error_add(e, key, N_("Write the date as YYYY-MM-DD, for example 2024-03-01."));
		return false;
	}
	if (date_cmp(*out, today) > 0) {
		field_error_add(e, key, N_("The date cannot be in the future."));
		return false;
	}
	return true;
}

static bool
is_sep(char c)
{
	return c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
validate_children(struct field_errors *e, char *raw, struct date today, struct date birth,
		  bool has_birth, struct participant *out)
{
	char *s = trim(raw);
	out->nchildren = 0;
	while (*s) {
		while (*s && is_sep(*s))
			s++;
		if (*s == '\0')
			break;
		char *start = s;
		while (*s && !is_sep(*s))
			s++;
		char save = *s;
		*s = '\0';
		struct date d;
		if (out->nchildren >= PARTICIPANT_MAX_CHILDREN) {
			field_error_add(e, "children", N_("At most 15 children can be registered."));
		} else if (date_parse(start, &d) != SC_OK) {
			field_error_add(e, "children",
					N_("Write each child's birth date as YYYY-MM-DD, one per line or separated by commas."));
		} else if (date_cmp(d, today) > 0) {
			field_error_add(e, "children", N_("A child's birth date cannot be in the future."));
		} else if (has_birth && date_cmp(d, birth) <= 0) {
			field_error_add(e, "children",
					N_("A child's birth date must be after the participant's."));
		} else {
			out->children[out->nchildren++] = d;
		}
		*s = save;
	}
}

static void
validate_languages(struct field_errors *e, char *raw, char *interp, struct participant *out)
{
	char *s = trim(raw);
	char *want = trim(interp);
	out->nlanguages = 0;
	bool found = *want == '\0';
	char *save = NULL;
	if (strlen(want) > PARTICIPANT_LANGUAGE_MAX || !utf8_ok(want) || has_control(want, false) ||
	    strpbrk(want, ",;") != NULL) {
		field_error_add(e, "interpreter", N_("Name one language, at most 40 characters."));
		want = NULL;
		found = true;
	}
	for (char *tok = strtok_r(s, ",;\n", &save); tok != NULL; tok = strtok_r(NULL, ",;\n", &save)) {
		tok = trim(tok);
		if (*tok == '\0')
			continue;
		if (strlen(tok) > PARTICIPANT_LANGUAGE_MAX || !utf8_ok(tok) || has_control(tok, false)) {
			field_error_add(e, "languages", N_("Each language name can be at most 40 characters."));
			continue;
		}
		bool dup = false;
		for (size_t i = 0; i < out->nlanguages; i++)
			dup |= strcasecmp(out->languages[i].name, tok) == 0;
		if (dup)
			continue;
		if (out->nlanguages >= PARTICIPANT_MAX_LANGUAGES) {
			field_error_add(e, "languages", N_("At most 8 languages can be registered."));
			break;
		}
		bool interp_here = want != NULL && *want && strcasecmp(tok, want) == 0;
		found |= interp_here;
		out->languages[out->nlanguages].name = tok;
		out->languages[out->nlanguages].interpreter = interp_here;
		out->nlanguages++;
	}
	if (!found && want != NULL) {
		if (out->nlanguages < PARTICIPANT_MAX_LANGUAGES) {
			out->languages[out->nlanguages].name = want;
			out->languages[out->nlanguages].interpreter = true;
			out->nlanguages++;
		} else {
			field_error_add(e, "languages", N_("At most 8 languages can be registered."));
		}
	}
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

static void
validate_tax(struct field_errors *e, char *pct_raw, char *table_raw, struct participant *out)
{
	char *pct = trim(pct_raw);
	char *table = trim(table_raw);
	out->tax_percent = -1;
	out->tax_table[0] = '\0';
	if (*pct && *table) {
		field_error_add(e, "tax_percent", N_("Give either a percentage or a table number, not both."));
		return;
	}
	if (*pct) {
		size_t n = strlen(pct);
		if (n > 0 && pct[n - 1] == '%')
			pct[--n] = '\0';
		while (n > 0 && pct[n - 1] == ' ')
			pct[--n] = '\0';
		if (n == 0 || n > 3 || !all_digits(pct, n) || atoi(pct) > 100)
			field_error_add(e, "tax_percent", N_("Give a whole percentage from 0 to 100."));
		else
			out->tax_percent = atoi(pct);
	}
	if (*table) {
		int t = all_digits(table, 4) ? atoi(table) : 0;
		if (!((t >= 7100 && t <= 7150) || (t >= 6300 && t <= 6350)))
			field_error_add(e, "tax_table",
					N_("A withholding table number is 7100 to 7150 (or 6300 to 6350 for pensions)."));
		else
			memcpy(out->tax_table, table, 5);
	}
}

int
participant_validate(struct participant_form *in, struct date today, unsigned flags,
		     struct participant *out, struct field_errors *errs)
{
	struct field_errors local;
	struct field_errors *e = errs ? errs : &local;
	memset(e, 0, sizeof *e);
	memset(out, 0, sizeof *out);
	const char *reason = NULL;

	out->given_name = text_field(e, "given_name", in->given_name, PARTICIPANT_NAME_MAX, true, false);
	out->family_name = text_field(e, "family_name", in->family_name, PARTICIPANT_NAME_MAX, true, false);

	/* Identity number and birth date, checked against each other. */
	char *nin = trim(in->nin);
	struct nin_info info;
	bool have_nin = false;
	if (*nin) {
		unsigned nf = (flags & PV_ALLOW_SYNTHETIC) ? NIN_ALLOW_SYNTHETIC : 0;
		if (nin_validate_ex(nin, nf, &info, &reason) != SC_OK) {
			field_error_add(e, "nin", reason);
		} else if (date_cmp(info.birth, today) > 0) {
			field_error_add(e, "nin", N_("The birth date in this number is in the future."));
		} else {
			have_nin = true;
			memcpy(out->nin, info.digits, sizeof out->nin);
		}
	}
	char *birth = trim(in->birth_date);
	bool has_birth = false;
	if (*birth) {
		if (date_parse(birth, &out->birth) != SC_OK) {
			field_error_add(e, "birth_date", N_("Write the date as YYYY-MM-DD, for example 2024-03-01."));
		} else if (date_cmp(out->birth, today) >= 0) {
			field_error_add(e, "birth_date", N_("The birth date must be in the past."));
		} else if (have_nin && !nin_matches_birth_date(&info, out->birth)) {
			field_error_add(e, "birth_date",
					N_("The birth date does not match the national identity number."));
		} else {
			has_birth = true;
		}
	} else if (have_nin) {
		out->birth = info.birth;
		has_birth = true;
	} else if (*nin == '\0') {
		field_error_add(e, "birth_date", N_("Give the birth date or a national identity number."));
	}

	char *g = trim(in->gender);
	if (*g == '\0')
		field_error_add(e, "gender", N_("Choose a gender."));
	else if (gender_parse(g, &out->gender) != SC_OK)
		field_error_add(e, "gender", N_("Choose female, male or other."));

	out->country_of_birth = text_field(e, "country_of_birth", in->country_of_birth,
					   PARTICIPANT_TEXT_MAX, false, false);
	out->citizenship = text_field(e, "citizenship", in->citizenship, PARTICIPANT_TEXT_MAX, false, false);
	validate_languages(e, in->languages, in->interpreter, out);
	out->has_arrival = date_field(e, "arrival_date", in->arrival_date, today, &out->arrival);
	if (out->has_arrival && has_birth && date_cmp(out->arrival, out->birth) < 0)
		field_error_add(e, "arrival_date", N_("The arrival date is before the birth date."));

	char *rb = trim(in->residence_basis);
	out->residence = RESIDENCE_OTHER;
	if (*rb && residence_parse(rb, &out->residence) != SC_OK)
		field_error_add(e, "residence_basis", N_("Choose refugee, family reunification or other."));

	out->has_intro_ended = date_field(e, "intro_ended", in->intro_ended, today, &out->intro_ended);

	char *sy = trim(in->schooling_years);
	out->schooling_years = -1;
	if (*sy) {
		size_t n = strlen(sy);
		if (n > 2 || !all_digits(sy, n) || atoi(sy) > PARTICIPANT_MAX_SCHOOLING)
			field_error_add(e, "schooling_years", N_("Give the years of schooling as a number from 0 to 30."));
		else
			out->schooling_years = atoi(sy);
	}
	char *lit = trim(in->literate);
	out->literate = -1;
	if (strcmp(lit, "yes") == 0 || strcmp(lit, "1") == 0)
		out->literate = 1;
	else if (strcmp(lit, "no") == 0 || strcmp(lit, "0") == 0)
		out->literate = 0;
	else if (*lit)
		field_error_add(e, "literate", N_("Choose yes or no."));

	char *levels[SKILL_COUNT] = {in->cefr_listening, in->cefr_reading, in->cefr_speaking,
				     in->cefr_writing};
	for (int k = 0; k < SKILL_COUNT; k++)
		if (cefr_parse(trim(levels[k]), &out->cefr[k]) != SC_OK)
			field_error_add(e, skill_keys[k], N_("Choose a level from A1 to C1, or leave it empty."));

	validate_children(e, in->children, today, out->birth, has_birth, out);
	out->caregiving = text_field(e, "caregiving", in->caregiving, PARTICIPANT_NOTE_MAX, false, true);

	char *phone = trim(in->phone);
	if (*phone && phone_normalise(phone, out->phone, &reason) != SC_OK)
		field_error_add(e, "phone", reason);
	char *email = trim(in->email);
	out->email = email;
	if (*email && email_validate(email, &reason) != SC_OK)
		field_error_add(e, "email", reason);
	out->address = text_field(e, "address", in->address, PARTICIPANT_TEXT_MAX, false, false);
	char *pc = trim(in->postcode);
	if (*pc) {
		if (postcode_validate(pc, &reason) != SC_OK)
			field_error_add(e, "postcode", reason);
		else
			memcpy(out->postcode, pc, 5);
	}
	out->city = text_field(e, "city", in->city, PARTICIPANT_TEXT_MAX, false, false);
	char *acct = trim(in->bank_account);
	if (*acct && account_validate(acct, out->bank_account, &reason) != SC_OK)
		field_error_add(e, "bank_account", reason);
	validate_tax(e, in->tax_percent, in->tax_table, out);

	out->status = "registered";
	return e->n == 0 ? SC_OK : SC_EINVAL;
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
	char both[2 * PARTICIPANT_NAME_MAX + 2];
	snprintf(both, sizeof both, "%s %s", p->family_name ? p->family_name : "",
		 p->given_name ? p->given_name : "");
	name_fold(both, out, NAME_KEY_MAX);
}

size_t
participant_search_terms(const struct participant *p, char terms[][NAME_KEY_MAX])
{
	size_t n = 0;
	char key[NAME_KEY_MAX];
	participant_name_key(p, key);
	char words[2 * NAME_KEY_MAX];
	char g[NAME_KEY_MAX], f[NAME_KEY_MAX];
	name_fold(p->given_name, g, sizeof g);
	name_fold(p->family_name, f, sizeof f);
	snprintf(words, sizeof words, "%s %s", g, f);
	char *save = NULL;
	for (char *w = strtok_r(words, " ", &save); w != NULL && n < SEARCH_MAX_TERMS - 3;
	     w = strtok_r(NULL, " ", &save)) {
		bool dup = false;
		size_t wl = strlen(w);
		for (size_t i = 0; i < n; i++)
			dup |= strncmp(terms[i], w, wl) == 0 && terms[i][wl] == ' ';
		if (dup)
			continue;
		/* word, space, key: truncated at a byte boundary that keeps the word. */
		int len = snprintf(terms[n], NAME_KEY_MAX, "%s %s", w, key);
		if (len >= NAME_KEY_MAX) {
			/* snprintf may have cut a character: drop its first bytes. */
			unsigned char *t = (unsigned char *)terms[n];
			size_t end = NAME_KEY_MAX - 1, lead = end;
			while (lead > 0 && (t[lead - 1] & 0xC0) == 0x80)
				lead--;
			if (lead > 0 && t[lead - 1] >= 0xC0) {
				unsigned char c = t[lead - 1];
				size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
				if (end - (lead - 1) < need)
					t[lead - 1] = '\0';
			}
		}
		n++;
	}
	if (p->nin[0] != '\0')
		snprintf(terms[n++], NAME_KEY_MAX, "%s", p->nin);
	if (p->phone[0] == '+') {
		snprintf(terms[n++], NAME_KEY_MAX, "%s", p->phone + 1);
		if (strncmp(p->phone, "+47", 3) == 0 && strlen(p->phone) == 11)
			snprintf(terms[n++], NAME_KEY_MAX, "%s", p->phone + 3);
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
	     w = strtok_r(NULL, " ", &save))
		snprintf(out->words[out->nwords++], NAME_KEY_MAX, "%s", w);
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

/* ---- comparing records ---- */

const char *
participant_interpreter(const struct participant *p)
{
	for (size_t i = 0; i < p->nlanguages; i++)
		if (p->languages[i].interpreter && p->languages[i].name != NULL)
			return p->languages[i].name;
	return "";
}

static bool
str_differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

static bool
opt_date_differs(bool has_a, struct date a, bool has_b, struct date b)
{
	return has_a != has_b || (has_a && date_cmp(a, b) != 0);
}

static bool
languages_differ(const struct participant *a, const struct participant *b)
{
	if (a->nlanguages != b->nlanguages)
		return true;
	for (size_t i = 0; i < a->nlanguages; i++)
		if (str_differs(a->languages[i].name, b->languages[i].name))
			return true;
	return false;
}

static bool
children_differ(const struct participant *a, const struct participant *b)
{
	if (a->nchildren != b->nchildren)
		return true;
	for (size_t i = 0; i < a->nchildren; i++)
		if (date_cmp(a->children[i], b->children[i]) != 0)
			return true;
	return false;
}

int
participant_changed_fields(const struct participant *a, const struct participant *b,
			   char out[PARTICIPANT_CHANGED_MAX])
{
	/* In participant_fields order. */
	const bool differs[] = {
		str_differs(a->given_name, b->given_name),
		str_differs(a->family_name, b->family_name),
		strcmp(a->nin, b->nin) != 0,
		date_cmp(a->birth, b->birth) != 0,
		a->gender != b->gender,
		str_differs(a->country_of_birth, b->country_of_birth),
		str_differs(a->citizenship, b->citizenship),
		languages_differ(a, b),
		str_differs(participant_interpreter(a), participant_interpreter(b)),
		opt_date_differs(a->has_arrival, a->arrival, b->has_arrival, b->arrival),
		a->residence != b->residence,
		opt_date_differs(a->has_intro_ended, a->intro_ended, b->has_intro_ended, b->intro_ended),
		a->schooling_years != b->schooling_years,
		a->literate != b->literate,
		a->cefr[SKILL_LISTENING] != b->cefr[SKILL_LISTENING],
		a->cefr[SKILL_READING] != b->cefr[SKILL_READING],
		a->cefr[SKILL_SPEAKING] != b->cefr[SKILL_SPEAKING],
		a->cefr[SKILL_WRITING] != b->cefr[SKILL_WRITING],
		children_differ(a, b),
		str_differs(a->caregiving, b->caregiving),
		strcmp(a->phone, b->phone) != 0,
		str_differs(a->email, b->email),
		str_differs(a->address, b->address),
		strcmp(a->postcode, b->postcode) != 0,
		str_differs(a->city, b->city),
		strcmp(a->bank_account, b->bank_account) != 0,
		a->tax_percent != b->tax_percent,
		strcmp(a->tax_table, b->tax_table) != 0,
	};
	_Static_assert(sizeof differs / sizeof differs[0] == NFIELDS, "one entry per field");
	size_t len = 0;
	int count = 0;
	out[0] = '\0';
	for (size_t i = 0; i < NFIELDS; i++) {
		if (!differs[i])
			continue;
		size_t kl = strlen(participant_fields[i]);
		if (len + (count ? 1 : 0) + kl + 1 > PARTICIPANT_CHANGED_MAX)
			break;
		if (count)
			out[len++] = ',';
		memcpy(out + len, participant_fields[i], kl + 1);
		len += kl;
		count++;
	}
	return count;
}

/* ---- a field's text ---- */

int
participant_field_text(const struct participant *p, const char *key,
		       char out[PARTICIPANT_FIELD_TEXT_MAX])
{
	const size_t cap = PARTICIPANT_FIELD_TEXT_MAX;
	out[0] = '\0';
	if (field_find(key) == NULL)
		return SC_EINVAL;
	char d[11];
	if (strcmp(key, "given_name") == 0)
		snprintf(out, cap, "%s", p->given_name ? p->given_name : "");
	else if (strcmp(key, "family_name") == 0)
		snprintf(out, cap, "%s", p->family_name ? p->family_name : "");
	else if (strcmp(key, "nin") == 0)
		snprintf(out, cap, "%s", p->nin);
	else if (strcmp(key, "birth_date") == 0)
		date_format(p->birth, out);
	else if (strcmp(key, "gender") == 0)
		snprintf(out, cap, "%s", gender_key(p->gender) ? gender_key(p->gender) : "");
	else if (strcmp(key, "country_of_birth") == 0)
		snprintf(out, cap, "%s", p->country_of_birth ? p->country_of_birth : "");
	else if (strcmp(key, "citizenship") == 0)
		snprintf(out, cap, "%s", p->citizenship ? p->citizenship : "");
	else if (strcmp(key, "languages") == 0) {
		size_t len = 0;
		for (size_t i = 0; i < p->nlanguages && len < cap; i++)
			len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? ", " : "",
						p->languages[i].name);
	} else if (strcmp(key, "interpreter") == 0)
		snprintf(out, cap, "%s", participant_interpreter(p));
	else if (strcmp(key, "arrival_date") == 0) {
		if (p->has_arrival)
			date_format(p->arrival, out);
	} else if (strcmp(key, "residence_basis") == 0)
		snprintf(out, cap, "%s", residence_key(p->residence) ? residence_key(p->residence) : "");
	else if (strcmp(key, "intro_ended") == 0) {
		if (p->has_intro_ended)
			date_format(p->intro_ended, out);
	} else if (strcmp(key, "schooling_years") == 0) {
		if (p->schooling_years >= 0)
			snprintf(out, cap, "%d", p->schooling_years);
	} else if (strcmp(key, "literate") == 0)
		snprintf(out, cap, "%s", p->literate < 0 ? "" : p->literate ? "yes" : "no");
	else if (strncmp(key, "cefr_", 5) == 0) {
		for (int k = 0; k < SKILL_COUNT; k++)
			if (strcmp(key, cefr_skill_key((enum cefr_skill)k)) == 0)
				snprintf(out, cap, "%s", cefr_key(p->cefr[k]));
	} else if (strcmp(key, "children") == 0) {
		size_t len = 0;
		for (size_t i = 0; i < p->nchildren && len < cap; i++) {
			date_format(p->children[i], d);
			len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "\n" : "", d);
		}
	} else if (strcmp(key, "caregiving") == 0)
		snprintf(out, cap, "%s", p->caregiving ? p->caregiving : "");
	else if (strcmp(key, "phone") == 0)
		snprintf(out, cap, "%s", p->phone);
	else if (strcmp(key, "email") == 0)
		snprintf(out, cap, "%s", p->email ? p->email : "");
	else if (strcmp(key, "address") == 0)
		snprintf(out, cap, "%s", p->address ? p->address : "");
	else if (strcmp(key, "postcode") == 0)
		snprintf(out, cap, "%s", p->postcode);
	else if (strcmp(key, "city") == 0)
		snprintf(out, cap, "%s", p->city ? p->city : "");
	else if (strcmp(key, "bank_account") == 0)
		snprintf(out, cap, "%s", p->bank_account);
	else if (strcmp(key, "tax_percent") == 0) {
		if (p->tax_percent >= 0)
			snprintf(out, cap, "%d", p->tax_percent);
	} else if (strcmp(key, "tax_table") == 0)
		snprintf(out, cap, "%s", p->tax_table);
	return SC_OK;
}

bool
participant_field_history_keeps_values(const char *key)
{
	return key != NULL && strcmp(key, "nin") != 0;
}
