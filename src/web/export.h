/*
 * export.h — INTERNAL to src/web/: sending a table as a CSV or XLSX file.
 *
 * A handler that offers a download does:
 *     struct export *x = export_begin(r, fmt, "caseload", headers, ncols);
 *     for each row: export_row(x, cells);   (ncols strings; NULL = empty)
 *     return export_finish(x);
 * fmt is "csv" or "xlsx" (export_format_ok() checks a user's choice).
 * When the rows cannot be read to the end (a store error), call
 * export_abort(x) instead of export_finish(x) and return the error.
 *
 * Rows are written as they come: CSV straight into r->out, XLSX through
 * libxlsxwriter's constant-memory mode into a file in a private temporary
 * folder (mkdtemp, mode 0700) that export_finish() reads into r->out and
 * removes. So a handler may stream a million rows from the store without
 * keeping them (pass strings that live only until export_row() returns).
 *
 * CSV is UTF-8 with a byte-order mark, comma separated, CRLF line ends,
 * RFC 4180 quoting, and cells that a spreadsheet would run as a formula
 * (starting with = + - @, or a tab or carriage return) are prefixed with an
 * apostrophe. XLSX has a bold header row and a frozen first row; cells are
 * text, never a formula, but in the columns a handler marks with
 * export_numbers() a cell that is a plain number ("-12", "1500.50"; not
 * "0150") is a number a spreadsheet can add up; past Excel's 1,048,576 rows a new sheet is
 * started with the header again. The response is an attachment named
 * "<filename_base>-YYYY-MM-DD.<fmt>", no-store; it takes one of the
 * request's REQ_MAX_HEADERS extra headers (Content-Disposition).
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
/* Marks columns (bit i: column i, the first 32) whose plain numbers go
 * into XLSX as numbers; CSV is the same either way. */
void export_numbers(struct export *x, unsigned columns);
/* Returns 0, or an error that export_finish() will report again. */
int export_row(struct export *x, const char *const *cells);
/* Finishes the file and the response (200); frees x. Returns 0 (H_DONE),
 * or the first error of export_begin/export_row (the handler returns it:
 * a 500 page) after cleaning up. */
int export_finish(struct export *x);
/* Gives up: removes any temporary file and frees x. Accepts NULL. */
void export_abort(struct export *x);

#endif
