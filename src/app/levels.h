/*
 * levels.h — Norwegian assessments (domain/levels.h): a participant's
 * history of CEFR levels per skill, and a teacher's or a test's new
 * assessment, which sets the register's level of a skill when it is the
 * latest of that skill's history (decision 35), in one transaction with
 * its audit entry ("assessment.create"). Reads are audited as
 * "levels.read".
 *
 * The history is part of the participant's schooling (PART_SCHOOLING): a
 * contact person and a leader read and write it, a teacher of one of the
 * participant's groups too.
 */
#ifndef SC_APP_LEVELS_H
#define SC_APP_LEVELS_H

#include "app/app.h"
#include "domain/levels.h"
#include "store/store.h"

/* The participant's assessments, by skill then date. */
int app_assessments(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		    struct participant_brief *brief, struct language_assessment **items, size_t *n,
		    struct outcome *out);

/* app_assessments()'s check and audit of levels read with the
 * participant's page (app_participant_overview(), brief as it gave it),
 * without reading the participant again. */
int app_levels_shown(struct db *db, const struct actor *actor, const struct participant_brief *brief,
		     struct outcome *out);

/* The rules of an assessment beyond each field's own, with the facts of
 * the store (the assessor a teacher of the centre, the group one of the
 * participant's), added to e. */
int app_assessment_check(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			 const struct assessment_input *in, struct field_errors *e);

/* Records an assessment (one row per skill given). REFUSED_NOT_FOUND when
 * the actor may not write the participant's schooling; REFUSED_INVALID
 * with the fields. out->version: the skills recorded. */
int app_assessment_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			  struct assessment_input *in, struct outcome *out);

/*
 * Withdraws assessment id of the participant with in's reason (required):
 * kept with who and when, audited "assessment.withdraw", counted nowhere
 * after; the register's level of its skill becomes the latest assessment
 * in force of that skill (none: not assessed). Who may record an
 * assessment for the participant may withdraw one. REFUSED_NOT_FOUND
 * when the actor may not write the participant's schooling or the
 * participant has no such assessment; REFUSED_INVALID with the reason;
 * REFUSED_STATE when it is withdrawn already.
 */
int app_assessment_withdraw(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			    int64_t id, const struct assessment_withdrawal *in, struct outcome *out);

/* One row of a group's progress: a participant enrolled and where they
 * stand (levels_progress()). */
struct group_progress_row {
	int64_t participant_id;
	const char *given_name;
	const char *family_name;
	struct level_progress p;
};

/*
 * A group's progress, for whoever opens its registers (its teachers; the
 * leader but for a health-only group's): a row per participant enrolled
 * (at any time), by family and given name, with their current level per
 * skill, the steps gained since their start in the programme and their
 * latest assessment. *linked: the reader may open each participant.
 * REFUSED_NOT_FOUND for anyone else or no such group.
 */
int app_group_progress(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id,
		       struct group_progress_row **rows, size_t *n, bool *linked, struct outcome *out);

#endif
