// text method for PDF: MuPDF's structured text, page by page.
#include <string>

#include "pdf/mupdf_document.h"
#include "pdf/pdf_sanitizer.h"
#include "sanso/common/file_io.h"
#include "text/text_sanitizer.h"

namespace sanso::sanitize::pdf {
namespace {

// The UTF-8 text of page `index` (0-based) as MuPDF extracts it.
Status extractPageText(MupdfDocument& doc, int index, std::string& out) {
  fz_context* ctx = doc.context();
  fz_page* page = nullptr;
  fz_stext_page* text = nullptr;
  fz_device* device = nullptr;
  fz_buffer* buffer = nullptr;
  // Text outside the page's media box is invisible in every viewer: leave it out.
  fz_stext_options options{};
  options.flags = FZ_STEXT_MEDIABOX_CLIP;
  auto body = [&] {
    page = fz_load_page(ctx, doc.document(), index);
    text = fz_new_stext_page(ctx, fz_bound_page(ctx, page));
    device = fz_new_stext_device(ctx, text, &options);
    fz_run_page(ctx, page, device, fz_identity, doc.cookie());
    fz_close_device(ctx, device);
    buffer = fz_new_buffer_from_stext_page(ctx, text);
  };
  Status status = doc.guard("text of page " + std::to_string(index + 1), body);
  if (status.isOk()) {
    unsigned char* data = nullptr;
    size_t length = fz_buffer_storage(ctx, buffer, &data);
    out.append(reinterpret_cast<const char*>(data), length);
  }
  fz_drop_buffer(ctx, buffer);
  fz_drop_device(ctx, device);
  fz_drop_stext_page(ctx, text);
  fz_drop_page(ctx, page);
  return status;
}

}  // namespace

Result<FileType> pdfToText(Job& job) {
  SANSO_ASSIGN_OR_RETURN(std::unique_ptr<MupdfDocument> doc,
                         MupdfDocument::open(job.input, job.budget));
  const int pages = doc->pageCount();
  std::string text;
  uint64_t controls = 0;
  for (int i = 0; i < pages; ++i) {
    std::string where = "page " + std::to_string(i + 1);
    SANSO_RETURN_IF_ERROR(job.budget.checkTime(where));
    std::string page_text;
    SANSO_RETURN_IF_ERROR(extractPageText(*doc, i, page_text));
    SANSO_RETURN_IF_ERROR(doc->checkTime(job.budget, where));  // the page may have been cut
    SANSO_RETURN_IF_ERROR(job.budget.chargeExpanded(page_text.size(), where));
    // Broken /ToUnicode maps can yield controls and bidi overrides; the page break is ours.
    uint64_t removed = 0;
    if (i > 0) text += "\f\n";
    text += text::stripControls(page_text, removed);
    controls += removed;
  }
  if (controls > 0) {
    job.log.removed("control-characters", "text", std::to_string(controls) + " characters");
  }
  doc->logRepairs(job.log);
  SANSO_RETURN_IF_ERROR(writeFile(job.output_path, asBytes(text)));
  return FileType::kText;
}

}  // namespace sanso::sanitize::pdf
