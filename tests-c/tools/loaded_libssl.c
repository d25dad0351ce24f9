/*
 * Prints the real path of every libssl mapped into this process (space
 * separated), so the suite can tell which library a way of running loaded.
 */
#define _XOPEN_SOURCE 700 /* realpath, PATH_MAX */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>

int main(void)
{
    char line[4096], seen[8][PATH_MAX];
    int nseen = 0, i;
    FILE *maps;
    SSL_SESSION *s = SSL_SESSION_new(); /* a real reference to libssl */

    SSL_SESSION_free(s);
    maps = fopen("/proc/self/maps", "r");
    if (maps == NULL)
        return 1;
    while (fgets(line, sizeof(line), maps) != NULL) {
        char *path = strchr(line, '/'), real[PATH_MAX];
        if (path == NULL)
            continue;
        path[strcspn(path, "\n")] = '\0';
        if (strstr(path, "/libssl.so") == NULL && strstr(path, "/libsessl.so") == NULL)
            continue;
        if (realpath(path, real) == NULL)
            continue;
        for (i = 0; i < nseen && strcmp(seen[i], real) != 0; i++)
            ;
        if (i == nseen && nseen < 8)
            strcpy(seen[nseen++], real);
    }
    fclose(maps);
    for (i = 0; i < nseen; i++)
        printf("%s%s", i ? " " : "", seen[i]);
    printf("\n");
    return 0;
}
