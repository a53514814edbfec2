/*
 * centre.h — the centres of an installation: a centre as it is named, and
 * the figures of one centre that the national analyst compares, declared
 * once (domain/field.h) for the page, its JSON twin and the command line.
 *
 * Figures are counts, never a person: no row of them names or points at
 * a participant.
 */
#ifndef SC_DOMAIN_CENTRE_H
#define SC_DOMAIN_CENTRE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/field.h"

/* A centre. Field keys: id, name. */
struct centre {
	int64_t id;
	const char *name;   /* required: 1-120 bytes of text, unique in the installation */
	int64_t version;    /* out: 1 when made, one more at each change of the name */
};

extern const struct fields centre_fields;

/* The centre a user chooses to work in. Field key: centre. */
struct centre_choice {
	int64_t centre;     /* required */
};

extern const struct fields centre_choice_fields;

/* The figures of one centre (or of all: id 0, the total). Field keys: id,
 * name, active, paused, waiting, exited_this_year, contact_persons. */
struct centre_figures {
	int64_t id;
	const char *name;
	int64_t active;            /* participants in the programme */
	int64_t paused;            /* with their period paused */
	int64_t waiting;           /* on the waiting list */
	int64_t exited_this_year;  /* programme periods that ended this calendar year */
	int64_t contact_persons;   /* active users with the contact role in the centre */
	uint32_t hidden;           /* bit i: field i of centre_figures_fields hidden though from
				    * 5 people or more, so that a hidden one cannot be worked out
				    * (centre_figures_protect()) */
};

extern const struct fields centre_figures_fields;

/* True when the figure fd of centre_figures_fields counts participants
 * (all but the contact persons, who are staff and named in Caseloads):
 * such a figure is shown only from STATS_MIN_PEOPLE, as a report's count
 * (report_cell_shown()). */
bool centre_figure_of_participants(const struct field *fd);

/* Adds every count of one to total (its id and name stay). */
void centre_figures_add(struct centre_figures *total, const struct centre_figures *one);

struct arena;
/* Secondary suppression of the figures of participants (rule A of the
 * reports, report_protect()): each column's centres add up to the total
 * (total), so where one centre's count is hidden (fewer than 5) another is
 * hidden with it, the smallest first, and the total where every centre's
 * is shown but its own is hidden; sets the hidden bits of items and
 * total. SC_ENOMEM when out of memory (then nothing is shown: every
 * figure of participants is hidden). */
int centre_figures_protect(struct centre_figures *items, size_t n, struct centre_figures *total,
			   struct arena *a);

#endif
