/*
 * error_strings.c - the SSL reason strings on libcrypto's error queue: absent
 * before the library is first used, then registered by the first successful
 * SSL_SESSION_new / SSL_CTX_new; a failing SSL_CTX_new does not register them.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static void show(const char *label, unsigned long code)
{
    char buf[256];
    const char *reason = ERR_reason_error_string(code);

    ERR_error_string_n(code, buf, sizeof(buf));
    printf("%s: lib=%s reason=%s text=%s\n", label, ERR_lib_error_string(code) ? ERR_lib_error_string(code) : "(null)",
           reason ? reason : "(null)", buf);
}

static void drain(const char *label)
{
    unsigned long e;

    while ((e = ERR_get_error()) != 0)
        show(label, e);
}

int main(void)
{
    static const unsigned char long_id[33] = { 0 };
    SSL_SESSION *s;
    SSL_CTX *ctx;

    show("fresh process, id too long", ERR_PACK(ERR_LIB_SSL, 0, 408));
    ctx = SSL_CTX_new(NULL);
    printf("SSL_CTX_new(NULL) = %s\n", ctx == NULL ? "NULL" : "ctx");
    drain("after failing SSL_CTX_new");
    show("still unregistered", ERR_PACK(ERR_LIB_SSL, 0, 196));

    s = SSL_SESSION_new();
    show("after SSL_SESSION_new", ERR_PACK(ERR_LIB_SSL, 0, 408));
    printf("set1_id(33) = %d\n", SSL_SESSION_set1_id(s, long_id, 33));
    drain("set1_id(33)");
    printf("set1_id_context(33) = %d\n", SSL_SESSION_set1_id_context(s, long_id, 33));
    drain("set1_id_context(33)");
    ctx = SSL_CTX_new(NULL);
    drain("SSL_CTX_new(NULL)");
    printf("SSL_new(NULL) = %s\n", SSL_new(NULL) == NULL ? "NULL" : "ssl");
    drain("SSL_new(NULL)");
    show("highest reason", ERR_PACK(ERR_LIB_SSL, 0, 1120));
    show("unknown reason", ERR_PACK(ERR_LIB_SSL, 0, 4095));
    SSL_SESSION_free(s);
    return 0;
}
