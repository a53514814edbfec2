/*
 * employer.c — employers, their contacts and pool agreements; see
 * employer.h.
 */
#include "domain/employer.h"

#include "domain/contact.h"
#include "domain/orgnr.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <stddef.h>
#include <string.h>

/* Stores text in a line field (a copy in the arena). */
static const char *
set_text(const struct field *f, void *rec, struct arena *a, const char *text)
{
	char *s = arena_strdup(a, text);
	if (s == NULL)
		return N_("This text has characters that are not allowed.");
	*FIELD_AT(rec, f, const char *) = s;
	return NULL;
}

static const char *
parse_orgnr(const struct field *f, const char *text, void *rec, struct arena *a)
{
	const char *why = NULL;
	if (!orgnr_valid(text, &why))
		return why;
	return set_text(f, rec, a, text);
}

static const char *
parse_division(const struct field *f, const char *text, void *rec, struct arena *a)
{
	if (!industry_is_division(text))
		return N_("Choose an industry from the list.");
	return set_text(f, rec, a, text);
}

static const char *
parse_postcode(const struct field *f, const char *text, void *rec, struct arena *a)
{
	if (postcode_validate(text, NULL) != SC_OK)
		return N_("Write the postcode as 4 digits.");
	return set_text(f, rec, a, text);
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

#define E(m) offsetof(struct employer, m)

static const struct field employer_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = E(id), .label = N_("Number"), .part = -1},
	{.key = "name", .type = FT_LINE, .flags = FF_REQUIRED, .offset = E(name), .max = EMPLOYER_NAME_MAX,
	 .label = N_("Name"), .missing = N_("Give the employer's name."), .part = -1},
	{.key = "name_key", .type = FT_LINE, .flags = FF_HIDDEN, .offset = E(name_key), .label = N_("Name"),
	 .part = -1},
	{.key = "orgnr", .type = FT_LINE, .flags = FF_REQUIRED, .offset = E(orgnr), .max = 9,
	 .label = N_("Organisation number"), .hint = N_("Nine digits, from the Register of Legal Entities."),
	 .parse = parse_orgnr, .missing = N_("Give the organisation number."), .part = -1},
	{.key = "industry", .type = FT_LINE, .flags = FF_REQUIRED, .offset = E(industry), .max = 2,
	 .label = N_("Industry"), .hint = N_("The industry in the standard industrial classification (SN2007)."),
	 .parse = parse_division, .missing = N_("Choose the employer's industry."), .part = -1},
	{.key = "industry_nb", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = E(industry_nb),
	 .label = N_("Industry"), .part = -1},
	{.key = "industry_en", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = E(industry_en),
	 .label = N_("Industry"), .part = -1},
	{.key = "section", .type = FT_LINE, .flags = FF_OUT | FF_COMPUTED, .offset = E(section),
	 .label = N_("Industry section"), .part = -1},
	{.key = "address", .type = FT_LINE, .offset = E(address), .max = 200, .label = N_("Address"), .part = -1},
	{.key = "postcode", .type = FT_LINE, .offset = E(postcode), .max = 4, .label = N_("Postcode"),
	 .parse = parse_postcode, .part = -1},
	{.key = "city", .type = FT_LINE, .offset = E(city), .max = 100, .label = N_("City"), .part = -1},
	{.key = "notes", .type = FT_TEXT, .offset = E(notes), .max = 4000, .label = N_("Notes"),
	 .too_long = N_("Write at most %lld characters."), .part = -1},
	{.key = "in_pool", .type = FT_BOOL, .flags = FF_OUT | FF_COMPUTED, .offset = E(in_pool),
	 .label = N_("In a pool agreement"), .part = -1},
	{.key = "concluded", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, .offset = E(concluded),
	 .label = N_("Placements with a result"), .part = -1},
	{.key = "hired", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, .offset = E(hired),
	 .label = N_("Hired after a placement"), .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = E(version), .label = N_("Version"),
	 .part = -1},
};
#undef E

const struct fields employer_fields = FIELDS(employer_table);

bool
employer_check(const struct employer *e, bool industry_known, struct field_errors *errs)
{
	int before = errs->n;
	if (e->name != NULL && e->name[0] != '\0' && field_text_chars(e->name, false) < 2)
		field_error_add(errs, "name", N_("Write the employer's whole name."));
	if (e->industry != NULL && e->industry[0] != '\0' && !industry_known &&
	    field_error_of(errs, "industry") == NULL)
		field_error_add(errs, "industry", N_("Choose an industry from the list."));
	return errs->n == before;
}

#define C(m) offsetof(struct employer_contact, m)

static const struct field contact_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = C(id), .label = N_("Number"), .part = -1},
	{.key = "employer_id", .type = FT_ID, .flags = FF_OUT, .offset = C(employer_id), .label = N_("Employer"),
	 .part = -1},
	{.key = "name", .type = FT_LINE, .flags = FF_REQUIRED, .offset = C(name), .max = EMPLOYER_NAME_MAX,
	 .label = N_("Name"), .missing = N_("Give the contact's name."), .part = -1},
	{.key = "role", .type = FT_LINE, .offset = C(role), .max = 100, .label = N_("Role"),
	 .hint = N_("For example: manager, shift leader."), .part = -1},
	{.key = "phone", .type = FT_LINE, .offset = C(phone), .max = 40, .label = N_("Phone"), .parse = parse_phone,
	 .part = -1},
	{.key = "email", .type = FT_LINE, .offset = C(email), .max = 254, .label = N_("E-mail"),
	 .parse = parse_email, .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = C(version), .label = N_("Version"),
	 .part = -1},
};
#undef C

const struct fields employer_contact_fields = FIELDS(contact_table);

#define A(m) offsetof(struct agreement, m)

static const struct field agreement_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = A(id), .label = N_("Number"), .part = -1},
	{.key = "name", .type = FT_LINE, .flags = FF_REQUIRED, .offset = A(name), .max = EMPLOYER_NAME_MAX,
	 .label = N_("Name"), .missing = N_("Give the agreement a name."), .part = -1},
	{.key = "party", .type = FT_LINE, .flags = FF_REQUIRED, .offset = A(party), .max = EMPLOYER_NAME_MAX,
	 .label = N_("Agreement with"), .hint = N_("The employer or the association that signed it."),
	 .missing = N_("Say whom the agreement is with."), .part = -1},
	{.key = "starts_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = A(starts_on), .label = N_("From"),
	 .missing = N_("Give the first day of the agreement."), .part = -1},
	{.key = "ends_on", .type = FT_DATE, .flags = FF_REQUIRED, .offset = A(ends_on), .label = N_("To"),
	 .missing = N_("Give the last day of the agreement."), .part = -1},
	{.key = "places", .type = FT_INT, .flags = FF_REQUIRED, .offset = A(places), .min = 1, .max = 10000,
	 .label = N_("Places"), .missing = N_("Give the number of places."), .part = -1},
	{.key = "terms", .type = FT_TEXT, .offset = A(terms), .max = 4000, .label = N_("Terms"), .part = -1},
	{.key = "notes", .type = FT_TEXT, .offset = A(notes), .max = 4000, .label = N_("Notes"), .part = -1},
	{.key = "used", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, .offset = A(used), .label = N_("Used"),
	 .part = -1},
	{.key = "planned", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, .offset = A(planned),
	 .label = N_("Planned"), .part = -1},
	{.key = "free", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, .offset = A(free), .label = N_("Free"),
	 .part = -1},
	{.key = "covered", .type = FT_INT, .flags = FF_OUT | FF_COMPUTED, .offset = A(covered),
	 .label = N_("Employers"), .part = -1},
	{.key = "version", .type = FT_INT, .flags = FF_OUT, .offset = A(version), .label = N_("Version"),
	 .part = -1},
};
#undef A

const struct fields agreement_fields = FIELDS(agreement_table);

bool
agreement_check(const struct agreement *a, struct field_errors *e)
{
	if (a->starts_on.y != 0 && a->ends_on.y != 0 && date_cmp(a->ends_on, a->starts_on) < 0) {
		field_error_add(e, "ends_on", N_("The last day cannot be before the first."));
		return false;
	}
	return true;
}

bool
agreement_current(const struct agreement *a, struct date day)
{
	return a->starts_on.y != 0 && date_cmp(a->starts_on, day) <= 0 &&
	       (a->ends_on.y == 0 || date_cmp(day, a->ends_on) <= 0);
}

int64_t
agreement_free(int64_t places, int64_t used, int64_t planned)
{
	int64_t free = places - used - planned;
	return free > 0 ? free : 0;
}

bool
agreement_has_room(int64_t places, int64_t open)
{
	return open < places;
}

bool
agreement_places_check(int64_t places, int64_t open, struct field_errors *e)
{
	if (places >= open)
		return true;
	field_error_add2(e, "places", N_("The agreement has %lld placements; it cannot have fewer than %lld places."),
			 (long long)open, (long long)open);
	return false;
}

/* "from – to" in the arena (NULL when it has no room). */
static const char *
period_text(struct arena *a, struct date from, struct date to)
{
	char f[11], t[11];
	date_format(from, f);
	date_format(to, t);
	return arena_printf(a, "%s \xE2\x80\x93 %s", f, t);
}

bool
agreement_period_holds(const struct agreement *ag, struct date from, struct date to, struct arena *a,
		       struct field_errors *e)
{
	if (ag->starts_on.y == 0 || ag->ends_on.y == 0 || from.y == 0 || to.y == 0)
		return true;
	bool early = date_cmp(from, ag->starts_on) < 0, late = date_cmp(to, ag->ends_on) > 0;
	if (!early && !late)
		return true;
	field_error_add_text(e, early ? "starts_on" : "ends_on",
			     N_("The placement's period, %s, is not within the pool agreement's period, %s."),
			     period_text(a, from, to), period_text(a, ag->starts_on, ag->ends_on), NULL);
	return false;
}

/* The day as text in the arena (NULL when it has no room). */
static const char *
day_text(struct arena *a, struct date d)
{
	char *s = arena_alloc(a, 11);
	if (s != NULL)
		date_format(d, s);
	return s;
}

bool
agreement_period_keeps(const struct agreement *in, struct date first_start, struct date last_end, struct arena *a,
		       struct field_errors *e)
{
	int n = e->n;
	if (first_start.y != 0 && in->starts_on.y != 0 && date_cmp(first_start, in->starts_on) < 0)
		field_error_add_text(e, "starts_on",
				     N_("A placement under the agreement starts on %s: the agreement cannot start after it."),
				     day_text(a, first_start), NULL, NULL);
	if (last_end.y != 0 && in->ends_on.y != 0 && date_cmp(last_end, in->ends_on) > 0)
		field_error_add_text(e, "ends_on",
				     N_("A placement under the agreement runs to %s: the agreement cannot end before it."),
				     day_text(a, last_end), NULL, NULL);
	return e->n == n;
}

bool
industry_is_division(const char *code)
{
	return code != NULL && strlen(code) == 2 && code[0] >= '0' && code[0] <= '9' && code[1] >= '0' &&
	       code[1] <= '9';
}

int
conversion_percent(int64_t concluded, int64_t hired)
{
	if (concluded <= 0)
		return -1;
	return (int)((hired * 200 + concluded) / (concluded * 2));
}

size_t
employer_search_terms(const struct employer *e, char terms[][NAME_KEY_MAX])
{
	char key[NAME_KEY_MAX];
	name_fold(e->name != NULL ? e->name : "", key, sizeof key);
	size_t n = 0;
	const char *p = key;
	while (*p && n + 1 < EMPLOYER_MAX_TERMS) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > 0 && len + 1 + strlen(key) < NAME_KEY_MAX) {
			memcpy(terms[n], p, len);
			terms[n][len] = ' ';
			strcpy(terms[n] + len + 1, key);
			/* a word twice in a name is one term */
			bool dup = false;
			for (size_t k = 0; k < n && !dup; k++)
				dup = strcmp(terms[k], terms[n]) == 0;
			if (!dup)
				n++;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	if (e->orgnr != NULL && e->orgnr[0] != '\0' && strlen(e->orgnr) < NAME_KEY_MAX)
		strcpy(terms[n++], e->orgnr);
	return n;
}
