/*
 * authrules.c — see authrules.h.
 */
#include "authrules.h"
#include "../util/err.h"
#include "../i18n/i18n.h"

#include <stdbool.h>
#include <string.h>

/* Decodes the UTF-8 code point at *p into *cp and moves *p past it;
 * false for invalid UTF-8 (including overlong forms, surrogates and values
 * above U+10FFFF, which the escaping writer in util/buf.c would show as
 * U+FFFD). */
static bool
utf8_next(const unsigned char **p, unsigned *cp)
{
	const unsigned char *s = *p;
	int len;
	unsigned c, min;
	if (*s < 0x80) {
		len = 1; c = *s; min = 0;
	} else if (*s >= 0xC2 && *s <= 0xDF) {
		len = 2; c = *s & 0x1Fu; min = 0x80;
	} else if (*s >= 0xE0 && *s <= 0xEF) {
		len = 3; c = *s & 0x0Fu; min = 0x800;
	} else if (*s >= 0xF0 && *s <= 0xF4) {
		len = 4; c = *s & 0x07u; min = 0x10000;
	} else {
		return false;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return false;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return false;
	*p = s + len;
	*cp = c;
	return true;
}

/* Counts UTF-8 code points; returns -1 for invalid UTF-8 (utf8_next()). */
static long
utf8_count(const char *s)
{
	long n = 0;
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	while (*p) {
		if (!utf8_next(&p, &cp))
			return -1;
		n++;
	}
	return n;
}

/* Unicode's white space (White_Space=yes): what a keyboard's space bar,
 * tab and a pasted no-break space give. */
static bool
is_space(unsigned cp)
{
	return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000;
}

/* True when every code point of s (valid UTF-8) is white space. */
static bool
only_space(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	while (*p)
		if (!utf8_next(&p, &cp) || !is_space(cp))
			return false;
	return true;
}

/* True when s (valid UTF-8, not empty) is one code point repeated. */
static bool
one_repeated(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned first, cp;
	if (!utf8_next(&p, &first))
		return false;
	while (*p)
		if (!utf8_next(&p, &cp) || cp != first)
			return false;
	return true;
}

/* A byte of text in lower case: ASCII's letters. */
static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

/* True when password, ignoring the case of ASCII letters, is username
 * repeated at least once, whatever is left over the beginning of it
 * ("kari.nkari.n", "karikarikar"). Usernames are ASCII (username_validate()),
 * so bytes compare as characters. */
static bool
username_repeated(const char *password, const char *username)
{
	size_t ulen = strlen(username), plen = strlen(password);
	if (ulen == 0 || plen < ulen)
		return false;
	for (size_t i = 0; i < plen; i++)
		if (lower((unsigned char)password[i]) != lower((unsigned char)username[i % ulen]))
			return false;
	return true;
}

/*
 * The passwords of at least 12 characters found most often in the lists of
 * leaked passwords, and the product's own names: the ones an attacker tries
 * first (NIST SP 800-63B 5.1.1.2 asks that such be refused). Kept short on
 * purpose: a long list refuses what people mean and teaches them tricks; the
 * throttling of sign-in (decision 24) is what makes guessing the rest slow.
 * Compared ignoring the case of ASCII letters.
 */
static const char *const common_passwords[] = {
	"password1234", "password123!", "passwordpassword", "passord12345", "passord1234!", "passordpassord",
	"123456789012", "1234567890123", "12345678910!", "123123123123", "qwertyuiopas", "qwertyuiop12",
	"iloveyou1234", "welcome12345", "velkommen123", "velkommen1234",
	"secondchance", "secondchance1", "andresjanse1", "andresjanse12", "jobbsjansen1", "jobbsjansen12",
	"changeme1234",
};

static bool
common_password(const char *password)
{
	for (size_t i = 0; i < sizeof common_passwords / sizeof common_passwords[0]; i++) {
		const char *c = common_passwords[i];
		size_t k = 0;
		while (c[k] != '\0' && lower((unsigned char)password[k]) == (unsigned char)c[k])
			k++;
		if (c[k] == '\0' && password[k] == '\0')
			return true;
	}
	return false;
}

/*
 * True when password is a season, in Norwegian or English, followed only by
 * digits and ASCII punctuation: "Sommer2026!!", "Høst2025", "winter-2026",
 * the password people choose when told to change it every quarter. The
 * season's case is ignored (ASCII letters, Æ Ø Å).
 */
static bool
season_and_year(const char *password)
{
	static const char *const seasons[] = {"sommer", "vinter", "h\xC3\xB8st", "v\xC3\xA5r", "summer", "winter",
					      "autumn", "spring"};
	for (size_t i = 0; i < sizeof seasons / sizeof seasons[0]; i++) {
		const char *s = seasons[i];
		size_t k = 0;
		for (; s[k] != '\0' && password[k] != '\0'; k++) {
			unsigned char c = lower((unsigned char)password[k]);
			/* Æ Ø Å (C3 86, 98, 85) as æ ø å (C3 A6, B8, A5) */
			if (k > 0 && (unsigned char)password[k - 1] == 0xC3 && (c == 0x86 || c == 0x98 || c == 0x85))
				c = (unsigned char)(c + 0x20);
			if (c != (unsigned char)s[k])
				break;
		}
		if (s[k] != '\0' || password[k] == '\0')
			continue;
		bool rest = true;   /* digits and ASCII punctuation only */
		for (const unsigned char *p = (const unsigned char *)password + k; *p && rest; p++) {
			unsigned char c = lower(*p);
			rest = c > 0x20 && c < 0x7F && !(c >= 'a' && c <= 'z');
		}
		if (rest)
			return true;
	}
	return false;
}

/*
 * The shapes of a password that look long and are guessed at once: most of
 * it one character, a short pattern repeated, a run of the alphabet or the
 * digits. They are judged on the password's characters with the case of
 * letters ignored (ASCII and Latin-1's: Æ is æ), so "aaaaaaaaaaaA" is one
 * character and "AbcAbcAbcAbc" one pattern.
 */

/* The most characters a password of PASSWORD_MAX_BYTES bytes holds. */
#define PW_MAX_CHARS PASSWORD_MAX_BYTES

/* The case-folded code points of password (valid UTF-8, at most
 * PASSWORD_MAX_BYTES bytes) into cps; their number. */
static size_t
folded_chars(const char *password, unsigned cps[PW_MAX_CHARS])
{
	const unsigned char *p = (const unsigned char *)password;
	size_t n = 0;
	unsigned cp;
	while (*p && n < PW_MAX_CHARS && utf8_next(&p, &cp)) {
		if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
			cp += 0x20;
		cps[n++] = cp;
	}
	return n;
}

/* True when one character (folded) is more than half of the n in cps:
 * "aaaaaaaaaaaA", "aaaaaaab1234", "   x        ". Counted by Boyer-Moore's
 * majority vote, then checked. */
static bool
mostly_one(const unsigned *cps, size_t n)
{
	unsigned cand = 0;
	size_t votes = 0;
	for (size_t i = 0; i < n; i++) {
		if (votes == 0)
			cand = cps[i];
		if (cps[i] == cand)
			votes++;
		else
			votes--;
	}
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += cps[i] == cand;
	return 2 * count > n;
}

/* The longest pattern password_policy_check() refuses repeated. */
#define PW_PATTERN_MAX 4

/* True when the n characters of cps (folded) are a pattern of 2 to
 * PW_PATTERN_MAX characters repeated, whatever is left over its beginning:
 * "abcabcabcabc", "AbcdAbcdAbcdAb", "12121212121212". */
static bool
pattern_repeated(const unsigned *cps, size_t n)
{
	for (size_t len = 2; len <= PW_PATTERN_MAX && 2 * len <= n; len++) {
		size_t i = len;
		while (i < n && cps[i] == cps[i - len])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* The step from a to b in the order of the alphabet a–z or of the digits
 * as on a keyboard (1 2 … 9 0): +1 next, -1 before, 0 neither. */
static int
run_step(unsigned a, unsigned b)
{
	bool letters = a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z';
	bool digits = a >= '0' && a <= '9' && b >= '0' && b <= '9';
	if (!letters && !digits)
		return 0;
	/* the digits' keyboard order: 0 after 9 */
	int ka = digits ? (a == '0' ? 10 : (int)(a - '0')) : (int)a;
	int kb = digits ? (b == '0' ? 10 : (int)(b - '0')) : (int)b;
	return kb - ka == 1 ? 1 : kb - ka == -1 ? -1 : 0;
}

/* True when one run of letters or digits in order, up or down, is more than
 * half of the n characters in cps: "abcdefghijkl", "234567890123",
 * "zyxwvuts1234". A short run inside ("my abc and more") is not. */
static bool
mostly_run(const unsigned *cps, size_t n)
{
	size_t longest = n > 0 ? 1 : 0, len = 1;
	int dir = 0;
	for (size_t i = 1; i < n; i++) {
		int step = run_step(cps[i - 1], cps[i]);
		if (step != 0 && step == dir) {
			len++;
		} else {
			dir = step;
			len = step != 0 ? 2 : 1;
		}
		if (len > longest)
			longest = len;
	}
	return 2 * longest > n;
}

int
password_policy_check(const char *password, const char *username, const char **reason)
{
	if (password == NULL || *password == '\0') {
		*reason = N_("This field is required.");
		return SC_EINVAL;
	}
	if (strlen(password) > PASSWORD_MAX_BYTES) {
		*reason = N_("Password must be at most 1024 characters.");
		return SC_EINVAL;
	}
	long n = utf8_count(password);
	if (n < 0) {
		*reason = N_("Password contains characters that are not valid text.");
		return SC_EINVAL;
	}
	if (n < PASSWORD_MIN_CHARS) {
		*reason = N_("Password must be at least 12 characters.");
		return SC_EINVAL;
	}
	if (only_space(password)) {
		*reason = N_("Password must not be only spaces.");
		return SC_EINVAL;
	}
	if (one_repeated(password)) {
		*reason = N_("Password must not be one character repeated.");
		return SC_EINVAL;
	}
	if (username != NULL && strcasecmp(password, username) == 0) {
		*reason = N_("Password must not be the username.");
		return SC_EINVAL;
	}
	if (username != NULL && username_repeated(password, username)) {
		*reason = N_("Password must not be the username repeated.");
		return SC_EINVAL;
	}
	if (common_password(password)) {
		*reason = N_("Password is one of the most common passwords; choose another.");
		return SC_EINVAL;
	}
	if (season_and_year(password)) {
		*reason = N_("Password must not be a season and a year, such as Sommer2026!!.");
		return SC_EINVAL;
	}
	unsigned cps[PW_MAX_CHARS];
	size_t nc = folded_chars(password, cps);
	if (mostly_one(cps, nc)) {
		*reason = N_("Password must not be mostly one character, in any case.");
		return SC_EINVAL;
	}
	if (pattern_repeated(cps, nc)) {
		*reason = N_("Password must not be a short pattern repeated, such as abcabcabcabc.");
		return SC_EINVAL;
	}
	if (mostly_run(cps, nc)) {
		*reason = N_("Password must not be mostly letters or digits in order, such as abcdefgh or 98765432.");
		return SC_EINVAL;
	}
	return SC_OK;
}

int
username_validate(const char *username, const char **reason)
{
	size_t n = username ? strlen(username) : 0;
	if (n == 0) {
		*reason = N_("This field is required.");
		return SC_EINVAL;
	}
	if (n < 2 || n > 64) {
		*reason = N_("Username must be 2 to 64 characters.");
		return SC_EINVAL;
	}
	if (username[0] < 'a' || username[0] > 'z') {
		*reason = N_("Username must start with a letter a-z.");
		return SC_EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		char c = username[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
			*reason = N_("Username may hold only a-z, 0-9, dot, underscore and hyphen.");
			return SC_EINVAL;
		}
	}
	return SC_OK;
}

int
display_name_validate(const char *name, const char **reason)
{
	if (name == NULL || *name == '\0') {
		*reason = N_("This field is required.");
		return SC_EINVAL;
	}
	if (strlen(name) > 120) {
		*reason = N_("Name must be at most 120 characters.");
		return SC_EINVAL;
	}
	if (utf8_count(name) < 0) {
		*reason = N_("Name contains characters that are not valid text.");
		return SC_EINVAL;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x20 || *p == 0x7F) {
			*reason = N_("Name contains control characters.");
			return SC_EINVAL;
		}
	}
	return SC_OK;
}

int64_t
throttle_delay(int64_t failures, int free_failures, int64_t max_delay)
{
	if (failures < free_failures)
		return 0;
	int64_t doublings = failures - free_failures;
	/* 2^62 s is past any cap; stop doubling before it overflows. */
	if (doublings >= 62 || (INT64_C(1) << doublings) >= max_delay)
		return max_delay;
	return INT64_C(1) << doublings;
}

/* Seconds left of the delay that `failures` earn, counted from the latest
 * of them. A latest in the future (the clock stepped back) counts as now. */
static int64_t
wait_left(int64_t failures, int64_t latest, int free_failures, int64_t max_delay, int64_t now)
{
	if (failures <= 0)
		return 0;
	int64_t delay = throttle_delay(failures, free_failures, max_delay);
	int64_t since = latest > now ? 0 : now - latest;
	return since >= delay ? 0 : delay - since;
}

int64_t
throttle_wait(const struct throttle_policy *p, const struct throttle_counts *c, int64_t now)
{
	if (c->pair < p->free_pair)
		return 0;
	int64_t wait = wait_left(c->pair, c->pair_latest, p->free_pair, p->max_delay, now);
	int64_t w = wait_left(c->account, c->account_latest, p->free_account, p->max_delay, now);
	if (w > wait)
		wait = w;
	w = wait_left(c->address, c->address_latest, p->free_address, p->max_delay, now);
	if (w > wait)
		wait = w;
	return wait;
}

struct throttle_text
throttle_wait_text(int64_t seconds)
{
	struct throttle_text t = {1, false};
	if (seconds >= 60) {
		int64_t minutes = (seconds + 59) / 60;
		t.amount = minutes > INT32_MAX ? INT32_MAX : (int)minutes;
		t.minutes = true;
	} else if (seconds > 1) {
		t.amount = (int)seconds;
	}
	return t;
}

int
token_lifetime_parse(const char *text, int *days, const char **reason)
{
	if (text == NULL || *text == '\0') {
		*days = TOKEN_LIFETIME_DEFAULT_DAYS;
		return SC_OK;
	}
	long n = 0;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9') {
			*reason = N_("Lifetime must be a whole number of days.");
			return SC_EINVAL;
		}
		if (n <= TOKEN_LIFETIME_MAX_DAYS)   /* stop growing: no overflow */
			n = n * 10 + (*p - '0');
	}
	if (n < 1 || n > TOKEN_LIFETIME_MAX_DAYS) {
		*reason = N_("Lifetime must be from 1 to 365 days.");
		return SC_EINVAL;
	}
	*days = (int)n;
	return SC_OK;
}

bool
token_expired(int64_t expires_at, int64_t now)
{
	return now >= expires_at;
}

bool
session_expired(int64_t created, int64_t last_seen, int64_t now,
		int64_t idle_timeout, int64_t absolute_timeout)
{
	return now - last_seen >= idle_timeout || now - created >= absolute_timeout;
}

bool
session_needs_touch(int64_t last_seen, int64_t now, int64_t idle_timeout)
{
	int64_t interval = idle_timeout / 4 < SESSION_TOUCH_INTERVAL ? idle_timeout / 4
								     : SESSION_TOUCH_INTERVAL;
	return now - last_seen >= interval;
}
