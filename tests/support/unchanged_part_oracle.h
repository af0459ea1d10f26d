// The claim of scanUnchangedPart(), checked against the tree path it stands in for: when the
// scan accepts a part and its references are kept, parsing, walking and serializing it must give
// it back byte for byte with nothing logged. Header-only: the unit tests and the fuzz target
// share it.
#pragma once

#include <string>
#include <string_view>

#include "action_log.h"
#include "ooxml/unchanged_part.h"
#include "ooxml/xml_part_sanitizer.h"
#include "ooxml/xml_util.h"
#include "text/utf8.h"

namespace sanso::sanitize::test {

enum class ScanClaim {
  kNone,       // the scan gave up, or a reference is not kept: the tree path decides
  kHolds,      // the scan claimed the part unchanged and the tree path agrees
  kViolated,   // the scan claimed it unchanged and the tree path changed, logged or refused it
};

// What the tree path makes of `xml`: empty when it gives the part back unchanged with nothing
// logged and the rebuilder would write it (strict UTF-8); otherwise a description of the
// difference.
inline std::string treePathDifference(std::string_view xml, const ooxml::XmlPartContext& context,
                                      const Limits& limits) {
  pugi::xml_document doc;
  Budget budget(limits);
  auto parsed = ooxml::parseXmlUnwalked(xml, doc, budget, context.name);
  if (!parsed.isOk()) return "parse: " + parsed.status().message();
  ActionLog log;
  Status walked = ooxml::sanitizeXmlPart(doc, context, budget, log);
  if (!walked.isOk()) return "walk: " + walked.message();
  if (!log.actions().empty()) return "logged: " + log.actions().front().what;
  if (auto changed = ooxml::serializeUnlessSame(doc, xml)) return "serialized: " + *changed;
  if (!text::isValidUtf8(xml)) return "not UTF-8";
  return {};
}

inline ScanClaim checkScanClaim(std::string_view xml, const ooxml::XmlPartContext& context,
                                const Limits& limits, std::string* difference = nullptr) {
  auto scanned = ooxml::scanUnchangedPart(xml, limits);
  if (!scanned || !ooxml::referencesKept(*scanned, context)) return ScanClaim::kNone;
  std::string found = treePathDifference(xml, context, limits);
  if (difference != nullptr) *difference = found;
  return found.empty() ? ScanClaim::kHolds : ScanClaim::kViolated;
}

}  // namespace sanso::sanitize::test
