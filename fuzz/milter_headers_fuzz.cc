// Fuzzes the milter's header logic: the header block splitter, the replacement fields (subject
// tag with RFC 2047 decoding and encoding) and the report tokens, checking that every value
// handed to the MTA is one line of printable ASCII.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "sanso/milter/mail_headers.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool printableLine(const std::string& value) {
  for (unsigned char c : value) {
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  auto split = sanso::milter::splitMessage(input, 200);
  if (split.isOk()) {
    check(split->body_offset <= input.size());
    for (const auto& field : split->headers) {
      check(field.value.find('\n') == std::string::npos);
      check(field.value.find('\r') == std::string::npos);
    }
    for (const auto& field : sanso::milter::replacementFields(split->headers, "[無害化]")) {
      if (field.name == "Subject") check(printableLine(field.value));
    }
  }
  const nlohmann::json report = nlohmann::json::parse(input, nullptr, false);
  if (!report.is_discarded() && report.is_object()) {
    check(printableLine(sanso::milter::sanitizedTokens(report)));
  }
  check(printableLine(sanso::milter::printableAscii(input, 100)));
  return 0;
}
