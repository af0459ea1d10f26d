// Fuzzes OpenDocument detection, cdr and text extraction with tight limits.
#include "family_fuzz.h"
#include "odf/odf_sanitizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanso::sanitize;
  return fuzz::runFamily(data, size, Family::kOdf, odf::sanitizeOdf, odf::odfToText, "odf");
}
