/*
 * intake.c — see intake.h.
 */
#include "domain/intake.h"

#include "i18n/i18n.h"
#include "util/err.h"
