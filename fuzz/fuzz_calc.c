/*
 * fuzz_calc.c — libFuzzer target for the benefit calculator's JSON reader
 * (domain/benefit_calc.h), which reads the body of POST
 * /api/v1/benefits/calc: whatever the bytes, a read either succeeds with
 * lists within their limits and a scheme, or names one member (a non-empty
 * path) with a reason; a statement of the input's month is written back as
 * JSON.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/benefit_calc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (j == NULL)
		return 0;
	struct benefit_input in;
	struct benefit_calc_error err;
	const char *scheme = NULL;
	if (benefit_calc_read(j, &in, &scheme, &err)) {
		if (scheme == NULL || in.npauses > BENEFIT_MAX_PAUSES || in.nchildren > BENEFIT_MAX_CHILDREN ||
		    in.nincome > BENEFIT_MAX_INCOME || in.month < 1 || in.month > 12 || in.tax_percent < 0 ||
		    in.tax_percent > 100)
			abort();
		for (size_t i = 0; i < in.nincome; i++)
			if (in.income[i].kind == NULL)
				abort();
	} else {
		if (err.errors.n < 1 || err.errors.n > FIELD_MAX_ERRORS)
			abort();
		for (int i = 0; i < err.errors.n; i++)
			if (err.errors.reason[i] == NULL || err.errors.field[i] == NULL || err.errors.field[i][0] == '\0')
				abort();
	}
	struct benefit_statement st;
	memset(&st, 0, sizeof st);
	json_t *out = benefit_statement_json(&st);
	if (out == NULL)
		abort();
	json_decref(out);
	json_decref(j);
	return 0;
}
