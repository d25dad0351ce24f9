/*
 * certs_ca_lists.c - CA name lists: a context's client CA list and CA list
 * (empty from the start), a connection's (falling back to its context's
 * until it has its own; a client's client CA list is the one the server
 * sent, so none before a handshake), add / set (ownership taken) / add1,
 * SSL_dup_CA_list, SSL_load_client_CA_file (duplicates dropped, errors on a
 * missing or certificate-less file), SSL_add_file_cert_subjects_to_stack
 * (duplicates of what the stack holds dropped), the directory variant and
 * the OSSL_STORE variant.
 */
#include "certs_util.h"

static void test_lists(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl, *client;
    X509 *ca = read_cert(FIX("ca.pem"));
    X509 *inter = read_cert(FIX("inter.pem"));
    STACK_OF(X509_NAME) *sk;

    print_names("ctx client CA (new)", SSL_CTX_get_client_CA_list(ctx));
    print_names("ctx CA (new)", SSL_CTX_get0_CA_list(ctx));
    ssl = SSL_new(ctx);
    client = SSL_new(cctx);
    print_names("ssl client CA (new)", SSL_get_client_CA_list(ssl));
    print_names("ssl CA (new)", SSL_get0_CA_list(ssl));
    print_names("client ssl client CA", SSL_get_client_CA_list(client));
    print_names("client ssl CA", SSL_get0_CA_list(client));
    print_names("peer CA", SSL_get0_peer_CA_list(ssl));
    printf("same list as ctx: client CA %d, CA %d\n",
           SSL_get_client_CA_list(ssl) == SSL_CTX_get_client_CA_list(ctx),
           SSL_get0_CA_list(ssl) == SSL_CTX_get0_CA_list(ctx));

    printf("ctx add client CA=%d\n", SSL_CTX_add_client_CA(ctx, ca));
    printf("ctx add client CA again=%d\n", SSL_CTX_add_client_CA(ctx, ca));
    printf("ctx add NULL=%d\n", SSL_CTX_add_client_CA(ctx, NULL));
    print_errors("ctx add");
    printf("ctx add1 to CA list=%d\n", SSL_CTX_add1_to_CA_list(ctx, inter));
    print_names("ctx client CA", SSL_CTX_get_client_CA_list(ctx));
    print_names("ctx CA", SSL_CTX_get0_CA_list(ctx));
    print_names("ssl client CA (ctx's)", SSL_get_client_CA_list(ssl));
    print_names("ssl CA (ctx's)", SSL_get0_CA_list(ssl));

    /* a connection's own list starts empty, not as a copy */
    printf("ssl add client CA=%d\n", SSL_add_client_CA(ssl, inter));
    printf("ssl add1 to CA list=%d\n", SSL_add1_to_CA_list(ssl, ca));
    printf("ssl add1 NULL=%d\n", SSL_add1_to_CA_list(ssl, NULL));
    print_names("ssl client CA (own)", SSL_get_client_CA_list(ssl));
    print_names("ssl CA (own)", SSL_get0_CA_list(ssl));
    print_names("ctx client CA (unchanged)", SSL_CTX_get_client_CA_list(ctx));
    printf("client ssl add client CA=%d\n", SSL_add_client_CA(client, ca));
    print_names("client ssl client CA", SSL_get_client_CA_list(client));
    SSL_set_accept_state(client);
    print_names("client ssl client CA (accept state)", SSL_get_client_CA_list(client));

    /* set takes ownership; NULL clears */
    sk = SSL_dup_CA_list(SSL_CTX_get_client_CA_list(ctx));
    print_names("dup", sk);
    SSL_set_client_CA_list(ssl, sk);
    printf("ssl list is the one set: %d\n", SSL_get_client_CA_list(ssl) == sk);
    SSL_set_client_CA_list(ssl, NULL);
    print_names("ssl client CA (set NULL, ctx's again)", SSL_get_client_CA_list(ssl));
    SSL_set0_CA_list(ssl, NULL);
    print_names("ssl CA (set NULL)", SSL_get0_CA_list(ssl));
    SSL_CTX_set_client_CA_list(ctx, NULL);
    print_names("ctx client CA (set NULL)", SSL_CTX_get_client_CA_list(ctx));
    print_names("ssl client CA (set NULL)", SSL_get_client_CA_list(ssl));
    printf("ctx add after NULL=%d\n", SSL_CTX_add_client_CA(ctx, inter));
    print_names("ctx client CA", SSL_CTX_get_client_CA_list(ctx));
    SSL_CTX_set0_CA_list(ctx, sk_X509_NAME_new_null());
    print_names("ctx CA (set empty)", SSL_CTX_get0_CA_list(ctx));
    sk = sk_X509_NAME_new_null();
    {
        STACK_OF(X509_NAME) *d = SSL_dup_CA_list(sk);
        print_names("dup of empty", d);
        sk_X509_NAME_free(d);
    }
    sk_X509_NAME_free(sk);
    print_errors("lists");

    /* a list set on the context, then SSL_new: the connection reads it */
    SSL_free(ssl);
    ssl = SSL_new(ctx);
    print_names("new ssl client CA", SSL_get_client_CA_list(ssl));

    SSL_free(ssl);
    SSL_free(client);
    SSL_CTX_free(ctx);
    SSL_CTX_free(cctx);
    X509_free(ca);
    X509_free(inter);
}

static void test_files(void)
{
    STACK_OF(X509_NAME) *sk;
    int r;

    sk = SSL_load_client_CA_file(FIX("cas.pem"));
    print_names("load cas.pem", sk);
    print_errors("load cas.pem");
    sk_X509_NAME_pop_free(sk, X509_NAME_free);
    sk = SSL_load_client_CA_file(FIX("rsa_chain.pem"));
    print_names("load rsa_chain.pem", sk);
    sk_X509_NAME_pop_free(sk, X509_NAME_free);
    sk = SSL_load_client_CA_file_ex(FIX("cadir/b.pem"), NULL, NULL);
    print_names("load_ex b.pem", sk);
    sk_X509_NAME_pop_free(sk, X509_NAME_free);
    sk = SSL_load_client_CA_file(FIX("nope.pem"));
    print_names("load missing", sk);
    print_errors("load missing");
    sk = SSL_load_client_CA_file(FIX("rsa.key"));
    print_names("load key file", sk);
    print_errors("load key file");

    /* duplicates of the file against what the stack holds, and within the file */
    sk = sk_X509_NAME_new_null();
    r = SSL_add_file_cert_subjects_to_stack(sk, FIX("rsa.pem"));
    printf("add rsa.pem=%d\n", r);
    r = SSL_add_file_cert_subjects_to_stack(sk, FIX("cas.pem"));
    printf("add cas.pem=%d\n", r);
    r = SSL_add_file_cert_subjects_to_stack(sk, FIX("cadir/b.pem"));
    printf("add b.pem=%d\n", r);
    print_names("stack", sk);
    print_errors("add files");
    r = SSL_add_file_cert_subjects_to_stack(sk, FIX("nope.pem"));
    printf("add missing=%d\n", r);
    print_errors("add missing");
    r = SSL_add_file_cert_subjects_to_stack(sk, FIX("rsa.key"));
    printf("add key file=%d\n", r);
    print_errors("add key file");
    sk_X509_NAME_pop_free(sk, X509_NAME_free);

    sk = sk_X509_NAME_new_null();
    r = SSL_add_file_cert_subjects_to_stack(sk, FIX("ec.pem"));
    r = SSL_add_dir_cert_subjects_to_stack(sk, FIX("cadir"));
    printf("add dir=%d\n", r);
    print_names("stack", sk);
    print_errors("add dir");
    r = SSL_add_dir_cert_subjects_to_stack(sk, FIX("nodir"));
    printf("add missing dir=%d\n", r);
    print_errors("add missing dir");
    sk_X509_NAME_pop_free(sk, X509_NAME_free);

    /* OSSL_STORE URIs: a file, a directory (its files, one level down) */
    sk = sk_X509_NAME_new_null();
    r = SSL_add_store_cert_subjects_to_stack(sk, FIX("rsa_chain.pem"));
    printf("add store file=%d\n", r);
    r = SSL_add_store_cert_subjects_to_stack(sk, "tests-c/fixtures/certs/cadir");
    printf("add store dir=%d\n", r);
    print_names("stack", sk);
    print_errors("add store");
    r = SSL_add_store_cert_subjects_to_stack(sk, FIX("nope.pem"));
    printf("add store missing=%d\n", r);
    print_errors("add store missing");
    r = SSL_add_store_cert_subjects_to_stack(sk, FIX("rsa.key"));
    printf("add store key file=%d\n", r);
    print_names("stack", sk);
    print_errors("add store key file");
    sk_X509_NAME_pop_free(sk, X509_NAME_free);
}

int main(void)
{
    test_lists();
    test_files();
    return 0;
}
