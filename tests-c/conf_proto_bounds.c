/*
 * conf_proto_bounds.c - SSL_CONF's MinProtocol / MaxProtocol store the bound
 * as OpenSSL's min_max_proto does: the method of the context (a connection's
 * current context) decides what it takes, a version of the other kind is
 * accepted and ignored, and the pair of bounds is not checked, unlike
 * SSL_CTX_set_max_proto_version (a DTLS maximum beside a TLS minimum: 2
 * here, 0 from the ctrl). Found by difffuzz (seed 6176).
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static void with_min_set(void)
{
    unsigned flags[] = {0x46, SSL_CONF_FLAG_FILE, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER};
    for (int f = 0; f < 3; f++)
        for (int t = 0; t < 2; t++) {
            SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
            SSL *ssl;
            SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
            ssl = SSL_new(ctx);
            SSL_CONF_CTX *cc = SSL_CONF_CTX_new();
            SSL_CONF_CTX_set_flags(cc, flags[f]);
            if (t)
                SSL_CONF_CTX_set_ssl(cc, ssl);
            else
                SSL_CONF_CTX_set_ssl_ctx(cc, ctx);
            int r = SSL_CONF_cmd(cc, "MaxProtocol", "DTLSv1");
            printf("min TLSv1.2, flags %x, %s: MaxProtocol DTLSv1 = %d; ctx %lx/%lx ssl %lx/%lx; ctrl = %d\n",
                   flags[f], t ? "ssl" : "ctx", r, SSL_CTX_get_min_proto_version(ctx),
                   SSL_CTX_get_max_proto_version(ctx), SSL_get_min_proto_version(ssl),
                   SSL_get_max_proto_version(ssl), (int)SSL_CTX_set_max_proto_version(ctx, DTLS1_VERSION));
            ERR_clear_error();
            SSL_CONF_CTX_free(cc);
            SSL_free(ssl);
            SSL_CTX_free(ctx);
        }
}

/* A connection moved to a DTLS method keeps asking its context's method. */
static void connection_method(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    SSL_set_ssl_method(ssl, DTLS_method());
    SSL_CONF_CTX *cc = SSL_CONF_CTX_new();
    SSL_CONF_CTX_set_flags(cc, SSL_CONF_FLAG_FILE);
    SSL_CONF_CTX_set_ssl(cc, ssl);
    printf("DTLS connection of a TLS context: MinProtocol DTLSv1.2 = %d, MaxProtocol TLSv1.2 = %d; ssl %lx/%lx\n",
           SSL_CONF_cmd(cc, "MinProtocol", "DTLSv1.2"), SSL_CONF_cmd(cc, "MaxProtocol", "TLSv1.2"),
           SSL_get_min_proto_version(ssl), SSL_get_max_proto_version(ssl));
    ERR_clear_error();
    SSL_CONF_CTX_free(cc);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void every_method(void){
  const SSL_METHOD *ms[] = {TLS_method(), DTLS_method(), TLSv1_2_method()};
  const char *names[] = {"TLS","DTLS","TLSv1.2 fixed"};
  const char *vals[] = {"DTLSv1","DTLSv1.2","TLSv1.2","TLSv1.3","SSLv3","None","TLSv1","bogus"};
  for (int m = 0; m < 3; m++) for (int v = 0; v < 8; v++) for (int which = 0; which < 2; which++) {
    SSL_CTX *ctx = SSL_CTX_new(ms[m]);
    SSL *ssl = SSL_new(ctx);
    for (int t = 0; t < 2; t++) {
      SSL_CONF_CTX *cc = SSL_CONF_CTX_new();
      SSL_CONF_CTX_set_flags(cc, SSL_CONF_FLAG_FILE);
      if (t) SSL_CONF_CTX_set_ssl(cc, ssl); else SSL_CONF_CTX_set_ssl_ctx(cc, ctx);
      int r = SSL_CONF_cmd(cc, which ? "MaxProtocol" : "MinProtocol", vals[v]);
      printf("%s %s %s %s = %d; ctx %lx/%lx ssl %lx/%lx\n", names[m], t ? "ssl" : "ctx", which ? "Max" : "Min", vals[v], r,
        SSL_CTX_get_min_proto_version(ctx), SSL_CTX_get_max_proto_version(ctx), SSL_get_min_proto_version(ssl), SSL_get_max_proto_version(ssl));
      SSL_CONF_CTX_free(cc);
      ERR_clear_error();
    }
    SSL_free(ssl); SSL_CTX_free(ctx);
  }

}

int main(void)
{
    every_method();
    with_min_set();
    connection_method();
    return 0;
}
