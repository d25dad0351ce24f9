/* SSL_get1_supported_ciphers reads the lowest version its previous call
 * found (OpenSSL's s3.tmp.min_ver: a TLS 1.3-only client offers no DSA or
 * SHA-1 signature algorithms). Re-initialising the connection (here
 * SSL_copy_session_id going back to the context's method of another
 * version) clears it, so a DTLS computation (versions 0xfeff...) does not
 * leak into the next TLS one. Found by the sequence tester, seed 524. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/srp.h>
#include <openssl/err.h>
static void sup(SSL *s, const char *w) {
    STACK_OF(SSL_CIPHER) *sk = SSL_get1_supported_ciphers(s);
    int n = sk ? sk_SSL_CIPHER_num(sk) : -1;
    printf("%s: version %x, %d:", w, (unsigned)SSL_version(s), n);
    for (int i = 0; i < n; i++) { const char *m = SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i)); if (strstr(m, "PSK") || strstr(m, "SRP")) printf(" %s", m); }
    printf("\n");
    sk_SSL_CIPHER_free(sk);
}
int main(void) {
    for (int v = 2; v < 4; v++) {
        SSL_CTX *c = SSL_CTX_new(TLS_method());
        SSL_CTX_use_psk_identity_hint(c, "hint");
        SSL_CTX_set_ssl_version(c, TLSv1_1_server_method());
        SSL *s1 = SSL_new(c), *s2;
        if (v & 1) { SSL_connect(s1); ERR_clear_error(); }
        SSL_CTX_set_srp_strength(c, 2491);
        if (v & 2) SSL_CTX_set_srp_cb_arg(c, NULL);
        SSL_set_ssl_method(s1, DTLSv1_client_method());
        sup(s1, "s1 after method");
        s2 = SSL_new(c);
        SSL_CTX_set_security_level(c, -1729650357);
        sup(s2, "s2");
        SSL_copy_session_id(s1, s2);
        SSL_set_options(s1, 0);
        SSL_set_cipher_list(s1, "ALL");
        SSL_set_post_handshake_auth(s1, 1);
        sup(s1, "s1 after ALL");
        SSL_free(s1); SSL_free(s2); SSL_CTX_free(c);
    }
    return 0;
}
