/*
 * io_bios.c - a connection's BIOs and descriptors: SSL_set_bio's ownership
 * rules (SSL_set_bio(3): which references it takes in each case),
 * SSL_set0_rbio / SSL_set0_wbio, the socket BIOs of SSL_set_fd / _rfd / _wfd
 * (shared when both sides use one descriptor), SSL_get_fd / _rfd / _wfd
 * (with libcrypto's BIO_find_type error when there is no BIO), and SSL_free
 * freeing the BIOs. Every BIO has a callback that prints when it is freed, so
 * the output shows when each reference goes.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
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
    return b == NULL ? "NULL" : (const char *)BIO_get_callback_arg(b);
}

static void show(const char *label, SSL *s)
{
    printf("  %s: rbio=%s wbio=%s\n", label, name_of(SSL_get_rbio(s)), name_of(SSL_get_wbio(s)));
}

/*
 * The references the caller hands over when SSL_set_bio changes (r0, w0) to
 * (r, w), as SSL_set_bio(3) describes them: none when nothing changes; for
 * the same BIO twice, one unless it already is the read BIO; otherwise one
 * for each side that changes, and both when only the read BIO changes but the
 * two were the same BIO.
 */
static void hand_over(BIO *r0, BIO *w0, BIO *r, BIO *w)
{
    if (r == r0 && w == w0)
        return;
    if (r != NULL && r == w) {
        if (r != r0)
            BIO_up_ref(r);
        return;
    }
    if (r == r0) {
        if (w != NULL)
            BIO_up_ref(w);
    } else if (w == w0 && r0 != w0) {
        if (r != NULL)
            BIO_up_ref(r);
    } else {
        if (r != NULL)
            BIO_up_ref(r);
        if (w != NULL)
            BIO_up_ref(w);
    }
}

/* SSL_set_bio from (r0, w0) to (r, w); 0 = NULL, 1 = A, 2 = B, 3 = C. The
 * test keeps a reference of its own to every BIO, so each free the output
 * shows is the connection's. */
static void set_bio_case(SSL_CTX *ctx, int r0, int w0, int r, int w)
{
    static const char *names[] = {"NULL", "A", "B", "C"};
    BIO *bios[4] = {NULL, NULL, NULL, NULL};
    SSL *s = SSL_new(ctx);
    int i;

    FATAL_IF(s == NULL, "SSL_new");
    for (i = 1; i < 4; i++)
        bios[i] = named(names[i]);
    printf("case (%s,%s) -> (%s,%s)\n", names[r0], names[w0], names[r], names[w]);
    hand_over(NULL, NULL, bios[r0], bios[w0]);
    SSL_set_bio(s, bios[r0], bios[w0]);
    show("start", s);
    hand_over(bios[r0], bios[w0], bios[r], bios[w]);
    SSL_set_bio(s, bios[r], bios[w]);
    show("after", s);
    printf("  SSL_free:\n");
    SSL_free(s);
    printf("  the test's references:\n");
    for (i = 1; i < 4; i++)
        BIO_free(bios[i]);
    print_queue("set_bio");
}

static void set0(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx);
    BIO *a = named("A"), *b = named("B"), *c = named("C");

    FATAL_IF(s == NULL, "SSL_new");
    printf("set0\n");
    SSL_set0_rbio(s, a);
    show("set0_rbio A", s);
    SSL_set0_wbio(s, b);
    show("set0_wbio B", s);
    SSL_set0_rbio(s, c);
    show("set0_rbio C", s);
    SSL_set0_wbio(s, NULL);
    show("set0_wbio NULL", s);
    SSL_set0_rbio(s, NULL);
    show("set0_rbio NULL", s);
    printf("  SSL_free:\n");
    SSL_free(s);
    print_queue("set0");
}

static void fds(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx);
    int sv[2];
    BIO *r1, *w1;
    int ok;

    FATAL_IF(s == NULL, "SSL_new");
    FATAL_IF(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0, "socketpair");
    printf("fds\n");
    printf("  none: fd=%d\n", SSL_get_fd(s) == -1 ? -1 : 99);
    print_queue("get_fd");
    ok = SSL_get_rfd(s);
    printf("  rfd=%d wfd=%d\n", ok, SSL_get_wfd(s));
    print_queue("get_rfd/wfd");
    ok = SSL_set_fd(s, sv[0]);
    printf("  set_fd=%d same bio=%d fd ok=%d rfd ok=%d wfd ok=%d\n", ok,
           SSL_get_rbio(s) == SSL_get_wbio(s), SSL_get_fd(s) == sv[0],
           SSL_get_rfd(s) == sv[0], SSL_get_wfd(s) == sv[0]);
    r1 = SSL_get_rbio(s);
    ok = SSL_set_wfd(s, sv[0]);
    printf("  set_wfd same fd=%d shares=%d\n", ok, SSL_get_wbio(s) == r1);
    ok = SSL_set_wfd(s, sv[1]);
    printf("  set_wfd other=%d shares=%d wfd ok=%d rfd ok=%d\n", ok, SSL_get_wbio(s) == r1,
           SSL_get_wfd(s) == sv[1], SSL_get_rfd(s) == sv[0]);
    w1 = SSL_get_wbio(s);
    ok = SSL_set_rfd(s, sv[1]);
    printf("  set_rfd same as wfd=%d shares=%d\n", ok, SSL_get_rbio(s) == w1);
    ok = SSL_set_rfd(s, sv[0]);
    printf("  set_rfd other=%d shares=%d rfd ok=%d\n", ok, SSL_get_rbio(s) == w1,
           SSL_get_rfd(s) == sv[0]);
    printf("  socket bio type=%d\n", BIO_method_type(SSL_get_rbio(s)) == BIO_TYPE_SOCKET);
    /* a memory BIO has no descriptor */
    SSL_set_bio(s, named("M"), named("N"));
    ok = SSL_get_rfd(s);
    printf("  mem: rfd=%d wfd=%d\n", ok, SSL_get_wfd(s));
    print_queue("mem fds");
    /* a descriptor BIO under a filter is found */
    {
        BIO *buf = BIO_new(BIO_f_buffer());
        BIO *sock = BIO_new_socket(sv[1], BIO_NOCLOSE);

        FATAL_IF(buf == NULL || sock == NULL, "BIO_new");
        BIO_push(buf, sock);
        SSL_set_bio(s, buf, NULL);
        printf("  chain: rfd ok=%d wfd=%d\n", SSL_get_rfd(s) == sv[1], SSL_get_wfd(s));
        print_queue("chain fds");
    }
    SSL_free(s);
    /* SSL_set_fd does not close the descriptors */
    printf("  still open: %d %d\n", write(sv[0], "x", 1) == 1, write(sv[1], "y", 1) == 1);
    close(sv[0]);
    close(sv[1]);
    print_queue("fds");
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    int r0, w0, r, w;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    /* every pair over NULL, A, B, C to every other; except, from two
     * different BIOs, the write BIO on both sides: OpenSSL then keeps one
     * reference too many (SSL_set_bio(3) does not describe that case) */
    for (r0 = 0; r0 <= 2; r0++)
        for (w0 = 0; w0 <= 2; w0++)
            for (r = 0; r <= 3; r++)
                for (w = 0; w <= 3; w++) {
                    if (r != 0 && r == w && r != r0 && r == w0 && r0 != w0)
                        continue;
                    set_bio_case(ctx, r0, w0, r, w);
                }
    set0(ctx);
    fds(ctx);
    SSL_CTX_free(ctx);
    return 0;
}
