#pragma once

#include "common/Result.h"

namespace ow::crypto {

// Known-answer tests of every primitive of both suites against published vectors (GB/T 32905
// SM3, GB/T 32907 SM4, RFC 7748 X25519, RFC 8032 Ed25519, RFC 5869 HKDF, the GCM spec's AES-256
// test case) plus sign/verify and wrap/unwrap round trips of SM2. Programs call it at start-up
// and refuse to start when it fails.
Status selfTest();

} // namespace ow::crypto
