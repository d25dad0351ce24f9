/*
 * seq_certs.h - issue 15's certificates, keys, verify settings, stores, CA
 * lists, DH, CT, DANE and serverinfo in the sequence tester (included by
 * seq_objects.h before its action table). Inputs are the fixtures of
 * tests-c/fixtures/certs (good, weak, encrypted, wrong-type and missing
 * files; DER, truncated DER); certificates print as subjects, keys as type
 * and size, name lists as their names. The peer getters read the peer of
 * the SSL's session, which d2i'd sessions carry.
 */

#include <openssl/ct.h>
#include <openssl/x509v3.h>

static char fx_dir[3000];
static const char *const fx_cert_names[] = {"rsa.pem", "ec.pem", "ca.pem", "inter.pem", "weak.pem"};
static const char *const fx_key_names[] = {"rsa.key", "ec.key", "ca.key", "weak.key"};
#define N_FXC 5
#define N_FXK 4
static X509 *fx_cert[N_FXC];
static EVP_PKEY *fx_key[N_FXK];

static const char *fx(const char *name)
{
    static char b[4][3200];
    static int k;
    k = (k + 1) % 4;
    if (name[0] == '/')
        return name;
    snprintf(b[k], sizeof b[k], "%s/%s", fx_dir, name);
    return b[k];
}

static void certs_init(const char *dir)
{
    int k;
    FILE *f;
    snprintf(fx_dir, sizeof fx_dir, "%s/certs", dir ? dir : "tests-c/fixtures");
    for (k = 0; k < N_FXC; k++)
        if ((f = fopen(fx(fx_cert_names[k]), "r")) != NULL) {
            fx_cert[k] = PEM_read_X509(f, NULL, NULL, NULL);
            fclose(f);
        }
    for (k = 0; k < N_FXK; k++)
        if ((f = fopen(fx(fx_key_names[k]), "r")) != NULL) {
            fx_key[k] = PEM_read_PrivateKey(f, NULL, NULL, NULL);
            fclose(f);
        }
    ERR_clear_error();
    for (k = 0; k < N_FXC; k++)
        if (fx_cert[k] == NULL || (k < N_FXK && fx_key[k] == NULL)) {
            printf("certificate fixtures: missing (%s)\n", fx_dir);
            exit(2);
        }
}
static void certs_cleanup(void)
{
    int k;
    for (k = 0; k < N_FXC; k++)
        X509_free(fx_cert[k]);
    for (k = 0; k < N_FXK; k++)
        EVP_PKEY_free(fx_key[k]);
}

static const char *xname(const X509_NAME *n)
{
    static char b[4][256];
    static int k;
    k = (k + 1) % 4;
    if (n == NULL)
        return "(null)";
    X509_NAME_oneline(n, b[k], (int)sizeof b[k]);
    return b[k];
}
static const char *xsubj(const X509 *x) { return x ? xname(X509_get_subject_name(x)) : "(null)"; }
static const char *kdesc(const EVP_PKEY *k)
{
    static char b[4][64];
    static int r;
    r = (r + 1) % 4;
    if (k == NULL)
        return "(null)";
    snprintf(b[r], 64, "%s/%d", EVP_PKEY_get0_type_name(k), EVP_PKEY_get_bits(k));
    return b[r];
}
static void print_name_list(const char *what, const STACK_OF(X509_NAME) *sk)
{
    char line[1200];
    size_t o = 0;
    int k, n = sk ? sk_X509_NAME_num(sk) : -1;
    line[0] = '\0';
    for (k = 0; k < n && o < sizeof line - 300; k++)
        o += (size_t)snprintf(line + o, sizeof line - o, " [%s]", xname(sk_X509_NAME_value(sk, k)));
    emit("  %s: %s%d names%s", what, sk ? "" : "NULL, ", n < 0 ? 0 : n, line);
}

static const char *pick_cert_file(void)
{
    static const char *const f[] = {"rsa.pem", "ec.pem", "rsa_chain.pem", "weak.pem", "rsa.key", "missing.pem",
                                    "rsa.der", "cas.pem", "rsa_weak_chain.pem", "ca.pem"};
    return fx(f[rnd(10)]);
}
static const char *pick_key_file(void)
{
    static const char *const f[] = {"rsa.key", "ec.key", "rsa_enc.key", "weak.key", "rsa.pem", "missing.key",
                                    "rsa.key.der", "rsa_trad.key", "rsa_trad.der", "ec.key.der"};
    return fx(f[rnd(10)]);
}
static int pick_file_type(void)
{
    static const int t[] = {SSL_FILETYPE_PEM, SSL_FILETYPE_PEM, SSL_FILETYPE_ASN1, 7};
    return t[rnd(4)];
}
static size_t read_fixture(const char *name, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(fx(name), "rb");
    size_t n = 0;
    if (f != NULL) {
        n = fread(buf, 1, cap, f);
        fclose(f);
    }
    return n;
}

static int passwd_cb(char *buf, int size, int rwflag, void *u)
{
    const char *pw = u == &tags[5] ? "secret" : "wrong";
    (void)rwflag;
    emit("cb passwd %s size=%d", tag(u), size);
    snprintf(buf, (size_t)size, "%s", pw);
    return (int)strlen(buf);
}
static int verify_cb(int ok, X509_STORE_CTX *x) { (void)x; NEVER("verify"); return ok; }
static int cert_verify_cb(X509_STORE_CTX *x, void *arg) { (void)x, (void)arg; NEVER("cert_verify"); return 1; }
static int cert_cb(SSL *s, void *arg) { (void)s, (void)arg; NEVER("cert"); return 1; }
static int client_cert_cb(SSL *s, X509 **x, EVP_PKEY **k) { (void)s, (void)x, (void)k; NEVER("client_cert"); return 0; }
static DH *tmp_dh_cb(SSL *s, int is_export, int keylength) { (void)s, (void)is_export, (void)keylength; NEVER("tmp_dh"); return NULL; }
static int ct_cb(const CT_POLICY_EVAL_CTX *c, const STACK_OF(SCT) *scts, void *arg) { (void)c, (void)scts, (void)arg; NEVER("ct"); return 1; }

/* A chain: its count and subjects, or -1 for none. */
static const char *chain_desc(STACK_OF(X509) *sk)
{
    static char b[1200];
    size_t o;
    int k;

    o = (size_t)snprintf(b, sizeof b, "%d", sk == NULL ? -1 : sk_X509_num(sk));
    for (k = 0; sk != NULL && k < sk_X509_num(sk) && o < sizeof b - 300; k++)
        o += (size_t)snprintf(b + o, sizeof b - o, " [%s]", xsubj(sk_X509_value(sk, k)));
    return b;
}

/* The current certificate, key and chain (and a context's extra chain
 * certificates, which show the chain while there are none). */
static void print_certs_of(int is_ssl, int c, int l)
{
    STACK_OF(X509) *sk = NULL;
    long r;

    if (is_ssl) {
        CALL("  SSL_get_certificate ssl#%d = %s; SSL_get_privatekey = %s", l, xsubj(SSL_get_certificate(L[l].p)),
             kdesc(SSL_get_privatekey(L[l].p)));
        r = SSL_get0_chain_certs(L[l].p, &sk);
        CALL("  SSL_get0_chain_certs ssl#%d = %ld: %s", l, r, chain_desc(sk));
    } else {
        CALL("  SSL_CTX_get0_certificate ctx#%d = %s; SSL_CTX_get0_privatekey = %s", c,
             xsubj(SSL_CTX_get0_certificate(C[c].p)), kdesc(SSL_CTX_get0_privatekey(C[c].p)));
        r = SSL_CTX_get0_chain_certs(C[c].p, &sk);
        CALL("  SSL_CTX_get0_chain_certs ctx#%d = %ld: %s", c, r, chain_desc(sk));
        sk = NULL;
        r = SSL_CTX_get_extra_chain_certs(C[c].p, &sk);
        CALL("  SSL_CTX_get_extra_chain_certs ctx#%d = %ld: %s", c, r, chain_desc(sk));
    }
}

/* The chain commands on the current certificate's chain (building one too),
 * the choice of the current certificate, and a context's extra chain
 * certificates. */
static void act_chain(int is_ssl, int c, int l, const char *who)
{
    SSL *p = is_ssl ? L[l].p : NULL;
    SSL_CTX *x = is_ssl ? NULL : C[c].p;
    int k = (int)rnd(N_FXC);
    long r;

    switch (rnd(is_ssl ? 8 : 10)) {
    case 0:
        r = is_ssl ? SSL_add1_chain_cert(p, fx_cert[k]) : SSL_CTX_add1_chain_cert(x, fx_cert[k]);
        CALL("add1_chain_cert %s %s = %ld", who, fx_cert_names[k], r);
        break;
    case 1:
        X509_up_ref(fx_cert[k]);
        r = is_ssl ? SSL_add0_chain_cert(p, fx_cert[k]) : SSL_CTX_add0_chain_cert(x, fx_cert[k]);
        CALL("add0_chain_cert %s %s = %ld", who, fx_cert_names[k], r);
        if (r != 1)
            X509_free(fx_cert[k]); /* not taken */
        break;
    case 2:
    case 3: {
        STACK_OF(X509) *sk = NULL;
        int set0 = pct(50);
        if (pct(80)) {
            sk = sk_X509_new_null();
            sk_X509_push(sk, fx_cert[k]);
            if (pct(40))
                sk_X509_push(sk, fx_cert[rnd(N_FXC)]);
        }
        if (set0) {
            STACK_OF(X509) *own = sk == NULL ? NULL : X509_chain_up_ref(sk);
            sk_X509_free(sk);
            sk = own;
            r = is_ssl ? SSL_set0_chain(p, sk) : SSL_CTX_set0_chain(x, sk);
            if (r != 1)
                sk_X509_pop_free(sk, X509_free); /* not taken */
        } else {
            r = is_ssl ? SSL_set1_chain(p, sk) : SSL_CTX_set1_chain(x, sk);
            sk_X509_free(sk);
        }
        CALL("set%d_chain %s = %ld", set0 ? 0 : 1, who, r);
        break;
    }
    case 4:
        CALL("clear_chain_certs %s = %ld", who, is_ssl ? SSL_clear_chain_certs(p) : SSL_CTX_clear_chain_certs(x));
        break;
    case 5: {
        /* 1 first, 2 next, 3 the handshake's (none before one), 0 none */
        long op = (long)rnd(4);
        r = is_ssl ? SSL_set_current_cert(p, op) : SSL_CTX_set_current_cert(x, op);
        CALL("set_current_cert %s %ld = %ld", who, op, r);
        break;
    }
    case 6: {
        X509 *sel = pct(10) ? NULL : fx_cert[k];
        r = is_ssl ? SSL_select_current_cert(p, sel) : SSL_CTX_select_current_cert(x, sel);
        CALL("select_current_cert %s %s = %ld", who, sel ? fx_cert_names[k] : "NULL", r);
        break;
    }
    case 7: {
        /* any of UNTRUSTED, NO_ROOT, CHECK, IGNORE_ERROR, CLEAR_ERROR */
        long flags = (long)rnd(32);
        r = is_ssl ? SSL_build_cert_chain(p, flags) : SSL_CTX_build_cert_chain(x, flags);
        CALL("build_cert_chain %s %#lx = %ld", who, flags, r);
        break;
    }
    case 8:
        X509_up_ref(fx_cert[k]);
        CALL("SSL_CTX_add_extra_chain_cert %s %s = %ld", who, fx_cert_names[k],
             SSL_CTX_add_extra_chain_cert(x, fx_cert[k]));
        break;
    default:
        CALL("SSL_CTX_clear_extra_chain_certs %s = %ld", who, SSL_CTX_clear_extra_chain_certs(x));
        break;
    }
}

static void act_certs(void)
{
    int c, l, is_ssl = pick_either(&c, &l), r = -9, k;
    SSL *p;
    SSL_CTX *x;
    const char *who, *path;
    char wbuf[16];
    unsigned char der[4096];
    size_t n;

    if (!is_ssl && c < 0)
        return;
    p = is_ssl ? L[l].p : NULL;
    x = is_ssl ? NULL : C[c].p;
    snprintf(wbuf, sizeof wbuf, "%s#%d", is_ssl ? "ssl" : "ctx", is_ssl ? l : c);
    who = wbuf;
    switch (rnd(15)) {
    case 14:
        act_chain(is_ssl, c, l, who);
        break;
    case 0:
        k = (int)rnd(N_FXC);
        r = is_ssl ? SSL_use_certificate(p, fx_cert[k]) : SSL_CTX_use_certificate(x, fx_cert[k]);
        CALL("use_certificate %s %s = %d", who, fx_cert_names[k], r);
        break;
    case 1:
        k = (int)rnd(N_FXK);
        r = is_ssl ? SSL_use_PrivateKey(p, fx_key[k]) : SSL_CTX_use_PrivateKey(x, fx_key[k]);
        CALL("use_PrivateKey %s %s = %d", who, fx_key_names[k], r);
        break;
    case 2: {
        RSA *rsa;
        k = (int)rnd(N_FXK);
        rsa = EVP_PKEY_get1_RSA(fx_key[k]);
        ERR_clear_error();
        if (rsa == NULL)
            return;
        r = is_ssl ? SSL_use_RSAPrivateKey(p, rsa) : SSL_CTX_use_RSAPrivateKey(x, rsa);
        CALL("use_RSAPrivateKey %s %s = %d", who, fx_key_names[k], r);
        RSA_free(rsa);
        break;
    }
    case 3: {
        int t = pick_file_type();
        path = pick_cert_file();
        r = is_ssl ? SSL_use_certificate_file(p, path, t) : SSL_CTX_use_certificate_file(x, path, t);
        CALL("use_certificate_file %s %s %d = %d", who, strrchr(path, '/') + 1, t, r);
        break;
    }
    case 4: {
        int t = pick_file_type();
        path = pick_key_file();
        /* the encrypted key only with a password callback: OpenSSL's default prompts on the terminal */
        if (strstr(path, "rsa_enc") && !(is_ssl ? L[l].pw : C[c].pw))
            path = fx("rsa.key");
        if (pct(50))
            r = is_ssl ? SSL_use_PrivateKey_file(p, path, t) : SSL_CTX_use_PrivateKey_file(x, path, t);
        else
            r = is_ssl ? SSL_use_RSAPrivateKey_file(p, path, t) : SSL_CTX_use_RSAPrivateKey_file(x, path, t);
        CALL("use_(RSA)PrivateKey_file %s %s %d = %d", who, strrchr(path, '/') + 1, t, r);
        break;
    }
    case 5:
        path = pick_cert_file();
        r = is_ssl ? SSL_use_certificate_chain_file(p, path) : SSL_CTX_use_certificate_chain_file(x, path);
        CALL("use_certificate_chain_file %s %s = %d", who, strrchr(path, '/') + 1, r);
        break;
    case 6:
        n = read_fixture("rsa.der", der, sizeof der);
        if (pct(20))
            n = rnd((unsigned)n);
        r = is_ssl ? SSL_use_certificate_ASN1(p, der, (int)n) : SSL_CTX_use_certificate_ASN1(x, (int)n, der);
        CALL("use_certificate_ASN1 %s %zu bytes = %d", who, n, r);
        break;
    case 7: {
        static const int types[] = {EVP_PKEY_RSA, EVP_PKEY_EC, EVP_PKEY_RSA_PSS, 0};
        int t = types[rnd(4)];
        n = read_fixture(pct(50) ? "rsa.key.der" : pct(50) ? "ec.key.der" : "rsa_trad.der", der, sizeof der);
        if (pct(20))
            n = rnd((unsigned)n);
        if (pct(40)) {
            r = is_ssl ? SSL_use_RSAPrivateKey_ASN1(p, der, (long)n) : SSL_CTX_use_RSAPrivateKey_ASN1(x, der, (long)n);
            CALL("use_RSAPrivateKey_ASN1 %s %zu bytes %016llx = %d", who, n, (unsigned long long)fnv(der, n), r);
        } else {
            r = is_ssl ? SSL_use_PrivateKey_ASN1(t, p, der, (long)n) : SSL_CTX_use_PrivateKey_ASN1(t, x, der, (long)n);
            CALL("use_PrivateKey_ASN1 %s type %d %zu bytes %016llx = %d", who, t, n, (unsigned long long)fnv(der, n), r);
        }
        break;
    }
    case 8:
        r = is_ssl ? SSL_check_private_key(p) : SSL_CTX_check_private_key(x);
        CALL("check_private_key %s = %d", who, r);
        break;
    case 9:
        if (is_ssl) {
            SSL_certs_clear(p);
            CALL("SSL_certs_clear ssl#%d", l);
        } else {
            C[c].serverinfo = 1;
            CALL("SSL_CTX_use_serverinfo_file ctx#%d = %d", c,
                 SSL_CTX_use_serverinfo_file(x, fx(pct(25) ? "serverinfo.pem" : pct(33) ? "serverinfo_badlen.pem"
                                                                 : pct(50)         ? "serverinfo_short.pem"
                                                                                   : "serverinfo_badname.pem")));
        }
        break;
    case 10: {
        STACK_OF(X509) *chain = NULL;
        int kc = (int)rnd(N_FXC), kk = (int)rnd(N_FXK), ov = (int)rnd(2);
        if (pct(50)) {
            chain = sk_X509_new_null();
            sk_X509_push(chain, fx_cert[3]);
            if (pct(30))
                sk_X509_push(chain, fx_cert[4]);
        }
        r = is_ssl ? SSL_use_cert_and_key(p, fx_cert[kc], fx_key[kk], chain, ov)
                   : SSL_CTX_use_cert_and_key(x, fx_cert[kc], fx_key[kk], chain, ov);
        CALL("use_cert_and_key %s %s %s chain=%d override=%d = %d", who, fx_cert_names[kc], fx_key_names[kk],
             chain ? sk_X509_num(chain) : -1, ov, r);
        sk_X509_free(chain);
        break;
    }
    case 11: {
        EVP_PKEY *k2 = pct(15) ? NULL : fx_key[rnd(N_FXK)];
        if (k2)
            EVP_PKEY_up_ref(k2);
        r = is_ssl ? SSL_set0_tmp_dh_pkey(p, k2) : SSL_CTX_set0_tmp_dh_pkey(x, k2);
        CALL("set0_tmp_dh_pkey %s %s = %d", who, kdesc(k2), r);
        if (r != 1)
            EVP_PKEY_free(k2); /* not taken */
        if (is_ssl)
            SSL_set_tmp_dh_callback(p, pct(50) ? tmp_dh_cb : NULL);
        else
            SSL_CTX_set_tmp_dh_callback(x, pct(50) ? tmp_dh_cb : NULL);
        break;
    }
    case 12: {
        /* default_passwd_cb: the right password when the userdata is t5 */
        int on = pct(80), u = pct(60) ? 5 : 6;
        if (is_ssl)
            L[l].pw = on;
        else
            C[c].pw = on;
        if (is_ssl) {
            SSL_set_default_passwd_cb(p, on ? passwd_cb : NULL);
            SSL_set_default_passwd_cb_userdata(p, &tags[u]);
            CALL("SSL_set_default_passwd_cb ssl#%d %s %s; get = %s %s", l, on ? "fn" : "NULL", tag(&tags[u]),
                 which_cb(FN(SSL_get_default_passwd_cb(p)), FN(passwd_cb)), tag(SSL_get_default_passwd_cb_userdata(p)));
        } else {
            SSL_CTX_set_default_passwd_cb(x, on ? passwd_cb : NULL);
            SSL_CTX_set_default_passwd_cb_userdata(x, &tags[u]);
            CALL("SSL_CTX_set_default_passwd_cb ctx#%d %s %s; get = %s %s", c, on ? "fn" : "NULL", tag(&tags[u]),
                 which_cb(FN(SSL_CTX_get_default_passwd_cb(x)), FN(passwd_cb)),
                 tag(SSL_CTX_get_default_passwd_cb_userdata(x)));
        }
        break;
    }
    default:
        if (!is_ssl) {
            static const unsigned char v1[] = {0x00, 0x12, 0x00, 0x03, 1, 2, 3};
            static const unsigned char v2[] = {0x00, 0x00, 0x01, 0xd0, 0x00, 0x12, 0x00, 0x02, 9, 9};
            static const unsigned char bad[] = {0x00, 0x12, 0x00, 0x09, 1};
            int which = (int)rnd(3), ver = (int)rnd(3) + 1;
            const unsigned char *d = which == 0 ? v1 : which == 1 ? v2 : bad;
            size_t dl = which == 0 ? sizeof v1 : which == 1 ? sizeof v2 : sizeof bad;
            C[c].serverinfo = 1;
            if (pct(50))
                CALL("SSL_CTX_use_serverinfo ctx#%d %s = %d", c, hex(d, dl), SSL_CTX_use_serverinfo(x, d, dl));
            else
                CALL("SSL_CTX_use_serverinfo_ex ctx#%d v%d %s = %d", c, ver, hex(d, dl),
                     SSL_CTX_use_serverinfo_ex(x, (unsigned)ver, d, dl));
        }
        break;
    }
    errs();
    print_certs_of(is_ssl, c, l);
    errs();
}

static void act_verify(void)
{
    int c, l, is_ssl = pick_either(&c, &l), r;
    SSL *p;
    SSL_CTX *x;

    if (!is_ssl && c < 0)
        return;
    p = is_ssl ? L[l].p : NULL;
    x = is_ssl ? NULL : C[c].p;
    switch (rnd(10)) {
    case 0: {
        static const int modes[] = {SSL_VERIFY_NONE, SSL_VERIFY_PEER, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                                    SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE | SSL_VERIFY_POST_HANDSHAKE, 0xff};
        int m = modes[rnd(5)], on = pct(60);
        if (is_ssl) {
            SSL_set_verify(p, m, on ? verify_cb : NULL);
            CALL("SSL_set_verify ssl#%d 0x%x %s; mode = 0x%x cb = %s", l, m, on ? "fn" : "NULL", SSL_get_verify_mode(p),
                 which_cb(FN(SSL_get_verify_callback(p)), FN(verify_cb)));
        } else {
            SSL_CTX_set_verify(x, m, on ? verify_cb : NULL);
            CALL("SSL_CTX_set_verify ctx#%d 0x%x %s; mode = 0x%x cb = %s", c, m, on ? "fn" : "NULL",
                 SSL_CTX_get_verify_mode(x), which_cb(FN(SSL_CTX_get_verify_callback(x)), FN(verify_cb)));
        }
        break;
    }
    case 1: {
        int d = pct(70) ? (int)rnd(12) : (int)rnd(200) - 100;
        if (is_ssl) {
            SSL_set_verify_depth(p, d);
            CALL("SSL_set_verify_depth ssl#%d %d; get = %d", l, d, SSL_get_verify_depth(p));
        } else {
            SSL_CTX_set_verify_depth(x, d);
            CALL("SSL_CTX_set_verify_depth ctx#%d %d; get = %d", c, d, SSL_CTX_get_verify_depth(x));
        }
        break;
    }
    case 2: {
        X509_VERIFY_PARAM *vp = is_ssl ? SSL_get0_param(p) : SSL_CTX_get0_param(x);
        const char *h = vp ? X509_VERIFY_PARAM_get0_host(vp, 0) : NULL;
        CALL("get0_param %s#%d: depth=%d flags=0x%lx hostflags=0x%x host=%s", is_ssl ? "ssl" : "ctx", is_ssl ? l : c,
             vp ? X509_VERIFY_PARAM_get_depth(vp) : -99, vp ? X509_VERIFY_PARAM_get_flags(vp) : 0,
             vp ? X509_VERIFY_PARAM_get_hostflags(vp) : 0u, h ? h : "NULL");
        break;
    }
    case 3: {
        X509_VERIFY_PARAM *vp = X509_VERIFY_PARAM_new();
        int d = (int)rnd(9) - 1;
        X509_VERIFY_PARAM_set_depth(vp, d);
        if (pct(50))
            X509_VERIFY_PARAM_set_flags(vp, X509_V_FLAG_PARTIAL_CHAIN);
        if (pct(40))
            X509_VERIFY_PARAM_set1_host(vp, "param.example", 0);
        r = is_ssl ? SSL_set1_param(p, vp) : SSL_CTX_set1_param(x, vp);
        CALL("set1_param %s#%d depth=%d = %d", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, d, r);
        X509_VERIFY_PARAM_free(vp);
        break;
    }
    case 4: {
        static const int v[] = {X509_PURPOSE_SSL_CLIENT, X509_PURPOSE_SSL_SERVER, 0, 99, -1, X509_PURPOSE_ANY};
        int a = v[rnd(6)];
        if (pct(50))
            r = is_ssl ? SSL_set_purpose(p, a) : SSL_CTX_set_purpose(x, a);
        else
            r = is_ssl ? SSL_set_trust(p, a) : SSL_CTX_set_trust(x, a);
        CALL("set_purpose/trust %s#%d %d = %d", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, a, r);
        break;
    }
    case 5:
        if (is_ssl) {
            static const char *const hs[] = {"example.com", NULL, "", "*.example.com", "a..b", "second.example"};
            const char *h = hs[rnd(6)];
            const char *pn;
            if (pct(50))
                CALL("SSL_set1_host ssl#%d %s = %d", l, h ? h : "NULL", SSL_set1_host(p, h));
            else
                CALL("SSL_add1_host ssl#%d %s = %d", l, h ? h : "NULL", SSL_add1_host(p, h));
            SSL_set_hostflags(p, pct(50) ? 0 : X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            pn = SSL_get0_peername(p);
            CALL("SSL_set_hostflags ssl#%d; SSL_get0_peername = %s", l, pn ? pn : "NULL");
        } else {
            CALL("SSL_CTX_set_cert_verify_callback ctx#%d", c);
            SSL_CTX_set_cert_verify_callback(x, pct(60) ? cert_verify_cb : NULL, NULL);
            SSL_CTX_set_client_cert_cb(x, pct(60) ? client_cert_cb : NULL);
            CALL("SSL_CTX_set_client_cert_cb ctx#%d; get = %s", c,
                 which_cb(FN(SSL_CTX_get_client_cert_cb(x)), FN(client_cert_cb)));
        }
        break;
    case 6:
        if (is_ssl) {
            static const long v[] = {X509_V_OK, X509_V_ERR_CERT_HAS_EXPIRED, -1, 1000};
            long a = v[rnd(4)];
            SSL_set_verify_result(p, a);
            CALL("SSL_set_verify_result ssl#%d %ld; get = %ld", l, a, SSL_get_verify_result(p));
        } else {
            SSL_CTX_set_cert_cb(x, pct(60) ? cert_cb : NULL, NULL);
            CALL("SSL_CTX_set_cert_cb ctx#%d", c);
        }
        break;
    case 7:
        if (is_ssl) {
            SSL_set_cert_cb(p, pct(60) ? cert_cb : NULL, &tags[3]);
            CALL("SSL_set_cert_cb ssl#%d", l);
        }
        break;
    default:
        if (is_ssl) {
            /* the peer of the SSL's session (d2i'd sessions may carry one) */
            X509 *x0 = SSL_get0_peer_certificate(p), *x1 = SSL_get1_peer_certificate(p);
            STACK_OF(X509) *ch = SSL_get_peer_cert_chain(p), *vc = SSL_get0_verified_chain(p);
            const STACK_OF(SCT) *scts;
            CALL("SSL_get0_peer_certificate ssl#%d = %s; get1 = %s; chain = %d; verified = %d", l, xsubj(x0), xsubj(x1),
                 ch ? sk_X509_num(ch) : -1, vc ? sk_X509_num(vc) : -1);
            X509_free(x1);
            errs();
            /* Found here, fixed since: OpenSSL's first SSL_get0_peer_scts
             * parses (and keeps) the SCTs of the session's peer
             * certificate, an empty list when it has none, NULL without a
             * peer; sessl always returned NULL. */
            scts = SSL_get0_peer_scts(p);
            CALL("SSL_get0_peer_scts ssl#%d = %d", l, scts ? sk_SCT_num(scts) : -1);
            print_name_list("SSL_get0_peer_CA_list", SSL_get0_peer_CA_list(p));
            ncalls += 5;
        }
        break;
    }
    errs();
}

static STACK_OF(X509_NAME) *some_names(void)
{
    STACK_OF(X509_NAME) *sk = sk_X509_NAME_new_null();
    unsigned k, n = rnd(4);
    for (k = 0; k < n; k++)
        sk_X509_NAME_push(sk, X509_NAME_dup(X509_get_subject_name(fx_cert[rnd(N_FXC)])));
    return sk;
}

static void act_ca_lists(void)
{
    int c, l, is_ssl = pick_either(&c, &l), r, k = (int)rnd(N_FXC);
    SSL *p;
    SSL_CTX *x;
    STACK_OF(X509_NAME) *sk;

    if (!is_ssl && c < 0)
        return;
    p = is_ssl ? L[l].p : NULL;
    x = is_ssl ? NULL : C[c].p;
    switch (rnd(9)) {
    case 0:
        sk = pct(10) ? NULL : some_names();
        if (is_ssl)
            SSL_set_client_CA_list(p, sk);
        else
            SSL_CTX_set_client_CA_list(x, sk);
        CALL("set_client_CA_list %s#%d %d names", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, sk ? sk_X509_NAME_num(sk) : -1);
        break;
    case 1:
        sk = pct(10) ? NULL : some_names();
        if (is_ssl)
            SSL_set0_CA_list(p, sk);
        else
            SSL_CTX_set0_CA_list(x, sk);
        CALL("set0_CA_list %s#%d %d names", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, sk ? sk_X509_NAME_num(sk) : -1);
        break;
    case 2:
        r = is_ssl ? SSL_add_client_CA(p, fx_cert[k]) : SSL_CTX_add_client_CA(x, fx_cert[k]);
        CALL("add_client_CA %s#%d %s = %d", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, fx_cert_names[k], r);
        break;
    case 3:
        r = is_ssl ? SSL_add1_to_CA_list(p, fx_cert[k]) : SSL_CTX_add1_to_CA_list(x, fx_cert[k]);
        CALL("add1_to_CA_list %s#%d %s = %d", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, fx_cert_names[k], r);
        break;
    case 4: {
        STACK_OF(X509_NAME) *d;
        sk = some_names();
        d = SSL_dup_CA_list(sk);
        CALL("SSL_dup_CA_list %d names", sk_X509_NAME_num(sk));
        print_name_list("dup", d);
        sk_X509_NAME_pop_free(sk, X509_NAME_free);
        sk_X509_NAME_pop_free(d, X509_NAME_free);
        break;
    }
    case 5: {
        const char *path = pick_cert_file();
        sk = pct(50) ? SSL_load_client_CA_file(path) : SSL_load_client_CA_file_ex(path, NULL, NULL);
        CALL("SSL_load_client_CA_file(_ex) %s", strrchr(path, '/') + 1);
        print_name_list("loaded", sk);
        sk_X509_NAME_pop_free(sk, X509_NAME_free);
        break;
    }
    case 6: {
        const char *path = pick_cert_file();
        sk = some_names();
        switch (rnd(3)) {
        case 0:
            r = SSL_add_file_cert_subjects_to_stack(sk, path);
            CALL("SSL_add_file_cert_subjects_to_stack %s = %d", strrchr(path, '/') + 1, r);
            break;
        case 1:
            r = SSL_add_dir_cert_subjects_to_stack(sk, pct(70) ? fx("cadir") : fx("missing-dir"));
            CALL("SSL_add_dir_cert_subjects_to_stack = %d", r);
            break;
        default:
            r = SSL_add_store_cert_subjects_to_stack(sk, pct(50) ? fx("cadir") : path);
            CALL("SSL_add_store_cert_subjects_to_stack = %d", r);
            break;
        }
        print_name_list("stack", sk);
        sk_X509_NAME_pop_free(sk, X509_NAME_free);
        break;
    }
    default:
        break;
    }
    errs();
    if (is_ssl) {
        print_name_list("SSL_get_client_CA_list", SSL_get_client_CA_list(p));
        print_name_list("SSL_get0_CA_list", SSL_get0_CA_list(p));
    } else {
        print_name_list("SSL_CTX_get_client_CA_list", SSL_CTX_get_client_CA_list(x));
        print_name_list("SSL_CTX_get0_CA_list", SSL_CTX_get0_CA_list(x));
    }
    ncalls += 2;
    errs();
}

static int store_count(X509_STORE *st)
{
    STACK_OF(X509_OBJECT) *o = st ? X509_STORE_get0_objects(st) : NULL;
    return o ? sk_X509_OBJECT_num(o) : -1;
}

static void act_stores(void)
{
    int c = pick_ctx(0), r, d;
    SSL_CTX *x;
    const char *path = pick_cert_file();

    if (c < 0)
        return;
    x = C[c].p;
    switch (rnd(8)) {
    case 0:
        CALL("SSL_CTX_load_verify_file ctx#%d %s = %d", c, strrchr(path, '/') + 1, SSL_CTX_load_verify_file(x, path));
        break;
    case 1:
        r = SSL_CTX_load_verify_dir(x, pct(70) ? fx("cadir") : fx("missing-dir"));
        CALL("SSL_CTX_load_verify_dir ctx#%d = %d", c, r);
        break;
    case 2:
        CALL("SSL_CTX_load_verify_store ctx#%d %s = %d", c, strrchr(path, '/') + 1, SSL_CTX_load_verify_store(x, path));
        break;
    case 3: {
        int f = pct(60), dd = pct(40);
        r = SSL_CTX_load_verify_locations(x, f ? path : NULL, dd ? fx("cadir") : NULL);
        CALL("SSL_CTX_load_verify_locations ctx#%d %s %s = %d", c, f ? strrchr(path, '/') + 1 : "NULL", dd ? "cadir" : "NULL", r);
        break;
    }
    case 4:
        switch (rnd(4)) {
        case 0: CALL("SSL_CTX_set_default_verify_paths ctx#%d = %d", c, SSL_CTX_set_default_verify_paths(x)); break;
        case 1: CALL("SSL_CTX_set_default_verify_dir ctx#%d = %d", c, SSL_CTX_set_default_verify_dir(x)); break;
        case 2: CALL("SSL_CTX_set_default_verify_file ctx#%d = %d", c, SSL_CTX_set_default_verify_file(x)); break;
        default: CALL("SSL_CTX_set_default_verify_store ctx#%d = %d", c, SSL_CTX_set_default_verify_store(x)); break;
        }
        break;
    case 5: {
        X509_STORE *st = X509_STORE_new();
        if (pct(50))
            X509_STORE_add_cert(st, fx_cert[2]);
        SSL_CTX_set_cert_store(x, st);
        CALL("SSL_CTX_set_cert_store ctx#%d (new, %d objects)", c, store_count(st));
        break;
    }
    case 6:
        d = pick_ctx(0);
        if (d < 0)
            return;
        SSL_CTX_set1_cert_store(x, SSL_CTX_get_cert_store(C[d].p));
        CALL("SSL_CTX_set1_cert_store ctx#%d (ctx#%d's)", c, d);
        break;
    default:
        break;
    }
    errs();
    CALL("  SSL_CTX_get_cert_store ctx#%d: %d objects", c, store_count(SSL_CTX_get_cert_store(x)));
}

static void act_dane_ct(void)
{
    int c, l, is_ssl = pick_either(&c, &l), r;
    SSL *p;
    SSL_CTX *x;
    unsigned char d[2048];
    size_t n;

    if (!is_ssl && c < 0)
        return;
    p = is_ssl ? L[l].p : NULL;
    x = is_ssl ? NULL : C[c].p;
    switch (rnd(7)) {
    case 0:
        if (is_ssl) {
            static const char *const b[] = {"example.com", NULL, "", "server.example"};
            const char *bd = b[rnd(4)];
            CALL("SSL_dane_enable ssl#%d %s = %d", l, bd ? bd : "NULL", SSL_dane_enable(p, bd));
            L[l].dane = 1;
        } else {
            CALL("SSL_CTX_dane_enable ctx#%d = %d", c, SSL_CTX_dane_enable(x));
        }
        break;
    case 1:
        if (!is_ssl) {
            static const int mt[] = {0, 1, 2, 3, 255, 4};
            int m = mt[rnd(6)], ord = (int)rnd(3);
            const EVP_MD *md = pct(50) ? EVP_sha256() : EVP_sha512();
            CALL("SSL_CTX_dane_mtype_set ctx#%d %s %d %d = %d", c, EVP_MD_get0_name(md), m, ord,
                 SSL_CTX_dane_mtype_set(x, md, (uint8_t)m, (uint8_t)ord));
        } else {
            static const int us[] = {0, 1, 2, 3, 4, 255};
            int u = us[rnd(6)], s = (int)rnd(3), m = (int)rnd(4);
            const char *what;
            if (m == 0) {
                n = read_fixture(s == 1 ? "rsa.spki.der" : "rsa.der", d, sizeof d);
                what = s == 1 ? "spki" : "cert";
            } else {
                n = m == 1 ? 32 : m == 2 ? 64 : 20;
                memset(d, 0x5a, n);
                what = "digest";
            }
            if (pct(20))
                n = rnd((unsigned)n + 1);
            CALL("SSL_dane_tlsa_add ssl#%d %d %d %d %s %zu = %d", l, u, s, m, what, n,
                 SSL_dane_tlsa_add(p, (uint8_t)u, (uint8_t)s, (uint8_t)m, n ? d : NULL, n));
        }
        break;
    case 2:
        if (is_ssl) {
            X509 *mc = NULL;
            EVP_PKEY *mk = NULL;
            uint8_t u = 9, s = 9, m = 9;
            const unsigned char *dd = NULL;
            size_t dl = 7;
            CALL("SSL_get0_dane_authority ssl#%d = %d %s %s", l, SSL_get0_dane_authority(p, &mc, &mk), xsubj(mc), kdesc(mk));
            CALL("SSL_get0_dane_tlsa ssl#%d = %d %u %u %u %zu", l, SSL_get0_dane_tlsa(p, &u, &s, &m, &dd, &dl), u, s, m, dl);
            CALL("SSL_get0_dane ssl#%d = %s", l, SSL_get0_dane(p) ? "set" : "NULL");
        }
        break;
    case 3: {
        static const unsigned long fl[] = {0, DANE_FLAG_NO_DANE_EE_NAMECHECKS, 3, ~0ul};
        unsigned long f = fl[rnd(4)];
        if (pct(50))
            r = (int)(is_ssl ? SSL_dane_set_flags(p, f) : SSL_CTX_dane_set_flags(x, f));
        else
            r = (int)(is_ssl ? SSL_dane_clear_flags(p, f) : SSL_CTX_dane_clear_flags(x, f));
        CALL("dane_set/clear_flags %s#%d 0x%lx = 0x%x", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, f, (unsigned)r);
        break;
    }
    case 4: {
        int on = pct(60);
        /* Found here, fixed since: OpenSSL refuses CT validation on a context
         * with a client custom extension for SCTs (type 18, also one a
         * version-2 serverinfo entry registers), and the reverse. */
        if (pct(50)) {
            int v = pct(80) ? (int)rnd(2) : 7;
            r = is_ssl ? SSL_enable_ct(p, v) : SSL_CTX_enable_ct(x, v);
            CALL("enable_ct %s#%d %d = %d", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, v, r);
        } else {
            r = is_ssl ? SSL_set_ct_validation_callback(p, on ? ct_cb : NULL, NULL)
                       : SSL_CTX_set_ct_validation_callback(x, on ? ct_cb : NULL, NULL);
            CALL("set_ct_validation_callback %s#%d %s = %d", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, on ? "fn" : "NULL", r);
        }
        break;
    }
    case 5:
        if (!is_ssl) {
            switch (rnd(3)) {
            case 0:
                SSL_CTX_set0_ctlog_store(x, CTLOG_STORE_new());
                CALL("SSL_CTX_set0_ctlog_store ctx#%d (new)", c);
                break;
            case 1:
                CALL("SSL_CTX_set_ctlog_list_file ctx#%d = %d", c,
                     SSL_CTX_set_ctlog_list_file(x, pct(50) ? fx("missing.cnf") : fx("rsa.pem")));
                break;
            default: CALL("SSL_CTX_set_default_ctlog_list_file ctx#%d = %d", c, SSL_CTX_set_default_ctlog_list_file(x)); break;
            }
        }
        break;
    default: break;
    }
    errs();
    if (is_ssl)
        CALL("  SSL_ct_is_enabled ssl#%d = %d", l, SSL_ct_is_enabled(p));
    else
        CALL("  SSL_CTX_ct_is_enabled ctx#%d = %d ctlog_store %s", c, SSL_CTX_ct_is_enabled(x),
             SSL_CTX_get0_ctlog_store(x) ? "set" : "NULL");
    errs();
}

/* SSL_copy_session_id(t, f) makes t share f's CERT (certificates, keys,
 * security level, certificate flags...): later changes through either SSL
 * show in both, in sessl too (certs_shared_cert.c), so they are compared. */
static int copy_session_id_ok(int t, int f)
{
    SSL *a = L[t].p, *b = L[f].p;
    /* SSL_set_session goes back to the context's method, then f's method is
     * taken without remapping the handshake function */
    {
        const SSL_METHOD *before = SSL_get_ssl_method(a), *cm = SSL_CTX_get_ssl_method(SSL_get_SSL_CTX(a));
        int kk = method_index(cm);
        if (L[t].ticket_ext && (before != cm || cm != SSL_get_ssl_method(b))) {
            emit("steer (OpenSSL double free): ssl#%d has session ticket ext data: no SSL_copy_session_id", t);
            return 0;
        }
        io_method_changed(t, ssl_role(t), kk < 0 ? 0 : methods[kk].role, before != cm);
    }
    return 1;
}

/* SSL_set_SSL_CTX gives the connection a copy of the new context's CERT
 * (certificates, keys, security level and callback, certificate flags), as
 * OpenSSL's does: every switch is made. */
static int set_ssl_ctx_ok(int l, int c)
{
    (void)l;
    (void)c;
    return 1;
}

