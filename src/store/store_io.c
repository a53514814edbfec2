/*
 * store_io.c — see store_io.h.
 */
#include "db.h"
#include "store.h"
#include "../util/err.h"
