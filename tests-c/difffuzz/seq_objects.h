/*
 * seq_objects.h - the second half of seq.c (included once, at its end): SSL
 * and SSL_CTX actions, the session cache, ciphers, error strings, the action
 * table, fixtures and the end-of-seed cleanup.
 */

static int finishing; /* the end-of-seed cleanup: callbacks call nothing */
static int release_cur(int l);
static void io_set_state(int l, int server);
static void io_cleared(int l);
static void io_method_watch(int l, int after);
static int ticket_ext_hazard(int l, const char *what);
static int copy_session_id_ok(int t, int f);
static int set_ssl_ctx_ok(int l, int c);
static void list_cache(int c);

/* A final free of context c runs inside it: OpenSSL flushes the cache under its lock. */
static void final_free_begin(int c)
{
    C[c].dying = 1;
    C[c].locked++;
    defer_begin();
}
static void final_free_end(int c)
{
    int i;
    C[c].locked--;
    C[c].alive = 0;
    defer_end();
    for (i = 0; i < nS; i++)
        if (S[i].cache == c)
            S[i].cache = -1;
}

/* No cache calls while a final SSL_CTX_free runs (SEQ_SKIP=2, issue 14 item 2). */
static int cache_calls_barred(void)
{
    int i;
    if (!skip('2'))
        return 0;
    for (i = 0; i < nC; i++)
        if (C[i].alive && C[i].dying)
            return 1;
    return 0;
}

static int count_alive_ctx(void)
{
    int i, n = 0;
    for (i = 0; i < nC; i++)
        n += C[i].alive && !C[i].dying;
    return n;
}

static void act_ctx_new(void)
{
    static const char *const names[] = {"TLS_method", "TLS_client_method", "TLS_server_method"};
    unsigned m = rnd(3);
    const SSL_METHOD *meth = m == 0 ? TLS_method() : m == 1 ? TLS_client_method() : TLS_server_method();
    int ex = pct(30);
    SSL_CTX *p;

    if (count_alive_ctx() >= 4 || nC >= MAXC - 1)
        return;
    p = ex ? SSL_CTX_new_ex(NULL, pct(50) ? NULL : "", meth) : SSL_CTX_new(meth);
    if (p == NULL) {
        CALL("SSL_CTX_new%s %s = NULL", ex ? "_ex" : "", names[m]);
        errs();
        return;
    }
    memset(&C[nC], 0, sizeof C[nC]);
    C[nC].p = p;
    C[nC].alive = 1;
    C[nC].tester = 1;
    C[nC].size = SSL_SESSION_CACHE_MAX_SIZE_DEFAULT;
    C[nC].mode = SSL_SESS_CACHE_SERVER;
    CALL("SSL_CTX_new%s %s = ctx#%d", ex ? "_ex" : "", names[m], nC);
    errs();
    if (pct(75)) {
        SSL_CTX_sess_set_remove_cb(p, remove_cb);
        CALL("SSL_CTX_sess_set_remove_cb ctx#%d", nC);
    }
    nC++;
}

static void act_ctx_up_ref(void)
{
    int c = pick_ctx(0);
    if (c < 0 || C[c].tester > 3)
        return;
    CALL("SSL_CTX_up_ref ctx#%d = %d", c, SSL_CTX_up_ref(C[c].p));
    C[c].tester++;
    errs();
}

static void act_ctx_free(void)
{
    int c = pick_ctx(1), last;
    if (c < 0 || C[c].tester == 0)
        return;
    last = C[c].tester == 1 && C[c].ssls == 0;
    if (last && C[c].busy)
        return; /* a callback of a call on it is running */
    C[c].tester--;
    CALL("SSL_CTX_free ctx#%d%s", c, last ? " (last reference)" : "");
    if (last)
        final_free_begin(c);
    SSL_CTX_free(C[c].p);
    if (last)
        final_free_end(c);
    errs();
}

static const char *which_cb(const void *p, const void *mine)
{
    return p == NULL ? "NULL" : p == mine ? "mine" : "OTHER";
}

static void act_ctx_misc(void)
{
    int c = pick_ctx(0);
    SSL_CTX *p;
    unsigned n;
    const unsigned char *b;

    if (c < 0)
        return;
    p = C[c].p;
    switch (rnd(6)) {
    case 0: {
        static const long ts[] = {0, 1, 300, 7200, -5, 100000};
        long t = ts[rnd(6)];
        CALL("SSL_CTX_set_timeout ctx#%d %ld = %ld", c, t, SSL_CTX_set_timeout(p, t));
        CALL("SSL_CTX_get_timeout ctx#%d = %ld", c, SSL_CTX_get_timeout(p));
        break;
    }
    case 1:
        b = some_bytes(&n, 32);
        n = pct(50) ? small_len() : n;
        CALL("SSL_CTX_set_session_id_context ctx#%d %s = %d", c, hex(b, n), SSL_CTX_set_session_id_context(p, b, n));
        break;
    case 2:
        /* Not while its cache is being walked: OpenSSL reads the callback at each session. */
        if (C[c].locked)
            return;
        SSL_CTX_sess_set_remove_cb(p, pct(70) ? remove_cb : NULL);
        CALL("SSL_CTX_sess_set_remove_cb ctx#%d; get = %s", c,
             which_cb((const void *)(uintptr_t)SSL_CTX_sess_get_remove_cb(p), (const void *)(uintptr_t)remove_cb));
        break;
    case 3:
        SSL_CTX_sess_set_new_cb(p, pct(50) ? new_cb : NULL);
        CALL("SSL_CTX_sess_set_new_cb ctx#%d; get = %s", c,
             which_cb((const void *)(uintptr_t)SSL_CTX_sess_get_new_cb(p), (const void *)(uintptr_t)new_cb));
        break;
    case 4:
        SSL_CTX_sess_set_get_cb(p, pct(50) ? get_cb : NULL);
        CALL("SSL_CTX_sess_set_get_cb ctx#%d; get = %s", c,
             which_cb((const void *)(uintptr_t)SSL_CTX_sess_get_get_cb(p), (const void *)(uintptr_t)get_cb));
        break;
    default:
        /* OpenSSL takes the cache lock here: COMPATIBILITY.md "A remove
         * callback that re-enters the cache (...) during eviction or flush". */
        if (lock_held(c))
            return;
        CALL("SSL_CTX_set_generate_session_id ctx#%d = %d", c, SSL_CTX_set_generate_session_id(p, pct(50) ? gen_cb : NULL));
        break;
    }
    errs();
}

static int has_empty_id_cached(int c)
{
    int i;
    for (i = 0; i < nS; i++)
        if (S[i].alive && S[i].cache == c && S[i].idlen == 0)
            return 1;
    return 0;
}

static void act_ctrl(void)
{
    int c = pick_ctx(0), cmd;
    long larg = 0, r;

    if (c < 0)
        return;
    switch (rnd(6)) {
    case 0: cmd = SSL_CTRL_SESS_NUMBER; break;
    case 1: cmd = SSL_CTRL_SESS_CONNECT + (int)rnd(11); break;
    case 2: {
        static const long sizes[] = {0, 1, 2, 3, 5, 100, -1, 20480};
        cmd = SSL_CTRL_SET_SESS_CACHE_SIZE;
        larg = sizes[rnd(8)];
        /* COMPATIBILITY.md "Sessions with an empty id in a size-limited
         * cache": no limit the cache can reach while it holds one. */
        if (larg > 0 && larg <= 1000 && has_empty_id_cached(c)) {
            emit("steer (empty-id row): ctx#%d caches an empty id: size stays %ld", c, C[c].size);
            return;
        }
        break;
    }
    case 3: {
        static const long modes[] = {0, 1, 2, 3, 0x82, 0x103, 0x202, 0x302, 0x402, 0x403, 0x7ff};
        cmd = SSL_CTRL_SET_SESS_CACHE_MODE;
        larg = modes[rnd(11)];
        break;
    }
    case 4: cmd = SSL_CTRL_GET_SESS_CACHE_SIZE; break;
    default: cmd = SSL_CTRL_GET_SESS_CACHE_MODE; break;
    }
    if (C[c].locked && (cmd == SSL_CTRL_SET_SESS_CACHE_SIZE || cmd == SSL_CTRL_SET_SESS_CACHE_MODE))
        return;
    if (C[c].locked && cmd == SSL_CTRL_SESS_NUMBER && skip('M')) {
        emit("steer M: no sess_number of ctx#%d inside its flush", c);
        return;
    }
    r = SSL_CTX_ctrl(C[c].p, cmd, larg, NULL);
    CALL("SSL_CTX_ctrl ctx#%d %d %ld = %ld", c, cmd, larg, r);
    if (cmd == SSL_CTRL_SET_SESS_CACHE_SIZE && larg >= 0)
        C[c].size = larg;
    if (cmd == SSL_CTRL_SET_SESS_CACHE_MODE)
        C[c].mode = larg;
    errs();
}

static void key_of(int i, int *version, unsigned char *id, unsigned *idlen)
{
    const unsigned char *p = SSL_SESSION_get_id(S[i].p, idlen);
    *version = SSL_SESSION_get_protocol_version(S[i].p);
    memcpy(id, p, *idlen > 32 ? 32 : *idlen);
}

static int same_key(int j, int version, const unsigned char *id, unsigned idlen)
{
    return S[j].version == version && S[j].idlen == idlen && memcmp(S[j].id, id, idlen) == 0;
}

static void act_add(void)
{
    int c = pick_cache_ctx(1), i = pick_sess(), j, r, v, saved = in_remove_call;
    unsigned char id[32];
    unsigned idlen;

    if (c < 0 || i < 0 || cache_calls_barred())
        return;
    /* COMPATIBILITY.md "SSL_CTX_add_session(B, s) while s is cached by another context A". */
    if (S[i].cache >= 0 && S[i].cache != c) {
        emit("steer (two-contexts row): %s is cached by ctx#%d: not added to ctx#%d", sname(i), S[i].cache, c);
        return;
    }
    /* The same row: a callback during SSL_CTX_add_session(A, s) adding s to
     * B would have OpenSSL link s into both caches (it evicts before it
     * inserts). */
    if (S[i].pinned) {
        emit("steer (two-contexts row): %s is being added elsewhere: not added to ctx#%d", sname(i), c);
        return;
    }
    key_of(i, &v, id, &idlen);
    /* COMPATIBILITY.md "Sessions with an empty id in a size-limited cache". */
    if (idlen == 0 && C[c].size > 0 && C[c].size <= 1000) {
        emit("steer (empty-id row): %s has an empty id, ctx#%d a size limit: not added", sname(i), c);
        return;
    }
    CALL("SSL_CTX_add_session ctx#%d %s", c, sname(i));
    S[i].pinned++;
    C[c].busy++;
    C[c].locked++; /* evictions run the remove callback under OpenSSL's lock */
    in_remove_call = -1;
    r = SSL_CTX_add_session(C[c].p, S[i].p);
    in_remove_call = saved;
    C[c].locked--;
    C[c].busy--;
    S[i].pinned--;
    emit("  = %d", r);
    errs();
    if (r == 1) {
        for (j = 0; j < nS; j++)
            if (j != i && S[j].alive && S[j].cache == c && same_key(j, v, id, idlen)) {
                emit("  (replaces %s)", sname(j));
                S[j].cache = -1;
            }
    }
    if (C[c].mode & SSL_SESS_CACHE_UPDATE_TIME && S[i].alive)
        fix_time(i);
    list_cache(c);
}

static void act_remove(void)
{
    int c = pick_cache_ctx(0), i = pct(5) ? -1 : pick_sess(), r, saved = in_remove_call;

    if (c < 0 || cache_calls_barred())
        return;
    CALL("SSL_CTX_remove_session ctx#%d %s", c, sname(i));
    if (i >= 0)
        S[i].pinned++;
    in_remove_call = c; /* OpenSSL calls back after releasing its lock here */
    C[c].busy++;
    r = SSL_CTX_remove_session(C[c].p, i >= 0 ? S[i].p : NULL);
    C[c].busy--;
    in_remove_call = saved;
    if (i >= 0)
        S[i].pinned--;
    emit("  = %d", r);
    errs();
    list_cache(c);
}

static void act_flush(void)
{
    int c = pick_cache_ctx(0), i, saved = in_remove_call, ex;
    long t;

    if (c < 0 || cache_calls_barred())
        return;
    switch (rnd(6)) {
    case 0: t = 0; break;
    case 1: t = -1; break;
    case 2: t = LONG_MAX; break;
    case 3: t = 1000 + (long)rnd(6000); break;
    default:
        /* Around a cached session's expiry (OpenSSL 3.0 keeps it up to time + timeout). */
        t = 3000;
        for (i = 0; i < nS; i++)
            if (S[i].alive && S[i].cache == c && pct(50)) {
                long tm = SSL_SESSION_get_time(S[i].p), to = SSL_SESSION_get_timeout(S[i].p);
                if (tm >= 0 && to >= 0 && tm < LONG_MAX / 2 && to < LONG_MAX / 2 && !nowish(tm))
                    t = tm + to + (long)rnd(3) - 1;
                break;
            }
        break;
    }
    ex = pct(30) && p_flush_ex != NULL; /* draws alike on both libraries */
    CALL("SSL_CTX_flush_sessions ctx#%d %ld", c, t);
    C[c].locked++;
    C[c].busy++;
    in_remove_call = -1;
    defer_begin();
    if (ex)
        p_flush_ex(C[c].p, (time_t)t);
    else
        SSL_CTX_flush_sessions(C[c].p, t);
    defer_end();
    in_remove_call = saved;
    C[c].busy--;
    C[c].locked--;
    errs();
    list_cache(c);
}

static void collect(void *item, void *arg)
{
    int *v = arg;
    if (v[0] < 255)
        v[1 + v[0]++] = sess_of(item);
}

static void list_cache(int c)
{
    if (C[c].locked && skip('M'))
        return; /* see act_list */
    int v[256] = {0}, i;
    char line[2048];
    size_t o = 0;
    LHASH_OF(SSL_SESSION) *lh = SSL_CTX_sessions(C[c].p);

    if (lh == NULL) {
        CALL("SSL_CTX_sessions ctx#%d = NULL", c);
        return;
    }
    OPENSSL_LH_doall_arg((OPENSSL_LHASH *)lh, collect, v);
    qsort(v + 1, (size_t)v[0], sizeof(int), cmp_int);
    line[0] = '\0';
    for (i = 0; i < v[0] && o < sizeof line - 16; i++)
        o += (size_t)snprintf(line + o, sizeof line - o, " %s", sname(v[1 + i]));
    CALL("SSL_CTX_sessions ctx#%d: %lu items, number %ld:%s", c, OPENSSL_LH_num_items((OPENSSL_LHASH *)lh),
         SSL_CTX_sess_number(C[c].p), line);
    /* The tester's view of the cache follows the library's: sessions leave
     * caches without callbacks (no remove callback set, replacement by key). */
    for (i = 0; i < nS; i++)
        if (S[i].cache == c)
            S[i].cache = -1;
    for (i = 0; i < v[0]; i++) {
        int k = v[1 + i];
        if (k < 0) {
            emit("  BUG: an unknown session is cached");
            continue;
        }
        if (S[k].cache >= 0 && S[k].cache != c)
            emit("  (%s is in two caches: ctx#%d and ctx#%d)", sname(k), S[k].cache, c);
        S[k].cache = c;
        key_of(k, &S[k].version, S[k].id, &S[k].idlen);
    }
}

static void act_list(void)
{
    int c = pick_ctx(0);
    if (c < 0)
        return;
    if (C[c].locked && skip('M')) {
        emit("steer M: no SSL_CTX_sessions of ctx#%d inside its flush", c);
        return;
    }
    list_cache(c);
    errs();
}

/* ------------------------------------------------------------------ SSL */

static int count_alive_ssl(void)
{
    int i, n = 0;
    for (i = 0; i < nL; i++)
        n += L[i].alive;
    return n;
}

static void act_ssl_new(void)
{
    int c = pick_ctx(1);
    SSL *p;
    if (c < 0 || count_alive_ssl() >= 6 || nL >= MAXL - 1)
        return;
    p = SSL_new(C[c].p);
    if (p == NULL) {
        CALL("SSL_new ctx#%d = NULL", c);
        errs();
        return;
    }
    L[nL].p = p;
    L[nL].alive = 1;
    L[nL].refs = 1;
    L[nL].ctx = c;
    L[nL].cur = c;
    L[nL].psk_use = C[c].psk_use;
    L[nL].pw = C[c].pw;
    L[nL].psk_client = C[c].psk_client;
    L[nL].srp = C[c].srp;
    L[nL].sigalgs = C[c].sigalgs;
    C[c].ssls++;
    CALL("SSL_new ctx#%d = ssl#%d", c, nL);
    nL++;
    errs();
}

static void act_ssl_up_ref(void)
{
    int l = pick_ssl(0);
    if (l < 0 || L[l].refs > 3)
        return;
    CALL("SSL_up_ref ssl#%d = %d", l, SSL_up_ref(L[l].p));
    L[l].refs++;
    errs();
}

static void act_ssl_free(void)
{
    int l = pick_ssl(0), c, last, final_ctx;
    if (l < 0)
        return;
    c = L[l].ctx;
    last = L[l].refs == 1;
    final_ctx = last && C[c].tester == 0 && C[c].ssls == 1;
    if (final_ctx && (C[c].locked || C[c].dying || C[c].busy))
        return; /* its context is in a call that is running */
    if (final_ctx && skip('C') && SSL_get_session(L[l].p) != NULL) {
        emit("steer C: ssl#%d holds a session and the last reference to ctx#%d: not freed", l, c);
        return;
    }
    if (last && !release_cur(l))
        return;
    L[l].refs--;
    if (last) {
        L[l].alive = 0;
        C[c].ssls--;
    }
    CALL("SSL_free ssl#%d%s", l, last ? final_ctx ? " (last, and the last of its ctx)" : " (last)" : "");
    if (final_ctx)
        final_free_begin(c);
    SSL_free(L[l].p);
    L[l].gone = last;
    if (final_ctx)
        final_free_end(c);
    errs();
}

static void act_ssl_misc(void)
{
    /* In callbacks, only SSLs of contexts not under OpenSSL's cache lock
     * (SSL_has_matching_session_id takes it): COMPATIBILITY.md "A remove
     * callback that re-enters the cache (...) during eviction or flush". */
    int l = pick_ssl(depth > 0);
    SSL *p;
    unsigned n;
    const unsigned char *b;

    if (l < 0)
        return;
    p = L[l].p;
    switch (rnd(9)) {
    case 0:
        if (ticket_ext_hazard(l, "SSL_clear"))
            return;
        CALL("SSL_clear ssl#%d = %d", l, SSL_clear(p));
        io_cleared(l);
        break;
    case 1: CALL("SSL_get_SSL_CTX ssl#%d = ctx#%d", l, ctx_of(SSL_get_SSL_CTX(p))); break;
    case 2:
        CALL("SSL_version ssl#%d = 0x%x is_server=%d in_init=%d in_before=%d finished=%d reused=%d shutdown=%d "
             "default_timeout=%ld",
             l, (unsigned)SSL_version(p), SSL_is_server(p), SSL_in_init(p), SSL_in_before(p), SSL_is_init_finished(p),
             SSL_session_reused(p), SSL_get_shutdown(p), SSL_get_default_timeout(p));
        ncalls += 8;
        break;
    case 3:
        if (pct(50)) {
            SSL_set_connect_state(p);
            io_set_state(l, 0);
        } else {
            SSL_set_accept_state(p);
            io_set_state(l, 1);
        }
        CALL("SSL_set_connect/accept_state ssl#%d; is_server=%d", l, SSL_is_server(p));
        break;
    case 4: {
        int v = (int)rnd(4);
        SSL_set_shutdown(p, v);
        CALL("SSL_set_shutdown ssl#%d %d; get = %d", l, v, SSL_get_shutdown(p));
        break;
    }
    case 5:
        b = some_bytes(&n, 32);
        n = pct(50) ? small_len() : n;
        CALL("SSL_set_session_id_context ssl#%d %s = %d", l, hex(b, n), SSL_set_session_id_context(p, b, n));
        break;
    case 6:
        CALL("SSL_set_generate_session_id ssl#%d = %d", l, SSL_set_generate_session_id(p, pct(50) ? gen_cb : NULL));
        break;
    default:
        b = some_bytes(&n, 32);
        n = pct(50) ? small_len() : n;
        CALL("SSL_has_matching_session_id ssl#%d %s = %d", l, hex(b, n), SSL_has_matching_session_id(p, b, n));
        break;
    }
    errs();
}

static void act_ssl_sess(void)
{
    int l = pick_ssl(depth > 0), i;
    SSL_SESSION *s;

    if (l < 0)
        return;
    switch (rnd(6)) {
    case 0:
        s = SSL_get_session(L[l].p);
        CALL("SSL_get_session ssl#%d = %s", l, sname(sess_of(s)));
        if (s != NULL && sess_of(s) >= 0 && pct(30) && !waiting_in_flush(sess_of(s)))
            dump(sess_of(s)); /* alive: the SSL holds it */
        break;
    case 1:
        s = p_get0 ? p_get0(L[l].p) : SSL_get_session(L[l].p);
        CALL("SSL_get0_session ssl#%d = %s", l, sname(sess_of(s)));
        break;
    case 2:
        if (count_held() >= MAX_HELD)
            return;
        s = SSL_get1_session(L[l].p);
        i = sess_of(s);
        CALL("SSL_get1_session ssl#%d = %s", l, sname(i));
        if (i >= 0)
            S[i].held++;
        break;
    case 3:
    case 4:
        i = pct(15) ? -1 : pick_sess();
        if (ticket_ext_hazard(l, "SSL_set_session"))
            return;
        io_method_watch(l, 0);
        CALL("SSL_set_session ssl#%d %s = %d", l, sname(i), SSL_set_session(L[l].p, i >= 0 ? S[i].p : NULL));
        io_method_watch(l, 1);
        break;
    default: {
        int m = pick_ssl(depth > 0);
        if (m < 0 || m == l)
            return;
        if (!copy_session_id_ok(l, m))
            return;
        CALL("SSL_copy_session_id ssl#%d <- ssl#%d = %d", l, m, SSL_copy_session_id(L[l].p, L[m].p));
        break;
    }
    }
    errs();
}

static void act_cipher(void)
{
    int l = pick_ssl(0);
    unsigned k = rnd(N_CODES);
    const SSL_CIPHER *c;
    char buf[200], *d;
    int alg = -1, bits;

    if (l < 0)
        return;
    c = SSL_CIPHER_find(L[l].p, cipher_codes[k]);
    found_ciphers[k] = c;
    CALL("SSL_CIPHER_find ssl#%d %02x%02x = %s", l, cipher_codes[k][0], cipher_codes[k][1], c ? "found" : "NULL");
    errs();
    if (c == NULL && pct(70))
        return;
    /* The four functions OpenSSL gives a NULL cipher an answer in. */
    bits = SSL_CIPHER_get_bits(c, pct(80) ? &alg : NULL);
    CALL("  name=%s std=%s version=%s bits=%d alg=%d", SSL_CIPHER_get_name(c), SSL_CIPHER_standard_name(c),
         SSL_CIPHER_get_version(c), bits, alg);
    ncalls += 3;
    if (c == NULL)
        return;
    CALL("  id=0x%lx protocol_id=0x%x", SSL_CIPHER_get_id(c), (unsigned)SSL_CIPHER_get_protocol_id(c));
    switch (rnd(3)) {
    case 0:
        d = SSL_CIPHER_description(c, buf, (int)sizeof buf);
        CALL("  description buf = %s", d ? d : "NULL");
        break;
    case 1:
        d = SSL_CIPHER_description(c, buf, pct(50) ? 60 : 128);
        CALL("  description short buf = %s", d ? d : "NULL");
        break;
    default:
        d = SSL_CIPHER_description(c, NULL, 0);
        CALL("  description alloc = %s", d ? d : "NULL");
        OPENSSL_free(d);
        break;
    }
    errs();
}

static void act_errstr(void)
{
    static const int reasons[] = {0, 1, 100, 111, 112, 152, 191, 220, 271, 301, 1000, 1010, 1040, 1116, 4095};
    int r = pct(50) ? reasons[rnd(15)] : (int)rnd(1200);
    unsigned long e;
    const char *s;
    char buf[256];

    /* Steer (COMPATIBILITY.md, "What needs a handshake"): 950 is sessl's own
     * reason, "sessl performs no TLS handshake", which OpenSSL does not have. */
    if (r == 950)
        r = 951;
    e = ERR_PACK(ERR_LIB_SSL, 0, r);
    s = ERR_reason_error_string(e);
    ERR_error_string_n(e, buf, sizeof buf);
    CALL("ERR_reason_error_string SSL %d = %s; %s; lib %s", r, s ? s : "NULL", buf,
         ERR_lib_error_string(e) ? ERR_lib_error_string(e) : "NULL");
}

/* Before the last SSL_free of an SSL moved to another context
 * (SSL_set_SSL_CTX): it goes back to its session context first, so that the
 * SSL_free releases one context only. 0: not now (that context is in a
 * running call and this would be its final free). */
static int release_cur(int l)
{
    int cur = L[l].cur, fin;
    SSL_CTX *r;
    if (cur == L[l].ctx)
        return 1;
    fin = C[cur].tester == 0 && C[cur].ssls == 1;
    if (fin && (C[cur].locked || C[cur].dying || C[cur].busy))
        return 0;
    C[cur].ssls--;
    L[l].cur = L[l].ctx;
    if (fin)
        final_free_begin(cur);
    r = SSL_set_SSL_CTX(L[l].p, NULL);
    if (fin)
        final_free_end(cur);
    CALL("SSL_set_SSL_CTX ssl#%d NULL (back to ctx#%d before its last free) = ctx#%d%s", l, L[l].ctx, ctx_of(r),
         fin ? " (its last reference to the other context)" : "");
    errs();
    return 1;
}

#include "seq_io.h"
#include "seq_ctrl.h"
#include "seq_cb.h"
#include "seq_certs.h"
#include "seq_conf.h"
#include "seq_security.h"

/* ------------------------------------------------------------------ the table */

static const struct {
    int weight;
    void (*fn)(void);
} actions[] = {
    {6, act_sess_new}, {3, act_sess_up_ref}, {6, act_sess_free}, {3, act_sess_dup},  {5, act_sess_get},
    {10, act_sess_set}, {3, act_i2d},       {6, act_d2i},        {2, act_pem_write}, {2, act_pem_read},
    {2, act_print},     {2, act_ssl_new},   {1, act_ssl_up_ref}, {2, act_ssl_free},  {3, act_ssl_misc},
    {4, act_ssl_sess},  {2, act_cipher},    {1, act_ctx_new},    {1, act_ctx_up_ref}, {1, act_ctx_free},
    {2, act_ctx_misc},  {3, act_ctrl},      {9, act_add},        {3, act_remove},    {2, act_flush},
    {2, act_list},      {1, act_errstr},
    /* issue 15 */
    {2, act_bio},       {3, act_io_state},  {3, act_handshake}, {2, act_options}, {3, act_settings},
    {2, act_ctrl2},     {1, act_callback_ctrl}, {2, act_methods}, {3, act_cipher_list}, {2, act_ssl_info},
    {3, act_callbacks}, {2, act_alpn_psk},  {1, act_srp},       {1, act_custom_ext}, {2, act_ex_data},
    {3, act_certs},     {2, act_verify},    {2, act_ca_lists},  {1, act_stores},    {1, act_dane_ct},
    {2, act_conf},      {2, act_security},
};

static void random_action(void)
{
    unsigned total = 0, k, r;
    if (finishing)
        return;
    if (count_alive_ctx() == 0 && depth == 0 && pct(30)) {
        act_ctx_new();
        return;
    }
    for (k = 0; k < sizeof actions / sizeof actions[0]; k++)
        total += (unsigned)actions[k].weight;
    r = rnd(total);
    for (k = 0; r >= (unsigned)actions[k].weight; k++)
        r -= (unsigned)actions[k].weight;
    actions[k].fn();
}

/* ------------------------------------------------------------------ setup and cleanup */

static void load_fixtures(const char *dir)
{
    struct dirent **names;
    int n, k;
    char path[4096];

    if (dir == NULL)
        return;
    n = scandir(dir, &names, NULL, alphasort);
    for (k = 0; k < n; k++) {
        size_t len = strlen(names[k]->d_name);
        if (len > 4 && strcmp(names[k]->d_name + len - 4, ".der") == 0) {
            unsigned char buf[DER_MAX];
            size_t got;
            FILE *f;
            snprintf(path, sizeof path, "%s/%s", dir, names[k]->d_name);
            f = fopen(path, "rb");
            if (f != NULL) {
                const unsigned char *c;
                size_t cl;
                got = fread(buf, 1, sizeof buf, f);
                fclose(f);
                pool_put(der_pool, NBLOB, &n_der, &der_next, buf, got);
                if (peer_cert_len == 0 && der_field_raw(buf, got, 0xa3, &c, &cl, 1) == 1 && cl <= sizeof peer_cert) {
                    memcpy(peer_cert, c, cl);
                    peer_cert_len = cl;
                }
            }
        }
        free(names[k]);
    }
    if (n >= 0)
        free(names);
    printf("fixtures: %d encodings, peer certificate %s\n", n_der, peer_cert_len ? "found" : "none");
}

static void free_all_ssls(void)
{
    int l;
    for (l = 0; l < nL; l++)
        while (L[l].alive) {
            int cc = L[l].ctx, last = L[l].refs == 1, fin = last && C[cc].tester == 0 && C[cc].ssls == 1;
            if (last)
                release_cur(l);
            if (fin && skip('C') && SSL_get_session(L[l].p) != NULL) {
                CALL("steer C: SSL_set_session ssl#%d NULL = %d before its last SSL_free", l,
                     SSL_set_session(L[l].p, NULL));
                errs();
            }
            L[l].refs--;
            if (last) {
                L[l].alive = 0;
                C[cc].ssls--;
            }
            CALL("SSL_free ssl#%d%s", l, last ? fin ? " (last, and the last of its ctx)" : " (last)" : "");
            if (fin)
                final_free_begin(cc);
            SSL_free(L[l].p);
            L[l].gone = last;
            if (fin)
                final_free_end(cc);
            errs();
        }
}

static void free_all_ctxs(void)
{
    int c;
    for (c = 0; c < nC; c++)
        while (C[c].alive && C[c].tester > 0) {
            int last = C[c].tester == 1 && C[c].ssls == 0;
            C[c].tester--;
            CALL("SSL_CTX_free ctx#%d%s", c, last ? " (last reference)" : "");
            if (last)
                final_free_begin(c);
            SSL_CTX_free(C[c].p);
            if (last)
                final_free_end(c);
            errs();
        }
}

static void free_all_sessions(void)
{
    int i;
    for (i = 0; i < nS; i++)
        while (S[i].alive && S[i].held > 0) {
            S[i].held--;
            CALL("SSL_SESSION_free %s", sname(i));
            SSL_SESSION_free(S[i].p);
            errs();
        }
}

static void finish(void)
{
    int i, c, l, left = 0;
    unsigned order, k;

    finishing = 1;
    printf("end: still alive\n");
    for (i = 0; i < nS; i++)
        if (S[i].alive)
            printf("  %s held=%d cache=%d resumable=%d\n", sname(i), S[i].held, S[i].cache,
                   SSL_SESSION_is_resumable(S[i].p));
    for (l = 0; l < nL; l++)
        if (L[l].alive)
            printf("  ssl#%d refs=%d ctx#%d session=%s\n", l, L[l].refs, L[l].ctx, sname(sess_of(SSL_get_session(L[l].p))));
    for (c = 0; c < nC; c++)
        if (C[c].alive) {
            printf("  ctx#%d tester=%d ssls=%d\n", c, C[c].tester, C[c].ssls);
            list_cache(c);
        }
    /* In a random order of the three kinds, so that the last SSL_free often
     * frees its context too. */
    order = rnd(3);
    printf("end: freeing everything, order %d\n", order);
    for (k = 0; k < 3; k++) {
        int kind = (int)((order + (unsigned)k) % 3);
        if (kind == 0)
            free_all_ssls();
        else if (kind == 1)
            free_all_ctxs();
        else
            free_all_sessions();
    }
    for (i = 0; i < nS; i++)
        if (S[i].alive) {
            printf("end: %s still alive, nobody holds it (leaked)\n", sname(i));
            left++;
        }
    for (i = 0; i < n_der; i++)
        free(der_pool[i].d);
    for (i = 0; i < n_pem; i++)
        free(pem_pool[i].d);
    printf("end: %d leaked\n", left);
}
