/*
 * i18n.h — translations of the user interface, Norwegian Bokmål and English.
 *
 * Source strings (msgids) are English and live in the C code; po/nb.po holds
 * the Bokmål translations, compiled to a GNU .mo catalogue at build time and
 * embedded in the binary. The language is chosen per request by passing it to
 * tr()/trn(): there is no global or per-thread locale, so no setlocale(),
 * uselocale() or installed system locales are involved.
 *
 * Threads: i18n_init(), i18n_shutdown() and i18n_load_mo() write shared state
 * and must not run while another thread translates. After i18n_init() the
 * catalogues are read-only and tr()/trn()/i18n_*() are lock-free and safe to
 * call from any thread.
 *
 * Marking strings: xgettext (scripts/po-update.sh) extracts the msgid
 * arguments of tr() and trn() and the strings wrapped in N_(), which is for
 * static tables whose entries are translated later with tr().
 */
#ifndef SC_I18N_H
#define SC_I18N_H

#include <stddef.h>

/* The languages of the user interface. LANG_NB is the default. */
enum lang {
	LANG_NB = 0,   /* Norwegian Bokmål */
	LANG_EN = 1,   /* English: the msgids themselves */
	LANG_COUNT
};

/* Marks a string for extraction without translating it; translate the stored
 * pointer later with tr(). */
#define N_(s) (s)

/*
 * Parses the catalogues embedded in the binary. Call once at startup, before
 * threads start; calling it again after success does nothing and returns 0.
 * Returns 0, SC_EINVAL when an embedded catalogue is corrupt (nothing is
 * loaded then), SC_ENOTFOUND when the Bokmål catalogue is missing from the
 * build, or SC_ENOMEM. Until it succeeds, tr() returns msgids unchanged.
 */
int i18n_init(void);

/*
 * Forgets every catalogue and frees what i18n_init() and i18n_load_mo()
 * allocated; afterwards tr() returns msgids unchanged until the next
 * i18n_init(). Strings returned from the embedded catalogue stay valid;
 * strings returned from a catalogue given to i18n_load_mo() do not.
 */
void i18n_shutdown(void);

/*
 * Returns the translation of msgid into lang, or msgid itself when lang is
 * English (and no English catalogue was loaded), when the catalogue has no
 * translation, when msgid is "" or when lang is out of range. A NULL msgid
 * returns "". The result is never NULL, is UTF-8, is not to be freed and is
 * valid for the life of the process (see i18n_shutdown() for the exception).
 * It is not escaped: write it through the HTML escaping writer.
 * Cost: a binary search over the catalogue.
 */
const char *tr(enum lang lang, const char *msgid);

/*
 * Returns the plural form of (singular, plural) for the count n, chosen by
 * the Plural-Forms expression of lang's catalogue (for nb and en: one form
 * for n == 1, the other for everything else). Without a translation returns
 * singular when n == 1 and plural otherwise. NULL arguments are treated as
 * "". Lifetime and escaping as for tr(). The format directives (%lu, ...)
 * are left for the caller to fill in.
 */
const char *trn(enum lang lang, const char *singular, const char *plural,
		unsigned long n);

/* Returns the language's code, "nb" or "en"; NULL when lang is out of range. */
const char *i18n_code(enum lang lang);

/* Returns the language's name in that language, "Norsk bokmål" or
 * "English" (for a language picker); NULL when lang is out of range. */
const char *i18n_name(enum lang lang);

/*
 * Parses a language code, ignoring case: "nb", "no", "nb-NO", "no-NO" (and
 * the same with '_') give LANG_NB; "en", "en-GB", "en-US" give LANG_EN.
 * Returns 0 and sets *out, or SC_EINVAL (leaving *out alone) for anything
 * else, including NULL and "nn" (Nynorsk is not Bokmål).
 */
int i18n_parse_code(const char *s, enum lang *out);

/*
 * Test hook: replaces lang's catalogue with a copy of the GNU .mo file in
 * data[0..len). Both byte orders are accepted; the hash table is ignored.
 * Returns 0; SC_EINVAL when the file is corrupt (bad magic or revision,
 * tables or strings past the end, strings not NUL-terminated or not UTF-8,
 * originals not sorted, a charset other than UTF-8, a bad Plural-Forms),
 * leaving the previous catalogue in place; SC_ENOMEM; or SC_EINVAL for a
 * lang out of range. len == 0 (data may then be NULL) removes the catalogue.
 * Not thread-safe: strings returned from the replaced catalogue become
 * invalid.
 */
int i18n_load_mo(enum lang lang, const unsigned char *data, size_t len);

#endif
