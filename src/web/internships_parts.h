/*
 * internships_parts.h — what the internship area's page files share
 * (employers.c, placements.c, evaluations.c, agreements.c and
 * internships.c): list sizes, the placements' labels, JSON and table, the
 * agreements' table, and the answer to a refused command. Other areas use
 * internships.h.
 */
#ifndef SC_WEB_INTERNSHIPS_PARTS_H
#define SC_WEB_INTERNSHIPS_PARTS_H

#include "form.h"
#include "http.h"
#include "resource.h"
#include "app/employer.h"
#include "app/placement.h"

#include <stdbool.h>
#include <stddef.h>

struct actor;

#define EMPLOYERS_PER_PAGE 50
/* An employer's placements on its page, a page at a time (decision 90). */
#define EMPLOYER_PLACEMENTS_PER_PAGE 20
#define PLACEMENTS_PER_PAGE 50
/* The participant's page lists the centre's employers to propose a
 * placement with, up to this many; beyond, the employer's page proposes. */
#define EMPLOYER_CHOICES_MAX 200

/* True when the user's roles may write res. */
static inline bool
internships_may_write(const struct req *r, enum resource res)
{
	return access_allows(r->user.roles, res, ACT_WRITE);
}

/* A refused command: its errors by field in fs's order, answered as JSON
 * or as the page's status (answer_refused_json()). */
int internships_refused(struct req *r, const struct outcome *out, struct form_errors *e, struct fields fs);

/* The first half of a command on placement id: the placement loaded for
 * writing into *p (404 when the actor may not), then the input of fs read
 * into in (cleared first; its errors in e). False when the request is
 * answered already, with *rc the handler's result. */
bool placement_input(struct req *r, const struct actor *actor, int64_t id, struct fields fs, void *in,
		     struct placement *p, struct form_errors *e, int *rc);

/* A placement's derived status, translated. */
const char *placement_status_label(struct req *r, const struct placement *p);
/* "start – end" of a placement ("?" for a missing end); "" when neither. */
const char *placement_period_text(struct req *r, const struct placement *p);
/* The working hours in the reader's language ("man 08:00-15:30, tir ..."
 * in Bokmål) from the canonical text kept; NULL for none. */
const char *placement_schedule_text(struct req *r, const char *canonical);
/* A placement as JSON (its fields). */
json_t *placement_json(const struct placement *p);
/* A table of placements with id ID, the employer's column when asked. */
void placements_table(struct req *r, const char *id, const struct placement_list *pl, bool employer_column);
/* The evaluations of placement id among items (store_evaluations_of():
 * by placement): a list's cell, each the kind and date linked to the
 * placement's evaluations page, a dash for none. */
void placement_evaluations_cell(struct req *r, int64_t id, const struct placement_evaluation *items, size_t n);
/* The same as JSON: an array of the evaluations with the six ratings. */
json_t *placement_evaluations_json(int64_t id, const struct placement_evaluation *items, size_t n);
/* A placement with its evaluations (among items) as JSON. */
json_t *placement_with_evaluations_json(const struct placement *p, const struct placement_evaluation *items,
					size_t n);
/* An employer's page, with the contact form and the placement proposal
 * as posted (NULL: empty) and their errors (employers.c). */
int employer_page(struct req *r, const struct actor *actor, const struct employer *emp,
		  const struct employer_contact *contact_shown, const struct form_errors *contact_errors,
		  const char *propose_value, const struct form_errors *propose_errors);
/* A table of pool agreements. */
void agreements_table(struct req *r, const struct agreement *items, size_t n);

#endif
