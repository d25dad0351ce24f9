/*
 * resave IN.pem OUT.pem OUT.der: reads a session and writes it back as PEM and
 * as DER. Built against sessl, so the suite can check that OpenSSL's own tools
 * read what sessl writes.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/pem.h>

int main(int argc, char **argv)
{
    FILE *in, *pem, *der;
    SSL_SESSION *s;
    unsigned char *buf = NULL;
    int n;

    if (argc != 4 || (in = fopen(argv[1], "r")) == NULL)
        return 2;
    s = PEM_read_SSL_SESSION(in, NULL, NULL, NULL);
    fclose(in);
    if (s == NULL)
        return 1;
    pem = fopen(argv[2], "w");
    der = fopen(argv[3], "wb");
    n = i2d_SSL_SESSION(s, &buf);
    if (pem == NULL || der == NULL || n <= 0 || PEM_write_SSL_SESSION(pem, s) != 1
        || fwrite(buf, 1, (size_t)n, der) != (size_t)n)
        return 1;
    fclose(pem);
    fclose(der);
    OPENSSL_free(buf);
    SSL_SESSION_free(s);
    return 0;
}
