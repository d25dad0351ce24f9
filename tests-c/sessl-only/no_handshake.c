/*
 * no_handshake.c - sessl-only: sessl performs no TLS handshake
 * (COMPATIBILITY.md, "What needs a handshake"). Every call that would start
 * the handshake or use the record layer fails loudly: its failure value,
 * SSL_get_error = SSL_ERROR_SSL, and exactly one error, ERR_LIB_SSL /
 * SESSL_R_NO_TLS_HANDSHAKE ("sessl performs no TLS handshake") reported from
 * the function, with the data "sessl performs no TLS handshake: <function>";
 * and nothing arrives at the other end of the connection's BIO pair or
 * socket. (Where OpenSSL fails before its handshake, sessl fails as OpenSSL
 * does: tests-c/io_early_failures.c.)
 *
 * Also: the errors sessl queues carry a location in sessl's own sources (a
 * file of the repository, a line > 0), for d2i_SSL_SESSION's decoding errors
 * and for the errors of the C shell (SSL_new(NULL)) and of the calls above.
 *
 * Runs from the repository's root (tests-c/run.sh does).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
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

/* A location in sessl's sources: a repository file and a positive line. */
static int own_location(const char *file, int line)
{
    return file != NULL && strncmp(file, "src/", 4) == 0 && access(file, R_OK) == 0 && line > 0;
}

/* Pops the queue: exactly one error, the loud one from `name`. */
static int loud_error(const char *name)
{
    const char *file, *func, *data;
    int line, flags, n = 0, ok;
    char want[128];
    unsigned long e = ERR_get_error_all(&file, &line, &func, &data, &flags);
    const char *reason = ERR_reason_error_string(e);

    snprintf(want, sizeof(want), "sessl performs no TLS handshake: %s", name);
    ok = e != 0 && ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == SESSL_R_NO_TLS_HANDSHAKE
        && func != NULL && strcmp(func, name) == 0 && (flags & ERR_TXT_STRING) && data != NULL
        && strcmp(data, want) == 0 && reason != NULL
        && strcmp(reason, "sessl performs no TLS handshake") == 0 && own_location(file, line);
    if (!ok)
        printf("      got lib=%d reason=%d func=%s data=%s string=%s at %s:%d\n",
               e ? ERR_GET_LIB(e) : 0, e ? ERR_GET_REASON(e) : 0, func ? func : "-",
               (flags & ERR_TXT_STRING) && data ? data : "-", reason ? reason : "-",
               file ? file : "-", line);
    while (ERR_get_error() != 0)
        n++;
    if (n != 0)
        printf("      %d more error(s)\n", n);
    return ok && n == 0;
}

enum transport { BIO_PAIR, SOCKETS };

struct conn {
    SSL *ssl;
    BIO *peer;  /* the other half of the BIO pair */
    int fds[2]; /* the socket pair: fds[0] is the connection's */
};

static void open_conn(struct conn *c, SSL_CTX *ctx, enum transport t)
{
    memset(c, 0, sizeof(*c));
    c->ssl = SSL_new(ctx);
    FATAL_IF(c->ssl == NULL, "SSL_new");
    if (t == BIO_PAIR) {
        BIO *mine;

        FATAL_IF(!BIO_new_bio_pair(&mine, 0, &c->peer, 0), "BIO_new_bio_pair");
        SSL_set_bio(c->ssl, mine, mine);
        c->fds[0] = c->fds[1] = -1;
    } else {
        FATAL_IF(socketpair(AF_UNIX, SOCK_STREAM, 0, c->fds) != 0, "socketpair");
        FATAL_IF(SSL_set_fd(c->ssl, c->fds[0]) != 1, "SSL_set_fd");
    }
}

/* Nothing was written: the peer's half of the pair has nothing to read, and
 * the socket's other end neither. */
static int nothing_sent(struct conn *c)
{
    char b;

    if (c->peer != NULL)
        return BIO_ctrl_pending(c->peer) == 0 && BIO_read(c->peer, &b, 1) <= 0;
    return recv(c->fds[1], &b, 1, MSG_DONTWAIT) == -1 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

static void close_conn(struct conn *c)
{
    SSL_free(c->ssl);
    BIO_free(c->peer);
    if (c->fds[0] >= 0) {
        close(c->fds[0]);
        close(c->fds[1]);
    }
    ERR_clear_error();
}

enum call {
    CONNECT, ACCEPT, DO_HANDSHAKE_CLIENT, DO_HANDSHAKE_SERVER, READ, READ_EX, PEEK, PEEK_EX,
    WRITE, WRITE_EX, WRITE_EARLY_DATA, READ_EARLY_DATA, STATELESS, N_CALLS
};

static const char *const NAMES[N_CALLS] = {
    "SSL_connect", "SSL_accept", "SSL_do_handshake", "SSL_do_handshake", "SSL_read",
    "SSL_read_ex", "SSL_peek", "SSL_peek_ex", "SSL_write", "SSL_write_ex",
    "SSL_write_early_data", "SSL_read_early_data", "SSL_stateless"};
/* The failure value each returns. */
static const int FAILURE[N_CALLS] = {-1, -1, -1, -1, -1, 0, -1, 0, -1, 0, 0, 0, -1};

static int run(struct conn *c, enum call k)
{
    char buf[16];
    size_t n = 0;
    SSL *s = c->ssl;

    switch (k) {
    case CONNECT: return SSL_connect(s);
    case ACCEPT: return SSL_accept(s);
    case DO_HANDSHAKE_CLIENT: SSL_set_connect_state(s); return SSL_do_handshake(s);
    case DO_HANDSHAKE_SERVER: SSL_set_accept_state(s); return SSL_do_handshake(s);
    case READ: SSL_set_connect_state(s); return SSL_read(s, buf, sizeof(buf));
    case READ_EX: SSL_set_accept_state(s); return SSL_read_ex(s, buf, sizeof(buf), &n);
    case PEEK: SSL_set_connect_state(s); return SSL_peek(s, buf, sizeof(buf));
    case PEEK_EX: SSL_set_accept_state(s); return SSL_peek_ex(s, buf, sizeof(buf), &n);
    case WRITE: SSL_set_connect_state(s); return SSL_write(s, "hello", 5);
    case WRITE_EX: SSL_set_accept_state(s); return SSL_write_ex(s, "hello", 5, &n);
    case WRITE_EARLY_DATA: {
        SSL_SESSION *sess = SSL_SESSION_new();

        FATAL_IF(sess == NULL, "SSL_SESSION_new");
        SSL_SESSION_set_max_early_data(sess, 1000);
        SSL_set_session(s, sess);
        SSL_SESSION_free(sess);
        SSL_set_connect_state(s);
        return SSL_write_early_data(s, "hello", 5, &n);
    }
    case READ_EARLY_DATA: SSL_set_accept_state(s); return SSL_read_early_data(s, buf, sizeof(buf), &n);
    case STATELESS: return SSL_stateless(s);
    default: return 99;
    }
}

static void loud_failures(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    int k, t, r;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    for (t = BIO_PAIR; t <= SOCKETS; t++) {
        for (k = 0; k < N_CALLS; k++) {
            struct conn c;
            int ge, want;

            open_conn(&c, ctx, (enum transport)t);
            r = run(&c, (enum call)k);
            ge = SSL_get_error(c.ssl, r);
            want = SSL_want(c.ssl);
            CHECK(r == FAILURE[k] && ge == SSL_ERROR_SSL && want == SSL_NOTHING,
                  "%s (%s): returns %d (got %d), SSL_get_error SSL_ERROR_SSL (got %d), "
                  "SSL_want SSL_NOTHING (got %d)",
                  NAMES[k], t == BIO_PAIR ? "BIO pair" : "socket pair", FAILURE[k], r, ge, want);
            CHECK(loud_error(NAMES[k]), "%s: exactly one error, the no-handshake one", NAMES[k]);
            CHECK(nothing_sent(&c), "%s: nothing written", NAMES[k]);
            CHECK(SSL_in_before(c.ssl) && SSL_get_state(c.ssl) == TLS_ST_BEFORE,
                  "%s: still before the handshake", NAMES[k]);
            /* again: the same failure */
            r = run(&c, (enum call)k);
            if (k == WRITE_EARLY_DATA || k == READ_EARLY_DATA) {
                CHECK(r == 0 && loud_error(NAMES[k]), "%s again: loud again", NAMES[k]);
            } else if (k != STATELESS) {
                CHECK(r == FAILURE[k] && loud_error(NAMES[k]), "%s again: loud again", NAMES[k]);
            }
            close_conn(&c);
        }
    }
    SSL_CTX_free(ctx);
}

/* Every error of the queue at a location of sessl's own sources. */
static int all_own_locations(int *count)
{
    const char *file;
    int line, ok = 1;
    unsigned long e;

    *count = 0;
    while ((e = ERR_get_error_all(&file, &line, NULL, NULL, NULL)) != 0) {
        (*count)++;
        if (!own_location(file, line)) {
            printf("      error lib=%d reason=%d at %s:%d\n", ERR_GET_LIB(e),
                   ERR_GET_REASON(e), file ? file : "-", line);
            ok = 0;
        }
    }
    return ok;
}

static void error_locations(void)
{
    static const unsigned char garbage[] = {0x30, 0x03, 0x02, 0x01, 0x05};
    static const unsigned char bad_version[] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x07};
    const unsigned char *p;
    int n;

    ERR_clear_error();
    p = garbage;
    CHECK(d2i_SSL_SESSION(NULL, &p, sizeof(garbage)) == NULL, "d2i_SSL_SESSION rejects garbage");
    CHECK(all_own_locations(&n) && n > 0, "d2i_SSL_SESSION's %d ASN.1 errors are at sessl's sources", n);
    p = bad_version;
    CHECK(d2i_SSL_SESSION(NULL, &p, sizeof(bad_version)) == NULL, "d2i_SSL_SESSION rejects a bad version");
    CHECK(all_own_locations(&n) && n > 0, "d2i_SSL_SESSION's %d errors are at sessl's sources", n);
    CHECK(SSL_new(NULL) == NULL, "SSL_new(NULL) fails");
    CHECK(all_own_locations(&n) && n == 1, "SSL_new(NULL)'s error is at sessl's sources");
    {
        SSL_CTX *ctx = SSL_CTX_new(TLS_method());
        SSL *s = SSL_new(ctx);

        FATAL_IF(s == NULL, "SSL_new");
        CHECK(SSL_shutdown(s) == -1, "SSL_shutdown before a role fails");
        CHECK(all_own_locations(&n) && n == 1, "SSL_shutdown's error is at sessl's sources");
        SSL_free(s);
        SSL_CTX_free(ctx);
    }
}

int main(void)
{
    loud_failures();
    error_locations();
    return failed;
}
