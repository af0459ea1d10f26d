// Decoding the first part of an input, for the quick questions type detection asks.
#pragma once

#include <optional>
#include <string>

#include "sanso/common/bytes.h"

namespace sanso::sanitize::text {

// How much of an input looksLikeText() and looksLikeCsv() read.
inline constexpr size_t kProbeBytes = 64 * 1024;

struct Probe {
  std::string utf8;        // the decoded first kProbeBytes
  bool truncated = false;  // the input is longer than that
};

// Decodes the first kProbeBytes of `bytes` in the likeliest supported charset; nullopt when
// none decodes them, or when they hold NUL bytes outside UTF-16.
std::optional<Probe> probeText(ByteView bytes);

}  // namespace sanso::sanitize::text
