// Fuzzes the unchanged-part scan against the tree path it stands in for: whenever the scan
// claims a part would come back unchanged, parsing, walking and serializing it must agree,
// under any options and limits.
#include <cstdlib>
#include <cstdio>

#include "support/unchanged_part_oracle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanso::sanitize;
  // Two leading bytes choose the options and limits; the rest is the part.
  if (size < 2) return 0;
  ooxml::XmlPartContext context;
  context.name = "word/document.xml";
  context.kept_rel_ids = {"rId1", "rId2", "rIdLink"};
  context.external_rel_ids = {"rIdLink"};
  context.keep_hyperlinks = (data[0] & 1) != 0;
  context.remove_metadata = (data[0] & 2) != 0;
  sanso::Limits limits;
  limits.max_xml_depth = 2 + data[1] % 32;
  limits.max_xml_attributes = 1 + data[1] / 32 * 4;
  std::string_view xml(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::string difference;
  if (test::checkScanClaim(xml, context, limits, &difference) == test::ScanClaim::kViolated) {
    std::fprintf(stderr, "the scan claimed an unchanged part the tree path changes: %s\n",
                 difference.c_str());
    std::abort();
  }
  return 0;
}
