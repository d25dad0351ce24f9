/*
 * pem.c - PEM_write_bio_SSL_SESSION / PEM_write_SSL_SESSION output (exact
 * text, line wrapping at 64, padding), writing a NULL or cipher-less session,
 * and PEM_read_bio_SSL_SESSION / PEM_read_SSL_SESSION over good and bad inputs:
 * wrong label, garbage, empty, raw DER, bad base64, bad END line, no END line,
 * valid PEM of invalid DER, of sslVersion-0 DER, junk before BEGIN and text
 * after END, CRLF line endings, two PEMs in a row, reading into an existing
 * session. Errors print as lib/reason "string" @function {data}.
 *
 * Decoded sessions print their time as "now" when within 5 s of time(NULL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include "der_util.h"

/* Text with each line prefixed by "  | " and line ends shown. */
static void show_text(const char *p, size_t n)
{
    size_t i;
    int bol = 1;

    for (i = 0; i < n; i++) {
        if (bol)
            printf("  | ");
        bol = 0;
        if (p[i] == '\n') {
            printf("\\n\n");
            bol = 1;
        } else if (p[i] == '\r') {
            printf("\\r");
        } else if (p[i] < 0x20 || p[i] > 0x7e) {
            printf("\\x%02x", (unsigned char)p[i]);
        } else {
            putchar(p[i]);
        }
    }
    if (!bol)
        printf("<no newline at end>\n");
}

/* TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256, time 0, timeout 0, mk of mklen x 5a. */
static SSL_SESSION *make(size_t mklen)
{
    static unsigned char mk[512];
    SSL_SESSION *s = SSL_SESSION_new();

    FATAL_IF(s == NULL, "SSL_SESSION_new");
    memset(mk, 0x5a, sizeof(mk));
    SSL_SESSION_set_cipher(s, cipher(0xc0, 0x2f));
    SSL_SESSION_set_protocol_version(s, TLS1_2_VERSION);
    SSL_SESSION_set_time(s, 0);
    SSL_SESSION_set_timeout(s, 0);
    if (mklen > 0)
        SSL_SESSION_set1_master_key(s, mk, mklen);
    return s;
}

static void summary(SSL_SESSION *s)
{
    const SSL_CIPHER *c = SSL_SESSION_get0_cipher(s);
    unsigned int idlen = 0;
    long t = SSL_SESSION_get_time(s);

    SSL_SESSION_get_id(s, &idlen);
    if (near_now(t))
        printf("  session: time=now");
    else
        printf("  session: time=%ld", t);
    printf(" timeout=%ld proto=0x%x cipher=%s idlen=%u mklen=%lu peer=%s\n",
           SSL_SESSION_get_timeout(s), (unsigned int)SSL_SESSION_get_protocol_version(s),
           c ? SSL_CIPHER_get_name(c) : "(null)", idlen,
           (unsigned long)SSL_SESSION_get_master_key(s, NULL, 0),
           SSL_SESSION_get0_peer(s) ? "present" : "(null)");
}

/* ------------------------------------------------------------ writing */

static void write_one(const char *label, SSL_SESSION *s)
{
    BIO *bio = BIO_new(BIO_s_mem());
    BUF_MEM *mem = NULL;
    unsigned char *der = NULL;
    int r, n;

    FATAL_IF(bio == NULL, "BIO_new");
    printf("== PEM_write_bio: %s\n", label);
    n = s ? i2d_SSL_SESSION(s, &der) : 0;
    printf("  DER %d bytes: ", n);
    if (der != NULL)
        raw(der, n);
    printf("\n");
    OPENSSL_free(der);
    ERR_clear_error();
    r = PEM_write_bio_SSL_SESSION(bio, s);
    BIO_get_mem_ptr(bio, &mem);
    printf("  ret=%d written=%lu\n", r, (unsigned long)mem->length);
    show_text(mem->data, mem->length);
    print_errors("write");

    /* The FILE* variant writes the same bytes. */
    {
        FILE *f = tmpfile();
        char back[2048];
        size_t got;

        FATAL_IF(f == NULL, "tmpfile");
        r = PEM_write_SSL_SESSION(f, s);
        fflush(f);
        rewind(f);
        got = fread(back, 1, sizeof(back), f);
        fclose(f);
        printf("  PEM_write (FILE*): ret=%d written=%lu same as the BIO's=%d\n", r,
               (unsigned long)got, got == mem->length && memcmp(back, mem->data, got) == 0);
        print_errors("write FILE*");
    }
    BIO_free(bio);
}

static void test_writes(void)
{
    SSL_SESSION *s;

    s = make(0);
    write_one("TLS1.2 session, 37-byte DER", s);
    SSL_SESSION_free(s);
    s = make(11);
    write_one("48-byte DER (exactly one 64-character line)", s);
    SSL_SESSION_free(s);
    s = make(12);
    write_one("49-byte DER", s);
    SSL_SESSION_free(s);
    s = make(13);
    write_one("50-byte DER", s);
    SSL_SESSION_free(s);
    s = make(59);
    write_one("96-byte DER (two full lines)", s);
    SSL_SESSION_free(s);
    s = make(100);
    write_one("100-byte master key", s);
    SSL_SESSION_free(s);
    write_one("NULL session", NULL);
    s = SSL_SESSION_new();
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    write_one("session without a cipher", s);
    SSL_SESSION_free(s);
}

/* ------------------------------------------------------------ reading */

#define GOOD_B64 "MCMCAQECAgMDBALALwQABACkAgQApQMCAQGxBAICAP+zAwIBAA=="
#define BEGIN "-----BEGIN SSL SESSION PARAMETERS-----\n"
#define END "-----END SSL SESSION PARAMETERS-----\n"

static int cb_calls;
static const char *cb_password;         /* what password_cb answers; NULL: fails */

static int password_cb(char *buf, int size, int rwflag, void *u)
{
    int n;

    cb_calls++;
    printf("  password callback: size_at_least_64=%d rwflag=%d u=%s\n", size >= 64, rwflag,
           u ? (const char *)u : "(null)");
    if (cb_password == NULL)
        return 0;
    n = (int)strlen(cb_password);
    memcpy(buf, cb_password, (size_t)n);
    return n;
}

struct read_case {
    const char *name;
    const char *text;
    int reads;              /* how many sessions to try to read */
    int len;                /* bytes of text; -1: up to the NUL */
};

static const struct read_case read_cases[] = {
    { "good PEM", BEGIN GOOD_B64 "\n" END, 1, -1 },
    { "label CERTIFICATE",
      "-----BEGIN CERTIFICATE-----\n" GOOD_B64 "\n-----END CERTIFICATE-----\n", 1, -1 },
    { "label SSL SESSION (no PARAMETERS)",
      "-----BEGIN SSL SESSION-----\n" GOOD_B64 "\n-----END SSL SESSION-----\n", 1, -1 },
    { "garbage text", "this is not PEM at all\nnor is this\n", 1, -1 },
    { "empty input", "", 1, -1 },
    { "bad base64", BEGIN "!!!!notbase64****\n" END, 1, -1 },
    { "END line with another label",
      BEGIN GOOD_B64 "\n-----END CERTIFICATE-----\n", 1, -1 },
    { "no END line", BEGIN GOOD_B64 "\n", 1, -1 },
    { "no newline after END", BEGIN GOOD_B64 "\n-----END SSL SESSION PARAMETERS-----", 1, -1 },
    { "empty body", BEGIN END, 1, -1 },
    { "valid PEM of invalid DER (30 03 02 01 01)", BEGIN "MAMCAQE=\n" END, 1, -1 },
    { "valid PEM of sslVersion-0 DER",
      BEGIN "MCICAQECAQAEAsAvBAAEAKQCBAClAwIBAbEEAgIA/7MDAgEA\n" END, 1, -1 },
    { "valid PEM of DER with an unknown cipher ffff",
      BEGIN "MA8CAQECAgMDBAL//wQABAA=\n" END, 1, -1 },
    { "valid PEM of DER with trailing bytes",
      BEGIN "MA8CAQECAgMDBALALwQABADerb4=\n" END, 1, -1 },
    { "junk lines before BEGIN, text after END",
      "junk line 1\njunk line 2\n" BEGIN GOOD_B64 "\n" END "trailing text\n", 1, -1 },
    { "CRLF line endings",
      "-----BEGIN SSL SESSION PARAMETERS-----\r\n" GOOD_B64 "\r\n"
      "-----END SSL SESSION PARAMETERS-----\r\n", 1, -1 },
    { "two PEMs concatenated", BEGIN GOOD_B64 "\n" END BEGIN GOOD_B64 "\n" END, 3, -1 },
    { "base64 wrapped at 4 characters",
      BEGIN "MCMC\nAQEC\nAgMD\nBALA\nLwQA\nBACk\nAgQA\npQMC\nAQGx\nBAIC\nAP+z\nAwIB\nAA==\n" END, 1, -1 },
    { "base64 without padding", BEGIN "MCMCAQECAgMDBALALwQABACkAgQApQMCAQGxBAICAP+zAwIBAA\n" END, 1, -1 },
    { "whitespace-indented base64 line", BEGIN "  " GOOD_B64 "\n" END, 1, -1 },
    { "raw DER bytes",
      "\x30\x0f\x02\x01\x01\x02\x02\x03\x03\x04\x02\xc0\x2f\x04\x00\x04\x00", 1, 17 },
};

static void read_case(const struct read_case *c)
{
    BIO *bio = BIO_new_mem_buf(c->text, c->len);
    int i;
    char rest[512];
    int got;

    FATAL_IF(bio == NULL, "BIO_new_mem_buf");
    printf("== PEM_read_bio: %s\n", c->name);
    ERR_clear_error();
    for (i = 0; i < c->reads; i++) {
        SSL_SESSION *s = PEM_read_bio_SSL_SESSION(bio, NULL, NULL, NULL);

        printf("  read #%d: %s\n", i + 1, s ? "session" : "NULL");
        print_errors("read");
        if (s != NULL) {
            unsigned char *der = NULL;
            int n = i2d_SSL_SESSION(s, &der);

            summary(s);
            printf("  re-encoded %d bytes\n", n);
            OPENSSL_free(der);
            SSL_SESSION_free(s);
        }
    }
    got = BIO_read(bio, rest, sizeof(rest) - 1);
    if (got < 0)
        got = 0;
    printf("  left in the BIO: %d bytes\n", got);
    if (got > 0)
        show_text(rest, (size_t)got);
    BIO_free(bio);
}

/* An encrypted PEM (made with libcrypto's PEM_ASN1_write_bio), read back. */
static void read_encrypted(const char *label, const char *text, pem_password_cb *cb, const char *answer,
                           const char *u)
{
    BIO *bio = BIO_new_mem_buf(text, -1);
    SSL_SESSION *r;

    FATAL_IF(bio == NULL, "BIO_new_mem_buf");
    printf("-- %s\n", label);
    cb_calls = 0;
    cb_password = answer;
    ERR_clear_error();
    r = PEM_read_bio_SSL_SESSION(bio, NULL, cb, (void *)u);
    printf("  returned %s, callback calls=%d\n", r ? "session" : "NULL", cb_calls);
    print_errors("encrypted");
    if (r != NULL)
        summary(r);
    SSL_SESSION_free(r);
    BIO_free(bio);
}

/*
 * The session of make(5) with time 4242 and timeout 42, written once by
 * PEM_ASN1_write_bio with AES-128-CBC and the password "secret" (fixed here:
 * a fresh IV would make the wrong-password outcome random).
 */
static const char encrypted_pem[] =
    "-----BEGIN SSL SESSION PARAMETERS-----\n"
    "Proc-Type: 4,ENCRYPTED\n"
    "DEK-Info: AES-128-CBC,311398375AC1377768A755FCB449F4F5\n"
    "\n"
    "RPRKwz9spbk+nYzHID9/yv2RPuMDG80yurOQW6lYVQCBZw+2ZosbIV8fYLd74LRp\n"
    "Ly8A132Z5XnBkk6zcI2+6Q==\n"
    "-----END SSL SESSION PARAMETERS-----\n";

static void test_encrypted(void)
{
    SSL_SESSION *s = make(5);
    BIO *bio = BIO_new(BIO_s_mem());
    BUF_MEM *mem = NULL;
    char *text;
    int r;

    printf("== encrypted PEM\n");
    FATAL_IF(bio == NULL, "BIO_new");
    SSL_SESSION_set_time(s, 4242);
    SSL_SESSION_set_timeout(s, 42);
    /* Written now (random IV): only the right password is tried on it. */
    r = PEM_ASN1_write_bio((i2d_of_void *)(void (*)(void))i2d_SSL_SESSION, PEM_STRING_SSL_SESSION, bio, s,
                           EVP_aes_128_cbc(), (const unsigned char *)"secret", 6, NULL, NULL);
    printf("  PEM_ASN1_write_bio with AES-128-CBC ret=%d\n", r);
    BIO_get_mem_ptr(bio, &mem);
    text = (char *)malloc(mem->length + 1);
    FATAL_IF(text == NULL, "malloc");
    memcpy(text, mem->data, mem->length);
    text[mem->length] = 0;
    BIO_free(bio);
    SSL_SESSION_free(s);
    printf("  has Proc-Type header=%d\n", strstr(text, "Proc-Type: 4,ENCRYPTED") != NULL);
    read_encrypted("fresh: callback answering the right password", text, password_cb, "secret", "user-data");
    read_encrypted("fresh: no callback, password as u", text, NULL, NULL, "secret");
    free(text);

    read_encrypted("fixed: callback answering the right password", encrypted_pem, password_cb, "secret",
                   "user-data");
    read_encrypted("fixed: callback answering a wrong password", encrypted_pem, password_cb, "wrong!",
                   "user-data");
    read_encrypted("fixed: callback answering an empty password", encrypted_pem, password_cb, "", NULL);
    read_encrypted("fixed: no callback, password as u", encrypted_pem, NULL, NULL, "secret");
    read_encrypted("fixed: no callback, wrong password as u", encrypted_pem, NULL, NULL, "nope");
}

static void test_read_special(void)
{
    static const char good[] = BEGIN GOOD_B64 "\n" END;
    static const char bad[] = BEGIN "MAMCAQE=\n" END;
    BIO *bio;
    SSL_SESSION *s, *a, *r;
    FILE *f;

    printf("== PEM_read_bio into an existing session\n");
    s = make(3);
    SSL_SESSION_set_time(s, 777);
    a = s;
    bio = BIO_new_mem_buf(good, -1);
    FATAL_IF(bio == NULL, "BIO_new_mem_buf");
    r = PEM_read_bio_SSL_SESSION(bio, &a, NULL, NULL);
    printf("  returned %s, a unchanged=%d\n", r == s ? "the same pointer" : r ? "another session" : "NULL",
           a == s);
    print_errors("into existing");
    summary(s);
    BIO_free(bio);
    bio = BIO_new_mem_buf(bad, -1);
    FATAL_IF(bio == NULL, "BIO_new_mem_buf");
    r = PEM_read_bio_SSL_SESSION(bio, &a, NULL, NULL);
    printf("  invalid DER into it: returned %s, a unchanged=%d\n", r ? "session" : "NULL", a == s);
    print_errors("bad into existing");
    summary(s);
    BIO_free(bio);
    SSL_SESSION_free(s);

    printf("== PEM_read_bio with &a, a == NULL\n");
    a = NULL;
    bio = BIO_new_mem_buf(good, -1);
    FATAL_IF(bio == NULL, "BIO_new_mem_buf");
    r = PEM_read_bio_SSL_SESSION(bio, &a, NULL, NULL);
    printf("  returned %s, a %s\n", r ? "session" : "NULL",
           a == NULL ? "still NULL" : a == r ? "= returned session" : "= other");
    BIO_free(bio);
    SSL_SESSION_free(r);

    printf("== PEM_read_bio with a password callback (not encrypted)\n");
    cb_calls = 0;
    bio = BIO_new_mem_buf(good, -1);
    FATAL_IF(bio == NULL, "BIO_new_mem_buf");
    r = PEM_read_bio_SSL_SESSION(bio, NULL, password_cb, (void *)"pw");
    printf("  returned %s, callback calls=%d\n", r ? "session" : "NULL", cb_calls);
    print_errors("with callback");
    BIO_free(bio);
    SSL_SESSION_free(r);

    printf("== PEM_read_SSL_SESSION (FILE*)\n");
    f = tmpfile();
    FATAL_IF(f == NULL, "tmpfile");
    fputs(good, f);
    fputs(bad, f);
    fputs(good, f);
    rewind(f);
    r = PEM_read_SSL_SESSION(f, NULL, NULL, NULL);
    printf("  read #1: %s\n", r ? "session" : "NULL");
    print_errors("FILE #1");
    if (r)
        summary(r);
    SSL_SESSION_free(r);
    r = PEM_read_SSL_SESSION(f, NULL, NULL, NULL);
    printf("  read #2 (invalid DER): %s\n", r ? "session" : "NULL");
    print_errors("FILE #2");
    SSL_SESSION_free(r);
    r = PEM_read_SSL_SESSION(f, NULL, NULL, NULL);
    printf("  read #3: %s\n", r ? "session" : "NULL");
    print_errors("FILE #3");
    SSL_SESSION_free(r);
    r = PEM_read_SSL_SESSION(f, NULL, NULL, NULL);
    printf("  read #4 (end of file): %s\n", r ? "session" : "NULL");
    print_errors("FILE #4");
    SSL_SESSION_free(r);
    fclose(f);

    printf("== PEM_write_bio into a read-only BIO\n");
    s = make(0);
    bio = BIO_new_mem_buf(good, -1);
    FATAL_IF(bio == NULL, "BIO_new_mem_buf");
    printf("  ret=%d\n", PEM_write_bio_SSL_SESSION(bio, s));
    print_errors("read-only");
    BIO_free(bio);
    SSL_SESSION_free(s);

    test_encrypted();

    printf("== write then read back\n");
    s = make(100);
    SSL_SESSION_set1_hostname(s, "round.trip");
    SSL_SESSION_set_time(s, 123456);
    SSL_SESSION_set_timeout(s, 99);
    bio = BIO_new(BIO_s_mem());
    FATAL_IF(bio == NULL, "BIO_new");
    printf("  write ret=%d\n", PEM_write_bio_SSL_SESSION(bio, s));
    printf("  write ret=%d\n", PEM_write_bio_SSL_SESSION(bio, s));
    SSL_SESSION_free(s);
    r = PEM_read_bio_SSL_SESSION(bio, NULL, NULL, NULL);
    printf("  read #1: %s hostname=%s\n", r ? "session" : "NULL",
           r && SSL_SESSION_get0_hostname(r) ? SSL_SESSION_get0_hostname(r) : "(null)");
    if (r)
        summary(r);
    SSL_SESSION_free(r);
    r = PEM_read_bio_SSL_SESSION(bio, NULL, NULL, NULL);
    printf("  read #2: %s\n", r ? "session" : "NULL");
    SSL_SESSION_free(r);
    r = PEM_read_bio_SSL_SESSION(bio, NULL, NULL, NULL);
    printf("  read #3: %s\n", r ? "session" : "NULL");
    print_errors("read back");
    SSL_SESSION_free(r);
    BIO_free(bio);
}

int main(void)
{
    size_t i;

    new_g_ssl();

    test_writes();
    for (i = 0; i < sizeof(read_cases) / sizeof(read_cases[0]); i++)
        read_case(&read_cases[i]);
    test_read_special();

    free_g_ssl();
    printf("done\n");
    return 0;
}
