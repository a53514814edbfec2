/*
 * stats.h — the arithmetic of the reports: shares, medians and quartiles,
 * and the rule that no figure is shown for fewer than five people.
 *
 * Quartiles are by linear interpolation between the closest ranks (the
 * method of spreadsheets' QUARTILE.INC and R's default, type 7): for n
 * sorted values x[0..n-1], the p-quantile is at rank h = (n - 1) p,
 * x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). The median is
 * the 0.5-quantile (the mean of the two middle values when n is even).
 */
#ifndef SC_DOMAIN_STATS_H
#define SC_DOMAIN_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The fewest people a shown figure may stand for. */
#define STATS_MIN_PEOPLE 5

/* True when a cell computed from n people may be shown: n at least
 * STATS_MIN_PEOPLE. Any other cell, none included, shows "fewer than 5". */
bool stats_shown(int64_t n);

/* part of whole in per mille, rounded half up; -1 when whole is 0. */
int stats_permille(int64_t part, int64_t whole);

/* Writes a per mille as a percentage with one decimal ("55.0", "7.1"; "-" when negative):
 * the machine's form, for exports. */
void stats_format_permille(int permille, char out[16]);
/* The same with mark between the whole and the tenth: ',' for a page in
 * Norwegian ("55,0"), '.' in English. */
void stats_format_permille_mark(int permille, char mark, char out[16]);

/*
 * The q-th quartile (q 1..3; 2 is the median) of n values sorted
 * ascending, in tenths (a median of 12.5 days is 125), rounded half up;
 * false when n is 0.
 */
bool stats_quartile_tenths(const int64_t *sorted, size_t n, int q, int64_t *tenths);

/* Sorts values ascending in place. */
void stats_sort(int64_t *values, size_t n);

/* As stats_quartile_tenths() of the values each repeated its weight
 * times: values sorted ascending, weights[i] >= 1 each. */
bool stats_quartile_tenths_weighted(const int64_t *values, const int64_t *weights, size_t n, int q,
				    int64_t *tenths);

/* Sorts n pairs (values[i], weights[i]) by value, 0 <= value < 2^31,
 * 0 < weight < 2^32. */
void stats_sort_weighted(int64_t *values, int64_t *weights, size_t n);

#endif
