/*
 * seq_conf.h - SSL_CONF: a configuration context made for one action, with
 * random flags and prefix, given a context or a connection, then commands
 * (file and command-line names, right and wrong values) one by one or as an
 * argv, SSL_CONF_CTX_finish, and what the target shows afterwards. The file
 * commands get a fixture file more often than not (certificates, chains,
 * keys, DH parameters; the encrypted key only where a password callback is
 * set: OpenSSL's default prompts on the terminal).
 */

static const char *const conf_names[] = {
    "CipherString", "Ciphersuites", "Options", "Protocol", "MinProtocol", "MaxProtocol", "SignatureAlgorithms",
    "ClientSignatureAlgorithms", "Groups", "Curves", "VerifyMode", "RecordPadding", "NumTickets", "ECDHParameters",
    "Certificate", "PrivateKey", "ChainCAFile", "VerifyCAFile", "RequestCAFile", "ClientCAFile", "ServerInfoFile",
    "VerifyCAPath", "ChainCAPath", "RequestCAPath",
    "DHParameters", "Bogus", "cipherstring", "-cipher", "-ciphersuites", "-min_protocol", "-max_protocol",
    "-sigalgs", "-client_sigalgs", "-groups", "-curves", "-named_curve", "-record_padding", "-num_tickets",
    "-no_ticket", "-serverpref", "-no_tls1_3", "-no_tls1_2", "-bugs", "-comp", "-no_comp", "-legacy_renegotiation",
    "-no_renegotiation", "-prioritize_chacha", "-strict", "-no_middlebox", "-anti_replay", "-no_anti_replay",
    "-allow_no_dhe_kex", "-no_etm", "-cert", "-key", "-dhparam", "-verify", "-bogus", "cipher", "",
};

static const char *const conf_values[] = {
    "ALL", "HIGH:!aNULL", "bogus", "", "TLSv1.2", "TLSv1.3", "None", "DTLSv1", "SSLv3", "-TLSv1.2",
    "ALL,-TLSv1", "Bugs,-ServerPreference", "Peer,Request", "Peer,Require", "Once", "RequestPostHandshake",
    "P-256:X25519", "X25519", "RSA+SHA256:ECDSA+SHA256", "1024", "0", "3", "-1", "TLS_AES_128_GCM_SHA256",
    "auto", "prime256v1", "/nonexistent/conf.pem", "Compression,-Bugs", "NoTicket", "x", "99999999999",
};

static const char *conf_pick_name(void) { return conf_names[rnd(sizeof conf_names / sizeof conf_names[0])]; }
static const char *conf_pick_value(void)
{
    return pct(8) ? NULL : conf_values[rnd(sizeof conf_values / sizeof conf_values[0])];
}

/* A command name in lower case, for matching either spelling. */
static void conf_lower(const char *name, char *low, size_t cap)
{
    size_t i;
    for (i = 0; name[i] != '\0' && i < cap - 1; i++)
        low[i] = (char)tolower((unsigned char)name[i]);
    low[i] = '\0';
}

/* A fixture file for a file command (by its name, either spelling), or
 * NULL to keep the value picked. */
static const char *conf_file_value(int c, int l, const char *name)
{
    char low[64];
    if (name == NULL || !pct(60))
        return NULL;
    conf_lower(name, low, sizeof low);
    if (strstr(low, "privatekey") != NULL || strcmp(low, "-key") == 0) {
        const char *path = pick_key_file();
        if (strstr(path, "rsa_enc") != NULL && !(l >= 0 ? L[l].pw : c >= 0 ? C[c].pw : 0))
            path = fx("rsa.key");
        return path;
    }
    if (strstr(low, "dhparam") != NULL)
        return pct(70) ? fx("dh2048.pem") : pick_cert_file();
    if (strstr(low, "certificate") != NULL || strcmp(low, "-cert") == 0 || strstr(low, "cafile") != NULL ||
        strstr(low, "serverinfofile") != NULL)
        return pick_cert_file();
    if (strstr(low, "capath") != NULL)
        return pct(70) ? fx("cadir") : fx("missing");
    return NULL;
}

/* What the transcript shows of a value: a fixture by its file name. */
static const char *conf_shown(const char *value)
{
    if (value != NULL && strncmp(value, fx_dir, strlen(fx_dir)) == 0)
        return strrchr(value, '/') + 1;
    return value ? value : "NULL";
}

/* A signature-algorithms command changes what act_cipher_list's steer
 * watches: the model is told, whatever the command returned. */
static void conf_note(int c, int l, const char *name)
{
    if (name != NULL && (strstr(name, "igalg") != NULL || strstr(name, "ignatureAlgorithms") != NULL)) {
        if (l >= 0)
            L[l].sigalgs = 1;
        else
            C[c].sigalgs = 1;
    }
}

/* With no context or connection to work on, a groups command (Groups,
 * Curves, -groups, -curves) crashes OpenSSL: it parses the list through
 * SSL_CTX_ctrl(NULL, SSL_CTRL_SET_GROUPS_LIST), COMPATIBILITY.md's row
 * (ctrl_crashes.c). -named_curve/ECDHParameters check for a target first. */
static int conf_crashes_openssl(int has_target, const char *name)
{
    char low[64];
    if (has_target || name == NULL)
        return 0;
    conf_lower(name, low, sizeof low);
    return strstr(low, "groups") != NULL || strstr(low, "curves") != NULL;
}

static void conf_show(int c, int l)
{
    if (l >= 0) {
        SSL *s = L[l].p;
        const char *first = SSL_get_cipher_list(s, 0);
        CALL("  ssl#%d: options 0x%llx min 0x%lx max 0x%lx verify %d first cipher %s", l,
             (unsigned long long)SSL_get_options(s), (long)SSL_get_min_proto_version(s),
             (long)SSL_get_max_proto_version(s), SSL_get_verify_mode(s), first ? first : "(none)");
    } else {
        SSL_CTX *x = C[c].p;
        STACK_OF(SSL_CIPHER) *sk = SSL_CTX_get_ciphers(x);
        CALL("  ctx#%d: options 0x%llx min 0x%lx max 0x%lx verify %d tickets %zu ciphers %d", c,
             (unsigned long long)SSL_CTX_get_options(x), (long)SSL_CTX_get_min_proto_version(x),
             (long)SSL_CTX_get_max_proto_version(x), SSL_CTX_get_verify_mode(x), SSL_CTX_get_num_tickets(x),
             sk ? sk_SSL_CIPHER_num(sk) : -1);
    }
}

static void act_conf(void)
{
    static const unsigned flag_bits[] = {SSL_CONF_FLAG_CMDLINE, SSL_CONF_FLAG_FILE, SSL_CONF_FLAG_CLIENT,
                                         SSL_CONF_FLAG_SERVER, SSL_CONF_FLAG_SHOW_ERRORS, SSL_CONF_FLAG_CERTIFICATE,
                                         SSL_CONF_FLAG_REQUIRE_PRIVATE};
    static const char *const prefixes[] = {"-", "ssl_", "Test", ""};
    int c, l, is_ssl = pick_either(&c, &l), k, n, r;
    unsigned flags = 0, cleared = 0;
    int has_target = 1;
    SSL_CONF_CTX *cc;

    if (!is_ssl && c < 0)
        return;
    cc = SSL_CONF_CTX_new();
    if (cc == NULL)
        return;
    for (k = 0; k < 7; k++)
        if (pct(40))
            flags |= flag_bits[k];
    CALL("SSL_CONF_CTX_set_flags 0x%x = 0x%x", flags, SSL_CONF_CTX_set_flags(cc, flags));
    if (pct(15)) {
        cleared = flag_bits[rnd(7)];
        CALL("SSL_CONF_CTX_clear_flags 0x%x = 0x%x", cleared, SSL_CONF_CTX_clear_flags(cc, cleared));
    }
    if (pct(25)) {
        const char *p = pct(10) ? NULL : prefixes[rnd(4)];
        CALL("SSL_CONF_CTX_set1_prefix %s = %d", p ? p : "NULL", SSL_CONF_CTX_set1_prefix(cc, p));
    }
    if (pct(10)) {
        has_target = 0; /* commands that need one fail */
    } else if (is_ssl) {
        SSL_CONF_CTX_set_ssl(cc, L[l].p);
        CALL("SSL_CONF_CTX_set_ssl ssl#%d", l);
    } else {
        SSL_CONF_CTX_set_ssl_ctx(cc, C[c].p);
        CALL("SSL_CONF_CTX_set_ssl_ctx ctx#%d", c);
    }
    errs();
    n = 1 + (int)rnd(3);
    for (k = 0; k < n; k++) {
        const char *name = pct(4) ? NULL : conf_pick_name(), *value = conf_pick_value();
        const char *file = conf_file_value(has_target && !is_ssl ? c : -1, has_target && is_ssl ? l : -1, name);
        if (file != NULL)
            value = file;
        if (conf_crashes_openssl(has_target, name)) {
            CALL("steer (no target): SSL_CONF_cmd %s skipped, OpenSSL crashes", name);
            continue;
        }
        if (pct(25)) {
            /* command-line style: the name and maybe its value in an argv */
            char *argv[3];
            char **p = argv;
            int argc = 1 + (pct(70) && value != NULL), before;
            argv[0] = (char *)(uintptr_t)(name ? name : "-cipher");
            argv[1] = (char *)(uintptr_t)value;
            argv[2] = NULL;
            before = argc;
            conf_note(c, l, argv[0]);
            r = SSL_CONF_cmd_argv(cc, &argc, &p);
            CALL("SSL_CONF_cmd_argv %s %s (argc %d) = %d argc %d moved %d", argv[0], before > 1 ? conf_shown(value) : "-",
                 before, r, argc, (int)(p - argv));
        } else {
            conf_note(c, l, name);
            r = SSL_CONF_cmd(cc, name, value);
            CALL("SSL_CONF_cmd %s %s = %d", name ? name : "NULL", conf_shown(value), r);
        }
        errs();
        if (name != NULL && pct(40)) {
            CALL("SSL_CONF_cmd_value_type %s = %d", name, SSL_CONF_cmd_value_type(cc, name));
            errs();
        }
    }
    if (pct(80)) {
        CALL("SSL_CONF_CTX_finish = %d", SSL_CONF_CTX_finish(cc));
        errs();
    }
    SSL_CONF_CTX_free(cc);
    CALL("SSL_CONF_CTX_free");
    if (is_ssl || c >= 0)
        conf_show(c, l);
    errs();
}
