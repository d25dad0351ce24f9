/*
 * session_huge_lengths.c - SSL_SESSION getters and setters given lengths far
 * beyond their buffers (up to SIZE_MAX): OpenSSL checks the length, or fails
 * to allocate a copy, before it reads the bytes; sessl must return the same
 * values, change the session the same way and read nothing either.
 *
 *   get_master_key: at most the key is copied, whatever outlen says
 *   set1_master_key: above 512 bytes, 0, no error, the key unchanged
 *   set1_alpn_selected, set1_ticket_appdata: the old value is cleared, then
 *     the copy fails: 0, no error
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "api_util.h"

static void print_key(SSL_SESSION *s)
{
    unsigned char out[8];
    size_t n = SSL_SESSION_get_master_key(s, out, sizeof(out)), i;

    printf("  key now (%zu):", n);
    for (i = 0; i < n; i++)
        printf(" %02x", out[i]);
    printf("\n");
}

int main(void)
{
    static const size_t huge[] = { 513, 4096, (size_t)INTPTR_MAX, (size_t)INTPTR_MAX + 1, SIZE_MAX };
    unsigned char key[4] = { 0xa1, 0xb2, 0xc3, 0xd4 };
    unsigned char out[8];
    const unsigned char *alpn;
    size_t alpn_len, appdata_len, i, n;
    void *appdata;
    SSL_SESSION *s = SSL_SESSION_new();

    FATAL_IF(s == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set1_master_key(s, key, sizeof(key)) != 1, "set1_master_key");

    for (i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
        printf("length %zu\n", huge[i]);
        memset(out, 0, sizeof(out));
        n = SSL_SESSION_get_master_key(s, out, huge[i]);
        printf("  get_master_key: %zu, copied %02x %02x %02x %02x %02x\n",
               n, out[0], out[1], out[2], out[3], out[4]);
        print_errors("  get_master_key");
        printf("  set1_master_key: %d\n", SSL_SESSION_set1_master_key(s, key, huge[i]));
        print_errors("  set1_master_key");
        printf("  set1_master_key(NULL session): %d\n", SSL_SESSION_set1_master_key(NULL, key, huge[i]));
        print_errors("  set1_master_key(NULL session)");
        print_key(s);
    }

    /* Only lengths no allocation can satisfy: smaller ones would be read. */
    for (i = 3; i < sizeof(huge) / sizeof(huge[0]); i++) {
        printf("copy of length %zu\n", huge[i]);
        FATAL_IF(SSL_SESSION_set1_alpn_selected(s, (const unsigned char *)"h2", 2) != 1, "alpn");
        printf("  set1_alpn_selected: %d\n",
               SSL_SESSION_set1_alpn_selected(s, (const unsigned char *)"h2", huge[i]));
        print_errors("  set1_alpn_selected");
        SSL_SESSION_get0_alpn_selected(s, &alpn, &alpn_len);
        printf("  alpn now: %s, %zu bytes\n", alpn == NULL ? "NULL" : "set", alpn_len);

        FATAL_IF(SSL_SESSION_set1_ticket_appdata(s, "ab", 2) != 1, "appdata");
        printf("  set1_ticket_appdata: %d\n", SSL_SESSION_set1_ticket_appdata(s, "ab", huge[i]));
        print_errors("  set1_ticket_appdata");
        SSL_SESSION_get0_ticket_appdata(s, &appdata, &appdata_len);
        printf("  appdata now: %s, %zu bytes\n", appdata == NULL ? "NULL" : "set", appdata_len);
    }

    SSL_SESSION_free(s);
    return 0;
}
