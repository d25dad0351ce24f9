/*
 * certs_shared_cert_seclevel.c - "@SECLEVEL=n" in SSL_set_cipher_list sets
 * the security level OpenSSL keeps in the CERT, also when the list itself
 * fails, so every connection sharing that CERT (SSL_copy_session_id) sees
 * it; a connection of the same context that shares nothing does not, and a
 * context's list changes only the context. Found by difffuzz (seeds 6250 and
 * 8857: a certificate refused as too small on the sharing connection).
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
int main(void){
  SSL_CTX *ctx = SSL_CTX_new(TLS_method());
  const char *lists[] = {"@SECLEVEL=3", "ALL:@SECLEVEL=4", "bogus:@SECLEVEL=5", "@SECLEVEL=0:bogus"};
  for (int i = 0; i < 4; i++) {
    SSL *a = SSL_new(ctx), *b = SSL_new(ctx), *c = SSL_new(ctx);
    SSL_SESSION *s = SSL_SESSION_new();
    SSL_set_session(b, s);
    SSL_copy_session_id(a, b);
    int r = SSL_set_cipher_list(b, lists[i]);
    printf("%s: set_cipher_list(b) = %d; level a=%d b=%d c=%d\n", lists[i], r, SSL_get_security_level(a), SSL_get_security_level(b), SSL_get_security_level(c));
    r = SSL_set_ciphersuites(a, "TLS_AES_128_GCM_SHA256");
    r = SSL_CTX_set_cipher_list(ctx, lists[i]);
    printf("  ctx set_cipher_list = %d; ctx level %d; new ssl level %d\n", r, SSL_CTX_get_security_level(ctx), SSL_get_security_level(c));
    SSL_CTX_set_security_level(ctx, 1);
    ERR_clear_error();
    SSL_SESSION_free(s); SSL_free(a); SSL_free(b); SSL_free(c);
  }
  SSL_CTX_free(ctx);
  return 0;
}
