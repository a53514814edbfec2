/*
 * store_caseload.c — see store_caseload.h.
 */
#include "db.h"
#include "store.h"
#include "../util/err.h"
