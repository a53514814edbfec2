/*
 * store_language.h — Norwegian level assessments (language_assessments,
 * migration 8): each CEFR level a participant was given in a skill, with
 * the date it was assessed, where it came from and who recorded it.
 * Included by store.h.
 *
 * A save of the register that gives a skill a new level records it here in
 * the same transaction (store_participant_create/update, source
 * LEVEL_SOURCE_REGISTER), so the register's four levels are always the
 * latest of each history. Other sources (a teacher's assessment, a test)
 * add rows through store_language_assessment_add() with their own source
 * and a note.
 */
#ifndef SC_STORE_LANGUAGE_H
#define SC_STORE_LANGUAGE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/participant.h"

struct arena;
struct db;

/* Where an assessment came from. */
#define LEVEL_SOURCE_REGISTER "register"   /* a save of the register details */

struct language_assessment {
	int64_t id;
	int skill;                 /* enum cefr_skill */
	int level;                 /* enum cefr (never CEFR_NONE) */
	const char *assessed_on;   /* YYYY-MM-DD */
	const char *source;        /* LEVEL_SOURCE_REGISTER, ... */
	const char *note;          /* "" when none */
	int64_t recorded_by;       /* 0 = unknown (an import without a user, the demo's past) */
	const char *recorded_by_name;  /* "" when unknown */
	int64_t at;                /* when it was recorded */
	/* decision 35: a teacher's or a test's assessment */
	int64_t assessor_id;       /* 0 = not said (the register's saves) */
	const char *assessor_name; /* "" when none */
	const char *method;        /* assessment_method_options key, "" = none */
	int64_t group_id;          /* the group it was assessed in, 0 = none */
	const char *group_name;    /* "" when none */
	/* withdrawn (migration 81): kept, counted nowhere */
	int64_t withdrawn_at;      /* 0 = in force */
	const char *withdrawn_by_name;  /* "" when in force or unknown */
	const char *withdrawn_reason;   /* "" when in force */
};

/* Most assessments one read returns. */
#define LANGUAGE_ASSESSMENTS_MAX 500

/*
 * Records that participant_id of the centre was assessed at level in skill
 * on assessed_on. source is a short key (LEVEL_SOURCE_REGISTER, ...), note
 * free text ("" = none), by the user (0 = none). SC_EINVAL for a skill or
 * level out of range; SC_ENOTFOUND when the participant is not of the
 * centre. Run inside the caller's write transaction. *id may be NULL.
 */
int store_language_assessment_add(struct db *db, int64_t centre, int64_t participant_id,
				  enum cefr_skill skill, enum cefr level, struct date assessed_on,
				  const char *source, const char *note, int64_t by, int64_t now, int64_t *id);

/* The assessments of participant_id of the centre (the withdrawn too,
 * withdrawn_at set), by skill (enum order),
 * then date and id, at most LANGUAGE_ASSESSMENTS_MAX; those of a skill or
 * level this program does not know are left out. *items from the arena. */
int store_language_assessments(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			       struct language_assessment **items, size_t *n);

/* store_language_assessments() without the withdrawn, of skill, level,
 * assessed_on and withdrawn_at only (the rest cleared): the participant's
 * page's. */
int store_language_levels(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
			  struct language_assessment **items, size_t *n);

/* A teacher's or a test's assessment of one skill (decision 35). */
struct level_record {
	enum cefr_skill skill;
	enum cefr level;
	struct date assessed_on;
	const char *source;        /* LEVEL_SOURCE_ASSESSMENT, ... */
	const char *method;        /* assessment_method_options key */
	const char *note;          /* "" = none */
	int64_t assessor_id;       /* 0 = none */
	int64_t group_id;          /* 0 = none */
	int64_t by;                /* who recorded it (0 = none) */
	int64_t now;
};

/* Records r for participant_id of the centre (in the caller's write
 * transaction). SC_EINVAL for a skill or level out of range; SC_ENOTFOUND
 * when the participant is not of the centre. *id may be NULL. */
int store_language_assessment_record(struct db *db, int64_t centre, int64_t participant_id,
				     const struct level_record *r, int64_t *id);

/*
 * Withdraws assessment id of participant_id of the centre, by the user at
 * now, with reason (the row is kept; language_steps and what is counted
 * from them drop it in this transaction, migration 81's trigger). *skill:
 * its skill. SC_ENOTFOUND when no such assessment of the participant;
 * SC_ECONFLICT when it is withdrawn already. In the caller's write
 * transaction.
 */
int store_language_assessment_withdraw(struct db *db, int64_t centre, int64_t participant_id, int64_t id,
				       const char *reason, int64_t by, int64_t now, enum cefr_skill *skill);

/* The level of the latest assessment in force of a skill of the
 * participant (by date, then id): CEFR_NONE when there is none. */
int store_language_current(struct db *db, int64_t centre, int64_t participant_id, enum cefr_skill skill,
			   enum cefr *level);

/* The latest date a skill of the participant was assessed ({0}: never;
 * withdrawn assessments are not counted). */
int store_language_latest(struct db *db, int64_t centre, int64_t participant_id, enum cefr_skill skill,
			  struct date *on);

/*
 * Sets the register's level of a skill (the latest of its history) as a
 * save of the participant: the version goes up by one, and the change log
 * names the field with its old and new value, by and now. Nothing happens
 * when the level is the same. SC_ENOTFOUND when the participant is not of
 * the centre. level CEFR_NONE clears it (no assessment in force is
 * left). Run inside the caller's write transaction.
 */
int store_participant_set_level(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
				enum cefr_skill skill, enum cefr level, int64_t by, int64_t now);

/* One assessment of a participant of a group, for the group's progress. */
struct group_level {
	int64_t participant_id;
	int skill;                 /* enum cefr_skill */
	int level;                 /* enum cefr */
	struct date on;
};

/* The assessments in force of everyone enrolled in the group (at any
 * time), by participant, skill and date, at most 20000. */
int store_group_levels(struct db *db, struct arena *a, int64_t centre, int64_t group_id, struct group_level **items,
		       size_t *n);

/* One participant enrolled in a group, for the group's progress. */
struct group_learner {
	int64_t participant_id;
	const char *given_name;
	const char *family_name;
	struct date start;         /* the start of their latest programme period
				    * begun by today ({0}: none) */
};

/* Everyone enrolled in the group (at any time, once each: those whose
 * assessments store_group_levels() gives), by family name, given name and
 * id, at most 2000. *items and their texts from the arena. */
int store_group_learners(struct db *db, struct arena *a, int64_t centre, int64_t group_id, struct date today,
			 struct group_learner **items, size_t *n);

#endif
