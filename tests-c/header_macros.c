/* The names of OpenSSL's <openssl/ssl.h> that sessl's header defines apart
 * from its sources (cbindgen.toml's trailer): the constants' values, the old
 * names of functions, and the macros over functions (SSL_want_*, the typed
 * stack functions, the SSL_SESSION BIO codec), used as a program would. */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static int by_name(const SSL_CIPHER *const *a, const SSL_CIPHER *const *b)
{
    return strcmp(SSL_CIPHER_get_name(*a), SSL_CIPHER_get_name(*b));
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(SSLv23_method());
    SSL *ssl = SSL_new(ctx);
    STACK_OF(SSL_CIPHER) *sk;
    const SSL_CIPHER *c;
    SSL_SESSION *sess, *back = NULL;
    BIO *bio = BIO_new(BIO_s_mem());
    int n;
    /* Type names of OpenSSL's headers that no function uses. */
    TLS_SESSION_TICKET_EXT *ticket_ext = NULL;
    TLS_SIGALGS *sigalgs = NULL;
    ssl_crock_st crock = ssl;

    printf("CERT_PKEY_CA_PARAM = %llx\n", (unsigned long long)(CERT_PKEY_CA_PARAM));
    printf("CERT_PKEY_CA_SIGNATURE = %llx\n", (unsigned long long)(CERT_PKEY_CA_SIGNATURE));
    printf("CERT_PKEY_CERT_TYPE = %llx\n", (unsigned long long)(CERT_PKEY_CERT_TYPE));
    printf("CERT_PKEY_EE_PARAM = %llx\n", (unsigned long long)(CERT_PKEY_EE_PARAM));
    printf("CERT_PKEY_EE_SIGNATURE = %llx\n", (unsigned long long)(CERT_PKEY_EE_SIGNATURE));
    printf("CERT_PKEY_EXPLICIT_SIGN = %llx\n", (unsigned long long)(CERT_PKEY_EXPLICIT_SIGN));
    printf("CERT_PKEY_ISSUER_NAME = %llx\n", (unsigned long long)(CERT_PKEY_ISSUER_NAME));
    printf("CERT_PKEY_SIGN = %llx\n", (unsigned long long)(CERT_PKEY_SIGN));
    printf("CERT_PKEY_SUITEB = %llx\n", (unsigned long long)(CERT_PKEY_SUITEB));
    printf("CERT_PKEY_VALID = %llx\n", (unsigned long long)(CERT_PKEY_VALID));
    printf("PSK_MAX_IDENTITY_LEN = %llx\n", (unsigned long long)(PSK_MAX_IDENTITY_LEN));
    printf("PSK_MAX_PSK_LEN = %llx\n", (unsigned long long)(PSK_MAX_PSK_LEN));
    printf("SSL_AD_REASON_OFFSET = %llx\n", (unsigned long long)(SSL_AD_REASON_OFFSET));
    printf("SSL_BUILD_CHAIN_FLAG_CHECK = %llx\n", (unsigned long long)(SSL_BUILD_CHAIN_FLAG_CHECK));
    printf("SSL_BUILD_CHAIN_FLAG_CLEAR_ERROR = %llx\n", (unsigned long long)(SSL_BUILD_CHAIN_FLAG_CLEAR_ERROR));
    printf("SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR = %llx\n", (unsigned long long)(SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR));
    printf("SSL_BUILD_CHAIN_FLAG_NO_ROOT = %llx\n", (unsigned long long)(SSL_BUILD_CHAIN_FLAG_NO_ROOT));
    printf("SSL_BUILD_CHAIN_FLAG_UNTRUSTED = %llx\n", (unsigned long long)(SSL_BUILD_CHAIN_FLAG_UNTRUSTED));
    printf("SSL_CB_ACCEPT_EXIT = %llx\n", (unsigned long long)(SSL_CB_ACCEPT_EXIT));
    printf("SSL_CB_ACCEPT_LOOP = %llx\n", (unsigned long long)(SSL_CB_ACCEPT_LOOP));
    printf("SSL_CB_ALERT = %llx\n", (unsigned long long)(SSL_CB_ALERT));
    printf("SSL_CB_CONNECT_EXIT = %llx\n", (unsigned long long)(SSL_CB_CONNECT_EXIT));
    printf("SSL_CB_CONNECT_LOOP = %llx\n", (unsigned long long)(SSL_CB_CONNECT_LOOP));
    printf("SSL_CB_EXIT = %llx\n", (unsigned long long)(SSL_CB_EXIT));
    printf("SSL_CB_HANDSHAKE_DONE = %llx\n", (unsigned long long)(SSL_CB_HANDSHAKE_DONE));
    printf("SSL_CB_HANDSHAKE_START = %llx\n", (unsigned long long)(SSL_CB_HANDSHAKE_START));
    printf("SSL_CB_LOOP = %llx\n", (unsigned long long)(SSL_CB_LOOP));
    printf("SSL_CB_READ = %llx\n", (unsigned long long)(SSL_CB_READ));
    printf("SSL_CB_READ_ALERT = %llx\n", (unsigned long long)(SSL_CB_READ_ALERT));
    printf("SSL_CB_WRITE = %llx\n", (unsigned long long)(SSL_CB_WRITE));
    printf("SSL_CB_WRITE_ALERT = %llx\n", (unsigned long long)(SSL_CB_WRITE_ALERT));
    printf("SSL_CLIENT_HELLO_ERROR = %llx\n", (unsigned long long)(SSL_CLIENT_HELLO_ERROR));
    printf("SSL_CLIENT_HELLO_RETRY = %llx\n", (unsigned long long)(SSL_CLIENT_HELLO_RETRY));
    printf("SSL_CLIENT_HELLO_SUCCESS = %llx\n", (unsigned long long)(SSL_CLIENT_HELLO_SUCCESS));
    printf("SSL_COOKIE_LENGTH = %llx\n", (unsigned long long)(SSL_COOKIE_LENGTH));
    printf("SSL_MAC_FLAG_READ_MAC_STREAM = %llx\n", (unsigned long long)(SSL_MAC_FLAG_READ_MAC_STREAM));
    printf("SSL_MAC_FLAG_READ_MAC_TLSTREE = %llx\n", (unsigned long long)(SSL_MAC_FLAG_READ_MAC_TLSTREE));
    printf("SSL_MAC_FLAG_WRITE_MAC_STREAM = %llx\n", (unsigned long long)(SSL_MAC_FLAG_WRITE_MAC_STREAM));
    printf("SSL_MAC_FLAG_WRITE_MAC_TLSTREE = %llx\n", (unsigned long long)(SSL_MAC_FLAG_WRITE_MAC_TLSTREE));
    printf("SSL_MAX_KEY_ARG_LENGTH = %llx\n", (unsigned long long)(SSL_MAX_KEY_ARG_LENGTH));
    printf("SSL_MAX_PIPELINES = %llx\n", (unsigned long long)(SSL_MAX_PIPELINES));
    printf("SSL_MODE_DTLS_SCTP_LABEL_LENGTH_BUG = %llx\n", (unsigned long long)(SSL_MODE_DTLS_SCTP_LABEL_LENGTH_BUG));
    printf("SSL_OP_EPHEMERAL_RSA = %llx\n", (unsigned long long)(SSL_OP_EPHEMERAL_RSA));
    printf("SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER = %llx\n", (unsigned long long)(SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER));
    printf("SSL_OP_MICROSOFT_SESS_ID_BUG = %llx\n", (unsigned long long)(SSL_OP_MICROSOFT_SESS_ID_BUG));
    printf("SSL_OP_MSIE_SSLV2_RSA_PADDING = %llx\n", (unsigned long long)(SSL_OP_MSIE_SSLV2_RSA_PADDING));
    printf("SSL_OP_NETSCAPE_CA_DN_BUG = %llx\n", (unsigned long long)(SSL_OP_NETSCAPE_CA_DN_BUG));
    printf("SSL_OP_NETSCAPE_CHALLENGE_BUG = %llx\n", (unsigned long long)(SSL_OP_NETSCAPE_CHALLENGE_BUG));
    printf("SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG = %llx\n", (unsigned long long)(SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG));
    printf("SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG = %llx\n", (unsigned long long)(SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG));
    printf("SSL_OP_NO_DTLS_MASK = %llx\n", (unsigned long long)(SSL_OP_NO_DTLS_MASK));
    printf("SSL_OP_NO_SSL_MASK = %llx\n", (unsigned long long)(SSL_OP_NO_SSL_MASK));
    printf("SSL_OP_NO_SSLv2 = %llx\n", (unsigned long long)(SSL_OP_NO_SSLv2));
    printf("SSL_OP_PKCS1_CHECK_1 = %llx\n", (unsigned long long)(SSL_OP_PKCS1_CHECK_1));
    printf("SSL_OP_PKCS1_CHECK_2 = %llx\n", (unsigned long long)(SSL_OP_PKCS1_CHECK_2));
    printf("SSL_OP_SINGLE_DH_USE = %llx\n", (unsigned long long)(SSL_OP_SINGLE_DH_USE));
    printf("SSL_OP_SINGLE_ECDH_USE = %llx\n", (unsigned long long)(SSL_OP_SINGLE_ECDH_USE));
    printf("SSL_OP_SSLEAY_080_CLIENT_DH_BUG = %llx\n", (unsigned long long)(SSL_OP_SSLEAY_080_CLIENT_DH_BUG));
    printf("SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG = %llx\n", (unsigned long long)(SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG));
    printf("SSL_OP_TLS_BLOCK_PADDING_BUG = %llx\n", (unsigned long long)(SSL_OP_TLS_BLOCK_PADDING_BUG));
    printf("SSL_OP_TLS_D5_BUG = %llx\n", (unsigned long long)(SSL_OP_TLS_D5_BUG));
    printf("SSL_SESSION_ASN1_VERSION = %llx\n", (unsigned long long)(SSL_SESSION_ASN1_VERSION));
    printf("SSL_ST_ACCEPT = %llx\n", (unsigned long long)(SSL_ST_ACCEPT));
    printf("SSL_ST_CONNECT = %llx\n", (unsigned long long)(SSL_ST_CONNECT));
    printf("SSL_ST_MASK = %llx\n", (unsigned long long)(SSL_ST_MASK));
    printf("SSL_ST_READ_BODY = %llx\n", (unsigned long long)(SSL_ST_READ_BODY));
    printf("SSL_ST_READ_DONE = %llx\n", (unsigned long long)(SSL_ST_READ_DONE));
    printf("SSL_ST_READ_HEADER = %llx\n", (unsigned long long)(SSL_ST_READ_HEADER));
    printf("OPENSSL_INIT_SSL_DEFAULT = %llx\n", (unsigned long long)(OPENSSL_INIT_SSL_DEFAULT));
    printf("SSL_AD_ACCESS_DENIED = %llx\n", (unsigned long long)(SSL_AD_ACCESS_DENIED));
    printf("SSL_AD_BAD_CERTIFICATE = %llx\n", (unsigned long long)(SSL_AD_BAD_CERTIFICATE));
    printf("SSL_AD_BAD_CERTIFICATE_HASH_VALUE = %llx\n", (unsigned long long)(SSL_AD_BAD_CERTIFICATE_HASH_VALUE));
    printf("SSL_AD_BAD_CERTIFICATE_STATUS_RESPONSE = %llx\n", (unsigned long long)(SSL_AD_BAD_CERTIFICATE_STATUS_RESPONSE));
    printf("SSL_AD_BAD_RECORD_MAC = %llx\n", (unsigned long long)(SSL_AD_BAD_RECORD_MAC));
    printf("SSL_AD_CERTIFICATE_EXPIRED = %llx\n", (unsigned long long)(SSL_AD_CERTIFICATE_EXPIRED));
    printf("SSL_AD_CERTIFICATE_REQUIRED = %llx\n", (unsigned long long)(SSL_AD_CERTIFICATE_REQUIRED));
    printf("SSL_AD_CERTIFICATE_REVOKED = %llx\n", (unsigned long long)(SSL_AD_CERTIFICATE_REVOKED));
    printf("SSL_AD_CERTIFICATE_UNKNOWN = %llx\n", (unsigned long long)(SSL_AD_CERTIFICATE_UNKNOWN));
    printf("SSL_AD_CERTIFICATE_UNOBTAINABLE = %llx\n", (unsigned long long)(SSL_AD_CERTIFICATE_UNOBTAINABLE));
    printf("SSL_AD_CLOSE_NOTIFY = %llx\n", (unsigned long long)(SSL_AD_CLOSE_NOTIFY));
    printf("SSL_AD_DECODE_ERROR = %llx\n", (unsigned long long)(SSL_AD_DECODE_ERROR));
    printf("SSL_AD_DECOMPRESSION_FAILURE = %llx\n", (unsigned long long)(SSL_AD_DECOMPRESSION_FAILURE));
    printf("SSL_AD_DECRYPTION_FAILED = %llx\n", (unsigned long long)(SSL_AD_DECRYPTION_FAILED));
    printf("SSL_AD_DECRYPT_ERROR = %llx\n", (unsigned long long)(SSL_AD_DECRYPT_ERROR));
    printf("SSL_AD_EXPORT_RESTRICTION = %llx\n", (unsigned long long)(SSL_AD_EXPORT_RESTRICTION));
    printf("SSL_AD_HANDSHAKE_FAILURE = %llx\n", (unsigned long long)(SSL_AD_HANDSHAKE_FAILURE));
    printf("SSL_AD_ILLEGAL_PARAMETER = %llx\n", (unsigned long long)(SSL_AD_ILLEGAL_PARAMETER));
    printf("SSL_AD_INAPPROPRIATE_FALLBACK = %llx\n", (unsigned long long)(SSL_AD_INAPPROPRIATE_FALLBACK));
    printf("SSL_AD_INSUFFICIENT_SECURITY = %llx\n", (unsigned long long)(SSL_AD_INSUFFICIENT_SECURITY));
    printf("SSL_AD_INTERNAL_ERROR = %llx\n", (unsigned long long)(SSL_AD_INTERNAL_ERROR));
    printf("SSL_AD_MISSING_EXTENSION = %llx\n", (unsigned long long)(SSL_AD_MISSING_EXTENSION));
    printf("SSL_AD_NO_APPLICATION_PROTOCOL = %llx\n", (unsigned long long)(SSL_AD_NO_APPLICATION_PROTOCOL));
    printf("SSL_AD_NO_CERTIFICATE = %llx\n", (unsigned long long)(SSL_AD_NO_CERTIFICATE));
    printf("SSL_AD_NO_RENEGOTIATION = %llx\n", (unsigned long long)(SSL_AD_NO_RENEGOTIATION));
    printf("SSL_AD_PROTOCOL_VERSION = %llx\n", (unsigned long long)(SSL_AD_PROTOCOL_VERSION));
    printf("SSL_AD_RECORD_OVERFLOW = %llx\n", (unsigned long long)(SSL_AD_RECORD_OVERFLOW));
    printf("SSL_AD_UNEXPECTED_MESSAGE = %llx\n", (unsigned long long)(SSL_AD_UNEXPECTED_MESSAGE));
    printf("SSL_AD_UNKNOWN_CA = %llx\n", (unsigned long long)(SSL_AD_UNKNOWN_CA));
    printf("SSL_AD_UNKNOWN_PSK_IDENTITY = %llx\n", (unsigned long long)(SSL_AD_UNKNOWN_PSK_IDENTITY));
    printf("SSL_AD_UNRECOGNIZED_NAME = %llx\n", (unsigned long long)(SSL_AD_UNRECOGNIZED_NAME));
    printf("SSL_AD_UNSUPPORTED_CERTIFICATE = %llx\n", (unsigned long long)(SSL_AD_UNSUPPORTED_CERTIFICATE));
    printf("SSL_AD_UNSUPPORTED_EXTENSION = %llx\n", (unsigned long long)(SSL_AD_UNSUPPORTED_EXTENSION));
    printf("SSL_AD_USER_CANCELLED = %llx\n", (unsigned long long)(SSL_AD_USER_CANCELLED));
    printf("SSL_MAX_CERT_LIST_DEFAULT = %llx\n", (unsigned long long)(SSL_MAX_CERT_LIST_DEFAULT));
    printf("SSL_MIN_RSA_MODULUS_LENGTH_IN_BYTES = %llx\n", (unsigned long long)(SSL_MIN_RSA_MODULUS_LENGTH_IN_BYTES));
    printf("SSL_DEFAULT_CIPHER_LIST = %s\n", SSL_DEFAULT_CIPHER_LIST);
    printf("SSL_TXT_3DES = %s\n", SSL_TXT_3DES);
    printf("SSL_TXT_ADH = %s\n", SSL_TXT_ADH);
    printf("SSL_TXT_AECDH = %s\n", SSL_TXT_AECDH);
    printf("SSL_TXT_AES = %s\n", SSL_TXT_AES);
    printf("SSL_TXT_AES128 = %s\n", SSL_TXT_AES128);
    printf("SSL_TXT_AES256 = %s\n", SSL_TXT_AES256);
    printf("SSL_TXT_AES_CCM = %s\n", SSL_TXT_AES_CCM);
    printf("SSL_TXT_AES_CCM_8 = %s\n", SSL_TXT_AES_CCM_8);
    printf("SSL_TXT_AES_GCM = %s\n", SSL_TXT_AES_GCM);
    printf("SSL_TXT_ALL = %s\n", SSL_TXT_ALL);
    printf("SSL_TXT_ARIA = %s\n", SSL_TXT_ARIA);
    printf("SSL_TXT_ARIA128 = %s\n", SSL_TXT_ARIA128);
    printf("SSL_TXT_ARIA256 = %s\n", SSL_TXT_ARIA256);
    printf("SSL_TXT_ARIA_GCM = %s\n", SSL_TXT_ARIA_GCM);
    printf("SSL_TXT_CAMELLIA = %s\n", SSL_TXT_CAMELLIA);
    printf("SSL_TXT_CAMELLIA128 = %s\n", SSL_TXT_CAMELLIA128);
    printf("SSL_TXT_CAMELLIA256 = %s\n", SSL_TXT_CAMELLIA256);
    printf("SSL_TXT_CBC = %s\n", SSL_TXT_CBC);
    printf("SSL_TXT_CHACHA20 = %s\n", SSL_TXT_CHACHA20);
    printf("SSL_TXT_CMPALL = %s\n", SSL_TXT_CMPALL);
    printf("SSL_TXT_CMPDEF = %s\n", SSL_TXT_CMPDEF);
    printf("SSL_TXT_DES = %s\n", SSL_TXT_DES);
    printf("SSL_TXT_DH = %s\n", SSL_TXT_DH);
    printf("SSL_TXT_DHE = %s\n", SSL_TXT_DHE);
    printf("SSL_TXT_DSS = %s\n", SSL_TXT_DSS);
    printf("SSL_TXT_ECDH = %s\n", SSL_TXT_ECDH);
    printf("SSL_TXT_ECDHE = %s\n", SSL_TXT_ECDHE);
    printf("SSL_TXT_ECDSA = %s\n", SSL_TXT_ECDSA);
    printf("SSL_TXT_EDH = %s\n", SSL_TXT_EDH);
    printf("SSL_TXT_EECDH = %s\n", SSL_TXT_EECDH);
    printf("SSL_TXT_FIPS = %s\n", SSL_TXT_FIPS);
    printf("SSL_TXT_GOST = %s\n", SSL_TXT_GOST);
    printf("SSL_TXT_GOST12 = %s\n", SSL_TXT_GOST12);
    printf("SSL_TXT_GOST2012_GOST8912_GOST8912 = %s\n", SSL_TXT_GOST2012_GOST8912_GOST8912);
    printf("SSL_TXT_GOST89MAC = %s\n", SSL_TXT_GOST89MAC);
    printf("SSL_TXT_GOST89MAC12 = %s\n", SSL_TXT_GOST89MAC12);
    printf("SSL_TXT_GOST94 = %s\n", SSL_TXT_GOST94);
    printf("SSL_TXT_HIGH = %s\n", SSL_TXT_HIGH);
    printf("SSL_TXT_IDEA = %s\n", SSL_TXT_IDEA);
    printf("SSL_TXT_LOW = %s\n", SSL_TXT_LOW);
    printf("SSL_TXT_MD5 = %s\n", SSL_TXT_MD5);
    printf("SSL_TXT_MEDIUM = %s\n", SSL_TXT_MEDIUM);
    printf("SSL_TXT_NULL = %s\n", SSL_TXT_NULL);
    printf("SSL_TXT_PSK = %s\n", SSL_TXT_PSK);
    printf("SSL_TXT_RC2 = %s\n", SSL_TXT_RC2);
    printf("SSL_TXT_RC4 = %s\n", SSL_TXT_RC4);
    printf("SSL_TXT_RSA = %s\n", SSL_TXT_RSA);
    printf("SSL_TXT_SEED = %s\n", SSL_TXT_SEED);
    printf("SSL_TXT_SHA = %s\n", SSL_TXT_SHA);
    printf("SSL_TXT_SHA1 = %s\n", SSL_TXT_SHA1);
    printf("SSL_TXT_SHA256 = %s\n", SSL_TXT_SHA256);
    printf("SSL_TXT_SHA384 = %s\n", SSL_TXT_SHA384);
    printf("SSL_TXT_SRP = %s\n", SSL_TXT_SRP);
    printf("SSL_TXT_SSLV3 = %s\n", SSL_TXT_SSLV3);
    printf("SSL_TXT_TLSV1 = %s\n", SSL_TXT_TLSV1);
    printf("SSL_TXT_TLSV1_1 = %s\n", SSL_TXT_TLSV1_1);
    printf("SSL_TXT_TLSV1_2 = %s\n", SSL_TXT_TLSV1_2);
    printf("SSL_TXT_aDH = %s\n", SSL_TXT_aDH);
    printf("SSL_TXT_aDSS = %s\n", SSL_TXT_aDSS);
    printf("SSL_TXT_aECDH = %s\n", SSL_TXT_aECDH);
    printf("SSL_TXT_aECDSA = %s\n", SSL_TXT_aECDSA);
    printf("SSL_TXT_aGOST = %s\n", SSL_TXT_aGOST);
    printf("SSL_TXT_aGOST01 = %s\n", SSL_TXT_aGOST01);
    printf("SSL_TXT_aGOST12 = %s\n", SSL_TXT_aGOST12);
    printf("SSL_TXT_aGOST94 = %s\n", SSL_TXT_aGOST94);
    printf("SSL_TXT_aNULL = %s\n", SSL_TXT_aNULL);
    printf("SSL_TXT_aPSK = %s\n", SSL_TXT_aPSK);
    printf("SSL_TXT_aRSA = %s\n", SSL_TXT_aRSA);
    printf("SSL_TXT_aSRP = %s\n", SSL_TXT_aSRP);
    printf("SSL_TXT_eNULL = %s\n", SSL_TXT_eNULL);
    printf("SSL_TXT_kDH = %s\n", SSL_TXT_kDH);
    printf("SSL_TXT_kDHE = %s\n", SSL_TXT_kDHE);
    printf("SSL_TXT_kDHEPSK = %s\n", SSL_TXT_kDHEPSK);
    printf("SSL_TXT_kDHd = %s\n", SSL_TXT_kDHd);
    printf("SSL_TXT_kDHr = %s\n", SSL_TXT_kDHr);
    printf("SSL_TXT_kECDH = %s\n", SSL_TXT_kECDH);
    printf("SSL_TXT_kECDHE = %s\n", SSL_TXT_kECDHE);
    printf("SSL_TXT_kECDHEPSK = %s\n", SSL_TXT_kECDHEPSK);
    printf("SSL_TXT_kECDHe = %s\n", SSL_TXT_kECDHe);
    printf("SSL_TXT_kECDHr = %s\n", SSL_TXT_kECDHr);
    printf("SSL_TXT_kEDH = %s\n", SSL_TXT_kEDH);
    printf("SSL_TXT_kEECDH = %s\n", SSL_TXT_kEECDH);
    printf("SSL_TXT_kGOST = %s\n", SSL_TXT_kGOST);
    printf("SSL_TXT_kGOST18 = %s\n", SSL_TXT_kGOST18);
    printf("SSL_TXT_kPSK = %s\n", SSL_TXT_kPSK);
    printf("SSL_TXT_kRSA = %s\n", SSL_TXT_kRSA);
    printf("SSL_TXT_kRSAPSK = %s\n", SSL_TXT_kRSAPSK);
    printf("SSL_TXT_kSRP = %s\n", SSL_TXT_kSRP);
    printf("TLS_DEFAULT_CIPHERSUITES = %s\n", TLS_DEFAULT_CIPHERSUITES);
    printf("types: %d %d %d\n", ticket_ext == NULL, sigalgs == NULL, crock == ssl);
    printf("SSLv23 methods: %d %d %d\n", SSLv23_method() == TLS_method(), SSLv23_client_method() == TLS_client_method(),
           SSLv23_server_method() == TLS_server_method());
    printf("SSL_get_peer_certificate: %s\n", SSL_get_peer_certificate(ssl) == NULL ? "NULL" : "a certificate");
    printf("SSL_OP_BIT(3) = %llx, SSL_OP_BIT(33) = %llx\n", (unsigned long long)SSL_OP_BIT(3),
           (unsigned long long)SSL_OP_BIT(33));
    printf("OpenSSL_add_ssl_algorithms = %d, SSLeay_add_ssl_algorithms = %d\n", OpenSSL_add_ssl_algorithms(),
           SSLeay_add_ssl_algorithms());
    SSL_COMP_free_compression_methods();
    printf("tmp RSA: %d %d %d %d\n", (int)SSL_CTX_need_tmp_RSA(ctx), (int)SSL_need_tmp_RSA(ssl),
           (int)SSL_CTX_set_tmp_rsa(ctx, NULL), (int)SSL_set_tmp_rsa(ssl, NULL));
    printf("want: nothing %d read %d write %d x509 %d retry_verify %d async %d async_job %d client_hello %d\n",
           SSL_want_nothing(ssl), SSL_want_read(ssl), SSL_want_write(ssl), SSL_want_x509_lookup(ssl),
           SSL_want_retry_verify(ssl), SSL_want_async(ssl), SSL_want_async_job(ssl), SSL_want_client_hello_cb(ssl));
    (void)SSL_set_retry_verify(ssl);
    printf("after SSL_set_retry_verify: want_retry_verify %d, want_nothing %d\n", SSL_want_retry_verify(ssl),
           SSL_want_nothing(ssl));

    /* The typed stack functions over a copy of the cipher list. */
    sk = sk_SSL_CIPHER_dup(SSL_get_ciphers(ssl));
    n = sk_SSL_CIPHER_num(sk);
    (void)sk_SSL_CIPHER_set_cmp_func(sk, by_name);
    sk_SSL_CIPHER_sort(sk);
    printf("sorted %d of %d: first %s\n", sk_SSL_CIPHER_is_sorted(sk), n, SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, 0)));
    c = sk_SSL_CIPHER_shift(sk);
    printf("shift %s, pop %s\n", SSL_CIPHER_get_name(c), SSL_CIPHER_get_name(sk_SSL_CIPHER_pop(sk)));
    printf("unshift %d, insert %d, find %d\n", sk_SSL_CIPHER_unshift(sk, c), sk_SSL_CIPHER_insert(sk, c, 3),
           sk_SSL_CIPHER_find(sk, c));
    printf("delete %s, delete_ptr %s, now %d\n", SSL_CIPHER_get_name(sk_SSL_CIPHER_delete(sk, 3)),
           SSL_CIPHER_get_name(sk_SSL_CIPHER_delete_ptr(sk, c)), sk_SSL_CIPHER_num(sk));
    sk_SSL_CIPHER_zero(sk);
    printf("zero: %d, reserve %d\n", sk_SSL_CIPHER_num(sk), sk_SSL_CIPHER_reserve(sk, 10));
    sk_SSL_CIPHER_free(sk);
    sk = sk_SSL_CIPHER_new_reserve(by_name, 4);
    printf("new_reserve: %d\n", sk != NULL && sk_SSL_CIPHER_num(sk) == 0);
    sk_SSL_CIPHER_free(sk);
    {
        STACK_OF(SSL_COMP) *comps = sk_SSL_COMP_new_null();
        printf("SSL_COMP stack: %d, compression methods %d\n", sk_SSL_COMP_num(comps),
               sk_SSL_COMP_num(SSL_COMP_get_compression_methods()));
        sk_SSL_COMP_free(comps);
    }
    {
        STACK_OF(SRTP_PROTECTION_PROFILE) *p = sk_SRTP_PROTECTION_PROFILE_new_null();
        printf("SRTP stack: %d\n", sk_SRTP_PROTECTION_PROFILE_num(p));
        sk_SRTP_PROTECTION_PROFILE_free(p);
    }

    /* The SSL_SESSION BIO codec: a session out and back in. */
    sess = SSL_SESSION_new();
    SSL_SESSION_set1_id(sess, (const unsigned char *)"0123456789abcdef", 16);
    SSL_SESSION_set_protocol_version(sess, TLS1_2_VERSION);
    printf("i2d_SSL_SESSION_bio = %d, pending %d\n", i2d_SSL_SESSION_bio(bio, sess), (int)BIO_ctrl_pending(bio));
    back = d2i_SSL_SESSION_bio(bio, NULL);
    printf("d2i_SSL_SESSION_bio: %s\n", back == NULL ? "NULL" : "a session");
    if (back != NULL) {
        unsigned int len;
        const unsigned char *id = SSL_SESSION_get_id(back, &len);
        printf("  id %.*s, version %x\n", (int)len, (const char *)id, (unsigned)SSL_SESSION_get_protocol_version(back));
    }
    ERR_clear_error();
    SSL_SESSION_free(back);
    SSL_SESSION_free(sess);
    BIO_free(bio);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
