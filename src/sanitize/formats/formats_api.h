// The tables of entry points the formats and PDF modules export: the handlers whose libraries
// are heavy to load (qpdf and MuPDF for PDF and image-pdf, libarchive for archives, GMime for
// mail, Gumbo for HTML, YARA for scanning, the LibreOffice sandbox), so that a program
// sanitizing only Office Open XML or text never maps them (docs/performance.md, "Start-up").
#pragma once

#include <cstdint>
#include <string>

#include "action_log.h"
#include "handlers.h"
#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::formats {

// Bumped whenever the table or a type it passes changes; the loader refuses a module built
// for another version.
inline constexpr uint32_t kFormatsApiVersion = 1;

struct FormatsApi {
  uint32_t version;
  // The module's handler for a family and method that handlerFor() routes to it; nullptr
  // for any other.
  Handler (*handler_for)(Family family, Method method);
  // scan::scanBytes.
  Status (*scan_bytes)(ByteView data, const std::string& where, const Options& options,
                       ActionLog& log);
  // The LibreOffice pool (sanso/sanitize/office_pool.h).
  Status (*start_office_pool)(int size, const Limits& limits, bool start_now);
  void (*stop_office_pool)();
  bool (*office_converter_installed)();
};

// The PDF module: PDF cdr, text and image-pdf, and image-pdf of images (qpdf and MuPDF only),
// so that a PDF job does not map the other format libraries. The formats module links the
// same code in.
inline constexpr uint32_t kPdfApiVersion = 1;

struct PdfApi {
  uint32_t version;
  // The module's handler for a family and method that handlerFor() routes to it; nullptr
  // for any other.
  Handler (*handler_for)(Family family, Method method);
};

}  // namespace sanso::sanitize::formats

// Defined by the formats module (and by the programs that link the formats code in).
extern "C" const sanso::sanitize::formats::FormatsApi* sanso_formats_api();
// Defined by the PDF module and the formats module (and the programs that link them in).
extern "C" const sanso::sanitize::formats::PdfApi* sanso_pdf_api();
