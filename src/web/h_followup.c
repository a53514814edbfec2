/*
 * h_followup.c — pages and API for this area; its routes are in routes_followup.inc.
 */
#include "case.h"
#include "http.h"
#include "util/arena.h"
#include "util/err.h"
