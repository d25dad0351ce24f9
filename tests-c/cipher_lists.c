/*
 * cipher_lists.c - cipher lists with OpenSSL's rule language: the default lists,
 * SSL_CTX_set_cipher_list / SSL_set_cipher_list for many rule strings (names in
 * order, return values, queued errors, security level after), TLS 1.3
 * ciphersuites, what an SSL inherits from its SSL_CTX and when, supported
 * ciphers at every security level, SSL_get_cipher_list enumeration,
 * SSL_bytes_to_cipher_list, OPENSSL_cipher_name, the SSL_CIPHER nid accessors,
 * and a few thousand generated rule strings (as a count and a hash each).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>

static void print_errors(void)
{
    const char *func = NULL;
    unsigned long e;

    while ((e = ERR_get_error_all(NULL, NULL, &func, NULL, NULL)) != 0)
        printf("  error %08lx %s (%s)\n", e, ERR_reason_error_string(e), func);
}

static void print_list(const char *tag, const STACK_OF(SSL_CIPHER) *sk)
{
    int i;

    if (sk == NULL) {
        printf("  %s: NULL\n", tag);
        return;
    }
    printf("  %s: %d:", tag, sk_SSL_CIPHER_num(sk));
    for (i = 0; i < sk_SSL_CIPHER_num(sk); i++)
        printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i)));
    printf("\n");
}

static void print_descriptions(const STACK_OF(SSL_CIPHER) *sk)
{
    char buf[128];
    int i;

    for (i = 0; i < sk_SSL_CIPHER_num(sk); i++) {
        const SSL_CIPHER *c = sk_SSL_CIPHER_value(sk, i);
        const EVP_MD *md = SSL_CIPHER_get_handshake_digest(c);

        printf("  kx=%d au=%d enc=%d mac=%d hs=%d aead=%d %s", SSL_CIPHER_get_kx_nid(c),
               SSL_CIPHER_get_auth_nid(c), SSL_CIPHER_get_cipher_nid(c),
               SSL_CIPHER_get_digest_nid(c), md == NULL ? -1 : EVP_MD_get_type(md),
               SSL_CIPHER_is_aead(c), SSL_CIPHER_description(c, buf, sizeof(buf)));
    }
}

/* One rule string on a fresh context: result, errors, level, list. */
static void try_rules(const char *rules, int level)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    int r;

    if (level >= 0)
        SSL_CTX_set_security_level(ctx, level);
    r = SSL_CTX_set_cipher_list(ctx, rules);
    printf("[%s] level %d: r=%d level after %d\n", rules, level, r,
           SSL_CTX_get_security_level(ctx));
    print_errors();
    print_list("ctx", SSL_CTX_get_ciphers(ctx));
    {
        SSL *ssl = SSL_new(ctx);
        STACK_OF(SSL_CIPHER) *sup = SSL_get1_supported_ciphers(ssl);

        print_list("supported", sup);
        sk_SSL_CIPHER_free(sup);
        SSL_free(ssl);
    }
    SSL_CTX_free(ctx);
}

static const char *const rule_strings[] = {
    "ALL", "DEFAULT", "HIGH", "MEDIUM", "LOW", "eNULL", "NULL", "aNULL", "COMPLEMENTOFALL",
    "COMPLEMENTOFDEFAULT", "ALL:COMPLEMENTOFALL", "ALL:@STRENGTH", "ALL:@SECLEVEL=0",
    "ECDHE+AESGCM:!aNULL", "-ALL:+AES", "kRSA:!SHA1", "bogus", "bogus:AES256-SHA",
    "@SECLEVEL=3:ALL", "TLSv1.2", "TLSv1", "TLSv1.0", "SSLv3", "TLSv1.1", "SUITEB128",
    "SUITEB128ONLY", "SUITEB128C2", "SUITEB192", "SUITEB128:ALL", "DEFAULT:@SECLEVEL=0",
    "kRSA", "kDHE", "kEDH", "DH", "kECDHE", "kEECDH", "ECDH", "kPSK", "kRSAPSK",
    "kECDHEPSK", "kDHEPSK", "kSRP", "kGOST", "kGOST18", "aRSA", "aDSS", "DSS", "aECDSA",
    "ECDSA", "aPSK", "aSRP", "aGOST", "aGOST01", "aGOST12", "EDH", "DHE", "EECDH", "ECDHE",
    "RSA", "ADH", "AECDH", "PSK", "SRP", "AES", "AES128", "AES256", "AESGCM", "AESCCM",
    "AESCCM8", "CAMELLIA", "CAMELLIA128", "CAMELLIA256", "CHACHA20", "ARIA", "ARIAGCM",
    "ARIA128", "ARIA256", "CBC", "SEED", "IDEA", "3DES", "DES", "RC4", "RC2", "GOST89",
    "GOST2012-GOST8912-GOST8912", "MD5", "SHA1", "SHA", "SHA256", "SHA384", "GOST94",
    "GOST89MAC", "GOST12", "FIPS", "DTLSv1", "DTLSv1.2", "kDH", "aDH", "kECDH", "aECDH",
    "EDH-RSA-DES-CBC3-SHA", "HIGH+FIPS", "FIPS+HIGH", "COMPLEMENTOFDEFAULT+HIGH",
    "HIGH+COMPLEMENTOFDEFAULT", "NULL-SHA+HIGH", "AES128-SHA+RSA", "RSA+AES128-SHA",
    "AES128-SHA+AES256-SHA", "ECDHE+RSA", "ECDHE+aRSA+AES256+SHA384", "TLSv1.2+SSLv3",
    "kRSA+TLSv1.2", "SSLv3+kRSA", "ADH-AES128-SHA+COMPLEMENTOFDEFAULT", "MEDIUM+SHA1",
    "ALL:-SHA1:+SHA1", "ALL:!SHA1:SHA1", "ALL:-SHA1:SHA1", "HIGH:+AES128:-AESGCM",
    "HIGH:!kRSA:@STRENGTH:+SHA256", "DEFAULT:!ECDSA", "DEFAULTAES", "ALL:DEFAULT",
    "DEFAULT:", "DEFAULT::AES", ":::AES128-SHA:::", "AES128-SHA;AES256-SHA",
    "AES128-SHA,AES256-SHA", "AES128-SHA AES256-SHA", "  AES128-SHA  ", "TLS_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_128_CBC_SHA", "aes", "Aes128-sha", "ALL:(", "ALL:AES?", "ALL|AES", "@",
    "@STRENGTH", "@STRENGTHX", "@SECLEVEL=9", "@SECLEVEL=3x", "@SECLEVEL=", "@SECLEVEL=-1",
    "@SECLEVEL=5", "ALL:@FOO", "ALL:@FOO:@BAR", "@SECLEVEL=0:ALL:@BAD", "AES+", "+AES",
    "-", "!", "ALL:-", "ALL:!", "!ALL", "-ALL", "+ALL", "AES+kRSA+", "ALL:+", "@SECLEVEL=1+AES",
    "@STRENGTH+AES", "ALL:!COMPLEMENTOFDEFAULT:!eNULL", "", ":", "ALL:eNULL:@STRENGTH",
    "ECDHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA",
    "PSK-AES128-CBC-SHA256:SRP-AES-128-CBC-SHA", "ALL:!aRSA:+aDSS:-kDHE:kDHE",
    "GOST2001-GOST89-GOST89", "IDEA-CBC-SHA", "SEED-SHA", "NULL-MD5", "ALL:NULL-MD5",
};

/* Deterministic rule-string generator. */
static unsigned long rng_state = 12345;

static unsigned rng(unsigned n)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((rng_state >> 33) % n);
}

static const char *const words[] = {
    "ALL", "DEFAULT", "HIGH", "MEDIUM", "LOW", "eNULL", "aNULL", "COMPLEMENTOFALL",
    "COMPLEMENTOFDEFAULT", "kRSA", "kDHE", "kECDHE", "kPSK", "kRSAPSK", "kECDHEPSK",
    "kDHEPSK", "kSRP", "aRSA", "aDSS", "aECDSA", "aPSK", "aSRP", "EDH", "ECDHE", "RSA", "ADH",
    "AECDH", "PSK", "SRP", "NULL", "AES", "AES128", "AES256", "AESGCM", "AESCCM", "AESCCM8",
    "CAMELLIA", "CHACHA20", "ARIA", "CBC", "MD5", "SHA1", "SHA256", "SHA384", "SSLv3",
    "TLSv1", "TLSv1.2", "FIPS", "@STRENGTH", "AES128-SHA", "ECDHE-RSA-AES256-GCM-SHA384",
    "DHE-DSS-AES128-SHA", "ADH-AES256-SHA", "NULL-SHA256", "PSK-AES128-CCM8",
    "CAMELLIA256-SHA256", "bogus",
};

static void generated_rules(int count)
{
    static const char *const prefixes[] = { "", "", "", "!", "-", "+" };
    static const char *const seps[] = { ":", ":", ",", " ", ";" };
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    char rules[512];
    int n, i, k;

    SSL_CTX_set_ciphersuites(ctx, "");
    for (n = 0; n < count; n++) {
        STACK_OF(SSL_CIPHER) *sk;
        unsigned long hash = 14695981039346656037UL;
        int r, nrules = 1 + (int)rng(6);

        rules[0] = '\0';
        for (i = 0; i < nrules; i++) {
            const char *w = words[rng(sizeof(words) / sizeof(words[0]))];

            if (i > 0)
                strcat(rules, seps[rng(5)]);
            if (w[0] != '@')
                strcat(rules, prefixes[rng(6)]);
            strcat(rules, w);
            for (k = 0; w[0] != '@' && k < 2 && rng(4) == 0; k++) {
                strcat(rules, "+");
                strcat(rules, words[rng(sizeof(words) / sizeof(words[0]) - 1)]);
            }
        }
        SSL_CTX_set_security_level(ctx, 2);
        r = SSL_CTX_set_cipher_list(ctx, rules);
        sk = SSL_CTX_get_ciphers(ctx);
        for (i = 0; i < sk_SSL_CIPHER_num(sk); i++) {
            const char *p = SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i));

            for (; *p; p++)
                hash = (hash ^ (unsigned char)*p) * 1099511628211UL;
            hash = (hash ^ ' ') * 1099511628211UL;
        }
        printf("gen [%s] r=%d err=%lx n=%d hash=%016lx\n", rules, r, ERR_peek_error(),
               sk_SSL_CIPHER_num(sk), hash);
        ERR_clear_error();
    }
    SSL_CTX_free(ctx);
}

static void inheritance(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s1, *s2, *s3;
    STACK_OF(SSL_CIPHER) *ctx_sk;

    printf("inheritance\n");
    SSL_CTX_set_cipher_list(ctx, "AES128-SHA");
    s1 = SSL_new(ctx);
    ctx_sk = SSL_CTX_get_ciphers(ctx);
    printf("  ssl list is ctx list: %d, stable: %d\n", SSL_get_ciphers(s1) == ctx_sk,
           SSL_CTX_get_ciphers(ctx) == ctx_sk);
    SSL_CTX_set_cipher_list(ctx, "AES256-SHA:AES128-SHA");
    print_list("s1 after ctx change", SSL_get_ciphers(s1));
    SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_CCM_SHA256");
    print_list("s1 after ctx ciphersuites", SSL_get_ciphers(s1));
    printf("  SSL_set_cipher_list(s1) = %d\n", SSL_set_cipher_list(s1, "CAMELLIA128-SHA"));
    print_list("s1 own (TLS 1.3 suites of SSL_new time)", SSL_get_ciphers(s1));
    SSL_set_security_level(s1, 1);
    SSL_clear(s1);
    print_list("s1 after SSL_clear (kept)", SSL_get_ciphers(s1));
    printf("  s1 level after SSL_clear %d\n", SSL_get_security_level(s1));
    print_list("ctx", SSL_CTX_get_ciphers(ctx));
    s2 = SSL_new(ctx);
    printf("  SSL_set_ciphersuites(s2, bogus) = %d\n", SSL_set_ciphersuites(s2, "bogus"));
    print_errors();
    SSL_CTX_set_cipher_list(ctx, "AES256-SHA256");
    print_list("s2 (copied at failed set_ciphersuites)", SSL_get_ciphers(s2));
    printf("  SSL_set_ciphersuites(s2, TLS_AES_256_GCM_SHA384) = %d\n",
           SSL_set_ciphersuites(s2, "TLS_AES_256_GCM_SHA384"));
    print_list("s2", SSL_get_ciphers(s2));
    SSL_CTX_set_security_level(ctx, 0);
    s3 = SSL_new(ctx);
    SSL_CTX_set_security_level(ctx, 4);
    printf("  s3 level %d (ctx %d)\n", SSL_get_security_level(s3), SSL_CTX_get_security_level(ctx));
    printf("  SSL_set_cipher_list(s3, @SECLEVEL=5:ALL) = %d level %d ctx %d\n",
           SSL_set_cipher_list(s3, "@SECLEVEL=5:ALL"), SSL_get_security_level(s3),
           SSL_CTX_get_security_level(ctx));
    SSL_set_security_level(s3, -2);
    printf("  s3 level %d\n", SSL_get_security_level(s3));
    SSL_CTX_set_cipher_list(ctx, "SUITEB128");
    print_list("ctx SUITEB128", SSL_CTX_get_ciphers(ctx));
    SSL_CTX_set_cipher_list(ctx, "ALL");
    print_list("ctx ALL after SUITEB128 (sticks)", SSL_CTX_get_ciphers(ctx));
    SSL_free(s3);
    s3 = SSL_new(ctx);
    SSL_set_cipher_list(s3, "HIGH");
    print_list("new ssl HIGH (inherits Suite B)", SSL_get_ciphers(s3));
    printf("  NULL before a handshake: client %d shared %d current %d pending %d\n",
           SSL_get_client_ciphers(s3) == NULL, SSL_get_shared_ciphers(s3, NULL, 0) == NULL,
           SSL_get_current_cipher(s3) == NULL, SSL_get_pending_cipher(s3) == NULL);
    {
        SSL_SESSION *sess = SSL_SESSION_new();
        const SSL_CIPHER *c = SSL_CIPHER_find(s3, (const unsigned char *)"\xc0\x2f");
        char buf[64];

        SSL_SESSION_set_cipher(sess, c);
        SSL_set_session(s3, sess);
        printf("  current cipher from the session: %s (%s)\n",
               SSL_CIPHER_get_name(SSL_get_current_cipher(s3)), SSL_get_cipher(s3));
        memset(buf, 'x', sizeof(buf));
        printf("  shared ciphers: %s\n",
               SSL_get_shared_ciphers(s3, buf, sizeof(buf)) == NULL ? "NULL" : buf);
        SSL_SESSION_free(sess);
    }
    SSL_free(s1);
    SSL_free(s2);
    SSL_free(s3);
    SSL_CTX_free(ctx);
}

/* Supported ciphers in each Suite B mode at each level, with suites of every
 * authentication put in the list through SSL_set_ciphersuites. */
static void suite_b_supported(void)
{
    static const char *const modes[] = { "SUITEB128", "SUITEB128ONLY", "SUITEB128C2", "SUITEB192" };
    size_t m;
    int level;

    printf("suite B supported ciphers\n");
    for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        SSL_CTX *ctx = SSL_CTX_new(TLS_method());
        SSL *ssl;

        SSL_CTX_set_cipher_list(ctx, modes[m]);
        ssl = SSL_new(ctx);
        SSL_set_ciphersuites(ssl, "TLS_RSA_WITH_AES_128_CBC_SHA:TLS_AES_128_GCM_SHA256:"
                                  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_DHE_DSS_WITH_AES_128_CBC_SHA:"
                                  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA:TLS_AES_256_GCM_SHA384");
        for (level = 0; level <= 5; level++) {
            STACK_OF(SSL_CIPHER) *sup;

            SSL_set_security_level(ssl, level);
            sup = SSL_get1_supported_ciphers(ssl);
            printf("  %s level %d\n", modes[m], level);
            print_list("supported", sup);
            sk_SSL_CIPHER_free(sup);
        }
        SSL_free(ssl);
        SSL_CTX_free(ctx);
    }
}

static void ciphersuites(void)
{
    static const char *const suites[] = {
        "", "TLS_AES_128_GCM_SHA256", "bogus", "TLS_AES_128_GCM_SHA256:TLS_AES_128_GCM_SHA256",
        " TLS_AES_128_CCM_SHA256 : TLS_CHACHA20_POLY1305_SHA256 ", "TLS_RSA_WITH_AES_256_CBC_SHA",
        "TLS_EMPTY_RENEGOTIATION_INFO_SCSV:TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", ":",
        "AES128-SHA", "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256::bogus",
        "TLS_AES_128_CCM_8_SHA256", "tls_aes_128_gcm_sha256", "TLS_RSA_WITH_IDEA_CBC_SHA",
        "TLS_GOSTR341001_WITH_28147_CNT_IMIT", "TLS_RSA_WITH_SEED_CBC_SHA", "TLS_RSA_WITH_NULL_MD5",
        "TLS_DH_anon_WITH_AES_128_CBC_SHA", "TLS_AES_256_GCM_SHA384",
        "TLS_AES_128_GCM_SHA256:TLS_AES_128_GCM_SHA256_AND_A_NAME_LONGER_THAN_EIGHTY_BYTES_IS_SKIPPED_BY_OPENSSL",
    };
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    size_t i;

    printf("ciphersuites\n");
    SSL_CTX_set_cipher_list(ctx, "AES128-SHA");
    for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        printf("  set_ciphersuites [%s] = %d\n", suites[i], SSL_CTX_set_ciphersuites(ctx, suites[i]));
        print_errors();
        print_list("ctx", SSL_CTX_get_ciphers(ctx));
    }
    printf("  set_cipher_list bogus = %d\n", SSL_CTX_set_cipher_list(ctx, "bogus"));
    print_errors();
    print_list("ctx", SSL_CTX_get_ciphers(ctx));
    SSL_CTX_set_ciphersuites(ctx, "");
    printf("  empty suites, set_cipher_list bogus = %d\n", SSL_CTX_set_cipher_list(ctx, "bogus"));
    print_errors();
    print_list("ctx", SSL_CTX_get_ciphers(ctx));
    SSL_CTX_set_ciphersuites(ctx, "TLS_FALLBACK_SCSV");
    printf("  SCSV suite, set_cipher_list bogus = %d\n", SSL_CTX_set_cipher_list(ctx, "bogus"));
    print_errors();
    print_list("ctx", SSL_CTX_get_ciphers(ctx));
    SSL_CTX_free(ctx);
}

static void enumeration_and_bytes(void)
{
    static const struct {
        const char *bytes;
        size_t len;
        int v2;
    } cases[] = {
        { "", 0, 0 }, { "\xc0\x2f\x00", 3, 0 }, { "\xc0\x2f\x00\xff\x13\x01\x56\x00\xff\xff", 10, 0 },
        { "\x00\xc0\x2f\x01\x00\x80\x00\x13\x02", 9, 1 }, { "\xff\xff", 2, 0 }, { "\x00\x04\x00\x0a", 4, 0 },
        { "\x00\xc0\x2f\x00", 4, 1 }, { "\x00\x00\xff\x00\x56\x00", 6, 1 },
    };
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    const char *name;
    size_t k;
    int i;

    printf("SSL_get_cipher_list:");
    for (i = 0; (name = SSL_get_cipher_list(ssl, i)) != NULL; i++)
        printf(" %d=%s", i, name);
    printf(" | -1=%s\n", SSL_get_cipher_list(ssl, -1) == NULL ? "NULL" : "?");
    for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        STACK_OF(SSL_CIPHER) *sk = NULL, *scsvs = NULL;
        int r = SSL_bytes_to_cipher_list(ssl, (const unsigned char *)cases[k].bytes, cases[k].len,
                                         cases[k].v2, &sk, &scsvs);

        printf("bytes_to_cipher_list case %zu: %d\n", k, r);
        print_errors();
        print_list("ciphers", sk);
        print_list("scsvs", scsvs);
        sk_SSL_CIPHER_free(sk);
        sk_SSL_CIPHER_free(scsvs);
    }
    printf("bytes_to_cipher_list without outputs: %d\n",
           SSL_bytes_to_cipher_list(ssl, (const unsigned char *)"\x00\x2f", 2, 0, NULL, NULL));
    printf("OPENSSL_cipher_name: %s %s %s %s %s %s\n",
           OPENSSL_cipher_name("TLS_RSA_WITH_AES_128_CBC_SHA"), OPENSSL_cipher_name("bogus"),
           OPENSSL_cipher_name("TLS_FALLBACK_SCSV"), OPENSSL_cipher_name("TLS_AES_128_GCM_SHA256"),
           OPENSSL_cipher_name(NULL), OPENSSL_cipher_name("TLS_GOSTR341001_WITH_28147_CNT_IMIT"));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

int main(void)
{
    static const int levels[] = { -1, 0, 1, 2, 3, 4, 5, 7 };
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    size_t i, j;

    printf("OSSL_default_cipher_list: %s\n", OSSL_default_cipher_list());
    printf("OSSL_default_ciphersuites: %s\n", OSSL_default_ciphersuites());
    printf("default security level: %d\n", SSL_CTX_get_security_level(ctx));
    print_list("default", SSL_CTX_get_ciphers(ctx));
    SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:"
                                  "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256");
    SSL_CTX_set_cipher_list(ctx, "ALL:COMPLEMENTOFALL");
    print_descriptions(SSL_CTX_get_ciphers(ctx));
    SSL_CTX_free(ctx);

    for (i = 0; i < sizeof(rule_strings) / sizeof(rule_strings[0]); i++)
        try_rules(rule_strings[i], -1);
    for (j = 0; j < sizeof(levels) / sizeof(levels[0]); j++) {
        try_rules("ALL:COMPLEMENTOFALL", levels[j]);
        try_rules("DEFAULT", levels[j]);
    }
    inheritance();
    suite_b_supported();
    ciphersuites();
    enumeration_and_bytes();
    generated_rules(3000);
    return 0;
}
