/*
 * conf_names.c - SSL_CONF_cmd_value_type over OpenSSL 3.0's whole command
 * table: each command-line and file name (and names 3.0 does not have, and
 * other spellings), under every combination of the flags that select names
 * (SSL_CONF_FLAG_CMDLINE / FILE, CLIENT / SERVER, CERTIFICATE), then the
 * prefix rules (SSL_CONF_CTX_set1_prefix, the "-" of command lines, case).
 */
#include "conf_util.h"

static const char *names[] = {
    /* switches (command line only) */
    "no_ssl3", "no_tls1", "no_tls1_1", "no_tls1_2", "no_tls1_3", "bugs", "no_comp", "comp",
    "ecdh_single", "no_ticket", "serverpref", "legacy_renegotiation", "client_renegotiation",
    "legacy_server_connect", "no_renegotiation", "no_resumption_on_reneg",
    "no_legacy_server_connect", "allow_no_dhe_kex", "prioritize_chacha", "strict",
    "no_middlebox", "anti_replay", "no_anti_replay", "no_etm",
    /* later OpenSSL versions' switches */
    "no_ems", "prefer_no_dhe_kex", "no_tx_cert_comp", "tx_cert_comp", "ktls",
    /* commands with a value: file name, command-line name */
    "SignatureAlgorithms", "sigalgs", "ClientSignatureAlgorithms", "client_sigalgs", "Curves",
    "curves", "Groups", "groups", "ECDHParameters", "named_curve", "CipherString", "cipher",
    "Ciphersuites", "ciphersuites", "Protocol", "protocol", "MinProtocol", "min_protocol",
    "MaxProtocol", "max_protocol", "Options", "options", "VerifyMode", "verifymode",
    "Certificate", "cert", "PrivateKey", "key", "ServerInfoFile", "serverinfo", "ChainCAPath",
    "chainCApath", "ChainCAFile", "chainCAfile", "ChainCAStore", "chainCAstore",
    "VerifyCAPath", "verifyCApath", "VerifyCAFile", "verifyCAfile", "VerifyCAStore",
    "verifyCAstore", "RequestCAFile", "requestCAFile", "ClientCAFile", "clientCAfile",
    "RequestCAPath", "requestCAPath", "ClientCAPath", "RequestCAStore", "requestCAStore",
    "ClientCAStore", "DHParameters", "dhparam", "RecordPadding", "record_padding",
    "NumTickets", "num_tickets",
    /* other spellings */
    "CIPHERSTRING", "cipherstring", "Cipher", "CIPHER", "SIGALGS", "No_SSL3", "Bugs",
    "MINPROTOCOL", "Min_Protocol", "verifycafile", "VERIFYCAPATH", "", "x", NULL};

static const unsigned int roles[] = {
    0, SSL_CONF_FLAG_CLIENT, SSL_CONF_FLAG_SERVER, SSL_CONF_FLAG_CLIENT | SSL_CONF_FLAG_SERVER};

static int value_type(unsigned int flags, const char *prefix, const char *cmd)
{
    SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();
    int t;

    FATAL_IF(cctx == NULL, "SSL_CONF_CTX_new");
    SSL_CONF_CTX_set_flags(cctx, flags);
    if (prefix != NULL)
        FATAL_IF(SSL_CONF_CTX_set1_prefix(cctx, prefix) != 1, "set1_prefix");
    t = SSL_CONF_cmd_value_type(cctx, cmd);
    SSL_CONF_CTX_free(cctx);
    return t;
}

int main(void)
{
    static const unsigned int modes[] = {
        0, SSL_CONF_FLAG_CMDLINE, SSL_CONF_FLAG_FILE,
        SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_FILE};
    static const char *pfx[] = {NULL, "ssl_", "SSL_", "-", "--", "x", NULL};
    static const char *pcmds[] = {
        "ssl_CipherString", "SSL_CIPHERSTRING", "ssl_cipher", "-cipher", "--cipher",
        "cipher", "-", "--", "ssl_", "ssl_x", "xcipher", "xCipherString", "x", "-ssl_cipher",
        "ssl_-cipher", "-no_ssl3", "--no_ssl3", "no_ssl3", "-Options", "--Options", NULL};
    int i, m, r, c, p;

    for (i = 0; names[i] != NULL; i++) {
        char dashed[64];

        snprintf(dashed, sizeof(dashed), "-%s", names[i]);
        printf("%-26s", names[i]);
        for (m = 0; m < 4; m++) {
            printf(" |");
            for (r = 0; r < 4; r++)
                for (c = 0; c < 2; c++) {
                    unsigned int f = modes[m] | roles[r] | (c ? SSL_CONF_FLAG_CERTIFICATE : 0);

                    /* command lines take the name after a '-' */
                    printf(" %d%d", value_type(f, NULL, names[i]),
                           value_type(f, NULL, dashed));
                }
        }
        printf("\n");
    }

    /* SHOW_ERRORS and REQUIRE_PRIVATE select nothing; value_type never queues */
    printf("show_errors: %d %d\n",
           value_type(SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SHOW_ERRORS, NULL, "Nonsense"),
           value_type(SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SHOW_ERRORS
                      | SSL_CONF_FLAG_REQUIRE_PRIVATE, NULL, "Options"));
    print_errors_data("show_errors");

    /* prefixes */
    for (p = 0; p < 6; p++) {
        for (m = 1; m < 4; m++) {
            printf("prefix %s mode %d:", pfx[p] ? pfx[p] : "NULL", m);
            for (i = 0; pcmds[i] != NULL; i++)
                printf(" %d", value_type(modes[m] | SSL_CONF_FLAG_CLIENT
                                         | SSL_CONF_FLAG_SERVER, pfx[p], pcmds[i]));
            printf("\n");
        }
    }

    /* a prefix set back to NULL, and an empty prefix */
    {
        SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();

        SSL_CONF_CTX_set_flags(cctx, SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_CLIENT);
        printf("set1_prefix(x) = %d\n", SSL_CONF_CTX_set1_prefix(cctx, "x"));
        printf("  xcipher %d -cipher %d\n", SSL_CONF_cmd_value_type(cctx, "xcipher"),
               SSL_CONF_cmd_value_type(cctx, "-cipher"));
        printf("set1_prefix(NULL) = %d\n", SSL_CONF_CTX_set1_prefix(cctx, NULL));
        printf("  xcipher %d -cipher %d\n", SSL_CONF_cmd_value_type(cctx, "xcipher"),
               SSL_CONF_cmd_value_type(cctx, "-cipher"));
        printf("set1_prefix(\"\") = %d\n", SSL_CONF_CTX_set1_prefix(cctx, ""));
        printf("  cipher %d -cipher %d empty %d\n", SSL_CONF_cmd_value_type(cctx, "cipher"),
               SSL_CONF_cmd_value_type(cctx, "-cipher"), SSL_CONF_cmd_value_type(cctx, ""));
        printf("NULL cmd: %d\n", SSL_CONF_cmd_value_type(cctx, NULL));
        print_errors_data("prefix");
        SSL_CONF_CTX_free(cctx);
    }

    /* the flag setters return the flags */
    {
        SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();

        printf("set_flags: %#x\n", SSL_CONF_CTX_set_flags(cctx, 0x3));
        printf("set_flags: %#x\n", SSL_CONF_CTX_set_flags(cctx, 0xff00));
        printf("clear_flags: %#x\n", SSL_CONF_CTX_clear_flags(cctx, 0x1));
        printf("clear_flags: %#x\n", SSL_CONF_CTX_clear_flags(cctx, ~0u));
        printf("set_flags: %#x\n", SSL_CONF_CTX_set_flags(cctx, 0));
        SSL_CONF_CTX_free(cctx);
        SSL_CONF_CTX_free(NULL);
    }
    print_errors_data("end");
    return 0;
}
