/*
 * io_dtls_write_undefined.c - the record-layer calls on a DTLS connection
 * whose handshake function is OpenSSL's ssl_undefined_function (connecting
 * with a server method, accepting with a client method). DTLS's write path
 * (dtls1_write_app_data_bytes) adds SSL_R_SSL_HANDSHAKE_FAILURE after the
 * undefined function's error; its read path, SSL_do_handshake and the TLS
 * methods queue the undefined function's error alone. SSL_write, SSL_write_ex
 * (with and without data) and a BIO_f_ssl write, with SSL_get_error and
 * SSL_want after each; the same calls on TLS for contrast.
 */
/* the version-specific methods are deprecated, and part of the API under test */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/bio.h>
#include "io_util.h"

static void show(const char *what, long r, SSL *s)
{
    printf("%s -> %ld get_error=%d want=%d\n", what, r, SSL_get_error(s, (int)r), SSL_want(s));
    print_queue(what);
}

#define T(s, expr) show(#expr, (long)(expr), (s))

static void calls(const SSL_METHOD *method, const char *name, int server)
{
    SSL_CTX *ctx = SSL_CTX_new(method);
    SSL *s;
    BIO *b;
    char buf[16];
    size_t n = 77;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    printf("== %s, %s state\n", name, server ? "accept" : "connect");
    if (server)
        SSL_set_accept_state(s);
    else
        SSL_set_connect_state(s);
    T(s, SSL_write(s, "abc", 3));
    T(s, SSL_write(s, "abc", 0));
    T(s, SSL_write(s, "abc", -1));
    n = 77;
    T(s, SSL_write_ex(s, "abc", 3, &n));
    printf("  written=%zu\n", n);
    T(s, SSL_write_ex(s, "abc", 0, &n));
    T(s, SSL_read(s, buf, 16));
    T(s, SSL_read_ex(s, buf, 16, &n));
    T(s, SSL_peek(s, buf, 16));
    T(s, SSL_peek_ex(s, buf, 16, &n));
    T(s, SSL_do_handshake(s));
    T(s, server ? SSL_accept(s) : SSL_connect(s));
    T(s, SSL_shutdown(s));
    /* A write through BIO_f_ssl runs the same checks. */
    b = BIO_new(BIO_f_ssl());
    FATAL_IF(b == NULL, "BIO_new");
    SSL_up_ref(s);
    BIO_set_ssl(b, s, BIO_CLOSE);
    printf("BIO_write -> %d should_retry=%d\n", BIO_write(b, "abc", 3), BIO_should_retry(b));
    print_queue("BIO_write");
    BIO_free(b);
    /* After a sent shutdown the write is refused before the handshake. */
    SSL_set_shutdown(s, SSL_SENT_SHUTDOWN);
    T(s, SSL_write(s, "abc", 3));
    SSL_free(s);
    SSL_CTX_free(ctx);
}

int main(void)
{
    calls(DTLS_server_method(), "DTLS_server_method", 0);
    calls(DTLS_client_method(), "DTLS_client_method", 1);
    calls(DTLSv1_2_server_method(), "DTLSv1_2_server_method", 0);
    calls(DTLSv1_client_method(), "DTLSv1_client_method", 1);
    calls(TLS_server_method(), "TLS_server_method", 0);
    calls(TLS_client_method(), "TLS_client_method", 1);
    return 0;
}
