/*
 * demo_reports.c — the demo's programme costs (issue 12): for each centre,
 * the last three years' costs (a budget entered in the December before
 * the year, then the accounts in the February after it) and this year's
 * budget, each version dated and entered by the centre's leader, so that
 * the costs page, its versions, the cost per participant and the
 * cost-benefit account show believable figures. One group of staff (about
 * 120 participants in the programme) costs about 12 million kroner a year.
 */
#include "cli/demo_reports.h"

#include "store/store.h"
#include "util/err.h"

/* Ten in the morning (UTC) of day, but not after now. */
static int64_t
entered_at(struct date day, int64_t now)
{
	int64_t t = date_to_days(day) * 86400 + 10 * 3600;
	return t < now ? t : now;
}

int
demo_reports(struct db *db, struct date today, int64_t now, int centres, int groups, const int64_t *centre_ids,
	     const int64_t *leader_ids)
{
	if (centres < 1)
		centres = 1;
	int64_t per_centre = groups > centres ? groups / centres : 1;
	for (int c = 0; c < centres; c++) {
		for (int y = today.y - 3; y <= today.y; y++) {
			/* a little more each year: wages and rent go up */
			int64_t k = per_centre * (100 + (y - (today.y - 3)) * 4);
			struct programme_cost cost = {
				.year = y,
				.staff = k * 96000 * 100,      /* 9.6 million kr for 100 */
				.premises = k * 12000 * 100,
				.activities = k * 8000 * 100,
				.other = k * 3000 * 100,
				.note = "Budget",
			};
			/* the budget, 2 % under what the year cost */
			struct programme_cost budget = cost;
			budget.staff = cost.staff / 100 * 98;
			budget.activities = cost.activities / 100 * 98;
			struct date dec = {.y = y - 1, .m = 12, .d = 15}, feb = {.y = y + 1, .m = 2, .d = 15};
			int rc = store_cost_add(db, centre_ids[c], y < today.y ? &budget : &cost, entered_at(dec, now),
						leader_ids[c]);
			if (rc == SC_OK && y < today.y) {
				cost.note = "Accounts";
				rc = store_cost_add(db, centre_ids[c], &cost, entered_at(feb, now), leader_ids[c]);
			}
			if (rc != SC_OK)
				return rc;
		}
	}
	return SC_OK;
}
