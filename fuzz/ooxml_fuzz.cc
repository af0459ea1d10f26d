// Fuzzes OOXML detection, cdr and text extraction with tight limits.
#include "family_fuzz.h"
#include "ooxml/ooxml_sanitizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanso::sanitize;
  return fuzz::runFamily(data, size, Family::kOoxml, ooxml::sanitizeOoxml, ooxml::ooxmlToText,
                         "ooxml");
}
