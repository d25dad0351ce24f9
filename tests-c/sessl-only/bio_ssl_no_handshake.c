/*
 * bio_ssl_no_handshake.c - sessl-only: the ssl BIO (BIO_f_ssl) over a
 * connection that would handshake (a role chosen, a BIO pair below it) fails
 * loudly, as SSL_do_handshake, SSL_read and SSL_write do in sessl
 * (COMPATIBILITY.md, "What needs a handshake"): BIO_do_handshake returns -1
 * with the error from SSL_do_handshake; BIO_read / BIO_gets-free reads and
 * BIO_write / BIO_puts return -1 (the _ex forms 0) with exactly one error,
 * ERR_LIB_SSL / SESSL_R_NO_TLS_HANDSHAKE, from "BIO_read" or "BIO_write"; no
 * retry flag is left set (OpenSSL's BIO sets none for SSL_ERROR_SSL); nothing
 * arrives at the other half of the pair. BIO_new_ssl_connect's chain fails
 * the same way without connecting anywhere. And SSL_dup after such a
 * failure still copies the connection (it never left the before state;
 * OpenSSL's, past the start of its handshake, would be returned itself).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include "check_util.h"

static int failed;

#define CHECK(cond, ...)                                   \
    do {                                                   \
        if (cond) {                                        \
            printf("ok    ");                              \
        } else {                                           \
            printf("FAIL  ");                              \
            failed = 1;                                    \
        }                                                  \
        printf(__VA_ARGS__);                               \
        printf("\n");                                      \
    } while (0)

/* Pops the queue: exactly one error, the loud one from `name`. */
static int loud_error(const char *name)
{
    const char *func, *data;
    int flags, n = 0, ok;
    char want[128];
    unsigned long e = ERR_get_error_all(NULL, NULL, &func, &data, &flags);

    snprintf(want, sizeof(want), "sessl performs no TLS handshake: %s", name);
    ok = e != 0 && ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == SESSL_R_NO_TLS_HANDSHAKE
        && func != NULL && strcmp(func, name) == 0 && (flags & ERR_TXT_STRING) && data != NULL
        && strcmp(data, want) == 0;
    if (!ok)
        printf("      got lib=%d reason=%d func=%s data=%s\n", e ? ERR_GET_LIB(e) : 0,
               e ? ERR_GET_REASON(e) : 0, func ? func : "-",
               (flags & ERR_TXT_STRING) && data ? data : "-");
    while (ERR_get_error() != 0)
        n++;
    if (n != 0)
        printf("      %d more error(s)\n", n);
    return ok && n == 0;
}

static int no_retry(BIO *b)
{
    return BIO_test_flags(b, BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY) == 0
        && BIO_get_retry_reason(b) == 0;
}

static void over_a_pair(SSL_CTX *ctx, int client)
{
    const char *role = client ? "client" : "server";
    BIO *b = BIO_new_ssl(ctx, client), *mine = NULL, *peer = NULL;
    SSL *s = NULL;
    char buf[16];
    size_t n = 7;
    int r;

    FATAL_IF(b == NULL || !BIO_new_bio_pair(&mine, 0, &peer, 0), "setup");
    BIO_push(b, mine);
    BIO_get_ssl(b, &s);
    CHECK(SSL_get_rbio(s) == mine && SSL_get_wbio(s) == mine, "%s: the pushed BIO is the connection's", role);

    BIO_set_retry_read(b);
    r = (int)BIO_do_handshake(b);
    CHECK(r == -1 && SSL_get_error(s, r) == SSL_ERROR_SSL, "%s: BIO_do_handshake -1 (got %d)", role, r);
    CHECK(no_retry(b), "%s: BIO_do_handshake leaves no retry flag", role);
    CHECK(loud_error("SSL_do_handshake"), "%s: BIO_do_handshake: the no-handshake error", role);

    BIO_set_retry_write(b);
    r = BIO_read(b, buf, sizeof(buf));
    CHECK(r == -1 && no_retry(b), "%s: BIO_read -1, no retry flag (got %d)", role, r);
    CHECK(loud_error("BIO_read"), "%s: BIO_read: the no-handshake error", role);
    r = BIO_read_ex(b, buf, sizeof(buf), &n);
    CHECK(r == 0 && loud_error("BIO_read"), "%s: BIO_read_ex 0 (got %d), loud", role, r);

    BIO_set_retry_read(b);
    r = BIO_write(b, "hello", 5);
    CHECK(r == -1 && no_retry(b), "%s: BIO_write -1, no retry flag (got %d)", role, r);
    CHECK(loud_error("BIO_write"), "%s: BIO_write: the no-handshake error", role);
    r = BIO_write_ex(b, "hello", 5, &n);
    CHECK(r == 0 && loud_error("BIO_write"), "%s: BIO_write_ex 0 (got %d), loud", role, r);
    r = BIO_puts(b, "hello");
    CHECK(r == -1 && loud_error("BIO_write"), "%s: BIO_puts -1 (got %d), loud", role, r);

    CHECK(BIO_ctrl_pending(peer) == 0 && BIO_ctrl_pending(mine) == 0, "%s: nothing written", role);
    CHECK(SSL_in_before(s), "%s: still before the handshake", role);
    BIO_free_all(b);
    BIO_free(peer);
    ERR_clear_error();
}

static void connect_chain(SSL_CTX *ctx)
{
    BIO *b = BIO_new_buffer_ssl_connect(ctx);
    int r;

    FATAL_IF(b == NULL, "BIO_new_buffer_ssl_connect");
    BIO_set_conn_hostname(BIO_next(b), "127.0.0.1:9");
    r = (int)BIO_do_connect(b);
    CHECK(r == -1, "connect chain: BIO_do_connect -1 (got %d)", r);
    CHECK(loud_error("SSL_do_handshake"), "connect chain: the no-handshake error, no connection made");
    r = BIO_write(b, "x", 1);
    r = (int)BIO_flush(b);
    CHECK(r <= 0 && loud_error("BIO_write"), "connect chain: the buffered write fails loudly on flush (got %d)", r);
    BIO_free_all(b);
    ERR_clear_error();
}

static void dup_after_connect(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx), *d;
    BIO *mine = NULL, *peer = NULL;
    int r;

    FATAL_IF(s == NULL || !BIO_new_bio_pair(&mine, 0, &peer, 0), "setup");
    SSL_set_bio(s, mine, mine);
    r = SSL_connect(s);
    CHECK(r == -1 && loud_error("SSL_connect"), "SSL_connect fails loudly (got %d)", r);
    d = SSL_dup(s);
    CHECK(d != NULL && d != s, "SSL_dup after it: a copy, not the same connection");
    CHECK(d != NULL && !SSL_is_server(d) && SSL_in_before(d), "the copy: a client, before its handshake");
    CHECK(d != NULL && SSL_get_rbio(d) == NULL, "the copy has no BIOs");
    SSL_free(d);
    SSL_free(s);
    BIO_free(peer);
    ERR_clear_error();
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    over_a_pair(ctx, 1);
    over_a_pair(ctx, 0);
    connect_chain(ctx);
    dup_after_connect(ctx);
    SSL_CTX_free(ctx);
    return failed;
}
