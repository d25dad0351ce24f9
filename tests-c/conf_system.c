/*
 * conf_system.c - the "system_default" section of the application's ssl_conf
 * module, which OpenSSL 3.0's SSL_CTX_new applies to every new context as
 * file commands in the roles of its method (no certificate commands); its
 * failures leave the commands' own errors queued (no SSL_CONF errors) and
 * SSL_CTX_new still succeeds. Connections start from the configured context.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>
#include <openssl/conf.h>
#include "conf_util.h"

static const char config[] =
    "test_app = app_sect\n"
    "[app_sect]\n"
    "ssl_conf = ssl_sect\n"
    "[ssl_sect]\n"
    "system_default = sys_sect\n"
    "other = other_sect\n"
    "[sys_sect]\n"
    "MinProtocol = TLSv1.2\n"
    "Options = -SessionTicket,ServerPreference\n"
    "VerifyMode = Peer\n"
    "CipherString = NOPE\n"
    "Ciphersuites = TLS_AES_128_GCM_SHA256\n"
    "Certificate = tests-c/fixtures/certs/rsa_with_key.pem\n"
    "NumTickets = 7\n"
    "Bogus = 1\n"
    "[other_sect]\n"
    "MaxProtocol = TLSv1.2\n";

static void new_ctx(const SSL_METHOD *meth, const char *label)
{
    SSL_CTX *ctx = SSL_CTX_new(meth);
    SSL *s;

    printf("%s: ctx %s\n", label, ctx != NULL ? "made" : "NULL");
    print_errors_data(label);
    if (ctx == NULL)
        return;
    print_ctx(label, ctx);
    print_ciphers(label, SSL_CTX_get_ciphers(ctx), 3);
    printf("%s: cert=%s tickets=%zu\n", label, SSL_CTX_get0_certificate(ctx) ? "yes" : "no",
           SSL_CTX_get_num_tickets(ctx));
    s = SSL_new(ctx);
    print_ssl(label, s);
    printf("%s: SSL_CTX_config(other) = %d\n", label, SSL_CTX_config(ctx, "other"));
    printf("%s: SSL_CTX_config(system_default) = %d\n", label,
           SSL_CTX_config(ctx, "system_default"));
    print_errors_data(label);
    print_ctx(label, ctx);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

int main(void)
{
    char path[] = "/tmp/sessl_conf_sys_XXXXXX";
    int fd, rv;
    FILE *f;

    /* the library's own initialisation (and default config) first */
    OPENSSL_init_ssl(0, NULL);
    new_ctx(TLS_method(), "before");

    fd = mkstemp(path);
    FATAL_IF(fd < 0, "mkstemp");
    f = fdopen(fd, "w");
    FATAL_IF(f == NULL, "fdopen");
    fputs(config, f);
    fclose(f);
    rv = CONF_modules_load_file(path, "test_app", 0);
    unlink(path);
    print_errors_data("load");
    FATAL_IF(rv != 1, "CONF_modules_load_file");

    new_ctx(TLS_method(), "TLS");
    new_ctx(TLS_client_method(), "TLS_client");
    new_ctx(TLS_server_method(), "TLS_server");

    CONF_modules_unload(1);
    new_ctx(TLS_method(), "unloaded");
    print_errors_data("end");
    return 0;
}
