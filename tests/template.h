/*
 * template.h — the migrated, empty database a test program starts from,
 * made once and copied (tests/http/harness.c, tests/store/fixture.c).
 *
 * Migrating takes seconds under the sanitizers (about 4 s of CPU on
 * SQLite, half of a typical HTTP test program's), and it is the same for
 * every program of one build. So the first program to need it makes a
 * template, under a lock beside the test programs, and every other one
 * copies it: SQLite a file, PostgreSQL CREATE DATABASE ... TEMPLATE. The
 * caller names the template by what made it (the binary, or the embedded
 * migrations), so a rebuilt binary or a new migration makes a new one.
 * SC_TEST_NO_TEMPLATE=1 turns it off: each program migrates its own.
 */
#ifndef SC_TESTS_TEMPLATE_H
#define SC_TESTS_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TPL_FNV_INIT 14695981039346656037ULL

/* False when SC_TEST_NO_TEMPLATE=1. */
bool tpl_wanted(void);
/* FNV-1a of n bytes at p, on from h (TPL_FNV_INIT to begin). */
uint64_t tpl_fnv(uint64_t h, const void *p, size_t n);
/* The exclusive lock dir/.sc-NAME-template.lock (waits for it): its
 * descriptor, or -1. */
int tpl_lock(const char *dir, const char *name);
void tpl_unlock(int fd);
/* Copies the file from to to (made or emptied); 0 or -1. */
int tpl_copy_file(const char *from, const char *to);
/* Keeps the SQLite database at db, which no one else has open, as the
 * template at tpl: its WAL folded into the file, copied beside tpl and
 * renamed into place. Best effort: when it fails there is no template
 * and the next program makes it. */
void tpl_sqlite_keep(const char *db, const char *tpl);
/* Removes the SQLite templates dir/.sc-NAME-template-*.db but keep (an
 * older binary's or migrations'), under the lock. */
void tpl_prune(const char *dir, const char *name, const char *keep);
/* The PostgreSQL URL url with its database (its path) replaced by name,
 * its query kept, into out; -1 when it does not fit. */
int tpl_url_with_db(const char *url, const char *name, char *out, size_t outlen);
/* "CREATE DATABASE name TEMPLATE tpl STRATEGY FILE_COPY" into out (the
 * copy strategy of PostgreSQL 15, a quarter of the default's time for a
 * small database on a cluster without fsync). */
void tpl_pg_create_sql(char *out, size_t outlen, const char *name, const char *tpl);

#endif
