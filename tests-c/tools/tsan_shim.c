/*
 * Bridges a ThreadSanitizer-instrumented sessl (built by nightly rustc, whose
 * LLVM emits __tsan_memmove and friends) and clang-14's older TSan runtime,
 * which lacks them: forward to the libc functions, which the runtime
 * intercepts and checks.
 */
#include <string.h>

void *__tsan_memmove(void *dst, const void *src, size_t n);
void *__tsan_memcpy(void *dst, const void *src, size_t n);
void *__tsan_memset(void *dst, int c, size_t n);

void *__tsan_memmove(void *dst, const void *src, size_t n)
{
    return memmove(dst, src, n);
}

void *__tsan_memcpy(void *dst, const void *src, size_t n)
{
    return memcpy(dst, src, n);
}

void *__tsan_memset(void *dst, int c, size_t n)
{
    return memset(dst, c, n);
}
