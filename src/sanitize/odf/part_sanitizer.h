// Element-level sanitization of the XML parts an OpenDocument package keeps (content.xml,
// styles.xml, meta.xml, settings.xml): an allowlist of namespaces, then rules for the
// constructs in them that run code or reach outside the document.
#pragma once

#include <pugixml.hpp>

#include <set>
#include <string>
#include <vector>

#include "action_log.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::odf {

enum class PartKind { kContent, kStyles, kMeta, kSettings };

struct PartContext {
  std::string name;  // entry name, for reports
  PartKind kind = PartKind::kContent;
  bool keep_hyperlinks = true;
  bool remove_metadata = true;
};

// The root element each kind of part must have (office:document-content, ...).
const char* rootLocalName(PartKind kind);

// Cleans `doc` (from ooxml::parseXmlUnwalked(); the walk makes checkElement()'s checks on
// every element it reads and returns their failure, after which `doc` is to be discarded).
// Removes elements and attributes outside the ODF and LibreOffice namespaces, macros and
// event listeners, embedded objects, applets, plugins, floating frames, form controls, DDE,
// linked sections, tables and ranges, database and pivot sources, external formulas,
// linked images and fonts; unwraps launching hyperlinks (all of them unless
// `keep_hyperlinks`); anonymises comment and tracked-change authors and strips meta.xml
// when `remove_metadata`; drops settings that name data sources, printers or update links.
Status sanitizePart(pugi::xml_document& doc, const PartContext& context, Budget& budget,
                    ActionLog& log);

// The package entries that images kept in `doc` refer to (paths as normalised by
// packagePath()).
std::vector<std::string> imageReferences(const pugi::xml_document& doc);

// Removes image references to entries not in `kept` and the frames left with nothing to show.
void dropMissingImages(pugi::xml_document& doc, const std::set<std::string>& kept);

// An xlink:href naming an entry of the package ("Pictures/a.png", "./Pictures/a%20b.png") as
// the entry name; empty for anything else (schemes, absolute or parent paths, fragments).
std::string packagePath(std::string_view href);

}  // namespace sanso::sanitize::odf
