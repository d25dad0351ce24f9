/*
 * bio_ssl_chains.c - the chains built on BIO_f_ssl: BIO_new_ssl (client and
 * server roles, a NULL context), BIO_new_ssl_connect (an ssl BIO above a
 * connect BIO, which becomes the connection's BIO), BIO_new_buffer_ssl_connect
 * (a buffer above both), BIO_ssl_copy_session_id (the first ssl BIO of each
 * chain), BIO_ssl_shutdown (every ssl BIO of a chain) and BIO_dup_chain of an
 * ssl BIO (SSL_dup of its connection). Plain BIOs print when freed.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/bio.h>
#include "io_util.h"

static long on_free(BIO *b, int oper, const char *argp, size_t len, int argi, long argl,
                    int ret, size_t *processed)
{
    (void)argp; (void)len; (void)argi; (void)argl; (void)processed;
    if (oper == BIO_CB_FREE)
        printf("    freed %s\n", (const char *)BIO_get_callback_arg(b));
    return ret;
}

static BIO *named(const char *name)
{
    BIO *b = BIO_new(BIO_s_mem());

    FATAL_IF(b == NULL, "BIO_new");
    BIO_set_callback_ex(b, on_free);
    BIO_set_callback_arg(b, (char *)name);
    return b;
}

static const char *kind(BIO *b)
{
    if (b == NULL)
        return "NULL";
    if (BIO_get_callback_arg(b) != NULL)
        return (const char *)BIO_get_callback_arg(b);
    return BIO_method_name(b);
}

static void chain(const char *label, BIO *b)
{
    printf("  %s:", label);
    for (; b != NULL; b = BIO_next(b))
        printf(" %s(0x%x)", kind(b), BIO_method_type(b));
    printf("\n");
}

static SSL *ssl_of(BIO *b)
{
    SSL *s = NULL;

    BIO_get_ssl(b, &s);
    return s;
}

static void test_new_ssl(SSL_CTX *ctx)
{
    BIO *c, *s;
    SSL *sc, *ss;

    printf("== BIO_new_ssl\n");
    c = BIO_new_ssl(ctx, 1);
    s = BIO_new_ssl(ctx, 0);
    FATAL_IF(c == NULL || s == NULL, "BIO_new_ssl");
    chain("client", c);
    sc = ssl_of(c);
    ss = ssl_of(s);
    printf("  client: is_server=%d close=%ld ctx_same=%d rbio=%s\n", SSL_is_server(sc),
           (long)BIO_get_close(c), SSL_get_SSL_CTX(sc) == ctx, kind(SSL_get_rbio(sc)));
    printf("  server: is_server=%d close=%ld\n", SSL_is_server(ss), (long)BIO_get_close(s));
    printf("  client SSL_in_init=%d in_before=%d\n", SSL_in_init(sc), SSL_in_before(sc));
    BIO_free_all(c);
    BIO_free_all(s);
    print_queue("free");
    printf("  NULL context: %s\n", BIO_new_ssl(NULL, 1) == NULL ? "NULL" : "BIO");
    print_queue("NULL ctx");
    printf("  NULL context connect: %s\n", BIO_new_ssl_connect(NULL) == NULL ? "NULL" : "BIO");
    print_queue("NULL ctx connect");
    printf("  NULL context buffer: %s\n", BIO_new_buffer_ssl_connect(NULL) == NULL ? "NULL" : "BIO");
    print_queue("NULL ctx buffer");
}

static void test_connect_chains(SSL_CTX *ctx)
{
    BIO *b, *buf;
    SSL *s = NULL;

    printf("== BIO_new_ssl_connect\n");
    b = BIO_new_ssl_connect(ctx);
    FATAL_IF(b == NULL, "BIO_new_ssl_connect");
    chain("chain", b);
    s = ssl_of(b);
    printf("  is_server=%d rbio=%s wbio_same=%d rbio_is_next=%d\n", SSL_is_server(s),
           kind(SSL_get_rbio(s)), SSL_get_wbio(s) == SSL_get_rbio(s), SSL_get_rbio(s) == BIO_next(b));
    printf("  set_conn_hostname=%ld\n", BIO_set_conn_hostname(b, "localhost:4433"));
    printf("  hostname via ssl BIO=%s\n", BIO_get_conn_hostname(BIO_next(b)));
    printf("  pending=%d wpending=%d\n", (int)BIO_pending(b), (int)BIO_wpending(b));
    print_queue("ctrls");
    BIO_free_all(b);
    print_queue("free");

    printf("== BIO_new_buffer_ssl_connect\n");
    buf = BIO_new_buffer_ssl_connect(ctx);
    FATAL_IF(buf == NULL, "BIO_new_buffer_ssl_connect");
    chain("chain", buf);
    printf("  find ssl=%s\n", kind(BIO_find_type(buf, BIO_TYPE_SSL)));
    s = ssl_of(buf);
    printf("  get_ssl through the buffer: %s\n", s != NULL ? "SSL" : "NULL");
    s = ssl_of(BIO_next(buf));
    printf("  ssl rbio=%s is_server=%d\n", kind(SSL_get_rbio(s)), SSL_is_server(s));
    printf("  BIO_ssl_shutdown:\n");
    BIO_ssl_shutdown(buf);
    print_queue("shutdown");
    BIO_free_all(buf);
    print_queue("free");
}

static void test_copy_session_id(SSL_CTX *ctx)
{
    BIO *a = BIO_new_ssl(ctx, 1), *b = BIO_new_ssl(ctx, 1), *top = BIO_new(BIO_f_buffer());
    BIO *plain = named("plain");
    SSL_SESSION *sess = SSL_SESSION_new();
    SSL *sa = ssl_of(a), *sb = ssl_of(b);
    static const unsigned char sid[] = "context-a";

    printf("== BIO_ssl_copy_session_id\n");
    FATAL_IF(sess == NULL, "SSL_SESSION_new");
    SSL_SESSION_set1_id(sess, (const unsigned char *)"0123456789abcdef", 16);
    SSL_set_session(sa, sess);
    SSL_set_session_id_context(sa, sid, sizeof(sid) - 1);
    BIO_push(top, b);
    printf("  copy (buffer->ssl <- ssl)=%d\n", BIO_ssl_copy_session_id(top, a));
    printf("  session shared=%d\n", SSL_get_session(sb) == sess);
    {
        unsigned int len = 0;
        SSL_SESSION *got = SSL_get1_session(sb);

        printf("  get1 same=%d\n", got == sess);
        SSL_SESSION_free(got);
        (void)len;
    }
    printf("  copy (plain <- ssl)=%d\n", BIO_ssl_copy_session_id(plain, a));
    print_queue("plain");
    printf("  copy (ssl <- plain)=%d\n", BIO_ssl_copy_session_id(a, plain));
    print_queue("plain");
    printf("  copy (NULL <- ssl)=%d\n", BIO_ssl_copy_session_id(NULL, a));
    print_queue("NULL");
    {
        BIO *empty = BIO_new(BIO_f_ssl());

        printf("  copy (ssl BIO without SSL <- ssl)=%d\n", BIO_ssl_copy_session_id(empty, a));
        print_queue("empty");
        BIO_free(empty);
    }
    SSL_SESSION_free(sess);
    BIO_free_all(top);
    BIO_free_all(a);
    BIO_free_all(plain);
    print_queue("free");
}

static void test_shutdown_chain(SSL_CTX *ctx)
{
    BIO *a = BIO_new_ssl(ctx, 1), *b = BIO_new_ssl(ctx, 0), *m = named("mem");
    BIO *empty = BIO_new(BIO_f_ssl());
    SSL *raw = SSL_new(ctx);

    printf("== BIO_ssl_shutdown over a chain\n");
    BIO_push(a, empty);
    BIO_push(a, b);
    BIO_push(a, m);
    chain("chain", a);
    BIO_ssl_shutdown(a);
    print_queue("shutdown");
    printf("  NULL:\n");
    BIO_ssl_shutdown(NULL);
    print_queue("NULL");
    printf("  an SSL without a handshake function:\n");
    {
        BIO *c = BIO_new(BIO_f_ssl());

        BIO_set_ssl(c, raw, BIO_CLOSE);
        BIO_ssl_shutdown(c);
        print_queue("no role");
        BIO_free_all(c);
    }
    BIO_free_all(a);
    print_queue("free");
}

static void test_dup_chain(SSL_CTX *ctx)
{
    BIO *b = BIO_new_ssl(ctx, 0), *m = named("mem"), *d;
    SSL *s, *ds;

    printf("== BIO_dup_chain of an ssl BIO\n");
    s = ssl_of(b);
    SSL_set_options(s, SSL_OP_NO_TICKET);
    BIO_push(b, m);
    BIO_set_ssl_renegotiate_bytes(b, 4096);
    BIO_set_ssl_renegotiate_timeout(b, 300);
    d = BIO_dup_chain(b);
    FATAL_IF(d == NULL, "BIO_dup_chain");
    print_queue("dup");
    ds = ssl_of(d);
    printf("  dup: ssl=%s distinct=%d is_server=%d options_copied=%d close=%ld\n",
           ds ? "SSL" : "NULL", ds != s, SSL_is_server(ds),
           (SSL_get_options(ds) & SSL_OP_NO_TICKET) != 0, (long)BIO_get_close(d));
    printf("  dup next is a mem BIO=%d, rbio is it=%d, wbio is it=%d\n",
           BIO_method_type(BIO_next(d)) == BIO_TYPE_MEM, SSL_get_rbio(ds) == BIO_next(d),
           SSL_get_wbio(ds) == BIO_next(d));
    printf("  dup reneg bytes=%ld\n", BIO_set_ssl_renegotiate_bytes(d, 0));
    printf("  dup reneg timeout=%ld\n", BIO_set_ssl_renegotiate_timeout(d, 100));
    BIO_free_all(d);
    BIO_free_all(b);
    print_queue("free");
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    test_new_ssl(ctx);
    test_connect_chains(ctx);
    test_copy_session_id(ctx);
    test_shutdown_chain(ctx);
    test_dup_chain(ctx);
    SSL_CTX_free(ctx);
    return 0;
}
