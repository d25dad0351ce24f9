/*
 * conf_switches.c - SSL_CONF_cmd's flag commands and their effects, read back
 * through the getters: every command-line switch (-no_ssl3 ... -no_etm), the
 * Options, Protocol and VerifyMode lists (+/- signs, case, spaces, empty and
 * unknown elements, client-only and server-only names), on an SSL_CTX, on an
 * SSL (its context unchanged) and on no object at all, under client, server
 * and both roles.
 */
#include "conf_util.h"

static const char *switches[] = {
    "-no_ssl3", "-no_tls1", "-no_tls1_1", "-no_tls1_2", "-no_tls1_3", "-bugs", "-no_comp",
    "-comp", "-ecdh_single", "-no_ticket", "-serverpref", "-legacy_renegotiation",
    "-client_renegotiation", "-legacy_server_connect", "-no_renegotiation",
    "-no_resumption_on_reneg", "-no_legacy_server_connect", "-allow_no_dhe_kex",
    "-prioritize_chacha", "-strict", "-no_middlebox", "-anti_replay", "-no_anti_replay",
    "-no_etm", NULL};

static const unsigned int roles[] = {
    SSL_CONF_FLAG_CLIENT, SSL_CONF_FLAG_SERVER, SSL_CONF_FLAG_CLIENT | SSL_CONF_FLAG_SERVER, 0};

enum target { ON_CTX, ON_SSL, ON_NOTHING };

/* Runs one command on a fresh object whose options start at `start`
 * (0: cleared, 1: the defaults, 2: all set); prints result and settings. */
static void one(enum target t, unsigned int flags, int start, const char *cmd,
                const char *value)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;
    SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();
    int rv;

    FATAL_IF(ctx == NULL || cctx == NULL, "new");
    if (start == 0)
        SSL_CTX_clear_options(ctx, SSL_CTX_get_options(ctx));
    else if (start == 2) {
        SSL_CTX_set_options(ctx, ~(uint64_t)0);
        SSL_CTX_set_verify(ctx, 0xf, NULL);
        SSL_CTX_set_cert_flags(ctx, 0xffffffffu);
    }
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    SSL_CONF_CTX_set_flags(cctx, flags);
    if (t == ON_CTX)
        SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
    else if (t == ON_SSL)
        SSL_CONF_CTX_set_ssl(cctx, s);
    rv = SSL_CONF_cmd(cctx, cmd, value);
    printf("%s %s(%s) flags=%#x start=%d: %d\n",
           t == ON_CTX ? "ctx" : t == ON_SSL ? "ssl" : "none", cmd, value ? value : "NULL",
           flags, start, rv);
    print_ctx("   ctx", ctx);
    if (t == ON_SSL)
        print_ssl("   ssl", s);
    print_errors_data("   ");
    SSL_CONF_CTX_free(cctx);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

int main(void)
{
    static const char *options[] = {
        "SessionTicket", "-SessionTicket", "EmptyFragments", "-EmptyFragments", "Bugs",
        "-Bugs", "+Bugs", "Compression", "-Compression", "ServerPreference",
        "-ServerPreference", "NoResumptionOnRenegotiation", "DHSingle", "ECDHSingle",
        "UnsafeLegacyRenegotiation", "UnsafeLegacyServerConnect",
        "-UnsafeLegacyServerConnect", "ClientRenegotiation", "EncryptThenMac",
        "-EncryptThenMac", "NoRenegotiation", "AllowNoDHEKEX", "PreferNoDHEKEX",
        "PrioritizeChaCha", "MiddleboxCompat", "-MiddleboxCompat", "AntiReplay", "-AntiReplay",
        "ExtendedMasterSecret", "-ExtendedMasterSecret", "CANames", "-CANames", "KTLS",
        "StrictCertCheck", "IgnoreUnexpectedEOF", "TxCertificateCompression",
        "sessionticket", "-SESSIONTICKET", "bugs", " Bugs , -SessionTicket ",
        "\tKTLS\n,\vBugs", "Bugs,,KTLS", ",Bugs", "Bugs,", "", " ", ",", "Bug", "Bugs,Nope,KTLS",
        "+", "-", "++Bugs", "+-Bugs", "Bugs KTLS", "Bugs;KTLS", "KTLS,-KTLS", "-KTLS,KTLS",
        "Bugs,-Bugs,Bugs", NULL};
    static const char *protocols[] = {
        "ALL", "-ALL", "SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3", "-TLSv1.3",
        "DTLSv1", "DTLSv1.2", "-ALL,TLSv1.2", "ALL,-TLSv1,-TLSv1.1", "tlsv1.2", "-tlsv1.3",
        "None", "TLSv1.4", "", "TLSv1.2,", NULL};
    static const char *modes[] = {
        "Peer", "Request", "Require", "Once", "RequestPostHandshake", "RequirePostHandshake",
        "peer", "-Peer", "Peer,Once", "Require,-Request", "Request,Require,Once", "None",
        "Peer,Nope", "", NULL};
    int i, r, st;

    for (i = 0; switches[i] != NULL; i++)
        for (r = 0; r < 4; r++)
            for (st = 0; st < 3; st += 2) {
                one(ON_CTX, SSL_CONF_FLAG_CMDLINE | roles[r], st, switches[i], NULL);
                if (r == 2)
                    one(ON_SSL, SSL_CONF_FLAG_CMDLINE | roles[r], st, switches[i], NULL);
            }
    /* a switch ignores its value; without an object it changes nothing */
    one(ON_CTX, SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, 1, "-no_ticket", "ignored");
    one(ON_NOTHING, SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, 1, "-no_ticket", NULL);
    one(ON_NOTHING, SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, 1, "-strict", NULL);

    for (i = 0; options[i] != NULL; i++)
        for (r = 0; r < 4; r++)
            for (st = 0; st < 3; st += 2)
                one(ON_CTX, SSL_CONF_FLAG_FILE | roles[r], st, "Options", options[i]);
    for (i = 0; options[i] != NULL; i += 7) {
        one(ON_SSL, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER, 1, "Options", options[i]);
        one(ON_NOTHING, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER, 1, "Options", options[i]);
    }
    one(ON_CTX, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER, 1, "Options", NULL);
    one(ON_CTX, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_SHOW_ERRORS, 1,
        "Options", NULL);
    one(ON_CTX, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_SHOW_ERRORS, 1,
        "Options", "Bugs,Nope");

    for (i = 0; protocols[i] != NULL; i++)
        for (r = 0; r < 4; r++)
            for (st = 0; st < 3; st += 2)
                one(ON_CTX, SSL_CONF_FLAG_FILE | roles[r], st, "Protocol", protocols[i]);
    one(ON_SSL, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT, 1, "Protocol", "-ALL,TLSv1.3");
    one(ON_NOTHING, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT, 1, "Protocol", "-ALL,TLSv1.3");
    one(ON_CTX, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT, 1, "Protocol", NULL);

    for (i = 0; modes[i] != NULL; i++)
        for (r = 0; r < 4; r++)
            for (st = 0; st < 3; st += 2)
                one(ON_CTX, SSL_CONF_FLAG_FILE | roles[r], st, "VerifyMode", modes[i]);
    one(ON_SSL, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER, 1, "VerifyMode", "Require,Once");
    one(ON_NOTHING, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER, 1, "VerifyMode", "Require");
    one(ON_CTX, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER, 1, "VerifyMode", NULL);

    /* the object may change between commands; NULL detaches */
    {
        SSL_CTX *a = SSL_CTX_new(TLS_method()), *b = SSL_CTX_new(TLS_method());
        SSL *s = SSL_new(a);
        SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();

        SSL_CONF_CTX_set_flags(cctx, SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER);
        SSL_CONF_CTX_set_ssl_ctx(cctx, a);
        run_cmd(cctx, "-no_ticket", NULL);
        SSL_CONF_CTX_set_ssl(cctx, s);
        run_cmd(cctx, "-serverpref", NULL);
        SSL_CONF_CTX_set_ssl_ctx(cctx, b);
        run_cmd(cctx, "-no_renegotiation", NULL);
        SSL_CONF_CTX_set_ssl_ctx(cctx, NULL);
        run_cmd(cctx, "-bugs", NULL);
        SSL_CONF_CTX_set_ssl(cctx, s);
        SSL_CONF_CTX_set_ssl(cctx, NULL);
        run_cmd(cctx, "-no_etm", NULL);
        print_ctx("a", a);
        print_ctx("b", b);
        print_ssl("s", s);
        SSL_CONF_CTX_free(cctx);
        SSL_free(s);
        SSL_CTX_free(a);
        SSL_CTX_free(b);
    }
    print_errors_data("end");
    return 0;
}
