// SHA-256 block compression with the x86 SHA extensions (Intel SHA-NI, AMD Zen and later), for
// Support's SHA256 when the CPU has them; Support's Swift code is the reference and the fallback.
#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU runs `csha256_compress_blocks` (x86-64 with SHA, SSSE3 and SSE4.1), else 0.
int csha256_has_extensions(void);

/// Compresses `blocks` 64-byte blocks of `data` into `state` (H0…H7, FIPS 180-4 §6.2.2), exactly
/// as the FIPS 180-4 computation does. Only call when `csha256_has_extensions()` returned 1.
void csha256_compress_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
