/*
 * sess_id: what `openssl sess_id` does, on sessl. Reads a TLS session (PEM or
 * DER), prints it as text, converts between PEM and DER, and reports whether
 * it can be resumed and when it expires.
 *
 *   sess_id [-in file] [-inform PEM|DER] [-out file] [-outform PEM|DER]
 *           [-text] [-noout] [-status]
 *
 * Built against sessl with pkg-config: cc sess_id.c $(pkg-config --cflags --libs sessl)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/ssl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>

static void usage(void)
{
    fprintf(stderr, "usage: sess_id [-in file] [-inform PEM|DER] [-out file] [-outform PEM|DER]"
                    " [-text] [-noout] [-status]\n");
    exit(2);
}

static int is_der(const char *form)
{
    if (strcmp(form, "DER") == 0 || strcmp(form, "der") == 0)
        return 1;
    if (strcmp(form, "PEM") == 0 || strcmp(form, "pem") == 0)
        return 0;
    usage();
    return 0;
}

/* Reads a whole file (or stdin) into memory. */
static unsigned char *slurp(const char *path, long *len)
{
    FILE *f = path ? fopen(path, "rb") : stdin;
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0, got;

    if (f == NULL) {
        perror(path);
        exit(1);
    }
    do {
        if (n == cap) {
            cap = cap ? cap * 2 : 4096;
            buf = realloc(buf, cap);
            if (buf == NULL)
                exit(1);
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    if (path)
        fclose(f);
    *len = (long)n;
    return buf;
}

int main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *inform = NULL, *outform = "PEM";
    int text = 0, noout = 0, status = 0, i, ok = 1;
    unsigned char *data;
    long len;
    SSL_SESSION *s;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-in") == 0 && i + 1 < argc)
            in = argv[++i];
        else if (strcmp(argv[i], "-out") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(argv[i], "-inform") == 0 && i + 1 < argc)
            inform = argv[++i];
        else if (strcmp(argv[i], "-outform") == 0 && i + 1 < argc)
            outform = argv[++i];
        else if (strcmp(argv[i], "-text") == 0)
            text = 1;
        else if (strcmp(argv[i], "-noout") == 0)
            noout = 1;
        else if (strcmp(argv[i], "-status") == 0)
            status = 1;
        else
            usage();
    }

    data = slurp(in, &len);
    /* Without -inform, PEM is recognised by its armour. */
    if (inform ? is_der(inform) : !(len > 10 && memcmp(data, "-----BEGIN", 10) == 0)) {
        const unsigned char *p = data;
        s = d2i_SSL_SESSION(NULL, &p, len);
    } else {
        BIO *mem = BIO_new_mem_buf(data, (int)len);
        s = PEM_read_bio_SSL_SESSION(mem, NULL, NULL, NULL);
        BIO_free(mem);
    }
    free(data);
    if (s == NULL) {
        fprintf(stderr, "sess_id: unable to load SSL_SESSION\n");
        ERR_print_errors_fp(stderr);
        return 1;
    }

    if (text)
        ok &= SSL_SESSION_print_fp(stdout, s) == 1;
    if (status) {
        long start = SSL_SESSION_get_time(s), timeout = SSL_SESSION_get_timeout(s);
        time_t expires = (time_t)(start + timeout), now = time(NULL);
        char when[64];

        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&expires));
        printf("Resumable: %s\n", SSL_SESSION_is_resumable(s) ? "yes" : "no");
        printf("Expires: %s (%s %ld s)\n", when, expires >= now ? "in" : "expired",
               (long)(expires >= now ? expires - now : now - expires));
    }
    if (!noout) {
        FILE *f = out ? fopen(out, "wb") : stdout;

        if (f == NULL) {
            perror(out);
            return 1;
        }
        if (is_der(outform)) {
            unsigned char *der = NULL;
            int n = i2d_SSL_SESSION(s, &der);

            ok &= n > 0 && fwrite(der, 1, (size_t)n, f) == (size_t)n;
            OPENSSL_free(der);
        } else {
            ok &= PEM_write_SSL_SESSION(f, s) == 1;
        }
        if (out)
            fclose(f);
    }
    SSL_SESSION_free(s);
    if (!ok) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    return 0;
}
