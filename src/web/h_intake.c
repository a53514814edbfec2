/*
 * h_intake.c — pages and API for this area; its routes are in routes_intake.inc.
 */
#include "case.h"
#include "http.h"
#include "util/arena.h"
#include "util/err.h"
