// Annotations: which kinds survive cdr and what they may hold.
#pragma once

#include <map>
#include <qpdf/QPDFObjectHandle.hh>
#include <string>

#include "pdf/action_sanitizer.h"
#include "pdf/active_content.h"
#include "pdf/graph_scrubber.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::pdf {

// Keeps Link, Text, markup (Highlight, Underline, StrikeOut, Squiggly, FreeText, Square, Circle,
// Line, Polygon, PolyLine, Ink, Stamp, Caret) and Popup annotations, each reduced to allowlisted
// keys: no /AA, its /A and /Dest rebuilt by ActionSanitizer, its appearance streams scrubbed.
// Widgets must have been flattened before; every other subtype is dropped and reported.
class AnnotationSanitizer {
 public:
  AnnotationSanitizer(ActionSanitizer& actions, GraphScrubber& scrubber,
                      ActiveContentScanner& scanner)
      : actions_(actions), scrubber_(scrubber), scanner_(scanner) {}

  // Cleans `annot` in place; false when it must be dropped (and has been reported at `where`).
  // An annotation shared by several pages or reached again through /Popup is judged once.
  Result<bool> keep(QPDFObjectHandle annot, const std::string& where);

 private:
  Status clean(QPDFObjectHandle annot, const std::string& where);
  Status keepReference(QPDFObjectHandle annot, const std::string& key, const std::string& where);

  ActionSanitizer& actions_;
  GraphScrubber& scrubber_;
  ActiveContentScanner& scanner_;
  std::map<QPDFObjGen, bool> verdicts_;
};

}  // namespace sanso::sanitize::pdf
