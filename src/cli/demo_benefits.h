/*
 * demo_benefits.h — the demo's benefit history (issue 11): three years of
 * approved monthly runs for the demo centre (one month at --scale).
 */
#ifndef SC_CLI_DEMO_BENEFITS_H
#define SC_CLI_DEMO_BENEFITS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"

struct db;

/* The tax tables the demo's tax cards name (demo_people.c draws one of
 * them), and the tables it loads for every year its runs tax (rows of
 * DEMO_TAX_STEP_KR kroner up to DEMO_TAX_TOP_KR). */
#define DEMO_TAX_TABLE_FIRST 7100
#define DEMO_TAX_TABLE_LAST 7133
#define DEMO_TAX_STEP_KR 1000
#define DEMO_TAX_TOP_KR 100000

/*
 * For centre 1: the payment settings (a debtor account), the monthly tax
 * tables DEMO_TAX_TABLE_FIRST..LAST for each year from the first month's to
 * today's (made up, as everything of the demo: each table a share of the
 * gross above an allowance, both growing with the table's number; imported
 * as `benefit tax-table import` does, so a tax card's table is found and no
 * statement warns of a missing one by accident), then each of
 * `months` months before today's month, the last `skip` months before it
 * left out (36 and 0 for the demo centre; at --scale 1 and 1, so that the
 * last month is left for a run to be started, the benchmark's), run by the system and approved by the
 * centre's finance officer ("okonomi"), oldest first, through the same
 * commands as the pages (so every statement keeps its inputs, and later
 * months correct earlier ones as facts changed). A month with no one in
 * the programme is run too (no statements). Every command acts at the last
 * second of today (UTC), so the same seed and today give the same rows.
 * The audit entries the commands wrote are added to *audits. Returns 0, or an SC_
 * code with why in err.
 */
int demo_benefits(struct db *db, struct date today, int months, int skip, int64_t *audits, char *err,
		  size_t errlen);

#endif
