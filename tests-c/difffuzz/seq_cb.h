/*
 * seq_cb.h - issue 15's callbacks, ex_data of SSL and SSL_CTX, ALPN/NPN, PSK,
 * SRP, custom extensions and compression in the sequence tester (included by
 * seq_objects.h before its action table). None of the handshake callbacks
 * runs without a handshake: each prints a line if it ever does. Setters are
 * followed by their getters where there is one ("mine", "NULL", "OTHER").
 */

#define FN(f) ((const void *)(uintptr_t)(f))
#define NEVER(name) emit("cb " name " (never called without a handshake)")

static void info_cb(const SSL *s, int where, int ret) { (void)s, (void)where, (void)ret; NEVER("info"); }
static void keylog_cb(const SSL *s, const char *line) { (void)s, (void)line; NEVER("keylog"); }
static unsigned psk_client_cb(SSL *s, const char *hint, char *id, unsigned max_id, unsigned char *psk, unsigned max)
{
    (void)s, (void)hint, (void)id, (void)max_id, (void)psk, (void)max;
    NEVER("psk_client");
    return 0;
}
static unsigned psk_server_cb(SSL *s, const char *id, unsigned char *psk, unsigned max)
{
    (void)s, (void)id, (void)psk, (void)max;
    NEVER("psk_server");
    return 0;
}
static int psk_find_cb(SSL *s, const unsigned char *id, size_t idlen, SSL_SESSION **sess)
{
    (void)s, (void)id, (void)idlen, (void)sess;
    NEVER("psk_find_session");
    return 0;
}
static int psk_use_cb(SSL *s, const EVP_MD *md, const unsigned char **id, size_t *idlen, SSL_SESSION **sess)
{
    (void)s, (void)md, (void)id, (void)idlen, (void)sess;
    NEVER("psk_use_session");
    return 0;
}
static int not_resumable_cb(SSL *s, int is_forward_secure) { (void)s, (void)is_forward_secure; NEVER("not_resumable"); return 0; }
static int cookie_gen_cb(SSL *s, unsigned char *c, unsigned *len) { (void)s, (void)c, (void)len; NEVER("cookie_generate"); return 0; }
static int cookie_verify_cb(SSL *s, const unsigned char *c, unsigned len) { (void)s, (void)c, (void)len; NEVER("cookie_verify"); return 0; }
static int st_cookie_gen_cb(SSL *s, unsigned char *c, size_t *len) { (void)s, (void)c, (void)len; NEVER("stateless_cookie_generate"); return 0; }
static int st_cookie_verify_cb(SSL *s, const unsigned char *c, size_t len) { (void)s, (void)c, (void)len; NEVER("stateless_cookie_verify"); return 0; }
static int alpn_cb(SSL *s, const unsigned char **out, unsigned char *outlen, const unsigned char *in, unsigned inlen, void *arg)
{
    (void)s, (void)out, (void)outlen, (void)in, (void)inlen, (void)arg;
    NEVER("alpn_select");
    return SSL_TLSEXT_ERR_NOACK;
}
static int npn_select_cb(SSL *s, unsigned char **out, unsigned char *outlen, const unsigned char *in, unsigned inlen, void *arg)
{
    (void)s, (void)out, (void)outlen, (void)in, (void)inlen, (void)arg;
    NEVER("next_proto_select");
    return SSL_TLSEXT_ERR_NOACK;
}
static int npn_adv_cb(SSL *s, const unsigned char **out, unsigned *outlen, void *arg)
{
    (void)s, (void)out, (void)outlen, (void)arg;
    NEVER("next_protos_advertised");
    return SSL_TLSEXT_ERR_NOACK;
}
static int ticket_gen_cb(SSL *s, void *arg) { (void)s, (void)arg; NEVER("session_ticket gen"); return 1; }
static SSL_TICKET_RETURN ticket_dec_cb(SSL *s, SSL_SESSION *ss, const unsigned char *k, size_t kl, SSL_TICKET_STATUS st, void *arg)
{
    (void)s, (void)ss, (void)k, (void)kl, (void)st, (void)arg;
    NEVER("session_ticket dec");
    return SSL_TICKET_RETURN_IGNORE;
}
static int ticket_key_cb(SSL *s, unsigned char *n, unsigned char *iv, EVP_CIPHER_CTX *c, EVP_MAC_CTX *h, int enc)
{
    (void)s, (void)n, (void)iv, (void)c, (void)h, (void)enc;
    NEVER("ticket_key_evp");
    return 0;
}
static int ticket_ext_cb(SSL *s, const unsigned char *d, int len, void *arg) { (void)s, (void)d, (void)len, (void)arg; NEVER("ticket_ext"); return 1; }
static int secret_cb(SSL *s, void *secret, int *len, STACK_OF(SSL_CIPHER) *peer, const SSL_CIPHER **cipher, void *arg)
{
    (void)s, (void)secret, (void)len, (void)peer, (void)cipher, (void)arg;
    NEVER("session_secret");
    return 0;
}
static int client_hello_cb(SSL *s, int *al, void *arg) { (void)s, (void)al, (void)arg; NEVER("client_hello"); return 1; }
static int early_cb(SSL *s, void *arg) { (void)s, (void)arg; NEVER("allow_early_data"); return 1; }
static int async_cb(SSL *s, void *arg) { (void)s, (void)arg; NEVER("async"); return 1; }
static size_t padding_cb(SSL *s, int type, size_t len, void *arg) { (void)s, (void)type, (void)len, (void)arg; NEVER("record_padding"); return 0; }

static int tag_k(void) { return (int)rnd(64); }

static void act_callbacks(void)
{
    int c, l, is_ssl = pick_either(&c, &l), on = pct(75);
    SSL *p;
    SSL_CTX *x;
    const char *who;
    char wbuf[16];

    if (!is_ssl && c < 0)
        return;
    p = is_ssl ? L[l].p : NULL;
    x = is_ssl ? NULL : C[c].p;
    snprintf(wbuf, sizeof wbuf, "%s#%d", is_ssl ? "ssl" : "ctx", is_ssl ? l : c);
    who = wbuf;
    switch (rnd(16)) {
    case 0:
        if (is_ssl)
            SSL_set_info_callback(p, on ? info_cb : NULL);
        else
            SSL_CTX_set_info_callback(x, on ? info_cb : NULL);
        CALL("set_info_callback %s %s; get = %s", who, on ? "fn" : "NULL",
             which_cb(is_ssl ? FN(SSL_get_info_callback(p)) : FN(SSL_CTX_get_info_callback(x)), FN(info_cb)));
        break;
    case 1:
        if (is_ssl)
            SSL_set_msg_callback(p, on ? msg_cb : NULL);
        else
            SSL_CTX_set_msg_callback(x, on ? msg_cb : NULL);
        CALL("set_msg_callback %s %s", who, on ? "fn" : "NULL");
        break;
    case 2:
        if (is_ssl) {
            /* an SSL's keylog callback is its context's */
            x = C[L[l].cur].p;
            who = "its ctx";
        }
        SSL_CTX_set_keylog_callback(x, on ? keylog_cb : NULL);
        CALL("SSL_CTX_set_keylog_callback %s %s; get = %s", who, on ? "fn" : "NULL",
             which_cb(FN(SSL_CTX_get_keylog_callback(x)), FN(keylog_cb)));
        break;
    case 3:
        if (on) {
            if (is_ssl)
                L[l].psk_client = 1;
            else
                C[c].psk_client = 1;
        }
        if (is_ssl) {
            SSL_set_psk_client_callback(p, on ? psk_client_cb : NULL);
            SSL_set_psk_server_callback(p, pct(50) ? psk_server_cb : NULL);
        } else {
            SSL_CTX_set_psk_client_callback(x, on ? psk_client_cb : NULL);
            SSL_CTX_set_psk_server_callback(x, pct(50) ? psk_server_cb : NULL);
        }
        CALL("set_psk_client/server_callback %s", who);
        break;
    case 4:
        /* psk_use decides whether SSL_write_early_data connects (seq_io.h) */
        if (is_ssl) {
            L[l].psk_use = pct(50);
            SSL_set_psk_find_session_callback(p, on ? psk_find_cb : NULL);
            SSL_set_psk_use_session_callback(p, L[l].psk_use ? psk_use_cb : NULL);
        } else {
            C[c].psk_use = pct(50);
            SSL_CTX_set_psk_find_session_callback(x, on ? psk_find_cb : NULL);
            SSL_CTX_set_psk_use_session_callback(x, C[c].psk_use ? psk_use_cb : NULL);
        }
        CALL("set_psk_find/use_session_callback %s %s %s", who, on ? "fn" : "NULL",
             (is_ssl ? L[l].psk_use : C[c].psk_use) ? "fn" : "NULL");
        break;
    case 5:
        if (is_ssl)
            SSL_set_not_resumable_session_callback(p, on ? not_resumable_cb : NULL);
        else
            SSL_CTX_set_not_resumable_session_callback(x, on ? not_resumable_cb : NULL);
        CALL("set_not_resumable_session_callback %s %s", who, on ? "fn" : "NULL");
        break;
    case 6:
        if (is_ssl)
            x = C[L[l].cur].p;
        SSL_CTX_set_cookie_generate_cb(x, on ? cookie_gen_cb : NULL);
        SSL_CTX_set_cookie_verify_cb(x, on ? cookie_verify_cb : NULL);
        SSL_CTX_set_stateless_cookie_generate_cb(x, on ? st_cookie_gen_cb : NULL);
        SSL_CTX_set_stateless_cookie_verify_cb(x, on ? st_cookie_verify_cb : NULL);
        CALL("SSL_CTX_set_(stateless_)cookie_generate/verify_cb %s %s", who, on ? "fn" : "NULL");
        break;
    case 7:
        if (is_ssl)
            x = C[L[l].cur].p;
        SSL_CTX_set_alpn_select_cb(x, on ? alpn_cb : NULL, &tags[1]);
        SSL_CTX_set_next_proto_select_cb(x, on ? npn_select_cb : NULL, NULL);
        SSL_CTX_set_next_protos_advertised_cb(x, on ? npn_adv_cb : NULL, NULL);
        CALL("SSL_CTX_set_alpn_select_cb/next_proto_select_cb/next_protos_advertised_cb %s %s", who, on ? "fn" : "NULL");
        break;
    case 8:
        if (is_ssl) {
            static const unsigned char ext[] = {1, 2, 3, 4};
            int len = pct(20) ? 0 : (int)rnd(5);
            L[l].ticket_ext = 1;
            CALL("SSL_set_session_ticket_ext ssl#%d %d = %d", l, len, SSL_set_session_ticket_ext(p, pct(10) ? NULL : (void *)(uintptr_t)ext, len));
            CALL("SSL_set_session_ticket_ext_cb ssl#%d = %d", l, SSL_set_session_ticket_ext_cb(p, on ? ticket_ext_cb : NULL, NULL));
            CALL("SSL_set_session_secret_cb ssl#%d = %d", l, SSL_set_session_secret_cb(p, on ? secret_cb : NULL, NULL));
        } else {
            CALL("SSL_CTX_set_session_ticket_cb ctx#%d = %d", c,
                 SSL_CTX_set_session_ticket_cb(x, on ? ticket_gen_cb : NULL, pct(50) ? ticket_dec_cb : NULL, NULL));
            CALL("SSL_CTX_set_tlsext_ticket_key_evp_cb ctx#%d = %ld", c,
                 (long)SSL_CTX_set_tlsext_ticket_key_evp_cb(x, on ? ticket_key_cb : NULL));
        }
        break;
    case 9:
        if (is_ssl) {
            SSL_set_allow_early_data_cb(p, on ? early_cb : NULL, NULL);
            CALL("SSL_set_allow_early_data_cb ssl#%d %s", l, on ? "fn" : "NULL");
        } else {
            SSL_CTX_set_client_hello_cb(x, on ? client_hello_cb : NULL, NULL);
            SSL_CTX_set_allow_early_data_cb(x, on ? early_cb : NULL, NULL);
            CALL("SSL_CTX_set_client_hello_cb/allow_early_data_cb ctx#%d %s", c, on ? "fn" : "NULL");
        }
        break;
    case 10: {
        int k = tag_k();
        if (is_ssl)
            CALL("SSL_set_async_callback ssl#%d = %d; arg %s = %d", l, SSL_set_async_callback(p, on ? async_cb : NULL),
                 tag(&tags[k]), SSL_set_async_callback_arg(p, &tags[k]));
        else
            CALL("SSL_CTX_set_async_callback ctx#%d = %d; arg %s = %d", c, SSL_CTX_set_async_callback(x, on ? async_cb : NULL),
                 tag(&tags[k]), SSL_CTX_set_async_callback_arg(x, &tags[k]));
        break;
    }
    case 11: {
        int k = tag_k();
        if (is_ssl) {
            int r = SSL_set_record_padding_callback(p, on ? padding_cb : NULL);
            SSL_set_record_padding_callback_arg(p, pct(20) ? NULL : &tags[k]);
            CALL("SSL_set_record_padding_callback ssl#%d = %d; arg get = %s", l, r,
                 tag(SSL_get_record_padding_callback_arg(p)));
        } else {
            SSL_CTX_set_record_padding_callback(x, on ? padding_cb : NULL);
            SSL_CTX_set_record_padding_callback_arg(x, pct(20) ? NULL : &tags[k]);
            CALL("SSL_CTX_set_record_padding_callback ctx#%d; arg get = %s", c,
                 tag(SSL_CTX_get_record_padding_callback_arg(x)));
        }
        break;
    }
    case 12:
        if (!is_ssl)
            CALL("SSL_CTX_set_client_cert_engine ctx#%d NULL = %d", c, SSL_CTX_set_client_cert_engine(x, NULL));
        break;
    case 13: {
        /* OPENSSL_init_ssl: options with and without settings; ERR_load_SSL_strings. */
        static const uint64_t o[] = {0, OPENSSL_INIT_LOAD_SSL_STRINGS, OPENSSL_INIT_NO_LOAD_SSL_STRINGS,
                                     OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS};
        uint64_t v = o[rnd(4)];
        CALL("OPENSSL_init_ssl 0x%llx = %d", (unsigned long long)v, OPENSSL_init_ssl(v, NULL));
        CALL("ERR_load_SSL_strings = %d", ERR_load_SSL_strings());
        break;
    }
    case 14: {
        STACK_OF(SSL_COMP) *sk = SSL_COMP_get_compression_methods();
        int n = sk ? sk_SSL_COMP_num(sk) : -1, k;
        CALL("SSL_COMP_get_compression_methods = %d; get_name(NULL) = %s", n,
             SSL_COMP_get_name(NULL) ? SSL_COMP_get_name(NULL) : "NULL");
        for (k = 0; k < n; k++) {
            const SSL_COMP *cm = sk_SSL_COMP_value(sk, k);
            CALL("  %d: %s id=%d", k, SSL_COMP_get0_name(cm) ? SSL_COMP_get0_name(cm) : "NULL", SSL_COMP_get_id(cm));
        }
        CALL("SSL_COMP_add_compression_method %d NULL = %d", 200 + (int)rnd(60),
             SSL_COMP_add_compression_method(200 + (int)rnd(60), NULL));
        if (pct(30)) {
            STACK_OF(SSL_COMP) *old = SSL_COMP_set0_compression_methods(NULL);
            CALL("SSL_COMP_set0_compression_methods NULL: old %s; get = %s", old == sk ? "same" : "OTHER",
                 SSL_COMP_get_compression_methods() ? "list" : "NULL");
            SSL_COMP_set0_compression_methods(old);
            CALL("SSL_COMP_set0_compression_methods (back)");
        }
        break;
    }
    default: {
        static const unsigned types[] = {0, 1, 16, 18, 51, 1000, 65535, 43, 13172, 35};
        unsigned t = types[rnd(10)];
        CALL("SSL_extension_supported %u = %d", t, SSL_extension_supported(t));
        break;
    }
    }
    errs();
}

/* ALPN lists, SSL_select_next_proto, PSK identity hints. */
static void act_alpn_psk(void)
{
    static const unsigned char lists[][16] = {
        {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'}, {2, 'h', '2'}, {0}, {3, 'a', 'b'}, {1, 'x', 1, 'y'},
    };
    static const unsigned lens[] = {12, 3, 1, 3, 4};
    int c, l, is_ssl = pick_either(&c, &l), k = (int)rnd(5), r;
    unsigned len = pct(10) ? 0 : lens[k];

    if (!is_ssl && c < 0)
        return;
    switch (rnd(4)) {
    case 0: {
        const unsigned char *d = pct(10) ? NULL : lists[k];
        if (d == NULL)
            len = 0;
        r = is_ssl ? SSL_set_alpn_protos(L[l].p, d, len) : SSL_CTX_set_alpn_protos(C[c].p, d, len);
        CALL("SSL%s_set_alpn_protos %s#%d %s = %d", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx", is_ssl ? l : c,
             d ? hex(d, len) : "NULL", r);
        break;
    }
    case 1: {
        unsigned char *out = NULL, outlen = 0;
        int j = (int)rnd(5);
        unsigned jl = lens[j];
        r = SSL_select_next_proto(&out, &outlen, lists[k], len, lists[j], jl);
        CALL("SSL_select_next_proto %s %s = %d %s", hex(lists[k], len), hex(lists[j], jl), r,
             out ? hex(out, outlen) : "NULL");
        break;
    }
    case 2: {
        static const char *const hints[] = {"hint", "", NULL, "a-much-longer-identity-hint-for-the-server"};
        char big[200];
        const char *h = hints[rnd(4)];
        if (pct(10)) {
            memset(big, 'h', sizeof big);
            big[pct(50) ? 128 : 129] = '\0';
            h = big;
        }
        r = is_ssl ? SSL_use_psk_identity_hint(L[l].p, h) : SSL_CTX_use_psk_identity_hint(C[c].p, h);
        CALL("SSL%s_use_psk_identity_hint %s#%d %s = %d", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx", is_ssl ? l : c,
             h ? (strlen(h) > 40 ? "(long)" : h) : "NULL", r);
        if (is_ssl) {
            const char *g = SSL_get_psk_identity_hint(L[l].p), *i = SSL_get_psk_identity(L[l].p);
            CALL("SSL_get_psk_identity_hint ssl#%d = %s; identity = %s", l, g ? (strlen(g) > 40 ? "(long)" : g) : "NULL",
                 i ? i : "NULL");
        }
        break;
    }
    default:
        /* the psk_use_session callback, followed by the tester for SSL_write_early_data */
        if (is_ssl) {
            L[l].psk_use = pct(50);
            SSL_set_psk_use_session_callback(L[l].p, L[l].psk_use ? psk_use_cb : NULL);
            CALL("SSL_set_psk_use_session_callback ssl#%d %s", l, L[l].psk_use ? "fn" : "NULL");
        } else {
            C[c].psk_use = pct(50);
            SSL_CTX_set_psk_use_session_callback(C[c].p, C[c].psk_use ? psk_use_cb : NULL);
            CALL("SSL_CTX_set_psk_use_session_callback ctx#%d %s", c, C[c].psk_use ? "fn" : "NULL");
        }
        break;
    }
    errs();
}

static int srp_cb(SSL *s, int *ad, void *arg) { (void)s, (void)ad, (void)arg; NEVER("srp"); return 0; }
static int srp_verify_cb(SSL *s, void *arg) { (void)s, (void)arg; NEVER("srp_verify_param"); return 1; }
static char *srp_pwd_cb(SSL *s, void *arg) { (void)s, (void)arg; NEVER("srp_client_pwd"); return NULL; }

static void act_srp(void)
{
    int c, l, is_ssl = pick_either(&c, &l), r;
    static const char *const names[] = {"user", "", "a-user-name"};
    const char *nm = names[rnd(3)];

    if (!is_ssl && c < 0)
        return;
    if (!is_ssl) {
        SSL_CTX *x = C[c].p;
        C[c].srp = 1; /* whatever is set: see act_cipher_list's steer */
        switch (rnd(5)) {
        case 0: CALL("SSL_CTX_set_srp_username ctx#%d %s = %d", c, nm, SSL_CTX_set_srp_username(x, (char *)(uintptr_t)nm)); break;
        case 1: CALL("SSL_CTX_set_srp_password ctx#%d %s = %d", c, nm, SSL_CTX_set_srp_password(x, (char *)(uintptr_t)nm)); break;
        case 2: {
            int st = (int)rnd(3000);
            CALL("SSL_CTX_set_srp_strength ctx#%d %d = %d", c, st, SSL_CTX_set_srp_strength(x, st));
            CALL("SSL_CTX_set_srp_cb_arg ctx#%d = %d", c, SSL_CTX_set_srp_cb_arg(x, &tags[2]));
            break;
        }
        case 3:
            CALL("SSL_CTX_set_srp_client_pwd_callback ctx#%d = %d", c, SSL_CTX_set_srp_client_pwd_callback(x, srp_pwd_cb));
            CALL("SSL_CTX_set_srp_verify_param_callback ctx#%d = %d", c,
                 SSL_CTX_set_srp_verify_param_callback(x, pct(50) ? srp_verify_cb : NULL));
            CALL("SSL_CTX_set_srp_username_callback ctx#%d = %d", c, SSL_CTX_set_srp_username_callback(x, srp_cb));
            break;
        default:
            if (pct(50))
                CALL("SSL_CTX_SRP_CTX_free ctx#%d = %d", c, SSL_CTX_SRP_CTX_free(x));
            else
                CALL("SSL_CTX_SRP_CTX_init ctx#%d = %d", c, SSL_CTX_SRP_CTX_init(x));
            break;
        }
    } else {
        SSL *p = L[l].p;
        L[l].srp |= C[L[l].cur].srp;
        switch (rnd(4)) {
        case 0: {
            const char *u = SSL_get_srp_username(p), *i = SSL_get_srp_userinfo(p);
            /* Found here, fixed since: SSL_get_srp_username / _g / _N
             * differed once SRP was set up (sessl did not set SRP up again
             * where SSL_stateless, DTLSv1_listen and SSL_copy_session_id
             * make OpenSSL's method state anew). */
            CALL("SSL_get_srp_username ssl#%d = %s; userinfo = %s; g = %s; N = %s", l, u ? u : "NULL", i ? i : "NULL",
                 SSL_get_srp_g(p) ? "set" : "NULL", SSL_get_srp_N(p) ? "set" : "NULL");
            ncalls += 3;
            break;
        }
        case 1: {
            BIGNUM *N = BN_new(), *g = BN_new(), *sa = BN_new(), *v = BN_new();
            BN_set_word(N, 23 + rnd(1000));
            BN_set_word(g, 2 + rnd(3));
            BN_set_word(sa, rnd(100));
            BN_set_word(v, rnd(100));
            r = SSL_set_srp_server_param(p, N, g, sa, v, pct(50) ? (char *)(uintptr_t)nm : NULL);
            CALL("SSL_set_srp_server_param ssl#%d = %d", l, r);
            BN_free(N), BN_free(g), BN_free(sa), BN_free(v);
            break;
        }
        case 2:
            /* Found here, fixed since: after SSL_set_srp_server_param then
             * one of those, OpenSSL's SRP_Calc_A_param returned 0, sessl's 1. */
            CALL("SRP_Calc_A_param ssl#%d = %d", l, SRP_Calc_A_param(p));
            break;
        default:
            if (pct(50))
                CALL("SSL_SRP_CTX_free ssl#%d = %d", l, SSL_SRP_CTX_free(p));
            else
                CALL("SSL_SRP_CTX_init ssl#%d = %d", l, SSL_SRP_CTX_init(p));
            break;
        }
    }
    errs();
}

static int cx_add(SSL *s, unsigned t, unsigned ctx, const unsigned char **out, size_t *outlen, X509 *x, size_t ch, int *al, void *arg)
{
    (void)s, (void)t, (void)ctx, (void)out, (void)outlen, (void)x, (void)ch, (void)al, (void)arg;
    NEVER("custom_ext add");
    return 0;
}
static void cx_free(SSL *s, unsigned t, unsigned ctx, const unsigned char *out, void *arg)
{
    (void)s, (void)t, (void)ctx, (void)out, (void)arg;
    NEVER("custom_ext free");
}
static int cx_parse(SSL *s, unsigned t, unsigned ctx, const unsigned char *in, size_t inlen, X509 *x, size_t ch, int *al, void *arg)
{
    (void)s, (void)t, (void)ctx, (void)in, (void)inlen, (void)x, (void)ch, (void)al, (void)arg;
    NEVER("custom_ext parse");
    return 1;
}
static int ox_add(SSL *s, unsigned t, const unsigned char **out, size_t *outlen, int *al, void *arg)
{
    (void)s, (void)t, (void)out, (void)outlen, (void)al, (void)arg;
    NEVER("old custom_ext add");
    return 0;
}
static int ox_parse(SSL *s, unsigned t, const unsigned char *in, size_t inlen, int *al, void *arg)
{
    (void)s, (void)t, (void)in, (void)inlen, (void)al, (void)arg;
    NEVER("old custom_ext parse");
    return 1;
}

static void act_custom_ext(void)
{
    static const unsigned types[] = {1000, 1001, 18, 51, 0, 16, 65535, 70000, 1002, 35};
    static const unsigned ctxs[] = {SSL_EXT_CLIENT_HELLO | SSL_EXT_TLS1_3_ENCRYPTED_EXTENSIONS, 0, 0xffffffffu,
                                    SSL_EXT_TLS1_2_SERVER_HELLO | SSL_EXT_CLIENT_HELLO, SSL_EXT_TLS_ONLY};
    int c = pick_ctx(0), r;
    unsigned t = types[rnd(10)], cx = ctxs[rnd(5)];
    int with_add = pct(70), with_free = pct(50), with_parse = pct(60);

    if (c < 0)
        return;
    /* Found here, fixed since: OpenSSL's SSL_CTX_use_serverinfo* registers a
     * custom extension for each serverinfo extension type, and one for SCTs
     * (type 18) in the ClientHello is refused on a context validating CT. */
    switch (rnd(4)) {
    case 0:
        r = SSL_CTX_add_custom_ext(C[c].p, t, cx, with_add ? cx_add : NULL, with_free ? cx_free : NULL, NULL,
                                   with_parse ? cx_parse : NULL, NULL);
        CALL("SSL_CTX_add_custom_ext ctx#%d %u 0x%x add=%d free=%d parse=%d = %d", c, t, cx, with_add, with_free,
             with_parse, r);
        break;
    case 1:
        r = SSL_CTX_add_client_custom_ext(C[c].p, t, with_add ? ox_add : NULL, NULL, NULL, with_parse ? ox_parse : NULL,
                                          NULL);
        CALL("SSL_CTX_add_client_custom_ext ctx#%d %u add=%d parse=%d = %d", c, t, with_add, with_parse, r);
        break;
    case 2:
        r = SSL_CTX_add_server_custom_ext(C[c].p, t, with_add ? ox_add : NULL, NULL, NULL, with_parse ? ox_parse : NULL,
                                          NULL);
        CALL("SSL_CTX_add_server_custom_ext ctx#%d %u add=%d parse=%d = %d", c, t, with_add, with_parse, r);
        break;
    default: CALL("SSL_CTX_has_client_custom_ext ctx#%d %u = %d", c, t, SSL_CTX_has_client_custom_ext(C[c].p, t)); break;
    }
    errs();
}

/* ------------------------------------------------------------------ ex_data of SSL and SSL_CTX */

static int idx_ssl_cb = -1, idx_ctx_cb = -1;

/* The name of an ex_data callback's parent. Only objects not yet freed
 * count (an SSL during its own last SSL_free does; a context until its final
 * free returns): a new object that SSL_new or SSL_CTX_new fails to finish can
 * sit at a freed one's address, and which one differs between allocators. */
static const char *ssl_or_ctx_name(const void *parent, int is_ssl)
{
    static char b[32];
    int k;
    for (k = nL - 1; k >= 0 && is_ssl; k--)
        if (L[k].p == parent && !L[k].gone) {
            snprintf(b, sizeof b, "ssl#%d", k);
            return b;
        }
    for (k = nC - 1; k >= 0 && !is_ssl; k--)
        if (C[k].p == parent && C[k].alive) {
            snprintf(b, sizeof b, "ctx#%d", k);
            return b;
        }
    return "(new)";
}
static void obj_ex_new(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent, (void)ad, (void)idx, (void)argp;
    /* the parent is not in the tester's tables yet: SSL_new / SSL_CTX_new run */
    emit("cb %s_ex_new %s", argl == 1 ? "ssl" : "ctx", tag(ptr));
}
static void obj_ex_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)ad, (void)idx, (void)argp;
    emit("cb %s_ex_free %s %s", argl == 1 ? "ssl" : "ctx", ssl_or_ctx_name(parent, argl == 1), tag(ptr));
}
static int obj_ex_dup(CRYPTO_EX_DATA *to, const CRYPTO_EX_DATA *from, void **from_d, int idx, long argl, void *argp)
{
    (void)to, (void)from, (void)from_d, (void)idx, (void)argp;
    emit("cb %s_ex_dup", argl == 1 ? "ssl" : "ctx");
    return 1;
}

static void ex_data_init(void)
{
    idx_ssl_cb = SSL_get_ex_new_index(1, NULL, obj_ex_new, obj_ex_dup, obj_ex_free);
    idx_ctx_cb = SSL_CTX_get_ex_new_index(2, NULL, obj_ex_new, obj_ex_dup, obj_ex_free);
    printf("ex_data indices ssl %d ctx %d store_ctx %d\n", idx_ssl_cb, idx_ctx_cb,
           SSL_get_ex_data_X509_STORE_CTX_idx());
}

static void act_ex_data(void)
{
    int c, l, is_ssl = pick_either(&c, &l), idx, r;
    void *v = pct(20) ? NULL : &tags[tag_k()];

    if (!is_ssl && c < 0)
        return;
    switch (rnd(4)) {
    case 0: idx = 0; break;
    case 1: idx = is_ssl ? idx_ssl_cb : idx_ctx_cb; break;
    case 2: idx = pct(50) ? -1 : 1000; break;
    default: idx = SSL_get_ex_data_X509_STORE_CTX_idx(); break;
    }
    if (pct(70)) {
        r = is_ssl ? SSL_set_ex_data(L[l].p, idx, v) : SSL_CTX_set_ex_data(C[c].p, idx, v);
        CALL("SSL%s_set_ex_data %s#%d %d %s = %d", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, idx,
             tag(v), r);
        errs();
    }
    CALL("SSL%s_get_ex_data %s#%d %d = %s", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, idx,
         tag(is_ssl ? SSL_get_ex_data(L[l].p, idx) : SSL_CTX_get_ex_data(C[c].p, idx)));
    errs();
}
