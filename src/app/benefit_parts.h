/*
 * benefit_parts.h — INTERNAL to the benefit commands: what benefit.c (the
 * run, the payment file, the tax summary, a participant's statements, the
 * finance officer's home) and benefit_rules.c (other income, the period's
 * scheme, the settings, the dated rules, the calculator) share. Other
 * layers use benefit.h.
 */
#ifndef SC_APP_BENEFIT_PARTS_H
#define SC_APP_BENEFIT_PARTS_H

#include "app/benefit.h"
#include "i18n/i18n.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- access ---- */

static inline bool
may_write(const struct actor *actor)
{
	return access_allows(actor->roles, RES_BENEFITS, ACT_WRITE);
}

static inline bool
may_read(const struct actor *actor)
{
	return access_allows(actor->roles, RES_BENEFITS, ACT_READ);
}

static inline int
forbidden(struct outcome *out)
{
	return app_refuse(out, REFUSED_FORBIDDEN, N_("Only a finance officer may do this."));
}

/* ---- tax tables in memory ---- */

/* The tax tables of the years a run reads, loaded once each. */
struct tax_cache {
	struct db *db;
	struct arena *a;
	int rc;                    /* the first failure of a load */
	size_t n;
	struct {
		int year;
		struct benefit_tax_row *rows;
		size_t nrows;
	} years[8];
};

/* The withholding of a month's kr in a tax table (ctx: a struct
 * tax_cache), as benefit_compute() asks it; false when none holds kr or a
 * load failed (then c->rc says why). */
bool benefit_tax_cached(void *ctx, int year, const char *table, int64_t kr, int64_t *withhold_kr);

#endif
