/*
 * export.c — see export.h.
 */
#include "export.h"
#include "util/err.h"

#include <string.h>

bool
export_format_ok(const char *fmt)
{
	return fmt != NULL && (strcmp(fmt, "csv") == 0 || strcmp(fmt, "xlsx") == 0);
}

struct export *
export_begin(struct req *r, const char *fmt, const char *filename_base,
	     const char *const *headers, size_t ncols)
{
	(void)r;
	(void)fmt;
	(void)filename_base;
	(void)headers;
	(void)ncols;
	return NULL;
}

int
export_row(struct export *x, const char *const *cells)
{
	(void)x;
	(void)cells;
	return SC_ENOMEM;
}

int
export_finish(struct export *x)
{
	(void)x;
	return SC_ENOMEM;
}
