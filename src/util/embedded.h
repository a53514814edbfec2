/*
 * embedded.h — files compiled into the binary by scripts/embed.py.
 */
#ifndef SC_EMBEDDED_H
#define SC_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name;              /* NULL ends a table */
	const unsigned char *data;     /* NUL-terminated for convenience */
	size_t len;
};

#endif
