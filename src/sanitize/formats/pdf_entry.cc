#include "formats/formats_api.h"
#include "pdf/pdf_sanitizer.h"
#include "render/image_pdf.h"

namespace sanso::sanitize::formats {
namespace {

// The handlers of the PDF module, for the families and methods engine.cc's handlerFor() sends
// to it.
Handler pdfHandlerFor(Family family, Method method) {
  if (family == Family::kPdf) {
    if (method == Method::kCdr) return pdf::sanitizePdf;
    if (method == Method::kText) return pdf::pdfToText;
    return render::pdfToImagePdf;
  }
  if (family == Family::kImage && method == Method::kImagePdf) return render::imageToImagePdf;
  return nullptr;
}

}  // namespace
}  // namespace sanso::sanitize::formats

extern "C" __attribute__((visibility("default"))) const sanso::sanitize::formats::PdfApi*
sanso_pdf_api() {
  static const sanso::sanitize::formats::PdfApi api{sanso::sanitize::formats::kPdfApiVersion,
                                                    sanso::sanitize::formats::pdfHandlerFor};
  return &api;
}
