// Pages: allowlisted page keys, their resources and content scrubbed, their annotations judged.
#pragma once

#include <qpdf/QPDFObjectHandle.hh>

#include "pdf/active_content.h"
#include "pdf/annotation_sanitizer.h"
#include "pdf/graph_scrubber.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::pdf {

class PageSanitizer {
 public:
  PageSanitizer(AnnotationSanitizer& annotations, GraphScrubber& scrubber,
                ActiveContentScanner& scanner)
      : annotations_(annotations), scrubber_(scrubber), scanner_(scanner) {}

  // Cleans `page` (page number `number`, from 1; inherited attributes already pushed down) in
  // place and moves the annotations it keeps out of the page into `annots`, so that they can be
  // copied once every page exists and their links resolve.
  Status sanitize(QPDFObjectHandle page, int number, QPDFObjectHandle& annots);

 private:
  AnnotationSanitizer& annotations_;
  GraphScrubber& scrubber_;
  ActiveContentScanner& scanner_;
};

}  // namespace sanso::sanitize::pdf
