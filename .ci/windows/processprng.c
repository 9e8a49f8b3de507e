/* Test-only stand-in for Windows 10's bcryptprimitives.dll, which Debian's Wine 8 lacks.
 * Rust's standard library and getrandom import ProcessPrng from it; without it every
 * exe built for x86_64-pc-windows-gnu stops at start-up under Wine (exit code 53).
 * This DLL answers ProcessPrng with RtlGenRandom (advapi32's SystemFunction036). It is
 * copied into the throw-away Wine prefix of .ci/windows-check, never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
