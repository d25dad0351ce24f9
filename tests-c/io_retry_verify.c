/*
 * io_retry_verify.c - SSL_set_retry_verify (SSL_CTRL_SET_RETRY_VERIFY) makes
 * a connection wait: SSL_want reports SSL_RETRY_VERIFY and SSL_get_error
 * SSL_ERROR_WANT_RETRY_VERIFY for a failure with an empty error queue (a
 * queued error still wins; a received shutdown does not). Which calls end
 * the wait (OpenSSL's rwstate back to SSL_NOTHING): SSL_clear (not when a
 * pending renegotiation refuses it) and DTLSv1_listen's SSL_clear, a read
 * after a received shutdown (not a peek), a write after a sent shutdown, a
 * TLS write reaching its record layer (not a DTLS one); everything else
 * before a handshake leaves it, and SSL_dup and SSL_copy_session_id do not
 * copy it. On a context the command is unknown (0). Twice-built.
 */
/* the version-specific methods are deprecated, and part of the API under test */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/bio.h>
#include "io_util.h"

static SSL_CTX *tls, *dtls, *tls_server, *tls_client, *dtls_server, *dtls_client;

static void show(const char *what, long r, SSL *s)
{
    printf("%s -> %ld want=%d get_error=%d (0: %d, -1: %d, 1: %d)\n", what, r, SSL_want(s), SSL_get_error(s, (int)r),
           SSL_get_error(s, 0), SSL_get_error(s, -1), SSL_get_error(s, 1));
    print_queue(what);
}

#define T(s, expr) show(#expr, (long)(expr), (s))

/* A new connection of ctx, waiting (role: 0 none, 1 connect, 2 accept). */
static SSL *waiting(SSL_CTX *ctx, int role)
{
    SSL *s = SSL_new(ctx);

    FATAL_IF(s == NULL, "SSL_new");
    if (role == 1)
        SSL_set_connect_state(s);
    else if (role == 2)
        SSL_set_accept_state(s);
    FATAL_IF(!SSL_set_retry_verify(s), "SSL_set_retry_verify");
    return s;
}

static void basics(void)
{
    SSL *s = SSL_new(tls), *d;
    char buf[8];

    printf("== basics\n");
    printf("SSL_CTX_ctrl SET_RETRY_VERIFY = %ld\n", SSL_CTX_ctrl(tls, SSL_CTRL_SET_RETRY_VERIFY, 0, NULL));
    print_queue("SSL_CTX_ctrl");
    T(s, 0);
    T(s, SSL_ctrl(s, SSL_CTRL_SET_RETRY_VERIFY, 7, NULL));
    T(s, SSL_set_retry_verify(s));
    /* A queued error decides first. */
    ERR_new();
    ERR_set_debug("test", 1, "queued_by_test");
    ERR_set_error(ERR_LIB_SSL, SSL_R_BAD_LENGTH, NULL);
    T(s, 0);
    /* A received shutdown does not: the wait is checked before it. */
    SSL_set_shutdown(s, SSL_RECEIVED_SHUTDOWN);
    T(s, 0);
    SSL_set_shutdown(s, 0);
    /* Left alone by the setters, the role and the method. */
    SSL_set_bio(s, BIO_new(BIO_s_mem()), BIO_new(BIO_s_mem()));
    T(s, SSL_set_fd(s, -1));
    SSL_set_connect_state(s);
    T(s, 0);
    SSL_set_accept_state(s);
    T(s, SSL_set_ssl_method(s, TLSv1_2_method()));
    T(s, SSL_set_ssl_method(s, DTLS_method()));
    T(s, SSL_set_session(s, NULL));
    T(s, SSL_set_SSL_CTX(s, dtls) != NULL);
    T(s, SSL_renegotiate(s));
    T(s, SSL_key_update(s, SSL_KEY_UPDATE_NOT_REQUESTED));
    T(s, SSL_shutdown(s));
    /* Not copied. */
    d = SSL_dup(s);
    FATAL_IF(d == NULL, "SSL_dup");
    T(d, 0);
    SSL_free(d);
    d = SSL_new(tls);
    FATAL_IF(d == NULL, "SSL_new");
    T(d, SSL_copy_session_id(d, s));
    SSL_free(d);
    /* A pending renegotiation refuses SSL_clear before the wait ends. */
    T(s, SSL_clear(s));
    SSL_free(s);
    s = waiting(tls, 0);
    T(s, SSL_clear(s));
    T(s, SSL_read(s, buf, sizeof buf));
    SSL_free(s);
    s = waiting(dtls, 0);
    T(s, DTLSv1_listen(s, NULL));
    SSL_free(s);
}

/* The I/O calls on a waiting connection of ctx with the role given. */
static void io_calls(SSL_CTX *ctx, const char *name, int role)
{
    SSL *s;
    char buf[8];
    size_t n = 0;

    printf("== %s, role %d\n", name, role);
    s = waiting(ctx, role); T(s, SSL_do_handshake(s)); SSL_free(s);
    s = waiting(ctx, role); T(s, SSL_read(s, buf, -1)); SSL_free(s);
    s = waiting(ctx, role); T(s, SSL_write(s, buf, -1)); SSL_free(s);
    s = waiting(ctx, role); T(s, SSL_read(s, buf, sizeof buf)); SSL_free(s);
    s = waiting(ctx, role); T(s, SSL_read_ex(s, buf, sizeof buf, &n)); SSL_free(s);
    s = waiting(ctx, role); T(s, SSL_peek(s, buf, sizeof buf)); SSL_free(s);
    s = waiting(ctx, role); T(s, SSL_peek_ex(s, buf, sizeof buf, &n)); SSL_free(s);
    s = waiting(ctx, role); T(s, SSL_write(s, "abc", 3)); SSL_free(s);
    s = waiting(ctx, role); T(s, SSL_write_ex(s, "abc", 3, &n)); SSL_free(s);
    s = waiting(ctx, role); T(s, SSL_shutdown(s)); SSL_free(s);
    if (role == 0)
        return;
    s = waiting(ctx, role);
    SSL_set_shutdown(s, SSL_RECEIVED_SHUTDOWN);
    T(s, SSL_peek(s, buf, sizeof buf));
    T(s, SSL_peek_ex(s, buf, sizeof buf, &n));
    T(s, SSL_read(s, buf, sizeof buf));
    SSL_free(s);
    s = waiting(ctx, role);
    SSL_set_shutdown(s, SSL_RECEIVED_SHUTDOWN);
    T(s, SSL_read_ex(s, buf, sizeof buf, &n));
    SSL_free(s);
    s = waiting(ctx, role);
    SSL_set_shutdown(s, SSL_SENT_SHUTDOWN);
    T(s, SSL_write(s, "abc", 3));
    SSL_free(s);
    s = waiting(ctx, role);
    SSL_set_shutdown(s, SSL_SENT_SHUTDOWN);
    T(s, SSL_write_ex(s, "abc", 3, &n));
    SSL_free(s);
}

/* Early data left waiting for a retry (the role's handshake function is
 * undefined, so SSL_connect / SSL_accept fail before any I/O). */
static void early_retry(SSL_CTX *ctx, const char *name, int server)
{
    SSL *s;
    SSL_SESSION *sess;
    char buf[8];
    size_t n = 0;
    int k;

    printf("== %s, early data retry\n", name);
    for (k = 0; k < 5; k++) {
        s = SSL_new(ctx);
        FATAL_IF(s == NULL, "SSL_new");
        if (server) {
            SSL_set_accept_state(s);
            T(s, SSL_read_early_data(s, buf, sizeof buf, &n));
        } else {
            sess = SSL_SESSION_new();
            FATAL_IF(sess == NULL, "SSL_SESSION_new");
            SSL_SESSION_set_max_early_data(sess, 100);
            SSL_set_session(s, sess);
            SSL_SESSION_free(sess);
            SSL_set_connect_state(s);
            T(s, SSL_write_early_data(s, "e", 1, &n));
        }
        FATAL_IF(!SSL_set_retry_verify(s), "SSL_set_retry_verify");
        switch (k) {
        case 0: T(s, SSL_write(s, "abc", 3)); break;
        case 1: T(s, SSL_read(s, buf, sizeof buf)); break;
        case 2: T(s, SSL_peek(s, buf, sizeof buf)); break;
        case 3: T(s, SSL_write_early_data(s, "e", 1, &n)); break;
        default: T(s, SSL_read_early_data(s, buf, sizeof buf, &n)); break;
        }
        SSL_free(s);
    }
}

int main(void)
{
    tls = SSL_CTX_new(TLS_method());
    dtls = SSL_CTX_new(DTLS_method());
    tls_server = SSL_CTX_new(TLS_server_method());
    tls_client = SSL_CTX_new(TLS_client_method());
    dtls_server = SSL_CTX_new(DTLS_server_method());
    dtls_client = SSL_CTX_new(DTLS_client_method());
    FATAL_IF(!tls || !dtls || !tls_server || !tls_client || !dtls_server || !dtls_client, "SSL_CTX_new");
    basics();
    /* No role, then the undefined handshake functions. */
    io_calls(tls, "TLS_method", 0);
    io_calls(tls_server, "TLS_server_method", 1);
    io_calls(tls_client, "TLS_client_method", 2);
    io_calls(dtls_server, "DTLS_server_method", 1);
    io_calls(dtls_client, "DTLS_client_method", 2);
    early_retry(tls_server, "TLS_server_method", 0);
    early_retry(tls_client, "TLS_client_method", 1);
    early_retry(dtls_server, "DTLS_server_method", 0);
    SSL_CTX_free(tls);
    SSL_CTX_free(dtls);
    SSL_CTX_free(tls_server);
    SSL_CTX_free(tls_client);
    SSL_CTX_free(dtls_server);
    SSL_CTX_free(dtls_client);
    return 0;
}
