/* db_pg.c — PostgreSQL driver (stub until written). */
#include "db_impl.h"
#include "../util/err.h"
#include <stdio.h>

int
db_pg_open(const char *url, struct db **out, char *err, size_t errlen)
{
	(void)url;
	*out = NULL;
	snprintf(err, errlen, "PostgreSQL support is not built yet");
	return SC_EDB;
}
