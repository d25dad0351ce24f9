/*
 * method_cisco_anyconnect.c - SSL_OP_CISCO_ANYCONNECT on the fixed-version
 * DTLS methods (DTLSv1_method, DTLSv1_2_method and their client/server
 * forms): OpenSSL's DTLS re-initialisation of a connection (at SSL_new, at
 * SSL_clear, at an SSL_set_ssl_method to a method of another version, at an
 * SSL_copy_session_id that changes the method) gives it Cisco's pre-standard
 * version DTLS1_BAD_VER (SSL_version 0x100, SSL_get_version "DTLSv0.9") and
 * the same client version when the connection has the option at that moment.
 * Setting or clearing the option alone changes nothing; the version-flexible
 * DTLS methods and the TLS methods ignore it; SSL_dup copies the version but
 * not the client version. SSL_get1_supported_ciphers,
 * SSL_has_matching_session_id and SSL_set_session_ticket_ext (refused below
 * TLS 1.0 by number) use that version. Found by the sequence tester
 * (tests-c/difffuzz). Twice-built.
 */
/* the version-specific methods are deprecated, and part of the API under test */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include "io_util.h"

static const struct {
    const char *name;
    const SSL_METHOD *(*fn)(void);
} methods[] = {
    {"DTLS_method", DTLS_method},
    {"DTLS_client_method", DTLS_client_method},
    {"DTLSv1_method", DTLSv1_method},
    {"DTLSv1_server_method", DTLSv1_server_method},
    {"DTLSv1_2_method", DTLSv1_2_method},
    {"DTLSv1_2_client_method", DTLSv1_2_client_method},
    {"DTLSv1_2_server_method", DTLSv1_2_server_method},
    {"TLS_method", TLS_method},
    {"TLSv1_2_method", TLSv1_2_method},
};
#define N_METHODS (int)(sizeof methods / sizeof methods[0])

static void show(const char *label, SSL *s)
{
    printf("  %-34s version 0x%x %s client_version 0x%x option %d\n", label, (unsigned)SSL_version(s),
           SSL_get_version(s), (unsigned)SSL_client_version(s),
           (SSL_get_options(s) & SSL_OP_CISCO_ANYCONNECT) != 0);
    print_queue(label);
}

static void lifecycle(int m)
{
    SSL_CTX *ctx = SSL_CTX_new(methods[m].fn());
    SSL *s, *d, *d2;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    printf("== %s\n", methods[m].name);
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    show("new", s);
    SSL_set_options(s, SSL_OP_CISCO_ANYCONNECT);
    show("set_options", s);
    FATAL_IF(!SSL_clear(s), "SSL_clear");
    show("clear", s);
    SSL_clear_options(s, SSL_OP_CISCO_ANYCONNECT);
    show("clear_options", s);
    FATAL_IF(!SSL_clear(s), "SSL_clear");
    show("clear again", s);
    SSL_free(s);

    SSL_CTX_set_options(ctx, SSL_OP_CISCO_ANYCONNECT);
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    show("new, option on the context", s);
    d = SSL_dup(s);
    FATAL_IF(d == NULL, "SSL_dup");
    show("its dup", d);
    SSL_clear_options(d, SSL_OP_CISCO_ANYCONNECT);
    FATAL_IF(!SSL_clear(d), "SSL_clear");
    show("dup, clear_options, clear", d);
    d2 = SSL_dup(d);
    FATAL_IF(d2 == NULL, "SSL_dup");
    show("dup of that", d2);
    SSL_free(d2);
    SSL_free(d);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

/* SSL_set_ssl_method, SSL_set_session and SSL_copy_session_id on a
 * connection of a TLS context that has the option itself. */
static void method_changes(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method()), *dctx = SSL_CTX_new(DTLSv1_2_method());
    SSL *s, *f;
    int m;

    FATAL_IF(ctx == NULL || dctx == NULL, "SSL_CTX_new");
    printf("== method changes\n");
    for (m = 0; m < N_METHODS; m++) {
        char label[80];
        s = SSL_new(ctx);
        FATAL_IF(s == NULL, "SSL_new");
        SSL_set_options(s, SSL_OP_CISCO_ANYCONNECT);
        snprintf(label, sizeof label, "set_ssl_method %s = %d", methods[m].name,
                 SSL_set_ssl_method(s, methods[m].fn()));
        show(label, s);
        /* Same version: no re-initialisation; another: one. */
        SSL_clear_options(s, SSL_OP_CISCO_ANYCONNECT);
        snprintf(label, sizeof label, "  then DTLSv1_2_client_method = %d", SSL_set_ssl_method(s, DTLSv1_2_client_method()));
        show(label, s);
        snprintf(label, sizeof label, "  then SSL_set_session NULL = %d", SSL_set_session(s, NULL));
        show(label, s);
        SSL_free(s);
    }
    /* SSL_copy_session_id takes the other connection's method. */
    f = SSL_new(dctx);
    s = SSL_new(ctx);
    FATAL_IF(f == NULL || s == NULL, "SSL_new");
    SSL_set_options(s, SSL_OP_CISCO_ANYCONNECT);
    printf("copy_session_id = %d\n", SSL_copy_session_id(s, f));
    show("copy_session_id from DTLSv1_2", s);
    printf("copy_session_id again = %d\n", SSL_copy_session_id(s, f));
    show("again (same method)", s);
    SSL_free(s);
    SSL_free(f);
    SSL_CTX_free(ctx);
    SSL_CTX_free(dctx);
}

/* What reads the version: the supported ciphers and the session lookup. */
static void readers(const SSL_METHOD *method, const char *name)
{
    SSL_CTX *ctx = SSL_CTX_new(method);
    SSL_SESSION *sess = SSL_SESSION_new();
    STACK_OF(SSL_CIPHER) *sk;
    SSL *s;
    int i;

    FATAL_IF(ctx == NULL || sess == NULL, "new");
    printf("== readers, %s\n", name);
    SSL_CTX_set_options(ctx, SSL_OP_CISCO_ANYCONNECT);
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    FATAL_IF(!SSL_set_cipher_list(s, "AES128-SHA:AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA256"), "cipher list");
    sk = SSL_get1_supported_ciphers(s);
    printf("  supported:");
    for (i = 0; sk != NULL && i < sk_SSL_CIPHER_num(sk); i++)
        printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i)));
    printf("\n");
    sk_SSL_CIPHER_free(sk);
    FATAL_IF(!SSL_SESSION_set1_id(sess, (const unsigned char *)"ab", 2), "set1_id");
    FATAL_IF(!SSL_SESSION_set_protocol_version(sess, DTLS1_BAD_VER), "set_protocol_version");
    printf("  add = %d\n", SSL_CTX_add_session(ctx, sess));
    printf("  has_matching_session_id = %d\n", SSL_has_matching_session_id(s, (const unsigned char *)"ab", 2));
    printf("  set_session_ticket_ext = %d\n", SSL_set_session_ticket_ext(s, (void *)"tk", 2));
    printf("  set_session_ticket_ext NULL = %d\n", SSL_set_session_ticket_ext(s, NULL, 0));
    print_queue("readers");
    SSL_SESSION_free(sess);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

int main(void)
{
    int m;

    for (m = 0; m < N_METHODS; m++)
        lifecycle(m);
    method_changes();
    readers(DTLSv1_2_method(), "DTLSv1_2_method");
    readers(DTLSv1_method(), "DTLSv1_method");
    readers(DTLS_method(), "DTLS_method");
    return 0;
}
