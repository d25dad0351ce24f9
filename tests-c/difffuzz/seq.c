/*
 * seq.c - the differential random API-sequence tester (issue 14).
 *
 * Built once against OpenSSL's headers and run twice per seed, on the system
 * libssl and on sessl (its libssl.so.3 on LD_LIBRARY_PATH); run.sh diffs the
 * two transcripts. One seed is a random sequence of calls to every function
 * sessl exports (src/exports.txt), printed as a deterministic transcript: each
 * call with its arguments and results, the errors it queued (library, reason,
 * function, data; never file and line, which differ by design), cache contents, every
 * callback (remove, ex_data new/dup/free) in the order it ran, and hashes of
 * i2d, PEM and printed text. Objects are named by the tester's own indices
 * (s#3, ssl#1, ctx#0), never by address.
 *
 * Usage: seq SEED   (environment: SEQ_STEPS, SEQ_SKIP, SEQ_VERBOSE,
 * SEQ_FIXTURES, SEQ_ERRFUNC=0; see README.md in this directory).
 *
 * Bookkeeping stays inside defined behaviour on both libraries:
 * - a session is alive from the call that returned it until its ex_data free
 *   callback runs (libcrypto calls it from the final SSL_SESSION_free, on
 *   either library), so the tester never touches a freed session; it calls
 *   functions only on sessions it holds a reference to (counted here), or on
 *   one it borrows while the library guarantees it alive (the session of a
 *   remove callback, SSL_get0_session's result);
 * - SSL and SSL_CTX references are counted here (an SSL holds one on its
 *   context), so nothing is used or freed after its last reference;
 * - no NULL object arguments, no aliasing that reads freed memory, and the
 *   cases COMPATIBILITY.md lists as deliberate deviations are steered around,
 *   each at the place it could arise, with a comment naming the row.
 * Where a steer depends on the library's answers, it prints a "steer" line,
 * so a difference there shows in the transcript instead of silently
 * desynchronizing the two runs.
 *
 * Known differences being fixed elsewhere are categories that SEQ_SKIP turns
 * off (letters and digits of issue 14's list, e.g. SEQ_SKIP=A,B,2); see
 * README.md for what each one steers around.
 */
#define _GNU_SOURCE
/* the deprecated functions sessl exports are part of the API under test */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/lhash.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include "seq_der.h"

/* ------------------------------------------------------------------ run state */

static uint64_t rng;
static uint64_t rnd64(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static unsigned rnd(unsigned n) { return n ? (unsigned)(rnd64() % n) : 0; }
static int pct(unsigned p) { return rnd(100) < p; }

static char skipped[128];
static int skip(char c) { return skipped[(unsigned char)c]; }

static int verbose, quiet, errfunc, depth;
static long step_no;
static unsigned long ncalls;
static time_t t0;

/* Lines of the free callbacks during a flush, held back to its end (SEQ_SKIP=D). */
#define MAXS_DEFER 6000

static void emit(const char *fmt, ...)
{
    char buf[4096];
    int n;
    va_list ap;

    if (quiet)
        return;
    n = snprintf(buf, sizeof buf, "%*s", depth * 2, "");
    va_start(ap, fmt);
    vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
    va_end(ap);
    fputs(buf, stdout);
    fputc('\n', stdout);
}

/* One line per library call. */
#define CALL(...) (ncalls++, emit(__VA_ARGS__))

/* The sessions freed during a flush or final SSL_CTX_free, printed at its end
 * as two sorted sets while SEQ_SKIP=D (issue 14 item D: OpenSSL runs every
 * remove callback, then frees; which reference goes last differs with it):
 * those freed before the call's first remove callback, and the others. The
 * first set keeps issue 14 item C visible (at the last SSL_free OpenSSL frees
 * the SSL's session before its context flushes). */
static int deferring, defer_depth, defer_cb_seen;
static int deferred[MAXS_DEFER], deferred_after[MAXS_DEFER];
static int n_deferred;

static void defer_begin(void)
{
    if (skip('D') && defer_depth++ == 0) {
        deferring = 1;
        defer_cb_seen = 0;
    }
}
static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
static void defer_print(int after)
{
    int k, v[MAXS_DEFER], n = 0;
    char line[4096];
    size_t o = 0;
    for (k = 0; k < n_deferred; k++)
        if (deferred_after[k] == after)
            v[n++] = deferred[k];
    if (n == 0)
        return;
    qsort(v, (size_t)n, sizeof(int), cmp_int);
    for (k = 0; k < n && o < sizeof line - 16; k++)
        o += (size_t)snprintf(line + o, sizeof line - o, " s#%d", v[k]);
    emit("(freed %s, sorted: SEQ_SKIP=D)%s", after ? "after its first remove callback" : "before any remove callback", line);
}
static void defer_end(void)
{
    if (!deferring || --defer_depth > 0)
        return;
    deferring = 0;
    defer_print(0);
    defer_print(1);
    n_deferred = 0;
}

static uint64_t fnv(const void *d, size_t n)
{
    const unsigned char *p = d;
    uint64_t h = 0xcbf29ce484222325ull;
    while (n--)
        h = (h ^ *p++) * 0x100000001b3ull;
    return h;
}

/* Bytes in hex; more than 64 as length and hash, unless SEQ_VERBOSE. */
static const char *hex(const unsigned char *d, size_t n)
{
    static char out[4][2 * DER_MAX + 40];
    static int k;
    size_t i;
    char *o = out[k = (k + 1) % 4];

    if (d == NULL)
        return "nil";
    if (n > 64 && (!verbose || n > DER_MAX)) {
        snprintf(o, 200, "%zu:%016llx", n, (unsigned long long)fnv(d, n));
        return o;
    }
    o[0] = '\0';
    for (i = 0; i < n; i++)
        sprintf(o + 2 * i, "%02x", d[i]);
    if (n == 0)
        strcpy(o, "\"\"");
    return o;
}

/* Every error queued since the last call: library, reason, function, data. */
static void errs(void)
{
    unsigned long e;
    const char *file, *func, *data;
    int line, flags;

    while ((e = ERR_get_error_all(&file, &line, &func, &data, &flags)) != 0) {
        char d[120];
        snprintf(d, sizeof d, "%s", (flags & ERR_TXT_STRING) && data ? data : "");
        emit("  err lib=%d reason=%d%s%s data=\"%s\"", ERR_GET_LIB(e), ERR_GET_REASON(e),
             errfunc ? " func=" : "", errfunc ? (func ? func : "") : "", d);
    }
}

/* ------------------------------------------------------------------ objects */

#define MAXS 6000
#define MAXL 512
#define MAXC 256
#define MAX_HELD 14

typedef struct {
    SSL_SESSION *p;
    int alive, held, pinned;
    int cache;           /* the context whose cache holds it, or -1 */
    int version;         /* its key while cached */
    unsigned char id[32];
    unsigned idlen;
} sess_t;
typedef struct {
    SSL *p;
    int alive, refs, ctx;
    int gone;         /* its last SSL_free returned: its address may be reused */
    int cur;          /* its current context (SSL_set_SSL_CTX); ctx is its session context */
    int hf, early;    /* the handshake function and early-data state (seq_io.h's model) */
    int psk_use;      /* a psk_use_session callback is set */
    int pw;           /* a default_passwd callback is set (else OpenSSL prompts on the terminal) */
    int ticket_ext;   /* SSL_set_session_ticket_ext was called (see seq_io.h's ticket_ext_hazard) */
    int psk_client, srp; /* a PSK client callback / SRP was set (sticky; act_cipher_list's steer) */
    int dane;         /* SSL_dane_enable was called on it (SSL_get_servername's steer) */
    int sigalgs;      /* a signature algorithms list was set (act_cipher_list's steer) */
} ssl_t;
typedef struct {
    SSL_CTX *p;
    int alive, tester, ssls; /* references: the tester's and its SSLs' */
    int psk_use;             /* a psk_use_session callback is set */
    int pw;                  /* a default_passwd callback is set */
    int psk_client, srp;     /* a PSK client callback / SRP was set (sticky) */
    int serverinfo;          /* serverinfo was given to it (seq_certs.h) */
    int sigalgs;             /* a signature algorithms list was set (act_cipher_list's steer) */
    int locked;              /* inside a flush or eviction holding OpenSSL's cache lock */
    int dying;               /* its final SSL_CTX_free is running */
    int busy;                /* a call on it is running: its last reference stays */
    long size, mode;
} ctx_t;

static sess_t S[MAXS];
static ssl_t L[MAXL];
static ctx_t C[MAXC];
static int nS, nL, nC;
static int borrowed = -1;      /* a session the library keeps alive for now */
static int in_remove_call = -1; /* context of a running SSL_CTX_remove_session */

static int sess_of(const SSL_SESSION *p)
{
    int i;
    if (p == NULL)
        return -1;
    for (i = nS - 1; i >= 0; i--)
        if (S[i].alive && S[i].p == p)
            return i;
    return -2;
}
static int ctx_of(const SSL_CTX *p)
{
    int i;
    for (i = nC - 1; i >= 0; i--)
        if (C[i].alive && C[i].p == p)
            return i;
    return -2;
}
static const char *sname(int i)
{
    static char b[4][24];
    static int k;
    k = (k + 1) % 4;
    if (i == -1)
        return "NULL";
    if (i < -1)
        return "s#?";
    snprintf(b[k], 24, "s#%d", i);
    return b[k];
}

static int new_sess(SSL_SESSION *p)
{
    if (nS >= MAXS)
        abort();
    memset(&S[nS], 0, sizeof S[nS]);
    S[nS].p = p;
    S[nS].alive = 1;
    S[nS].held = 1;
    S[nS].cache = -1;
    return nS++;
}

static int count_held(void)
{
    int i, n = 0;
    for (i = 0; i < nS; i++)
        n += S[i].alive && S[i].held > 0;
    return n;
}

/* SEQ_SKIP=r (found by this tester): during a flush sessl marks every
 * session it will remove not resumable before the first remove callback,
 * OpenSSL each one just before its own; so callbacks leave alone the sessions
 * still waiting in a cache being flushed (their resumability, and dup's copy
 * of it, differ). */
static int waiting_in_flush(int i)
{
    return skip('r') && S[i].cache >= 0 && (C[S[i].cache].locked || C[S[i].cache].dying);
}

/* A session the tester may call functions on: one it holds, sometimes the borrowed one. */
static int pick_sess(void)
{
    int cand[MAXS], n = 0, i;
    if (borrowed >= 0 && S[borrowed].alive && pct(40))
        return borrowed;
    for (i = 0; i < nS; i++)
        if (S[i].alive && S[i].held > 0 && !waiting_in_flush(i))
            cand[n++] = i;
    return n ? cand[rnd((unsigned)n)] : -1;
}
/* One the tester holds (to free it, decode into it...). */
static int pick_held(void)
{
    int cand[MAXS], n = 0, i;
    for (i = 0; i < nS; i++)
        if (S[i].alive && S[i].held > 0)
            cand[n++] = i;
    return n ? cand[rnd((unsigned)n)] : -1;
}
/* Whether a context's cache lock is held by a running call of OpenSSL's.
 * SEQ_SKIP=L steers around the COMPATIBILITY.md row "A remove callback that
 * re-enters the cache (...) during eviction or flush": there OpenSSL 3.0 on
 * glibc does not deadlock (pthread_rwlock_*lock fails with EDEADLK) but
 * returns 0 from the re-entrant call, while sessl performs it. */
static int lock_held(int c) { return skip('L') && C[c].locked; }

/* unlocked: for calls that take the context's cache lock in OpenSSL. */
static int pick_ctx(int unlocked)
{
    int cand[MAXC], n = 0, i;
    for (i = 0; i < nC; i++)
        if (C[i].alive && !C[i].dying && (!unlocked || !lock_held(i)))
            cand[n++] = i;
    return n ? cand[rnd((unsigned)n)] : -1;
}
/* For add, remove and flush. With 2 on (not skipped), a remove callback may
 * also add to its own context during that context's final SSL_CTX_free (the
 * callback is given it): issue 14 item 2, where sessl looped forever; both
 * return 0 there now (COMPATIBILITY.md "SSL_CTX_add_session from a remove
 * callback of the final SSL_CTX_free"). Removes and flushes there are the L
 * case (OpenSSL fails to take its lock), so they need L on as well. */
static int cb_ctx = -1;
static int pick_cache_ctx(int is_add)
{
    if (cb_ctx >= 0 && C[cb_ctx].alive && C[cb_ctx].dying && !skip('2') && (is_add || !skip('L')) && pct(50))
        return cb_ctx;
    return pick_ctx(1);
}

static int pick_ssl(int unlocked)
{
    int cand[MAXL], n = 0, i;
    for (i = 0; i < nL; i++)
        if (L[i].alive && (!unlocked || (!lock_held(L[i].ctx) && !C[L[i].ctx].dying)))
            cand[n++] = i;
    return n ? cand[rnd((unsigned)n)] : -1;
}

/* ------------------------------------------------------------------ callbacks */

static int tags[64];
static int idx_cb, idx_plain; /* ex_data indices: with new/dup/free callbacks, without */

static const char *tag(const void *p)
{
    static char b[4][16];
    static int k;
    if (p == NULL)
        return "-";
    if ((const int *)p >= tags && (const int *)p < tags + 64) {
        k = (k + 1) % 4;
        snprintf(b[k], 16, "t%d", (int)((const int *)p - tags));
        return b[k];
    }
    return "?";
}

static void ex_new(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent, (void)ad, (void)argl, (void)argp, (void)idx;
    emit("cb ex_new %s", tag(ptr));
}

static int ex_dup(CRYPTO_EX_DATA *to, const CRYPTO_EX_DATA *from, void **from_d, int idx,
                  long argl, void *argp)
{
    int k = -1;
    (void)to, (void)from, (void)idx, (void)argl, (void)argp;
    if (*from_d != NULL && (int *)*from_d >= tags && (int *)*from_d < tags + 64)
        k = (int)((int *)*from_d - tags);
    emit("cb ex_dup %s%s", tag(*from_d), k == 13 ? " (refuses)" : "");
    if (k >= 0)
        *from_d = &tags[(k + 1) % 64];
    return k != 13;
}

/* The liveness oracle: libcrypto calls this from the session's final free. */
static void ex_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    int i = sess_of(parent);
    (void)ad, (void)argl, (void)argp, (void)idx;
    if (deferring && i >= 0 && n_deferred < MAXS_DEFER) {
        deferred_after[n_deferred] = defer_cb_seen;
        deferred[n_deferred++] = i;
    } else
        emit("cb ex_free %s %s", sname(i), tag(ptr));
    if (i >= 0) {
        if (S[i].held > 0 || S[i].pinned > 0)
            emit("BUG: %s freed while the tester holds %d reference(s)", sname(i), S[i].held);
        S[i].alive = 0;
        S[i].held = 0;
    }
}

static void random_action(void);

/* Remove callback: prints, keeps the cache model, and sometimes calls back in. */
static void remove_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    int c = ctx_of(ctx), i = sess_of(s), saved = borrowed, saved_ctx = cb_ctx;

    emit("cb remove ctx#%d %s resumable=%d", c, sname(i), SSL_SESSION_is_resumable(s));
    ncalls++;
    defer_cb_seen = 1;
    /* The argument of SSL_CTX_remove_session may not be the cached object;
     * elsewhere (eviction, flush, final free) the callback's session left the cache. */
    if (i >= 0 && in_remove_call != c && S[i].cache == c)
        S[i].cache = -1;
    if (depth >= 2 || !pct(35))
        return;
    /* Nested calls. Where OpenSSL runs this callback under the context's
     * cache lock (eviction, flush, final free) they stay off that context:
     * COMPATIBILITY.md "A remove callback that re-enters the cache (...)
     * during eviction or flush: deadlocks" (pick_ctx(1), pick_ssl(1) and the
     * checks of each action). During a final SSL_CTX_free nothing touches a
     * cache at all while SEQ_SKIP=2 (issue 14 item 2: sessl loops forever
     * when a session is re-added there). */
    borrowed = i >= 0 ? i : -1;
    cb_ctx = c;
    depth++;
    random_action();
    if (pct(30))
        random_action();
    depth--;
    cb_ctx = saved_ctx;
    borrowed = saved;
}

static int new_cb(SSL *ssl, SSL_SESSION *s)
{
    (void)ssl, (void)s;
    emit("cb new_session (never called without a handshake)");
    return 0;
}
static SSL_SESSION *get_cb(SSL *ssl, const unsigned char *id, int len, int *copy)
{
    (void)ssl, (void)id, (void)len, (void)copy;
    emit("cb get_session (never called without a handshake)");
    return NULL;
}
static int gen_cb(SSL *ssl, unsigned char *id, unsigned int *len)
{
    (void)ssl, (void)id, (void)len;
    emit("cb generate_session_id (never called without a handshake)");
    return 0;
}

/* Functions OpenSSL 3.0 lacks: sessl's are called where present, OpenSSL's
 * equivalent elsewhere, and the transcript names neither. */
typedef SSL_SESSION *(*d2i_ex_fn)(SSL_SESSION **, const unsigned char **, long, OSSL_LIB_CTX *, const char *);
typedef void (*flush_ex_fn)(SSL_CTX *, time_t);
typedef SSL_SESSION *(*get0_fn)(const SSL *);
static d2i_ex_fn p_d2i_ex;
static flush_ex_fn p_flush_ex;
static get0_fn p_get0;

/* ------------------------------------------------------------------ data pools */

typedef struct {
    unsigned char *d;
    size_t n;
} blob;
#define NBLOB 24
static blob der_pool[NBLOB], pem_pool[8];
static int n_der, n_pem, der_next, pem_next;
static unsigned char peer_cert[4096];
static size_t peer_cert_len;

static void pool_put(blob *pool, int cap, int *n, int *next, const void *d, size_t len)
{
    blob *b;
    if (*n < cap) {
        b = &pool[(*n)++];
    } else {
        b = &pool[*next];
        *next = (*next + 1) % cap;
        free(b->d);
    }
    b->d = malloc(len ? len : 1);
    if (b->d == NULL)
        abort();
    memcpy(b->d, d, len);
    b->n = len;
}

static const unsigned char id_pool[4][32] = {
    {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32},
    {0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0x00},
    {0x42},
    {0},
};
static const unsigned char *some_bytes(unsigned *len, unsigned max)
{
    static unsigned char buf[600];
    unsigned i, k = rnd(4);
    *len = rnd(max + 1);
    if (k < 3 && *len <= 32)
        return id_pool[k];
    for (i = 0; i < *len && i < sizeof buf; i++)
        buf[i] = (unsigned char)(i * 7 + k);
    return buf;
}
static unsigned small_len(void)
{
    static const unsigned lens[] = {0, 1, 2, 3, 4, 8, 16, 31, 32, 32, 32, 33};
    return lens[rnd(sizeof lens / sizeof lens[0])];
}

static const unsigned char cipher_codes[][2] = {
    {0x13, 0x01}, {0x13, 0x02}, {0x13, 0x03}, {0x13, 0x04}, {0x13, 0x05}, {0xc0, 0x2f},
    {0xc0, 0x30}, {0xc0, 0x2b}, {0xcc, 0xa8}, {0x00, 0x9c}, {0x00, 0x2f}, {0x00, 0x35},
    {0xc0, 0x13}, {0x00, 0x0a}, {0x00, 0xff}, {0x56, 0x00}, {0x00, 0x00}, {0xab, 0xcd},
};
#define N_CODES (sizeof cipher_codes / sizeof cipher_codes[0])
static const SSL_CIPHER *found_ciphers[N_CODES];

static long det_time(void)
{
    switch (rnd(6)) {
    case 0: return 1000 + (long)rnd(100);
    case 1: return 2000 + (long)rnd(50) * 10;
    case 2: return 1700000000L + (long)rnd(1000);
    case 3: return skip('H') ? 5000 : -(long)rnd(1000);
    case 4: return LONG_MAX - (long)rnd(10);
    default: return 3000 + (long)rnd(3000);
    }
}

static int nowish(long t) { return t > (long)t0 - 86400 && t < (long)t0 + 2 * 86400; }

/* Whether a session's time is "now" (set by the library: d2i without a time,
 * an add in UPDATE_TIME mode) and not yet fixed, as in a remove callback
 * during that add. Its encodings and text are then not printed: the two runs
 * happen at different moments. */
static int time_is_now(int i)
{
    if (!nowish(SSL_SESSION_get_time(S[i].p)))
        return 0;
    emit("  (%s's time is now: not encoded or printed)", sname(i));
    return 1;
}

/* Sessions whose time the library set to "now" get a fixed one. */
static void fix_time(int i)
{
    long t = SSL_SESSION_get_time(S[i].p);
    if (nowish(t)) {
        long nt = 4000 + (long)rnd(100);
        long r = SSL_SESSION_set_time(S[i].p, nt);
        CALL("fix time of %s (now) -> set_time %ld = %ld", sname(i), nt, r);
        errs();
    }
}

/* ------------------------------------------------------------------ DER builder */

static void build_der(der_buf *o)
{
    static const int versions[] = {0x0303, 0x0303, 0x0304, 0x0304, 0x0301, 0x0302, 0x0300, 0x037f, 0x0203, 0xfefd};
    der_buf in = {{0}, 0};
    unsigned n;
    const unsigned char *b;
    const unsigned char *code = cipher_codes[rnd(pct(95) ? 14 : N_CODES)];
    static const char *const names[] = {"example.com", "a", "", "host.test", "\xc3\xa9t\xc3\xa9", "x\xff"};

    der_put_int(&in, pct(97) ? 1 : 2);
    der_put_int(&in, versions[rnd(pct(95) ? 8 : 10)]);
    der_put_tlv(&in, 0x04, code, pct(98) ? 2 : 3);
    b = some_bytes(&n, 32);
    der_put_tlv(&in, 0x04, b, n);
    b = some_bytes(&n, pct(95) ? 48 : 520);
    der_put_tlv(&in, 0x04, b, n);
    if (pct(60))
        der_put_explicit_int(&in, 1, skip('H') ? (int64_t)rnd(5000) + 1 : (int64_t)rnd(5000) - 1000);
    if (pct(60))
        der_put_explicit_int(&in, 2, skip('H') ? (int64_t)rnd(500) : (int64_t)rnd(500) - 100);
    if (peer_cert_len && pct(15)) {
        der_buf c = {{0}, 0};
        der_put(&c, peer_cert, peer_cert_len);
        der_put_explicit(&in, 3, &c);
    }
    b = some_bytes(&n, 32);
    der_put_explicit_octets(&in, 4, b, n);
    if (pct(30))
        der_put_explicit_int(&in, 5, (int64_t)rnd(30));
    if (pct(30)) {
        const char *h = names[rnd(pct(90) ? 4 : 6)];
        der_put_explicit_octets(&in, 6, h, strlen(h));
    }
    if (pct(15))
        der_put_explicit_octets(&in, 7, "hint", 4);
    if (pct(15)) {
        const char *id = skip('J') ? names[rnd(4)] : names[rnd(6)];
        der_put_explicit_octets(&in, 8, id, strlen(id));
    }
    if (pct(30))
        der_put_explicit_int(&in, 9, (int64_t)rnd(100000));
    if (pct(35)) {
        b = some_bytes(&n, 200);
        if (n == 0 && skip('E'))
            n = 1;
        der_put_explicit_octets(&in, 10, b, n);
    }
    if (pct(10))
        der_put_explicit_octets(&in, 11, "\x01", 1);
    if (pct(10))
        der_put_explicit_octets(&in, 12, "srpuser", 7);
    if (pct(25))
        der_put_explicit_int(&in, 13, skip('G') ? (int64_t)rnd(0x7fffffff) : (int64_t)(rnd64() >> rnd(64)));
    if (pct(20))
        der_put_explicit_int(&in, 14, (int64_t)rnd(1u << 31));
    if (pct(20))
        der_put_explicit_int(&in, 15, (int64_t)rnd(20000));
    if (pct(25)) {
        static const char *const alpns[] = {"h2", "http/1.1", "x"};
        const char *a = alpns[rnd(3)];
        size_t al = skip('E') ? strlen(a) : (pct(25) ? 0 : strlen(a));
        der_put_explicit_octets(&in, 16, a, al);
    }
    if (pct(30))
        der_put_explicit_int(&in, 17, pct(70) ? 255 : (int64_t)rnd(5));
    if (pct(20)) {
        b = some_bytes(&n, 40);
        if (n == 0 && skip('E'))
            n = 1;
        der_put_explicit_octets(&in, 18, b, n);
    }
    if (pct(95))
        der_put_explicit_int(&in, 19, pct(50) ? 0 : 29);
    o->n = 0;
    der_put_tlv(o, 0x30, in.b, in.n);
}

/* Malformed variants (SEQ_SKIP=K turns them off). */
static void mutate(unsigned char *d, size_t *n, size_t cap)
{
    unsigned k, m = 1 + rnd(3);
    for (k = 0; k < m && *n > 0; k++) {
        size_t at = rnd((unsigned)*n);
        switch (rnd(5)) {
        case 0: d[at] ^= (unsigned char)(1u << rnd(8)); break;
        case 1: d[at] = (unsigned char)rnd(256); break;
        case 2: *n = at; break;
        case 3:
            if (*n < cap) {
                memmove(d + at + 1, d + at, *n - at);
                d[at] = (unsigned char)rnd(256);
                (*n)++;
            }
            break;
        default: d[at] = (unsigned char)(d[at] + 1); break;
        }
    }
}

/* ------------------------------------------------------------------ printing sessions */

static void print_ptr_len(const char *what, const unsigned char *p, size_t len)
{
    emit("  %s=%s len=%zu%s", what, p ? hex(p, len) : "nil", len, p && len == 0 ? " (non-NULL)" : "");
}

static void dump(int i)
{
    SSL_SESSION *s = S[i].p;
    unsigned int n = 0;
    const unsigned char *p = NULL;
    size_t len = 0;
    unsigned char mk[600];
    const SSL_CIPHER *c;
    X509 *peer;

    CALL("dump %s", sname(i));
    p = SSL_SESSION_get_id(s, &n);
    emit("  id=%s", hex(p, n));
    p = SSL_SESSION_get0_id_context(s, &n);
    emit("  sid_ctx=%s", hex(p, n));
    if (nowish(SSL_SESSION_get_time(s)))
        emit("  time=(now) timeout=%ld version=0x%x", SSL_SESSION_get_timeout(s),
             (unsigned)SSL_SESSION_get_protocol_version(s));
    else
        emit("  time=%ld timeout=%ld version=0x%x", SSL_SESSION_get_time(s), SSL_SESSION_get_timeout(s),
             (unsigned)SSL_SESSION_get_protocol_version(s));
    len = SSL_SESSION_get_master_key(s, mk, sizeof mk);
    emit("  master_key=%s len0=%zu", hex(mk, len), SSL_SESSION_get_master_key(s, NULL, 0));
    memset(mk, 0xee, 8);
    len = SSL_SESSION_get_master_key(s, mk, 3);
    emit("  master_key(3)=%zu %s", len, hex(mk, 8));
    emit("  hostname=%s", SSL_SESSION_get0_hostname(s) ? SSL_SESSION_get0_hostname(s) : "(null)");
    SSL_SESSION_get0_alpn_selected(s, &p, &len);
    print_ptr_len("alpn", p, len);
    p = NULL;
    SSL_SESSION_get0_ticket(s, &p, &len);
    emit("  has_ticket=%d hint=%lu", SSL_SESSION_has_ticket(s), SSL_SESSION_get_ticket_lifetime_hint(s));
    print_ptr_len("ticket", p, len);
    {
        void *ad = NULL;
        size_t adl = 0;
        SSL_SESSION_get0_ticket_appdata(s, &ad, &adl);
        print_ptr_len("appdata", ad, adl);
    }
    emit("  early=%u mfl=%u comp=%u resumable=%d", SSL_SESSION_get_max_early_data(s),
         (unsigned)SSL_SESSION_get_max_fragment_length(s), SSL_SESSION_get_compress_id(s),
         SSL_SESSION_is_resumable(s));
    c = SSL_SESSION_get0_cipher(s);
    emit("  cipher=%s 0x%lx", c ? SSL_CIPHER_get_name(c) : "(none)", c ? SSL_CIPHER_get_id(c) : 0ul);
    peer = SSL_SESSION_get0_peer(s);
    if (peer) {
        unsigned char *der = NULL;
        int dl = i2d_X509(peer, &der);
        emit("  peer=%s", dl > 0 ? hex(der, (size_t)dl) : "(i2d failed)");
        OPENSSL_free(der);
    } else {
        emit("  peer=(none)");
    }
    emit("  ex_data app=%s cb=%s plain=%s", tag(SSL_SESSION_get_ex_data(s, 0)),
         tag(SSL_SESSION_get_ex_data(s, idx_cb)), tag(SSL_SESSION_get_ex_data(s, idx_plain)));
    ncalls += 20;
    errs();
}

static void print_text(const char *what, const char *d, size_t n)
{
    emit("  %s: %zu bytes %016llx", what, n, (unsigned long long)fnv(d, n));
    if (verbose && d)
        printf("%.*s\n", (int)n, d);
}

/* ------------------------------------------------------------------ session actions */

static void act_sess_new(void)
{
    SSL_SESSION *s;
    int i;
    long t;

    if (count_held() >= MAX_HELD || nS >= MAXS - 8)
        return;
    s = SSL_SESSION_new();
    if (s == NULL) {
        CALL("SSL_SESSION_new = NULL");
        errs();
        return;
    }
    i = new_sess(s);
    CALL("SSL_SESSION_new = %s", sname(i));
    t = det_time();
    CALL("SSL_SESSION_set_time %s %ld = %ld", sname(i), t, SSL_SESSION_set_time(s, t));
    errs();
}

static void act_sess_up_ref(void)
{
    int i = pick_sess();
    if (i < 0 || S[i].held > 3)
        return;
    CALL("SSL_SESSION_up_ref %s = %d", sname(i), SSL_SESSION_up_ref(S[i].p));
    S[i].held++;
    errs();
}

static void act_sess_free(void)
{
    int i = pick_held();
    /* A session passed to a call still running (its callback is calling us) stays held. */
    if (i < 0 || (S[i].pinned && S[i].held == 1))
        return;
    S[i].held--;
    CALL("SSL_SESSION_free %s", sname(i));
    SSL_SESSION_free(S[i].p);
    errs();
}

/* Whether a session has a zero-length but present ticket, ALPN or appdata:
 * issue 14 item E (OpenSSL's dup fails on them). Read from the session's own
 * encoding, which both libraries write alike. */
static int has_empty_field(SSL_SESSION *s)
{
    unsigned char *der = NULL;
    int n = i2d_SSL_SESSION(s, &der), r = 0;
    static const unsigned t[] = {0xaa, 0xb0, 0xb2};
    unsigned k;
    const unsigned char *c;
    size_t cl;
    const unsigned char *p;
    size_t len;
    void *ad;

    for (k = 0; n > 0 && k < 3; k++)
        if (der_field(der, (size_t)n, t[k], &c, &cl) == 1 && cl == 0)
            r = 1;
    OPENSSL_free(der);
    ERR_clear_error();
    p = NULL;
    SSL_SESSION_get0_alpn_selected(s, &p, &len);
    r |= p != NULL && len == 0;
    p = NULL;
    SSL_SESSION_get0_ticket(s, &p, &len);
    r |= p != NULL && len == 0;
    ad = NULL;
    SSL_SESSION_get0_ticket_appdata(s, &ad, &len);
    r |= ad != NULL && len == 0;
    return r;
}

static void act_sess_dup(void)
{
    int i = pick_sess(), j;
    SSL_SESSION *d;

    if (i < 0 || count_held() >= MAX_HELD)
        return;
    if (skip('E') && has_empty_field(S[i].p)) {
        emit("steer E: %s has an empty ticket/ALPN/appdata: no dup", sname(i));
        return;
    }
    if (skip('A') && SSL_SESSION_get_ticket_lifetime_hint(S[i].p) != 0 && !SSL_SESSION_has_ticket(S[i].p)) {
        emit("steer A: %s has a ticket lifetime hint and no ticket: no dup", sname(i));
        return;
    }
    S[i].pinned++;
    d = SSL_SESSION_dup(S[i].p);
    S[i].pinned--;
    if (d == NULL) {
        CALL("SSL_SESSION_dup %s = NULL", sname(i));
    } else {
        j = new_sess(d);
        CALL("SSL_SESSION_dup %s = %s", sname(i), sname(j));
    }
    errs();
}

static void act_sess_get(void)
{
    int i = pick_sess();
    if (i < 0)
        return;
    dump(i);
}

/* Whether the session's key may change: COMPATIBILITY.md "Changing the key of
 * a cached session": never while cached, nor while a call runs on it. */
static int key_frozen(int i)
{
    if (S[i].cache >= 0 || S[i].pinned) {
        emit("steer (rekey row): %s is cached or in use: key unchanged", sname(i));
        return 1;
    }
    return 0;
}

static void act_sess_set(void)
{
    int i = pick_sess(), r;
    SSL_SESSION *s;
    unsigned n;
    const unsigned char *b;

    if (i < 0)
        return;
    s = S[i].p;
    switch (rnd(12)) {
    case 0:
        if (key_frozen(i))
            return;
        b = some_bytes(&n, 32);
        n = pct(50) ? small_len() : n;
        r = SSL_SESSION_set1_id(s, pct(5) && n == 0 ? NULL : b, n);
        CALL("SSL_SESSION_set1_id %s %s = %d", sname(i), hex(b, n), r);
        break;
    case 1:
        b = some_bytes(&n, 32);
        n = pct(50) ? small_len() : n;
        CALL("SSL_SESSION_set1_id_context %s %s = %d", sname(i), hex(b, n), SSL_SESSION_set1_id_context(s, b, n));
        break;
    case 2: {
        /* set_time/set_timeout of a cached session take OpenSSL's cache lock. */
        long t = det_time();
        if (depth > 0 && skip('L') && (S[i].cache >= 0 || i == borrowed))
            return;
        CALL("SSL_SESSION_set_time %s %ld = %ld", sname(i), t, SSL_SESSION_set_time(s, t));
        break;
    }
    case 3: {
        static const long tos[] = {0, 1, 2, 100, 304, 7200, -1, LONG_MAX, 86400};
        long t = tos[rnd(9)];
        if (depth > 0 && skip('L') && (S[i].cache >= 0 || i == borrowed))
            return;
        CALL("SSL_SESSION_set_timeout %s %ld = %ld", sname(i), t, SSL_SESSION_set_timeout(s, t));
        break;
    }
    case 4: {
        static const int vs[] = {0x0303, 0x0304, 0x0302, 0x0301, 0x0300, 0, 0xfefd, 0x037f};
        int v = vs[rnd(8)];
        if (key_frozen(i))
            return;
        CALL("SSL_SESSION_set_protocol_version %s 0x%x = %d", sname(i), (unsigned)v,
             SSL_SESSION_set_protocol_version(s, v));
        break;
    }
    case 5:
        b = some_bytes(&n, pct(90) ? 48 : 520);
        CALL("SSL_SESSION_set1_master_key %s %s = %d", sname(i), hex(b, n), SSL_SESSION_set1_master_key(s, b, n));
        break;
    case 6: {
        static const char *const hs[] = {"example.com", "", "a.b", NULL, "\xc3\xa9"};
        const char *h = hs[rnd(5)];
        /* Never the session's own hostname: COMPATIBILITY.md
         * "SSL_SESSION_set1_hostname(s, SSL_SESSION_get0_hostname(s))". */
        CALL("SSL_SESSION_set1_hostname %s %s = %d", sname(i), h ? h : "NULL", SSL_SESSION_set1_hostname(s, h));
        break;
    }
    case 7: {
        static const char *const as[] = {"h2", "http/1.1", "x"};
        const char *a = as[rnd(3)];
        size_t l = pct(20) ? 0 : strlen(a);
        int null = pct(20);
        CALL("SSL_SESSION_set1_alpn_selected %s %s %zu = %d", sname(i), null ? "NULL" : a, null ? 0 : l,
             SSL_SESSION_set1_alpn_selected(s, null ? NULL : (const unsigned char *)a, null ? 0 : l));
        break;
    }
    case 8: {
        int null = pct(20);
        b = some_bytes(&n, 40);
        CALL("SSL_SESSION_set1_ticket_appdata %s %s = %d", sname(i), null ? "NULL" : hex(b, n),
             SSL_SESSION_set1_ticket_appdata(s, null ? NULL : b, null ? 0 : n));
        break;
    }
    case 9: {
        uint32_t v = pct(50) ? rnd(20000) : (uint32_t)rnd64();
        CALL("SSL_SESSION_set_max_early_data %s %u = %d", sname(i), v, SSL_SESSION_set_max_early_data(s, v));
        break;
    }
    case 10: {
        unsigned k = rnd(N_CODES + 2);
        const SSL_CIPHER *c = k < N_CODES ? found_ciphers[k] : NULL;
        CALL("SSL_SESSION_set_cipher %s %s = %d", sname(i), c ? SSL_CIPHER_get_name(c) : "NULL",
             SSL_SESSION_set_cipher(s, c));
        break;
    }
    default: {
        static const int idxs[3] = {0, -1, -2};
        int idx = idxs[rnd(3)];
        void *v = pct(20) ? NULL : &tags[rnd(64)];
        if (idx == -1)
            idx = idx_cb;
        else if (idx == -2)
            idx = idx_plain;
        CALL("SSL_SESSION_set_ex_data %s %s %s = %d", sname(i), idx == 0 ? "app" : idx == idx_cb ? "cb" : "plain",
             tag(v), SSL_SESSION_set_ex_data(s, idx, v));
        CALL("SSL_SESSION_get_ex_data = %s", tag(SSL_SESSION_get_ex_data(s, idx)));
        break;
    }
    }
    errs();
}

static void act_i2d(void)
{
    int i = pick_sess(), n, m;
    unsigned char *buf, *p;

    if (i < 0 || time_is_now(i))
        return;
    n = i2d_SSL_SESSION(S[i].p, NULL);
    CALL("i2d_SSL_SESSION %s NULL = %d", sname(i), n);
    errs();
    if (n <= 0)
        return;
    if (pct(50)) {
        buf = malloc((size_t)n);
        if (buf == NULL)
            abort();
        p = buf;
        m = i2d_SSL_SESSION(S[i].p, &p);
        CALL("i2d_SSL_SESSION %s buf = %d advanced %ld %s", sname(i), m, (long)(p - buf), m > 0 ? hex(buf, (size_t)m) : "");
        if (m > 0)
            pool_put(der_pool, NBLOB, &n_der, &der_next, buf, (size_t)m);
        free(buf);
    } else {
        p = NULL;
        m = i2d_SSL_SESSION(S[i].p, &p);
        CALL("i2d_SSL_SESSION %s alloc = %d %s", sname(i), m, m > 0 && p ? hex(p, (size_t)m) : "");
        if (m > 0 && p)
            pool_put(der_pool, NBLOB, &n_der, &der_next, p, (size_t)m);
        OPENSSL_free(p);
    }
    errs();
}

/* Input for d2i and PEM: a pooled encoding, a fresh one, or a malformed one. */
static size_t pick_der(unsigned char *out, size_t cap, const char **kind)
{
    der_buf b;
    size_t n;

    if (n_der > 0 && pct(55)) {
        blob *bl = &der_pool[rnd((unsigned)n_der)];
        n = bl->n < cap ? bl->n : cap;
        memcpy(out, bl->d, n);
        *kind = "pooled";
    } else {
        build_der(&b);
        n = b.n < cap ? b.n : cap;
        memcpy(out, b.b, n);
        *kind = "built";
    }
    if (!skip('K') && pct(25)) {
        mutate(out, &n, cap);
        *kind = "mutated";
    }
    if (pct(5) && n + 3 < cap) {
        memcpy(out + n, "\x05\x00\x01", 3);
        n += 3;
        *kind = "trailing";
    }
    return n;
}

/* d2i into an existing session: steers (see the comments inside). */
static int may_decode_into(int t, const unsigned char *d, size_t n)
{
    const unsigned char *q = d, *c;
    size_t cl;
    SSL_SESSION *tmp;
    int ok, ticket_field;

    if (key_frozen(t))
        return 0;
    quiet++;
    tmp = d2i_SSL_SESSION(NULL, &q, (long)n);
    ok = tmp != NULL;
    SSL_SESSION_free(tmp);
    ERR_clear_error();
    quiet--;
    if (!ok && skip('B')) {
        emit("steer B: this input fails to decode: not into %s", sname(t));
        return 0;
    }
    /* Issue 14 item F, a deliberate deviation: COMPATIBILITY.md
     * "d2i_SSL_SESSION(&s, ..) into a session holding a ticket, from bytes
     * without one (decoded, or refused at a later field)". OpenSSL keeps
     * has_ticket=1 and the old length with a NULL ticket; sessl clears it.
     * Steered around always, whether the input decodes or not. */
    ticket_field = der_field(d, n, 0xaa, &c, &cl);
    if (ticket_field != 1 && SSL_SESSION_has_ticket(S[t].p)) {
        emit("steer F: %s has a ticket, the input has none: not decoded into it", sname(t));
        return 0;
    }
    return 1;
}

static void act_d2i(void)
{
    static unsigned char buf[DER_MAX + 16];
    const char *kind;
    size_t n = pick_der(buf, sizeof buf - 16, &kind);
    const unsigned char *p = buf;
    int t = -1, into = pct(25), use_null_a = !into && pct(20), r;
    SSL_SESSION *a = NULL, *ret;

    if (into) {
        t = pick_held();
        if (t < 0 || !may_decode_into(t, buf, n))
            return;
        a = S[t].p;
        S[t].pinned++;
    } else if (count_held() >= MAX_HELD) {
        return;
    }
    if (pct(30) && p_d2i_ex != NULL) /* draws alike on both libraries */
        ret = p_d2i_ex(use_null_a ? NULL : &a, &p, (long)n, NULL, NULL);
    else
        ret = d2i_SSL_SESSION(use_null_a ? NULL : &a, &p, (long)n);
    if (t >= 0)
        S[t].pinned--;
    if (ret == NULL) {
        CALL("d2i_SSL_SESSION %s %s %zu bytes %s = NULL consumed %ld", into ? sname(t) : use_null_a ? "(no a)" : "&NULL",
             kind, n, hex(buf, n), (long)(p - buf));
        errs();
        return;
    }
    if (into) {
        CALL("d2i_SSL_SESSION %s %s %zu bytes %s = %s consumed %ld", sname(t), kind, n, hex(buf, n),
             ret == S[t].p ? "same" : "OTHER", (long)(p - buf));
        r = t;
        if (ret != S[t].p)
            return; /* a difference; the transcript shows it */
    } else {
        r = new_sess(ret);
        CALL("d2i_SSL_SESSION %s %s %zu bytes %s = %s consumed %ld a=%s", use_null_a ? "(no a)" : "&NULL", kind, n,
             hex(buf, n), sname(r), (long)(p - buf), use_null_a ? "-" : a == ret ? "set" : "unset");
    }
    errs();
    fix_time(r);
}

static void act_pem_write(void)
{
    int i = pick_sess();
    BIO *bio;
    char *d;
    long n;

    if (i < 0 || time_is_now(i))
        return;
    if (pct(70)) {
        bio = BIO_new(BIO_s_mem());
        CALL("PEM_write_bio_SSL_SESSION %s = %d", sname(i), PEM_write_bio_SSL_SESSION(bio, S[i].p));
        n = BIO_get_mem_data(bio, &d);
        print_text("pem", d, (size_t)n);
        if (n > 0)
            pool_put(pem_pool, 8, &n_pem, &pem_next, d, (size_t)n);
        BIO_free(bio);
    } else {
        size_t sz = 0;
        char *mem = NULL;
        FILE *f = open_memstream(&mem, &sz);
        CALL("PEM_write_SSL_SESSION %s = %d", sname(i), PEM_write_SSL_SESSION(f, S[i].p));
        fclose(f);
        print_text("pem", mem, sz);
        free(mem);
    }
    errs();
}

static void act_pem_read(void)
{
    static unsigned char buf[DER_MAX];
    char *text = NULL;
    long tn = 0;
    const char *kind = "pooled";
    SSL_SESSION *ret;
    BIO *mem = BIO_new(BIO_s_mem());
    int r;

    if (count_held() >= MAX_HELD) {
        BIO_free(mem);
        return;
    }
    if (n_pem > 0 && pct(40)) {
        blob *b = &pem_pool[rnd((unsigned)n_pem)];
        BIO_write(mem, b->d, (int)b->n);
    } else {
        size_t n = pick_der(buf, sizeof buf, &kind);
        PEM_write_bio(mem, pct(95) ? "SSL SESSION PARAMETERS" : "CERTIFICATE", "", buf, (long)n);
    }
    if (!skip('K') && pct(10)) {
        char *d;
        long n = BIO_get_mem_data(mem, &d);
        if (n > 40) {
            d[30 + rnd((unsigned)(n - 40))] ^= 1;
            kind = "mutated";
        }
    }
    tn = BIO_get_mem_data(mem, &text);
    if (pct(70)) {
        ret = PEM_read_bio_SSL_SESSION(mem, NULL, NULL, NULL);
        CALL("PEM_read_bio_SSL_SESSION %s %ld bytes %016llx", kind, tn, (unsigned long long)fnv(text, (size_t)tn));
    } else {
        FILE *f = fmemopen(text, (size_t)tn, "r");
        ret = PEM_read_SSL_SESSION(f, NULL, NULL, NULL);
        CALL("PEM_read_SSL_SESSION %s %ld bytes", kind, tn);
        fclose(f);
    }
    BIO_free(mem);
    if (ret == NULL) {
        emit("  = NULL");
        errs();
        return;
    }
    r = new_sess(ret);
    emit("  = %s", sname(r));
    errs();
    fix_time(r);
}

static void act_print(void)
{
    int i = pick_sess();
    BIO *bio;
    char *d;
    long n;

    if (i < 0 || time_is_now(i))
        return;
    if (skip('I') && SSL_SESSION_get_compress_id(S[i].p) != 0 && SSL_SESSION_get0_cipher(S[i].p) == NULL) {
        emit("steer I: %s has a compression id and no cipher: not printed", sname(i));
        return;
    }
    switch (rnd(3)) {
    case 0:
        bio = BIO_new(BIO_s_mem());
        CALL("SSL_SESSION_print %s = %d", sname(i), SSL_SESSION_print(bio, S[i].p));
        n = BIO_get_mem_data(bio, &d);
        print_text("text", d, (size_t)n);
        BIO_free(bio);
        break;
    case 1: {
        size_t sz = 0;
        char *mem = NULL;
        FILE *f = open_memstream(&mem, &sz);
        CALL("SSL_SESSION_print_fp %s = %d", sname(i), SSL_SESSION_print_fp(f, S[i].p));
        fclose(f);
        print_text("text", mem, sz);
        free(mem);
        break;
    }
    default:
        bio = BIO_new(BIO_s_mem());
        CALL("SSL_SESSION_print_keylog %s = %d", sname(i), SSL_SESSION_print_keylog(bio, S[i].p));
        n = BIO_get_mem_data(bio, &d);
        print_text("keylog", d, (size_t)n);
        BIO_free(bio);
        break;
    }
    errs();
}

#include "seq_objects.h"

int main(int argc, char **argv)
{
    const char *e;
    long steps = 300;
    unsigned long seed;

    if (argc < 2) {
        fprintf(stderr, "usage: %s SEED\n", argv[0]);
        return 2;
    }
    seed = strtoul(argv[1], NULL, 0);
    rng = seed * 0x2545f4914f6cdd1dull + 1;
    if ((e = getenv("SEQ_STEPS")) != NULL)
        steps = atol(e);
    if ((e = getenv("SEQ_SKIP")) != NULL)
        for (; *e; e++)
            skipped[(unsigned char)*e & 0x7f] = 1;
    verbose = getenv("SEQ_VERBOSE") != NULL && atoi(getenv("SEQ_VERBOSE")) > 0;
    /* The function names of errors match OpenSSL's (checked): printed unless SEQ_ERRFUNC=0. */
    errfunc = getenv("SEQ_ERRFUNC") == NULL || atoi(getenv("SEQ_ERRFUNC")) > 0;
    t0 = time(NULL);
    setvbuf(stdout, NULL, _IOLBF, 0); /* a crash keeps its transcript */

    p_d2i_ex = (d2i_ex_fn)(uintptr_t)dlsym(RTLD_DEFAULT, "d2i_SSL_SESSION_ex");
    p_flush_ex = (flush_ex_fn)(uintptr_t)dlsym(RTLD_DEFAULT, "SSL_CTX_flush_sessions_ex");
    p_get0 = (get0_fn)(uintptr_t)dlsym(RTLD_DEFAULT, "SSL_get0_session");

    printf("seed %lu steps %ld\n", seed, steps);
    idx_cb = SSL_SESSION_get_ex_new_index(7, NULL, ex_new, ex_dup, ex_free);
    idx_plain = SSL_SESSION_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    load_fixtures(getenv("SEQ_FIXTURES"));
    certs_init(getenv("SEQ_FIXTURES"));
    ex_data_init();
    for (step_no = 1; step_no <= steps; step_no++) {
        printf("#%ld\n", step_no);
        random_action();
    }
    finish();
    certs_cleanup();
    printf("calls %lu\n", ncalls);
    return 0;
}
