/*
 * plan.h — work plans: goal categories and statuses, goal and step validation, evaluation dates.
 *
 * A participant's work plan (one per programme period) holds their own
 * wishes, the resources assessment done with the mentor ("Of course I can"),
 * the date the participant agreed to it, agreed goals with measurable steps,
 * and evaluation dates. The web form, the JSON API and the demo generator
 * fill the *_form structs with text and call the validators here, so a rule
 * lives in one place.
 *
 * Field keys are the same in the form, the API and the error reports:
 * "wishes", "resources", "agreed_on"; "category", "title", "target_date",
 * "status", "steps" (the count), and for the step in row N (1-based)
 * "step_N", "step_N_due", "step_N_done"; "due_on", "done_on", "note".
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_PLAN_H
#define SC_DOMAIN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/participant.h"   /* struct field_errors */

#define PLAN_TEXT_MAX 8000      /* characters of the wishes, and of the resources */
#define GOAL_TITLE_MAX 200      /* characters of a goal's title */
#define GOAL_STEPS_MAX 20       /* steps of one goal */
#define STEP_TEXT_MAX 300       /* characters of one step's description */
#define EVALUATION_NOTE_MAX 2000 /* characters of an evaluation's note */

enum goal_category {
	GOAL_LANGUAGE = 1,
	GOAL_WORK,
	GOAL_EDUCATION,
	GOAL_HEALTH,
	GOAL_EVERYDAY,          /* everyday life */
};
#define GOAL_CATEGORY_FIRST GOAL_LANGUAGE
#define GOAL_CATEGORY_LAST GOAL_EVERYDAY

enum goal_status {
	GOAL_PLANNED = 1,
	GOAL_IN_PROGRESS,
	GOAL_ACHIEVED,
	GOAL_DROPPED,
};
#define GOAL_STATUS_FIRST GOAL_PLANNED
#define GOAL_STATUS_LAST GOAL_DROPPED

/* Stable keys ("language", ..., "everyday"; "planned", "in_progress",
 * "achieved", "dropped") and English labels (msgids); "" when out of range.
 * The parsers take the key exactly and return 0 or SC_EINVAL. */
const char *goal_category_key(enum goal_category c);
const char *goal_category_label(enum goal_category c);
int goal_category_parse(const char *s, enum goal_category *out);
const char *goal_status_key(enum goal_status s);
const char *goal_status_label(enum goal_status s);
int goal_status_parse(const char *s, enum goal_status *out);
/* The label of a stored key, or the key itself when unknown (never NULL). */
const char *goal_category_label_of(const char *key);
const char *goal_status_label_of(const char *key);

/* ---- the plan ---- */

/* Text as typed (NULL or "" = empty). The validator trims the strings in
 * place, so they must be writable and outlive the struct plan it fills. */
struct plan_form {
	char *wishes;
	char *resources;
	char *agreed_on;        /* YYYY-MM-DD, optional */
};

struct plan {
	const char *wishes;     /* points into the form; "" when empty */
	const char *resources;
	bool has_agreed;
	struct date agreed_on;
};

/*
 * Validates the plan's fields against today; every error goes into *errs
 * (cleared first). Returns 0, or SC_EINVAL when there is one.
 * Rules: wishes and resources are free text (line breaks allowed) of at most
 * PLAN_TEXT_MAX characters, valid UTF-8, no control characters; agreed_on is
 * optional, a real date, not after today.
 */
int plan_validate(struct plan_form *in, struct date today, struct plan *out,
		  struct field_errors *errs);

/* ---- goals and steps ---- */

struct step_form {
	char *description;
	char *due_on;           /* optional */
	char *done_on;          /* optional, not after today */
};

/* A goal as typed. Step rows that are blank in every field are skipped, so
 * a form may offer empty rows; nsteps counts the rows given (at most
 * GOAL_STEPS_MAX rows are read). */
struct goal_form {
	char *category;
	char *title;
	char *target_date;      /* optional */
	char *status;           /* empty = planned */
	size_t nsteps;
	struct step_form steps[GOAL_STEPS_MAX];
};

struct goal_step {
	const char *description;
	bool has_due;
	struct date due;
	bool has_done;
	struct date done;
};

struct goal {
	enum goal_category category;
	const char *title;
	bool has_target;
	struct date target;
	enum goal_status status;
	size_t nsteps;
	struct goal_step steps[GOAL_STEPS_MAX];
};

/*
 * Validates a goal; every error goes into *errs (cleared first). Returns 0
 * or SC_EINVAL. The steps are numbered by their row (step_1 is row 1), so an
 * error lands beside the row that has it.
 * Rules: category one of the five; title required, 1..GOAL_TITLE_MAX characters
 * on one line; target date optional, a real date, not before the start of
 * the programme period (period_start); status one of the four (empty means
 * planned); 1..GOAL_STEPS_MAX steps, each with a description of
 * 1..STEP_TEXT_MAX characters on one line, an optional due date and an optional
 * done date that is not after today.
 */
int goal_validate(struct goal_form *in, struct date period_start, struct date today,
		  struct goal *out, struct field_errors *errs);

/* The field keys of step row `row` (1-based, up to GOAL_STEPS_MAX); NULL
 * when out of range. Static strings. */
const char *goal_step_field(size_t row);
const char *goal_step_due_field(size_t row);
const char *goal_step_done_field(size_t row);

/*
 * Writes the steps as text, one a line: "description | due YYYY-MM-DD |
 * done YYYY-MM-DD" (the date parts only when set), for the goal's history.
 * Returns the length the whole text needs (without the NUL), like
 * snprintf; out (outlen bytes, may be 0) gets as much as fits.
 */
size_t goal_steps_text(const struct goal_step *steps, size_t n, char *out, size_t outlen);

/* What one version of a goal holds, as stored (keys and text). */
struct goal_snapshot {
	const char *category;
	const char *title;
	const char *target_date;   /* NULL or "" = none */
	const char *status;
	const char *steps;         /* goal_steps_text() */
};

/* Bits of goal_changes(). */
#define GOAL_CHANGED_CATEGORY 0x1u
#define GOAL_CHANGED_TITLE 0x2u
#define GOAL_CHANGED_TARGET 0x4u
#define GOAL_CHANGED_STATUS 0x8u
#define GOAL_CHANGED_STEPS 0x10u

/* Which fields differ between two versions of a goal (prev may be NULL:
 * the first version, reported as every field set). */
unsigned goal_changes(const struct goal_snapshot *prev, const struct goal_snapshot *cur);

/* ---- the participant's agreement ---- */

/*
 * The participant agrees to the plan's content: their wishes, the resources
 * assessment and the goals (each goal's category, title and target date,
 * and each step's description and due date). An agreement given before the
 * content changed does not cover what was written after it, so a change to
 * the content clears the agreement until it is given again. Progress is not
 * content: a goal's status (achieved and dropped included) and the dates
 * its steps were done change without touching the agreement.
 */

/* True when saving p over the stored wishes and resources changes them
 * (NULL counts as ""). */
bool plan_text_changed(const char *wishes, const char *resources, const struct plan *p);

/* True when a goal's agreed content differs between before (NULL: the goal
 * is new, which always changes the plan) and after. */
bool goal_content_changed(const struct goal *before, const struct goal *after);

/*
 * Applies the rule to a save of the plan's text. had and agreed are the
 * stored agreement; p is the plan as the save sends it (its agreed_on as
 * typed, usually the stored date shown in the form). When text_changed and
 * the save sends the stored agreement unchanged, p's agreement is cleared
 * and true returned: the participant has not agreed to the new text. A
 * change sent with another date is the agreement given again and stands; a
 * save that changes no text keeps what it sends (set, moved or cleared).
 */
bool plan_agreement_after_save(bool had, struct date agreed, bool text_changed, struct plan *p);

/* ---- evaluations ---- */

/*
 * An evaluation's due date: required, a real date, not before the start of
 * the programme period. Returns 0 with *out set, or SC_EINVAL with *reason
 * (a msgid). raw is trimmed in place.
 */
int plan_evaluation_due_validate(char *raw, struct date period_start, struct date *out,
				 const char **reason);

/*
 * Marking an evaluation done: done_on required, a real date, not after
 * today; note optional free text of at most EVALUATION_NOTE_MAX characters.
 * Errors go into *errs (cleared first) under "done_on" and "note". Returns
 * 0 or SC_EINVAL. Both strings are trimmed in place; *note_out points into
 * note.
 */
int plan_evaluation_done_validate(char *done_on, char *note, struct date today,
				  struct date *done_out, const char **note_out,
				  struct field_errors *errs);

#endif
