/*
 * peer_callback_reentry.c - sessl-only: libcrypto's X509 ex_data callbacks
 * may ask for the peer of the session whose certificate they see made or
 * freed, and must get an answer, not a deadlock.
 *
 * sessl decodes a session's X509 when it is first asked for
 * (peer_decoded_on_first_use.c), so its new callbacks run inside
 * SSL_SESSION_get0_peer, not inside d2i_SSL_SESSION as with OpenSSL; the free
 * callbacks of a replaced certificate run inside d2i_SSL_SESSION(&s, ...).
 * A callback calling SSL_SESSION_get0_peer on that session there gets NULL
 * from inside the decoding (as with OpenSSL, where the session has no peer
 * yet while d2i decodes it), the session's current X509 otherwise. A hang
 * fails the test through SIGALRM.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include "check_util.h"

DEFINE_ON_ALARM("FAIL  timeout: an X509 callback calling SSL_SESSION_get0_peer hung\n")

static SSL_SESSION *asked;     /* the session the callbacks ask about */
static int made, freed, null_answers, answers;

static void ask(void)
{
    if (asked == NULL)
        return;
    if (SSL_SESSION_get0_peer(asked) == NULL)
        null_answers++;
    else
        answers++;
}

static void on_new(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent; (void)ptr; (void)ad; (void)idx; (void)argl; (void)argp;
    made++;
    ask();
}

static void on_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent; (void)ptr; (void)ad; (void)idx; (void)argl; (void)argp;
    freed++;
    ask();
}

static int failures;
#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            printf("FAIL line %d: %s (made %d freed %d null %d answers %d)\n", \
                   __LINE__, #cond, made, freed, null_answers, answers);     \
            failures++;                                                      \
        }                                                                    \
    } while (0)

static unsigned char der[8192];
static long der_len;

static SSL_SESSION *decode(SSL_SESSION **into)
{
    const unsigned char *p = der;

    return d2i_SSL_SESSION(into, &p, der_len);
}

int main(void)
{
    FILE *f = fopen("tests-c/fixtures/tls13.der", "rb");
    SSL_SESSION *s;
    X509 *x;
    int made_before, freed_before;

    FATAL_IF(f == NULL, "run from the repository root");
    der_len = (long)fread(der, 1, sizeof(der), f);
    fclose(f);
    signal(SIGALRM, on_alarm);
    alarm(60);
    FATAL_IF(CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_X509, 0, NULL, on_new, NULL, on_free) < 0,
             "CRYPTO_get_ex_new_index");

    s = decode(NULL);
    FATAL_IF(s == NULL, "d2i_SSL_SESSION");
    asked = s;

    /* First use: decoded here; the new callbacks ask from inside it. */
    x = SSL_SESSION_get0_peer(s);
    CHECK(x != NULL);
    CHECK(made > 0 && null_answers == made + freed && answers == 0);
    CHECK(SSL_SESSION_get0_peer(s) == x);

    /* Replaced: the old X509's free callbacks ask for the new one, decoding
     * it (whose new callbacks ask from inside that decoding). */
    made_before = made;
    freed_before = freed;
    null_answers = answers = 0;
    CHECK(decode(&s) == s);
    CHECK(freed > freed_before && made > made_before);
    CHECK(answers > 0);
    x = SSL_SESSION_get0_peer(s);
    CHECK(x != NULL);

    asked = NULL; /* a session being freed is not asked about */
    SSL_SESSION_free(s);
    CHECK(made == freed); /* every X509 freed */

    if (failures == 0)
        printf("ok\n");
    return failures != 0;
}
