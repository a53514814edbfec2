/*
 * store_settings.h — what an installation keeps about itself in its own
 * database (installation_settings, migration 8), as opposed to the
 * configuration file: facts that belong to the data, such as "this register
 * holds the made-up demo centre". Included by store.h.
 */
#ifndef SC_STORE_SETTINGS_H
#define SC_STORE_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;

/* "1" when the register holds the demo centre (`secondchance demo`): its
 * identity numbers are synthetic test numbers, so the register accepts
 * synthetic numbers from then on (decision 26). */
#define SETTING_DEMO "demo"

/* The value of key (arena copy) in *value. SC_ENOTFOUND when it was never
 * set (*value is then NULL). */
int store_setting_get(struct db *db, struct arena *a, const char *key, const char **value);

/* Sets key to value (inserting or replacing), with now as the moment it
 * was set. Run it in the caller's write transaction when it goes with other
 * changes. */
int store_setting_set(struct db *db, const char *key, const char *value, int64_t now);

/* *demo is true when SETTING_DEMO is "1". */
int store_installation_is_demo(struct db *db, bool *demo);

#endif
