/*
 * der_peer_mutations.c - differential check of the peer certificate inside
 * d2i_SSL_SESSION. sessl checks a certificate's shape when it decodes a session
 * and builds the X509 on first use (src/ffi/cert_shape.c); OpenSSL decodes the
 * X509 at once. The two must agree on every input: accepted or not, the errors,
 * how far *pp moved, the session's re-encoding (OpenSSL writes i2d_X509 of the
 * decoded certificate, which differs from the input for BER encodings) and the
 * X509 that SSL_SESSION_get0_peer gives.
 *
 * Certificates (RSA from a real handshake, EC, Ed25519, X.509 v1) are mutated
 * structurally with a fixed-seed PRNG: long-form and indefinite lengths,
 * constructed strings, string types and contents (invalid UTF-8, odd-length
 * BMPString), non-minimal integers, BIT STRING padding, bad OIDs, BOOLEANs and
 * times, removed, duplicated, swapped and added elements; and byte-wise: changed
 * bytes, truncations, insertions, deletions, trailing bytes. Each mutant is
 * placed as the peer ([3]) of a TLS 1.3 session.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "mutate_util.h"

#define MUTANTS_PER_CERT 700
#define MAX_NODES 512
#define MAX_DER 8192

/* ---------------------------------------------------------- a DER tree */

enum form { MINIMAL, LONG1, LONG2, INDEFINITE };

struct node {
    unsigned char tag;          /* single-byte tags only (all a certificate has) */
    int constructed;
    enum form form;
    const unsigned char *content; /* primitive: its bytes */
    size_t len;
    int child, next;            /* constructed: first child; sibling; -1 ends */
};

static struct node nodes[MAX_NODES];
static int nnodes;

static int new_node(unsigned char tag, int constructed, const unsigned char *content, size_t len)
{
    struct node *n;

    if (nnodes == MAX_NODES)
        return -1;
    n = &nodes[nnodes];
    n->tag = tag;
    n->constructed = constructed;
    n->form = MINIMAL;
    n->content = content;
    n->len = len;
    n->child = n->next = -1;
    return nnodes++;
}

/* Parses definite-length DER in [p, end) into a sibling list; -2 on error. */
static int parse(const unsigned char *p, const unsigned char *end)
{
    int first = -1, last = -1;

    while (p < end) {
        unsigned char tag = *p++;
        size_t len, k;
        int i;

        if ((tag & 0x1f) == 0x1f || p >= end)
            return -2;
        len = *p++;
        if (len & 0x80) {
            k = len & 0x7f;
            if (k == 0 || k > 3 || (size_t)(end - p) < k)
                return -2;
            for (len = 0; k > 0; k--)
                len = len << 8 | *p++;
        }
        if ((size_t)(end - p) < len)
            return -2;
        i = new_node(tag, tag & 0x20, p, len);
        if (i < 0)
            return -2;
        if (tag & 0x20) {
            nodes[i].child = parse(p, p + len);
            if (nodes[i].child == -2)
                return -2;
        }
        if (last >= 0)
            nodes[last].next = i;
        else
            first = i;
        last = i;
        p += len;
    }
    return first;
}

static size_t put_len(unsigned char *out, size_t len, enum form form)
{
    if (form == LONG1 && len < 256) {
        out[0] = 0x81;
        out[1] = (unsigned char)len;
        return 2;
    }
    if (form == LONG2 || len >= 256) {
        out[0] = 0x82;
        out[1] = (unsigned char)(len >> 8);
        out[2] = (unsigned char)len;
        return 3;
    }
    if (len >= 128) {
        out[0] = 0x81;
        out[1] = (unsigned char)len;
        return 2;
    }
    out[0] = (unsigned char)len;
    return 1;
}

/* Writes the sibling list from i; returns the length (out may be NULL). */
static size_t write_list(int i, unsigned char *out)
{
    unsigned char body[MAX_DER];
    size_t total = 0, len, h;

    for (; i >= 0; i = nodes[i].next) {
        struct node *n = &nodes[i];

        if (n->constructed)
            len = write_list(n->child, body);
        else
            memcpy(body, n->content, len = n->len);
        if (total + len + 8 > MAX_DER)
            return total;
        if (out != NULL)
            out[total] = n->tag;
        total++;
        if (n->form == INDEFINITE && n->constructed) {
            if (out != NULL)
                out[total] = 0x80;
            h = 1;
        } else {
            unsigned char lb[4];
            h = put_len(lb, len, n->form);
            if (out != NULL)
                memcpy(out + total, lb, h);
        }
        total += h;
        if (out != NULL)
            memcpy(out + total, body, len);
        total += len;
        if (n->form == INDEFINITE && n->constructed) {
            if (out != NULL)
                out[total] = out[total + 1] = 0;
            total += 2;
        }
    }
    return total;
}

/* ---------------------------------------------------------- mutations */

static const unsigned char string_tags[] = {
    0x0c, 0x13, 0x14, 0x16, 0x1a, 0x1c, 0x1e, 0x12, 0x04, 0x03, 0x02, 0x05, 0x06, 0x01, 0x17, 0x18
};
static const struct { const char *bytes; size_t len; } blobs[] = {
    { "\xff\xfe", 2 }, { "\xc0\x80", 2 }, { "a\xed\xa0\x80", 4 }, { "\x00", 1 }, { "", 0 },
    { "abc", 3 }, { "\x00\x00\x00\x41\x00\x00\xd8\x00", 8 }, { "\x00\x41\x00", 3 }, { "\x80\x01", 2 },
    { "\x2a\x86", 2 }, { "\x2a\x80\x01", 3 }, { "\x01", 1 }, { "\x00\x00", 2 }, { "\xff", 1 },
    { "20250101000000Z", 15 }, { "250101000000Z", 13 }, { "2501010000Z", 11 }, { "garbage", 7 },
    { "991231235959+0100", 17 }, { "\x00\xff\x7f", 3 }, { "\x07\xff\x80", 3 }, { "\x08\xff", 2 },
};
static unsigned char extra[64][8]; /* contents made up by mutations */
static int nextra;

/* A structural mutation of a random node; 0 when it did not apply. */
static int mutate_tree(int root)
{
    int i = (int)rnd((unsigned)nnodes), j, prev, parent = -1;
    struct node *n = &nodes[i];
    unsigned k;

    if (i == root)
        return 0;
    for (j = 0; j < nnodes; j++)
        for (k = 0, prev = nodes[j].constructed ? nodes[j].child : -1; prev >= 0; prev = nodes[prev].next)
            if (prev == i)
                parent = j;
    if (parent < 0)
        return 0;               /* not reachable any more */
    switch (rnd(12)) {
    case 0: n->form = rnd(2) ? LONG1 : LONG2; return 1;
    case 1:
        if (!n->constructed)
            return 0;
        n->form = INDEFINITE;
        return 1;
    case 2:
        if (n->constructed)
            return 0;
        n->tag = (unsigned char)((n->tag & 0xc0) | string_tags[rnd(sizeof(string_tags))]);
        return 1;
    case 3:
        if (n->constructed)
            return 0;
        k = rnd(sizeof(blobs) / sizeof(blobs[0]));
        n->content = (const unsigned char *)blobs[k].bytes;
        n->len = blobs[k].len;
        return 1;
    case 4: {                   /* a constructed string of two pieces */
        int a, b;

        if (n->constructed || n->len < 2)
            return 0;
        k = 1 + rnd((unsigned)n->len - 1);
        a = new_node(n->tag, 0, n->content, k);
        b = new_node(n->tag, 0, n->content + k, n->len - k);
        if (a < 0 || b < 0)
            return 0;
        nodes[a].next = b;
        n->tag |= 0x20;
        n->constructed = 1;
        n->child = a;
        return 1;
    }
    case 5:                     /* a non-minimal leading byte */
        if (n->constructed || nextra == 64 || n->len > 6)
            return 0;
        extra[nextra][0] = rnd(2) ? 0x00 : 0xff;
        memcpy(extra[nextra] + 1, n->content, n->len);
        n->content = extra[nextra++];
        n->len++;
        return 1;
    case 6:                     /* remove */
        if (nodes[parent].child == i)
            nodes[parent].child = n->next;
        else
            for (j = nodes[parent].child; j >= 0; j = nodes[j].next)
                if (nodes[j].next == i)
                    nodes[j].next = n->next;
        return 1;
    case 7:                     /* duplicate */
        j = new_node(n->tag, n->constructed, n->content, n->len);
        if (j < 0)
            return 0;
        nodes[j].child = n->child;
        nodes[j].next = n->next;
        n->next = j;
        return 1;
    case 8: {                   /* swap the first two children */
        int a = n->constructed ? n->child : -1, b = a >= 0 ? nodes[a].next : -1;

        if (b < 0)
            return 0;
        nodes[a].next = nodes[b].next;
        nodes[b].next = a;
        n->child = b;
        return 1;
    }
    case 9:                     /* an extra element */
        if (!n->constructed)
            return 0;
        j = new_node(string_tags[rnd(sizeof(string_tags))], 0, (const unsigned char *)"x", 1);
        if (j < 0)
            return 0;
        nodes[j].next = n->child;
        n->child = j;
        return 1;
    case 10:                    /* BIT STRING padding bits */
        if (n->constructed || n->tag != 0x03 || n->len < 1 || nextra == 64 || n->len > 8)
            return 0;
        memcpy(extra[nextra], n->content, n->len);
        extra[nextra][0] = (unsigned char)rnd(9);
        n->content = extra[nextra++];
        return 1;
    default:                    /* an element moved up to its parent's level */
        if (!n->constructed || n->child < 0)
            return 0;
        j = n->child;
        while (nodes[j].next >= 0)
            j = nodes[j].next;
        nodes[j].next = n->next;
        n->next = n->child;
        n->child = -1;
        return 1;
    }
}

static size_t mutate_bytes(unsigned char *m, size_t n)
{
    size_t pos = rnd((unsigned)n);

    switch (rnd(5)) {
    case 0: m[pos] = (unsigned char)(rnd(2) ? rnd(256) : 0x80); return n;
    case 1: return pos;
    case 2:
        memmove(m + pos + 1, m + pos, n - pos);
        m[pos] = (unsigned char)rnd(256);
        return n + 1;
    case 3:
        memmove(m + pos, m + pos + 1, n - pos - 1);
        return n - 1;
    default:
        m[n] = (unsigned char)rnd(256);
        return n + 1;
    }
}

/* ---------------------------------------------------------- the check */

/* The session with `cert` as its peer: the TLS 1.3 session's fields, then [3]. */
static size_t session_with_peer(const unsigned char *cert, size_t n, unsigned char *out)
{
    static const char fields[] =
        "020101020203040402130204200102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
        "0430aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899"
        "a10602046553f100a20402021c20";
    unsigned char body[MAX_DER + 256];
    size_t len = unhex(fields, body), h;

    body[len++] = 0xa3;
    len += put_len(body + len, n, MINIMAL);
    memcpy(body + len, cert, n);
    len += n;
    len += unhex("a4020400a503020112", body + len);
    out[0] = 0x30;
    h = 1 + put_len(out + 1, len, MINIMAL);
    memcpy(out + h, body, len);
    return h + len;
}

static void try_one(const unsigned char *cert, size_t n)
{
    unsigned char in[MAX_DER + 512], *der = NULL;
    size_t len = session_with_peer(cert, n, in);
    const unsigned char *p = in;
    SSL_SESSION *s = d2i_SSL_SESSION(NULL, &p, (long)len), *copy;
    unsigned long e;
    X509 *x;
    int l;

    printf("%08lx %s adv=%ld", fingerprint(cert, n), s ? "ok" : "--", (long)(p - in));
    while ((e = ERR_get_error()) != 0)
        printf(" %d/%d", ERR_GET_LIB(e), ERR_GET_REASON(e));
    if (s == NULL) {
        printf("\n");
        return;
    }
    l = i2d_SSL_SESSION(s, &der);
    printf(" re=%d:%08lx", l, l > 0 ? fingerprint(der, (size_t)l) : 0UL);
    OPENSSL_free(der);
    der = NULL;
    /* A copy shares the certificate, decoded or not. */
    copy = SSL_SESSION_dup(s);
    x = SSL_SESSION_get0_peer(s);
    printf(" shared=%d", copy != NULL && SSL_SESSION_get0_peer(copy) == x);
    if (x != NULL) {
        char *name = X509_NAME_oneline(X509_get_subject_name(x), NULL, 0);

        l = i2d_X509(x, &der);
        printf(" x509=%d:%08lx key=%d subject=%s", l, l > 0 ? fingerprint(der, (size_t)l) : 0UL,
               X509_get0_pubkey(x) != NULL, name != NULL ? name : "(none)");
        OPENSSL_free(name);
        OPENSSL_free(der);
    }
    while ((e = ERR_get_error()) != 0)
        printf(" later %d/%d", ERR_GET_LIB(e), ERR_GET_REASON(e));
    printf("\n");
    SSL_SESSION_free(copy);
    SSL_SESSION_free(s);
}

static void mutate_cert(const char *name, const unsigned char *cert, size_t n)
{
    unsigned char m[MAX_DER];
    unsigned k, rounds, r;
    size_t len;
    int root;

    printf("== %s (%u bytes)\n", name, (unsigned)n);
    try_one(cert, n);
    for (k = 0; k < MUTANTS_PER_CERT; k++) {
        memcpy(m, cert, n);
        len = n;
        rounds = 1 + rnd(3);
        for (r = 0; r < rounds; r++) {
            if (rnd(10) < 7) {
                nnodes = nextra = 0;
                root = parse(m, m + len);
                if (root < 0 || nnodes < 2 || !mutate_tree(root))
                    continue;
                {
                    unsigned char tmp[MAX_DER];
                    size_t t = write_list(root, NULL);

                    if (t == 0 || t > sizeof(tmp) - 8)
                        continue;
                    write_list(root, tmp);
                    memcpy(m, tmp, t);
                    len = t;
                }
            } else if (len > 1) {
                len = mutate_bytes(m, len);
            }
        }
        try_one(m, len);
    }
}

/* The peer certificate of a fixture session (its [3] element). */
static size_t fixture_peer(const char *path, unsigned char *out)
{
    static unsigned char der[MAX_DER];
    FILE *f = fopen(path, "rb");
    size_t n;
    int i;

    if (f == NULL)
        return 0;
    n = fread(der, 1, sizeof(der), f);
    fclose(f);
    nnodes = 0;
    if (parse(der, der + n) != 0 || !nodes[0].constructed)
        return 0;
    for (i = nodes[0].child; i >= 0; i = nodes[i].next)
        if (nodes[i].tag == 0xa3 && nodes[i].child >= 0) {
            nodes[nodes[i].child].next = -1;
            return write_list(nodes[i].child, out);
        }
    return 0;
}

int main(void)
{
    static const char *made[][2] = {
        { "EC P-256, UTF8String names", /* openssl req -x509 -newkey ec -utf8 */
          "308201b330820159a003020102021425c37d47c74ebc46cc6304266a8642a0cd390334300a06082a8648ce3d04030230"
          "2f3113301106035504030c0a65632e6578616d706c6531183016060355040a0c0fc39c6ec3af63c3b664c3a9204f7267"
          "301e170d3236313132323033303531375a170d3236313232323033303531375a302f3113301106035504030c0a65632e"
          "6578616d706c6531183016060355040a0c0fc39c6ec3af63c3b664c3a9204f72673059301306072a8648ce3d02010608"
          "2a8648ce3d03010703420004f989b08cc3bf68729254d81dbdb9517ef34a819d1c10609505b83122b0436b211a9bbbdd"
          "d7e0c4ebfc9167f57653b35cab89059deb927ced58ecc41b85f70deda3533051301d0603551d0e041604146a0449a956"
          "ba2f561d971c0c8a2714c4415b7a3a301f0603551d230418301680146a0449a956ba2f561d971c0c8a2714c4415b7a3a"
          "300f0603551d130101ff040530030101ff300a06082a8648ce3d0403020348003045022100a8f7686856fa8118d667d9"
          "d1b58865921c7c627ab29620000f1ba7385d82268602202e3cca16c3c6fcdd454f2a9c452a26f9cd77fc515d63594847"
          "34b09af9adb9bc"
        },
        { "Ed25519, emailAddress",
          "3082015b3082010da0030201020214056c13454c33386f57bae863621425d1fbafa198300506032b65703023310b3009"
          "06035504030c0265643114301206092a864886f70d01090116056140622e63301e170d3236313132323033303531375a"
          "170d3236313232323033303531375a3023310b300906035504030c0265643114301206092a864886f70d010901160561"
          "40622e63302a300506032b6570032100439b9eb6cc498893f13761167501b720215ae280726da657e25f827854778cdf"
          "a3533051301d0603551d0e0416041491b8df786037127f0df06c9280e839b8cd575fa3301f0603551d23041830168014"
          "91b8df786037127f0df06c9280e839b8cd575fa3300f0603551d130101ff040530030101ff300506032b6570034100f4"
          "759765ed5cbb6b65301497053327918400e07b83c35c35eb575fd3e0b4fbb233b9f8957708f9153c2be918614845f3f7"
          "69969cc039277cb95aa85ec1a7ca01"
        },
        { "X.509 v1, RSA 1024, no extensions",
          "308201a43082010d0214744ea605369a03b4264b1ab216948833a0811e36300d06092a864886f70d01010b0500301131"
          "0f300d06035504030c06763163657274301e170d3236313132323033303531375a170d3236313132353033303531375a"
          "3011310f300d06035504030c0676316365727430819f300d06092a864886f70d010101050003818d0030818902818100"
          "eedd1482550fdafe5778b07235bbd0ccbb746bfb0c505f1ea5aab4fb977348f7b13b764ab41d47bfe327257a3afa5280"
          "5d3c79d148e2a2a6298280482bbbe28efb4d18aa0643e5e8c865383fba5ee2eaaeccfacd2ce505e84aa7cbc2173824f6"
          "b38c28b2d8b4cf00d2ea36e995d172c549755de8127a81489d1dafef1c6959890203010001300d06092a864886f70d01"
          "010b050003818100c9c2b574d569c636be667eb464ad1d2db7b47351c02492ff1ad5c95fce4110339e23139eaf5e2517"
          "ecafa2ed1146c1727b1edd81acd20d7c7f3c8b6c5b93186de4686f39731b35e5e861580df3d6ceb15bc1bcac328ec0ad"
          "9a585ba968b0b1563c799f6ffff76702df989851fcab99d4f84b6deeb0a1184642939c6936b5e1c4"
        },
    };
    static const char *fixtures[] = { "tests-c/fixtures/tls13.der", "tests-c/fixtures/tls13_clientcert.der" };
    unsigned char cert[MAX_DER];
    size_t i, n;

    rng = 0x9e3779b97f4a7c15ULL;
    for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
        n = fixture_peer(fixtures[i], cert);
        if (n == 0) {
            printf("%s: no peer certificate (run from the repository root)\n", fixtures[i]);
            return 1;
        }
        mutate_cert(fixtures[i], cert, n);
    }
    for (i = 0; i < sizeof(made) / sizeof(made[0]); i++)
        mutate_cert(made[i][0], cert, unhex(made[i][1], cert));
    return 0;
}
