/*
 * followup.c — see followup.h.
 */
#include "domain/followup.h"

#include "i18n/i18n.h"
#include "util/err.h"
