/*
 * levels.c — Norwegian assessments; see levels.h.
 */
#include "app/levels.h"

#include "app/activity.h"
#include "i18n/i18n.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

int
app_assessments(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		struct participant_brief *brief, struct language_assessment **items, size_t *n, struct outcome *out)
{
	*items = NULL;
	*n = 0;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_SCHOOLING), ACT_READ, brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	rc = store_language_assessments(db, a, actor->centre_id, participant_id, items, n);
	if (rc == SC_OK)
		app_audit_read(db, actor, "levels.read", "participant", participant_id);
	return rc;
}

int
app_levels_shown(struct db *db, const struct actor *actor, const struct participant_brief *brief,
		 struct outcome *out)
{
	int rc = app_participant_allowed(db, actor, brief, PART_BIT(PART_SCHOOLING), ACT_READ, out);
	if (rc == SC_OK && out->refusal == DONE)
		app_audit_read(db, actor, "levels.read", "participant", brief->id);
	return rc;
}

int
app_assessment_check(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		     const struct assessment_input *in, struct field_errors *e)
{
	bool assessor_ok = true;
	if (in->assessor_id > 0) {
		struct teacher_choice *t = NULL;
		size_t nt = 0;
		int rc = store_teacher_choices(db, a, actor->centre_id, &t, &nt);
		if (rc != SC_OK)
			return rc;
		assessor_ok = false;
		for (size_t i = 0; i < nt; i++)
			assessor_ok |= t[i].id == in->assessor_id;
	}
	/* not before the participant was born (one not found has no date) */
	struct date born = {0, 0, 0};
	struct participant_brief p;
	int prc = store_participant_brief(db, a, actor->centre_id, participant_id, actor->user_id, &p);
	if (prc != SC_OK && prc != SC_ENOTFOUND)
		return prc;
	if (prc == SC_OK && (p.birth_date == NULL || date_parse(p.birth_date, &born) != SC_OK))
		born = (struct date){0, 0, 0};
	assessment_check(in, assessor_ok, actor->today, born, e);
	if (in->group_id > 0) {
		struct group_enrolment *en = NULL;
		size_t n = 0;
		int rc = store_participant_group_enrolments(db, a, actor->centre_id, participant_id, &en, &n);
		if (rc != SC_OK)
			return rc;
		bool found = false;
		for (size_t i = 0; i < n; i++)
			found |= en[i].group_id == in->group_id;
		if (!found)
			field_error_add(e, "group_id", N_("Choose one of the participant's groups."));
	}
	return SC_OK;
}

int
app_assessment_create(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
		      struct assessment_input *in, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_SCHOOLING), ACT_WRITE, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(assessment_fields, in, &out->errors);
	rc = app_assessment_check(db, a, actor, participant_id, in, &out->errors);
	if (rc != SC_OK)
		return rc;
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	int64_t made = 0, last = 0;
	for (int k = 0; rc == SC_OK && k < SKILL_COUNT; k++) {
		if (in->levels[k] == CEFR_NONE)
			continue;
		struct date latest = {0, 0, 0};
		rc = store_language_latest(db, actor->centre_id, participant_id, (enum cefr_skill)k, &latest);
		struct level_record r = {
			.skill = (enum cefr_skill)k, .level = (enum cefr)in->levels[k], .assessed_on = in->assessed_on,
			.source = LEVEL_SOURCE_ASSESSMENT, .method = assessment_method_options[in->method].key,
			.note = in->note != NULL ? in->note : "",
			.assessor_id = in->assessor_id > 0 ? in->assessor_id : actor->user_id,
			.group_id = in->group_id, .by = actor->user_id, .now = actor->now,
		};
		if (rc == SC_OK)
			rc = store_language_assessment_record(db, actor->centre_id, participant_id, &r, &last);
		/* the latest of the skill's history is the register's level */
		if (rc == SC_OK && (latest.y == 0 || date_cmp(in->assessed_on, latest) >= 0))
			rc = store_participant_set_level(db, a, actor->centre_id, participant_id, (enum cefr_skill)k,
							 (enum cefr)in->levels[k], actor->user_id, actor->now);
		made++;
	}
	if (rc == SC_OK)
		rc = app_audit(db, actor, "assessment.create", "participant", participant_id);
	out->id = participant_id;
	out->version = made;
	return app_end(db, rc, out);
}

int
app_assessment_withdraw(struct db *db, struct arena *a, const struct actor *actor, int64_t participant_id,
			int64_t id, const struct assessment_withdrawal *in, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	struct participant_brief brief;
	int rc = app_participant(db, a, actor, participant_id, PART_BIT(PART_SCHOOLING), ACT_WRITE, &brief, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	fields_check_required(assessment_withdrawal_fields, in, &out->errors);
	if (out->errors.n > 0)
		return app_refuse(out, REFUSED_INVALID, NULL);
	rc = app_begin(db);
	enum cefr_skill skill = SKILL_LISTENING;
	if (rc == SC_OK) {
		rc = store_language_assessment_withdraw(db, actor->centre_id, participant_id, id, in->reason,
							actor->user_id, actor->now, &skill);
		if (rc == SC_ENOTFOUND)
			rc = app_refuse(out, REFUSED_NOT_FOUND, N_("The participant has no such assessment."));
		else if (rc == SC_ECONFLICT)
			rc = app_refuse(out, REFUSED_STATE, N_("This assessment is withdrawn already."));
	}
	/* the register's level is the latest of the skill's history in force */
	enum cefr level = CEFR_NONE;
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_language_current(db, actor->centre_id, participant_id, skill, &level);
	if (rc == SC_OK && out->refusal == DONE)
		rc = store_participant_set_level(db, a, actor->centre_id, participant_id, skill, level, actor->user_id,
						 actor->now);
	if (rc == SC_OK && out->refusal == DONE)
		rc = app_audit(db, actor, "assessment.withdraw", "language_assessment", id);
	out->id = id;
	return app_end(db, rc, out);
}

int
app_group_progress(struct db *db, struct arena *a, const struct actor *actor, int64_t group_id,
		   struct group_progress_row **rows, size_t *n, bool *linked, struct outcome *out)
{
	*rows = NULL;
	*n = 0;
	*linked = false;
	struct group_view v;
	int rc = app_group(db, a, actor, group_id, &v, out);
	if (rc != SC_OK || out->refusal != DONE)
		return rc;
	if (!v.registers)
		return app_refuse(out, REFUSED_NOT_FOUND, NULL);
	struct group_learner *who = NULL;
	size_t nwho = 0;
	rc = store_group_learners(db, a, actor->centre_id, group_id, actor->today, &who, &nwho);
	struct group_level *lv = NULL;
	size_t nlv = 0;
	if (rc == SC_OK)
		rc = store_group_levels(db, a, actor->centre_id, group_id, &lv, &nlv);
	if (rc != SC_OK)
		return rc;
	struct group_progress_row *out_rows = arena_alloc(a, (nwho + 1) * sizeof *out_rows);
	struct level_on *hist = arena_alloc(a, (nlv + 1) * sizeof *hist);
	if (out_rows == NULL || hist == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < nwho; i++) {
		size_t k = 0;
		for (size_t j = 0; j < nlv; j++)
			if (lv[j].participant_id == who[i].participant_id)
				hist[k++] = (struct level_on){lv[j].skill, lv[j].level, lv[j].on};
		out_rows[i] = (struct group_progress_row){who[i].participant_id, who[i].given_name, who[i].family_name,
							  {{0}, 0, {0}}};
		levels_progress(hist, k, who[i].start, &out_rows[i].p);
	}
	*rows = out_rows;
	*n = nwho;
	*linked = !v.names_only;
	return SC_OK;
}
