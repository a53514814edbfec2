/*
 * store_plan.c — see store_plan.h.
 */
#include "db.h"
#include "store.h"
#include "../util/err.h"
