/*
 * seq_der.h - the DER side of the differential sequence tester (seq.c): a
 * builder of random SSL_SESSION encodings (every field of OpenSSL's
 * SSL_SESSION_ASN1, each optional one present or not), a reader of the
 * top-level fields of an encoding (the tester's steering looks at them, never
 * at the library's state), and the mutations of malformed-input runs.
 *
 * Only seq.c includes it; everything is static.
 */
#ifndef SESSL_DIFFFUZZ_SEQ_DER_H
#define SESSL_DIFFFUZZ_SEQ_DER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define DER_MAX 8192

typedef struct {
    unsigned char b[DER_MAX];
    size_t n;
} der_buf;

static void der_put(der_buf *o, const void *d, size_t n)
{
    if (o->n + n > DER_MAX)
        n = DER_MAX - o->n; /* the builder's sizes stay far below this */
    memcpy(o->b + o->n, d, n);
    o->n += n;
}

static void der_put_tlv(der_buf *o, unsigned tag, const void *d, size_t n)
{
    unsigned char h[6];
    size_t hn = 0;

    h[hn++] = (unsigned char)tag;
    if (n < 0x80) {
        h[hn++] = (unsigned char)n;
    } else if (n < 0x100) {
        h[hn++] = 0x81;
        h[hn++] = (unsigned char)n;
    } else {
        h[hn++] = 0x82;
        h[hn++] = (unsigned char)(n >> 8);
        h[hn++] = (unsigned char)n;
    }
    der_put(o, h, hn);
    der_put(o, d, n);
}

/* INTEGER, minimal two's complement. */
static void der_put_int(der_buf *o, int64_t v)
{
    unsigned char b[9];
    int n = 8, i;

    for (i = 0; i < 8; i++)
        b[i + 1] = (unsigned char)((uint64_t)v >> (8 * (7 - i)));
    i = 1;
    while (i < 8 && ((b[i] == 0x00 && !(b[i + 1] & 0x80)) || (b[i] == 0xff && (b[i + 1] & 0x80)))) {
        i++;
        n--;
    }
    der_put_tlv(o, 0x02, b + i, (size_t)n);
}

/* [tag] EXPLICIT around one inner TLV. */
static void der_put_explicit(der_buf *o, int tag, const der_buf *inner)
{
    der_put_tlv(o, 0xa0u | (unsigned)tag, inner->b, inner->n);
}

static void der_put_explicit_int(der_buf *o, int tag, int64_t v)
{
    der_buf in = {{0}, 0};

    der_put_int(&in, v);
    der_put_explicit(o, tag, &in);
}

static void der_put_explicit_octets(der_buf *o, int tag, const void *d, size_t n)
{
    der_buf in = {{0}, 0};

    der_put_tlv(&in, 0x04, d, n);
    der_put_explicit(o, tag, &in);
}

/* One TLV at d[0..n): its tag, content and total size; 0 if malformed or
 * indefinite (the tester only reads what it can be sure of). */
static int der_tlv(const unsigned char *d, size_t n, unsigned *tag, const unsigned char **c,
                   size_t *clen, size_t *total)
{
    size_t len, hl = 2;

    if (n < 2)
        return 0;
    *tag = d[0];
    len = d[1];
    if (len & 0x80) {
        size_t k = len & 0x7f, i;
        if (k == 0 || k > 3 || n < 2 + k)
            return 0;
        len = 0;
        for (i = 0; i < k; i++)
            len = (len << 8) | d[2 + i];
        hl += k;
    }
    if (len > n - hl)
        return 0;
    *c = d + hl;
    *clen = len;
    *total = hl + len;
    return 1;
}

/*
 * Looks for the top-level field with this tag in a session's SEQUENCE. Returns
 * 1 and its content (for an explicit tag, unless raw: the content of the
 * inner TLV) if present, 0 if absent, -1 if the encoding is not a readable
 * SEQUENCE.
 */
static int der_field_raw(const unsigned char *d, size_t n, unsigned want, const unsigned char **c,
                         size_t *clen, int raw)
{
    unsigned tag;
    const unsigned char *seq, *fc;
    size_t seqn, total, fl, off = 0;

    if (!der_tlv(d, n, &tag, &seq, &seqn, &total) || tag != 0x30)
        return -1;
    while (off < seqn) {
        if (!der_tlv(seq + off, seqn - off, &tag, &fc, &fl, &total))
            return -1;
        if (tag == want) {
            if ((tag & 0xe0) == 0xa0 && !raw) {
                unsigned itag;
                size_t itotal;
                if (!der_tlv(fc, fl, &itag, c, clen, &itotal))
                    return -1;
            } else {
                *c = fc;
                *clen = fl;
            }
            return 1;
        }
        off += total;
    }
    return 0;
}

static int der_field(const unsigned char *d, size_t n, unsigned want, const unsigned char **c,
                     size_t *clen)
{
    return der_field_raw(d, n, want, c, clen, 0);
}

#endif
