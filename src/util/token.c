/*
 * token.c — see token.h.
 */
#include "token.h"
#include "err.h"

#include <sodium.h>
#include <string.h>

int
token_init(void)
{
	return sodium_init() < 0 ? SC_ERR : SC_OK;
}

void
token_random(char out[TOKEN_HEX_LEN + 1])
{
	unsigned char raw[TOKEN_HEX_LEN / 2];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, TOKEN_HEX_LEN + 1, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

void
token_digest(const char *s, char out[TOKEN_DIGEST_LEN + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, TOKEN_DIGEST_LEN + 1, h, sizeof h);
}

int
token_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb || la == 0)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
