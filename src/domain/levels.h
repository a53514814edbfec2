/*
 * levels.h — Norwegian assessments: a skill's CEFR level on a date, by an
 * assessor, with the test or method (decision 28's history,
 * language_assessments, extended by decision 35).
 *
 * One assessment gives a level to one or more of the four skills at once
 * (a test such as Norskprøven assesses all four): the form and the API
 * take a date, the assessor, the method, a note and a level per skill.
 * The register's four levels are the latest of each skill's history.
 */
#ifndef SC_DOMAIN_LEVELS_H
#define SC_DOMAIN_LEVELS_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/field.h"
#include "domain/participant.h"

/* The source of a teacher's or a test's assessment (the register's own
 * saves are LEVEL_SOURCE_REGISTER, store_language.h). */
#define LEVEL_SOURCE_ASSESSMENT "assessment"

enum assessment_method {
	METHOD_NORSKPROVEN,   /* Norskprøven, the national test */
	METHOD_PLACEMENT,     /* a placement test (kartleggingsprøve) */
	METHOD_TEACHER,       /* the teacher's judgement */
	METHOD_OTHER,         /* another test: named in the note */
	METHOD_COUNT
};

/* Keys ("norskproven", "placement", "teacher", "other") and labels. */
extern const struct field_option assessment_method_options[METHOD_COUNT];

#define ASSESSMENT_NOTE_MAX 500

/* An assessment as a form or the API gives it. Field keys: assessed_on,
 * assessor_id, method, group_id, listening, reading, speaking, writing,
 * note. */
struct assessment_input {
	struct date assessed_on;     /* required, not after today */
	int64_t assessor_id;         /* a teacher of the centre; not given: who records it */
	int method;                  /* enum assessment_method, required */
	int64_t group_id;            /* the group it was assessed in, 0 = none */
	int levels[SKILL_COUNT];     /* enum cefr per skill; CEFR_NONE: not assessed */
	const char *note;
};

extern const struct fields assessment_fields;

/*
 * The rules of an assessment the types do not hold: the date is not after
 * today nor before the participant's birth date born ({0}: not known); at
 * least one skill has a level; the assessor (when given) is a
 * teacher or health worker of the centre (assessor_ok); a test not named
 * by the method ("other") is named in the note. Adds to e; true when
 * there is nothing to add.
 */
bool assessment_check(const struct assessment_input *in, bool assessor_ok, struct date today, struct date born,
		      struct field_errors *e);

/* An assessment withdrawn (recorded by mistake): the row is kept with
 * who, when and why, and counts nowhere after (issue 9 §4). Field key:
 * reason (required). */
#define ASSESSMENT_WITHDRAW_REASON_MAX 200
struct assessment_withdrawal {
	const char *reason;
};

extern const struct fields assessment_withdrawal_fields;

/* A level as a number for a chart: A1 = 1 .. C1 = 5; 0 for none. */
int cefr_rank(int level);

/* One assessment in force of a skill: its level on a day. */
struct level_on {
	int skill;                 /* enum cefr_skill */
	int level;                 /* enum cefr, not CEFR_NONE */
	struct date on;
};

/* Where a participant stands, for a group's progress: the current level
 * per skill, the steps gained since their start in the programme and the
 * day of their latest assessment. */
struct level_progress {
	int current[SKILL_COUNT];  /* enum cefr; CEFR_NONE: not assessed */
	int steps;                 /* CEFR steps gained, all skills together */
	struct date last;          /* {0}: never assessed */
};

/*
 * The progress of one participant from their assessments in force (a, n:
 * any order) and the start of their programme period (start; {0}: none).
 * A skill's steps are its current level (the latest, by date then order
 * given) less its level at the start: the latest assessment on or before
 * the start, else the first after it; a skill assessed once gained none.
 * A level lower than at the start counts as steps back.
 */
void levels_progress(const struct level_on *a, size_t n, struct date start, struct level_progress *out);

#endif
