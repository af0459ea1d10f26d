// The document catalog of the rebuilt PDF: only navigation and display settings survive.
#pragma once

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <string>
#include <utility>
#include <vector>

#include "pdf/action_sanitizer.h"
#include "pdf/active_content.h"
#include "pdf/graph_scrubber.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/options.h"

namespace sanso::sanitize::pdf {

class CatalogRebuilder {
 public:
  CatalogRebuilder(QPDF& source, const Options& options, ActionSanitizer& actions,
                   GraphScrubber& scrubber, ActiveContentScanner& scanner, Budget& budget)
      : source_(source),
        options_(options),
        actions_(actions),
        scrubber_(scrubber),
        scanner_(scanner),
        budget_(budget) {}

  // Reads the source catalog and trailer after the pages were sanitized: rebuilds the outline,
  // page labels (for `page_count` pages), language, layout, page mode and viewer display flags,
  // scrubs optional-content and output-intent data, and reports every other catalog entry (open
  // action, name trees, forms, XMP metadata, structure tree...) and /Info as removed. /Info is
  // kept, reduced to its standard text entries, only when options.remove_metadata is false.
  Status prepare(size_t page_count);
  // Installs what prepare() kept into `out`, whose pages are already copies of the source pages
  // (so that copied destinations point at them).
  void install(QPDF& out);

 private:
  Status prepareEntry(const std::string& key, QPDFObjectHandle value, size_t page_count);
  Status reportNameTrees(QPDFObjectHandle names);
  Result<QPDFObjectHandle> pageLabels(QPDFObjectHandle labels, size_t page_count);
  void prepareInfo();

  QPDF& source_;
  const Options& options_;
  ActionSanitizer& actions_;
  GraphScrubber& scrubber_;
  ActiveContentScanner& scanner_;
  Budget& budget_;
  // Entries built from scratch (no references): installed as they are.
  std::vector<std::pair<std::string, QPDFObjectHandle>> fresh_;
  // Indirect objects of the source: installed as copies.
  std::vector<std::pair<std::string, QPDFObjectHandle>> copied_;
  QPDFObjectHandle info_ = QPDFObjectHandle::newNull();
};

}  // namespace sanso::sanitize::pdf
