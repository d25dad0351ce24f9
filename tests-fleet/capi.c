/* The linked way in: sessl_fleet_attach/detach/stats on two server contexts
 * of one process, handshakes over memory BIOs with the system OpenSSL.
 * Usage: capi REDIS_PORT KEY_FILE CERT KEY. Prints "ok ..." lines, exits 0
 * when every check holds. */
#include <sessl/fleet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;
#define CHECK(cond, what)                                                   \
    do {                                                                    \
        if (cond) printf("ok   %s\n", what);                                \
        else { printf("FAIL %s (line %d)\n", what, __LINE__); failures++; } \
    } while (0)

static int program_new_calls;
static int program_new_cb(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    (void)sess;
    program_new_calls++;
    return 0;
}

/* One handshake of a fresh client with sctx; returns the client's session. */
static SSL_SESSION *handshake(SSL_CTX *sctx, SSL_CTX *cctx, SSL_SESSION *in, int *reused)
{
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    BIO *c2s = BIO_new(BIO_s_mem()), *s2c = BIO_new(BIO_s_mem());
    BIO_up_ref(c2s);
    BIO_up_ref(s2c);
    SSL_set_bio(c, s2c, c2s);
    SSL_set_bio(s, c2s, s2c);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    if (in != NULL)
        SSL_set_session(c, in);
    int done_c = 0, done_s = 0;
    for (int i = 0; i < 50 && !(done_c && done_s); i++) {
        if (!done_c) done_c = SSL_do_handshake(c) == 1;
        if (!done_s) done_s = SSL_do_handshake(s) == 1;
    }
    char buf[16];
    SSL_read(c, buf, sizeof buf); /* reads TLS 1.3 tickets */
    *reused = done_c && done_s ? SSL_session_reused(s) : -1;
    SSL_SESSION *out = SSL_get1_session(c);
    SSL_shutdown(c);
    SSL_shutdown(s);
    SSL_free(c);
    SSL_free(s);
    usleep(100 * 1000); /* the queued write reaches the store */
    return out;
}

static SSL_CTX *server_ctx(const char *cert, const char *key, int version)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM);
    SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"capi", 4);
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_min_proto_version(ctx, version);
    SSL_CTX_set_max_proto_version(ctx, version);
    return ctx;
}

int main(int argc, char **argv)
{
    if (argc != 5) return 2;
    /* On sessl (no handshakes): attach, settings, stats and detach only. */
    int attach_only = getenv("CAPI_ATTACH_ONLY") != NULL;
    /* Linked after -lssl: the fleet does not see SSL_CTX_set_session_id_context
     * (called before attaching, in server_ctx) and learns the id context from
     * the context's first session of its own. */
    int after_ssl = getenv("CAPI_LINKED_AFTER_SSL") != NULL;
    char config[512], nokey[256], badkey[512];
    snprintf(config, sizeof config, "store=redis://127.0.0.1:%s key_file=%s namespace=capi", argv[1], argv[2]);
    snprintf(nokey, sizeof nokey, "store=redis://127.0.0.1:%s", argv[1]);
    snprintf(badkey, sizeof badkey, "store=redis://127.0.0.1:%s key_file=/nonexistent/key", argv[1]);

    for (int v = 0; v < 2; v++) {
        int version = v == 0 ? TLS1_2_VERSION : TLS1_3_VERSION;
        const char *name = v == 0 ? "TLS 1.2" : "TLS 1.3";
        char what[200];
        SSL_CTX *a = server_ctx(argv[3], argv[4], version), *b = server_ctx(argv[3], argv[4], version);
        SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_max_proto_version(cctx, version);
        if (v == 0) {
            CHECK(sessl_fleet_attach(a, nokey) == 0, "attach without a key file refuses");
            CHECK(sessl_fleet_attach(a, badkey) == 0, "attach with an unreadable key file refuses");
            CHECK(sessl_fleet_attach(a, "store=redis://x key_file=/k bogus=1") == 0, "attach with an unknown setting refuses");
            sessl_fleet_counters st;
            CHECK(sessl_fleet_stats(a, &st) == 0, "no stats for a context never attached");
        }
        /* Without the interposition, a callback set after attaching would
         * replace the fleet's: the program sets it first (README). */
        if (after_ssl)
            SSL_CTX_sess_set_new_cb(a, program_new_cb);
        CHECK(sessl_fleet_attach(a, config) == 1 && sessl_fleet_attach(b, config) == 1, "attach A and B");
        CHECK(sessl_fleet_attach(a, config) == 1, "attaching twice is harmless");
        if (!after_ssl)
            SSL_CTX_sess_set_new_cb(a, program_new_cb);
        SSL_CTX_set_session_cache_mode(a, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_AUTO_CLEAR);
        CHECK(SSL_CTX_get_session_cache_mode(a) == (SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_AUTO_CLEAR),
              "the program reads back its own cache mode");
        if (attach_only) {
            sessl_fleet_counters st;
            CHECK(sessl_fleet_stats(a, &st) == 1 && st.fleet_hits == 0, "stats of an attached context");
            CHECK(sessl_fleet_detach(a) == 1 && sessl_fleet_detach(b) == 1, "detach A and B");
            CHECK(SSL_CTX_get_session_cache_mode(a) == (SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_AUTO_CLEAR),
                  "after detach, libssl holds the program's cache mode");
            SSL_CTX_free(a);
            SSL_CTX_free(b);
            SSL_CTX_free(cctx);
            continue;
        }
        program_new_calls = 0;
        int reused;
        SSL_SESSION *s1 = handshake(a, cctx, NULL, &reused);
        snprintf(what, sizeof what, "%s: full handshake on A", name);
        CHECK(s1 != NULL && reused == 0, what);
        CHECK(program_new_calls >= 1, "the program's own new-session callback still runs");
        /* A program that reads a callback back and sets it again hands the
         * fleet its own callback: it must not chain to itself. */
        SSL_CTX_sess_set_get_cb(b, SSL_CTX_sess_get_get_cb(b));
        SSL_CTX_sess_set_new_cb(b, SSL_CTX_sess_get_new_cb(b));
        if (after_ssl) {
            SSL_SESSION *own = handshake(b, cctx, NULL, &reused);
            snprintf(what, sizeof what, "%s: B's own full handshake (B learns its id context)", name);
            CHECK(own != NULL && reused == 0, what);
            SSL_SESSION_free(own);
        }
        SSL_SESSION *s2 = handshake(b, cctx, s1, &reused);
        snprintf(what, sizeof what, "%s: A's session resumes on B (linked attach)", name);
        CHECK(reused == 1, what);
        sessl_fleet_counters st;
        CHECK(sessl_fleet_stats(b, &st) == 1 && st.fleet_hits >= 1 && st.writes >= 1, "B's stats count a fleet hit and writes");
        /* The lookup that resumed s1 went to Redis and back: never under 1 us. */
        CHECK(st.lookup_p50_us >= 1 && st.lookup_p50_us <= st.lookup_p90_us && st.lookup_p90_us <= st.lookup_p99_us,
              "B's stats time its fleet lookups");
        CHECK(sessl_fleet_stats(NULL, &st) == 1 && st.fleet_hits >= 1, "process-wide stats");
        if (version == TLS1_3_VERSION) {
            /* B took the stateful ticket from the fleet; A, which issued it,
             * must not still hold it in its local cache. */
            SSL_SESSION *again = handshake(a, cctx, s1, &reused);
            CHECK(again != NULL && reused == 0, "TLS 1.3: the ticket B took does not resume on A, its issuer");
            SSL_SESSION_free(again);
        }
        CHECK(sessl_fleet_detach(b) == 1 && sessl_fleet_detach(b) == 0, "detach B once");
        SSL_SESSION *s3 = handshake(a, cctx, NULL, &reused);
        SSL_SESSION *s4 = handshake(b, cctx, s3, &reused);
        snprintf(what, sizeof what, "%s: detached B no longer resumes A's sessions", name);
        CHECK(reused == 0, what);
        SSL_SESSION_free(s1);
        SSL_SESSION_free(s2);
        SSL_SESSION_free(s3);
        SSL_SESSION_free(s4);
        SSL_CTX_free(a);
        SSL_CTX_free(b);
        SSL_CTX_free(cctx);
    }
    printf("capi: %s\n", failures ? "FAILED" : "all checks passed");
    return failures != 0;
}
