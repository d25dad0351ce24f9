/*
 * cache_sessions_table.c - SSL_CTX_sessions: the table a program reads with
 * libcrypto's OPENSSL_LH_* functions holds the cached sessions, found by key
 * (protocol version and id), and tracks the cache across calls.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/lhash.h>

static int visited;

static void count_session(void *s)
{
    (void)s;
    visited++;
}

static SSL_SESSION *make(unsigned char tag, int version)
{
    unsigned char id[8];
    SSL_SESSION *s = SSL_SESSION_new();

    memset(id, tag, sizeof(id));
    SSL_SESSION_set1_id(s, id, sizeof(id));
    SSL_SESSION_set_protocol_version(s, version);
    SSL_SESSION_set_time(s, 1000);
    return s;
}

static void show(SSL_CTX *ctx, const char *label, SSL_SESSION **known, int n)
{
    OPENSSL_LHASH *lh = (OPENSSL_LHASH *)SSL_CTX_sessions(ctx);
    int i;

    visited = 0;
    OPENSSL_LH_doall(lh, count_session);
    printf("%s: table=%s items=%lu visited=%d number=%ld\n", label, lh ? "yes" : "no",
           OPENSSL_LH_num_items(lh), visited, SSL_CTX_sess_number(ctx));
    for (i = 0; i < n; i++) {
        SSL_SESSION *key = make((unsigned char)(0x10 + i), SSL_SESSION_get_protocol_version(known[i]));
        SSL_SESSION *found = (SSL_SESSION *)OPENSSL_LH_retrieve(lh, key);
        printf("  retrieve %d: %s\n", i, found == NULL ? "none" : found == known[i] ? "same object" : "other object");
        SSL_SESSION_free(key);
    }
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL_SESSION *s[4];
    int i;

    for (i = 0; i < 4; i++)
        s[i] = make((unsigned char)(0x10 + i), i == 3 ? 0x303 : 0x304);
    show(ctx, "empty", s, 4);
    for (i = 0; i < 3; i++)
        printf("add %d = %d\n", i, SSL_CTX_add_session(ctx, s[i]));
    show(ctx, "three", s, 4);
    printf("add 3 = %d\n", SSL_CTX_add_session(ctx, s[3]));
    printf("remove 1 = %d\n", SSL_CTX_remove_session(ctx, s[1]));
    show(ctx, "after remove", s, 4);
    SSL_CTX_flush_sessions(ctx, 0);
    show(ctx, "after flush", s, 4);
    SSL_CTX_free(ctx);
    for (i = 0; i < 4; i++)
        SSL_SESSION_free(s[i]);
    return 0;
}
