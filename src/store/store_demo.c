/*
 * store_demo.c — see store_demo.h.
 */
#include "db.h"
#include "store.h"
#include "../util/err.h"
