/*
 * Shared by the generators: prints a C string as a Rust string literal.
 * Only printable ASCII and the usual escapes are expected in OpenSSL's names
 * and messages; anything else stops the generator, since a `\x` escape above
 * 0x7f is not valid Rust and a silent guess could change the table.
 */
#ifndef GEN_TABLES_RUST_STR_H
#define GEN_TABLES_RUST_STR_H

#include <stdio.h>
#include <stdlib.h>

static void rust_str(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    putchar('"');
    for (; *p; p++) {
        switch (*p) {
        case '"':  fputs("\\\"", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        default:
            if (*p < 0x20 || *p >= 0x7f) {
                fprintf(stderr, "error: non-ASCII byte %02x in \"%s\"\n", *p, s);
                exit(1);
            }
            putchar(*p);
        }
    }
    putchar('"');
}

#endif
