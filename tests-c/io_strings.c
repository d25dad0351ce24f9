/*
 * io_strings.c - the alert names (SSL_alert_type_string(_long) for levels
 * around 0..4, SSL_alert_desc_string(_long) for every description 0..255 and
 * the values beyond, whose low byte is used), and the strings of a fresh
 * connection: SSL_state_string(_long), SSL_rstate_string(_long),
 * SSL_get_version for each method.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include "io_util.h"

int main(void)
{
    const SSL_METHOD *(*methods[3])(void) = {TLS_method, TLS_client_method, TLS_server_method};
    int v, i;

    for (v = -0x300; v <= 0x500; v += 0x40)
        printf("type %d: %s %s\n", v, SSL_alert_type_string(v), SSL_alert_type_string_long(v));
    for (v = -2; v < 600; v++)
        printf("desc %d: %s / %s\n", v, SSL_alert_desc_string(v), SSL_alert_desc_string_long(v));
    for (i = 0; i < 3; i++) {
        SSL_CTX *ctx = SSL_CTX_new(methods[i]());
        SSL *s;

        FATAL_IF(ctx == NULL, "SSL_CTX_new");
        s = SSL_new(ctx);
        FATAL_IF(s == NULL, "SSL_new");
        printf("method %d: version=%s state=%s/%s rstate=%s/%s\n", i, SSL_get_version(s),
               SSL_state_string(s), SSL_state_string_long(s), SSL_rstate_string(s),
               SSL_rstate_string_long(s));
        SSL_set_connect_state(s);
        SSL_clear(s);
        printf("  after connect state and clear: version=%s state=%s\n", SSL_get_version(s),
               SSL_state_string_long(s));
        SSL_free(s);
        SSL_CTX_free(ctx);
    }
    print_queue("strings");
    return 0;
}
