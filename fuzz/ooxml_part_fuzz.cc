// Fuzzes the unchanged-part scan against the tree path it stands in for: whenever the scan
// claims a part would come back unchanged, parsing, walking and serializing it must agree.
#include <cstdlib>
#include <cstdio>

#include "support/unchanged_part_oracle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanso::sanitize;
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  ooxml::XmlPartContext context;
  context.name = "word/document.xml";
  context.kept_rel_ids = {"rId1", "rId2", "rIdLink"};
  context.external_rel_ids = {"rIdLink"};
  sanso::Limits limits;
  limits.max_xml_depth = 16;
  limits.max_xml_attributes = 8;
  std::string difference;
  if (test::checkScanClaim(xml, context, limits, &difference) == test::ScanClaim::kViolated) {
    std::fprintf(stderr, "the scan claimed an unchanged part the tree path changes: %s\n",
                 difference.c_str());
    std::abort();
  }
  return 0;
}
