/*
 * certs_serverinfo.c - SSL_CTX_use_serverinfo (version 1 data),
 * SSL_CTX_use_serverinfo_ex (versions 1 and 2) and
 * SSL_CTX_use_serverinfo_file: malformed data, NULL and empty data, an
 * unknown version, built-in extension types, a type used twice, and PEM
 * files with good blocks, a bad length, a bad or short name, no blocks,
 * and a missing file, with their error queues.
 */
#include "certs_util.h"

static void run(const char *label, int r)
{
    printf("%s=%d\n", label, r);
    print_errors(label);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    static const unsigned char v1[] = {0x12, 0x34, 0, 3, 1, 2, 3};
    static const unsigned char v1b[] = {0x22, 0x34, 0, 0, 0x22, 0x35, 0, 1, 7};
    static const unsigned char v1_short[] = {0x12, 0x36, 0, 4, 1, 2, 3};
    static const unsigned char v1_builtin[] = {0, 16, 0, 0};
    static const unsigned char v2[] = {0, 0, 0x01, 0xd0, 0x42, 0x42, 0, 1, 5};
    static const unsigned char v2_sct[] = {0, 0, 0, 0x80, 0, 18, 0, 0};

    FATAL_IF(SSL_CTX_use_certificate_file(ctx, FIX("rsa.pem"), SSL_FILETYPE_PEM) != 1, "cert");
    run("v1", SSL_CTX_use_serverinfo(ctx, v1, sizeof(v1)));
    run("v1 same type again", SSL_CTX_use_serverinfo(ctx, v1, sizeof(v1)));
    run("v1 two entries", SSL_CTX_use_serverinfo(ctx, v1b, sizeof(v1b)));
    run("v1 truncated", SSL_CTX_use_serverinfo(ctx, v1_short, sizeof(v1_short)));
    run("v1 built-in type (ALPN)", SSL_CTX_use_serverinfo(ctx, v1_builtin, sizeof(v1_builtin)));
    run("v1 NULL", SSL_CTX_use_serverinfo(ctx, NULL, 5));
    run("v1 empty", SSL_CTX_use_serverinfo(ctx, v1, 0));
    run("ex v2", SSL_CTX_use_serverinfo_ex(ctx, SSL_SERVERINFOV2, v2, sizeof(v2)));
    run("ex v2 as v1", SSL_CTX_use_serverinfo_ex(ctx, SSL_SERVERINFOV1, v2, sizeof(v2)));
    run("ex version 3", SSL_CTX_use_serverinfo_ex(ctx, 3, v2, sizeof(v2)));
    run("ex v2 SCT", SSL_CTX_use_serverinfo_ex(ctx, SSL_SERVERINFOV2, v2_sct, sizeof(v2_sct)));
    run("ex v2 SCT again", SSL_CTX_use_serverinfo_ex(ctx, SSL_SERVERINFOV2, v2_sct, sizeof(v2_sct)));
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new(TLS_server_method());
    FATAL_IF(SSL_CTX_enable_ct(ctx, SSL_CT_VALIDATION_PERMISSIVE) != 1, "enable_ct");
    run("SCT with CT enabled", SSL_CTX_use_serverinfo_ex(ctx, SSL_SERVERINFOV2, v2_sct, sizeof(v2_sct)));
    run("file", SSL_CTX_use_serverinfo_file(ctx, FIX("serverinfo.pem")));
    run("file again", SSL_CTX_use_serverinfo_file(ctx, FIX("serverinfo.pem")));
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new(TLS_server_method());
    run("file bad length", SSL_CTX_use_serverinfo_file(ctx, FIX("serverinfo_badlen.pem")));
    run("file bad name", SSL_CTX_use_serverinfo_file(ctx, FIX("serverinfo_badname.pem")));
    run("file short name", SSL_CTX_use_serverinfo_file(ctx, FIX("serverinfo_short.pem")));
    run("file of keys", SSL_CTX_use_serverinfo_file(ctx, FIX("rsa.key")));
    run("file missing", SSL_CTX_use_serverinfo_file(ctx, FIX("nope.pem")));
    run("file NULL", SSL_CTX_use_serverinfo_file(ctx, NULL));
    run("empty file", SSL_CTX_use_serverinfo_file(ctx, FIX("../../../tests-c/fixtures/certs/cadir/../../../api_util.h")));
    SSL_CTX_free(ctx);
    return 0;
}
