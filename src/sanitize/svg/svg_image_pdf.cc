// image-pdf for SVG: MuPDF renders the sanitized SVG, never the input.
#include <memory>

#include "pdf/mupdf_document.h"
#include "render/image_pdf.h"
#include "svg/svg_sanitizer.h"

namespace sanso::sanitize::svg {

Result<FileType> svgToImagePdf(Job& job) {
  SANSO_ASSIGN_OR_RETURN(std::string clean,
                         sanitizeSvgBytes(job.input, job.options, job.budget, job.log));
  SANSO_ASSIGN_OR_RETURN(std::unique_ptr<pdf::MupdfDocument> doc,
                         pdf::MupdfDocument::openSvg(asBytes(clean), job.budget));
  SANSO_RETURN_IF_ERROR(render::rasterizeToImagePdf(*doc, job));
  return FileType::kPdf;
}

}  // namespace sanso::sanitize::svg
