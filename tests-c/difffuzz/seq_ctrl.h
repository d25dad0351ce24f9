/*
 * seq_ctrl.h - issue 15's options, ctrl commands, methods and cipher lists
 * in the sequence tester (included by seq_objects.h before its action table).
 * Values set are read back through the getters in the same step.
 */

/* Either the SSL's context or the SSL: 1 for an SSL (then *l is set). */
static int pick_either(int *c, int *l)
{
    *l = pct(50) ? pick_ssl(0) : -1;
    *c = *l >= 0 ? -1 : pick_ctx(0);
    return *l >= 0;
}

static uint64_t some_options(void)
{
    static const uint64_t opts[] = {
        SSL_OP_NO_TICKET, SSL_OP_NO_TLSv1_3, SSL_OP_NO_TLSv1_2, SSL_OP_NO_RENEGOTIATION, SSL_OP_CIPHER_SERVER_PREFERENCE,
        SSL_OP_NO_COMPRESSION, SSL_OP_ENABLE_MIDDLEBOX_COMPAT, SSL_OP_ALL, SSL_OP_NO_ANTI_REPLAY,
        SSL_OP_ALLOW_NO_DHE_KEX, SSL_OP_LEGACY_SERVER_CONNECT, SSL_OP_NO_QUERY_MTU, SSL_OP_NO_DTLSv1,
        SSL_OP_PRIORITIZE_CHACHA, SSL_OP_IGNORE_UNEXPECTED_EOF, SSL_OP_NO_EXTENDED_MASTER_SECRET,
        SSL_OP_CISCO_ANYCONNECT,
    };
    const unsigned n = sizeof opts / sizeof opts[0];
    switch (rnd(4)) {
    case 0: return 0;
    /* SSL_OP_CISCO_ANYCONNECT among them makes the fixed-version DTLS
     * methods report DTLS1_BAD_VER once the connection is re-initialised. */
    case 1: return rnd64();
    case 2: return opts[rnd(n)] | opts[rnd(n)];
    default: return opts[rnd(n)];
    }
}

static void act_options(void)
{
    int c, l;
    uint64_t o = some_options();
    int is_ssl = pick_either(&c, &l);

    if (!is_ssl && c < 0)
        return;
    switch (rnd(3)) {
    case 0:
        if (is_ssl)
            CALL("SSL_set_options ssl#%d 0x%llx = 0x%llx", l, (unsigned long long)o,
                 (unsigned long long)SSL_set_options(L[l].p, o));
        else
            CALL("SSL_CTX_set_options ctx#%d 0x%llx = 0x%llx", c, (unsigned long long)o,
                 (unsigned long long)SSL_CTX_set_options(C[c].p, o));
        break;
    case 1:
        if (is_ssl)
            CALL("SSL_clear_options ssl#%d 0x%llx = 0x%llx", l, (unsigned long long)o,
                 (unsigned long long)SSL_clear_options(L[l].p, o));
        else
            CALL("SSL_CTX_clear_options ctx#%d 0x%llx = 0x%llx", c, (unsigned long long)o,
                 (unsigned long long)SSL_CTX_clear_options(C[c].p, o));
        break;
    default:
        if (is_ssl)
            CALL("SSL_get_options ssl#%d = 0x%llx", l, (unsigned long long)SSL_get_options(L[l].p));
        else
            CALL("SSL_CTX_get_options ctx#%d = 0x%llx", c, (unsigned long long)SSL_CTX_get_options(C[c].p));
        break;
    }
    errs();
}

/* The numeric settings, with their getters. */
static void act_settings(void)
{
    int c, l, is_ssl = pick_either(&c, &l);
    static const uint64_t vals[] = {0, 1, 2, 5, 16384, 16385, 0xffffffffull, 100, 512, 4096};
    uint64_t v = pct(80) ? vals[rnd(10)] : rnd64();
    SSL *p;
    SSL_CTX *x;

    if (!is_ssl && c < 0)
        return;
    p = is_ssl ? L[l].p : NULL;
    x = is_ssl ? NULL : C[c].p;
#define ON(what, ssl_expr, ctx_expr)                                                                                   \
    do {                                                                                                               \
        if (is_ssl)                                                                                                    \
            CALL("SSL_%s ssl#%d %llu = %lld", what, l, (unsigned long long)v, (long long)(ssl_expr));                   \
        else                                                                                                           \
            CALL("SSL_CTX_%s ctx#%d %llu = %lld", what, c, (unsigned long long)v, (long long)(ctx_expr));              \
    } while (0)
    switch (rnd(12)) {
    case 0:
        ON("set_num_tickets", SSL_set_num_tickets(p, (size_t)v), SSL_CTX_set_num_tickets(x, (size_t)v));
        ON("get_num_tickets", SSL_get_num_tickets(p), SSL_CTX_get_num_tickets(x));
        break;
    case 1:
        ON("set_max_early_data", SSL_set_max_early_data(p, (uint32_t)v), SSL_CTX_set_max_early_data(x, (uint32_t)v));
        ON("get_max_early_data", SSL_get_max_early_data(p), SSL_CTX_get_max_early_data(x));
        break;
    case 2:
        ON("set_recv_max_early_data", SSL_set_recv_max_early_data(p, (uint32_t)v),
           SSL_CTX_set_recv_max_early_data(x, (uint32_t)v));
        ON("get_recv_max_early_data", SSL_get_recv_max_early_data(p), SSL_CTX_get_recv_max_early_data(x));
        break;
    case 3: ON("set_block_padding", SSL_set_block_padding(p, (size_t)v), SSL_CTX_set_block_padding(x, (size_t)v)); break;
    case 4:
        /* No huge lengths: OpenSSL's SSL_alloc_buffers then fails to allocate
         * (ERR_R_MALLOC_FAILURE), where sessl allocates nothing. */
        if (v > 1000000)
            v = 16384;
        if (is_ssl) {
            SSL_set_default_read_buffer_len(p, (size_t)v);
            CALL("SSL_set_default_read_buffer_len ssl#%d %llu", l, (unsigned long long)v);
        } else {
            SSL_CTX_set_default_read_buffer_len(x, (size_t)v);
            CALL("SSL_CTX_set_default_read_buffer_len ctx#%d %llu", c, (unsigned long long)v);
        }
        break;
    case 5:
        v = rnd(7);
        ON("set_tlsext_max_fragment_length", SSL_set_tlsext_max_fragment_length(p, (uint8_t)v),
           SSL_CTX_set_tlsext_max_fragment_length(x, (uint8_t)v));
        break;
    case 6:
        v = rnd(3);
        if (is_ssl) {
            SSL_set_post_handshake_auth(p, (int)v);
            CALL("SSL_set_post_handshake_auth ssl#%d %d", l, (int)v);
        } else {
            SSL_CTX_set_post_handshake_auth(x, (int)v);
            CALL("SSL_CTX_set_post_handshake_auth ctx#%d %d", c, (int)v);
        }
        break;
    case 7:
        v = pct(70) ? rnd(7) : (uint64_t)(int)rnd64();
        ON("set_security_level", (SSL_set_security_level(p, (int)v), SSL_get_security_level(p)),
           (SSL_CTX_set_security_level(x, (int)v), SSL_CTX_get_security_level(x)));
        break;
    case 8: {
        static const char *const prof[] = {"SRTP_AES128_CM_SHA1_80", "SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_32",
                                           "", "nonsense", "SRTP_AEAD_AES_128_GCM:SRTP_AEAD_AES_256_GCM", ":"};
        const char *s = prof[rnd(6)];
        STACK_OF(SRTP_PROTECTION_PROFILE) *sk;
        int r = is_ssl ? SSL_set_tlsext_use_srtp(p, s) : SSL_CTX_set_tlsext_use_srtp(x, s);
        CALL("SSL%s_set_tlsext_use_srtp %s#%d \"%s\" = %d", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx", is_ssl ? l : c,
             s, r);
        errs();
        if (is_ssl) {
            SRTP_PROTECTION_PROFILE *sel = SSL_get_selected_srtp_profile(p);
            int k, n;
            sk = SSL_get_srtp_profiles(p);
            n = sk ? sk_SRTP_PROTECTION_PROFILE_num(sk) : -1;
            CALL("SSL_get_srtp_profiles ssl#%d = %d; selected = %s", l, n, sel ? sel->name : "NULL");
            for (k = 0; k < n; k++)
                emit("  %s 0x%lx", sk_SRTP_PROTECTION_PROFILE_value(sk, k)->name,
                     sk_SRTP_PROTECTION_PROFILE_value(sk, k)->id);
        }
        break;
    }
    case 9:
        if (is_ssl) {
            CALL("SSL_alloc_buffers ssl#%d = %d", l, SSL_alloc_buffers(p));
            CALL("SSL_free_buffers ssl#%d = %d", l, SSL_free_buffers(p));
        } else {
            CALL("SSL_CTX_get_security_level ctx#%d = %d", c, SSL_CTX_get_security_level(x));
        }
        break;
    case 10:
        if (is_ssl) {
            SSL_set_debug(p, (int)rnd(2));
            /* DTLS_get_data_mtu reads OpenSSL's DTLS state: crashes on a TLS SSL */
            CALL("SSL_set_debug ssl#%d; is_dtls = %d; data_mtu = %zu", l, SSL_is_dtls(p),
                 SSL_is_dtls(p) ? DTLS_get_data_mtu(p) : (size_t)12345);
            if (SSL_is_dtls(p)) { /* OpenSSL's reads its DTLS state: crashes on a TLS SSL */
                DTLS_set_timer_cb(p, NULL);
                CALL("DTLS_set_timer_cb ssl#%d NULL", l);
            }
        }
        break;
    default: {
        static const int ids[] = {0, 23, 29, 24, 256, 0x1d, 0xffff, 30, 25, 257};
        int id = ids[rnd(10)];
        if (is_ssl) {
            const char *g = SSL_group_to_name(p, id);
            CALL("SSL_group_to_name ssl#%d %d = %s", l, id, g ? g : "NULL");
        }
        break;
    }
    }
#undef ON
    errs();
}

/* SSL_ctrl / SSL_CTX_ctrl with commands whose parg is safe to pass as given.
 * SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE (found here, fixed since): OpenSSL's
 * SSL_set_ct_validation_callback (and SSL_new of a context validating CT)
 * also asks for OCSP stapling, which sessl did not keep.
 * SSL_CTRL_SET_RETRY_VERIFY (found here, fixed since) sets the connection's
 * rwstate, which the SSL_want and SSL_get_error printed after the I/O calls
 * (seq_io.h) show.
 * Not SSL_CTRL_GET_NEGOTIATED_GROUP: OpenSSL crashes before a handshake
 * (COMPATIBILITY.md, the row of SSL_ctrl(NULL, ..)). */
static void act_ctrl2(void)
{
    static const struct {
        int cmd, kind; /* kind: 0 larg only, 1 a string in parg */
    } cmds[] = {
        {SSL_CTRL_MODE, 0},
        {SSL_CTRL_CLEAR_MODE, 0},
        {SSL_CTRL_GET_READ_AHEAD, 0},
        {SSL_CTRL_SET_READ_AHEAD, 0},
        {SSL_CTRL_GET_MAX_CERT_LIST, 0},
        {SSL_CTRL_SET_MAX_CERT_LIST, 0},
        {SSL_CTRL_SET_MAX_SEND_FRAGMENT, 0},
        {SSL_CTRL_SET_SPLIT_SEND_FRAGMENT, 0},
        {SSL_CTRL_SET_MAX_PIPELINES, 0},
        {SSL_CTRL_SET_MIN_PROTO_VERSION, 0},
        {SSL_CTRL_SET_MAX_PROTO_VERSION, 0},
        {SSL_CTRL_GET_MIN_PROTO_VERSION, 0},
        {SSL_CTRL_GET_MAX_PROTO_VERSION, 0},
        {SSL_CTRL_GET_RI_SUPPORT, 0},
        {SSL_CTRL_GET_EXTMS_SUPPORT, 0},
        {SSL_CTRL_CERT_FLAGS, 0},
        {SSL_CTRL_CLEAR_CERT_FLAGS, 0},
        {SSL_CTRL_SET_DH_AUTO, 0},
        {SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE, 0},
        {SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE, 0},
        {SSL_CTRL_GET_NUM_RENEGOTIATIONS, 0},
        {SSL_CTRL_CLEAR_NUM_RENEGOTIATIONS, 0},
        {SSL_CTRL_GET_TOTAL_RENEGOTIATIONS, 0},
        {SSL_CTRL_GET_CLIENT_CERT_REQUEST, 0},
        {SSL_CTRL_SET_TLSEXT_HOSTNAME, 1},
        {SSL_CTRL_SET_GROUPS_LIST, 1},
        {SSL_CTRL_SET_SIGALGS_LIST, 1},
        {SSL_CTRL_SET_CLIENT_SIGALGS_LIST, 1},
        {SSL_CTRL_SET_MSG_CALLBACK_ARG, 0},
        {SSL_CTRL_SET_TLSEXT_DEBUG_ARG, 0},
        {SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG, 0},
        {SSL_CTRL_SET_TLS_EXT_SRP_STRENGTH, 0},
        {SSL_CTRL_SET_SRP_ARG, 0},
        {SSL_CTRL_SET_RETRY_VERIFY, 0},
        {9999, 0},
        {0, 0},
    };
    static const long largs[] = {0, 1, 2, -1, 512, 16384, 0x303, 0x304, 0x301, 0x300, 0xfeff, 0xfefd, 100000, 3, 5};
    static const char *const strs[] = {"example.com", "", "P-256:X25519", "X448:nope", "RSA+SHA256", "ECDSA+SHA256:bad",
                                       "rsa_pss_rsae_sha256", "P-384", "a.b.c", "x25519:ffdhe2048"};
    int c, l, is_ssl = pick_either(&c, &l), k = (int)rnd(sizeof cmds / sizeof cmds[0]);
    long larg = largs[rnd(15)], r;
    const char *str = strs[rnd(10)];
    void *parg = cmds[k].kind == 1 ? (void *)(uintptr_t)str : NULL;

    if (!is_ssl && c < 0)
        return;
    if (cmds[k].cmd == SSL_CTRL_SET_TLSEXT_HOSTNAME)
        larg = pct(80) ? TLSEXT_NAMETYPE_host_name : larg;
    /* The context-only commands the cache actions own are left to act_ctrl. */
    if (cmds[k].cmd == SSL_CTRL_SET_SIGALGS_LIST || cmds[k].cmd == SSL_CTRL_SET_CLIENT_SIGALGS_LIST) {
        if (is_ssl)
            L[l].sigalgs = 1;
        else
            C[c].sigalgs = 1;
    }
    if (is_ssl)
        r = SSL_ctrl(L[l].p, cmds[k].cmd, larg, parg);
    else
        r = SSL_CTX_ctrl(C[c].p, cmds[k].cmd, larg, parg);
    CALL("SSL%s_ctrl %s#%d %d %ld %s = %ld", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, cmds[k].cmd,
         larg, parg ? str : "NULL", r);
    errs();
}

static void msg_cb(int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl, void *arg)
{
    (void)write_p, (void)version, (void)content_type, (void)buf, (void)len, (void)ssl, (void)arg;
    emit("cb msg (never called without a handshake)");
}
static int servername_cb(SSL *s, int *al, void *arg)
{
    (void)s, (void)al, (void)arg;
    emit("cb servername (never called without a handshake)");
    return 0;
}

static void act_callback_ctrl(void)
{
    static const int cmds[] = {SSL_CTRL_SET_MSG_CALLBACK, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB, SSL_CTRL_SET_TLSEXT_DEBUG_CB,
                               SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB, 9999};
    int c, l, is_ssl = pick_either(&c, &l), cmd = cmds[rnd(5)];
    void (*fp)(void) = pct(20) ? NULL
                       : cmd == SSL_CTRL_SET_MSG_CALLBACK ? (void (*)(void))msg_cb
                                                          : (void (*)(void))servername_cb;
    long r;

    if (!is_ssl && c < 0)
        return;
    /* The ticket key callback is only ever given as NULL (its type differs). */
    if (cmd == SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB || (cmd == SSL_CTRL_SET_TLSEXT_DEBUG_CB && fp != NULL))
        fp = NULL;
    r = is_ssl ? SSL_callback_ctrl(L[l].p, cmd, fp) : SSL_CTX_callback_ctrl(C[c].p, cmd, fp);
    CALL("SSL%s_callback_ctrl %s#%d %d %s = %ld", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, cmd,
         fp ? "fn" : "NULL", r);
    errs();
}

/* Methods: SSL_CTX_set_ssl_version, SSL_set_ssl_method (the model of
 * seq_io.h follows the handshake function), the getters. */
static void act_methods(void)
{
    int m = (int)rnd(N_METHODS), l, c, r;
    const SSL_METHOD *meth = methods[m].fn();

    switch (rnd(3)) {
    case 0:
        c = pick_ctx(0);
        if (c < 0)
            return;
        r = SSL_CTX_set_ssl_version(C[c].p, meth);
        CALL("SSL_CTX_set_ssl_version ctx#%d %s = %d; get = %s", c, methods[m].name, r,
             method_name(SSL_CTX_get_ssl_method(C[c].p)));
        break;
    case 1: {
        int old_role, changed;
        l = pick_ssl(0);
        if (l < 0)
            return;
        if (L[l].ticket_ext) {
            emit("steer (OpenSSL double free): ssl#%d has session ticket ext data: no SSL_set_ssl_method", l);
            return;
        }
        old_role = ssl_role(l);
        changed = SSL_get_ssl_method(L[l].p) != meth;
        r = SSL_set_ssl_method(L[l].p, meth);
        io_method_changed(l, old_role, methods[m].role, changed);
        if (getenv("SEQ_MODEL"))
            emit("(model: ssl#%d hf=%d old_role=%d changed=%d)", l, L[l].hf, old_role, changed);
        CALL("SSL_set_ssl_method ssl#%d %s = %d; get = %s version=0x%x", l, methods[m].name, r,
             method_name(SSL_get_ssl_method(L[l].p)), (unsigned)SSL_version(L[l].p));
        break;
    }
    default:
        l = pick_ssl(0);
        if (l < 0)
            return;
        CALL("SSL_get_ssl_method ssl#%d = %s; ctx#%d's = %s; is_dtls=%d is_server=%d", l,
             method_name(SSL_get_ssl_method(L[l].p)), L[l].cur, method_name(SSL_CTX_get_ssl_method(C[L[l].cur].p)),
             SSL_is_dtls(L[l].p), SSL_is_server(L[l].p));
        break;
    }
    errs();
}

/* ------------------------------------------------------------------ cipher lists */

static const char *const cipher_rules[] = {
    "DEFAULT", "ALL", "HIGH:!aNULL", "AES128-SHA", "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA", "nonsense", "",
    "@SECLEVEL=0:ALL", "@SECLEVEL=3", "COMPLEMENTOFDEFAULT", "RSA:!COMPLEMENTOFALL", "-ALL:+AES", "aNULL",
    "@STRENGTH", "EXPORT", "kRSA:@SECLEVEL=1", "TLSv1.2:-SHA256", "CHACHA20", ":", "PSK",
};
static const char *const suite_rules[] = {
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256", "", "nonsense",
    "TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256", "TLS_AES_128_GCM_SHA256:bogus", ":", "AES128-SHA",
};

static void print_ciphers(const char *what, STACK_OF(SSL_CIPHER) *sk)
{
    int k, n = sk ? sk_SSL_CIPHER_num(sk) : -1;
    uint64_t h = 0xcbf29ce484222325ull;
    for (k = 0; k < n; k++) {
        const char *nm = SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, k));
        h = (h ^ fnv(nm, strlen(nm))) * 0x100000001b3ull;
    }
    emit("  %s: %d ciphers %016llx%s%s", what, n, (unsigned long long)h, n > 0 ? " first " : "",
         n > 0 ? SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, 0)) : "");
}

/* SSL_get1_supported_ciphers follows OpenSSL's computation (version range,
 * PSK and SRP, signature algorithms, security callback): every connection
 * can be asked. (It differed before; the steer that kept the tester away is
 * gone.) */
static int supported_ok(int l)
{
    (void)l;
    return 1;
}

static void act_cipher_list(void)
{
    int c, l, is_ssl = pick_either(&c, &l), r;
    const char *s;

    if (!is_ssl && c < 0)
        return;
    switch (rnd(8)) {
    case 0:
        s = cipher_rules[rnd(sizeof cipher_rules / sizeof cipher_rules[0])];
        r = is_ssl ? SSL_set_cipher_list(L[l].p, s) : SSL_CTX_set_cipher_list(C[c].p, s);
        CALL("SSL%s_set_cipher_list %s#%d \"%s\" = %d", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx", is_ssl ? l : c, s,
             r);
        errs();
        print_ciphers("get_ciphers", is_ssl ? SSL_get_ciphers(L[l].p) : SSL_CTX_get_ciphers(C[c].p));
        break;
    case 1:
        s = suite_rules[rnd(sizeof suite_rules / sizeof suite_rules[0])];
        r = is_ssl ? SSL_set_ciphersuites(L[l].p, s) : SSL_CTX_set_ciphersuites(C[c].p, s);
        CALL("SSL%s_set_ciphersuites %s#%d \"%s\" = %d", is_ssl ? "" : "_CTX", is_ssl ? "ssl" : "ctx", is_ssl ? l : c,
             s, r);
        errs();
        print_ciphers("get_ciphers", is_ssl ? SSL_get_ciphers(L[l].p) : SSL_CTX_get_ciphers(C[c].p));
        break;
    case 2:
        if (is_ssl && !supported_ok(l))
            break;
        if (is_ssl) {
            STACK_OF(SSL_CIPHER) *sk = SSL_get1_supported_ciphers(L[l].p);
            CALL("SSL_get1_supported_ciphers ssl#%d", l);
            print_ciphers("supported", sk);
            sk_SSL_CIPHER_free(sk);
            CALL("SSL_get_client_ciphers ssl#%d = %s", l, SSL_get_client_ciphers(L[l].p) ? "list" : "NULL");
        }
        break;
    case 3:
        if (is_ssl) {
            char buf[300];
            int sz = pct(50) ? (int)sizeof buf : (int)rnd(8);
            char *g = SSL_get_shared_ciphers(L[l].p, buf, sz);
            CALL("SSL_get_shared_ciphers ssl#%d %d = %s", l, sz, g ? g : "NULL");
        }
        break;
    case 4:
        if (is_ssl) {
            int k;
            const char *n0;
            uint64_t h = 0;
            for (k = 0; (n0 = SSL_get_cipher_list(L[l].p, k)) != NULL && k < 500; k++)
                h = h * 31 + fnv(n0, strlen(n0));
            CALL("SSL_get_cipher_list ssl#%d: %d names %016llx; [-1] = %s", l, k, (unsigned long long)h,
                 SSL_get_cipher_list(L[l].p, -1) ? "name" : "NULL");
        }
        break;
    case 5:
        if (is_ssl) {
            const SSL_CIPHER *cu = SSL_get_current_cipher(L[l].p), *pe = SSL_get_pending_cipher(L[l].p);
            CALL("SSL_get_current_cipher ssl#%d = %s; pending = %s", l, cu ? SSL_CIPHER_get_name(cu) : "NULL",
                 pe ? SSL_CIPHER_get_name(pe) : "NULL");
        }
        break;
    case 6: {
        static const char *const std[] = {"TLS_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA", "nope", "",
                                          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"};
        const char *st = std[rnd(6)], *o = OPENSSL_cipher_name(st);
        CALL("OPENSSL_cipher_name %s = %s; defaults %s | %s", st, o ? o : "NULL", OSSL_default_cipher_list(),
             OSSL_default_ciphersuites());
        break;
    }
    default:
        if (is_ssl) {
            /* Wire cipher lists, with SCSVs and unknown codes; odd lengths. */
            unsigned char b[40];
            unsigned n = 0, k, isv2 = pct(20), w = isv2 ? 3 : 2;
            STACK_OF(SSL_CIPHER) *sk = NULL, *scsv = NULL;
            for (k = 0; k < 1 + rnd(8) && n + w <= sizeof b; k++) {
                const unsigned char *cc = cipher_codes[rnd(N_CODES)];
                if (isv2)
                    b[n++] = 0;
                b[n++] = cc[0];
                b[n++] = cc[1];
            }
            if (pct(10) && n > 0)
                n--;
            r = SSL_bytes_to_cipher_list(L[l].p, b, n, (int)isv2, &sk, pct(50) ? &scsv : NULL);
            CALL("SSL_bytes_to_cipher_list ssl#%d %s isv2=%u = %d", l, hex(b, n), isv2, r);
            errs();
            print_ciphers("list", sk);
            print_ciphers("scsvs", scsv);
            if (sk && sk_SSL_CIPHER_num(sk) > 0) {
                const SSL_CIPHER *ci = sk_SSL_CIPHER_value(sk, (int)rnd((unsigned)sk_SSL_CIPHER_num(sk)));
                const EVP_MD *md = SSL_CIPHER_get_handshake_digest(ci);
                CALL("  %s kx=%d auth=%d cipher=%d digest=%d aead=%d hs_digest=%s", SSL_CIPHER_get_name(ci),
                     SSL_CIPHER_get_kx_nid(ci), SSL_CIPHER_get_auth_nid(ci), SSL_CIPHER_get_cipher_nid(ci),
                     SSL_CIPHER_get_digest_nid(ci), SSL_CIPHER_is_aead(ci), md ? EVP_MD_get0_name(md) : "NULL");
                ncalls += 5;
            }
            sk_SSL_CIPHER_free(sk);
            sk_SSL_CIPHER_free(scsv);
        }
        break;
    }
    errs();
}

/* The values a handshake would have produced, and SSL_set_SSL_CTX. */
static void act_ssl_info(void)
{
    int l = pick_ssl(0), nid = -5, c;
    SSL *p;
    unsigned char buf[64];
    size_t n;

    if (l < 0)
        return;
    p = L[l].p;
    switch (rnd(5)) {
    case 0: {
        size_t cap = pct(20) ? 0 : pct(50) ? 32 : rnd(40);
        memset(buf, 0xcd, sizeof buf);
        n = SSL_get_client_random(p, cap == 0 && pct(30) ? NULL : buf, cap);
        CALL("SSL_get_client_random ssl#%d %zu = %zu %s", l, cap, n, hex(buf, 8));
        n = SSL_get_server_random(p, buf, cap);
        CALL("SSL_get_server_random ssl#%d %zu = %zu %s", l, cap, n, hex(buf, 8));
        break;
    }
    case 1: {
        int sign = -5, hash = -5, sh = -5;
        unsigned char rsig = 0xee, rhash = 0xee;
        int idx = (int)rnd(3) - 1;
        CALL("SSL_get_shared_sigalgs ssl#%d %d = %d", l, idx,
             SSL_get_shared_sigalgs(p, idx, &sign, &hash, &sh, &rsig, &rhash));
        CALL("SSL_get_sigalgs ssl#%d %d = %d sign=%d hash=%d", l, idx, SSL_get_sigalgs(p, idx, &sign, &hash, NULL, NULL, NULL),
             sign, hash);
        CALL("SSL_get_peer_signature_type_nid = %d nid=%d", SSL_get_peer_signature_type_nid(p, &nid), nid);
        CALL("SSL_get_signature_type_nid = %d nid=%d", SSL_get_signature_type_nid(p, &nid), nid);
        break;
    }
    case 2:
        CALL("SSL_get_current_compression ssl#%d = %s; expansion = %s", l, SSL_get_current_compression(p) ? "set" : "NULL",
             SSL_get_current_expansion(p) ? "set" : "NULL");
        break;
    case 3: {
        const unsigned char *d = NULL;
        unsigned dl = 77;
        SSL_get0_alpn_selected(p, &d, &dl);
        CALL("SSL_get0_alpn_selected ssl#%d = %s %u", l, d ? "set" : "NULL", dl);
        d = NULL;
        dl = 77;
        SSL_get0_next_proto_negotiated(p, &d, &dl);
        CALL("SSL_get0_next_proto_negotiated ssl#%d = %s %u", l, d ? "set" : "NULL", dl);
        break;
    }
    default: {
        /* The SSL keeps its session context (a reference) and takes one on
         * the new context; NULL goes back to the session context. Only a
         * context the tester holds (so no final free runs here). */
        int old = L[l].cur;
        SSL_CTX *r;
        c = pct(25) ? -1 : pick_ctx(1);
        if (c >= 0 && C[c].tester == 0)
            return;
        if (!set_ssl_ctx_ok(l, c < 0 ? L[l].ctx : c))
            return;
        if (old != L[l].ctx && (c < 0 ? L[l].ctx : c) != old && C[old].tester == 0 && C[old].ssls == 1)
            return; /* would free the old context: see act_ssl_free */
        r = SSL_set_SSL_CTX(p, c >= 0 ? C[c].p : NULL);
        if (c < 0)
            c = L[l].ctx;
        if (r != NULL && c != old) {
            if (old != L[l].ctx)
                C[old].ssls--;
            if (c != L[l].ctx)
                C[c].ssls++;
            L[l].cur = c;
        }
        CALL("SSL_set_SSL_CTX ssl#%d ctx#%d = ctx#%d; SSL_get_SSL_CTX = ctx#%d", l, c, r ? ctx_of(r) : -1,
             ctx_of(SSL_get_SSL_CTX(p)));
        break;
    }
    }
    errs();
}
