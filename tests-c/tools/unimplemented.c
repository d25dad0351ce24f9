/*
 * Calls a libssl function sessl does not implement: UNIMPLEMENTED, given at
 * build time by tests-c/run.sh (the first function of the system's libssl.so.3
 * missing from src/exports.txt). Built against the system OpenSSL and run on
 * sessl, it must fail loudly (the dynamic linker's "undefined symbol") instead
 * of mixing the two libraries; it is linked with -z now, so the loader
 * resolves it at start. The function is declared here without its
 * header, so any of them can be named; it is never reached with OpenSSL.
 */
#include <stdio.h>

#ifndef UNIMPLEMENTED
#error "build with -DUNIMPLEMENTED=<libssl function>"
#endif

void UNIMPLEMENTED(void);

int main(int argc, char **argv)
{
    (void)argv;
    printf("started\n");
    fflush(stdout);
    if (argc > 99) /* never: the dynamic linker must stop the program first */
        UNIMPLEMENTED();
    return 0;
}
