/*
 * fuzz_cookie.c — libFuzzer target for parse_cookies(): never more than
 * PARSE_MAX_COOKIES results, and every name is a token and every value made of
 * cookie-octets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/err.h"
#include "web/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (a == NULL)
		return 0;
	/* A header is a C string: stop at the first NUL, as the server would. */
	char *header = arena_strndup(a, (const char *)data, size);
	struct kvlist l;
	int rc = parse_cookies(a, header, &l);
	if (rc != SC_OK && rc != SC_ELIMIT)
		abort();
	if (rc != SC_OK && (l.n != 0 || l.items != NULL))
		abort();
	if (l.n > PARSE_MAX_COOKIES)
		abort();
	for (size_t i = 0; i < l.n; i++) {
		const unsigned char *k = (const unsigned char *)l.items[i].key;
		const unsigned char *v = (const unsigned char *)l.items[i].value;
		if (k[0] == '\0')
			abort();
		for (; *k; k++)
			if (*k <= 0x20 || *k >= 0x7F || strchr("()<>@,;:\\\"/[]?={}", *k))
				abort();
		for (; *v; v++)
			if (*v <= 0x20 || *v >= 0x7F || *v == '"' || *v == ',' ||
			    *v == ';' || *v == '\\')
				abort();
		if (kv_get(&l, l.items[i].key) == NULL)
			abort();
	}
	arena_free(a);
	return 0;
}
