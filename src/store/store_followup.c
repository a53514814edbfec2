/*
 * store_followup.c — see store_followup.h.
 */
#include "db.h"
#include "store.h"
#include "../util/err.h"
