/*
 * seq_io.h - issue 15's I/O family in the sequence tester (included by
 * seq_objects.h before its action table): BIOs and fds, the state, alert and
 * version strings, the results a handshake would have produced, and the
 * handshake and record-layer calls.
 *
 * sessl performs no handshake: where OpenSSL would start one, sessl fails
 * with its own reason 950 (COMPATIBILITY.md "What needs a handshake"), a
 * difference by design. The tester keeps a model of what decides whether a
 * call gets that far on OpenSSL (the connection's handshake function, set by
 * SSL_set_connect_state / SSL_set_accept_state or the first SSL_connect /
 * SSL_accept from the method's table, remapped by SSL_set_ssl_method; the
 * early-data state) and makes only the calls OpenSSL refuses before its
 * state machine or record layer runs; the others print a steer line.
 */

enum { HF_NONE, HF_CONNECT, HF_ACCEPT, HF_UNDEF };
enum { EARLY_NONE, EARLY_CONNECT_RETRY, EARLY_ACCEPT_RETRY, EARLY_UNKNOWN };

/* Every method function; role: 0 both, 1 client only, 2 server only. */
static const struct {
    const char *name;
    const SSL_METHOD *(*fn)(void);
    int role, dtls;
} methods[] = {
    {"TLS_method", TLS_method, 0, 0},
    {"TLS_client_method", TLS_client_method, 1, 0},
    {"TLS_server_method", TLS_server_method, 2, 0},
    {"TLSv1_method", TLSv1_method, 0, 0},
    {"TLSv1_client_method", TLSv1_client_method, 1, 0},
    {"TLSv1_server_method", TLSv1_server_method, 2, 0},
    {"TLSv1_1_method", TLSv1_1_method, 0, 0},
    {"TLSv1_1_client_method", TLSv1_1_client_method, 1, 0},
    {"TLSv1_1_server_method", TLSv1_1_server_method, 2, 0},
    {"TLSv1_2_method", TLSv1_2_method, 0, 0},
    {"TLSv1_2_client_method", TLSv1_2_client_method, 1, 0},
    {"TLSv1_2_server_method", TLSv1_2_server_method, 2, 0},
    {"DTLS_method", DTLS_method, 0, 1},
    {"DTLS_client_method", DTLS_client_method, 1, 1},
    {"DTLS_server_method", DTLS_server_method, 2, 1},
    {"DTLSv1_method", DTLSv1_method, 0, 1},
    {"DTLSv1_client_method", DTLSv1_client_method, 1, 1},
    {"DTLSv1_server_method", DTLSv1_server_method, 2, 1},
    {"DTLSv1_2_method", DTLSv1_2_method, 0, 1},
    {"DTLSv1_2_client_method", DTLSv1_2_client_method, 1, 1},
    {"DTLSv1_2_server_method", DTLSv1_2_server_method, 2, 1},
};
#define N_METHODS ((int)(sizeof methods / sizeof methods[0]))

static int method_index(const SSL_METHOD *m)
{
    int k;
    for (k = 0; k < N_METHODS; k++)
        if (methods[k].fn() == m)
            return k;
    return -1;
}
static const char *method_name(const SSL_METHOD *m)
{
    int k = method_index(m);
    return m == NULL ? "NULL" : k < 0 ? "OTHER" : methods[k].name;
}
/* The SSL's method's role, read from the library (both print it alike). */
static int ssl_role(int l)
{
    int k = method_index(SSL_get_ssl_method(L[l].p));
    return k < 0 ? 0 : methods[k].role;
}
static int hf_for(int role, int server)
{
    if (server)
        return role == 1 ? HF_UNDEF : HF_ACCEPT;
    return role == 2 ? HF_UNDEF : HF_CONNECT;
}
/* The handshake function SSL_connect (server 0) or SSL_accept (1) runs. */
static int hf_started(int l, int server)
{
    return L[l].hf == HF_NONE ? hf_for(ssl_role(l), server) : L[l].hf;
}

/* Hooks of seq_objects.h's calls. */
static void io_set_state(int l, int server) { L[l].hf = hf_for(ssl_role(l), server); }
static void io_cleared(int l)
{
    if (L[l].early != EARLY_NONE)
        L[l].early = EARLY_UNKNOWN; /* whether SSL_clear resets it is not modelled */
}

/* SSL_set_ssl_method remaps the handshake function as OpenSSL compares it. */
static void io_method_changed(int l, int old_role, int new_role, int changed)
{
    if (!changed)
        return;
    if (L[l].hf == hf_for(old_role, 0) && L[l].hf != HF_NONE)
        L[l].hf = hf_for(new_role, 0);
    else if (L[l].hf == hf_for(old_role, 1) && L[l].hf != HF_NONE)
        L[l].hf = hf_for(new_role, 1);
}

/* SSL_set_session (and SSL_copy_session_id) go back to the context's method
 * through SSL_set_ssl_method, remapping the handshake function; SSL_clear
 * goes back without remapping it. */
static void io_method_watch(int l, int after)
{
    static const SSL_METHOD *before;
    static int before_role;
    if (!after) {
        before = SSL_get_ssl_method(L[l].p);
        before_role = ssl_role(l);
    } else if (L[l].alive) {
        io_method_changed(l, before_role, ssl_role(l), SSL_get_ssl_method(L[l].p) != before);
    }
}

/* OpenSSL frees the SSL_set_session_ticket_ext data when the method's
 * state is freed (SSL_set_ssl_method to another version, SSL_clear going
 * back to the context's method, SSL_set_session and SSL_copy_session_id
 * through SSL_set_ssl_method) and frees it again in SSL_free: a double free.
 * So an SSL given one never changes its method again. */
static int ticket_ext_hazard(int l, const char *what)
{
    SSL *p = L[l].p;
    if (!L[l].ticket_ext || SSL_get_ssl_method(p) == SSL_CTX_get_ssl_method(SSL_get_SSL_CTX(p)))
        return 0;
    emit("steer (OpenSSL double free): ssl#%d has session ticket ext data: no %s changing its method", l, what);
    return 1;
}

/* BIOs the tester made, newest last, to name what the getters return. Each
 * is marked with ex_data pointing at its slot: once the library has freed
 * one, a BIO it makes may get the same address (sessl's and OpenSSL's
 * allocations differ), and must not take the old one's name. */
#define MAXB 4096
static BIO *bios[MAXB];
static int nB;
static int bio_mark = -1;
static BIO *new_bio(int *k)
{
    BIO *b = pct(70) ? BIO_new(BIO_s_mem()) : BIO_new(BIO_s_null());
    if (bio_mark < 0)
        bio_mark = BIO_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    if (b == NULL || nB >= MAXB || bio_mark < 0 || !BIO_set_ex_data(b, bio_mark, &bios[nB]))
        abort();
    bios[nB] = b;
    *k = nB++;
    return b;
}
static const char *bname(const BIO *b)
{
    static char buf[4][40];
    static int r;
    int k;
    if (b == NULL)
        return "NULL";
    r = (r + 1) % 4;
    for (k = nB - 1; k >= 0; k--)
        if (bios[k] == b && BIO_get_ex_data(b, bio_mark) == (void *)&bios[k]) {
            snprintf(buf[r], 40, "bio#%d", k);
            return buf[r];
        }
    snprintf(buf[r], 40, "lib-bio(type 0x%x)", (unsigned)BIO_method_type(b));
    return buf[r];
}

static void act_bio(void)
{
    int l = pick_ssl(0), k1 = -1, k2 = -1;
    SSL *p;
    BIO *r, *w;

    if (l < 0 || nB > MAXB - 4)
        return;
    p = L[l].p;
    switch (rnd(10)) {
    case 0:
        r = pct(85) ? new_bio(&k1) : NULL;
        w = pct(30) ? r : pct(85) ? new_bio(&k2) : NULL;
        SSL_set_bio(p, r, w);
        CALL("SSL_set_bio ssl#%d %s %s", l, bname(r), bname(w));
        break;
    case 1:
        /* Documented: only the wbio changes, one reference consumed for it. */
        r = SSL_get_rbio(p);
        if (r == NULL || r == SSL_get_wbio(p))
            return;
        w = new_bio(&k2);
        SSL_set_bio(p, r, w);
        CALL("SSL_set_bio ssl#%d (its rbio) %s %s", l, bname(r), bname(w));
        break;
    case 2:
        r = pct(85) ? new_bio(&k1) : NULL;
        SSL_set0_rbio(p, r);
        CALL("SSL_set0_rbio ssl#%d %s", l, bname(r));
        break;
    case 3:
        w = pct(85) ? new_bio(&k1) : NULL;
        SSL_set0_wbio(p, w);
        CALL("SSL_set0_wbio ssl#%d %s", l, bname(w));
        break;
    case 4: {
        static const int fds[] = {-1, 7, 100, 1000, 0};
        int fd = fds[rnd(5)];
        switch (rnd(3)) {
        case 0: CALL("SSL_set_fd ssl#%d %d = %d", l, fd, SSL_set_fd(p, fd)); break;
        case 1: CALL("SSL_set_rfd ssl#%d %d = %d", l, fd, SSL_set_rfd(p, fd)); break;
        default: CALL("SSL_set_wfd ssl#%d %d = %d", l, fd, SSL_set_wfd(p, fd)); break;
        }
        break;
    }
    default:
        r = SSL_get_rbio(p);
        w = SSL_get_wbio(p);
        CALL("SSL_get_rbio ssl#%d = %s; SSL_get_wbio = %s; same=%d", l, bname(r), bname(w), r == w && r != NULL);
        CALL("SSL_get_fd ssl#%d = %d rfd=%d wfd=%d", l, SSL_get_fd(p), SSL_get_rfd(p), SSL_get_wfd(p));
        ncalls += 3;
        break;
    }
    errs();
}

static void act_io_state(void)
{
    int l = pick_ssl(0), c;
    SSL *p;
    unsigned char buf[80];
    size_t n;

    if (l < 0)
        return;
    p = L[l].p;
    switch (rnd(12)) {
    case 0:
        CALL("SSL_pending ssl#%d = %d has_pending=%d want=%d state=%d", l, SSL_pending(p), SSL_has_pending(p),
             SSL_want(p), (int)SSL_get_state(p));
        ncalls += 3;
        break;
    case 1: {
        static const int rets[] = {-1, 0, 1, 2, -2};
        int r = rets[rnd(5)];
        CALL("SSL_get_error ssl#%d %d = %d", l, r, SSL_get_error(p, r));
        break;
    }
    case 2:
        CALL("SSL_state_string ssl#%d = %s / %s; rstate %s / %s; version %s", l, SSL_state_string(p),
             SSL_state_string_long(p), SSL_rstate_string(p), SSL_rstate_string_long(p), SSL_get_version(p));
        ncalls += 4;
        break;
    case 3: {
        int v = pct(70) ? (int)rnd(2) : (int)rnd64();
        c = L[l].cur;
        if (pct(50)) {
            SSL_set_quiet_shutdown(p, v);
            CALL("SSL_set_quiet_shutdown ssl#%d %d; get = %d", l, v, SSL_get_quiet_shutdown(p));
        } else {
            SSL_CTX_set_quiet_shutdown(C[c].p, v);
            CALL("SSL_CTX_set_quiet_shutdown ctx#%d %d; get = %d", c, v, SSL_CTX_get_quiet_shutdown(C[c].p));
        }
        break;
    }
    case 4: {
        int v = pct(70) ? (int)rnd(2) : (int)rnd(100) - 50;
        SSL_set_read_ahead(p, v);
        CALL("SSL_set_read_ahead ssl#%d %d; get = %d", l, v, SSL_get_read_ahead(p));
        break;
    }
    case 5: {
        int v = pct(50) ? (int)(rnd(3) << 8 | rnd(130)) : (int)rnd(256);
        CALL("SSL_alert_type_string %d = %s / %s; desc %s / %s", v, SSL_alert_type_string(v),
             SSL_alert_type_string_long(v), SSL_alert_desc_string(v), SSL_alert_desc_string_long(v));
        ncalls += 3;
        break;
    }
    case 6: {
        size_t cap = pct(50) ? sizeof buf : rnd(20);
        memset(buf, 0xab, sizeof buf);
        n = SSL_get_finished(p, buf, cap);
        CALL("SSL_get_finished ssl#%d %zu = %zu; peer = %zu", l, cap, n, SSL_get_peer_finished(p, buf, cap));
        CALL("SSL_client_version ssl#%d = 0x%x", l, (unsigned)SSL_client_version(p));
        break;
    }
    case 7: {
        static const char *const labels[] = {"EXPORTER-test", "", "key expansion", "client finished"};
        const char *lab = labels[rnd(4)];
        size_t olen = rnd(3) == 0 ? 0 : 1 + rnd(64);
        int usectx = pct(50), r;
        memset(buf, 0, sizeof buf);
        if (pct(70))
            r = SSL_export_keying_material(p, buf, olen, lab, strlen(lab), usectx ? (const unsigned char *)"ctx" : NULL,
                                           usectx ? 3 : 0, usectx);
        else
            r = SSL_export_keying_material_early(p, buf, olen, lab, strlen(lab), (const unsigned char *)"ctx", 3);
        CALL("SSL_export_keying_material%s ssl#%d %s %zu = %d %s", r == 0 || r == 1 ? "" : "", l, lab, olen, r,
             hex(buf, olen < 16 ? olen : 16));
        break;
    }
    case 8: {
        int st = 77;
        size_t na = 5, nadd = 6, ndel = 7;
        CALL("SSL_waiting_for_async ssl#%d = %d", l, SSL_waiting_for_async(p));
        CALL("SSL_get_async_status ssl#%d = %d status=%d", l, SSL_get_async_status(p, &st), st);
        CALL("SSL_get_all_async_fds ssl#%d = %d n=%zu", l, SSL_get_all_async_fds(p, NULL, &na), na);
        CALL("SSL_get_changed_async_fds ssl#%d = %d add=%zu del=%zu", l,
             SSL_get_changed_async_fds(p, NULL, &nadd, NULL, &ndel), nadd, ndel);
        break;
    }
    case 9: {
        const unsigned char *out = (const unsigned char *)"untouched";
        int *exts = NULL;
        size_t outlen = 9, c2 = 0;
        CALL("SSL_client_hello_isv2 ssl#%d = %d legacy_version=%u", l, SSL_client_hello_isv2(p),
             SSL_client_hello_get0_legacy_version(p));
        CALL("SSL_client_hello_get0_random ssl#%d = %zu", l, SSL_client_hello_get0_random(p, &out));
        CALL("SSL_client_hello_get0_session_id = %zu; ciphers = %zu; compression = %zu",
             SSL_client_hello_get0_session_id(p, &out), SSL_client_hello_get0_ciphers(p, &out),
             SSL_client_hello_get0_compression_methods(p, &out));
        CALL("SSL_client_hello_get1_extensions_present = %d n=%zu", SSL_client_hello_get1_extensions_present(p, &exts, &c2),
             c2);
        OPENSSL_free(exts);
        CALL("SSL_client_hello_get0_ext 0 = %d outlen=%zu", SSL_client_hello_get0_ext(p, 0, &out, &outlen), outlen);
        ncalls += 4;
        break;
    }
    case 10:
        CALL("SSL_get_key_update_type ssl#%d = %d early_status=%d reneg_pending=%d", l, SSL_get_key_update_type(p),
             SSL_get_early_data_status(p), SSL_renegotiate_pending(p));
        ncalls += 2;
        break;
    default:
        CALL("SSL_get_servername ssl#%d = %s type=%d", l,
             SSL_get_servername(p, TLSEXT_NAMETYPE_host_name) ? SSL_get_servername(p, TLSEXT_NAMETYPE_host_name) : "NULL",
             SSL_get_servername_type(p));
        break;
    }
    errs();
}

/* The handshake and record-layer calls, where OpenSSL fails before its
 * handshake state machine or record layer (see the top of this file). */
static void act_handshake(void)
{
    int l = pick_ssl(0), r, k, h, allowed = 1;
    SSL *p;
    char buf[32];
    size_t n = 99;
    static const int nums[] = {-1, 0, 1, 16, -100};
    int num = nums[rnd(5)];
    const char *what;

    if (l < 0)
        return;
    p = L[l].p;
    k = (int)rnd(20);
    switch (k) {
    case 0: what = "SSL_do_handshake"; allowed = L[l].hf == HF_NONE || L[l].hf == HF_UNDEF; break;
    case 1: what = "SSL_connect"; allowed = hf_started(l, 0) == HF_UNDEF; break;
    case 2: what = "SSL_accept"; allowed = hf_started(l, 1) == HF_UNDEF; break;
    case 3: case 4: case 5: case 6: /* SSL_read, SSL_read_ex, SSL_peek, SSL_peek_ex */
        what = k == 3 ? "SSL_read" : k == 4 ? "SSL_read_ex" : k == 5 ? "SSL_peek" : "SSL_peek_ex";
        allowed = ((k == 3 || k == 5) && num < 0) || L[l].hf == HF_NONE ||
                  (L[l].early != EARLY_UNKNOWN &&
                   ((SSL_get_shutdown(p) & SSL_RECEIVED_SHUTDOWN) || (k <= 4 && L[l].early != EARLY_NONE) ||
                    L[l].hf == HF_UNDEF));
        break;
    case 7: case 8:
        what = k == 7 ? "SSL_write" : "SSL_write_ex";
        allowed = (k == 7 && num < 0) || L[l].hf == HF_NONE ||
                  (L[l].early != EARLY_UNKNOWN && ((SSL_get_shutdown(p) & SSL_SENT_SHUTDOWN) ||
                                                   L[l].early != EARLY_NONE || L[l].hf == HF_UNDEF));
        break;
    case 9: {
        /* SSL_write_early_data: a client in the before state whose session
         * allows early data, or with a psk_use_session callback, connects. */
        SSL_SESSION *s = SSL_get_session(p);
        int proceeds;
        what = "SSL_write_early_data";
        if (L[l].early == EARLY_UNKNOWN)
            allowed = 0;
        else if (SSL_is_server(p) || L[l].early == EARLY_ACCEPT_RETRY)
            allowed = 1;
        else {
            proceeds = L[l].early == EARLY_CONNECT_RETRY ||
                       (s != NULL && SSL_SESSION_get_max_early_data(s) != 0) || L[l].psk_use;
            allowed = !proceeds || hf_started(l, 0) == HF_UNDEF;
        }
        break;
    }
    case 10:
        what = "SSL_read_early_data";
        if (L[l].early == EARLY_UNKNOWN)
            allowed = 0;
        else
            allowed = !SSL_is_server(p) || L[l].early == EARLY_CONNECT_RETRY || hf_started(l, 1) == HF_UNDEF;
        break;
    case 11: {
        /* SSL_clear (refused while a renegotiation is pending), then SSL_accept
         * with the method SSL_clear leaves: the current context's. */
        int kk = method_index(SSL_CTX_get_ssl_method(SSL_get_SSL_CTX(p)));
        what = "SSL_stateless";
        allowed = SSL_renegotiate_pending(p) ||
                  (L[l].hf == HF_NONE ? hf_for(kk < 0 ? 0 : methods[kk].role, 1) : L[l].hf) == HF_UNDEF;
        break;
    }
    case 12: {
        int kk = method_index(SSL_CTX_get_ssl_method(SSL_get_SSL_CTX(p)));
        what = "DTLSv1_listen";
        allowed = SSL_renegotiate_pending(p) || SSL_get_rbio(p) == NULL || SSL_get_wbio(p) == NULL ||
                  kk < 0 || !methods[kk].dtls;
        break;
    }
    default: what = "other"; break;
    }
    if (getenv("SEQ_MODEL"))
        emit("(model: ssl#%d hf=%d early=%d role=%d server=%d psk_use=%d)", l, L[l].hf, L[l].early, ssl_role(l),
             SSL_is_server(p), L[l].psk_use);
    if ((k == 11 || k == 12) && ticket_ext_hazard(l, what))
        return;
    if (!allowed) {
        emit("steer (What needs a handshake): %s on ssl#%d would start a handshake on OpenSSL", what, l);
        return;
    }
    switch (k) {
    case 0: CALL("SSL_do_handshake ssl#%d = %d", l, r = SSL_do_handshake(p)); break;
    case 1:
        h = hf_started(l, 0);
        r = SSL_connect(p);
        L[l].hf = h;
        CALL("SSL_connect ssl#%d = %d", l, r);
        break;
    case 2:
        h = hf_started(l, 1);
        r = SSL_accept(p);
        L[l].hf = h;
        CALL("SSL_accept ssl#%d = %d", l, r);
        break;
    case 3: CALL("SSL_read ssl#%d %d = %d", l, num, r = SSL_read(p, buf, num)); break;
    case 4: CALL("SSL_read_ex ssl#%d = %d n=%zu", l, r = SSL_read_ex(p, buf, sizeof buf, &n), n); break;
    case 5: CALL("SSL_peek ssl#%d %d = %d", l, num, r = SSL_peek(p, buf, num)); break;
    case 6: CALL("SSL_peek_ex ssl#%d = %d n=%zu", l, r = SSL_peek_ex(p, buf, sizeof buf, &n), n); break;
    case 7: CALL("SSL_write ssl#%d %d = %d", l, num, r = SSL_write(p, "hello", num)); break;
    case 8: CALL("SSL_write_ex ssl#%d = %d n=%zu", l, r = SSL_write_ex(p, "hello", 5, &n), n); break;
    case 9: {
        int was_server = SSL_is_server(p), e = L[l].early;
        SSL_SESSION *s = SSL_get_session(p);
        int proceeds = !was_server && e != EARLY_ACCEPT_RETRY &&
                       (e == EARLY_CONNECT_RETRY || (s != NULL && SSL_SESSION_get_max_early_data(s) != 0) || L[l].psk_use);
        if (proceeds)
            h = hf_started(l, 0);
        r = SSL_write_early_data(p, "early", 5, &n);
        if (proceeds) {
            L[l].hf = h;
            L[l].early = EARLY_CONNECT_RETRY;
        }
        CALL("SSL_write_early_data ssl#%d = %d n=%zu", l, r, n);
        break;
    }
    case 10: {
        int proceeds = SSL_is_server(p) && L[l].early != EARLY_CONNECT_RETRY;
        if (proceeds)
            h = hf_started(l, 1);
        r = SSL_read_early_data(p, buf, sizeof buf, &n);
        if (proceeds) {
            L[l].hf = h;
            L[l].early = EARLY_ACCEPT_RETRY;
        }
        CALL("SSL_read_early_data ssl#%d = %d n=%zu", l, r, n);
        break;
    }
    case 11: {
        int pending = SSL_renegotiate_pending(p);
        int kk = method_index(SSL_CTX_get_ssl_method(SSL_get_SSL_CTX(p)));
        r = SSL_stateless(p);
        if (!pending) {
            io_cleared(l);
            if (L[l].hf == HF_NONE)
                L[l].hf = hf_for(kk < 0 ? 0 : methods[kk].role, 1);
        }
        CALL("SSL_stateless ssl#%d = %d", l, r);
        break;
    }
    case 12: {
        BIO_ADDR *a = BIO_ADDR_new();
        if (L[l].hf == HF_NONE)
            L[l].hf = hf_for(ssl_role(l), 1);
        if (!SSL_renegotiate_pending(p))
            io_cleared(l);
        CALL("DTLSv1_listen ssl#%d = %d", l, r = DTLSv1_listen(p, a));
        BIO_ADDR_free(a);
        break;
    }
    case 13: CALL("SSL_shutdown ssl#%d = %d", l, r = SSL_shutdown(p)); break;
    case 14:
        CALL("SSL_sendfile ssl#%d = %ld", l, (long)SSL_sendfile(p, -1, 0, 10, 0));
        r = -1;
        break;
    case 15:
        if (pct(50))
            CALL("SSL_renegotiate ssl#%d = %d", l, r = SSL_renegotiate(p));
        else
            CALL("SSL_renegotiate_abbreviated ssl#%d = %d", l, r = SSL_renegotiate_abbreviated(p));
        break;
    case 16: {
        int t = (int)rnd(4) - 1;
        CALL("SSL_key_update ssl#%d %d = %d", l, t, r = SSL_key_update(p, t));
        break;
    }
    case 17: CALL("SSL_verify_client_post_handshake ssl#%d = %d", l, r = SSL_verify_client_post_handshake(p)); break;
    default: CALL("SSL_new_session_ticket ssl#%d = %d", l, r = SSL_new_session_ticket(p)); break;
    }
    /* SSL_get_error reads the queue: before errs() empties it. */
    CALL("  SSL_get_error = %d want=%d", SSL_get_error(p, r), SSL_want(p));
    errs();
}
