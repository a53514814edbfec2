/*
 * authrules.c — see authrules.h.
 */
#include "authrules.h"
#include "../util/err.h"
#include "../i18n/i18n.h"

#include <string.h>

/* Counts UTF-8 code points; returns -1 for invalid UTF-8 (including
 * overlong forms, surrogates and values above U+10FFFF, which the escaping
 * writer in util/buf.c would show as U+FFFD). */
static long
utf8_count(const char *s)
{
	long n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int len;
		unsigned cp, min;
		if (*p < 0x80) {
			len = 1; cp = *p; min = 0;
		} else if (*p >= 0xC2 && *p <= 0xDF) {
			len = 2; cp = *p & 0x1Fu; min = 0x80;
		} else if (*p >= 0xE0 && *p <= 0xEF) {
			len = 3; cp = *p & 0x0Fu; min = 0x800;
		} else if (*p >= 0xF0 && *p <= 0xF4) {
			len = 4; cp = *p & 0x07u; min = 0x10000;
		} else {
			return -1;
		}
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return -1;
			cp = (cp << 6) | (p[i] & 0x3Fu);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		p += len;
		n++;
	}
	return n;
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
	if (username != NULL && strcasecmp(password, username) == 0) {
		*reason = N_("Password must not be the username.");
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
