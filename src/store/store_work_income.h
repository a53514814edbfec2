/*
 * store_work_income.h — a participant's work income as the benefit run
 * reads it. Included by store.h.
 *
 * The internships area records it (a placement's result "hired": the
 * terms, with the gross salary per month and the hours) and implements
 * this; the benefits area deducts it (domain/benefit.h, rule 6). A month's
 * income of a job is its version in force (employment_income: a gross and
 * hours a month from a month on, a new version from the month it changes),
 * scaled by the share of the month's calendar days the job covers when it
 * starts or ends within it (domain/employment.h, decision 41).
 */
#ifndef SC_STORE_WORK_INCOME_H
#define SC_STORE_WORK_INCOME_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

/* A participant's work income for one month. */
struct work_income {
	int64_t participant_id;
	int64_t gross_ore;       /* the month's gross salary */
	int64_t hours_centi;     /* hours worked in the month, in hundredths */
	int64_t source_id;       /* the record it comes from: the employment (the
				  * lowest id of the participant's jobs that month) */
};

/* The work income of the centre's participants for the month (year, month
 * 1..12): of one participant, or of all when participant_id is 0, one
 * entry per participant with income (summed over their jobs), in
 * participant id order. SC_EINVAL for a month out of range. */
int store_work_income_month(struct db *db, struct arena *a, int64_t centre, int year, int month,
			    int64_t participant_id, struct work_income **out, size_t *n);

#endif
