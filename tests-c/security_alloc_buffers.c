/*
 * security_alloc_buffers.c - SSL_alloc_buffers asks the security callback
 * what OpenSSL's buffer setup asks: whether compression is allowed
 * (SSL_SECOP_COMPRESSION), for a read buffer not yet allocated and then for
 * the write buffer (every time), unless SSL_OP_NO_COMPRESSION is set; the
 * answer never fails the call. SSL_free_buffers lets the next allocation ask
 * for the read buffer again; SSL_clear keeps it. A read or peek that gets
 * to the record layer sets up the read buffer the same way before running
 * the handshake function (here an undefined one: a client method accepting),
 * DTLS's with the write buffer. Found by difffuzz's security-callback action
 * (seeds 38, 1621, 2165).
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "test_util.h"

static int calls, answer = 1;

static int log_cb(const SSL *s, const SSL_CTX *ctx, int op, int bits, int nid, void *other, void *ex)
{
    (void)ctx, (void)other, (void)ex;
    printf("  security: %s op=0x%x bits=%d nid=%d -> %d\n", s ? "ssl" : "ctx", op, bits, nid, answer);
    calls++;
    return answer;
}

static void alloc(SSL *s, const char *what)
{
    int r;
    calls = 0;
    r = SSL_alloc_buffers(s);
    printf("%s: SSL_alloc_buffers = %d, %d callback calls\n", what, r, calls);
}

static void run(const SSL_METHOD *m, const char *name)
{
    SSL_CTX *ctx = SSL_CTX_new(m);
    SSL *s;
    printf("== %s\n", name);
    SSL_CTX_set_security_callback(ctx, log_cb);
    s = SSL_new(ctx);
    alloc(s, "new, NO_COMPRESSION set (the default)");
    SSL_free_buffers(s);
    SSL_clear_options(s, SSL_OP_NO_COMPRESSION);
    alloc(s, "compression allowed, first");
    alloc(s, "again (read buffer held)");
    printf("SSL_free_buffers = %d\n", SSL_free_buffers(s));
    alloc(s, "after SSL_free_buffers");
    printf("SSL_clear = %d\n", SSL_clear(s));
    SSL_clear_options(s, SSL_OP_NO_COMPRESSION);
    alloc(s, "after SSL_clear");
    answer = 0;
    SSL_free_buffers(s);
    alloc(s, "callback denies (only the size changes)");
    answer = 1;
    SSL_set_options(s, SSL_OP_NO_COMPRESSION);
    SSL_free_buffers(s);
    alloc(s, "NO_COMPRESSION set again");
    SSL_free(s);
    SSL_CTX_free(ctx);
}

/* Runs a read-side call and prints its result with the callback calls it made. */
#define COUNTED(what, call)                                                 \
    do {                                                                    \
        int r_;                                                             \
        calls = 0;                                                          \
        r_ = (call);                                                        \
        printf("%s = %d, %d callback calls\n", what, r_, calls);            \
    } while (0)

static void reads(const SSL_METHOD *m, const char *name)
{
    SSL_CTX *ctx = SSL_CTX_new(m);
    SSL *s;
    char buf[4];
    size_t n = 0;
    printf("== reads, %s\n", name);
    SSL_CTX_set_security_callback(ctx, log_cb);
    s = SSL_new(ctx);
    SSL_clear_options(s, SSL_OP_NO_COMPRESSION);
    COUNTED("SSL_read before a role", SSL_read(s, buf, 1));
    SSL_set_accept_state(s);
    COUNTED("SSL_read", SSL_read(s, buf, 1));
    COUNTED("SSL_read again", SSL_read(s, buf, 1));
    SSL_free_buffers(s);
    COUNTED("SSL_peek after SSL_free_buffers", SSL_peek(s, buf, 1));
    SSL_free_buffers(s);
    COUNTED("SSL_read_ex", SSL_read_ex(s, buf, 1, &n));
    alloc(s, "SSL_alloc_buffers after the read");
    SSL_free_buffers(s);
    SSL_set_shutdown(s, SSL_RECEIVED_SHUTDOWN);
    COUNTED("SSL_read after a received shutdown", SSL_read(s, buf, 1));
    ERR_clear_error();
    SSL_free(s);
    SSL_CTX_free(ctx);
}

int main(void)
{
    run(TLS_method(), "TLS");
    run(DTLS_method(), "DTLS");
    reads(TLS_client_method(), "TLS client method");
    reads(DTLS_client_method(), "DTLS client method");
    return 0;
}
