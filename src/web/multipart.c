/*
 * multipart.c — see multipart.h.
 */
#include "multipart.h"
#include "util/err.h"

int
parse_multipart(struct arena *a, const char *ctype, const char *body, size_t len,
		struct kvlist *out)
{
	(void)a;
	(void)ctype;
	(void)body;
	(void)len;
	(void)out;
	return SC_EINVAL;
}
