/*
 * evaluation.c — evaluations of a trainee and the rules of their links;
 * see evaluation.h.
 */
#include "domain/evaluation.h"

#include "i18n/i18n.h"

#include <stddef.h>

const struct field_option evaluation_kind_options[EVAL_KIND_COUNT] = {
	{"mid", N_("Mid-point evaluation")},
	{"end", N_("Final evaluation")},
};

const struct field_option rating_options[RATING_COUNT] = {
	{"1", N_("1 – weak")},
	{"2", N_("2")},
	{"3", N_("3")},
	{"4", N_("4")},
	{"5", N_("5 – very good")},
	{"not_seen", N_("Not seen")},
};

const struct field_option evaluation_source_options[EVAL_SOURCE_COUNT] = {
	{"staff", N_("The centre")},
	{"employer", N_("The workplace supervisor")},
};

const char *const evaluation_criteria[EVALUATION_CRITERIA] = {
	"punctuality", "norwegian", "understanding", "quality", "cooperation", "initiative",
};

#define EV(m) offsetof(struct placement_evaluation, m)
#define RATING(k, m, lbl)                                                                             \
	{.key = k, .type = FT_ENUM, .flags = FF_REQUIRED, .offset = EV(m), .label = lbl,                \
	 .options = rating_options, .noptions = RATING_COUNT, .missing = N_("Choose 1 to 5, or not seen."), \
	 .invalid = N_("Choose 1 to 5, or not seen."), .part = -1}
#define COMMENTS                                                                                       \
	{.key = "strengths", .type = FT_TEXT, .offset = EV(strengths), .max = 4000,                     \
	 .label = N_("Strengths"), .part = -1},                                                         \
	{.key = "to_work_on", .type = FT_TEXT, .offset = EV(to_work_on), .max = 4000,                   \
	 .label = N_("What to work on"), .part = -1}
#define RATINGS                                                                                        \
	RATING("punctuality", punctuality, N_("Punctuality")),                                         \
	RATING("norwegian", norwegian, N_("Norwegian at work")),                                       \
	RATING("understanding", understanding, N_("Understanding tasks")),                             \
	RATING("quality", quality, N_("Quality of work")),                                             \
	RATING("cooperation", cooperation, N_("Cooperation")),                                         \
	RATING("initiative", initiative, N_("Initiative"))

static const struct field staff_table[] = {
	{.key = "id", .type = FT_ID, .flags = FF_OUT, .offset = EV(id), .label = N_("Number"), .part = -1},
	{.key = "placement_id", .type = FT_ID, .flags = FF_OUT, .offset = EV(placement_id),
	 .label = N_("Placement"), .part = -1},
	{.key = "participant_id", .type = FT_ID, .flags = FF_OUT, .offset = EV(participant_id),
	 .label = N_("Participant"), .part = -1},
	{.key = "kind", .type = FT_ENUM, .flags = FF_REQUIRED, .offset = EV(kind), .label = N_("Evaluation"),
	 .options = evaluation_kind_options, .noptions = EVAL_KIND_COUNT,
	 .missing = N_("Choose the mid-point or the final evaluation."), .part = -1},
	{.key = "evaluated_on", .type = FT_DATE, .offset = EV(evaluated_on), .label = N_("Date"), .part = -1},
	RATINGS,
	COMMENTS,
	{.key = "evaluator", .type = FT_LINE, .offset = EV(evaluator), .max = 200, .label = N_("Evaluated by"),
	 .hint = N_("Who gave the evaluation, for example the workplace supervisor on the phone."), .part = -1},
	{.key = "source", .type = FT_ENUM, .flags = FF_OUT, .offset = EV(source), .label = N_("Recorded by"),
	 .options = evaluation_source_options, .noptions = EVAL_SOURCE_COUNT, .part = -1},
	{.key = "author_id", .type = FT_ID, .flags = FF_OUT, .offset = EV(author_id), .label = N_("By"), .part = -1},
	{.key = "link_id", .type = FT_ID, .flags = FF_HIDDEN, .offset = EV(link_id), .label = N_("Link"), .part = -1},
	{.key = "created_at", .type = FT_INT, .flags = FF_OUT, .offset = EV(created_at), .label = N_("Saved"),
	 .part = -1},
};

static const struct field link_table[] = {
	RATINGS,
	COMMENTS,
	{.key = "evaluator", .type = FT_LINE, .flags = FF_REQUIRED, .offset = EV(evaluator), .max = 200,
	 .label = N_("Your name"), .missing = N_("Write your name."), .part = -1},
};
#undef RATINGS
#undef COMMENTS
#undef RATING
#undef EV

const struct fields placement_evaluation_fields = FIELDS(staff_table);
const struct fields evaluation_link_form_fields = FIELDS(link_table);

int
evaluation_rating(const struct placement_evaluation *e, int i)
{
	switch (i) {
	case 0:
		return e->punctuality;
	case 1:
		return e->norwegian;
	case 2:
		return e->understanding;
	case 3:
		return e->quality;
	case 4:
		return e->cooperation;
	case 5:
		return e->initiative;
	default:
		return -1;
	}
}

bool
evaluation_check(struct placement_evaluation *ev, struct date today, struct date first_day, struct field_errors *e)
{
	if (ev->evaluated_on.y == 0) {
		if (field_error_of(e, "evaluated_on") == NULL)
			ev->evaluated_on = today;
		return true;
	}
	if (date_cmp(ev->evaluated_on, today) > 0) {
		field_error_add(e, "evaluated_on", N_("The evaluation cannot be dated in the future."));
		return false;
	}
	if (first_day.y != 0 && date_cmp(ev->evaluated_on, first_day) < 0) {
		field_error_add(e, "evaluated_on", N_("The evaluation cannot be dated before the placement's first day."));
		return false;
	}
	return true;
}

const char *
evaluation_refusal(bool started, int kind, bool evaluated_mid, bool evaluated_end)
{
	if (kind < 0 || kind >= EVAL_KIND_COUNT)
		return N_("Choose the mid-point or the final evaluation.");
	if (!started)
		return N_("A trainee is evaluated once the placement has started.");
	if ((kind == EVAL_MID && evaluated_mid) || (kind == EVAL_END && evaluated_end))
		return kind == EVAL_MID ? N_("The mid-point evaluation has been recorded already.")
					: N_("The final evaluation has been recorded already.");
	return NULL;
}

bool
evaluation_outstanding(int kind, enum placement_status status, struct date starts_on, struct date ends_on,
		       struct date ended_on, bool evaluated, struct date today)
{
	if (evaluated || starts_on.y == 0 || ends_on.y == 0)
		return false;
	if (kind == EVAL_MID) {
		int64_t mid = (date_to_days(starts_on) + date_to_days(ends_on)) / 2;
		return status == PLACEMENT_ACTIVE && date_to_days(today) >= mid;
	}
	if (status == PLACEMENT_ENDED_EARLY)
		return ended_on.y != 0 && date_to_days(today) <= date_to_days(ended_on) + EVALUATION_AFTER_END_DAYS;
	if (status == PLACEMENT_ACTIVE)
		return date_to_days(today) >= date_to_days(ends_on) - EVALUATION_END_DUE_DAYS;
	if (status == PLACEMENT_COMPLETED)
		return date_to_days(today) <= date_to_days(ends_on) + EVALUATION_AFTER_END_DAYS;
	return false;
}

unsigned
evaluations_outstanding(const struct placement *p, struct date today)
{
	struct placement_facts f = placement_facts_of(p);
	if (!placement_started(&f, today))
		return 0;
	enum placement_status status = placement_status(&f, today);
	unsigned due = 0;
	if (evaluation_outstanding(EVAL_MID, status, p->starts_on, p->ends_on, p->ended_on, p->evaluated_mid == 1,
				   today))
		due |= 1u << EVAL_MID;
	if (evaluation_outstanding(EVAL_END, status, p->starts_on, p->ends_on, p->ended_on, p->evaluated_end == 1,
				   today))
		due |= 1u << EVAL_END;
	return due;
}

struct date
evaluation_outstanding_since(struct date today)
{
	return date_add_days(today, -EVALUATION_AFTER_END_DAYS);
}

struct date
evaluation_end_due_until(struct date today)
{
	return date_add_days(today, EVALUATION_END_DUE_DAYS);
}

int64_t
evaluation_mid_sum_until(struct date today)
{
	/* (s + e) / 2 <= t, halved down, is s + e <= 2t + 1 */
	return 2 * date_to_days(today) + 1;
}

int64_t
evaluation_link_expiry(int64_t now)
{
	return now + (int64_t)EVALUATION_LINK_DAYS * 86400;
}

enum link_state
evaluation_link_state(const struct evaluation_link *l, int64_t now)
{
	if (l == NULL)
		return LINK_UNKNOWN;
	if (l->revoked_at > 0)
		return LINK_REVOKED;
	if (l->used_at > 0)
		return LINK_USED;
	if (now >= l->expires_at)
		return LINK_EXPIRED;
	return LINK_VALID;
}

const char *
evaluation_link_message(enum link_state s)
{
	switch (s) {
	case LINK_UNKNOWN:
		return N_("This link is not valid. Check that the whole address was copied, or ask the centre for a new link.");
	case LINK_EXPIRED:
		return N_("This link has expired. Ask the centre for a new one.");
	case LINK_USED:
		return N_("This evaluation has been sent already. Thank you!");
	case LINK_REVOKED:
		return N_("This link has been withdrawn by the centre.");
	default:
		return NULL;
	}
}

const char *
evaluation_link_state_key(enum link_state s)
{
	static const char *const keys[] = {"valid", "unknown", "expired", "used", "revoked"};
	return (unsigned)s < sizeof keys / sizeof keys[0] ? keys[s] : "unknown";
}
