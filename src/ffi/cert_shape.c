/*
 * The shape of an X.509 certificate, checked by libcrypto's own ASN.1 decoder.
 *
 * d2i_SSL_SESSION must fail exactly when libcrypto's d2i_X509 rejects the peer
 * certificate. d2i_X509 spends almost all its time (~75 of ~80 us with a 2048-bit
 * RSA key on OpenSSL 3.0) building an EVP_PKEY from the subjectPublicKeyInfo
 * through the provider decoders. That step never makes d2i_X509 fail: it is
 * opportunistic, its errors are dropped, and X509_get_pubkey() retries it. So the
 * session decoder checks the certificate against the template below, which is
 * X.509's (RFC 5280, section 4.1) built from libcrypto's own item types, with the
 * key kept as its two fields instead of libcrypto's X509_PUBKEY; the X509 itself
 * is decoded on first use (SSL_SESSION_get0_peer).
 *
 * tests-c/der_peer_mutations.c (twice-built) holds d2i_SSL_SESSION with this
 * check to OpenSSL's over structurally mutated certificates: acceptance, errors
 * and re-encoding; the d2i fuzz target checks the X509 built on first use
 * against libcrypto's own decoding.
 */
#include <openssl/asn1t.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <string.h>

typedef struct {
    X509_ALGOR *algorithm;
    ASN1_BIT_STRING *key;
} SESSL_SPKI;

ASN1_SEQUENCE(SESSL_SPKI) = {
    ASN1_SIMPLE(SESSL_SPKI, algorithm, X509_ALGOR),
    ASN1_SIMPLE(SESSL_SPKI, key, ASN1_BIT_STRING)
} static_ASN1_SEQUENCE_END(SESSL_SPKI)

typedef struct {
    ASN1_ENCODING enc; /* kept verbatim, as libcrypto keeps a certificate's */
    ASN1_INTEGER *version;
    ASN1_INTEGER *serial;
    X509_ALGOR *signature;
    X509_NAME *issuer;
    X509_VAL *validity;
    X509_NAME *subject;
    SESSL_SPKI *key;
    ASN1_BIT_STRING *issuer_uid;
    ASN1_BIT_STRING *subject_uid;
    STACK_OF(X509_EXTENSION) *extensions;
} SESSL_TBS;

ASN1_SEQUENCE_enc(SESSL_TBS, enc, 0) = {
    ASN1_EXP_OPT(SESSL_TBS, version, ASN1_INTEGER, 0),
    ASN1_SIMPLE(SESSL_TBS, serial, ASN1_INTEGER),
    ASN1_SIMPLE(SESSL_TBS, signature, X509_ALGOR),
    ASN1_SIMPLE(SESSL_TBS, issuer, X509_NAME),
    ASN1_SIMPLE(SESSL_TBS, validity, X509_VAL),
    ASN1_SIMPLE(SESSL_TBS, subject, X509_NAME),
    ASN1_SIMPLE(SESSL_TBS, key, SESSL_SPKI),
    ASN1_IMP_OPT(SESSL_TBS, issuer_uid, ASN1_BIT_STRING, 1),
    ASN1_IMP_OPT(SESSL_TBS, subject_uid, ASN1_BIT_STRING, 2),
    ASN1_EXP_SEQUENCE_OF_OPT(SESSL_TBS, extensions, X509_EXTENSION, 3)
} static_ASN1_SEQUENCE_END_ref(SESSL_TBS, SESSL_TBS)

typedef struct {
    SESSL_TBS *tbs;
    X509_ALGOR *signature_algorithm;
    ASN1_BIT_STRING *signature;
} SESSL_CERT;

ASN1_SEQUENCE(SESSL_CERT) = {
    ASN1_SIMPLE(SESSL_CERT, tbs, SESSL_TBS),
    ASN1_SIMPLE(SESSL_CERT, signature_algorithm, X509_ALGOR),
    ASN1_SIMPLE(SESSL_CERT, signature, ASN1_BIT_STRING)
} static_ASN1_SEQUENCE_END(SESSL_CERT)

/*
 * 1 when d2i_X509 would decode a certificate from `der` (len bytes): then
 * *consumed is the number of bytes it would read, and *canonical is 1 when
 * i2d_X509 would give those bytes back unchanged. 0 when it would fail. The
 * error queue is left as it was either way.
 */
int sessl_cert_shape(const unsigned char *der, long len, long *consumed, int *canonical)
{
    const unsigned char *p = der;
    SESSL_CERT *cert;
    unsigned char *out = NULL;
    int out_len;

    ERR_set_mark();
    cert = (SESSL_CERT *)ASN1_item_d2i(NULL, &p, len, ASN1_ITEM_rptr(SESSL_CERT));
    if (cert == NULL) {
        ERR_pop_to_mark();
        return 0;
    }
    *consumed = (long)(p - der);
    out_len = ASN1_item_i2d((ASN1_VALUE *)cert, &out, ASN1_ITEM_rptr(SESSL_CERT));
    *canonical = out_len == *consumed && memcmp(out, der, (size_t)out_len) == 0;
    OPENSSL_free(out);
    ASN1_item_free((ASN1_VALUE *)cert, ASN1_ITEM_rptr(SESSL_CERT));
    ERR_pop_to_mark();
    return 1;
}
