/*
 * callbacks_select_proto.c - SSL_select_next_proto, a pure function: the first
 * of the server's protocols the client also lists, else the client's first as
 * an opportunistic choice, else nothing; malformed, empty and truncated lists on
 * either side. Prints the result, which list the output points into (and at
 * which offset) and the output length.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>

struct list {
    const char *bytes;
    unsigned int len;
};

#define L(s) {s, sizeof(s) - 1}

static void where(const unsigned char *out, const struct list *srv, const struct list *cli)
{
    if (out == NULL)
        printf("NULL");
    else if (srv->bytes && out >= (const unsigned char *)srv->bytes
             && out <= (const unsigned char *)srv->bytes + srv->len)
        printf("server+%d", (int)(out - (const unsigned char *)srv->bytes));
    else if (cli->bytes && out >= (const unsigned char *)cli->bytes
             && out <= (const unsigned char *)cli->bytes + cli->len)
        printf("client+%d", (int)(out - (const unsigned char *)cli->bytes));
    else
        printf("elsewhere");
}

int main(void)
{
    static const struct list lists[] = {
        L("\x02h2\x08http/1.1"),
        L("\x08http/1.1\x02h2"),
        L("\x03" "abc"),
        L("\x02h2"),
        L("\x00\x02h2"),
        L("\x02h2\x00"),
        L("\x05h2"),
        L("\x02h2\x09http/1.1"),
        L("\x08http/1.1\x05spdy"),
        L(""),
        {NULL, 0},
        L("\x01" "a\x01" "b\x01" "c"),
        L("\x01" "c\x01" "b"),
    };
    size_t n = sizeof(lists) / sizeof(lists[0]), i, j;

    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++) {
            unsigned char *out = (unsigned char *)"sentinel";
            unsigned char outlen = 77;
            int r = SSL_select_next_proto(&out, &outlen,
                                          (const unsigned char *)lists[i].bytes, lists[i].len,
                                          (const unsigned char *)lists[j].bytes, lists[j].len);
            printf("server %2d client %2d: %d ", (int)i, (int)j, r);
            where(out, &lists[i], &lists[j]);
            printf(" len %u\n", outlen);
        }
    }
    return 0;
}
