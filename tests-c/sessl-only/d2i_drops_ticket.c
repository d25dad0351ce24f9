/*
 * d2i_drops_ticket.c - sessl-only: d2i_SSL_SESSION into a session that holds a
 * ticket, from bytes without one, leaves no ticket at all.
 *
 * OpenSSL sets the ticket pointer to NULL but keeps the old ticket length:
 * SSL_SESSION_has_ticket then says 1, SSL_SESSION_get0_ticket gives (NULL, 4)
 * for a 4-byte ticket, so a caller reading the ticket reads 4 bytes from NULL,
 * and SSL_SESSION_is_resumable says 1 for a session with neither id nor
 * ticket. sessl leaves (0, NULL, 0), after a successful decode and after one
 * refused at a later field (a 2-byte compression id) alike.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "check_util.h"

static int failures;

#define CHECK(cond)                                                 \
    do {                                                            \
        if (cond) {                                                 \
            printf("ok    %s\n", #cond);                            \
        } else {                                                    \
            printf("FAIL  line %d: %s\n", __LINE__, #cond);         \
            failures++;                                             \
        }                                                           \
    } while (0)

/* TLS 1.2, cipher c02f, no id, time and timeout set, with a 4-byte ticket. */
static const unsigned char with_ticket[] = {
    0x30, 0x2b, 0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02, 0xc0, 0x2f, 0x04, 0x00,
    0x04, 0x00, 0xa1, 0x04, 0x02, 0x02, 0x04, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x3c, 0xa4, 0x02,
    0x04, 0x00, 0xaa, 0x06, 0x04, 0x04, 't', 'i', 'c', 'k', 0xb3, 0x03, 0x02, 0x01, 0x00
};

/* The same without the ticket. */
static const unsigned char without_ticket[] = {
    0x30, 0x23, 0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02, 0xc0, 0x2f, 0x04, 0x00,
    0x04, 0x00, 0xa1, 0x04, 0x02, 0x02, 0x04, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x3c, 0xa4, 0x02,
    0x04, 0x00, 0xb3, 0x03, 0x02, 0x01, 0x00
};

/* Without the ticket, with a 2-byte compression id: refused after the ticket
 * was applied. */
static const unsigned char without_ticket_bad_comp[] = {
    0x30, 0x29, 0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02, 0xc0, 0x2f, 0x04, 0x00,
    0x04, 0x00, 0xa1, 0x04, 0x02, 0x02, 0x04, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x3c, 0xa4, 0x02,
    0x04, 0x00, 0xab, 0x04, 0x04, 0x02, 0x01, 0x01, 0xb3, 0x03, 0x02, 0x01, 0x00
};

static SSL_SESSION *with_a_ticket(void)
{
    const unsigned char *p = with_ticket;
    const unsigned char *tick = NULL;
    size_t len = 0;
    SSL_SESSION *s = d2i_SSL_SESSION(NULL, &p, (long)sizeof(with_ticket));

    FATAL_IF(s == NULL, "d2i of the session with a ticket");
    SSL_SESSION_get0_ticket(s, &tick, &len);
    FATAL_IF(!SSL_SESSION_has_ticket(s) || tick == NULL || len != 4, "the ticket is there");
    return s;
}

static void check_no_ticket(SSL_SESSION *s)
{
    const unsigned char *tick = (const unsigned char *)"x";
    size_t len = 99;
    unsigned char *der = NULL;
    int n;

    SSL_SESSION_get0_ticket(s, &tick, &len);
    CHECK(SSL_SESSION_has_ticket(s) == 0);
    CHECK(tick == NULL);
    CHECK(len == 0);
    CHECK(SSL_SESSION_is_resumable(s) == 0);
    n = i2d_SSL_SESSION(s, &der);
    CHECK(n == (int)sizeof(without_ticket) && memcmp(der, without_ticket, sizeof(without_ticket)) == 0);
    OPENSSL_free(der);
}

int main(void)
{
    SSL_SESSION *s, *target;
    const unsigned char *p;

    printf("-- d2i of bytes without a ticket into a session with one\n");
    s = with_a_ticket();
    target = s;
    p = without_ticket;
    CHECK(d2i_SSL_SESSION(&target, &p, (long)sizeof(without_ticket)) == s);
    check_no_ticket(s);
    SSL_SESSION_free(s);

    printf("-- the same, refused at the compression id, after the ticket\n");
    s = with_a_ticket();
    target = s;
    p = without_ticket_bad_comp;
    CHECK(d2i_SSL_SESSION(&target, &p, (long)sizeof(without_ticket_bad_comp)) == NULL);
    ERR_clear_error();
    check_no_ticket(s);
    SSL_SESSION_free(s);

    printf("%s\n", failures ? "FAILED" : "all passed");
    return failures != 0;
}
