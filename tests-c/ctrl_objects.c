/*
 * ctrl_objects.c - the ctrl settings that hold objects or callbacks, on
 * connections that have not handshaken: ticket keys, status callbacks and the
 * OCSP response, extra chain certificates, the chain and the verify/chain
 * stores (and what SSL_new and SSL_set_SSL_CTX pass on), every callback_ctrl
 * command, SRTP profiles, DTLS MTUs, switching methods and contexts, and the
 * legacy temporary DH/ECDH keys.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/obj_mac.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <string.h>
#include "ctrl_util.h"

static int servername_cb(SSL *s, int *al, void *arg)
{
    (void)s;
    (void)al;
    (void)arg;
    return 0;
}

static int status_cb(SSL *s, void *arg)
{
    (void)s;
    (void)arg;
    return 1;
}

static void dummy_fn(void)
{
}

static void objects(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s, *s2;
    unsigned char keys[80], got[80];
    int (*cb)(SSL *, void *) = NULL;
    void *arg = NULL;
    STACK_OF(X509) *chain = (STACK_OF(X509) *)1;
    X509_STORE *store = X509_STORE_new(), *got_store = (X509_STORE *)1;
    X509_STORE *store2 = X509_STORE_new();
    unsigned char *resp, *got_resp = NULL;
    STACK_OF(X509_EXTENSION) *exts = (STACK_OF(X509_EXTENSION) *)1;
    STACK_OF(OCSP_RESPID) *ids = (STACK_OF(OCSP_RESPID) *)1;
    int i;

    FATAL_IF(ctx == NULL || store == NULL || store2 == NULL, "setup");
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");

    SHOW(SSL_CTX_get_tlsext_ticket_keys(ctx, NULL, 0));
    SHOW(SSL_CTX_set_tlsext_ticket_keys(ctx, NULL, 0));
    SHOW(SSL_CTX_get_tlsext_ticket_keys(ctx, got, 48));
    SHOW(SSL_CTX_set_tlsext_ticket_keys(ctx, keys, 81));
    for (i = 0; i < 80; i++)
        keys[i] = (unsigned char)i;
    SHOW(SSL_CTX_set_tlsext_ticket_keys(ctx, keys, 80));
    memset(got, 0, sizeof(got));
    SHOW(SSL_CTX_get_tlsext_ticket_keys(ctx, got, 80));
    printf("ticket keys round trip: %d\n", memcmp(keys, got, 80) == 0);
    SHOW(SSL_ctrl(s, SSL_CTRL_GET_TLSEXT_TICKET_KEYS, 80, got));

    SHOW(SSL_CTX_set_tlsext_servername_callback(ctx, servername_cb));
    SHOW(SSL_CTX_set_tlsext_servername_arg(ctx, &i));
    SHOW(SSL_CTX_get_tlsext_status_cb(ctx, &cb));
    printf("status cb before: %s\n", cb == NULL ? "NULL" : "set");
    SHOW(SSL_CTX_set_tlsext_status_cb(ctx, status_cb));
    SHOW(SSL_CTX_get_tlsext_status_cb(ctx, &cb));
    printf("status cb after: %s\n", cb == status_cb ? "same" : "other");
    SHOW(SSL_CTX_get_tlsext_status_arg(ctx, &arg));
    printf("status arg before: %s\n", arg == NULL ? "NULL" : "set");
    SHOW(SSL_CTX_set_tlsext_status_arg(ctx, &i));
    SHOW(SSL_CTX_get_tlsext_status_arg(ctx, &arg));
    printf("status arg after: %s\n", arg == (void *)&i ? "same" : "other");
    SHOW(SSL_CTX_set_msg_callback_arg(ctx, &i));
    SHOW(SSL_set_msg_callback_arg(s, &i));
    SHOW(SSL_set_tlsext_debug_arg(s, &i));

    /* The OCSP response is owned by the connection (freed by SSL_free). */
    SHOW(SSL_get_tlsext_status_ocsp_resp(s, &got_resp));
    printf("resp before: %s\n", got_resp == NULL ? "NULL" : "set");
    resp = (unsigned char *)OPENSSL_malloc(5);
    FATAL_IF(resp == NULL, "OPENSSL_malloc");
    memcpy(resp, "ocsp!", 5);
    SHOW(SSL_set_tlsext_status_ocsp_resp(s, resp, 5));
    SHOW(SSL_get_tlsext_status_ocsp_resp(s, &got_resp));
    printf("resp after: %s\n", got_resp == resp ? "same" : "other");
    resp = (unsigned char *)OPENSSL_malloc(3);
    FATAL_IF(resp == NULL, "OPENSSL_malloc");
    SHOW(SSL_set_tlsext_status_ocsp_resp(s, resp, 0));
    SHOW(SSL_get_tlsext_status_ocsp_resp(s, &got_resp));
    SHOW(SSL_get_tlsext_status_exts(s, &exts));
    printf("exts: %s\n", exts == NULL ? "NULL" : "set");
    SHOW(SSL_get_tlsext_status_ids(s, &ids));
    printf("ids: %s\n", ids == NULL ? "NULL" : "set");
    SHOW(SSL_set_tlsext_status_exts(s, NULL));
    SHOW(SSL_set_tlsext_status_ids(s, NULL));

    /* Extra chain certificates: OpenSSL keeps whatever it is given, NULL too. */
    SHOW(SSL_CTX_get_extra_chain_certs(ctx, &chain));
    printf("extra before: %s\n", chain == NULL ? "NULL" : "set");
    SHOW(SSL_CTX_add_extra_chain_cert(ctx, NULL));
    SHOW(SSL_CTX_get_extra_chain_certs_only(ctx, &chain));
    printf("extra after: %d\n", chain == NULL ? -1 : sk_X509_num(chain));
    SHOW(SSL_CTX_clear_extra_chain_certs(ctx));
    SHOW(SSL_CTX_get_extra_chain_certs_only(ctx, &chain));
    printf("extra cleared: %s\n", chain == NULL ? "NULL" : "set");

    /* The current key's chain, with no certificate. */
    SHOW(SSL_CTX_get0_chain_certs(ctx, &chain));
    printf("chain: %s\n", chain == NULL ? "NULL" : "set");
    SHOW(SSL_CTX_set1_chain(ctx, NULL));
    SHOW(SSL_CTX_set0_chain(ctx, sk_X509_new_null()));
    SHOW(SSL_CTX_get0_chain_certs(ctx, &chain));
    printf("chain: %d\n", chain == NULL ? -1 : sk_X509_num(chain));
    SHOW(SSL_CTX_add0_chain_cert(ctx, NULL));
    SHOW(SSL_CTX_build_cert_chain(ctx, 0));
    SHOW(SSL_CTX_select_current_cert(ctx, NULL));
    SHOW(SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_FIRST));
    SHOW(SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_NEXT));
    SHOW(SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_SERVER));
    SHOW(SSL_set_current_cert(s, SSL_CERT_SET_SERVER));
    SHOW(SSL_set_current_cert(s, SSL_CERT_SET_FIRST));
    SHOW(SSL_CTX_clear_chain_certs(ctx));
    SHOW(SSL_CTX_get0_chain_certs(ctx, &chain));
    printf("chain cleared: %s\n", chain == NULL ? "NULL" : "set");

    /* Stores: set0 takes the reference, set1 adds one; SSL_new shares them. */
    SHOW(SSL_CTX_get0_verify_cert_store(ctx, &got_store));
    printf("verify store before: %s\n", got_store == NULL ? "NULL" : "set");
    SHOW(SSL_CTX_set1_verify_cert_store(ctx, store));
    SHOW(SSL_CTX_get0_verify_cert_store(ctx, &got_store));
    printf("verify store: %s\n", got_store == store ? "same" : "other");
    SHOW(SSL_CTX_set0_chain_cert_store(ctx, store2));
    SHOW(SSL_CTX_get0_chain_cert_store(ctx, &got_store));
    printf("chain store: %s\n", got_store == store2 ? "same" : "other");
    s2 = SSL_new(ctx);
    FATAL_IF(s2 == NULL, "SSL_new");
    SHOW(SSL_get0_verify_cert_store(s2, &got_store));
    printf("inherited verify store: %s\n", got_store == store ? "same" : "other");
    SHOW(SSL_get0_chain_cert_store(s2, &got_store));
    printf("inherited chain store: %s\n", got_store == store2 ? "same" : "other");
    SHOW(SSL_get0_verify_cert_store(s, &got_store));
    printf("earlier connection's verify store: %s\n", got_store == NULL ? "NULL" : "set");
    SHOW(SSL_set0_verify_cert_store(s2, NULL));
    SHOW(SSL_get0_verify_cert_store(s2, &got_store));
    printf("cleared: %s\n", got_store == NULL ? "NULL" : "set");
    SHOW(SSL_set1_chain_cert_store(s, store));
    SHOW(SSL_CTX_set1_client_certificate_types(ctx, NULL, 0));
    SHOW(SSL_set1_client_certificate_types(s, (const unsigned char *)"\x01\x40", 2));
    SSL_set_connect_state(s);
    SHOW(SSL_set1_client_certificate_types(s, (const unsigned char *)"\x01\x40", 2));

    for (i = 0; i <= 140; i++) {
        long rc = SSL_CTX_callback_ctrl(ctx, i, dummy_fn), rs = SSL_callback_ctrl(s, i, dummy_fn);
        if (rc != 0 || rs != 0)
            printf("callback_ctrl %d: ctx %ld ssl %ld\n", i, rc, rs);
    }
    errs();
    X509_STORE_free(store);
    SSL_free(s2);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static void print_profiles(const char *label, SSL *s)
{
    STACK_OF(SRTP_PROTECTION_PROFILE) *st = SSL_get_srtp_profiles(s);
    int i;

    printf("%s:", label);
    if (st == NULL)
        printf(" NULL");
    else
        for (i = 0; i < sk_SRTP_PROTECTION_PROFILE_num(st); i++)
            printf(" %s/%lu", sk_SRTP_PROTECTION_PROFILE_value(st, i)->name,
                   sk_SRTP_PROTECTION_PROFILE_value(st, i)->id);
    printf("\n");
}

static void srtp_and_dtls(void)
{
    SSL_CTX *ctx = SSL_CTX_new(DTLS_method());
    SSL *s;
    static const char *lists[] = {
        "SRTP_AES128_CM_SHA1_80", "SRTP_AES128_CM_SHA1_32:SRTP_AEAD_AES_128_GCM:SRTP_AEAD_AES_256_GCM",
        "SRTP_DOUBLE_AEAD_AES_128_GCM_AEAD_AES_128_GCM", "SRTP_ARIA_128_CTR_HMAC_SHA1_80", "",
        "x", "SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_80", "SRTP_AES128_CM_SHA1_80:",
        "srtp_aes128_cm_sha1_80", NULL};
    int i;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    print_profiles("none", s);
    for (i = 0; lists[i] != NULL; i++) {
        printf("use_srtp \"%s\": %d", lists[i], SSL_CTX_set_tlsext_use_srtp(ctx, lists[i]));
        errs();
        print_profiles("  connection sees", s);
    }
    SHOW(SSL_set_tlsext_use_srtp(s, "SRTP_AEAD_AES_256_GCM"));
    print_profiles("own", s);
    printf("selected: %s\n", SSL_get_selected_srtp_profile(s) == NULL ? "NULL" : "set");
    SHOW(DTLS_get_data_mtu(s));
    SHOW(DTLS_get_link_min_mtu(s));
    SHOW(DTLS_set_link_mtu(s, 255));
    SHOW(DTLS_set_link_mtu(s, 256));
    SHOW(SSL_set_mtu(s, 255));
    SHOW(SSL_set_mtu(s, 1000));
    SHOW(DTLSv1_handle_timeout(s));
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static void switching_methods(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    SHOW(SSL_set_ssl_method(s, TLSv1_2_method()));
    printf("SSL_get_version: %s\n", SSL_get_version(s));
    printf("after SSL_set_ssl_method: same %d version %#x client %#x dtls %d server %d\n",
           SSL_get_ssl_method(s) == TLSv1_2_method(), SSL_version(s), SSL_client_version(s),
           SSL_is_dtls(s), SSL_is_server(s));
    SHOW(SSL_set_ssl_method(s, TLS_client_method()));
    printf("back to flexible: version %#x server %d\n", SSL_version(s), SSL_is_server(s));
    printf("SSL_get_version: %s\n", SSL_get_version(s));
    SHOW(SSL_clear(s));
    printf("after SSL_clear: same as ctx %d version %#x\n", SSL_get_ssl_method(s) == TLS_method(),
           SSL_version(s));
    SHOW(SSL_CTX_set_ssl_version(ctx, TLSv1_2_server_method()));
    printf("ctx method now TLSv1_2_server: %d; bound on it: %ld/%ld\n",
           SSL_CTX_get_ssl_method(ctx) == TLSv1_2_server_method(),
           SSL_CTX_set_min_proto_version(ctx, TLS1_1_VERSION), SSL_CTX_get_min_proto_version(ctx));
    SSL_free(s);
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    printf("new connection: version %#x client %#x server %d\n", SSL_version(s), SSL_client_version(s),
           SSL_is_server(s));
    SHOW(SSL_set_min_proto_version(s, TLS1_1_VERSION));
    SHOW(SSL_get_min_proto_version(s));
    SSL_free(s);
    SSL_CTX_free(ctx);
}

/* Legacy temporary keys: DH parameters must meet the security level (2 under
 * the system configuration), an ECDH key names the one group to offer. */
static void tmp_keys(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;
    DH *dh;
    EC_KEY *ec;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    dh = DH_get_2048_256();
    SHOW(SSL_CTX_set_tmp_dh(ctx, dh));
    SHOW(SSL_set_tmp_dh(s, dh));
    SHOW(SSL_CTX_set_tmp_dh(ctx, dh));
    DH_free(dh);
    dh = DH_get_1024_160();
    SHOW(SSL_CTX_set_tmp_dh(ctx, dh));
    SHOW(SSL_set_tmp_dh(s, dh));
    DH_free(dh);
    dh = DH_new();
    SHOW(SSL_CTX_set_tmp_dh(ctx, dh));
    DH_free(dh);
    ec = EC_KEY_new_by_curve_name(NID_X9_62_prime256v1);
    SHOW(SSL_CTX_set_tmp_ecdh(ctx, ec));
    SHOW(SSL_set_tmp_ecdh(s, ec));
    EC_KEY_free(ec);
    ec = EC_KEY_new_by_curve_name(NID_secp112r1);
    SHOW(SSL_CTX_set_tmp_ecdh(ctx, ec));
    EC_KEY_free(ec);
    ec = EC_KEY_new();
    SHOW(SSL_CTX_set_tmp_ecdh(ctx, ec));
    EC_KEY_free(ec);
    SHOW(SSL_CTX_set_ecdh_auto(ctx, 1));
    SSL_free(s);
    SSL_CTX_free(ctx);
}

/* SSL_set_SSL_CTX: the connection takes the new context's certificate
 * settings and bounds rules; its cache stays its first context's. */
static void switching_contexts(void)
{
    SSL_CTX *ctx1 = SSL_CTX_new(TLS_method()), *ctx2 = SSL_CTX_new(TLSv1_2_method());
    X509_STORE *store = X509_STORE_new(), *got = NULL;
    SSL_SESSION *sess = SSL_SESSION_new();
    SSL *s;
    static const unsigned char id[] = "session-id";

    FATAL_IF(ctx1 == NULL || ctx2 == NULL || store == NULL || sess == NULL, "setup");
    SHOW(SSL_CTX_set_tlsext_use_srtp(ctx2, "SRTP_AES128_CM_SHA1_32"));
    SHOW(SSL_CTX_set0_verify_cert_store(ctx2, store));
    SHOW(SSL_CTX_set_options(ctx2, SSL_OP_NO_TICKET) == SSL_CTX_get_options(ctx2));
    SHOW(SSL_SESSION_set1_id(sess, id, sizeof(id) - 1));
    SHOW(SSL_CTX_add_session(ctx1, sess));
    s = SSL_new(ctx1);
    FATAL_IF(s == NULL, "SSL_new");
    SHOW(SSL_set_SSL_CTX(s, ctx1) == ctx1);
    SHOW(SSL_set_SSL_CTX(s, ctx2) == ctx2);
    SHOW(SSL_get_SSL_CTX(s) == ctx2);
    SHOW(SSL_get_ssl_method(s) == TLS_method());
    SHOWU(SSL_get_options(s));
    SHOW(SSL_get0_verify_cert_store(s, &got));
    printf("verify store from ctx2: %d\n", got == store);
    print_profiles("profiles from ctx2", s);
    SHOW(SSL_set_min_proto_version(s, TLS1_1_VERSION));
    SHOW(SSL_get_min_proto_version(s));
    SHOW(SSL_has_matching_session_id(s, id, sizeof(id) - 1));
    SHOW(SSL_set_SSL_CTX(s, NULL) == ctx1);
    SHOW(SSL_get_SSL_CTX(s) == ctx1);
    SHOW(SSL_get0_verify_cert_store(s, &got));
    printf("verify store after going back: %s\n", got == NULL ? "NULL" : "set");
    print_profiles("profiles back home", s);
    SHOW(SSL_set_SSL_CTX(s, ctx2) == ctx2);
    SSL_CTX_free(ctx2);
    SHOW(SSL_get_SSL_CTX(s) == ctx2);
    print_profiles("profiles of the freed-by-caller ctx2", s);
    SSL_free(s);
    SSL_SESSION_free(sess);
    SSL_CTX_free(ctx1);
}

int main(void)
{
    objects();
    srtp_and_dtls();
    switching_methods();
    switching_contexts();
    tmp_keys();
    return 0;
}
