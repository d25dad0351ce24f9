/*
 * io_async_wait_ctx.c - with SSL_MODE_ASYNC set, a call that gets past
 * OpenSSL's checks to the handshake function or the record layer runs it in
 * an async job, which gives the connection its ASYNC_WAIT_CTX even when the
 * function is ssl_undefined_function: from then on SSL_get_async_status
 * (status 0), SSL_get_all_async_fds and SSL_get_changed_async_fds (no fds)
 * return 1, through SSL_clear and with the mode cleared; an SSL_dup copy has
 * none. Calls refused before that point (no connection type, a shutdown
 * flag, SSL_shutdown in init) and calls without the mode make none. Found by
 * the sequence tester (tests-c/difffuzz, seeds 890 and 1939). Twice-built.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include "io_util.h"

static void show(const char *what, SSL *s)
{
    int status = 77, r1, r2, r3;
    size_t n = 5, add = 6, del = 7;

    r1 = SSL_get_async_status(s, &status);
    r2 = SSL_get_all_async_fds(s, NULL, &n);
    r3 = SSL_get_changed_async_fds(s, NULL, &add, NULL, &del);
    printf("%-32s waiting=%d status: %d (%d) all: %d (n=%zu) changed: %d (add=%zu del=%zu)\n", what,
           SSL_waiting_for_async(s), r1, status, r2, n, r3, add, del);
    print_queue(what);
}

static SSL *fresh(SSL_CTX *ctx, int async, int connect)
{
    SSL *s = SSL_new(ctx);

    FATAL_IF(s == NULL, "SSL_new");
    if (async)
        SSL_set_mode(s, SSL_MODE_ASYNC);
    if (connect)
        SSL_set_connect_state(s);
    return s;
}

int main(void)
{
    /* A server method: connecting runs ssl_undefined_function. */
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method()), *dctx = SSL_CTX_new(DTLS_server_method());
    SSL *s, *d;
    char buf[8];
    size_t n;

    FATAL_IF(ctx == NULL || dctx == NULL, "SSL_CTX_new");
    s = fresh(ctx, 1, 0);
    show("async, fresh", s);
    printf("SSL_do_handshake = %d\n", SSL_do_handshake(s));
    show("no connection type", s);
    printf("SSL_read = %d\n", SSL_read(s, buf, sizeof buf));
    show("read, no connection type", s);
    SSL_set_connect_state(s);
    SSL_set_shutdown(s, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    printf("SSL_read = %d\n", SSL_read(s, buf, sizeof buf));
    printf("SSL_write = %d\n", SSL_write(s, "a", 1));
    printf("SSL_shutdown = %d\n", SSL_shutdown(s));
    show("shutdown flags", s);
    SSL_set_shutdown(s, 0);
    printf("SSL_shutdown = %d\n", SSL_shutdown(s));
    printf("SSL_write(-1) = %d\n", SSL_write(s, "a", -1));
    show("in init, bad length", s);
    printf("SSL_peek = %d\n", SSL_peek(s, buf, sizeof buf));
    show("peek", s);
    printf("SSL_clear = %d\n", SSL_clear(s));
    show("cleared", s);
    SSL_clear_mode(s, SSL_MODE_ASYNC);
    show("mode cleared", s);
    d = SSL_dup(s);
    FATAL_IF(d == NULL, "SSL_dup");
    show("its dup", d);
    SSL_free(d);
    SSL_free(s);

    s = fresh(ctx, 1, 1);
    printf("SSL_do_handshake = %d\n", SSL_do_handshake(s));
    show("do_handshake", s);
    SSL_free(s);
    s = fresh(ctx, 1, 1);
    printf("SSL_connect = %d\n", SSL_connect(s));
    show("connect", s);
    SSL_free(s);
    s = fresh(ctx, 1, 1);
    printf("SSL_read_ex = %d\n", SSL_read_ex(s, buf, sizeof buf, &n));
    show("read_ex", s);
    SSL_free(s);
    s = fresh(ctx, 1, 1);
    printf("SSL_write_ex = %d\n", SSL_write_ex(s, "a", 1, &n));
    show("write_ex", s);
    SSL_free(s);
    s = fresh(dctx, 1, 1);
    printf("SSL_write (DTLS) = %d\n", SSL_write(s, "a", 1));
    show("DTLS write", s);
    SSL_free(s);
    s = fresh(ctx, 0, 1);
    printf("SSL_do_handshake = %d\n", SSL_do_handshake(s));
    show("no async mode", s);
    SSL_set_mode(s, SSL_MODE_ASYNC);
    show("mode set after", s);
    SSL_free(s);
    SSL_CTX_free(ctx);
    SSL_CTX_free(dctx);
    return 0;
}
