// Element-level sanitization of one kept XML part, after the part graph has been decided.
#pragma once

#include <pugixml.hpp>

#include <set>
#include <string>

#include "action_log.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::ooxml {

struct XmlPartContext {
  std::string name;          // part name, for reports
  std::string content_type;  // as declared
  std::set<std::string, std::less<>> kept_rel_ids;
  std::set<std::string, std::less<>> external_rel_ids;  // kept ids that are external hyperlinks
  bool keep_hyperlinks = true;
  bool remove_metadata = true;
};

// Removes from `doc` every construct that could run code or reach outside the document:
// references to dropped relationships, OLE and ActiveX elements, macro assignments, launching
// actions, disallowed fields, Excel auto-run names and external formulas, personal metadata.
// `doc` comes from parseXmlUnwalked(): the walk makes checkElement()'s checks on every element
// it reads and fails with their status (a limit); `doc` is then half-walked and to be discarded.
Status sanitizeXmlPart(pugi::xml_document& doc, const XmlPartContext& context, Budget& budget,
                       ActionLog& log);

}  // namespace sanso::sanitize::ooxml
