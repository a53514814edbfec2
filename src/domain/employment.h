/*
 * employment.h — the result of a placement and the job that follows: hired
 * or not, and if hired on what terms (permanent or temporary, percentage
 * of full time, start, hourly or monthly wage, job title), and the work
 * income a month of that job gives the benefit run (issue 10, section 4;
 * decision 41).
 *
 * A job's income is kept as versions: a gross salary and hours per month
 * from a month on (employment_income); the first is recorded with the
 * result, from the month the job starts, and a new one changes them from
 * its month (a raise, more hours). The month's income is the version in
 * force on the month's first day, or from the month the job starts, scaled
 * by the calendar days of the month the job covers when it starts or ends
 * within it (a job from the 16th of a 30-day month gives 15/30). Money in
 * øre, hours in hundredths, rounded half up. Pure: no I/O, no clock.
 */
#ifndef SC_DOMAIN_EMPLOYMENT_H
#define SC_DOMAIN_EMPLOYMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

/* Hours a month of a full-time job: 37.5 hours a week × 52 / 12 = 162.5
 * (in hundredths). */
#define FULL_TIME_MONTH_CENTI 16250

enum employment_kind { JOB_PERMANENT = 0, JOB_TEMPORARY, JOB_KIND_COUNT };
extern const struct field_option employment_kind_options[JOB_KIND_COUNT];
enum wage_kind { WAGE_HOURLY = 0, WAGE_MONTHLY, WAGE_KIND_COUNT };
extern const struct field_option wage_kind_options[WAGE_KIND_COUNT];
/* Why a job ended (decision 73). */
enum job_end_reason { JOB_RESIGNED = 0, JOB_CONTRACT_ENDED, JOB_DISMISSED, JOB_END_OTHER, JOB_END_REASON_COUNT };
extern const struct field_option job_end_reason_options[JOB_END_REASON_COUNT];

/* The result form of a placement. Keys: hired (required), result_on (not
 * after today; today when not given), result_note; and when hired: kind,
 * percent, job_starts_on, job_ends_on (required for a temporary job),
 * wage_kind, wage_ore, title, gross_ore and hours_centi (per month; taken
 * from the wage and the percentage when not given). */
struct placement_result_input {
	int hired;                   /* 1, 0; -1 not given */
	struct date result_on;
	const char *result_note;
	int kind;                    /* enum employment_kind */
	int64_t percent;             /* 1..100 */
	struct date job_starts_on;
	struct date job_ends_on;
	int wage_kind;               /* enum wage_kind */
	int64_t wage_ore;            /* an hour's or a full-time month's wage */
	const char *title;
	int64_t gross_ore;           /* a month's gross salary */
	int64_t hours_centi;         /* a month's hours × 100 */
};
extern const struct fields placement_result_fields;

/*
 * The rules of a result the types do not hold: the date (today when not
 * given, not after today); when hired, every term of the job (kind,
 * percent, start, wage, title), an end for a temporary job not before the
 * start and none for a permanent one; gross and hours taken from the wage
 * when not given (employment_default_month()). Adds to e.
 */
bool placement_result_check(struct placement_result_input *in, struct date today, struct field_errors *e);

/* A month's gross and hours from the terms: hours = 162.5 × percent / 100;
 * gross = an hourly wage × hours, or a full-time monthly wage × percent /
 * 100; rounded half up. */
void employment_default_month(int wage_kind, int64_t wage_ore, int64_t percent, int64_t *gross_ore,
			      int64_t *hours_centi);

/* A job (table employments). Keys: id, participant_id, placement_id,
 * employer_id, employer_name, kind, percent, starts_on, ends_on, wage_kind,
 * wage_ore, title, end_reason, end_note, version. */
struct employment {
	int64_t id;
	int64_t participant_id;
	int64_t placement_id;
	int64_t employer_id;
	const char *employer_name;   /* computed */
	int kind;
	int64_t percent;
	struct date starts_on;
	struct date ends_on;         /* not given: no end */
	int wage_kind;
	int64_t wage_ore;
	const char *title;
	int end_reason;              /* enum job_end_reason; -1 not ended */
	const char *end_note;
	int64_t version;
};
extern const struct fields employment_fields;

/* A version of a job's income (table employment_income). Keys: id,
 * employment_id, valid_from (the first day of a month), gross_ore,
 * hours_centi, recorded_at, recorded_by, recorded_by_name. A version is
 * never changed: a change of wage or hours is a new version from its
 * month, and the old ones stay as the job's history. */
struct employment_income {
	int64_t id;
	int64_t employment_id;
	struct date valid_from;
	int64_t gross_ore;
	int64_t hours_centi;
	int64_t recorded_at;
	int64_t recorded_by;
	const char *recorded_by_name; /* computed; "" when unknown */
};
extern const struct fields employment_income_fields;

/* The rules of a new version: from the first day of a month, not before
 * the month the job starts, not after it ends. Adds to e. */
bool employment_income_check(const struct employment_income *in, const struct employment *job,
			     struct field_errors *e);

/*
 * Ending a job. Keys: ends_on (required), reason (required), note
 * (required when the reason is other). The last day is not before the
 * first, and not after a last day the job has already (a temporary job's):
 * ending shortens a job, never lengthens it. The month of the last day
 * still counts, in the share of its days the job covered
 * (employment_month_income()); the months after it do not.
 */
struct employment_end {
	struct date ends_on;
	int reason;                  /* enum job_end_reason */
	const char *note;
};
extern const struct fields employment_end_fields;
bool employment_end_check(const struct employment_end *in, const struct employment *job, struct field_errors *e);
/* May the job be ended? NULL when it may; else why not (msgid): it was
 * ended already. */
const char *employment_end_refusal(const struct employment *job);

/*
 * The job's income for month (year, month 1..12) from its versions
 * (ordered by valid_from, then by when they were recorded: the later of
 * two from one month wins): false when the job does not cover any day of
 * the month or no version is in force; else *gross_ore and *hours_centi.
 */
bool employment_month_income(const struct employment *job, const struct employment_income *versions, size_t n,
			     int year, int month, int64_t *gross_ore, int64_t *hours_centi);

#endif
