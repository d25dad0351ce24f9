/*
 * session_demo: a tour of sessl's session layer, built against sessl's header.
 *
 * It creates a client context and two connections, gives the first a session,
 * moves the session to the second, keeps its own reference with
 * SSL_get1_session, and shows that the session outlives both connections.
 */
#include <stdio.h>
#include <openssl/ssl.h>

static void show(const char *what, const SSL_SESSION *s)
{
    unsigned int id_len = 0;
    const unsigned char *id = SSL_SESSION_get_id(s, &id_len);
    unsigned int i;

    printf("%-34s id=", what);
    for (i = 0; i < id_len; i++)
        printf("%02x", id[i]);
    printf(" host=%s timeout=%ld resumable=%d\n",
           SSL_SESSION_get0_hostname(s) ? SSL_SESSION_get0_hostname(s) : "(none)",
           SSL_SESSION_get_timeout(s), SSL_SESSION_is_resumable(s));
}

int main(void)
{
    static const unsigned char id[] = { 0x5e, 0x55, 0x10, 0x01 };
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *first, *second;
    SSL_SESSION *session, *kept;

    if (ctx == NULL)
        return 1;
    first = SSL_new(ctx);
    second = SSL_new(ctx);
    printf("context: session timeout %ld s, connections default to %ld s\n",
           SSL_CTX_get_timeout(ctx), SSL_get_default_timeout(first));

    session = SSL_SESSION_new();
    SSL_SESSION_set1_id(session, id, sizeof(id));
    SSL_SESSION_set1_hostname(session, "example.test");
    SSL_SESSION_set_timeout(session, SSL_CTX_get_timeout(ctx));
    show("new session:", session);

    SSL_set_session(first, session);   /* the connection takes a reference */
    SSL_SESSION_free(session);         /* ours goes; the connection keeps it */
    show("held by the first connection:", SSL_get0_session(first));

    SSL_copy_session_id(second, first);
    printf("second connection shares it: %s\n",
           SSL_get0_session(second) == SSL_get0_session(first) ? "yes" : "no");

    kept = SSL_get1_session(second);   /* our own reference */
    SSL_free(first);
    SSL_free(second);
    SSL_CTX_free(ctx);
    show("after freeing both connections:", kept);
    SSL_SESSION_free(kept);
    printf("done: every object freed exactly once\n");
    return 0;
}
