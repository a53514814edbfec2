/*
 * multipart.h — INTERNAL to src/web/: multipart/form-data bodies (file
 * uploads, RFC 7578), parsed into the request's form fields.
 *
 * Pure: no I/O, so it is unit-tested (tests/unit/test_multipart.c) and
 * fuzzed (fuzz/fuzz_multipart.c) on its own.
 */
#ifndef SC_WEB_MULTIPART_H
#define SC_WEB_MULTIPART_H

#include <stddef.h>

#include "parse.h"

struct arena;

/* Limits: parts in one body, and bytes of one part's header block. */
#define MULTIPART_MAX_PARTS 64
#define MULTIPART_MAX_HEADER 4096
#define MULTIPART_MAX_BOUNDARY 70

/*
 * Parses a multipart/form-data body whose Content-Type header is ctype
 * (with its boundary parameter, quoted or not, 1..70 bytes). Each part with a
 * name becomes one entry in *out, in order: text fields and file contents
 * alike (a file's bytes are its value, the file name is not kept). A field
 * containing NUL bytes or invalid UTF-8 is refused; a file part (one with a
 * filename parameter) that is not UTF-8 text is kept as a binary entry
 * (struct kv: value "", bytes and nbytes pointing into body), so the
 * handler can tell the user what the file is. Parts without a name are
 * skipped.
 *
 * The body is: an ignored preamble, then "--boundary" CRLF, each part's
 * header lines and an empty line, its content, CRLF "--boundary", and after
 * the last part "--boundary--" (an epilogue after it is ignored). Every part
 * needs a Content-Disposition: form-data header. Line ends are CRLF.
 *
 * Returns 0, or SC_EINVAL for a malformed body (no or bad boundary, no
 * closing delimiter, a header block over MULTIPART_MAX_HEADER bytes, more
 * than MULTIPART_MAX_PARTS parts, a bad Content-Disposition, NUL or invalid
 * UTF-8 in a name or in a field that is not a file), SC_ENOMEM. *out is
 * {NULL, 0} on error.
 */
int parse_multipart(struct arena *a, const char *ctype, const char *body, size_t len,
		    struct kvlist *out);

#endif
