// image-pdf: pages and images become JPEG-only PDF pages (with --ocr, plus an invisible text
// layer).
#include "render/image_pdf.h"

#include <memory>
#include <string>

#include "media/media.h"
#include "pdf/mupdf_document.h"
#include "render/image_pdf_writer.h"
#include "render/ocr_pages.h"
#include "render/page_rasterizer.h"
#include "render/raster.h"

namespace sanso::sanitize::render {
namespace {

constexpr int kMinDpi = 36;
constexpr int kMaxDpi = 600;

Status checkDpi(int dpi) {
  if (dpi >= kMinDpi && dpi <= kMaxDpi) return Status::ok();
  return Status::invalidArgument("dpi must be between " + std::to_string(kMinDpi) + " and " +
                                 std::to_string(kMaxDpi));
}

}  // namespace

Result<FileType> pdfToImagePdf(Job& job) {
  SANSO_ASSIGN_OR_RETURN(std::unique_ptr<pdf::MupdfDocument> doc,
                         pdf::MupdfDocument::open(job.input, job.budget));
  SANSO_RETURN_IF_ERROR(rasterizeToImagePdf(*doc, job));
  return FileType::kPdf;
}

Status rasterizeToImagePdf(pdf::MupdfDocument& document, Job& job) {
  SANSO_RETURN_IF_ERROR(checkDpi(job.options.dpi));
  pdf::MupdfDocument* doc = &document;
  const int pages = doc->pageCount();
  SANSO_ASSIGN_OR_RETURN(std::unique_ptr<ImagePdfWriter> writer,
                         ImagePdfWriter::create(job.output_path));
  PageRasterizer rasterizer(*doc, job.options.dpi);
  RasterPageEncoder encoder;
  std::unique_ptr<OcrPages> ocr;
  if (job.options.ocr_text_layer) {
    SANSO_ASSIGN_OR_RETURN(ocr, OcrPages::start(job, *writer));
  }
  for (int i = 0; i < pages; ++i) {
    const std::string where = "page " + std::to_string(i + 1);
    SANSO_RETURN_IF_ERROR(job.budget.checkTime(where));
    auto admit = [&](uint64_t pixels) {
      return job.budget.check("render-pixels", pixels, job.budget.limits().max_render_pixels,
                              where);
    };
    SANSO_ASSIGN_OR_RETURN(Raster raster, rasterizer.render(i, admit));
    SANSO_RETURN_IF_ERROR(doc->checkTime(job.budget, where));  // the page may have been cut
    if (ocr != nullptr) {
      SANSO_RETURN_IF_ERROR(ocr->add(raster, where));
    } else {
      SANSO_RETURN_IF_ERROR(encoder.addPage(raster, *writer));
    }
  }
  if (ocr != nullptr) SANSO_RETURN_IF_ERROR(ocr->finish());
  doc->logRepairs(job.log);
  return writer->finish();
}

Result<FileType> imageToImagePdf(Job& job) {
  SANSO_RETURN_IF_ERROR(checkDpi(job.options.dpi));
  SANSO_ASSIGN_OR_RETURN(image::Pixels pixels,
                         media::decode(job.input, job.type, job.budget, "image"));
  Raster raster;
  raster.pixels = reinterpret_cast<const uint8_t*>(pixels.data.data());
  raster.width = pixels.width;
  raster.height = pixels.height;
  raster.bands = pixels.bands;
  raster.stride = static_cast<size_t>(pixels.width) * static_cast<size_t>(pixels.bands);
  if (raster.width <= 0 || raster.height <= 0 || (raster.bands != 1 && raster.bands != 3) ||
      pixels.data.size() < raster.stride * static_cast<size_t>(raster.height)) {
    return Status::internal("image decoder returned an inconsistent raster");
  }
  // The page is as large as the image printed at the requested resolution.
  raster.width_pt = raster.width * 72.0 / job.options.dpi;
  raster.height_pt = raster.height * 72.0 / job.options.dpi;
  SANSO_ASSIGN_OR_RETURN(std::unique_ptr<ImagePdfWriter> writer,
                         ImagePdfWriter::create(job.output_path));
  if (job.options.ocr_text_layer) {
    SANSO_ASSIGN_OR_RETURN(std::unique_ptr<OcrPages> ocr, OcrPages::start(job, *writer));
    SANSO_RETURN_IF_ERROR(ocr->add(raster, "image"));
    SANSO_RETURN_IF_ERROR(ocr->finish());
  } else {
    RasterPageEncoder encoder;
    SANSO_RETURN_IF_ERROR(encoder.addPage(raster, *writer));
  }
  SANSO_RETURN_IF_ERROR(writer->finish());
  return FileType::kPdf;
}

}  // namespace sanso::sanitize::render
