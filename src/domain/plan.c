/*
 * plan.c — see plan.h.
 */
#include "domain/plan.h"

#include "i18n/i18n.h"
#include "util/err.h"
