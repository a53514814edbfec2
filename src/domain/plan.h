/*
 * plan.h — work plans: the records of a participant's work plan, declared
 * once (domain/field.h), and the rules the types do not hold.
 *
 * A participant's work plan (one per programme period) holds their own
 * wishes, the resources assessment done with the mentor ("Of course I can"),
 * the date the participant agreed to it, agreed goals with measurable steps,
 * and evaluation dates. Every save of the plan is kept as a version, every
 * save of a goal in the goal's history.
 *
 * Each record is a struct and one table of fields: the forms, the API's
 * JSON in and out, the pages' headings and the store's columns come from
 * it. Fields marked FF_HIDDEN are columns the store keeps (a foreign key,
 * who saved) that no request reads and no page or JSON shows.
 *
 * A goal's steps are a list (FT_LIST of struct goal_step). A form gives
 * them as numbered rows — "step_N", "step_N_due", "step_N_done" for row N
 * (goal_step_key()) — and the API as "steps":[{"description", "due_on",
 * "done_on"}]; both are read by goal_steps_read(), and an error of a step
 * is reported under its row's key in either.
 *
 * Reasons and labels are static English msgids (N_()), translated where
 * they are shown.
 */
#ifndef SC_DOMAIN_PLAN_H
#define SC_DOMAIN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"

struct arena;

#define PLAN_TEXT_MAX 8000      /* characters of the wishes, and of the resources */
#define GOAL_TITLE_MAX 200      /* characters of a goal's title */
#define GOAL_STEPS_MAX 20       /* steps of one goal */
#define STEP_TEXT_MAX 300       /* characters of one step's description */
#define EVALUATION_NOTE_MAX 2000 /* characters of an evaluation's note */

/* A goal's category and status: the index of the option in the field's
 * declaration (goal_fields), which holds the stored key and the label. */
enum goal_category { GOAL_LANGUAGE, GOAL_WORK, GOAL_EDUCATION, GOAL_HEALTH, GOAL_EVERYDAY };
enum goal_status { GOAL_PLANNED, GOAL_IN_PROGRESS, GOAL_ACHIEVED, GOAL_DROPPED };

/* The stored key of a category or status ("language", ...; "planned",
 * ...); "" when out of range. */
const char *goal_category_key(enum goal_category c);
const char *goal_status_key(enum goal_status s);

/* Why a change of the plan is refused (msgids, compared by address). */
extern const char *const plan_reason_not_enrolled;   /* no current programme period */
extern const char *const plan_reason_plan_stale;     /* the plan was saved since it was read */
extern const char *const plan_reason_goal_stale;     /* the goal was saved since it was read */
extern const char *const plan_reason_goal_closed;    /* the goal is of an earlier period */
extern const char *const plan_reason_evaluation_held;/* held evaluations are kept */

/* ---- the programme period ---- */

/* The participant's current programme period, as the plan needs it.
 * Fields (table enrolments): id, start_date, planned_end, status. */
struct plan_period {
	int64_t id;
	struct date start_date;
	struct date planned_end;
	const char *status;       /* "active" or "paused"; "exited" for the last period, ended */
	struct date exit_date;    /* "exited": the day the period ended; else not given */
};

extern const struct fields plan_period_fields;

/* ---- the plan ---- */

/*
 * The plan of a period. Fields (form, API, table work_plans), in the order
 * the JSON shows them: participant_id, id, version, wishes, resources,
 * agreed_on, updated_at; kept by the store: enrolment_id, created_at,
 * updated_by, updated_by_name. A form or body gives wishes, resources and
 * agreed_on.
 */
struct work_plan {
	int64_t participant_id;
	int64_t id;               /* 0: not saved yet */
	int64_t version;          /* 0 before the first save */
	const char *wishes;       /* free text, at most PLAN_TEXT_MAX characters */
	const char *resources;    /* free text, at most PLAN_TEXT_MAX characters */
	struct date agreed_on;    /* not given: not agreed; not after today */
	int64_t updated_at;       /* Unix seconds; 0 before the first save */
	int64_t enrolment_id;
	int64_t created_at;
	int64_t updated_by;       /* 0: unknown (a command) */
	const char *updated_by_name;  /* computed; "" when unknown */
};

extern const struct fields work_plan_fields;

/* A plan not saved yet: every text "", version 0. */
void plan_blank(struct work_plan *p, int64_t participant_id, int64_t enrolment_id);

/* The rule of a plan the types do not hold: agreed_on is neither after
 * today nor before the programme period starts (period_start). Adds to e;
 * true when there is nothing to add. */
bool plan_check(const struct work_plan *p, struct date period_start, struct date today, struct field_errors *e);

/*
 * The participant agrees to the plan's content: their wishes, the resources
 * assessment and the goals (each goal's category, title and target date,
 * and each step's description and due date). An agreement given before the
 * content changed does not cover what was written after it, so a change to
 * the content clears the agreement until it is given again. Progress is not
 * content: a goal's status (achieved and dropped included) and the dates
 * its steps were done change without touching the agreement.
 */

/* True when saving p over stored changes the wishes or resources (NULL
 * counts as ""). */
bool plan_text_changed(const struct work_plan *stored, const struct work_plan *p);

/*
 * Applies the rule to a save of the plan's text. stored_agreed is the
 * stored agreement (not given: none); p is the plan as the save sends it
 * (its agreed_on as typed, usually the stored date shown in the form). When
 * text_changed and the save sends the stored agreement unchanged, p's
 * agreement is cleared and true returned: the participant has not agreed to
 * the new text. A change sent with another date is the agreement given
 * again and stands; a save that changes no text keeps what it sends (set,
 * moved or cleared).
 */
bool plan_agreement_after_save(struct date stored_agreed, bool text_changed, struct work_plan *p);

/* ---- the plan's saved versions ---- */

/* One saved version of the plan's text. Fields (table work_plan_versions):
 * version, saved_at, saved_by_name, agreed_on, wishes, resources, saved_by;
 * kept: plan_id. */
struct plan_version {
	int64_t version;
	int64_t saved_at;
	const char *saved_by_name;  /* computed; "" when unknown */
	struct date agreed_on;
	const char *wishes;
	const char *resources;
	int64_t saved_by;           /* 0: unknown */
	int64_t plan_id;
};

extern const struct fields plan_version_fields;

/* The plan as the version kept it: its version, text and agreement. */
void plan_of_version(const struct plan_version *v, struct work_plan *out);

/* ---- goals and their steps ---- */

/*
 * One step of a goal, an item of the goal's "steps". Fields (JSON, table
 * goal_steps): description, due_on, done_on — what a form row and a JSON
 * step give, the first GOAL_STEP_INPUTS — and kept by the store: goal_id,
 * participant_id, ord.
 */
struct goal_step {
	const char *description;  /* required, one line, at most STEP_TEXT_MAX characters */
	struct date due_on;       /* optional */
	struct date done_on;      /* optional, not after today */
	int64_t goal_id;
	int64_t participant_id;
	int64_t ord;              /* 1-based place in the goal */
	size_t row;               /* not stored: the row it was read from (1-based), for errors */
};

#define GOAL_STEP_INPUTS 3

extern const struct fields goal_step_fields;

/*
 * A goal. Fields (form, API, table goals), in the order the JSON shows
 * them: id, participant_id, category, title, target_date, status, version,
 * created_at, updated_at, steps; kept by the store: plan_id. A form or body
 * gives category, title, target_date, status and steps.
 */
struct goal {
	int64_t id;
	int64_t participant_id;
	int category;             /* enum goal_category; -1 not given */
	const char *title;        /* required, one line, at most GOAL_TITLE_MAX characters */
	struct date target_date;  /* optional, not before the period starts */
	int status;               /* enum goal_status; -1 not given (planned) */
	int64_t version;
	int64_t created_at;
	int64_t updated_at;
	int64_t plan_id;
	struct field_list steps;  /* 1..GOAL_STEPS_MAX struct goal_step */
};

/* The places of goal_fields, for a page that shows one of them. */
enum goal_field {
	GOAL_F_ID, GOAL_F_PARTICIPANT_ID, GOAL_F_CATEGORY, GOAL_F_TITLE, GOAL_F_TARGET_DATE,
	GOAL_F_STATUS, GOAL_F_VERSION, GOAL_F_CREATED_AT, GOAL_F_UPDATED_AT, GOAL_F_PLAN_ID,
	GOAL_F_STEPS, GOAL_F_COUNT
};

extern const struct fields goal_fields;
/* goal_fields without its steps (the last field), which goal_steps_read()
 * reads: what input_read() reads of a goal. */
extern const struct fields goal_head_fields;
/* The fields a change of a goal writes: category, title, target_date,
 * status. */
extern const struct fields goal_content_fields;

/* The form name of input k (0 .. GOAL_STEP_INPUTS-1, in goal_step_fields'
 * order) of the step in row (1 .. GOAL_STEPS_MAX): "step_3", "step_3_due",
 * "step_3_done". NULL when out of range. Static text. */
const char *goal_step_key(size_t row, size_t k);
/* The label of input k in a form row, "%d" taking the row's number:
 * "Step %d", "Step %d: due by", "Step %d: done on" (msgids). */
const char *goal_step_row_label(size_t k);

/* A step as typed: the text of each input, in goal_step_fields' order
 * (NULL is ""). */
struct goal_step_text {
	const char *text[GOAL_STEP_INPUTS];
};

/*
 * Reads a goal's steps from the rows given (a form's rows, or a JSON
 * body's steps; rows[i] is row i + 1). Rows blank in every input are
 * skipped, so a form may offer empty rows. Each value is read as its field
 * declares, and a row with dates but no description is refused; an error
 * is added under the row's key (goal_step_key()). More than GOAL_STEPS_MAX
 * rows is an error of "steps" (the first GOAL_STEPS_MAX are read). Strings
 * are copied into the arena. g->steps gets the steps read; true when every
 * row was read.
 */
bool goal_steps_read(struct goal *g, const struct goal_step_text *rows, size_t n, struct arena *a,
		     struct field_errors *e);

/*
 * The rules of a goal the types do not hold: a category, a title and a
 * step are required; the target date is not before the period's start
 * (period_start); no step is done after today or before the period
 * starts. A status not given becomes
 * planned (in g). Adds to e; true when there is nothing to add.
 */
bool goal_check(struct goal *g, struct date period_start, struct date today, struct field_errors *e);

/* True when a goal's agreed content differs between before (NULL: the goal
 * is new, which always changes the plan) and after: category, title,
 * target date, each step's description and due date. */
bool goal_content_changed(const struct goal *before, const struct goal *after);

/*
 * Writes the steps as text, one a line: "description | due YYYY-MM-DD |
 * done YYYY-MM-DD" (the date parts only when set), for the goal's history.
 * Returns the length the whole text needs (without the NUL), like
 * snprintf; out (outlen bytes, may be 0) gets as much as fits.
 */
size_t goal_steps_text(const struct goal_step *steps, size_t n, char *out, size_t outlen);

/* One line of goal_steps_text() read back, for a page to say in its
 * reader's words: the description (description_len bytes of the line) and
 * its dates (y == 0 where the line has none). */
struct goal_step_line {
	const char *description;
	size_t description_len;
	struct date due_on;
	struct date done_on;
};
/* Reads line (len bytes, without its newline) into out. A line not of that
 * shape is all description. */
void goal_step_line_read(const char *line, size_t len, struct goal_step_line *out);

/* ---- a goal's history ---- */

/*
 * One version of a goal, as it was saved. Fields (API, table
 * goal_history), in the order the JSON shows them: version, changed_at,
 * changed_by, changed_by_name, category, title, target_date, status, steps
 * (goal_steps_text()); kept: goal_id.
 */
struct goal_version {
	int64_t version;
	int64_t changed_at;
	int64_t changed_by;       /* 0: unknown */
	const char *changed_by_name;  /* computed; "" when unknown */
	int category;
	const char *title;
	struct date target_date;
	int status;
	const char *steps;
	int64_t goal_id;
};

extern const struct fields goal_version_fields;
/* The fields two versions are compared by, in order: category, title,
 * target_date, status, steps. */
extern const struct fields goal_version_content;

/* The version a save of g writes (its steps as text in the arena); NULL
 * steps when out of memory. */
void goal_version_of(const struct goal *g, struct arena *a, struct goal_version *out);

/* Which fields of goal_version_content differ between two versions (bit i
 * for field i); prev NULL (the first version): every one. */
unsigned goal_changes(const struct goal_version *prev, const struct goal_version *cur);

/* ---- evaluations ---- */

/*
 * An evaluation date of the plan. Fields (API, table plan_evaluations):
 * id, due_on, done_on, note; kept: plan_id, participant_id.
 */
struct plan_evaluation {
	int64_t id;
	struct date due_on;       /* required, not before the period starts */
	struct date done_on;      /* not given: not held yet; not after today */
	const char *note;         /* "" when none; at most EVALUATION_NOTE_MAX characters */
	int64_t plan_id;
	int64_t participant_id;
};

extern const struct fields plan_evaluation_fields;
/* What adding an evaluation date reads: due_on (required). */
extern const struct fields evaluation_new_fields;
/* What marking an evaluation held reads: done_on (required) and note. */
extern const struct fields evaluation_done_fields;

/* The rule of a new evaluation date: not before the period's start.
 * Adds to e; true when there is nothing to add. */
bool evaluation_due_check(const struct plan_evaluation *ev, struct date period_start,
			  struct field_errors *e);
/* The rule of an evaluation held: done_on is given, not after today and
 * not before the programme period starts (period_start). Adds to e; true
 * when there is nothing to add. */
bool evaluation_done_check(const struct plan_evaluation *ev, struct date period_start, struct date today,
			   struct field_errors *e);

#endif
