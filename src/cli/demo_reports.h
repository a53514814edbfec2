/*
 * demo_reports.h — INTERNAL to src/cli/: the demo's programme costs.
 */
#ifndef SC_CLI_DEMO_REPORTS_H
#define SC_CLI_DEMO_REPORTS_H

#include "domain/date.h"

struct db;

/* Writes the costs of the three years before today's and today's year for
 * centres 1..centres, sized by the groups of staff (one group: about
 * 12 million kroner a year). */
int demo_reports(struct db *db, struct date today, int centres, int groups);

#endif
