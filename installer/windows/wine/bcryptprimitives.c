/*
 * A stand-in for Windows' bcryptprimitives.dll, for running Sportello's cross-built console
 * programs and test binaries under Wine 8 (Debian 12's wine64) only; never shipped.
 *
 * Rust's standard library (1.78 and later) gets its random numbers, and so its HashMap seeds,
 * from ProcessPrng in bcryptprimitives.dll. Windows 10 and later have it; Wine gained it in 9.0.
 * This stub provides it on top of RtlGenRandom (SystemFunction036 in advapi32), which Wine 8 has.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reason;
    (void)reserved;
    return TRUE;
}
