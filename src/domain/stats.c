/*
 * stats.c — shares, quartiles and the threshold of five; see stats.h.
 */
#include "domain/stats.h"

#include <stdio.h>
#include <stdlib.h>

bool
stats_shown(int64_t n)
{
	return n >= STATS_MIN_PEOPLE;
}

int
stats_permille(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return -1;
	return (int)((part * 1000 * 2 + whole) / (2 * whole));
}

void
stats_format_permille_mark(int permille, char mark, char out[16])
{
	if (permille < 0) {
		snprintf(out, 16, "-");
		return;
	}
	snprintf(out, 16, "%d%c%d", permille / 10, mark, permille % 10);
}

void
stats_format_permille(int permille, char out[16])
{
	stats_format_permille_mark(permille, '.', out);
}

bool
stats_quartile_tenths(const int64_t *sorted, size_t n, int q, int64_t *tenths)
{
	if (n == 0 || q < 1 || q > 3)
		return false;
	/* h = (n - 1) q / 4: whole part i and remainder r quarters */
	int64_t num = (int64_t)(n - 1) * q;
	size_t i = (size_t)(num / 4);
	int64_t r = num % 4;
	int64_t lo = sorted[i];
	int64_t hi = r == 0 ? lo : sorted[i + 1];
	/* value = lo + (hi - lo) r / 4, in tenths: (40 lo + 10 (hi - lo) r) / 4 */
	int64_t x4 = 40 * lo + 10 * (hi - lo) * r;   /* tenths times 4 */
	*tenths = x4 >= 0 ? (x4 + 2) / 4 : -((-x4 + 1) / 4);
	return true;
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

void
stats_sort(int64_t *values, size_t n)
{
	if (n > 1)
		qsort(values, n, sizeof values[0], cmp64);
}

/* The value at position pos (0-based) of the values repeated by their
 * weights, from position *at of index *i on (both move forward). */
static int64_t
weighted_at(const int64_t *values, const int64_t *weights, size_t n, int64_t pos, size_t *i, int64_t *at)
{
	while (*i + 1 < n && *at + weights[*i] <= pos) {
		*at += weights[*i];
		(*i)++;
	}
	return values[*i];
}

bool
stats_quartile_tenths_weighted(const int64_t *values, const int64_t *weights, size_t n, int q, int64_t *tenths)
{
	int64_t total = 0;
	for (size_t k = 0; k < n; k++)
		total += weights[k];
	if (total == 0 || q < 1 || q > 3)
		return false;
	/* as stats_quartile_tenths() over the repeated values */
	int64_t num = (total - 1) * q;
	int64_t pos = num / 4, r = num % 4;
	size_t i = 0;
	int64_t at = 0;
	int64_t lo = weighted_at(values, weights, n, pos, &i, &at);
	int64_t hi = r == 0 ? lo : weighted_at(values, weights, n, pos + 1, &i, &at);
	int64_t x4 = 40 * lo + 10 * (hi - lo) * r;
	*tenths = x4 >= 0 ? (x4 + 2) / 4 : -((-x4 + 1) / 4);
	return true;
}

void
stats_sort_weighted(int64_t *values, int64_t *weights, size_t n)
{
	/* one key each: the value above, the weight below */
	for (size_t k = 0; k < n; k++)
		values[k] = values[k] * (INT64_C(1) << 32) + weights[k];
	stats_sort(values, n);
	for (size_t k = 0; k < n; k++) {
		weights[k] = values[k] % (INT64_C(1) << 32);
		values[k] /= INT64_C(1) << 32;
	}
}
