/*
 * demo_reports.h — INTERNAL to src/cli/: the demo's programme costs.
 */
#ifndef SC_CLI_DEMO_REPORTS_H
#define SC_CLI_DEMO_REPORTS_H

#include "domain/date.h"

#include <stdint.h>

struct db;

/* Writes the costs of the three years before today's (a budget, then the
 * accounts) and today's year's budget for the centres centre_ids[0 ..
 * centres - 1], sized by the groups of staff (one group: about 12 million
 * kroner a year); each version entered by the centre's leader
 * (leader_ids[c]) on a day before the year (the budget) or after it (the
 * accounts), at now at the latest. */
int demo_reports(struct db *db, struct date today, int64_t now, int centres, int groups, const int64_t *centre_ids,
		 const int64_t *leader_ids);

#endif
