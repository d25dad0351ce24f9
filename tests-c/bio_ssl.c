/*
 * bio_ssl.c - BIO_f_ssl: the method (type, name, one method), the ssl BIO's
 * ctrls (BIO_set_ssl / BIO_get_ssl and the close flag, info, EOF, pending,
 * flush, renegotiation settings, mode, the handshake, reset), reads and
 * writes that fail before any record is sent, with the retry flags they
 * leave, and the references the BIO takes and drops (every plain BIO prints
 * when it is freed).
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

static const char *name_of(BIO *b)
{
    if (b == NULL)
        return "NULL";
    if (BIO_method_type(b) == BIO_TYPE_SSL)
        return "ssl-bio";
    return BIO_get_callback_arg(b) ? (const char *)BIO_get_callback_arg(b) : "?";
}

static void flags(const char *label, BIO *b)
{
    printf("  %s: retry=%d read=%d write=%d special=%d reason=%d\n", label,
           BIO_should_retry(b) != 0, BIO_should_read(b) != 0, BIO_should_write(b) != 0,
           BIO_should_io_special(b) != 0, BIO_get_retry_reason(b));
}

static void test_method(void)
{
    BIO *b;
    SSL *got = (SSL *)&got;
    char buf[8];
    long r;

    printf("== method\n");
    printf("  same method each call=%d\n", BIO_f_ssl() == BIO_f_ssl());
    b = BIO_new(BIO_f_ssl());
    FATAL_IF(b == NULL, "BIO_new(BIO_f_ssl())");
    printf("  type=0x%x name=%s\n", BIO_method_type(b), BIO_method_name(b));
    printf("  flags after new=%d\n", BIO_test_flags(b, ~0));
    r = BIO_get_ssl(b, &got);
    printf("  no SSL: get_ssl=%ld out_unchanged=%d\n", r, got == (SSL *)&got);
    printf("  no SSL: get_close=%ld\n", (long)BIO_get_close(b));
    printf("  no SSL: set_close=%ld\n", (long)BIO_set_close(b, BIO_CLOSE));
    printf("  no SSL: info=%ld\n", BIO_ctrl(b, BIO_CTRL_INFO, 0, NULL));
    printf("  no SSL: eof=%ld\n", (long)BIO_eof(b));
    printf("  no SSL: pending=%d\n", (int)BIO_pending(b));
    printf("  no SSL: wpending=%d\n", (int)BIO_wpending(b));
    printf("  no SSL: flush=%d\n", (int)BIO_flush(b));
    printf("  no SSL: do_handshake=%ld\n", BIO_do_handshake(b));
    printf("  no SSL: reset=%d\n", (int)BIO_reset(b));
    printf("  no SSL: mode=%ld\n", BIO_set_ssl_mode(b, 1));
    printf("  no SSL: reneg bytes=%ld\n", BIO_set_ssl_renegotiate_bytes(b, 1000));
    printf("  no SSL: reneg timeout=%ld\n", BIO_set_ssl_renegotiate_timeout(b, 100));
    printf("  no SSL: num renegotiates=%ld\n", BIO_get_num_renegotiates(b));
    printf("  no SSL: unknown ctrl=%ld\n", BIO_ctrl(b, 9999, 0, NULL));
    print_queue("ctrls");
    printf("  no SSL: read=%d\n", BIO_read(b, buf, sizeof(buf)));
    print_queue("read");
    printf("  no SSL: write=%d\n", BIO_write(b, "abc", 3));
    print_queue("write");
    printf("  no SSL: puts=%d\n", BIO_puts(b, "abc"));
    print_queue("puts");
    printf("  no SSL: gets=%d\n", BIO_gets(b, buf, sizeof(buf)));
    print_queue("gets");
    printf("  free=%d\n", BIO_free(b));
    print_queue("free");
}

/* An SSL BIO over an SSL with its own read and write BIOs. */
static void test_set_get(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx), *got = NULL;
    BIO *r = named("rbio"), *w = named("wbio"), *b = BIO_new(BIO_f_ssl());
    long ret;

    printf("== BIO_set_ssl / BIO_get_ssl\n");
    FATAL_IF(s == NULL || b == NULL, "setup");
    SSL_set_bio(s, r, w);
    printf("  set_ssl=%ld\n", BIO_set_ssl(b, s, BIO_CLOSE));
    ret = BIO_get_ssl(b, &got);
    printf("  get_ssl=%ld same=%d\n", ret, got == s);
    printf("  get_ssl(NULL out)=%ld\n", BIO_ctrl(b, BIO_C_GET_SSL, 0, NULL));
    printf("  next=%s get_close=%ld\n", name_of(BIO_next(b)), (long)BIO_get_close(b));
    printf("  set_close(0)=%d\n", (int)BIO_set_close(b, BIO_NOCLOSE));
    printf("  get_close=%ld\n", (long)BIO_get_close(b));
    printf("  set_close(1)=%d\n", (int)BIO_set_close(b, BIO_CLOSE));
    printf("  info=%ld\n", BIO_ctrl(b, BIO_CTRL_INFO, 0, NULL));
    printf("  eof(empty rbio)=%d\n", (int)BIO_eof(b));
    BIO_write(r, "hello", 5);
    BIO_write(w, "abc", 3);
    printf("  eof=%d\n", (int)BIO_eof(b));
    printf("  pending=%d\n", (int)BIO_pending(b));
    printf("  wpending=%d\n", (int)BIO_wpending(b));
    printf("  ctrl_pending=%zu ctrl_wpending=%zu\n", BIO_ctrl_pending(b), BIO_ctrl_wpending(b));
    BIO_set_retry_read(b);
    printf("  flush=%d\n", (int)BIO_flush(b));
    flags("after flush", b);
    printf("  get_fd=%ld\n", BIO_get_fd(b, NULL));
    {
        static const long bytes[] = {100, 1000, 511, 2000, -1, 512};
        static const long secs[] = {30, 100, 59, 60, -5, 0};
        size_t i;

        for (i = 0; i < sizeof(bytes) / sizeof(bytes[0]); i++)
            printf("  reneg bytes(%ld)=%ld\n", bytes[i], BIO_set_ssl_renegotiate_bytes(b, bytes[i]));
        for (i = 0; i < sizeof(secs) / sizeof(secs[0]); i++)
            printf("  reneg timeout(%ld)=%ld\n", secs[i], BIO_set_ssl_renegotiate_timeout(b, secs[i]));
    }
    printf("  num renegotiates=%ld\n", BIO_get_num_renegotiates(b));
    printf("  unknown ctrl 9999=%ld\n", BIO_ctrl(b, 9999, 0, NULL));
    printf("  callback_ctrl(SET_CALLBACK)=%ld\n", BIO_callback_ctrl(b, BIO_CTRL_SET_CALLBACK, NULL));
    printf("  callback_ctrl(other)=%ld\n", BIO_callback_ctrl(b, 9999, NULL));
    printf("  ctrl(SET_CALLBACK)=%ld\n", BIO_ctrl(b, BIO_CTRL_SET_CALLBACK, 0, NULL));
    print_queue("ctrls");
    printf("  is_server before mode=%d\n", SSL_is_server(s));
    ret = BIO_set_ssl_mode(b, 1);
    printf("  mode(client)=%ld is_server=%d\n", ret, SSL_is_server(s));
    ret = BIO_set_ssl_mode(b, 0);
    printf("  mode(server)=%ld is_server=%d\n", ret, SSL_is_server(s));
    print_queue("mode");
    printf("  free_all:\n");
    BIO_free_all(b);
    print_queue("free");
}

/* BIO_NOCLOSE: the SSL survives the BIO. */
static void test_noclose(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx), *got = NULL;
    BIO *r = named("rbio"), *b = BIO_new(BIO_f_ssl()), *b2 = BIO_new(BIO_f_ssl());
    long ret;

    printf("== BIO_NOCLOSE, and a second BIO_set_ssl\n");
    SSL_set_bio(s, r, r);
    ret = BIO_set_ssl(b, s, BIO_NOCLOSE);
    printf("  set_ssl=%ld next=%s\n", ret, name_of(BIO_next(b)));
    ret = BIO_set_ssl(b, s, BIO_NOCLOSE);
    printf("  set_ssl again=%ld next=%s next2=%s\n", ret, name_of(BIO_next(b)), name_of(BIO_next(BIO_next(b))));
    print_queue("set");
    printf("  free ssl bio=%d\n", BIO_free(b));
    print_queue("free");
    printf("  SSL still usable: rbio=%s\n", name_of(SSL_get_rbio(s)));
    ret = BIO_get_ssl(b2, &got);
    printf("  second bio, no SSL: get_ssl=%ld got_null=%d\n", ret, got == NULL);
    printf("  free second=%d\n", BIO_free(b2));
    printf("  free rbio once (the ssl BIO's reference):\n");
    BIO_free(r);
    printf("  SSL_free:\n");
    SSL_free(s);
    printf("  free rbio once more (the second BIO_set_ssl's reference; it was pushed onto itself):\n");
    BIO_free(r);
    print_queue("end");
}

/* Reads and writes: the checks OpenSSL makes before any record. */
static void test_io(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx);
    BIO *b = BIO_new(BIO_f_ssl());
    char buf[16];
    size_t n = 77;

    printf("== read / write before a handshake\n");
    SSL_set_bio(s, named("rbio"), named("wbio"));
    BIO_set_ssl(b, s, BIO_CLOSE);
    BIO_set_retry_read(b);
    printf("  read=%d\n", BIO_read(b, buf, sizeof(buf)));
    flags("read", b);
    print_queue("read");
    printf("  read_ex=%d n=%zu\n", BIO_read_ex(b, buf, sizeof(buf), &n), n);
    print_queue("read_ex");
    BIO_set_retry_write(b);
    printf("  write=%d\n", BIO_write(b, "abc", 3));
    flags("write", b);
    print_queue("write");
    printf("  write_ex=%d n=%zu\n", BIO_write_ex(b, "abc", 3, &n), n);
    print_queue("write_ex");
    printf("  puts=%d\n", BIO_puts(b, "hello"));
    print_queue("puts");
    printf("  gets=%d\n", BIO_gets(b, buf, sizeof(buf)));
    print_queue("gets");
    printf("  read 0 bytes=%d\n", BIO_read(b, buf, 0));
    printf("  write 0 bytes=%d\n", BIO_write(b, "", 0));
    print_queue("zero");
    printf("  do_handshake=%ld\n", BIO_do_handshake(b));
    flags("do_handshake", b);
    printf("  SSL_get_error=%d\n", SSL_get_error(s, -1));
    print_queue("do_handshake");

    SSL_set_shutdown(s, SSL_RECEIVED_SHUTDOWN | SSL_SENT_SHUTDOWN);
    SSL_set_connect_state(s);
    SSL_set_shutdown(s, SSL_RECEIVED_SHUTDOWN | SSL_SENT_SHUTDOWN);
    BIO_set_retry_read(b);
    printf("  shutdown flags: read=%d\n", BIO_read(b, buf, sizeof(buf)));
    flags("read", b);
    print_queue("read");
    printf("  shutdown flags: write=%d\n", BIO_write(b, "abc", 3));
    flags("write", b);
    print_queue("write");
    printf("  BIO_ssl_shutdown:\n");
    BIO_ssl_shutdown(b);
    print_queue("BIO_ssl_shutdown");
    printf("  reset=%d\n", (int)BIO_reset(b));
    printf("  after reset: shutdown=%d is_server=%d\n", SSL_get_shutdown(s), SSL_is_server(s));
    print_queue("reset");
    printf("  free_all:\n");
    BIO_free_all(b);
    print_queue("free");
}

/* A server-method SSL asked to connect: OpenSSL's ssl_undefined_function. */
static void test_undefined_role(void)
{
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    BIO *b = BIO_new_ssl(sctx, 1);
    SSL *s = NULL;
    char buf[4];

    printf("== BIO_new_ssl(server ctx, client)\n");
    FATAL_IF(b == NULL, "BIO_new_ssl");
    BIO_get_ssl(b, &s);
    printf("  is_server=%d next=%s close=%ld\n", SSL_is_server(s), name_of(BIO_next(b)), (long)BIO_get_close(b));
    printf("  do_handshake=%ld\n", BIO_do_handshake(b));
    flags("do_handshake", b);
    print_queue("do_handshake");
    printf("  read=%d\n", BIO_read(b, buf, sizeof(buf)));
    print_queue("read");
    printf("  write=%d\n", BIO_write(b, "x", 1));
    print_queue("write");
    BIO_free_all(b);
    print_queue("free");
    SSL_CTX_free(sctx);
}

/* The BIO set as next when the SSL is set, BIO_push / BIO_pop. */
static void test_push_pop(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx);
    BIO *b = BIO_new(BIO_f_ssl()), *m = named("pushed"), *m2 = named("pushed2");

    printf("== BIO_push / BIO_pop\n");
    BIO_set_ssl(b, s, BIO_CLOSE);
    printf("  next=%s rbio=%s\n", name_of(BIO_next(b)), name_of(SSL_get_rbio(s)));
    printf("  push=%d\n", BIO_push(b, m) == b);
    printf("  next=%s rbio=%s wbio=%s\n", name_of(BIO_next(b)), name_of(SSL_get_rbio(s)),
           name_of(SSL_get_wbio(s)));
    printf("  push again onto the chain=%d\n", BIO_push(b, m2) == b);
    printf("  next=%s next2=%s rbio=%s\n", name_of(BIO_next(b)), name_of(BIO_next(BIO_next(b))),
           name_of(SSL_get_rbio(s)));
    printf("  pop:\n");
    printf("  pop returned %s\n", name_of(BIO_pop(b)));
    printf("  next=%s rbio=%s wbio=%s\n", name_of(BIO_next(b)), name_of(SSL_get_rbio(s)),
           name_of(SSL_get_wbio(s)));
    printf("  push onto a filter above it:\n");
    {
        BIO *top = BIO_new(BIO_f_buffer());
        BIO_push(top, b);
        printf("  ssl rbio=%s\n", name_of(SSL_get_rbio(s)));
        printf("  pop the top: %s\n", name_of(BIO_pop(top)));
        BIO_free(top);
    }
    printf("  free m:\n");
    BIO_free_all(m);
    printf("  free ssl bio:\n");
    BIO_free(b);
    print_queue("end");
}

/* Setting an SSL whose read BIO exists onto a BIO that already has a next. */
static void test_set_with_next(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx);
    BIO *b = BIO_new(BIO_f_ssl()), *below = named("below"), *r = named("rbio");

    printf("== BIO_set_ssl on a BIO with a next BIO\n");
    BIO_push(b, below);
    SSL_set_bio(s, r, r);
    printf("  set_ssl=%ld\n", BIO_set_ssl(b, s, BIO_CLOSE));
    printf("  next=%s next2=%s\n", name_of(BIO_next(b)), name_of(BIO_next(BIO_next(b))));
    printf("  free_all:\n");
    BIO_free_all(b);
    print_queue("end");
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    test_method();
    test_set_get(ctx);
    test_noclose(ctx);
    test_io(ctx);
    test_undefined_role();
    test_push_pop(ctx);
    test_set_with_next(ctx);
    SSL_CTX_free(ctx);
    return 0;
}
