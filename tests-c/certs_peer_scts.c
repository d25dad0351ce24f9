/*
 * certs_peer_scts.c - SSL_get0_peer_scts as in OpenSSL: the first call
 * gathers the SCTs of the stapled OCSP response (the one
 * SSL_set_tlsext_status_ocsp_resp stores) and of the session's peer
 * certificate, and the connection keeps the result: an empty list when a
 * source has no SCT, NULL without any source (kept NULL even once a session
 * with a peer is set), the same list whatever the session becomes
 * (SSL_set_session, SSL_clear, a method change, SSL_copy_session_id); SSL_dup
 * gathers its own. A response that does not decode queues libcrypto's
 * errors. SCTs are taken from the end of each source (so in reverse) and get
 * the source's type. sessl always returned NULL (found by the sequence tester,
 * tests-c/difffuzz). Twice-built; run from the repository root (fixtures).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/ct.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include "api_util.h"

static const STACK_OF(SCT) *first;

static void show(const char *label, SSL *s)
{
    const STACK_OF(SCT) *scts = SSL_get0_peer_scts(s);
    int i;

    if (scts == NULL) {
        printf("%s: NULL\n", label);
    } else {
        printf("%s: %d SCTs%s", label, sk_SCT_num(scts), scts == first ? " (the same list)" : "");
        for (i = 0; i < sk_SCT_num(scts); i++) {
            const SCT *sct = sk_SCT_value(scts, i);
            printf(" [time %llu source %d entry type %d]", (unsigned long long)SCT_get_timestamp(sct),
                   (int)SCT_get_source(sct), (int)SCT_get_log_entry_type(sct));
        }
        printf("\n");
    }
    print_errors(label);
}

static SSL_SESSION *load(const char *file)
{
    unsigned char buf[8192];
    const unsigned char *p = buf;
    FILE *f = fopen(file, "rb");
    long n;

    FATAL_IF(f == NULL, "cannot open the session fixture");
    n = (long)fread(buf, 1, sizeof buf, f);
    fclose(f);
    return d2i_SSL_SESSION(NULL, &p, n);
}

static SCT *make_sct(uint64_t time)
{
    static const unsigned char id[32] = {1, 2, 3}, sig[8] = {9, 9, 9, 9, 9, 9, 9, 9};
    SCT *sct = SCT_new();

    SCT_set_version(sct, SCT_VERSION_V1);
    SCT_set_log_entry_type(sct, CT_LOG_ENTRY_TYPE_X509);
    SCT_set1_log_id(sct, id, sizeof id);
    SCT_set_timestamp(sct, time);
    SCT_set_signature_nid(sct, NID_sha256WithRSAEncryption);
    SCT_set1_signature(sct, sig, sizeof sig);
    return sct;
}

/* A signed OCSP response with one single response carrying two SCTs. */
static int ocsp_response(unsigned char **der)
{
    FILE *f;
    X509 *cert, *ca;
    EVP_PKEY *key;
    OCSP_BASICRESP *bs = OCSP_BASICRESP_new();
    OCSP_SINGLERESP *single;
    OCSP_CERTID *id;
    OCSP_RESPONSE *resp;
    STACK_OF(SCT) *scts = sk_SCT_new_null();
    ASN1_TIME *now = ASN1_TIME_set(NULL, 1700000000);
    int len;

    f = fopen("tests-c/fixtures/certs/rsa.pem", "r");
    FATAL_IF(f == NULL, "no tests-c/fixtures/certs/rsa.pem");
    cert = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    f = fopen("tests-c/fixtures/certs/ca.pem", "r");
    ca = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    f = fopen("tests-c/fixtures/certs/rsa.key", "r");
    key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    id = OCSP_cert_to_id(NULL, cert, ca);
    single = OCSP_basic_add1_status(bs, id, V_OCSP_CERTSTATUS_GOOD, 0, NULL, now, NULL);
    OCSP_CERTID_free(id);
    sk_SCT_push(scts, make_sct(1000));
    sk_SCT_push(scts, make_sct(2000));
    FATAL_IF(OCSP_SINGLERESP_add1_ext_i2d(single, NID_ct_cert_scts, scts, 0, 0) != 1, "SCT extension");
    FATAL_IF(OCSP_basic_sign(bs, cert, key, EVP_sha256(), NULL, OCSP_NOCERTS) != 1, "signing");
    resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs);
    *der = NULL;
    len = i2d_OCSP_RESPONSE(resp, der);
    OCSP_RESPONSE_free(resp);
    OCSP_BASICRESP_free(bs);
    SCT_LIST_free(scts);
    ASN1_TIME_free(now);
    EVP_PKEY_free(key);
    X509_free(ca);
    X509_free(cert);
    return len;
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL_SESSION *peer = load("tests-c/fixtures/tls13.der");
    SSL *s = SSL_new(ctx), *t = SSL_new(ctx), *d, *u = SSL_new(ctx), *o = SSL_new(ctx), *j = SSL_new(ctx);
    unsigned char *der, *junk = (unsigned char *)OPENSSL_malloc(4);
    int len;

    FATAL_IF(peer == NULL || SSL_SESSION_get0_peer(peer) == NULL, "fixture without a peer");
    show("no session", s);
    SSL_set_session(s, peer);
    show("then a session with a peer", s);

    SSL_set_session(t, peer);
    show("a session with a peer", t);
    first = SSL_get0_peer_scts(t);
    show("again", t);
    SSL_set_session(t, NULL);
    show("after SSL_set_session NULL", t);
    SSL_clear(t);
    show("after SSL_clear", t);
    SSL_set_ssl_method(t, TLS_server_method());
    show("after SSL_set_ssl_method", t);
    SSL_copy_session_id(t, s);
    show("after SSL_copy_session_id", t);
    SSL_set_session(t, peer);
    d = SSL_dup(t);
    show("SSL_dup", d);

    /* the stapled OCSP response comes first, then the certificate */
    len = ocsp_response(&der);
    printf("OCSP response: %d bytes\n", len > 0 ? 1 : 0);
    SSL_set_tlsext_status_ocsp_resp(o, der, len);
    show("OCSP response", o);
    SSL_set_tlsext_status_ocsp_resp(u, (unsigned char *)OPENSSL_memdup(der, (size_t)len), len);
    SSL_set_session(u, peer);
    show("OCSP response and a peer", u);

    memcpy(junk, "\x30\x02\x05\x00", 4);
    SSL_set_tlsext_status_ocsp_resp(j, junk, 4);
    show("OCSP response that does not decode", j);
    show("again", j);

    SSL_free(j);
    SSL_free(o);
    SSL_free(u);
    SSL_free(d);
    SSL_free(t);
    SSL_free(s);
    SSL_SESSION_free(peer);
    SSL_CTX_free(ctx);
    return 0;
}
