/*
 * demo_reports.c — the demo's programme costs (issue 12): a version of each
 * of the last three years' costs and this year's budget for each centre,
 * so that the costs page, the cost per participant and the cost-benefit
 * account show believable figures. One group of staff (about 120
 * participants in the programme) costs about 12 million kroner a year.
 */
#include "cli/demo_reports.h"

#include "store/store.h"
#include "util/err.h"

int
demo_reports(struct db *db, struct date today, int centres, int groups)
{
	if (centres < 1)
		centres = 1;
	int64_t per_centre = groups > centres ? groups / centres : 1;
	for (int c = 1; c <= centres; c++) {
		for (int y = today.y - 3; y <= today.y; y++) {
			/* a little more each year: wages and rent go up */
			int64_t k = per_centre * (100 + (y - (today.y - 3)) * 4);
			struct programme_cost cost = {
				.year = y,
				.staff = k * 96000 * 100,      /* 9.6 million kr for 100 */
				.premises = k * 12000 * 100,
				.activities = k * 8000 * 100,
				.other = k * 3000 * 100,
				.note = y == today.y ? "Budget" : "Accounts",
			};
			int rc = store_cost_add(db, c, &cost, 0, 0);
			if (rc != SC_OK)
				return rc;
		}
	}
	return SC_OK;
}
