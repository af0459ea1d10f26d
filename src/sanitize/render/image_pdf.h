// image-pdf: every page rasterized; the output PDF holds only images (and, with --ocr, their
// invisible OCR text).
#pragma once

#include "job.h"
#include "pdf/mupdf_document.h"

namespace sanso::sanitize::render {

// Renders each page of the PDF input at job.options.dpi and writes a PDF of images only (with
// job.options.ocr_text_layer, each page also gets an invisible OCR text layer).
Result<FileType> pdfToImagePdf(Job& job);
// Renders each page of `doc` at job.options.dpi into an image PDF at job.output_path (the
// loop behind pdfToImagePdf, for other documents MuPDF opens, such as sanitized SVG).
Status rasterizeToImagePdf(pdf::MupdfDocument& doc, Job& job);
// Decodes the image input (through the image module) and writes it as a one-page image PDF.
Result<FileType> imageToImagePdf(Job& job);

}  // namespace sanso::sanitize::render
