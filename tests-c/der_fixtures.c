/*
 * der_fixtures.c - real client sessions from OpenSSL 3.0 handshakes
 * (tests-c/fixtures/NAME.pem as written by `openssl s_client -sess_out`, and
 * NAME.der from `openssl sess_id -outform DER`): PEM_read_SSL_SESSION (FILE*)
 * and PEM_read_bio_SSL_SESSION, every getter, the peer certificate through
 * SSL_SESSION_get0_peer, re-encoding equal to the DER file, d2i of the DER
 * file, PEM_write_bio / PEM_write equal to the PEM file, SSL_SESSION_dup.
 *
 * The fixtures' times are fixed values, printed as they are. Run from the
 * repository root (tests-c/run.sh does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/crypto.h>
#include "der_util.h"

/* The whole file in a malloc'ed buffer. */
static unsigned char *slurp(const char *path, long *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long cap = 1 << 16;

    if (f == NULL) {
        printf("FATAL: cannot open %s (run from the repository root)\n", path);
        exit(1);
    }
    buf = (unsigned char *)malloc((size_t)cap);
    FATAL_IF(buf == NULL, "malloc");
    *n = (long)fread(buf, 1, (size_t)cap, f);
    fclose(f);
    return buf;
}

static void getters(SSL_SESSION *s)
{
    struct session_view v;
    const SSL_CIPHER *c;

    read_session_view(s, &v);
    c = v.cipher;

    printf("  time=%ld timeout=%ld proto=0x%x\n", SSL_SESSION_get_time(s),
           SSL_SESSION_get_timeout(s), (unsigned int)SSL_SESSION_get_protocol_version(s));
    printf("  cipher=%s standard=%s id=0x%08lx\n", c ? SSL_CIPHER_get_name(c) : "(null)",
           c ? SSL_CIPHER_standard_name(c) : "(null)", c ? (unsigned long)SSL_CIPHER_get_id(c) : 0UL);
    printf("  session_id(%u)=", v.idlen);
    hexfield(v.id, v.idlen);
    printf("\n  sid_ctx(%u)=", v.sid_ctx_len);
    hexfield(v.sid_ctx, v.sid_ctx_len);
    printf("\n  master_key(%lu)=", (unsigned long)v.mklen);
    hexfield(v.mk, v.mklen);
    printf("\n  hostname=%s alpn=", v.host ? v.host : "(null)");
    hexfield(v.alpn, v.alpnlen);
    printf(" appdata_ret=%d appdata=", v.appdata_ret);
    hexfield((const unsigned char *)v.appdata, v.appdata_len);
    printf("\n  has_ticket=%d hint=%lu ticket(%lu)=", SSL_SESSION_has_ticket(s),
           SSL_SESSION_get_ticket_lifetime_hint(s), (unsigned long)v.ticklen);
    hexfield(v.ticket, v.ticklen);
    printf("\n  max_early_data=%lu mfl=%u compress_id=%u resumable=%d\n",
           (unsigned long)SSL_SESSION_get_max_early_data(s),
           (unsigned int)SSL_SESSION_get_max_fragment_length(s), SSL_SESSION_get_compress_id(s),
           SSL_SESSION_is_resumable(s));
}

static void peer(SSL_SESSION *s)
{
    X509 *x = SSL_SESSION_get0_peer(s);
    char buf[256];
    unsigned char *der = NULL;
    int n;

    if (x == NULL) {
        printf("  peer: (null)\n");
        return;
    }
    printf("  peer: present, same pointer on a second call=%d\n", SSL_SESSION_get0_peer(s) == x);
    printf("  peer subject: %s\n", X509_NAME_oneline(X509_get_subject_name(x), buf, sizeof(buf)));
    printf("  peer issuer: %s\n", X509_NAME_oneline(X509_get_issuer_name(x), buf, sizeof(buf)));
    n = i2d_X509(x, &der);
    printf("  peer DER length=%d head=", n);
    if (der != NULL && n > 8)
        raw(der, 8);
    printf("\n");
    OPENSSL_free(der);
}

static void fixture(const char *name)
{
    char pem_path[128], der_path[128];
    unsigned char *pem_text, *der_file, *der = NULL, *der2 = NULL;
    long pem_len, der_len;
    int n, n2;
    FILE *f;
    SSL_SESSION *s, *s2, *d;
    BIO *bio;
    BUF_MEM *mem = NULL;
    const unsigned char *pp;
    X509 *p1, *p2;

    sprintf(pem_path, "tests-c/fixtures/%s.pem", name);
    sprintf(der_path, "tests-c/fixtures/%s.der", name);
    printf("== %s\n", name);
    pem_text = slurp(pem_path, &pem_len);
    der_file = slurp(der_path, &der_len);
    printf("  files: pem %ld bytes, der %ld bytes\n", pem_len, der_len);

    /* PEM_read_SSL_SESSION from a FILE*. */
    f = fopen(pem_path, "r");
    FATAL_IF(f == NULL, "fopen");
    ERR_clear_error();
    s = PEM_read_SSL_SESSION(f, NULL, NULL, NULL);
    fclose(f);
    printf("  PEM_read_SSL_SESSION: %s\n", s ? "session" : "NULL");
    print_errors("PEM_read");
    if (s == NULL) {
        free(pem_text);
        free(der_file);
        return;
    }
    getters(s);
    peer(s);

    /* Re-encoding equals the DER file. */
    n = i2d_SSL_SESSION(s, &der);
    printf("  i2d: %d bytes, equal to %s.der: %d\n", n, name,
           der != NULL && n == der_len && memcmp(der, der_file, (size_t)n) == 0);
    if (der != NULL && !(n == der_len && memcmp(der, der_file, (size_t)n) == 0)) {
        printf("  i2d: ");
        raw(der, n);
        printf("\n");
    }

    /* PEM_write_bio equals the PEM file. */
    bio = BIO_new(BIO_s_mem());
    FATAL_IF(bio == NULL, "BIO_new");
    n2 = PEM_write_bio_SSL_SESSION(bio, s);
    BIO_get_mem_ptr(bio, &mem);
    printf("  PEM_write_bio: ret=%d %lu bytes, equal to %s.pem: %d\n", n2,
           (unsigned long)mem->length, name,
           (long)mem->length == pem_len && memcmp(mem->data, pem_text, mem->length) == 0);
    if (!((long)mem->length == pem_len && memcmp(mem->data, pem_text, mem->length) == 0))
        printf("%.*s", (int)mem->length, mem->data);
    BIO_free(bio);

    /* PEM_write to a FILE*. */
    f = tmpfile();
    FATAL_IF(f == NULL, "tmpfile");
    n2 = PEM_write_SSL_SESSION(f, s);
    fflush(f);
    rewind(f);
    {
        char *back = (char *)malloc((size_t)pem_len + 64);
        size_t got;

        FATAL_IF(back == NULL, "malloc");
        got = fread(back, 1, (size_t)pem_len + 64, f);
        printf("  PEM_write: ret=%d %lu bytes, equal to %s.pem: %d\n", n2, (unsigned long)got, name,
               (long)got == pem_len && memcmp(back, pem_text, got) == 0);
        free(back);
    }
    fclose(f);
    print_errors("writes");

    /* d2i of the DER file. */
    pp = der_file;
    d = d2i_SSL_SESSION(NULL, &pp, der_len);
    printf("  d2i(%s.der): %s advanced=%ld\n", name, d ? "session" : "NULL", (long)(pp - der_file));
    print_errors("d2i");
    if (d != NULL) {
        n2 = i2d_SSL_SESSION(d, &der2);
        printf("  d2i then i2d equal to the file: %d\n",
               der2 != NULL && n2 == der_len && memcmp(der2, der_file, (size_t)n2) == 0);
        OPENSSL_free(der2);
        der2 = NULL;
        printf("  d2i session: time=%ld timeout=%ld proto=0x%x peer=%s\n", SSL_SESSION_get_time(d),
               SSL_SESSION_get_timeout(d), (unsigned int)SSL_SESSION_get_protocol_version(d),
               SSL_SESSION_get0_peer(d) ? "present" : "(null)");
        SSL_SESSION_free(d);
    }

    /* PEM_read_bio_SSL_SESSION from a file BIO. */
    bio = BIO_new_file(pem_path, "r");
    FATAL_IF(bio == NULL, "BIO_new_file");
    s2 = PEM_read_bio_SSL_SESSION(bio, NULL, NULL, NULL);
    BIO_free(bio);
    printf("  PEM_read_bio_SSL_SESSION: %s\n", s2 ? "session" : "NULL");
    print_errors("PEM_read_bio");
    if (s2 != NULL) {
        n2 = i2d_SSL_SESSION(s2, &der2);
        printf("  its i2d equal to the file: %d\n",
               der2 != NULL && n2 == der_len && memcmp(der2, der_file, (size_t)n2) == 0);
        OPENSSL_free(der2);
        der2 = NULL;
        SSL_SESSION_free(s2);
    }

    /* A copy keeps the peer and encodes the same. */
    s2 = SSL_SESSION_dup(s);
    FATAL_IF(s2 == NULL, "SSL_SESSION_dup");
    p1 = SSL_SESSION_get0_peer(s);
    p2 = SSL_SESSION_get0_peer(s2);
    printf("  dup: peer %s, subjects equal=%d, same X509 object=%d\n", p2 ? "present" : "(null)",
           p1 && p2 && X509_NAME_cmp(X509_get_subject_name(p1), X509_get_subject_name(p2)) == 0,
           p1 != NULL && p1 == p2);
    n2 = i2d_SSL_SESSION(s2, &der2);
    printf("  dup: i2d equal to the file: %d\n",
           der2 != NULL && n2 == der_len && memcmp(der2, der_file, (size_t)n2) == 0);
    OPENSSL_free(der2);
    /* The peer survives the original's free. */
    SSL_SESSION_free(s);
    {
        char buf[256];

        p2 = SSL_SESSION_get0_peer(s2);
        printf("  dup after freeing the original: peer subject %s\n",
               p2 ? X509_NAME_oneline(X509_get_subject_name(p2), buf, sizeof(buf)) : "(null)");
    }
    SSL_SESSION_free(s2);

    OPENSSL_free(der);
    free(pem_text);
    free(der_file);
}

/* d2i into a session that holds a peer: the peer is replaced or dropped. */
static void replace_peer(void)
{
    long n1, n2;
    unsigned char *d1 = slurp("tests-c/fixtures/tls13.der", &n1);
    unsigned char *d2 = slurp("tests-c/fixtures/tls12_rsakx.der", &n2);
    static const unsigned char nopeer[] = {
        0x30, 0x0f, 0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02, 0xc0, 0x2f, 0x04, 0x00, 0x04, 0x00
    };
    const unsigned char *pp = d1;
    SSL_SESSION *s = d2i_SSL_SESSION(NULL, &pp, n1), *a, *r;
    X509 *old, *now;
    char buf[256];

    printf("== d2i into a session holding a peer\n");
    FATAL_IF(s == NULL, "d2i tls13.der");
    old = SSL_SESSION_get0_peer(s);
    FATAL_IF(old == NULL, "no peer");
    printf("  X509_up_ref(old peer)=%d\n", X509_up_ref(old));
    a = s;
    pp = d2;
    r = d2i_SSL_SESSION(&a, &pp, n2);
    now = SSL_SESSION_get0_peer(s);
    printf("  d2i(tls12_rsakx.der into it): %s, peer %s, a different X509 object=%d\n",
           r == s ? "same pointer" : r ? "other" : "NULL", now ? "present" : "(null)",
           now != NULL && now != old);
    printf("  old peer still usable: %s\n", X509_NAME_oneline(X509_get_subject_name(old), buf, sizeof(buf)));
    printf("  proto=0x%x cipher=%s time=%ld\n", (unsigned int)SSL_SESSION_get_protocol_version(s),
           SSL_SESSION_get0_cipher(s) ? SSL_CIPHER_get_name(SSL_SESSION_get0_cipher(s)) : "(null)",
           SSL_SESSION_get_time(s));
    X509_free(old);
    pp = nopeer;
    r = d2i_SSL_SESSION(&a, &pp, (long)sizeof(nopeer));
    printf("  d2i(DER without a peer into it): %s, peer %s\n",
           r == s ? "same pointer" : r ? "other" : "NULL",
           SSL_SESSION_get0_peer(s) ? "present" : "(null)");
    print_errors("replace peer");
    SSL_SESSION_free(s);
    free(d1);
    free(d2);
}

int main(void)
{
    static const char *const names[] = {
        "tls12_sessid", "tls12_ticket", "tls12_rsakx", "tls12_dhe", "tls13", "tls13_early",
        "tls12_clientcert", "tls13_clientcert",
    };
    size_t i;
    SSL_SESSION *s;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        fixture(names[i]);

    replace_peer();
    printf("== a new session has no peer\n");
    s = SSL_SESSION_new();
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    printf("  get0_peer: %s\n", SSL_SESSION_get0_peer(s) ? "present" : "(null)");
    SSL_SESSION_free(s);
    printf("done\n");
    return 0;
}
