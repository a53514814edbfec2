/*
 * multipart.h — INTERNAL to src/web/: multipart/form-data bodies (file
 * uploads), parsed into the request's form fields.
 */
#ifndef SC_WEB_MULTIPART_H
#define SC_WEB_MULTIPART_H

#include <stddef.h>

#include "parse.h"

struct arena;

/*
 * Parses a multipart/form-data body whose Content-Type header is ctype
 * (with its boundary parameter). Each part with a name becomes one entry in
 * *out: text fields and file contents alike (a file's bytes are its value;
 * a part containing NUL bytes or invalid UTF-8 is refused). Returns 0, or
 * SC_EINVAL for a malformed body, SC_ENOMEM.
 */
int parse_multipart(struct arena *a, const char *ctype, const char *body, size_t len,
		    struct kvlist *out);

#endif
