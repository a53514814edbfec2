/*
 * store_intake.c — see store_intake.h.
 */
#include "db.h"
#include "store.h"
#include "../util/err.h"
