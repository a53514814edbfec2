/*
 * demo.c — `secondchance demo`: a believable, deterministic centre; see
 * demo.h.
 *
 * How a run goes:
 *  1. Staff: the programme leader, contact persons, teachers, health
 *     workers, an employer liaison and a finance officer per centre (one
 *     centre of eight contact persons, or as many as the scale needs), all
 *     with one password hashed once with Argon2id like `user add`.
 *  2. Fates: every participant gets one (in the programme, paused, waiting,
 *     offered, newly referred, ineligible, declined, withdrawn, exited) in
 *     the default centre's proportions, shuffled by the seed.
 *  3. Time: each participant's referral date is drawn from their own random
 *     stream; ids follow referral dates, so older people have smaller ids,
 *     as in a register that grew over three years.
 *  4. Histories: for each participant in id order, from their own stream
 *     again: the register details (read through the register's declared
 *     fields and checked by participant_check(), exactly as a form's), the
 *     referral with its screening (through
 *     eligibility_screen()) and events, and for those enrolled the period,
 *     contact persons, work plan, goals and steps, evaluations, meetings,
 *     health notes and the follow-up tasks after exit.
 *  5. Activities (demo_activities.c): each staff group's groups, teachers,
 *     timetables and sessions, made after the staff.
 * Rows go to the bulk loader (store_demo.h) in groups of whole histories.
 *
 * This file is the run (steps 2 and 3, and putting it together); the staff
 * and who each participant is (their register details, their referral)
 * are demo_people.c, the rest of a history demo_history.c; the three share
 * demo_parts.h.
 *
 * Random numbers (demo_parts.h): splitmix64 seeds xoshiro256**; each
 * participant has its own stream (seed, index), so one person's data does
 * not depend on how many numbers another one drew.
 */
#include "cli/demo_parts.h"
#include "cli/demo_benefits.h"
#include "cli/demo_reports.h"

#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/authrules.h"
#include "domain/intake.h"
#include "domain/participant.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/password.h"
#include "util/timeutil.h"
#include "util/token.h"

/* The default centre; a scale keeps the proportions. */
static const int default_fates[F_COUNT] = {127, 3, 60, 3, 5, 9, 7, 6, 323};
#define DEFAULT_TOTAL 543

static int
fail(struct gen *g, int rc, const char *what)
{
	snprintf(g->err, g->errlen, "%s: %s (%s)", what, g->db ? store_errmsg(g->db) : "",
		 sc_strerror(rc));
	return rc;
}

/* ---- timelines ---- */

static void
draw_timeline(struct rng *r, enum fate f, int64_t T, struct timeline *tl)
{
	memset(tl, 0, sizeof *tl);
	switch (f) {
	case F_ACTIVE:
	case F_PAUSED:
		tl->start = T - rng_range(r, 3, 720);
		tl->referred = tl->start - rng_range(r, 45, 330);
		tl->screened = tl->referred + rng_range(r, 5, 20);
		tl->offered = tl->start - rng_range(r, 10, 25);
		tl->answered = tl->offered + rng_range(r, 1, 7);
		break;
	case F_EXITED:
		tl->start = T - rng_range(r, 220, HISTORY_DAYS);
		tl->referred = tl->start - rng_range(r, 45, 330);
		tl->screened = tl->referred + rng_range(r, 5, 20);
		tl->offered = tl->start - rng_range(r, 10, 25);
		tl->answered = tl->offered + rng_range(r, 1, 7);
		tl->completer = rng_pct(r, 82);
		tl->exit = tl->start + (tl->completer ? rng_range(r, 600, 790) : rng_range(r, 40, 420));
		if (tl->exit > T - 7)
			tl->exit = max64(tl->start + 30, T - rng_range(r, 7, 60));
		break;
	case F_WAITING:
		tl->referred = T - rng_range(r, 7, 540);
		tl->screened = min64(tl->referred + rng_range(r, 5, 20), T - 1);
		break;
	case F_OFFERED:
		tl->referred = T - rng_range(r, 60, 400);
		tl->screened = tl->referred + rng_range(r, 5, 20);
		tl->offered = T - rng_range(r, 1, 12);
		break;
	case F_REFERRED:
		tl->referred = T - rng_range(r, 0, 20);
		break;
	case F_INELIGIBLE:
		tl->referred = T - rng_range(r, 20, 1000);
		tl->screened = min64(tl->referred + rng_range(r, 5, 20), T);
		break;
	case F_DECLINED:
		tl->referred = T - rng_range(r, 90, 1000);
		tl->screened = tl->referred + rng_range(r, 5, 20);
		tl->offered = min64(tl->screened + rng_range(r, 30, 300), T - 3);
		tl->answered = min64(tl->offered + rng_range(r, 1, 14), T);
		break;
	case F_WITHDRAWN:
	default:
		tl->referred = T - rng_range(r, 30, 1000);
		tl->screened = tl->referred + rng_range(r, 5, 20);
		tl->answered = min64(tl->screened + rng_range(r, 5, 200), T);
		break;
	}
	tl->planned_start = tl->referred + rng_range(r, 30, 120);
}

static int
gen_participant_in(struct gen *g, int64_t rank, struct arena *a)
{
	uint32_t idx = g->order[rank];
	enum fate f = (enum fate)g->fate[idx];
	int64_t pid = g->pid_base + rank;
	int64_t T = g->T;
	struct rng r;
	rng_seed(&r, g->o->seed, STREAM_PERSON + idx);
	struct timeline tl;
	draw_timeline(&r, f, T, &tl);

	/* Contact persons. */
	struct contacts who = {0, 0, 0};
	unsigned profile = PR_NONE;
	bool enrolled = f == F_ACTIVE || f == F_PAUSED || f == F_EXITED;
	bool force_tasks = false;
	int k = g->ncontacts;
	if (f == F_ACTIVE || f == F_PAUSED) {
		who.final = g->slots[g->next_slot++];
		if (who.final == 0) {
			/* kontakt1: make every Today section show something. */
			static const unsigned plan[] = {PR_MEET_TODAY, PR_MEET_TODAY, PR_MEET_TODAY,
				PR_NO_CONTACT, PR_NO_CONTACT, PR_NO_CONTACT, PR_EVAL_DUE, PR_EVAL_DUE,
				PR_STEP_OVERDUE, PR_STEP_OVERDUE | PR_EVAL_DUE};
			if (f == F_ACTIVE && g->k1_seen < NELEM(plan))
				profile = plan[g->k1_seen++];
		}
	} else if (f == F_EXITED) {
		/* A former contact person followed only those who left before
		 * they did. */
		bool former = g->nformer > 0 && rng_pct(&r, 25);
		who.final = former ? k + (int)rng_below(&r, (uint32_t)g->nformer)
				   : (int)rng_below(&r, (uint32_t)k);
		if (former && tl.exit >= T - FORMER_LEFT_DAYS)
			who.final = (int)rng_below(&r, (uint32_t)k);
		/* kontakt1 gets a few follow-ups due about now, and a few a month
		 * or more late (Today's late follow-ups). */
		if (g->k1_tasks < 3 || g->k1_late < 3) {
			bool soon = false, late = false;
			for (int i = 0; i < ENROLMENT_NFOLLOWUPS; i++) {
				int64_t due = day_of(enrolment_followup_due(date_of(tl.exit), i));
				soon |= g->k1_tasks < 3 && due >= T - 20 && due <= T + 3;
				late |= g->k1_late < 3 && due >= T - 100 && due <= T - 40;
			}
			if (soon || late) {
				who.final = 0;
				force_tasks = true;
			}
			g->k1_tasks += soon;
			g->k1_late += late && !soon;
		}
	}
	if (enrolled && tl.start > 0) {
		int64_t end = tl.exit > 0 ? tl.exit : T;
		if (end - tl.start > 120 && rng_pct(&r, 12)) {
			who.first = (int)rng_below(&r, (uint32_t)(k + g->nformer));
			if (who.first == who.final)
				who.first = (who.final + 1) % (k + g->nformer);
			who.switch_day = tl.start + rng_range(&r, 30, (int)(end - tl.start - 30));
		} else {
			who.first = who.final;
		}
	}
	int centre = enrolled ? (int)(who.final % k) / CONTACTS_PER_CENTRE
			      : (int)rng_below(&r, (uint32_t)g->ncentres);
	if (centre >= g->ncentres)
		centre = g->ncentres - 1;
	int64_t leader = g->leader_ids[centre];

	struct person ps;
	int rc = make_person(g, &r, &tl, f, centre, a, &ps);
	if (rc != SC_OK)
		return rc;
	memset(ps.gain, 0, sizeof ps.gain);
	ps.assessed.n = 0;
	ps.period_start = 0;
	ps.period_exit = 0;

	/* The participant row waits in memory, so it can be written with the
	 * last status change once the history is known. */
	int64_t rid = 0, referral_changed = 0;
	rc = write_referral(g, &r, pid, f, &tl, &ps, leader, &rid, &referral_changed);
	if (rc != SC_OK)
		return rc;
	const char *status;
	int64_t contact_id = 0, contact_until = 0;
	int64_t updated = referral_changed;
	if (enrolled) {
		struct enrol_ctx e;
		memset(&e, 0, sizeof e);
		e.pid = pid;
		e.eid = next_id(g, DEMO_ENROLMENTS);
		e.rid = rid;
		e.f = f;
		e.tl = &tl;
		e.ps = &ps;
		e.who = who;
		e.leader = leader;
		e.centre = centre;
		e.profile = profile;
		/* Followed after exit by a contact person who has left since: a
		 * colleague of theirs took over the day they left. */
		e.successor = -1;
		if (who.final >= k) {
			e.successor = centre * CONTACTS_PER_CENTRE + (int)(idx % (CONTACTS_PER_CENTRE - 1));
			if (day_of(access_contact_until(date_of(tl.exit))) >= T - FORMER_LEFT_DAYS)
				e.handover = T - FORMER_LEFT_DAYS;
		}
		rc = write_enrolment(g, &r, &e);
		if (rc == SC_OK) {
			/* groups, marks and assessments: they lower the level
			 * registered at intake by what the classes added */
			struct demo_act_person ap = {pid, centre, ps.centre_id, tl.start,
						     tl.exit > 0 ? tl.exit : e.pause_from, e.paused_from, e.resumed,
						     g->contact_ids[who.final], {0}};
			memcpy(ap.levels, ps.p.cefr, sizeof ap.levels);
			rc = demo_act_participant(g->act, &ap, ps.gain, &ps.assessed);
			ps.period_start = tl.start;
			ps.period_exit = tl.exit;
		}
		if (rc == SC_OK && tl.exit > 0)
			rc = write_tasks(g, &r, &e, force_tasks);
		if (rc == SC_OK)
			rc = demo_internships_person(g->interns, idx, pid, centre, ps.centre_id, tl.start, tl.exit,
						     e.pause_from, tl.exit > 0 ? (int)e.outcome : -1, g->contact_ids[who.final]);
		if (rc != SC_OK)
			return rc;
		status = f == F_PAUSED ? "paused" : tl.exit > 0 ? "exited" : "active";
		contact_id = g->contact_ids[e.handover > 0 ? e.successor : who.final];
		contact_until = tl.exit > 0 ? e.contact_until : 0;
		updated = max64(updated, e.last_change);
		if (f == F_EXITED)
			g->rep->exited++;
		else
			g->rep->active++;
	} else {
		static const enum referral_state st[F_COUNT] = {
			[F_WAITING] = REFERRAL_WAITING, [F_OFFERED] = REFERRAL_OFFERED,
			[F_REFERRED] = REFERRAL_NEW, [F_INELIGIBLE] = REFERRAL_INELIGIBLE,
			[F_DECLINED] = REFERRAL_DECLINED, [F_WITHDRAWN] = REFERRAL_WITHDRAWN};
		status = referral_participant_status(st[f], false);
		if (f == F_WAITING)
			g->rep->waiting++;
	}
	g->rep->participants++;
	int64_t created = moment(&r, tl.referred) - 600;
	return write_participant(g, pid, &ps, status, contact_id, created, max64(updated, created),
				 leader, contact_until);
}

/* One participant's whole history; their register details' strings in an
 * arena of their own (the rows copy what they write). */
static int
gen_participant(struct gen *g, int64_t rank)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return SC_ENOMEM;
	int rc = gen_participant_in(g, rank, a);
	arena_free(a);
	return rc;
}

/* ---- putting it together ---- */

/* Loads per contact person (the first gets a full caseload of 18), each
 * within the person's cap, summing to nslots. */
static void
plan_loads(struct gen *g, struct rng *r, int *load)
{
	int k = g->ncontacts;
	int64_t left = g->nslots;
	for (int i = 0; i < k; i++)
		load[i] = 0;
	load[0] = (int)min64(left, g->contact_cap[0]);
	left -= load[0];
	/* Even shares first, then random moves for variety. */
	for (int i = 1; i < k && left > 0; i++) {
		int64_t share = (left + (k - i) - 1) / (k - i);
		load[i] = (int)min64(share, g->contact_cap[i]);
		left -= load[i];
	}
	for (int i = 1; left > 0 && i < k; i++) {
		int more = (int)min64(left, g->contact_cap[i] - load[i]);
		load[i] += more;
		left -= more;
	}
	for (int m = 0; m < 2 * k && k > 2; m++) {
		int a = rng_range(r, 1, k - 1), b = rng_range(r, 1, k - 1);
		if (a != b && load[a] > 10 && load[b] < g->contact_cap[b]) {
			load[a]--;
			load[b]++;
		}
	}
}

/* Refuses to load twice: the demo's own user names must be free. (Other
 * clashes would stop the load at its end, with nothing written.) */
static int
check_names_free(struct gen *g)
{
	static const char *const names[] = {DEMO_LEADER_USER, DEMO_CONTACT_USER, "laerer1",
					    "psykolog", "sykepleier", "arbeidsliv", "okonomi",
					    DEMO_ANALYST_USER};
	struct arena *a = arena_new();
	if (a == NULL)
		return SC_ENOMEM;
	int rc = SC_OK;
	for (int i = 0; i < NELEM(names) && rc == SC_OK; i++) {
		struct user u;
		int r = store_user_by_username(g->db, a, names[i], false, &u);
		if (r == SC_OK) {
			snprintf(g->err, g->errlen,
				 "the user name %s is taken: the demo seems to be loaded already",
				 names[i]);
			rc = SC_ECONFLICT;
		} else if (r != SC_ENOTFOUND) {
			rc = fail(g, r, "cannot look up user names");
		}
	}
	arena_free(a);
	return rc;
}

static void
free_gen(struct gen *g)
{
	demo_internships_end(g->interns, &g->rep->employer_id, &g->rep->employer_placements);
	free(g->contact_ids);
	free(g->contact_cap);
	free(g->leader_ids);
	free(g->psych_ids);
	free(g->nurse_ids);
	free(g->group_centre);
	free(g->fate);
	free(g->order);
	free(g->slots);
	free(g->nin_next[0]);
	free(g->nin_next[1]);
}

/* Fates in the default proportions, shuffled; ids ordered by referral
 * date; contact persons' slots for the active. */
static int
plan_participants(struct gen *g)
{
	int64_t n = g->n;
	int64_t counts[F_COUNT];
	int64_t sum = 0;
	for (int f = 0; f < F_COUNT; f++) {
		counts[f] = g->o->scale > 0 ? n * default_fates[f] / DEFAULT_TOTAL : default_fates[f];
		sum += counts[f];
	}
	counts[F_EXITED] += n - sum;
	g->fate = malloc((size_t)n);
	g->order = malloc((size_t)n * sizeof *g->order);
	if (g->fate == NULL || g->order == NULL)
		return SC_ENOMEM;
	int64_t at = 0;
	for (int f = 0; f < F_COUNT; f++)
		for (int64_t i = 0; i < counts[f]; i++)
			g->fate[at++] = (uint8_t)f;
	struct rng r;
	rng_seed(&r, g->o->seed, STREAM_FATES);
	for (int64_t i = n - 1; i > 0; i--) {
		int64_t j = (int64_t)(((rng_next(&r) >> 11) * (uint64_t)(i + 1)) >> 53);
		uint8_t t = g->fate[i];
		g->fate[i] = g->fate[j];
		g->fate[j] = t;
	}
	/* Counting sort by referral day (stable by index). */
	int64_t lo = g->T - 2000;
	int64_t span = 2001;
	int64_t *bucket = calloc((size_t)span + 1, sizeof *bucket);
	int32_t *day = malloc((size_t)n * sizeof *day);
	if (bucket == NULL || day == NULL) {
		free(bucket);
		free(day);
		return SC_ENOMEM;
	}
	for (int64_t i = 0; i < n; i++) {
		struct rng pr;
		struct timeline tl;
		rng_seed(&pr, g->o->seed, STREAM_PERSON + (uint64_t)i);
		draw_timeline(&pr, (enum fate)g->fate[i], g->T, &tl);
		int64_t d = tl.referred - lo;
		if (d < 0)
			d = 0;
		if (d >= span)
			d = span - 1;
		day[i] = (int32_t)d;
		bucket[d + 1]++;
	}
	for (int64_t d = 0; d < span; d++)
		bucket[d + 1] += bucket[d];
	for (int64_t i = 0; i < n; i++)
		g->order[bucket[day[i]]++] = (uint32_t)i;
	free(bucket);
	free(day);

	/* Slots: a contact person index per active participant, shuffled. */
	g->nslots = counts[F_ACTIVE] + counts[F_PAUSED];
	g->slots = malloc((size_t)(g->nslots > 0 ? g->nslots : 1) * sizeof *g->slots);
	int *load = calloc((size_t)g->ncontacts, sizeof *load);
	if (g->slots == NULL || load == NULL) {
		free(load);
		return SC_ENOMEM;
	}
	rng_seed(&r, g->o->seed, STREAM_SLOTS);
	plan_loads(g, &r, load);
	at = 0;
	for (int c = 0; c < g->ncontacts; c++)
		for (int i = 0; i < load[c] && at < g->nslots; i++)
			g->slots[at++] = c;
	free(load);
	for (int64_t i = g->nslots - 1; i > 0; i--) {
		int64_t j = (int64_t)(((rng_next(&r) >> 11) * (uint64_t)(i + 1)) >> 53);
		int32_t t = g->slots[i];
		g->slots[i] = g->slots[j];
		g->slots[j] = t;
	}
	g->rep->contact_active = 0;
	for (int64_t i = 0; i < g->nslots; i++)
		g->rep->contact_active += g->slots[i] == 0;

	/* Identity-number counters per birth day over 80 years. */
	g->nin_base = g->T - 80 * 366;
	g->nin_days = 80 * 366 + 1;
	g->nin_next[0] = calloc((size_t)g->nin_days, sizeof *g->nin_next[0]);
	g->nin_next[1] = calloc((size_t)g->nin_days, sizeof *g->nin_next[1]);
	if (g->nin_next[0] == NULL || g->nin_next[1] == NULL)
		return SC_ENOMEM;
	return SC_OK;
}

static int
run_load(struct gen *g, const char *hash)
{
	int rc = store_demo_next_ids(g->db, g->next);
	if (rc != SC_OK)
		return fail(g, rc, "cannot read the highest ids");
	g->pid_base = g->next[DEMO_PARTICIPANTS];
	g->next[DEMO_PARTICIPANTS] += g->n;
	int64_t admins = 0;
	rc = store_user_count_admins(g->db, &admins);
	if (rc != SC_OK)
		return fail(g, rc, "cannot count administrators");
	rc = check_names_free(g);
	if (rc != SC_OK)
		return rc;
	/* The register holds made-up people from now on: their synthetic
	 * identity numbers must be accepted when they are edited (decision
	 * 21). Set once; a second demo added with --force finds it set. */
	bool demo_set = false;
	rc = store_installation_is_demo(g->db, &demo_set);
	if (rc != SC_OK)
		return fail(g, rc, "cannot read the installation settings");
	rc = store_demo_begin(g->db, g->o->scale > 0 ? DEMO_LOAD_BULK : 0, &g->load);
	if (rc != SC_OK)
		return fail(g, rc, "cannot start loading");
	rc = make_centres(g);
	if (rc == SC_OK)
		rc = make_staff(g, hash, admins == 0);
	/* The audit entry goes in with everything else, in one transaction. */
	if (rc == SC_OK) {
		int64_t aid = g->next[DEMO_AUDIT]++;
		struct demo_val v[] = {DV_INT(aid), DV_INT(g->now), DV_NULL, DV_TEXT("cli"),
				       DV_TEXT("demo.load"), DV_TEXT(""), DV_TEXT(""),
				       DV_TEXT("command line"), DV_TEXT("ok")};
		rc = store_demo_row(g->load, DEMO_AUDIT, v);
	}
	if (rc == SC_OK && !demo_set) {
		struct demo_val v[] = {DV_TEXT(SETTING_DEMO), DV_TEXT("1"), DV_INT(g->now)};
		rc = store_demo_row(g->load, DEMO_SETTINGS, v);
	}
	if (rc == SC_OK)
		rc = demo_act_begin(g->load, g->next, g->o->seed, g->T, g->lean, g->group_centre, g->psych_ids,
				    g->nurse_ids, g->ncentres, new_teacher, g, &g->act);
	if (rc == SC_OK)
		rc = demo_internships_begin(g->load, g->next, g->o->seed, g->T, g->ncentres, g->group_centre,
					    g->nurse_ids, g->n, g->o->scale, &g->interns);
	if (rc == SC_OK)
		rc = plan_participants(g);
	if (rc == SC_ENOMEM)
		snprintf(g->err, g->errlen, "out of memory");
	int64_t t0 = time_mono_ms(), step = g->n / 10 > 0 ? g->n / 10 : 1;
	for (int64_t i = 0; i < g->n && rc == SC_OK; i++) {
		rc = gen_participant(g, i);
		if (rc == SC_ENOMEM)
			snprintf(g->err, g->errlen, "out of memory");
		if (rc == SC_OK && (i + 1) % GROUP == 0) {
			rc = store_demo_flush(g->load);
			if (rc != SC_OK)
				fail(g, rc, "cannot write demo rows");
		}
		if (rc == SC_OK && g->o->progress && g->n >= 100000 && (i + 1) % step == 0)
			fprintf(g->o->progress, "  %3d %%  %lld participants  %.1f s\n",
				(int)((i + 1) * 100 / g->n), (long long)(i + 1),
				(double)(time_mono_ms() - t0) / 1000.0);
	}
	if (rc == SC_OK) {
		rc = demo_act_finish(g->act, &g->rep->act);
		g->act = NULL;
		if (rc != SC_OK)
			fail(g, rc, "cannot write the registers");
	}
	g->rep->rows_ms = time_mono_ms() - t0;
	if (rc == SC_OK) {
		rc = store_demo_finish(g->load, g->rep->counts, &g->rep->finish);
		g->load = NULL;
		if (rc != SC_OK)
			return fail(g, rc, "cannot finish loading");
	}
	demo_act_free(g->act);
	g->act = NULL;
	if (rc != SC_OK && g->load != NULL) {
		store_demo_abort(g->load);
		g->load = NULL;
	}
	return rc;
}

int
demo_run(struct store *s, const struct demo_options *o, struct demo_report *rep, char *err,
	 size_t errlen)
{
	memset(rep, 0, sizeof *rep);
	err[0] = '\0';
	int64_t t0 = time_mono_ms();
	struct gen g;
	memset(&g, 0, sizeof g);
	g.o = o;
	g.rep = rep;
	g.err = err;
	g.errlen = errlen;
	g.now = time_now();
	if (o->scale < 0 || o->scale > DEMO_MAX_SCALE) {
		snprintf(err, errlen, "--scale must be 1 to %d participants", DEMO_MAX_SCALE);
		return SC_EINVAL;
	}
	char today[11];
	if (o->today != NULL)
		snprintf(today, sizeof today, "%s", o->today);
	else
		time_today(today, sizeof today);
	if (date_parse(today, &g.today) != SC_OK || g.today.y < 2000) {
		snprintf(err, errlen, "--today must be a date YYYY-MM-DD after 2000, not \"%s\"", today);
		return SC_EINVAL;
	}
	snprintf(rep->today, sizeof rep->today, "%s", today);
	g.T = day_of(g.today);
	g.n = o->scale > 0 ? o->scale : DEFAULT_TOTAL;
	g.lean = o->scale > 0;
	int64_t active = o->scale > 0 ? g.n * (default_fates[F_ACTIVE] + default_fates[F_PAUSED]) /
					       DEFAULT_TOTAL
				      : default_fates[F_ACTIVE] + default_fates[F_PAUSED];
	/* A centre's seven contact persons and its leader can follow
	 * 7 x 18 + 8 = 134; about 120 each keeps everyone under the cap with
	 * room to spare, as in the default centre (130). */
	g.ncentres = o->scale > 0 ? (int)((active + 119) / 120) : 1;
	if (g.ncentres < 1)
		g.ncentres = 1;
	/* --centres N: the staff groups spread over N centres, at least one
	 * group each. */
	if (o->centres < 0 || o->centres > DEMO_MAX_CENTRES) {
		snprintf(err, errlen, "--centres must be 1 to %d", DEMO_MAX_CENTRES);
		return SC_EINVAL;
	}
	g.ndb = o->centres > 1 ? o->centres : 1;
	if (g.ncentres < g.ndb)
		g.ncentres = g.ndb;
	g.ncontacts = g.ncentres * CONTACTS_PER_CENTRE;
	g.nformer = o->scale > 0 ? g.ncontacts / 10 : 0;
	rep->contacts = g.ncontacts;
	rep->centres = g.ndb > 1 ? g.ndb : g.ncentres;
	snprintf(rep->contact, sizeof rep->contact, "%s", DEMO_CONTACT_USER);
	snprintf(rep->leader, sizeof rep->leader, "%s", DEMO_LEADER_USER);
	snprintf(rep->liaison, sizeof rep->liaison, "arbeidsliv");

	if (o->password != NULL) {
		snprintf(rep->password, sizeof rep->password, "%s", o->password);
	} else {
		char gen_pw[TOKEN_HEX_LEN + 1];
		token_random(gen_pw);
		snprintf(rep->password, sizeof rep->password, "%s", gen_pw);
		rep->password_generated = true;
	}
	const char *reason = NULL;
	if (password_policy_check(rep->password, DEMO_CONTACT_USER, &reason) != SC_OK) {
		snprintf(err, errlen, "--password: %s", reason);
		return SC_EINVAL;
	}

	g.db = store_acquire(s);
	int64_t have = 0;
	int rc = store_demo_count_participants(g.db, &have);
	if (rc != SC_OK) {
		fail(&g, rc, "cannot count participants");
	} else if (have > 0 && !o->force) {
		snprintf(err, errlen,
			 "the register has %lld participants already; the demo adds to an empty one "
			 "(use --force to add anyway)", (long long)have);
		rc = SC_ECONFLICT;
	}
	char hash[HASH_STR_MAX];
	if (rc == SC_OK) {
		int64_t h0 = time_mono_ms();
		if (hash_password(rep->password, o->argon2_ops, o->argon2_mem, hash) != SC_OK) {
			snprintf(err, errlen, "cannot hash the password (out of memory?)");
			rc = SC_ERR;
		}
		rep->hash_ms = time_mono_ms() - h0;
	}
	if (rc == SC_OK)
		rc = run_load(&g, hash);
	/* the benefit history for the demo centre; not with --centres N, whose
	 * demo is the national figures' (and on PostgreSQL the runs' 6,800
	 * statements cost a minute in the sanitizer build); at --scale, where
	 * 36 runs of every active participant would take longer than the rest
	 * of the load together, the month before last (statements to read,
	 * a look-back for the next run), the last left for a run */
	if (rc == SC_OK && !o->no_benefits && g.ndb <= 1) {
		int64_t b0 = time_mono_ms();
		rc = demo_benefits(g.db, g.today, o->scale == 0 ? 36 : 1, o->scale == 0 ? 0 : 1,
				   &rep->counts[DEMO_AUDIT], err, errlen);
		rep->benefits_ms = time_mono_ms() - b0;
	}
	if (rc == SC_OK)
		/* the groups 0 .. ndb - 1 are each centre's first (group_centre[],
		 * demo_people.c), their leader the centre's */
		rc = demo_reports(g.db, g.today, g.now, g.ndb, g.ncentres, g.group_centre, g.leader_ids);
	if (rc == SC_OK && (rc = store_employer_recount(g.db)) != SC_OK)
		fail(&g, rc, "cannot count the placements' results");
	if (rc == SC_OK) {
		/* A search that gives a page of results: a common full name at
		 * scale, a common given name in one centre. The words' spelling
		 * keys (domain/spelling.h), as the search looks them up: Amina
		 * Hassan also finds Amena Hasan and Amina Hussein. */
		const char *words[2] = {"amana", "hasan"};
		int nwords = g.n >= 100000 ? 2 : 1;
		rc = store_demo_search_count(g.db, words, nwords, &rep->search_hits);
		snprintf(rep->search, sizeof rep->search, nwords == 2 ? "Amina Hassan" : "Amina");
		if (rc != SC_OK)
			fail(&g, rc, "cannot count search results");
	}
	store_release(s, g.db);
	free_gen(&g);
	rep->elapsed_ms = time_mono_ms() - t0;
	return rc;
}
