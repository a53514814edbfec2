/*
 * demo_benefits.h — the demo's benefit history (issue 11): three years of
 * approved monthly runs for the demo centre.
 */
#ifndef SC_CLI_DEMO_BENEFITS_H
#define SC_CLI_DEMO_BENEFITS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"

struct db;

/*
 * For centre 1: the payment settings (a debtor account), then each of the
 * 36 months before today's month run by the system and approved by the
 * centre's finance officer ("okonomi"), oldest first, through the same
 * commands as the pages (so every statement keeps its inputs, and later
 * months correct earlier ones as facts changed). A month with no one in
 * the programme is run too (no statements). Every command acts at the last
 * second of today (UTC), so the same seed and today give the same rows.
 * The audit entries the commands wrote are added to *audits. Returns 0, or an SC_
 * code with why in err.
 */
int demo_benefits(struct db *db, struct date today, int64_t *audits, char *err, size_t errlen);

#endif
