// Cleans the parts of a page that draw but never act: content streams, resources, form and image
// XObjects, fonts, colour spaces, patterns, shadings, graphics states, appearance streams.
#pragma once

#include <qpdf/QPDFObjectHandle.hh>
#include <set>
#include <string>

#include "pdf/active_content.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::pdf {

// Walks everything reachable from a root, in place and without recursion:
// - image and form XObjects keep only allowlisted keys (no /Metadata, /OPI, /Ref, /Alternates,
//   /PieceInfo); resource dictionaries keep only the standard categories;
// - streams lose external data references (/F, /FFilter, /FDecodeParms);
// - keys that trigger or embed (/JS, /AA, /OpenAction, /EF, /XFA, /URI...) are removed anywhere;
// - values that are actions, annotations, file specifications, embedded files or PostScript
//   XObjects are cut out of their container, since drawing data never needs them.
// Page objects are neither entered nor removed. Every object is cleaned at most once per job.
class GraphScrubber {
 public:
  GraphScrubber(ActiveContentScanner& scanner, Budget& budget)
      : scanner_(scanner), budget_(budget) {}

  // Cleans `root` and what it reaches; reports removals at `where` (e.g. "page 3").
  Status scrub(QPDFObjectHandle root, const std::string& where);
  // The same for a /Resources dictionary, which also keeps only the standard categories.
  Status scrubResources(QPDFObjectHandle resources, const std::string& where);
  // Scrubs the value of `key` in `dict`, or drops the entry (reported with `kind`, see
  // ActiveContentScanner::dropKey) when the value itself is an action, annotation, file
  // specification, embedded file or PostScript XObject.
  Status scrubEntry(QPDFObjectHandle dict, const std::string& key, const std::string& where,
                    const std::string& kind);

 private:
  Status cleanDictionary(QPDFObjectHandle dict, bool is_stream, const std::string& where);
  Status cleanResources(QPDFObjectHandle resources, const std::string& where);

  ActiveContentScanner& scanner_;
  Budget& budget_;
  std::set<QPDFObjGen> visited_;
};

}  // namespace sanso::sanitize::pdf
