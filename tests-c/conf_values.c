/*
 * conf_values.c - SSL_CONF_cmd's commands that take a string, in both
 * spellings (file: CipherString...; command line: -cipher...), and their
 * effects read back through the getters: cipher lists and TLS 1.3
 * ciphersuites, protocol bounds, groups and curves (and ECDHParameters's
 * special values), signature algorithms, record padding and ticket counts; on
 * an SSL_CTX, on an SSL and on no object; good and bad values.
 */
#include "conf_util.h"

enum target { ON_CTX, ON_SSL, ON_NOTHING };

static void one(enum target t, const SSL_METHOD *meth, unsigned int flags, const char *cmd,
                const char *value)
{
    SSL_CTX *ctx = SSL_CTX_new(meth);
    SSL *s;
    SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();
    int rv;

    FATAL_IF(ctx == NULL || cctx == NULL, "new");
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    SSL_CONF_CTX_set_flags(cctx, flags | SSL_CONF_FLAG_SHOW_ERRORS);
    if (t == ON_CTX)
        SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
    else if (t == ON_SSL)
        SSL_CONF_CTX_set_ssl(cctx, s);
    rv = SSL_CONF_cmd(cctx, cmd, value);
    printf("%s %s(%s) flags=%#x: %d\n",
           t == ON_CTX ? "ctx" : t == ON_SSL ? "ssl" : "none", cmd, value ? value : "NULL",
           flags, rv);
    print_errors_data("   ");
    print_ctx("   ctx", ctx);
    print_ciphers("   ctx", SSL_CTX_get_ciphers(ctx), 4);
    if (t == ON_SSL) {
        print_ssl("   ssl", s);
        print_ciphers("   ssl", SSL_get_ciphers(s), 4);
        printf("   ssl: num_tickets=%zu\n", SSL_get_num_tickets(s));
    }
    printf("   ctx: num_tickets=%zu\n", SSL_CTX_get_num_tickets(ctx));
    print_errors_data("   after");
    SSL_CONF_CTX_free(cctx);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

struct pair {
    const char *file, *cmdline;
};

int main(void)
{
    static const struct pair cmds[] = {
        {"CipherString", "-cipher"}, {"Ciphersuites", "-ciphersuites"},
        {"MinProtocol", "-min_protocol"}, {"MaxProtocol", "-max_protocol"},
        {"Groups", "-groups"}, {"Curves", "-curves"}, {"ECDHParameters", "-named_curve"},
        {"SignatureAlgorithms", "-sigalgs"}, {"ClientSignatureAlgorithms", "-client_sigalgs"},
        {"RecordPadding", "-record_padding"}, {"NumTickets", "-num_tickets"}, {NULL, NULL}};
    static const char *values[] = {
        /* cipher strings */
        "HIGH", "AES128-SHA:AES256-SHA", "DEFAULT:@SECLEVEL=0", "NOPE", "",
        "ECDHE-RSA-AES128-GCM-SHA256",
        /* ciphersuites */
        "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384",
        "TLS_NOPE",
        /* protocols */
        "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3", "SSLv3", "DTLSv1", "DTLSv1.2", "None", "tlsv1.2",
        "TLSv1.4", "0",
        /* groups */
        "P-256", "X25519:P-384", "prime256v1", "secp384r1", "auto", "automatic", "+automatic",
        "nope", "P-256:nope", "X25519:X448:ffdhe2048",
        /* signature algorithms */
        "RSA+SHA256", "ECDSA+SHA256:rsa_pss_rsae_sha256", "ed25519", "RSA+NOPE",
        /* numbers */
        "0", "1", "512", "16384", "16385", "-1", "3x", " 7", "+5", "x", "99999999999", NULL};
    static const unsigned int modes[] = {
        SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT | SSL_CONF_FLAG_SERVER,
        SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_CLIENT | SSL_CONF_FLAG_SERVER};
    int c, v, m;

    for (c = 0; cmds[c].file != NULL; c++)
        for (v = 0; values[v] != NULL; v++)
            for (m = 0; m < 2; m++)
                one(ON_CTX, TLS_method(), modes[m], m ? cmds[c].cmdline : cmds[c].file,
                    values[v]);

    /* on a connection, and on nothing (groups and signature algorithms on
     * nothing are only checked: OpenSSL 3.0 crashes parsing groups there) */
    for (c = 0; cmds[c].file != NULL; c++) {
        static const char *some[] = {"HIGH", "TLS_AES_128_GCM_SHA256", "TLSv1.2", "NOPE",
                                     "P-256", "RSA+SHA256", "7", "auto", NULL};

        for (v = 0; some[v] != NULL; v++) {
            one(ON_SSL, TLS_method(), modes[0], cmds[c].file, some[v]);
            if (strcmp(cmds[c].file, "Groups") != 0 && strcmp(cmds[c].file, "Curves") != 0)
                one(ON_NOTHING, TLS_method(), modes[0], cmds[c].file, some[v]);
        }
        one(ON_CTX, TLS_method(), modes[0], cmds[c].file, NULL);
    }

    /* ECDHParameters's "automatic" is for files, "auto" for command lines */
    one(ON_CTX, TLS_method(), SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER, "ECDHParameters",
        "AUTOMATIC");
    one(ON_CTX, TLS_method(),
        SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, "-named_curve",
        "auto");
    one(ON_CTX, TLS_method(),
        SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, "-ECDHParameters",
        "automatic");
    one(ON_NOTHING, TLS_method(), SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER,
        "ECDHParameters", "P-256");

    /* protocol bounds of fixed-role methods */
    one(ON_CTX, TLS_client_method(), modes[0], "MinProtocol", "TLSv1.3");
    one(ON_CTX, TLS_server_method(), modes[0], "MaxProtocol", "TLSv1.1");
    one(ON_SSL, TLS_server_method(), modes[0], "MaxProtocol", "TLSv1.1");
    one(ON_CTX, TLS_server_method(), modes[0], "MaxProtocol", "DTLSv1.2");
    one(ON_CTX, TLS_server_method(), modes[0], "MinProtocol", "DTLSv1");

    /* several commands on one context add up */
    {
        SSL_CTX *ctx = SSL_CTX_new(TLS_method());
        SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();

        SSL_CONF_CTX_set_flags(cctx, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER
                               | SSL_CONF_FLAG_SHOW_ERRORS);
        SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
        run_cmd(cctx, "MinProtocol", "TLSv1.2");
        run_cmd(cctx, "MaxProtocol", "TLSv1.3");
        run_cmd(cctx, "CipherString", "ECDHE+AESGCM");
        run_cmd(cctx, "Ciphersuites", "TLS_AES_256_GCM_SHA384");
        run_cmd(cctx, "Options", "ServerPreference,-SessionTicket");
        run_cmd(cctx, "NumTickets", "4");
        run_cmd(cctx, "MinProtocol", "bogus");
        print_ctx("sum", ctx);
        print_ciphers("sum", SSL_CTX_get_ciphers(ctx), 10);
        printf("sum: num_tickets=%zu\n", SSL_CTX_get_num_tickets(ctx));
        SSL_CONF_CTX_free(cctx);
        SSL_CTX_free(ctx);
    }
    print_errors_data("end");
    return 0;
}
