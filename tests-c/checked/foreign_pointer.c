/* expect: abort "SSL_SESSION_up_ref: 0x" "is not a live sessl object (expected an SSL_SESSION)" */
#include <openssl/ssl.h>

int main(void)
{
    static long not_a_session[64];

    SSL_SESSION_up_ref((SSL_SESSION *)not_a_session);
    return 0;
}
