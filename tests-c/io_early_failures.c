/*
 * io_early_failures.c - the I/O and handshake calls where OpenSSL fails
 * before its handshake or record layer runs: no connection type set
 * (SSL_R_UNINITIALIZED, SSL_R_CONNECTION_TYPE_NOT_SET), negative lengths, the
 * shutdown flags, a role the method lacks (ssl_undefined_function),
 * SSL_shutdown in init, TLS 1.3-only calls, early data refused, renegotiation
 * flags and the SSL_clear they block, SSL_stateless and DTLSv1_listen on TLS,
 * SSL_sendfile without kernel TLS; with SSL_get_error and SSL_want after each.
 * None of these calls reaches a handshake, so sessl must match OpenSSL
 * exactly (sessl-only/no_handshake.c covers the calls that would).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/bio.h>
#include "io_util.h"

static SSL_CTX *ctx_any, *ctx_client, *ctx_server;

static void show(const char *what, long r, SSL *s)
{
    printf("%s -> %ld get_error=%d want=%d server=%d shutdown=%d in_init=%d before=%d "
           "state=%d %s/%s reneg=%d early=%d\n",
           what, r, SSL_get_error(s, (int)r), SSL_want(s), SSL_is_server(s),
           SSL_get_shutdown(s), SSL_in_init(s), SSL_in_before(s), (int)SSL_get_state(s),
           SSL_state_string(s), SSL_state_string_long(s), SSL_renegotiate_pending(s),
           SSL_get_early_data_status(s));
    print_queue(what);
}

#define T(s, expr) show(#expr, (long)(expr), (s))

/* Every call that fails before a handshake on a connection with no role. */
static void no_role(SSL_CTX *ctx, const char *name)
{
    SSL *s = SSL_new(ctx);
    char buf[16];
    size_t n = 77;

    FATAL_IF(s == NULL, "SSL_new");
    printf("== no role (%s)\n", name);
    T(s, SSL_do_handshake(s));
    T(s, SSL_read(s, buf, 16));
    T(s, SSL_read(s, buf, 0));
    T(s, SSL_read(s, buf, -1));
    T(s, SSL_read_ex(s, buf, 16, &n));
    T(s, SSL_peek(s, buf, 16));
    T(s, SSL_peek(s, buf, -5));
    T(s, SSL_peek_ex(s, buf, 16, &n));
    T(s, SSL_write(s, "abc", 3));
    T(s, SSL_write(s, "abc", -1));
    T(s, SSL_write_ex(s, "abc", 3, &n));
    printf("n=%zu\n", n);
    T(s, SSL_sendfile(s, 0, 0, 10, 0));
    T(s, SSL_shutdown(s));
    T(s, SSL_key_update(s, SSL_KEY_UPDATE_REQUESTED));
    T(s, SSL_get_key_update_type(s));
    T(s, SSL_verify_client_post_handshake(s));
    T(s, SSL_new_session_ticket(s));
    T(s, SSL_write_early_data(s, "abc", 3, &n));
    T(s, SSL_renegotiate_pending(s));
    T(s, SSL_pending(s));
    T(s, SSL_has_pending(s));
    printf("version=%s rstate=%s/%s\n", SSL_get_version(s), SSL_rstate_string(s),
           SSL_rstate_string_long(s));
    SSL_free(s);
}

/* A role the method does not have: OpenSSL's ssl_undefined_function. */
static void undefined_role(SSL_CTX *ctx, const char *name, int accept)
{
    SSL *s = SSL_new(ctx);
    char buf[16];
    size_t n = 77;

    FATAL_IF(s == NULL, "SSL_new");
    printf("== undefined %s (%s)\n", accept ? "accept" : "connect", name);
    if (accept)
        T(s, SSL_accept(s));
    else
        T(s, SSL_connect(s));
    T(s, SSL_do_handshake(s));
    T(s, SSL_connect(s));
    T(s, SSL_accept(s));
    T(s, SSL_read(s, buf, 16));
    T(s, SSL_read_ex(s, buf, 16, &n));
    T(s, SSL_peek(s, buf, 16));
    T(s, SSL_peek_ex(s, buf, 16, &n));
    T(s, SSL_write(s, "abc", 3));
    T(s, SSL_write(s, "abc", 0));
    T(s, SSL_write_ex(s, "abc", 3, &n));
    T(s, SSL_sendfile(s, 0, 0, 10, 0));
    T(s, SSL_shutdown(s));
    T(s, SSL_stateless(s));
    /* early data: a client may try to connect, a server to accept */
    if (accept) {
        T(s, SSL_read_early_data(s, buf, 16, &n));
        T(s, SSL_read_early_data(s, buf, 16, &n));
        T(s, SSL_read(s, buf, 16));
        T(s, SSL_peek(s, buf, 16));
        T(s, SSL_write(s, "abc", 3));
        T(s, SSL_write_early_data(s, "abc", 3, &n));
    } else {
        SSL_SESSION *sess = SSL_SESSION_new();

        FATAL_IF(sess == NULL, "SSL_SESSION_new");
        T(s, SSL_write_early_data(s, "abc", 3, &n));
        SSL_SESSION_set_max_early_data(sess, 1000);
        SSL_set_session(s, sess);
        SSL_SESSION_free(sess);
        T(s, SSL_write_early_data(s, "abc", 3, &n));
        T(s, SSL_write_early_data(s, "abc", 3, &n));
        T(s, SSL_read(s, buf, 16));
        T(s, SSL_write(s, "abc", 3));
        T(s, SSL_peek(s, buf, 16));
        T(s, SSL_clear(s));
        T(s, SSL_write(s, "abc", 3));
        T(s, SSL_read_early_data(s, buf, 16, &n));
    }
    printf("n=%zu\n", n);
    SSL_free(s);
}

/* The shutdown flags, checked before anything else once a role is set. */
static void shutdown_flags(void)
{
    SSL *s = SSL_new(ctx_any);
    char buf[16];
    size_t n = 77;

    FATAL_IF(s == NULL, "SSL_new");
    printf("== shutdown flags\n");
    SSL_set_connect_state(s);
    SSL_set_shutdown(s, SSL_RECEIVED_SHUTDOWN);
    T(s, SSL_read(s, buf, 16));
    T(s, SSL_read_ex(s, buf, 16, &n));
    T(s, SSL_peek(s, buf, 16));
    T(s, SSL_peek_ex(s, buf, 16, &n));
    T(s, SSL_shutdown(s));
    SSL_set_shutdown(s, SSL_SENT_SHUTDOWN);
    T(s, SSL_write(s, "abc", 3));
    T(s, SSL_write_ex(s, "abc", 3, &n));
    T(s, SSL_sendfile(s, 0, 0, 10, 0));
    SSL_set_shutdown(s, 0);
    T(s, SSL_sendfile(s, 0, 0, 10, 0));
    T(s, SSL_get_error(s, 0));
    printf("n=%zu\n", n);
    SSL_free(s);
}

/* SSL_renegotiate marks a renegotiation that only a handshake ends, and
 * SSL_clear refuses to clear it. */
static void renegotiation(void)
{
    SSL *s = SSL_new(ctx_any);

    FATAL_IF(s == NULL, "SSL_new");
    printf("== renegotiation\n");
    T(s, SSL_renegotiate_pending(s));
    T(s, SSL_clear(s));
    T(s, SSL_renegotiate(s));
    T(s, SSL_renegotiate_pending(s));
    SSL_set_shutdown(s, 3);
    T(s, SSL_clear(s));
    T(s, SSL_renegotiate_abbreviated(s));
    SSL_set_connect_state(s);
    T(s, SSL_shutdown(s));
    T(s, SSL_stateless(s));
    T(s, DTLSv1_listen(s, NULL));
    SSL_free(s);
}

/* DTLSv1_listen on TLS connections: the server role, then the BIO check,
 * then the version; SSL_stateless clears the queue first. */
static void listen_and_stateless(void)
{
    SSL *s = SSL_new(ctx_client);
    BIO *m = BIO_new(BIO_s_mem());

    FATAL_IF(s == NULL || m == NULL, "SSL_new");
    printf("== DTLSv1_listen, SSL_stateless\n");
    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
    T(s, DTLSv1_listen(s, NULL));
    SSL_set0_rbio(s, m);
    T(s, DTLSv1_listen(s, NULL));
    BIO_up_ref(m);
    SSL_set0_wbio(s, m);
    T(s, DTLSv1_listen(s, NULL));
    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
    T(s, SSL_stateless(s));
    T(s, SSL_shutdown(s));
    SSL_free(s);
}

/* SSL_get_error's decisions from the queue and the shutdown flags. */
static void get_error(void)
{
    SSL *s = SSL_new(ctx_any);

    FATAL_IF(s == NULL, "SSL_new");
    printf("== SSL_get_error\n");
    printf("1: %d, 0: %d, -1: %d\n", SSL_get_error(s, 1), SSL_get_error(s, 0),
           SSL_get_error(s, -1));
    ERR_raise(ERR_LIB_SYS, 5);
    printf("sys: %d\n", SSL_get_error(s, 0));
    ERR_clear_error();
    ERR_raise(ERR_LIB_BIO, 5);
    printf("bio: %d\n", SSL_get_error(s, -1));
    ERR_clear_error();
    ERR_raise_data(ERR_LIB_SYS, 0, "x");
    printf("sys 0: %d\n", SSL_get_error(s, -1));
    ERR_clear_error();
    SSL_set_shutdown(s, SSL_RECEIVED_SHUTDOWN);
    printf("received shutdown: %d, sent: ", SSL_get_error(s, 0));
    SSL_set_shutdown(s, SSL_SENT_SHUTDOWN);
    printf("%d\n", SSL_get_error(s, 0));
    SSL_free(s);
}

/* Quiet shutdown and read-ahead: inherited from the context by SSL_new, kept
 * by SSL_clear. */
static void flags(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *a, *b;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    printf("== quiet shutdown, read ahead\n");
    a = SSL_new(ctx);
    FATAL_IF(a == NULL, "SSL_new");
    printf("ctx quiet=%d ssl quiet=%d read_ahead=%d\n", SSL_CTX_get_quiet_shutdown(ctx),
           SSL_get_quiet_shutdown(a), SSL_get_read_ahead(a));
    SSL_CTX_set_quiet_shutdown(ctx, 5);
    SSL_set_quiet_shutdown(a, 7);
    SSL_set_read_ahead(a, 9);
    b = SSL_new(ctx);
    FATAL_IF(b == NULL, "SSL_new");
    printf("ctx quiet=%d a quiet=%d b quiet=%d a read_ahead=%d b read_ahead=%d\n",
           SSL_CTX_get_quiet_shutdown(ctx), SSL_get_quiet_shutdown(a),
           SSL_get_quiet_shutdown(b), SSL_get_read_ahead(a), SSL_get_read_ahead(b));
    SSL_clear(a);
    printf("after SSL_clear: quiet=%d read_ahead=%d\n", SSL_get_quiet_shutdown(a),
           SSL_get_read_ahead(a));
    print_queue("flags");
    SSL_free(a);
    SSL_free(b);
    SSL_CTX_free(ctx);
}

/* What a handshake would produce, asked for before one: Finished messages,
 * the client's version, exported keying material (refused: -1 without a
 * session, 0 and an error from the PRF with one), asynchronous jobs. */
static void handshake_results(void)
{
    SSL *s = SSL_new(ctx_any);
    SSL_SESSION *sess = SSL_SESSION_new();
    unsigned char out[16], mk[48];
    int status = 77;
    size_t n = 5, m = 6;

    FATAL_IF(s == NULL || sess == NULL, "SSL_new");
    printf("== handshake results\n");
    memset(out, 0xee, sizeof(out));
    T(s, SSL_get_finished(s, out, sizeof(out)));
    T(s, SSL_get_peer_finished(s, out, sizeof(out)));
    T(s, SSL_client_version(s));
    T(s, SSL_export_keying_material(s, out, sizeof(out), "label", 5, NULL, 0, 0));
    T(s, SSL_export_keying_material(s, out, sizeof(out), "label", 5, (const unsigned char *)"c", 1, 1));
    T(s, SSL_export_keying_material_early(s, out, sizeof(out), "label", 5, NULL, 0));
    memset(mk, 1, sizeof(mk));
    SSL_SESSION_set1_master_key(sess, mk, sizeof(mk));
    SSL_SESSION_set_protocol_version(sess, TLS1_2_VERSION);
    SSL_set_session(s, sess);
    T(s, SSL_export_keying_material(s, out, sizeof(out), "label", 5, NULL, 0, 0));
    SSL_set_connect_state(s);
    T(s, SSL_export_keying_material(s, out, sizeof(out), "label", 5, NULL, 0, 0));
    T(s, SSL_export_keying_material_early(s, out, sizeof(out), "label", 5, NULL, 0));
    T(s, SSL_client_version(s));
    printf("out untouched=%d\n", out[0] == 0xee && out[15] == 0xee);
    T(s, SSL_waiting_for_async(s));
    T(s, SSL_get_async_status(s, &status));
    T(s, SSL_get_all_async_fds(s, NULL, &n));
    T(s, SSL_get_changed_async_fds(s, NULL, &n, NULL, &m));
    printf("status=%d n=%zu m=%zu\n", status, n, m);
    {
        const unsigned char *p = out;
        int *ids = (int *)&status;

        T(s, SSL_client_hello_isv2(s));
        T(s, SSL_client_hello_get0_legacy_version(s));
        T(s, SSL_client_hello_get0_random(s, &p));
        T(s, SSL_client_hello_get0_session_id(s, &p));
        T(s, SSL_client_hello_get0_ciphers(s, &p));
        T(s, SSL_client_hello_get0_compression_methods(s, &p));
        T(s, SSL_client_hello_get1_extensions_present(s, &ids, &n));
        T(s, SSL_client_hello_get0_ext(s, 0, &p, &n));
        printf("outputs untouched=%d\n", p == out && ids == &status && n == 5);
    }
    SSL_SESSION_free(sess);
    SSL_free(s);
}

int main(void)
{
    ctx_any = SSL_CTX_new(TLS_method());
    ctx_client = SSL_CTX_new(TLS_client_method());
    ctx_server = SSL_CTX_new(TLS_server_method());
    FATAL_IF(ctx_any == NULL || ctx_client == NULL || ctx_server == NULL, "SSL_CTX_new");
    no_role(ctx_any, "TLS_method");
    no_role(ctx_client, "TLS_client_method");
    no_role(ctx_server, "TLS_server_method");
    undefined_role(ctx_client, "TLS_client_method", 1);
    undefined_role(ctx_server, "TLS_server_method", 0);
    shutdown_flags();
    renegotiation();
    listen_and_stateless();
    get_error();
    flags();
    handshake_results();
    SSL_CTX_free(ctx_any);
    SSL_CTX_free(ctx_client);
    SSL_CTX_free(ctx_server);
    return 0;
}
