/*
 * mutate_util.h - what the DER mutation tests (der_mutations.c,
 * der_peer_mutations.c) share: a fixed-seed PRNG (each test seeds `rng` in
 * main), hex decoding, and a fingerprint to print instead of whole encodings.
 */
#ifndef SESSL_TESTS_MUTATE_UTIL_H
#define SESSL_TESTS_MUTATE_UTIL_H

#include <stddef.h>

static unsigned long long rng;

/* A number in [0, n), from a 64-bit LCG's high bits. */
static unsigned rnd(unsigned n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng >> 33) % n);
}

static int hexval(char c)
{
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static size_t unhex(const char *hex, unsigned char *out)
{
    size_t n = 0;

    for (; hex[0] && hex[1]; hex += 2)
        out[n++] = (unsigned char)(hexval(hex[0]) << 4 | hexval(hex[1]));
    return n;
}

/* djb2, to name an encoding in the output. */
static unsigned long fingerprint(const unsigned char *p, size_t n)
{
    unsigned long h = 5381;

    while (n--)
        h = h * 33 + *p++;
    return h;
}

#endif
