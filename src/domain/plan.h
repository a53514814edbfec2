/*
 * plan.h — work plans: goal categories and statuses, goal and step validation, evaluation dates.
 *
 * Reasons and labels are static English msgids marked with N_() for
 * extraction; translate them with tr() when showing them.
 */
#ifndef SC_DOMAIN_PLAN_H
#define SC_DOMAIN_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/date.h"

#endif
