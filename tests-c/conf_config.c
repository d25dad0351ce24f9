/*
 * conf_config.c - SSL_CTX_config and SSL_config: the application's ssl_conf
 * module (loaded here with CONF_modules_load_file from a file this test
 * writes) names sections of commands, applied as file commands with
 * certificates (keys loaded at the end when missing), in the roles the
 * object's method can take. Results, effects through the getters and errors:
 * unknown names (SSL_R_INVALID_CONFIGURATION_NAME, "name=..."), bad commands,
 * NULL arguments. SSL_add_ssl_module is OpenSSL 3.0's no-op.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>
#include <openssl/conf.h>
#include <openssl/x509.h>
#include "conf_util.h"

static const char config[] =
    "test_app = app_sect\n"
    "[app_sect]\n"
    "ssl_conf = ssl_sect\n"
    "[ssl_sect]\n"
    "server = server_sect\n"
    "client = client_sect\n"
    "bad = bad_sect\n"
    "roles = roles_sect\n"
    "[server_sect]\n"
    "MinProtocol = TLSv1.2\n"
    "MaxProtocol = TLSv1.3\n"
    "CipherString = ECDHE+AESGCM\n"
    "Ciphersuites = TLS_AES_256_GCM_SHA384\n"
    "Options = ServerPreference,-SessionTicket,PrioritizeChaCha\n"
    "VerifyMode = Request\n"
    "Certificate = tests-c/fixtures/certs/rsa_with_key.pem\n"
    "ClientCAFile = tests-c/fixtures/certs/cas.pem\n"
    "VerifyCAFile = tests-c/fixtures/certs/ca.pem\n"
    "NumTickets = 3\n"
    "[client_sect]\n"
    "cipherstring = HIGH:!aNULL\n"
    "PROTOCOL = -ALL,TLSv1.3\n"
    "VerifyMode = Peer\n"
    "Groups = X25519:P-256\n"
    "[bad_sect]\n"
    "MinProtocol = bogus\n"
    "Nonsense = 1\n"
    "CipherString = HIGH\n"
    "Certificate = tests-c/fixtures/certs/rsa.pem\n"
    "[roles_sect]\n"
    "ServerPreference = yes\n"
    "Options = ServerPreference\n"
    "VerifyMode = Peer\n"
    "VerifyMode = Require\n"
    "ECDHParameters = automatic\n"
    "NumTickets = 5\n";

static void show(const char *label, SSL_CTX *ctx, SSL *s)
{
    X509_STORE *st = NULL;

    if (s != NULL) {
        print_ssl(label, s);
        print_ciphers(label, SSL_get_ciphers(s), 6);
        printf("%s: cert=%s key=%s tickets=%zu CA names=%d\n", label,
               SSL_get_certificate(s) ? "yes" : "no", SSL_get_privatekey(s) ? "yes" : "no",
               SSL_get_num_tickets(s),
               SSL_get0_CA_list(s) ? sk_X509_NAME_num(SSL_get0_CA_list(s)) : -1);
        SSL_get0_verify_cert_store(s, &st);
    } else {
        print_ctx(label, ctx);
        print_ciphers(label, SSL_CTX_get_ciphers(ctx), 6);
        printf("%s: cert=%s key=%s tickets=%zu CA names=%d\n", label,
               SSL_CTX_get0_certificate(ctx) ? "yes" : "no",
               SSL_CTX_get0_privatekey(ctx) ? "yes" : "no", SSL_CTX_get_num_tickets(ctx),
               SSL_CTX_get0_CA_list(ctx) ? sk_X509_NAME_num(SSL_CTX_get0_CA_list(ctx)) : -1);
        SSL_CTX_get0_verify_cert_store(ctx, &st);
    }
    printf("%s: verify store=%d\n", label,
           st ? sk_X509_OBJECT_num(X509_STORE_get0_objects(st)) : -1);
}

static void ctx_config(const SSL_METHOD *meth, const char *mname, const char *name)
{
    SSL_CTX *ctx = SSL_CTX_new(meth);
    char label[100];
    int rv;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    rv = SSL_CTX_config(ctx, name);
    snprintf(label, sizeof(label), "SSL_CTX_config(%s, %s)", mname, name ? name : "NULL");
    printf("%s = %d\n", label, rv);
    print_errors_data(label);
    show(label, ctx, NULL);
    SSL_CTX_free(ctx);
}

static void ssl_config(const SSL_METHOD *meth, const char *mname, const char *name)
{
    SSL_CTX *ctx = SSL_CTX_new(meth);
    SSL *s = SSL_new(ctx);
    char label[100];
    int rv;

    FATAL_IF(s == NULL, "SSL_new");
    rv = SSL_config(s, name);
    snprintf(label, sizeof(label), "SSL_config(%s, %s)", mname, name ? name : "NULL");
    printf("%s = %d\n", label, rv);
    print_errors_data(label);
    show(label, ctx, s);
    show("  its ctx", ctx, NULL);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

int main(void)
{
    char path[] = "/tmp/sessl_conf_XXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    static const char *names[] = {"server", "client", "bad", "empty", "roles", "missing",
                                  "Server", "", "ssl_sect", "server_sect", NULL};
    int i;

    FATAL_IF(fd < 0, "mkstemp");
    f = fdopen(fd, "w");
    FATAL_IF(f == NULL, "fdopen");
    fputs(config, f);
    fclose(f);

    /* before any ssl_conf module is loaded, no name is known */
    SSL_add_ssl_module();
    ctx_config(TLS_method(), "TLS", "server");

    i = CONF_modules_load_file(path, "test_app", 0);
    print_errors_data("load");
    FATAL_IF(i != 1, "CONF_modules_load_file");
    print_errors_data("load");
    unlink(path);
    SSL_add_ssl_module();
    print_errors_data("add_ssl_module");

    for (i = 0; names[i] != NULL; i++) {
        ctx_config(TLS_method(), "TLS", names[i]);
        ctx_config(TLS_server_method(), "TLS_server", names[i]);
        ctx_config(TLS_client_method(), "TLS_client", names[i]);
    }
    ctx_config(TLS_method(), "TLS", NULL);
    printf("SSL_CTX_config(NULL, server) = %d\n", SSL_CTX_config(NULL, "server"));
    print_errors_data("NULL ctx");
    printf("SSL_config(NULL, missing) = %d\n", SSL_config(NULL, "missing"));
    print_errors_data("NULL ssl");
    ssl_config(TLS_method(), "TLS", "server");
    ssl_config(TLS_client_method(), "TLS_client", "roles");
    ssl_config(TLS_server_method(), "TLS_server", "roles");
    ssl_config(TLS_method(), "TLS", "bad");
    ssl_config(TLS_method(), "TLS", "missing");
    ssl_config(TLS_method(), "TLS", NULL);

    /* a connection whose method changed after SSL_new */
    {
        SSL_CTX *ctx = SSL_CTX_new(TLS_method());
        SSL *s = SSL_new(ctx);

        SSL_set_ssl_method(s, TLS_client_method());
        printf("SSL_config(method set to client, roles) = %d\n", SSL_config(s, "roles"));
        print_errors_data("set method");
        show("set method", ctx, s);
        SSL_free(s);
        SSL_CTX_free(ctx);
    }

    CONF_modules_unload(1);
    ctx_config(TLS_method(), "TLS", "server");
    print_errors_data("end");
    return 0;
}
