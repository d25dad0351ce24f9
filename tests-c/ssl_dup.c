/*
 * ssl_dup.c - SSL_dup of connections that never handshook (a new one, in
 * the client or server role, with and without a session): which settings
 * the copy takes from the original (method, version, certificate and key,
 * security level, options, mode, limits, verify mode, callback and depth,
 * verification parameters, info and password callbacks, ex_data through
 * its dup callback, role and shutdown flags, cipher list, CA lists, chain
 * and store, DANE) and which it takes from the context like SSL_new (quiet
 * shutdown, protocol bounds, host name, tickets, verify result); that the
 * copy is independent of the original; what becomes of the BIOs; and the
 * references each takes (freed under valgrind by run.sh).
 */
#include "certs_util.h"
#include <openssl/x509v3.h>

static int ex_idx;

static int ex_dup(CRYPTO_EX_DATA *to, const CRYPTO_EX_DATA *from, void **from_d, int idx,
                  long argl, void *argp)
{
    (void)to; (void)from; (void)argl; (void)argp;
    printf("  ex_data dup callback: idx_ok=%d value=%s\n", idx == ex_idx,
           *from_d ? (const char *)*from_d : "(null)");
    return 1;
}

static int refusing_idx;

/* Refuses to copy the value "refuse": SSL_dup then fails. */
static int refusing_dup(CRYPTO_EX_DATA *to, const CRYPTO_EX_DATA *from, void **from_d, int idx,
                        long argl, void *argp)
{
    (void)to; (void)from; (void)idx; (void)argl; (void)argp;
    printf("  refusing dup callback: value=%s\n", *from_d ? (const char *)*from_d : "(null)");
    return *from_d == NULL || strcmp((const char *)*from_d, "refuse") != 0;
}

static void refusing_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl,
                          void *argp)
{
    (void)parent; (void)ad; (void)idx; (void)argl; (void)argp;
    if (ptr != NULL)
        printf("  refusing free callback: value=%s\n", (const char *)ptr);
}

static int verify_cb(int ok, X509_STORE_CTX *c)
{
    (void)c;
    return ok;
}

static void info_cb(const SSL *s, int where, int ret)
{
    (void)s; (void)where; (void)ret;
}

static int passwd_cb(char *buf, int size, int rw, void *u)
{
    (void)buf; (void)size; (void)rw; (void)u;
    return 0;
}

static void show(const char *label, SSL *s, SSL_CTX *ctx)
{
    const char *ciphers[4];
    STACK_OF(X509) *chain = NULL;
    X509_STORE *store = NULL;
    X509_VERIFY_PARAM *p = SSL_get0_param(s);
    int i;

    printf("%s:\n", label);
    printf("  method client=%d server=%d any=%d version=0x%x is_server=%d\n",
           SSL_get_ssl_method(s) == TLS_client_method(), SSL_get_ssl_method(s) == TLS_server_method(),
           SSL_get_ssl_method(s) == TLS_method(), SSL_version(s), SSL_is_server(s));
    printf("  ctx is the first=%d\n", SSL_get_SSL_CTX(s) == ctx);
    printf("  cert=%s key=%s\n", subject(SSL_get_certificate(s)), key_desc(SSL_get_privatekey(s)));
    printf("  security level=%d\n", SSL_get_security_level(s));
    printf("  options=%#llx mode=%#lx\n", (unsigned long long)SSL_get_options(s), (long)SSL_get_mode(s));
    printf("  max_cert_list=%ld read_ahead=%d\n", (long)SSL_get_max_cert_list(s), SSL_get_read_ahead(s));
    printf("  verify mode=%d callback=%d depth=%d\n", SSL_get_verify_mode(s),
           SSL_get_verify_callback(s) == verify_cb, SSL_get_verify_depth(s));
    printf("  param host=%s hostflags=%#x flags=%#lx\n",
           X509_VERIFY_PARAM_get0_host(p, 0) ? X509_VERIFY_PARAM_get0_host(p, 0) : "(none)",
           X509_VERIFY_PARAM_get_hostflags(p), X509_VERIFY_PARAM_get_flags(p));
    printf("  info callback=%d passwd cb=%d userdata=%s\n", SSL_get_info_callback(s) == info_cb,
           SSL_get_default_passwd_cb(s) == passwd_cb,
           SSL_get_default_passwd_cb_userdata(s) ? (const char *)SSL_get_default_passwd_cb_userdata(s)
                                                 : "(null)");
    printf("  ex_data=%s app_data=%s\n",
           SSL_get_ex_data(s, ex_idx) ? (const char *)SSL_get_ex_data(s, ex_idx) : "(null)",
           SSL_get_app_data(s) ? (const char *)SSL_get_app_data(s) : "(null)");
    printf("  shutdown=%d reused=%d in_init=%d in_before=%d\n", SSL_get_shutdown(s),
           SSL_session_reused(s), SSL_in_init(s), SSL_in_before(s));
    for (i = 0; i < 4; i++)
        ciphers[i] = SSL_get_cipher_list(s, i);
    printf("  ciphers: %s %s %s %s\n", ciphers[0] ? ciphers[0] : "-", ciphers[1] ? ciphers[1] : "-",
           ciphers[2] ? ciphers[2] : "-", ciphers[3] ? ciphers[3] : "-");
    print_names("  client CA", SSL_get_client_CA_list(s));
    print_names("  CA names", SSL_get0_CA_list(s));
    SSL_get0_chain_certs(s, &chain);
    SSL_ctrl(s, SSL_CTRL_GET_VERIFY_CERT_STORE, 0, &store);
    printf("  chain=%d verify store=%s\n", chain ? sk_X509_num(chain) : -1, store ? "set" : "(none)");
    printf("  quiet shutdown=%d min proto=%#x max proto=%#x servername=%s\n",
           SSL_get_quiet_shutdown(s), (unsigned)SSL_get_min_proto_version(s),
           (unsigned)SSL_get_max_proto_version(s),
           SSL_get_servername(s, TLSEXT_NAMETYPE_host_name)
               ? SSL_get_servername(s, TLSEXT_NAMETYPE_host_name) : "(none)");
    printf("  num tickets=%zu verify result=%ld\n", SSL_get_num_tickets(s), SSL_get_verify_result(s));
    printf("  rbio=%s wbio=%s same=%d\n", SSL_get_rbio(s) ? "set" : "NULL",
           SSL_get_wbio(s) ? "set" : "NULL", SSL_get_rbio(s) == SSL_get_wbio(s));
    print_errors("  getters");
}

/* The same settings, changed from every default. */
static void configure(SSL *s, X509 *x, EVP_PKEY *k, X509 *extra, X509_STORE *store)
{
    STACK_OF(X509_NAME) *names = sk_X509_NAME_new_null();
    STACK_OF(X509_NAME) *ca = sk_X509_NAME_new_null();

    SSL_set_ssl_method(s, TLS_client_method());
    SSL_use_certificate(s, x);
    SSL_use_PrivateKey(s, k);
    SSL_set_security_level(s, 1);
    SSL_set_options(s, SSL_OP_NO_TICKET | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_set_mode(s, SSL_MODE_RELEASE_BUFFERS);
    SSL_set_max_cert_list(s, 5000);
    SSL_set_read_ahead(s, 1);
    SSL_set_verify(s, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_cb);
    SSL_set_verify_depth(s, 7);
    SSL_set1_host(s, "example.com");
    SSL_set_hostflags(s, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set_flags(SSL_get0_param(s), X509_V_FLAG_PARTIAL_CHAIN);
    SSL_set_info_callback(s, info_cb);
    SSL_set_default_passwd_cb(s, passwd_cb);
    SSL_set_default_passwd_cb_userdata(s, (void *)"userdata");
    SSL_set_ex_data(s, ex_idx, (void *)"ex");
    SSL_set_app_data(s, (void *)"app");
    SSL_set_cipher_list(s, "AES128-SHA:AES256-SHA");
    sk_X509_NAME_push(names, X509_NAME_dup(X509_get_subject_name(x)));
    SSL_set_client_CA_list(s, names);
    sk_X509_NAME_push(ca, X509_NAME_dup(X509_get_issuer_name(x)));
    SSL_set0_CA_list(s, ca);
    SSL_add1_chain_cert(s, extra);
    SSL_set1_verify_cert_store(s, store);
    SSL_set_quiet_shutdown(s, 1);
    SSL_set_min_proto_version(s, TLS1_2_VERSION);
    SSL_set_max_proto_version(s, TLS1_3_VERSION);
    SSL_set_tlsext_host_name(s, "sni.example");
    SSL_set_num_tickets(s, 5);
    SSL_set_verify_result(s, X509_V_ERR_CERT_HAS_EXPIRED);
    print_errors("  configure");
}

static void test_fresh(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx), *d;

    printf("== a new connection, no role\n");
    d = SSL_dup(s);
    printf("  dup distinct=%d\n", d != NULL && d != s);
    show("copy", d, ctx);
    SSL_free(d);
    SSL_free(s);
}

static void test_configured(SSL_CTX *ctx, X509 *x, EVP_PKEY *k, X509 *extra, X509 *x2,
                            EVP_PKEY *k2)
{
    SSL *s = SSL_new(ctx), *d;
    X509_STORE *store = X509_STORE_new();
    BIO *r = BIO_new(BIO_s_mem()), *w = BIO_new(BIO_s_mem());

    printf("== every setting changed, server role, separate BIOs\n");
    configure(s, x, k, extra, store);
    SSL_set_accept_state(s);
    SSL_set_shutdown(s, SSL_SENT_SHUTDOWN);
    SSL_set_bio(s, r, w);
    show("original", s, ctx);
    d = SSL_dup(s);
    FATAL_IF(d == NULL || d == s, "SSL_dup");
    show("copy", d, ctx);
    printf("  the same certificate object=%d key=%d\n", SSL_get_certificate(d) == x,
           SSL_get_privatekey(d) == k);

    printf("-- the copy changed\n");
    SSL_use_certificate(d, x2);
    SSL_use_PrivateKey(d, k2);
    SSL_set_security_level(d, 4);
    SSL_clear_options(d, SSL_OP_NO_TICKET);
    SSL_set_verify(d, SSL_VERIFY_NONE, NULL);
    SSL_set_verify_depth(d, 2);
    SSL_set1_host(d, "other.example");
    SSL_set_info_callback(d, NULL);
    SSL_set_default_passwd_cb_userdata(d, NULL);
    SSL_set_ex_data(d, ex_idx, (void *)"changed");
    SSL_set_cipher_list(d, "AES256-SHA");
    SSL_set_client_CA_list(d, sk_X509_NAME_new_null());
    SSL_set0_CA_list(d, NULL);
    SSL_clear_chain_certs(d);
    SSL_set_connect_state(d);
    SSL_set_shutdown(d, 0);
    print_errors("  changes");
    show("original after", s, ctx);
    show("copy after", d, ctx);
    SSL_free(d);
    SSL_free(s);
    X509_STORE_free(store);
}

static void test_roles(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx), *d;
    BIO *m = BIO_new(BIO_s_mem());

    printf("== client role, one BIO for both sides, a shutdown flag\n");
    SSL_set_connect_state(s);
    SSL_set_shutdown(s, SSL_RECEIVED_SHUTDOWN);
    SSL_set_bio(s, m, m);
    d = SSL_dup(s);
    FATAL_IF(d == NULL || d == s, "SSL_dup");
    printf("  is_server=%d shutdown=%d rbio=%s\n", SSL_is_server(d), SSL_get_shutdown(d),
           SSL_get_rbio(d) ? "set" : "NULL");
    printf("  do_handshake (read state)=%d\n", SSL_read(d, NULL, 0));
    print_errors("  read");
    SSL_free(d);
    SSL_free(s);

    printf("== server-method context, no role chosen\n");
    {
        SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());

        s = SSL_new(sctx);
        d = SSL_dup(s);
        printf("  is_server=%d\n", SSL_is_server(d));
        printf("  do_handshake=%d\n", SSL_do_handshake(d));
        print_errors("  do_handshake");
        SSL_free(d);
        SSL_free(s);
        SSL_CTX_free(sctx);
    }
}

static void test_session(SSL_CTX *ctx, X509 *x, EVP_PKEY *k)
{
    SSL *s = SSL_new(ctx), *d;
    SSL_SESSION *sess = SSL_SESSION_new();
    static const unsigned char sid_ctx[] = "sid-ctx";

    printf("== with a session\n");
    SSL_SESSION_set1_id(sess, (const unsigned char *)"abcdefgh", 8);
    SSL_set_ssl_method(s, TLS_server_method());
    SSL_set_session_id_context(s, sid_ctx, sizeof(sid_ctx) - 1);
    SSL_use_certificate(s, x);
    SSL_use_PrivateKey(s, k);
    SSL_set_session(s, sess);
    d = SSL_dup(s);
    FATAL_IF(d == NULL || d == s, "SSL_dup");
    printf("  session shared=%d\n", SSL_get_session(d) == sess);
    printf("  method server=%d cert=%s key=%s\n", SSL_get_ssl_method(d) == TLS_server_method(),
           subject(SSL_get_certificate(d)), key_desc(SSL_get_privatekey(d)));
    SSL_free(s);
    printf("  session still held by the copy=%d\n", SSL_get_session(d) == sess);
    SSL_free(d);
    SSL_SESSION_free(sess);
    print_errors("  session");
}

/* SSL_copy_session_id (and so SSL_dup of a connection with a session and
 * BIO_ssl_copy_session_id): the certificate settings come along. */
static void test_copy_session_id(SSL_CTX *ctx, X509 *x, EVP_PKEY *k)
{
    SSL *s = SSL_new(ctx), *t = SSL_new(ctx);
    SSL_SESSION *sess = SSL_SESSION_new();
    X509 *extra = read_cert(FIX("ca.pem"));
    STACK_OF(X509) *chain = NULL;

    printf("== SSL_copy_session_id\n");
    SSL_use_certificate(s, x);
    SSL_use_PrivateKey(s, k);
    SSL_add1_chain_cert(s, extra);
    SSL_set_security_level(s, 3);
    SSL_set_session(s, sess);
    printf("  copy=%d\n", SSL_copy_session_id(t, s));
    SSL_get0_chain_certs(t, &chain);
    printf("  cert=%s key=%s level=%d chain=%d\n", subject(SSL_get_certificate(t)),
           key_desc(SSL_get_privatekey(t)), SSL_get_security_level(t), chain ? sk_X509_num(chain) : -1);
    printf("  onto itself=%d cert=%s\n", SSL_copy_session_id(s, s), subject(SSL_get_certificate(s)));
    print_errors("  copy_session_id");
    SSL_free(t);
    SSL_free(s);
    SSL_SESSION_free(sess);
    X509_free(extra);
}

/* BIOs of a method that prints every ctrl it gets: the copy gets no BIOs,
 * and OpenSSL 3.0 asks them nothing (no BIO_CTRL_DUP). */
static long probe_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    (void)b; (void)num; (void)ptr;
    printf("  probe BIO ctrl %d\n", cmd);
    return 1;
}

static int probe_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

static void test_bios(SSL_CTX *ctx)
{
    BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "probe");
    SSL *s = SSL_new(ctx), *d;

    printf("== BIOs of another method\n");
    BIO_meth_set_ctrl(m, probe_ctrl);
    BIO_meth_set_create(m, probe_create);
    SSL_set_bio(s, BIO_new(m), BIO_new(m));
    d = SSL_dup(s);
    printf("  dup=%d rbio=%s wbio=%s\n", d != NULL, SSL_get_rbio(d) ? "set" : "NULL",
           SSL_get_wbio(d) ? "set" : "NULL");
    SSL_free(d);
    SSL_free(s);
    BIO_meth_free(m);
    print_errors("  bios");
}

/* An ex_data dup callback that refuses: no copy, the new connection freed. */
static void test_refused(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx), *d;

    printf("== an ex_data dup callback refuses\n");
    SSL_set_ex_data(s, refusing_idx, (void *)"refuse");
    d = SSL_dup(s);
    printf("  dup=%s\n", d == NULL ? "NULL" : d == s ? "same" : "copy");
    print_errors("  refused");
    SSL_free(d);
    SSL_set_ex_data(s, refusing_idx, (void *)"accept");
    d = SSL_dup(s);
    printf("  dup=%s\n", d == NULL ? "NULL" : d == s ? "same" : "copy");
    printf("  copy's value=%s\n", (const char *)SSL_get_ex_data(d, refusing_idx));
    SSL_set_ex_data(d, refusing_idx, NULL);
    SSL_set_ex_data(s, refusing_idx, NULL);
    SSL_free(d);
    SSL_free(s);
}

static void test_set_ssl_ctx(SSL_CTX *ctx)
{
    SSL_CTX *other = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx), *d;

    printf("== after SSL_set_SSL_CTX\n");
    SSL_CTX_set_options(other, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_quiet_shutdown(other, 1);
    SSL_set_SSL_CTX(s, other);
    d = SSL_dup(s);
    printf("  copy's context is the new one=%d first=%d\n", SSL_get_SSL_CTX(d) == other,
           SSL_get_SSL_CTX(d) == ctx);
    printf("  quiet shutdown=%d options_norenego=%d\n", SSL_get_quiet_shutdown(d),
           (SSL_get_options(d) & SSL_OP_NO_RENEGOTIATION) != 0);
    SSL_free(d);
    SSL_free(s);
    SSL_CTX_free(other);
    print_errors("  set_SSL_CTX");
}

static void test_dane(SSL_CTX *ctx)
{
    SSL *s = SSL_new(ctx), *d, *plain = SSL_new(ctx), *d2;
    static const unsigned char digest[32] = {1, 2, 3};

    printf("== DANE\n");
    SSL_CTX_dane_enable(ctx);
    printf("  enable=%d\n", SSL_dane_enable(s, "dane.example"));
    printf("  tlsa add=%d\n", SSL_dane_tlsa_add(s, 3, 1, 1, digest, sizeof(digest)));
    SSL_dane_set_flags(s, DANE_FLAG_NO_DANE_EE_NAMECHECKS);
    d = SSL_dup(s);
    d2 = SSL_dup(plain);
    printf("  copy: flags=%#lx\n", SSL_dane_set_flags(d, 0));
    printf("  copy: tlsa add=%d\n", SSL_dane_tlsa_add(d, 3, 1, 1, digest, sizeof(digest)));
    printf("  copy: enable again=%d\n", SSL_dane_enable(d, "dane.example"));
    print_errors("  copy");
    printf("  copy of one not enabled: tlsa add=%d\n", SSL_dane_tlsa_add(d2, 3, 1, 1, digest, sizeof(digest)));
    print_errors("  plain copy");
    SSL_free(d);
    SSL_free(d2);
    SSL_free(s);
    SSL_free(plain);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    X509 *x = read_cert(FIX("rsa.pem")), *x2 = read_cert(FIX("ec.pem"));
    X509 *extra = read_cert(FIX("ca.pem"));
    EVP_PKEY *k = read_key(FIX("rsa.key")), *k2 = read_key(FIX("ec.key"));

    FATAL_IF(ctx == NULL || x == NULL || x2 == NULL || k == NULL || k2 == NULL || extra == NULL,
             "setup");
    ex_idx = SSL_get_ex_new_index(0, NULL, NULL, ex_dup, NULL);
    test_fresh(ctx);
    test_configured(ctx, x, k, extra, x2, k2);
    test_roles(ctx);
    test_session(ctx, x, k);
    test_copy_session_id(ctx, x, k);
    refusing_idx = SSL_get_ex_new_index(0, NULL, NULL, refusing_dup, refusing_free);
    test_refused(ctx);
    test_bios(ctx);
    test_set_ssl_ctx(ctx);
    test_dane(ctx);
    X509_free(x);
    X509_free(x2);
    X509_free(extra);
    EVP_PKEY_free(k);
    EVP_PKEY_free(k2);
    SSL_CTX_free(ctx);
    return 0;
}
