/*
 * ex_data.c - SSL_SESSION ex_data through libcrypto: indices from
 * SSL_SESSION_get_ex_new_index with new/dup/free callbacks, and when each runs:
 * SSL_SESSION_new, d2i creating a session, d2i into an existing one, d2i
 * failing after creating its session (unknown cipher) or before (ASN.1 error),
 * PEM_read, SSL_SESSION_dup with and without values set and with a dup callback
 * returning 0, up_ref/free pairs, the final free (also of a session made before
 * the indices existed); set/get_ex_data edge indices; the app_data macros.
 *
 * Callbacks print idx, argl, argp and which session (or which session's
 * ex_data) they got, as a description: pointers are compared, never printed.
 * Stored values are addresses of v[0..15], printed as vN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include "der_util.h"

static int v[16];

static const char *val(const void *p)
{
    static char buf[8][16];
    static int slot;
    int i;

    if (p == NULL)
        return "NULL";
    for (i = 0; i < 16; i++) {
        if (p == (const void *)&v[i]) {
            slot = (slot + 1) % 8;
            sprintf(buf[slot], "v%d", i);
            return buf[slot];
        }
    }
    return "other";
}

static int val_index(const void *p)
{
    int i;

    for (i = 0; i < 16; i++)
        if (p == (const void *)&v[i])
            return i;
    return -1;
}

/* What the callbacks compare against. */
static const char *g_phase = "";
static void *g_expect;                  /* the session in question, if known */
static const CRYPTO_EX_DATA *g_expect_ad; /* its ex_data, as seen by its NEW callback */
static void *g_created;                 /* parent of the last NEW callback in this phase */
static CRYPTO_EX_DATA *g_created_ad;
static int g_dup_fail_idx = -1;         /* the dup callback returns 0 for this index */
static int g_calls;

static void phase(const char *name, void *expect)
{
    g_phase = name;
    g_expect = expect;
    g_created = NULL;
    g_created_ad = NULL;
    g_calls = 0;
    printf("-- %s\n", name);
}

static const char *who(void *parent)
{
    if (parent != NULL && parent == g_expect)
        return "the session in question";
    if (parent != NULL && parent == g_created)
        return "the session just created";
    return "another session";
}

static void new_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    g_calls++;
    if (g_created == NULL && parent != g_expect) {
        g_created = parent;
        g_created_ad = ad;
    }
    printf("    NEW  idx=%d argl=%ld argp=%s parent=%s ptr=%s ad_same_as_first_new=%s\n", idx, argl,
           argp ? (const char *)argp : "(null)", who(parent), val(ptr),
           ad == g_created_ad ? "yes" : "no");
}

static int dup_cb(CRYPTO_EX_DATA *to, const CRYPTO_EX_DATA *from, void **from_d, int idx, long argl,
                  void *argp)
{
    int k = val_index(*from_d);
    int ret = idx == g_dup_fail_idx ? 0 : 1;

    g_calls++;
    printf("    DUP  idx=%d argl=%ld argp=%s to=%s from=%s *from_d=%s", idx, argl,
           argp ? (const char *)argp : "(null)",
           to == g_created_ad ? "the copy's ex_data" : "other",
           from == g_expect_ad ? "the source's ex_data" : "other", val(*from_d));
    if (ret && k >= 0 && k < 8) {
        *from_d = &v[k + 8];
        printf(" -> replaced by %s", val(*from_d));
    }
    printf(" returns %d\n", ret);
    return ret;
}

static void free_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    g_calls++;
    printf("    FREE idx=%d argl=%ld argp=%s parent=%s ptr=%s ad=%s\n", idx, argl,
           argp ? (const char *)argp : "(null)", who(parent), val(ptr),
           (ad == g_expect_ad && g_expect_ad != NULL) ? "the session's ex_data"
           : (ad == g_created_ad && g_created_ad != NULL) ? "the created session's ex_data" : "other");
}

static void end_phase(void)
{
    printf("   (%d callbacks)\n", g_calls);
}

static int i1, i2, i3;

static void show_values(const char *label, SSL_SESSION *s)
{
    printf("  %s: app_data=%s ex[%d]=%s ex[%d]=%s ex[%d]=%s ex[50]=%s\n", label,
           val(SSL_SESSION_get_app_data(s)), i1, val(SSL_SESSION_get_ex_data(s, i1)), i2,
           val(SSL_SESSION_get_ex_data(s, i2)), i3, val(SSL_SESSION_get_ex_data(s, i3)),
           val(SSL_SESSION_get_ex_data(s, 50)));
}

/* A new session, registered as the one in question (its ex_data noted). */
static SSL_SESSION *new_session(const char *name)
{
    SSL_SESSION *s;

    phase(name, NULL);
    s = SSL_SESSION_new();
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    printf("  NEW callbacks saw the returned session: %s\n", g_created == (void *)s ? "yes" : "no");
    end_phase();
    return s;
}

static void final_free(const char *name, SSL_SESSION *s, const CRYPTO_EX_DATA *ad)
{
    phase(name, s);
    g_expect_ad = ad;
    SSL_SESSION_free(s);
    end_phase();
    g_expect_ad = NULL;
}

static CRYPTO_EX_DATA *g_copy_ad;      /* the last copy's ex_data, from its NEW callback */

static SSL_SESSION *dup_of(const char *name, SSL_SESSION *s, const CRYPTO_EX_DATA *ad)
{
    SSL_SESSION *d;

    phase(name, s);
    g_expect_ad = ad;
    ERR_clear_error();
    d = SSL_SESSION_dup(s);
    printf("  dup returned %s; NEW callbacks saw it: %s\n", d ? "a session" : "NULL",
           d != NULL && g_created == (void *)d ? "yes" : "no");
    print_errors("dup");
    end_phase();
    g_expect_ad = NULL;
    g_copy_ad = g_created_ad;
    return d;
}

int main(void)
{
    static const unsigned char good[] = {
        0x30, 0x0f, 0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02, 0xc0, 0x2f, 0x04, 0x00, 0x04, 0x00
    };
    static const unsigned char unknown_cipher[] = {
        0x30, 0x0f, 0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02, 0xff, 0xff, 0x04, 0x00, 0x04, 0x00
    };
    static const unsigned char asn1_bad[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
    static const char pem[] =
        "-----BEGIN SSL SESSION PARAMETERS-----\n"
        "MCMCAQECAgMDBALALwQABACkAgQApQMCAQGxBAICAP+zAwIBAA==\n"
        "-----END SSL SESSION PARAMETERS-----\n";
    SSL_SESSION *early, *s, *d, *x, *a, *r;
    CRYPTO_EX_DATA *s_ad, *x_ad;
    const unsigned char *pp;
    BIO *bio;
    int ret;

    new_g_ssl();

    phase("session created before the indices are registered", NULL);
    early = SSL_SESSION_new();
    FATAL_IF(early == NULL, "SSL_SESSION_new");
    end_phase();

    i1 = SSL_SESSION_get_ex_new_index(42, (void *)"argpA", new_cb, dup_cb, free_cb);
    i2 = SSL_SESSION_get_ex_new_index(7, (void *)"argpB", new_cb, NULL, free_cb);
    i3 = SSL_SESSION_get_ex_new_index(-3, NULL, NULL, dup_cb, NULL);
    printf("indices: %d %d %d (app_data is 0)\n", i1, i2, i3);

    /* ---- app_data and plain set/get */
    s = new_session("SSL_SESSION_new");
    s_ad = g_created_ad;
    SSL_SESSION_set_cipher(s, cipher(0xc0, 0x2f));
    show_values("fresh", s);
    printf("  set_app_data ret=%d\n", SSL_SESSION_set_app_data(s, &v[0]));
    printf("  get_app_data=%s get_ex_data(0)=%s\n", val(SSL_SESSION_get_app_data(s)),
           val(SSL_SESSION_get_ex_data(s, 0)));
    printf("  set_app_data(NULL) ret=%d\n", SSL_SESSION_set_app_data(s, NULL));
    printf("  get_app_data=%s\n", val(SSL_SESSION_get_app_data(s)));
    printf("  get_ex_data(-1)=%s get_ex_data(1000)=%s\n", val(SSL_SESSION_get_ex_data(s, -1)),
           val(SSL_SESSION_get_ex_data(s, 1000)));
    ret = SSL_SESSION_set_ex_data(s, -1, &v[7]);
    printf("  set_ex_data(-1) ret=%d\n", ret);
    print_errors("set_ex_data(-1)");

    /* ---- dup without any value set */
    d = dup_of("SSL_SESSION_dup, nothing set on the source", s, s_ad);
    if (d != NULL) {
        show_values("copy", d);
        final_free("free the copy", d, g_copy_ad);
    }

    /* ---- dup with values */
    printf("  set_ex_data(i1, v1) ret=%d\n", SSL_SESSION_set_ex_data(s, i1, &v[1]));
    d = dup_of("SSL_SESSION_dup, ex[i1]=v1", s, s_ad);
    if (d != NULL) {
        show_values("copy", d);
        final_free("free the copy", d, g_copy_ad);
    }
    printf("  set_ex_data(i3, v3) ret=%d\n", SSL_SESSION_set_ex_data(s, i3, &v[3]));
    printf("  set_ex_data(i2, v2) ret=%d\n", SSL_SESSION_set_ex_data(s, i2, &v[2]));
    printf("  set_app_data(v4) ret=%d\n", SSL_SESSION_set_app_data(s, &v[4]));
    show_values("source", s);
    d = dup_of("SSL_SESSION_dup, app_data=v4 ex[i1]=v1 ex[i2]=v2 ex[i3]=v3", s, s_ad);
    if (d != NULL) {
        show_values("copy", d);
        final_free("free the copy", d, g_copy_ad);
    }
    printf("  set_ex_data(50, v5) ret=%d\n", SSL_SESSION_set_ex_data(s, 50, &v[5]));
    show_values("source", s);
    d = dup_of("SSL_SESSION_dup with ex[50] set", s, s_ad);
    if (d != NULL) {
        show_values("copy", d);
        final_free("free the copy", d, g_copy_ad);
    }

    /* ---- a dup callback refusing */
    g_dup_fail_idx = i1;
    d = dup_of("SSL_SESSION_dup, dup callback of i1 returns 0", s, s_ad);
    SSL_SESSION_free(d);
    g_dup_fail_idx = i3;
    d = dup_of("SSL_SESSION_dup, dup callback of i3 returns 0", s, s_ad);
    SSL_SESSION_free(d);
    g_dup_fail_idx = -1;

    /* ---- references */
    phase("SSL_SESSION_up_ref + SSL_SESSION_free (not final)", s);
    printf("  up_ref ret=%d\n", SSL_SESSION_up_ref(s));
    SSL_SESSION_free(s);
    end_phase();
    show_values("after", s);
    phase("SSL_SESSION_free(NULL)", NULL);
    SSL_SESSION_free(NULL);
    end_phase();

    /* ---- d2i */
    phase("d2i creating a session", NULL);
    pp = good;
    x = d2i_SSL_SESSION(NULL, &pp, (long)sizeof(good));
    FATAL_IF(x == NULL, "d2i");
    x_ad = g_created_ad;
    printf("  NEW callbacks saw the returned session: %s\n", g_created == (void *)x ? "yes" : "no");
    end_phase();
    printf("  set_ex_data(x, i1, v6) ret=%d\n", SSL_SESSION_set_ex_data(x, i1, &v[6]));
    printf("  set_app_data(x, v7) ret=%d\n", SSL_SESSION_set_app_data(x, &v[7]));

    phase("d2i into an existing session", x);
    a = x;
    pp = good;
    r = d2i_SSL_SESSION(&a, &pp, (long)sizeof(good));
    printf("  returned %s\n", r == x ? "the same pointer" : r ? "another session" : "NULL");
    end_phase();
    show_values("x", x);

    phase("d2i failing after creating its session (unknown cipher)", NULL);
    pp = unknown_cipher;
    r = d2i_SSL_SESSION(NULL, &pp, (long)sizeof(unknown_cipher));
    printf("  returned %s\n", r ? "session" : "NULL");
    print_errors("d2i");
    end_phase();

    phase("d2i failing before creating a session (ASN.1 error)", NULL);
    pp = asn1_bad;
    r = d2i_SSL_SESSION(NULL, &pp, (long)sizeof(asn1_bad));
    printf("  returned %s\n", r ? "session" : "NULL");
    ERR_clear_error();
    end_phase();

    phase("d2i failing into an existing session (unknown cipher)", x);
    a = x;
    pp = unknown_cipher;
    r = d2i_SSL_SESSION(&a, &pp, (long)sizeof(unknown_cipher));
    printf("  returned %s, a unchanged=%d\n", r ? "session" : "NULL", a == x);
    end_phase();
    show_values("x", x);

    phase("d2i(&a) with a == NULL, failing after creation", NULL);
    a = NULL;
    pp = unknown_cipher;
    r = d2i_SSL_SESSION(&a, &pp, (long)sizeof(unknown_cipher));
    printf("  returned %s, a %s\n", r ? "session" : "NULL", a ? "set" : "still NULL");
    end_phase();

    /* ---- PEM */
    phase("PEM_read_bio_SSL_SESSION", NULL);
    bio = BIO_new_mem_buf(pem, -1);
    FATAL_IF(bio == NULL, "BIO_new_mem_buf");
    r = PEM_read_bio_SSL_SESSION(bio, NULL, NULL, NULL);
    BIO_free(bio);
    FATAL_IF(r == NULL, "PEM_read_bio");
    printf("  NEW callbacks saw the returned session: %s\n", g_created == (void *)r ? "yes" : "no");
    end_phase();
    {
        CRYPTO_EX_DATA *r_ad = g_created_ad;

        printf("  set_ex_data(r, i2, v9) ret=%d\n", SSL_SESSION_set_ex_data(r, i2, &v[9]));
        final_free("final free of the PEM session", r, r_ad);
    }

    /* ---- final frees */
    final_free("final free of x", x, x_ad);
    final_free("final free of s", s, s_ad);

    phase("set a value on the session made before registration", early);
    printf("  set_ex_data(early, i1, v10) ret=%d\n", SSL_SESSION_set_ex_data(early, i1, &v[10]));
    end_phase();
    d = dup_of("SSL_SESSION_dup of the session made before registration", early, NULL);
    if (d != NULL) {
        show_values("copy", d);
        final_free("free the copy", d, g_copy_ad);
    }
    final_free("final free of the session made before registration", early, NULL);

    free_g_ssl();
    printf("done\n");
    return 0;
}
