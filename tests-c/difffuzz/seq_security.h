/*
 * seq_security.h - the security callback and its ex data on contexts and
 * connections: a logging callback (each call's operation, bits and NID, and
 * whether it is a connection's or a context's) with a random denial rule,
 * put in front of the library's default and taken away again (the default,
 * read back from the object, is put back), so that every other action's
 * checks (cipher lists, certificates, DH, supported ciphers) are compared
 * call by call.
 */

/* The denial rule: 0 allows all; 1 denies one operation; 2 denies fewer
 * bits than a bound; 3 denies one NID. */
static int sec_rule, sec_op, sec_bits, sec_nid;

static int sec_log_cb(const SSL *s, const SSL_CTX *ctx, int op, int bits, int nid, void *other, void *ex)
{
    int allow = 1;
    (void)other;
    switch (sec_rule) {
    case 1: allow = op != sec_op; break;
    case 2: allow = bits >= sec_bits; break;
    case 3: allow = nid != sec_nid; break;
    default: break;
    }
    emit("cb security %s op=0x%x bits=%d nid=%d ex=%s = %d", s != NULL ? "ssl" : ctx != NULL ? "ctx" : "none", op,
         bits, nid, tag(ex), allow);
    return allow;
}

typedef int (*sec_cb_t)(const SSL *, const SSL_CTX *, int, int, int, void *, void *);
/* Each object's callback before the tester's went in (the library's default). */
static sec_cb_t sec_saved_ctx[MAXC], sec_saved_ssl[MAXL];

static void act_security(void)
{
    static const int ops[] = {SSL_SECOP_CIPHER_SUPPORTED, SSL_SECOP_CURVE_SUPPORTED, SSL_SECOP_SIGALG_SUPPORTED,
                              SSL_SECOP_VERSION, SSL_SECOP_TMP_DH, SSL_SECOP_EE_KEY, SSL_SECOP_CA_KEY,
                              SSL_SECOP_CA_MD, SSL_SECOP_SIGALG_CHECK, SSL_SECOP_COMPRESSION};
    static const int nids[] = {NID_sha1, NID_sha256, NID_X25519, NID_X9_62_prime256v1, NID_rsaEncryption, 0};
    int c, l, is_ssl = pick_either(&c, &l);
    sec_cb_t cur;
    void *ex = pct(20) ? NULL : &tags[rnd(64)];

    if (!is_ssl && c < 0)
        return;
    cur = is_ssl ? SSL_get_security_callback(L[l].p) : SSL_CTX_get_security_callback(C[c].p);
    switch (rnd(4)) {
    case 0: /* the tester's callback in */
        if (cur != sec_log_cb) {
            if (is_ssl)
                sec_saved_ssl[l] = cur;
            else
                sec_saved_ctx[c] = cur;
        }
        sec_rule = (int)rnd(4);
        sec_op = ops[rnd(sizeof ops / sizeof ops[0])];
        sec_bits = pct(50) ? 80 : 128;
        sec_nid = nids[rnd(sizeof nids / sizeof nids[0])];
        if (is_ssl)
            SSL_set_security_callback(L[l].p, sec_log_cb);
        else
            SSL_CTX_set_security_callback(C[c].p, sec_log_cb);
        CALL("SSL%s_set_security_callback %s#%d log rule %d op 0x%x bits %d nid %d", is_ssl ? "" : "_CTX",
             is_ssl ? "ssl" : "ctx", is_ssl ? l : c, sec_rule, sec_op, sec_bits, sec_nid);
        break;
    case 1: /* the default back (never NULL: OpenSSL calls it unchecked) */
        if (cur == sec_log_cb) {
            sec_cb_t back = is_ssl ? sec_saved_ssl[l] : sec_saved_ctx[c];
            if (back == NULL)
                break;
            if (is_ssl)
                SSL_set_security_callback(L[l].p, back);
            else
                SSL_CTX_set_security_callback(C[c].p, back);
            CALL("SSL%s_set_security_callback %s#%d default", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx",
                 is_ssl ? l : c);
        }
        break;
    case 2:
        if (is_ssl)
            SSL_set0_security_ex_data(L[l].p, ex);
        else
            SSL_CTX_set0_security_ex_data(C[c].p, ex);
        CALL("SSL%s_set0_security_ex_data %s#%d %s", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx", is_ssl ? l : c,
             tag(ex));
        break;
    default:
        CALL("SSL%s_get_security_callback %s#%d = %s; ex %s", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx",
             is_ssl ? l : c, cur == sec_log_cb ? "log" : cur == NULL ? "NULL" : "other",
             tag(is_ssl ? SSL_get0_security_ex_data(L[l].p) : SSL_CTX_get0_security_ex_data(C[c].p)));
        break;
    }
    errs();
}
