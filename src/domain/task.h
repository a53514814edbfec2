/*
 * task.h — the follow-up tasks after exit: when a participant leaves the
 * programme, their contact person follows up at 6 and 12 months
 * (enrolment.h makes the tasks) and registers each with a result and a
 * note (PART_FOLLOWUP, domain/access.h), the 12-month one after the
 * 6-month one. Registering the last of them ends the contact person's
 * access after the exit (access_followup_ends_contact()).
 *
 * The record and its fields, declared once (domain/field.h): the JSON of a
 * task and the registration (result, note: the fields that are not kept by
 * the product) come from task_fields; what a page shows beside it from
 * task_context_fields. A task is registered once: the second registration
 * is refused by the store (nothing is overwritten).
 */
#ifndef SC_DOMAIN_TASK_H
#define SC_DOMAIN_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

/* The kind of a task: the index of the option in the kind field. */
enum task_kind {
	TASK_FOLLOWUP_6M = 0,    /* "followup_6m" */
	TASK_FOLLOWUP_12M,       /* "followup_12m" */
};

/* The result registered: the exit outcomes and "unknown" (the person could
 * not be reached); the index of the option in the result field. */
enum task_result {
	TASK_RESULT_EMPLOYED_FULL = 0,
	TASK_RESULT_EMPLOYED_PART,
	TASK_RESULT_EDUCATION,
	TASK_RESULT_OTHER_PROGRAMME,
	TASK_RESULT_MOVED,
	TASK_RESULT_DROPPED_OUT,
	TASK_RESULT_OTHER,
	TASK_RESULT_UNKNOWN,
	TASK_RESULT_UNEMPLOYED,  /* "unemployed": at follow-up only (migration 19) */
};

/* Where the result came from: the index of the option in the source field. */
enum task_source {
	TASK_SOURCE_PARTICIPANT = 0,   /* "participant" */
	TASK_SOURCE_EMPLOYER,          /* "employer" */
	TASK_SOURCE_REGISTER,          /* "register": a register lookup */
};

/* A follow-up task. Field keys (API, table tasks): id, participant_id,
 * kind, due_on, assignee_id, done_on, done_by, result, note; and of
 * task_context_fields: enrolment_id, assignee_name, done_by_name. The
 * result's part_time_percent (1..99, only for "employed_part", where it is
 * required), source (required: where the status comes from) and result_on
 * (the day the status held; the day of registration when not given) were
 * added by issue 12. */
struct task {
	int64_t id;
	int64_t participant_id;
	int kind;                   /* enum task_kind */
	struct date due_on;
	int64_t assignee_id;        /* 0: nobody */
	struct date done_on;        /* not given while open */
	int64_t done_by;            /* 0 while open */
	int result;                 /* enum task_result; required to register, -1 while open */
	const char *note;           /* at most FIELD_TEXT_MAX characters */
	int64_t part_time_percent;  /* FIELD_NONE unless employed part-time */
	int source;                 /* enum task_source; -1 not given */
	struct date result_on;      /* the day the status held; not given: done_on */
	/* task_context_fields */
	int64_t enrolment_id;       /* the programme period it follows up (0: none) */
	const char *assignee_name;  /* computed */
	const char *done_by_name;   /* computed */
};

/* The fields of a task: its JSON, and the registration (result, note). */
extern const struct fields task_fields;
/* What is read with a task besides: its enrolment and the people's names. */
extern const struct fields task_context_fields;

/* What a registration is checked against besides its own fields: today,
 * and the programme period the task follows up. */
struct task_when {
	struct date today;
	struct date exit_date;        /* the period's exit; y == 0: not known */
	int kind;                     /* enum task_kind of the task registered */
	bool earlier_open;            /* the 12-month task: its period's 6-month one is open */
	struct date earlier_result_on; /* the 12-month task: the day the 6-month status held (y == 0: none) */
};

/*
 * The rules of a registration that the types do not hold: a part-time
 * result needs its percentage ("part_time_percent"), another result has
 * none; the day the status held ("result_on") is neither after today nor
 * before the exit, and at 12 months not before the status at 6 months;
 * the 12-month follow-up is registered after the 6-month one ("result"):
 * a follow-up says how someone fares after leaving, in order. Adds errors
 * to e; true when there are none.
 */
bool task_result_check(const struct task *t, const struct task_when *w, struct field_errors *e);

/* True when t is a 12-month follow-up whose period's 6-month follow-up,
 * among the n tasks of all (the participant's), is not registered yet:
 * it waits for that one (task_result_check()). */
bool task_earlier_open(const struct task *t, const struct task *all, size_t n);

/* The stored key of a result; NULL outside the enum. */
const char *task_result_key(enum task_result r);

/* The label (msgid) of a task kind as stored: "followup_6m" is "Follow-up
 * 6 months after exit", "followup_12m" "Follow-up 12 months after exit";
 * the key itself when unknown ("" for NULL). */
const char *task_kind_label(const char *kind);

#endif
