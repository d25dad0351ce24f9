/* A connection waiting after SSL_set_retry_verify, then a handshake, read or
 * write call whose handshake function is undefined (a client method in the
 * accept state): without SSL_MODE_ASYNC the wait stays (SSL_want 8), except
 * for a write; with it, OpenSSL starts an async job, which ends the wait
 * first (SSL_want 1). Found by the sequence tester, seed 522. */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
int main(void) {
    for (int async = 0; async < 2; async++) {
        for (int op = 0; op < 4; op++) {
            SSL_CTX *c = SSL_CTX_new(TLS_client_method());
            SSL *s = SSL_new(c);
            char buf[4];
            int r = 0;
            if (async) SSL_set_mode(s, SSL_MODE_ASYNC);
            SSL_set_accept_state(s);
            (void)SSL_set_retry_verify(s);
            switch (op) {
            case 0: r = SSL_accept(s); break;
            case 1: r = SSL_do_handshake(s); break;
            case 2: r = SSL_read(s, buf, 4); break;
            case 3: r = SSL_write(s, "x", 1); break;
            }
            printf("async=%d op=%d r=%d want=%d err=%d\n", async, op, r, SSL_want(s), SSL_get_error(s, r));
            ERR_clear_error();
            SSL_free(s); SSL_CTX_free(c);
        }
    }
    return 0;
}
