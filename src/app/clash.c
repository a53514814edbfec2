/*
 * clash.c — the timetable clash rule of a participant (app/clash.h): the
 * other groups' sessions and the placements' working hours, read
 * from the store and held against a group's sessions by the domain's rule
 * (sessions_first_clash(), placement_timetable_clash()).
 */
#include "app/clash.h"
#include "domain/placement.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

#include <string.h>

/* The first clash of mine with the participant's other groups' sessions:
 * *best the index in mine (SIZE_MAX: none). */
static int
group_clash(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, int64_t group_id,
	    const struct session_time *mine, size_t n, struct enrol_clash *c, size_t *best)
{
	struct group_session *other = NULL;
	size_t nother = 0;
	int rc = store_participant_group_sessions(db, a, centre, participant_id, group_id, mine[0].date,
						  mine[n - 1].date, &other, &nother);
	if (rc != SC_OK || nother == 0)
		return rc;
	struct session_time *ot = arena_alloc(a, nother * sizeof *ot);
	if (ot == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < nother; i++)
		ot[i] = (struct session_time){.date = other[i].on_date, .start = other[i].start_min,
					      .end = other[i].end_min};
	size_t ia = 0, ib = 0;
	if (sessions_first_clash(mine, n, ot, nother, &ia, &ib)) {
		*best = ia;
		*c = (struct enrol_clash){.group = other[ib].group_name, .health_only = other[ib].health_only,
					  .at = ot[ib], .mine = mine[ia]};
	}
	return SC_OK;
}

/* The first clash of mine with the working hours of the participant's
 * placements on the days each holds them (placement_hours_held(): its
 * planned period from negotiation on, or the days it ran when it ended
 * early), if earlier in mine than *best (which it then replaces). */
static int
placement_clash(struct db *db, struct arena *a, int64_t centre, int64_t participant_id,
		const struct session_time *mine, size_t n, struct enrol_clash *c, size_t *best)
{
	struct placement_list list;
	int rc = store_participant_placements(db, a, centre, participant_id, &list);
	if (rc != SC_OK)
		return rc;
	struct date from = mine[0].date, to = mine[n - 1].date;
	for (size_t i = 0; i < list.n; i++) {
		const struct placement *p = &list.items[i];
		struct placement_facts f = placement_facts_of(p);
		struct date held_from, held_to;
		if (!placement_hours_held(&f, &held_from, &held_to) || p->schedule == NULL ||
		    p->schedule[0] == '\0' || !placement_periods_overlap(held_from, held_to, from, to))
			continue;
		struct slot slots[SCHEDULE_MAX_SLOTS];
		size_t nslots = 0;
		char canonical[SCHEDULE_TEXT_MAX];
		if (schedule_parse(p->schedule, slots, &nslots, canonical) != NULL)
			continue;   /* the hours were read when saved */
		struct date pf = date_cmp(held_from, from) > 0 ? held_from : from;
		struct date pt = date_cmp(held_to, to) < 0 ? held_to : to;
		struct session_time work;
		size_t gi = 0;
		if (placement_timetable_clash(slots, nslots, pf, pt, mine, n, &work, &gi) && gi < *best) {
			*best = gi;
			*c = (struct enrol_clash){.placement_id = p->id, .employer = p->employer_name,
						  .schedule = arena_strdup(a, canonical), .at = work, .mine = mine[gi]};
			if (c->schedule == NULL)
				return SC_ENOMEM;
		}
	}
	return SC_OK;
}

int
app_timetable_clash(struct db *db, struct arena *a, int64_t centre, int64_t participant_id, int64_t group_id,
		    const struct session_time *mine, size_t n, struct enrol_clash *c, bool *found)
{
	memset(c, 0, sizeof *c);
	*found = false;
	if (n == 0)
		return SC_OK;
	size_t best = SIZE_MAX;
	int rc = group_clash(db, a, centre, participant_id, group_id, mine, n, c, &best);
	if (rc == SC_OK)
		rc = placement_clash(db, a, centre, participant_id, mine, n, c, &best);
	*found = rc == SC_OK && best != SIZE_MAX;
	return rc;
}

int
app_placement_clash(struct db *db, struct arena *a, int64_t centre, const struct placement *p,
		    struct enrol_clash *c, bool *found)
{
	memset(c, 0, sizeof *c);
	*found = false;
	if (p->schedule == NULL || p->schedule[0] == '\0' || p->starts_on.y == 0 || p->ends_on.y == 0)
		return SC_OK;
	struct slot slots[SCHEDULE_MAX_SLOTS];
	size_t nslots = 0;
	char canonical[SCHEDULE_TEXT_MAX];
	if (schedule_parse(p->schedule, slots, &nslots, canonical) != NULL)
		return SC_OK;   /* said by the record's check */
	struct participant_session *sessions = NULL;
	size_t ns = 0;
	int rc = store_participant_sessions(db, a, centre, p->participant_id, p->starts_on, p->ends_on, &sessions,
					    &ns);
	if (rc != SC_OK || ns == 0)
		return rc;
	struct session_time *times = arena_alloc(a, sizeof *times * ns);
	if (times == NULL)
		return SC_ENOMEM;
	for (size_t i = 0; i < ns; i++)
		times[i] = sessions[i].time;
	struct session_time work;
	size_t gi = 0;
	if (placement_timetable_clash(slots, nslots, p->starts_on, p->ends_on, times, ns, &work, &gi)) {
		*c = (struct enrol_clash){.group = sessions[gi].group, .at = times[gi], .mine = work};
		*found = true;
	}
	return SC_OK;
}

int
app_session_clashes(struct db *db, struct arena *a, int64_t centre, int64_t group_id,
		    const struct session_time *t, struct session_clash **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	int64_t *ids = NULL;
	size_t nids = 0;
	int rc = store_group_enrolled_on(db, a, centre, group_id, t->date, &ids, &nids);
	for (size_t i = 0; rc == SC_OK && i < nids; i++) {
		int64_t contact = 0;
		bool counts = false;
		rc = store_caseload_lock_participant(db, centre, ids[i], &contact, &counts);
		if (rc == SC_ENOTFOUND)
			rc = SC_OK;
	}
	struct date gs, ge;
	int64_t capacity = 0;
	if (rc == SC_OK)
		rc = store_group_lock(db, centre, group_id, &gs, &ge, &capacity);
	/* read again under the group's lock: an enrolment that committed
	 * while the rows above were locked is counted too */
	struct group_enrolment *en = NULL;
	size_t nen = 0;
	if (rc == SC_OK)
		rc = store_group_enrolments(db, a, centre, group_id, &en, &nen);
	if (rc != SC_OK)
		return rc;
	struct session_clash *list = nen > 0 ? arena_alloc(a, nen * sizeof *list) : NULL;
	if (nen > 0 && list == NULL)
		return SC_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < nen; i++) {
		if (en[i].status != ENROL_ENROLLED || date_cmp(en[i].starts_on, t->date) > 0 ||
		    date_cmp(en[i].ends_on, t->date) < 0)
			continue;
		struct enrol_clash c;
		bool found = false;
		rc = app_timetable_clash(db, a, centre, en[i].participant_id, group_id, t, 1, &c, &found);
		if (rc != SC_OK)
			return rc;
		if (found)
			list[k++] = (struct session_clash){.participant_id = en[i].participant_id,
							   .given_name = en[i].given_name,
							   .family_name = en[i].family_name, .c = c};
	}
	*items = list;
	*n = k;
	return SC_OK;
}
