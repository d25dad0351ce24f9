/*
 * der_mutations.c - differential check of d2i_SSL_SESSION on hostile bytes.
 * Deterministic mutations (fixed-seed PRNG) of a few valid sessions (some
 * with indefinite lengths and high-number-form tags, which libcrypto reads): bit
 * flips, byte changes, truncations, insertions, deletions and length-field
 * edits. For each mutant: accepted or not, how far *pp moved, the error codes,
 * and the re-encoding (with the time pinned, so the output does not depend on
 * the clock). Built against both libraries, the outputs must be identical.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

#include "mutate_util.h"

#define MUTANTS_PER_SEED 1500

static void try_one(const unsigned char *in, size_t n)
{
    const unsigned char *p = in;
    SSL_SESSION *s = d2i_SSL_SESSION(NULL, &p, (long)n);
    unsigned long e;
    unsigned char *der = NULL;
    int len;

    printf("%08lx %s adv=%ld", fingerprint(in, n), s ? "ok" : "--", (long)(p - in));
    while ((e = ERR_get_error()) != 0)
        printf(" %d/%d", ERR_GET_LIB(e), ERR_GET_REASON(e));
    if (s != NULL) {
        SSL_SESSION_set_time(s, 12345);
        len = i2d_SSL_SESSION(s, &der);
        printf(" re=%d:%08lx", len, len > 0 ? fingerprint(der, (size_t)len) : 0UL);
        OPENSSL_free(der);
        SSL_SESSION_free(s);
    }
    printf("\n");
}

int main(void)
{
    static const char *seeds[] = {
        /* cipher-only TLS 1.2 session */
        "3023020101020203030402c02f04000400a4020400a503020101b104020200ffb303020100",
        /* id, master key, time, timeout, sid_ctx, hostname, alpn, appdata */
        "304b020101020203030402c02f0404010203040404aabbccdda106020412345678a2040202012c"
        "a4020400a503020101a6050403616263b00404026832b104020200ffb20304017ab303020100",
        /* TLS 1.3 with ticket, hint, age add, max early data, flags, group */
        "3067020101020203040402130204080102030405060708040c0a0b0c0d0e0f101112131415a10602"
        "046553f100a2040202012ca4020400a9040202012caa1204106162636465666768696a6b6c6d6e6f70ad03020101ae06020412345678af0402024000b30302011d",
        /* indefinite lengths: the SEQUENCE, [1] and [4]; [19] in the high-number form */
        "3080020101020203030402c02f04000400a1800204040000000000a48004000000bf13030201170000",
        /* [10] indefinite around a constructed, indefinite OCTET STRING; [16] */
        "3080020101020203040402130104000400aa8024800402010204010300000000b00404026832" "0000",
        /* [1] [2] [4] [5] [19] in the high-number form */
        "302d020101020203030402c02f04000400bf010402020400bf020302013cbf04020400bf0503020101bf1303020117",
    };
    unsigned char base[1024], m[1100];
    size_t nbase, n, i;
    unsigned k, op, pos;

    rng = 0x5e551ULL;
    for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
        nbase = unhex(seeds[i], base);
        printf("== seed %u (%u bytes)\n", (unsigned)i, (unsigned)nbase);
        try_one(base, nbase);
        for (k = 0; k < MUTANTS_PER_SEED; k++) {
            memcpy(m, base, nbase);
            n = nbase;
            op = rnd(7);
            pos = rnd((unsigned)n);
            switch (op) {
            case 0: m[pos] ^= (unsigned char)(1u << rnd(8)); break;          /* bit flip */
            case 1: m[pos] = (unsigned char)rnd(256); break;                  /* byte */
            case 2: n = pos; break;                                           /* truncate */
            case 3:                                                           /* insert */
                memmove(m + pos + 1, m + pos, n - pos);
                m[pos] = (unsigned char)rnd(256);
                n++;
                break;
            case 4:                                                           /* delete */
                memmove(m + pos, m + pos + 1, n - pos - 1);
                n--;
                break;
            case 5: m[pos] = (unsigned char)(m[pos] + 1 - 2 * (int)rnd(2)); break; /* +-1 */
            default:                                                          /* long-form length */
                m[pos] = (unsigned char)(0x80 | rnd(5));
                break;
            }
            try_one(m, n);
        }
    }
    return 0;
}
