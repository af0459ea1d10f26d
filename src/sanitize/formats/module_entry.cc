#include "archive/archive_sanitizer.h"
#include "formats/formats_api.h"
#include "html/html_sanitizer.h"
#include "mime/mime_sanitizer.h"
#include "msg/msg_sanitizer.h"
#include "office/office_converter.h"
#include "office/office_documents.h"
#include "scan/scan.h"
#include "svg/svg_sanitizer.h"

namespace sanso::sanitize::formats {
namespace {

// The mail family: an Outlook .msg is converted to MIME first.
Result<FileType> sanitizeMail(Job& job) {
  return job.type == FileType::kMsg ? msg::sanitizeMsg(job) : mime::sanitizeMime(job);
}

// The handlers of this module, for the families and methods engine.cc's handlerFor() sends
// here (PDF goes to the PDF module, whose code this module links in: pdf_entry.cc).
Handler moduleHandlerFor(Family family, Method method) {
  switch (family) {
    case Family::kOoxml:
    case Family::kOdf:
    case Family::kRtf:
      return method == Method::kImagePdf ? office::officeToImagePdf : nullptr;
    case Family::kLegacyOffice:
      if (method == Method::kCdr) return office::legacyToOoxml;
      if (method == Method::kText) return office::officeToText;
      return office::officeToImagePdf;
    case Family::kArchive:
      return archive::sanitizeArchive;
    case Family::kHtml:
      if (method == Method::kCdr) return html::sanitizeHtml;
      if (method == Method::kText) return html::htmlToText;
      return nullptr;
    case Family::kSvg:
      if (method == Method::kCdr) return svg::sanitizeSvg;
      if (method == Method::kText) return svg::svgToText;
      return svg::svgToImagePdf;
    case Family::kMail:
      return sanitizeMail;
    default:
      return nullptr;
  }
}

}  // namespace
}  // namespace sanso::sanitize::formats

extern "C" __attribute__((visibility("default"))) const sanso::sanitize::formats::FormatsApi*
sanso_formats_api() {
  using namespace sanso::sanitize;
  static const formats::FormatsApi api{
      formats::kFormatsApiVersion, formats::moduleHandlerFor, scan::scanBytes,
      office::startPool,           office::stopPool,          office::converterInstalled,
  };
  return &api;
}
