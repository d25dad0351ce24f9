/*
 * ciphers.c - SSL_CIPHER: every two-byte code through SSL_CIPHER_find, with
 * each property of every suite found; descriptions into small, exact and
 * library-allocated buffers; a session's cipher.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/crypto.h>

static const char *or_null(const char *s)
{
    return s == NULL ? "(null)" : s;
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    SSL_SESSION *s = SSL_SESSION_new();
    const SSL_CIPHER *c;
    unsigned char code[2];
    char buf[128], *desc;
    int found = 0, alg_bits, strength;
    unsigned int i;

    for (i = 0; i < 65536; i++) {
        code[0] = (unsigned char)(i >> 8);
        code[1] = (unsigned char)i;
        c = SSL_CIPHER_find(ssl, code);
        if (c == NULL)
            continue;
        found++;
        alg_bits = -7;
        strength = SSL_CIPHER_get_bits(c, &alg_bits);
        printf("%04x id=%08lx proto=%04x %s / %s bits=%d/%d %s | %s", i,
               (unsigned long)SSL_CIPHER_get_id(c), (unsigned)SSL_CIPHER_get_protocol_id(c),
               SSL_CIPHER_get_name(c), or_null(SSL_CIPHER_standard_name(c)), strength, alg_bits,
               SSL_CIPHER_get_version(c), SSL_CIPHER_description(c, buf, sizeof(buf)));
    }
    printf("found=%d\n", found);

    c = SSL_CIPHER_find(ssl, (const unsigned char *)"\xc0\x2f");
    printf("description len 39: %s\n", SSL_CIPHER_description(c, buf, 39) == NULL ? "NULL" : "buffer");
    memset(buf, 'x', sizeof(buf));
    printf("description len 40: [%s]\n", or_null(SSL_CIPHER_description(c, buf, 40)));
    desc = SSL_CIPHER_description(c, NULL, 0);
    printf("description allocated: %s", or_null(desc));
    OPENSSL_free(desc);
    printf("NULL cipher: name=%s standard=%s version=%s bits=%d\n", SSL_CIPHER_get_name(NULL),
           SSL_CIPHER_standard_name(NULL), SSL_CIPHER_get_version(NULL), SSL_CIPHER_get_bits(NULL, NULL));

    printf("new session cipher: %s\n", SSL_SESSION_get0_cipher(s) == NULL ? "NULL" : "set");
    printf("set_cipher = %d\n", SSL_SESSION_set_cipher(s, c));
    printf("session cipher: %s\n", SSL_CIPHER_get_name(SSL_SESSION_get0_cipher(s)));
    printf("set_cipher(NULL) = %d\n", SSL_SESSION_set_cipher(s, NULL));
    printf("after set_cipher(NULL): %s\n", SSL_SESSION_get0_cipher(s) == NULL ? "NULL" : "set");

    SSL_SESSION_free(s);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
