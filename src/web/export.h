/*
 * export.h — INTERNAL to src/web/: sending a table as a CSV or XLSX file.
 *
 * A handler that offers a download does:
 *     struct export *x = export_begin(r, fmt, "caseload", headers, ncols);
 *     for each row: export_row(x, cells);   (ncols strings; NULL = empty)
 *     return export_finish(x);
 * fmt is "csv" or "xlsx" (export_format_ok() checks a user's choice).
 * CSV is UTF-8 with a byte-order mark, comma separated, CRLF line ends,
 * RFC 4180 quoting, and cells that a spreadsheet would run as a formula
 * (starting with = + - @) are prefixed with an apostrophe. XLSX has a bold
 * header row and a frozen first row. The response is an attachment named
 * "<filename_base>-YYYY-MM-DD.<fmt>", no-store.
 */
#ifndef SC_WEB_EXPORT_H
#define SC_WEB_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"

struct export;

bool export_format_ok(const char *fmt);
/* NULL on allocation failure (export_finish(NULL) then returns SC_ENOMEM). */
struct export *export_begin(struct req *r, const char *fmt, const char *filename_base,
			    const char *const *headers, size_t ncols);
int export_row(struct export *x, const char *const *cells);
/* Finishes the file and the response (200); frees x. */
int export_finish(struct export *x);

#endif
