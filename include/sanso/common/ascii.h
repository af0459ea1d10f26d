// ASCII case folding for protocol tokens (header names, addresses, interface names): bytes
// A-Z become a-z, every other byte (including UTF-8) stays, whatever the locale.
#pragma once

#include <string>
#include <string_view>

namespace sanso {

inline std::string lowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace sanso
