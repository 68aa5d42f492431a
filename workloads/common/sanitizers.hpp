#pragma once
// CONCBENCH_ADDRESS_SANITIZER is defined when this build runs under AddressSanitizer, which
// replaces malloc and pads every stack frame: what a few measurements must allow for.
#if defined(__SANITIZE_ADDRESS__)  // GCC
#define CONCBENCH_ADDRESS_SANITIZER 1
#elif defined(__has_feature)  // Clang
#if __has_feature(address_sanitizer)
#define CONCBENCH_ADDRESS_SANITIZER 1
#endif
#endif
