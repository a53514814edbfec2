/*
 * csv.c — see csv.h.
 */
#include "util/csv.h"
