/*
 * enrolment.c — see enrolment.h.
 */
#include "domain/enrolment.h"

#include "i18n/i18n.h"
#include "util/err.h"
