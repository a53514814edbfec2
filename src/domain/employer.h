/*
 * employer.h — the employer register: employers, their contacts, and the
 * pool agreements that give placements at several of them (issue 10,
 * section 1).
 *
 * An employer has a name, an organisation number (domain/orgnr.h), an
 * industry (an SN2007 division, seeded in the store with its section and
 * names), an address, notes and contacts (name, role, phone, e-mail); it is
 * "in a pool agreement" when an agreement covers it whose period holds
 * today. A pool agreement (a framework agreement with an employer or an
 * association) has a period, a number of places, terms and the employers
 * it covers; its places are used by the placements under it that are
 * active, planned by those agreed and not yet started (a proposal holds
 * no place), and free is what is left.
 *
 * The records and their fields are declared once (domain/field.h); what
 * the types do not hold is employer_check(), contact_check() and
 * agreement_check(). Pure: no I/O, no clock.
 */
#ifndef SC_DOMAIN_EMPLOYER_H
#define SC_DOMAIN_EMPLOYER_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"
#include "domain/participant.h"

struct arena;

/* The longest name of an employer, an agreement or a contact. */
#define EMPLOYER_NAME_MAX 200

/* An employer. Field keys (form, API, table employers): id, name, orgnr,
 * industry, industry_nb, industry_en, section, address, postcode, city,
 * notes, in_pool, concluded, hired, version; name_key is kept, never
 * shown. */
struct employer {
	int64_t id;
	const char *name;          /* required, 2..EMPLOYER_NAME_MAX characters */
	const char *name_key;      /* kept: the folded name (sorting, search) */
	const char *orgnr;         /* required: nine digits, check digit right */
	const char *industry;      /* required: an SN2007 division ("47") */
	const char *industry_nb;   /* computed: the division's names */
	const char *industry_en;
	const char *section;       /* computed: its section ("G") */
	const char *address;       /* optional */
	const char *postcode;      /* optional, four digits */
	const char *city;          /* optional */
	const char *notes;         /* optional */
	int in_pool;               /* computed: a current pool agreement covers it */
	int64_t concluded;         /* computed: placements with a result recorded */
	int64_t hired;             /* computed: of which the participant was hired */
	int64_t version;
};

extern const struct fields employer_fields;

/* The rules the types do not hold: the name has at least two characters.
 * (The organisation number's check digit is its field's; that the
 * industry is one of the seeded divisions the caller says with
 * industry_known.) Adds to e; true when nothing was added. */
bool employer_check(const struct employer *e, bool industry_known, struct field_errors *errs);

/* A contact at an employer. Keys (table employer_contacts): id,
 * employer_id, name, role, phone, email, version. */
struct employer_contact {
	int64_t id;
	int64_t employer_id;       /* kept */
	const char *name;          /* required */
	const char *role;          /* optional ("Daglig leder") */
	const char *phone;         /* optional: E.164 (domain/contact.h) */
	const char *email;         /* optional */
	int64_t version;
};

extern const struct fields employer_contact_fields;

/* A pool agreement. Keys (table agreements): id, name, party, starts_on,
 * ends_on, places, terms, notes, version; computed: used, planned, free,
 * employers (how many it covers). */
struct agreement {
	int64_t id;
	const char *name;          /* required */
	const char *party;         /* required: the employer or association that signed */
	struct date starts_on;     /* required */
	struct date ends_on;       /* required, not before starts_on */
	int64_t places;            /* required, 1..10000 */
	const char *terms;         /* optional */
	const char *notes;         /* optional */
	int64_t used;              /* computed: placements under it active today */
	int64_t planned;           /* computed: agreed, not yet started */
	int64_t free;              /* computed: places - used - planned, not below 0 */
	int64_t covered;           /* computed: employers it covers */
	int64_t version;
};

extern const struct fields agreement_fields;

/* The rules of an agreement: the end not before the start. */
bool agreement_check(const struct agreement *a, struct field_errors *e);

/* True when the agreement's period holds day. */
bool agreement_current(const struct agreement *a, struct date day);

/* Free places: places less those used and planned, never below 0. */
int64_t agreement_free(int64_t places, int64_t used, int64_t planned);

/* May one more placement go under an agreement with `places` that has
 * `open` placements under it (used and planned)? */
bool agreement_has_room(int64_t places, int64_t open);

/* An agreement's places against the `open` placements under it (used and
 * planned): not fewer places than placements. Error under "places" naming
 * both figures; true when nothing was added. */
bool agreement_places_check(int64_t places, int64_t open, struct field_errors *e);

/* A placement's period (from..to, both given) inside the agreement's:
 * neither starting before it nor ending after it. The error, under
 * "starts_on" (or "ends_on" when only the end is outside), names both
 * periods (its texts are in a). True when nothing was added. */
bool agreement_period_holds(const struct agreement *ag, struct date from, struct date to, struct arena *a,
			    struct field_errors *e);

/* An agreement's new period (in) against the placements under it: the
 * first day any of them starts (first_start) and the last day any runs to
 * (last_end; either {0} when none). Errors under "starts_on" and
 * "ends_on" naming the placement's day (texts in a). */
bool agreement_period_keeps(const struct agreement *in, struct date first_start, struct date last_end,
			    struct arena *a, struct field_errors *e);

/* An SN2007 industry as the store seeds it: a section ("G") or a division
 * ("47", whose section is "G"). */
struct industry {
	const char *code;
	const char *section;
	const char *name_nb;
	const char *name_en;
};

/* True when code is a division's shape (two ASCII digits). */
bool industry_is_division(const char *code);

/* Conversion: of `concluded` placements with a result, `hired` led to a
 * job. The percentage, rounded to whole percent (halves up); -1 when
 * nothing is concluded. */
int conversion_percent(int64_t concluded, int64_t hired);

/* ---- search ---- */

#define EMPLOYER_MAX_TERMS 12

/* The index terms of an employer: each folded word of the name followed by
 * a space and the name key (one index range gives matches in name order),
 * and the organisation number. Returns the number written (at most
 * EMPLOYER_MAX_TERMS). */
size_t employer_search_terms(const struct employer *e, char terms[][NAME_KEY_MAX]);

#endif
