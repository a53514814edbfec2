/*
 * task.h — the follow-up tasks after exit: when a participant leaves the
 * programme, their contact person follows up at 6 and 12 months
 * (enrolment.h makes the tasks) and registers each with a result and a
 * note (PART_FOLLOWUP, domain/access.h). Registering the 12-month
 * follow-up ends the contact person's access after the exit
 * (access_followup_ends_contact()).
 *
 * The record and its fields, declared once (domain/field.h): the JSON of a
 * task and the registration (result, note: the fields that are not kept by
 * the product) come from task_fields; what a page shows beside it from
 * task_context_fields. A task is registered once: the second registration
 * is refused by the store (nothing is overwritten).
 */
#ifndef SC_DOMAIN_TASK_H
#define SC_DOMAIN_TASK_H

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
};

/* A follow-up task. Field keys (API, table tasks): id, participant_id,
 * kind, due_on, assignee_id, done_on, done_by, result, note; and of
 * task_context_fields: enrolment_id, assignee_name, done_by_name. */
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
	/* task_context_fields */
	int64_t enrolment_id;       /* the programme period it follows up (0: none) */
	const char *assignee_name;  /* computed */
	const char *done_by_name;   /* computed */
};

/* The fields of a task: its JSON, and the registration (result, note). */
extern const struct fields task_fields;
/* What is read with a task besides: its enrolment and the people's names. */
extern const struct fields task_context_fields;

/* The stored key of a result; NULL outside the enum. */
const char *task_result_key(enum task_result r);

/* The label (msgid) of a task kind as stored: "followup_6m" is "Follow-up
 * 6 months after exit", "followup_12m" "Follow-up 12 months after exit";
 * the key itself when unknown ("" for NULL). */
const char *task_kind_label(const char *kind);

#endif
