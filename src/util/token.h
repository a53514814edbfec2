/*
 * token.h — random tokens and their digests (libsodium).
 *
 * Session and API tokens carry 128 bits from the system CSPRNG. The store
 * keeps only their SHA-256 digest, so a leaked database does not leak live
 * sessions.
 */
#ifndef SC_TOKEN_H
#define SC_TOKEN_H

#include <stddef.h>

#define TOKEN_HEX_LEN 32      /* 128 bits as hex */
#define TOKEN_DIGEST_LEN 64   /* SHA-256 as hex */

/* Calls sodium_init(); returns 0 or SC_ERR. Safe to call more than once. */
int token_init(void);
/* Writes TOKEN_HEX_LEN hex characters and a NUL into out (33 bytes). */
void token_random(char out[TOKEN_HEX_LEN + 1]);
/* Writes the SHA-256 of s as TOKEN_DIGEST_LEN hex characters and a NUL. */
void token_digest(const char *s, char out[TOKEN_DIGEST_LEN + 1]);
/* Constant-time comparison of two NUL-terminated strings. */
int token_equal(const char *a, const char *b);

#endif
