/*
 * conf_errors.c - SSL_CONF_cmd's return values (2, 1, 0, -2, -3) and the errors
 * it queues with and without SSL_CONF_FLAG_SHOW_ERRORS (SSL_R_UNKNOWN_CMD_NAME
 * "cmd=...", SSL_R_BAD_VALUE "cmd=..., value=...", SSL_R_INVALID_NULL_CMD_NAME),
 * names refused for their flags or prefix, and SSL_CONF_cmd_argv's walk over
 * an argument vector (what it consumes, and what it returns for unknown
 * switches, bad values and missing values).
 */
#include "conf_util.h"

static void argv_run(unsigned int flags, const char *prefix, int argc_in, const char **args,
                     int pass_argc)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();
    char **argv = (char **)args;
    int argc = argc_in, rv, steps = 0;

    SSL_CONF_CTX_set_flags(cctx, flags);
    if (prefix != NULL)
        SSL_CONF_CTX_set1_prefix(cctx, prefix);
    SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
    printf("argv flags=%#x prefix=%s argc=%d:\n", flags, prefix ? prefix : "NULL", argc);
    for (;;) {
        rv = SSL_CONF_cmd_argv(cctx, pass_argc ? &argc : NULL, &argv);
        printf("  rv=%d argc=%d at=%d next=%s flags=%#x\n", rv, argc, (int)(argv - (char **)args),
               *argv ? *argv : "NULL", SSL_CONF_CTX_set_flags(cctx, 0));
        print_errors_data("  ");
        if (rv > 0 && ++steps < 20)
            continue;
        if (rv == 0 && *argv != NULL && ++steps < 20) {
            /* skip what SSL_CONF does not know, as the openssl apps do */
            argv++;
            if (pass_argc)
                argc--;
            continue;
        }
        break;
    }
    print_ctx("  ctx", ctx);
    SSL_CONF_CTX_free(cctx);
    SSL_CTX_free(ctx);
}

int main(void)
{
    static const unsigned int flagsets[] = {
        SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT,
        SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT | SSL_CONF_FLAG_SHOW_ERRORS,
        SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_CLIENT | SSL_CONF_FLAG_SHOW_ERRORS,
        SSL_CONF_FLAG_SHOW_ERRORS | SSL_CONF_FLAG_CLIENT, 0};
    static const struct {
        const char *cmd, *value;
    } cmds[] = {
        {"CipherString", "HIGH"}, {"CipherString", "NOPE"}, {"CipherString", NULL},
        {"Nonsense", "x"}, {"Nonsense", NULL}, {NULL, "x"}, {NULL, NULL}, {"-cipher", "NOPE"},
        {"-cipher", NULL}, {"-nonsense", NULL}, {"-", NULL}, {"", NULL}, {"cipher", "HIGH"},
        {"-no_ticket", NULL}, {"-serverpref", NULL}, {"ServerInfoFile", "x"},
        {"Certificate", "x"}, {"MinProtocol", "TLSv9"}, {"Options", "Nope"},
        {"Protocol", ""}, {"RecordPadding", "-3"}, {"NumTickets", "2"}};
    size_t f, i;

    for (f = 0; f < 5; f++) {
        SSL_CTX *ctx = SSL_CTX_new(TLS_method());
        SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();

        SSL_CONF_CTX_set_flags(cctx, flagsets[f]);
        SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
        printf("flags %#x\n", flagsets[f]);
        for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
            run_cmd(cctx, cmds[i].cmd, cmds[i].value);
        /* with a prefix, the data names the command without it */
        SSL_CONF_CTX_set1_prefix(cctx, "Pre");
        run_cmd(cctx, "PreNonsense", "x");
        run_cmd(cctx, "Nonsense", "x");
        run_cmd(cctx, "PreMinProtocol", "bogus");
        run_cmd(cctx, "preCipherString", NULL);
        run_cmd(cctx, "Pre", "x");
        SSL_CONF_CTX_free(cctx);
        SSL_CTX_free(ctx);
    }

    {
        const char *a1[] = {"-cipher", "HIGH", "-no_ticket", "-min_protocol", "TLSv1.2",
                            "-bogus", "x", "-max_protocol", "TLSv9", "-num_tickets", "3", NULL};
        const char *a2[] = {"-no_ticket", "-cipher", NULL};
        const char *a3[] = {"-cipher", NULL};
        const char *a4[] = {NULL};
        const char *a5[] = {"--cipher", "HIGH", "--no_ticket", "-cipher", "LOW", NULL};
        const char *a6[] = {"CipherString", "HIGH", "Options", "Bugs", NULL};

        argv_run(SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, NULL, 11, a1, 1);
        argv_run(SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_SHOW_ERRORS,
                 NULL, 11, a1, 1);
        argv_run(SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, NULL, 11, a1, 0);
        argv_run(SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, NULL, 2, a2, 1);
        argv_run(SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, NULL, 3, a2, 0);
        argv_run(SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, NULL, 1, a3, 1);
        argv_run(SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, NULL, 0, a3, 1);
        argv_run(SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, NULL, 0, a4, 0);
        argv_run(SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_SERVER, "--", 5, a5, 1);
        /* argv forces the command-line mode: file names are not taken */
        argv_run(SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER, NULL, 4, a6, 1);
        argv_run(SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER, NULL, 5, a1, 1);
    }
    print_errors_data("end");
    return 0;
}
