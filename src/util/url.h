/*
 * url.h — where a user-supplied `next` target may lead.
 *
 * After sign-in and after a language change the server redirects to the
 * page the form names in `next`. Anything but a plain path on this site
 * would be an open redirect: browsers strip tabs and newlines anywhere in a
 * URL ("/\t/evil" becomes "//evil"), strip spaces and control characters
 * at its ends, read a backslash as a slash ("/\evil"), and take "//host" as
 * another host. So the rule is a whitelist, not a list of attacks.
 */
#ifndef SC_URL_H
#define SC_URL_H

#include <stdbool.h>

/* Longest target followed, in bytes; our own links are far shorter. */
#define URL_LOCAL_MAX 2048

/*
 * True when s is a path on this site that every browser resolves to this
 * host: 1 to URL_LOCAL_MAX bytes, each printable ASCII other than space and
 * backslash; it starts with "/" not followed by "/"; every "%" starts a
 * two-hex-digit escape; and in the path (before "?" or "#") no escape
 * decodes to "/", "\", a space or a control character, so one more round of
 * decoding cannot make it another host either. s may be NULL (false).
 */
bool url_local_path_ok(const char *s);

/* s when url_local_path_ok(s), else "/" (this site's home page). */
const char *url_local_or_root(const char *s);

#endif
