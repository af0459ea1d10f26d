#include "pdf/mupdf_document.h"

#include <mupdf/pdf.h>

#include <exception>

#include "pdf/report_text.h"

namespace sanso::sanitize::pdf {
namespace {

// MuPDF's resource store per job: fonts, images and decoded streams it may cache.
constexpr size_t kStoreBytes = 64u << 20;

void ignoreError(void*, const char*) {}

}  // namespace

// MuPDF's SVG document handler (declared in no public header).
extern "C" fz_document_handler svg_document_handler;

void MupdfDocument::onWarning(void* user, const char* message) {
  auto* self = static_cast<MupdfDocument*>(user);
  ++self->warnings_;
  if (self->warnings_ > 1) return;
  try {
    self->first_warning_ = message;
  } catch (const std::exception&) {
    // Called from C: nothing may propagate. The count still records the warning.
  }
}

MupdfDocument::MupdfDocument(Budget& budget) : budget_(budget), allocator_(static_cast<size_t>(budget.limits().max_render_memory)) {}

Status MupdfDocument::guardCall(const std::string& what, void (*call)(void*), void* arg) {
  const char* volatile error = nullptr;
  allocator_.clearRefusal();
  fz_try(ctx_) { call(arg); }
  fz_catch(ctx_) { error = fz_caught_message(ctx_); }
  if (error == nullptr) return Status::ok();
  // Libraries under MuPDF (FreeType, OpenJPEG) report a refused allocation in their own words.
  if (allocator_.refusedTotal() > 0) {
    return budget_.check("render-memory", allocator_.refusedTotal(), allocator_.cap(), what);
  }
  return Status::blocked(malformed_reason_, what + ": " + error);
}

void MupdfDocument::startWatchdog(Budget& budget) {
  const auto remaining = budget.limits().max_time - budget.elapsed();
  watchdog_ = std::thread([this, remaining] {
    std::unique_lock lock(mutex_);
    if (!stop_.wait_for(lock, remaining, [this] { return stopping_; })) {
      // MuPDF polls this plain int between drawing operations; at least our store is atomic.
      __atomic_store_n(&cookie_.abort, 1, __ATOMIC_RELAXED);
    }
  });
}

Status MupdfDocument::checkTime(Budget& budget, const std::string& where) {
  SANSO_RETURN_IF_ERROR(budget.checkTime(where));
  if (__atomic_load_n(&cookie_.abort, __ATOMIC_RELAXED) == 0) return Status::ok();
  // The watchdog fired within the millisecond the budget rounds away: still over the limit.
  const auto max = static_cast<uint64_t>(budget.limits().max_time.count());
  return budget.check("time", max + 1, max, where);
}

Result<std::unique_ptr<MupdfDocument>> MupdfDocument::open(ByteView input, Budget& budget) {
  return openWith(input, budget, false);
}

Result<std::unique_ptr<MupdfDocument>> MupdfDocument::openSvg(ByteView input, Budget& budget) {
  return openWith(input, budget, true);
}

Result<std::unique_ptr<MupdfDocument>> MupdfDocument::openWith(ByteView input, Budget& budget,
                                                               bool svg) {
  std::unique_ptr<MupdfDocument> doc(new MupdfDocument(budget));
  if (svg) doc->malformed_reason_ = "malformed-svg";
  doc->ctx_ = fz_new_context(doc->allocator_.context(), nullptr, kStoreBytes);
  if (doc->ctx_ == nullptr) return Status::internal("cannot create a MuPDF context");
  fz_context* ctx = doc->ctx_;
  fz_set_warning_callback(ctx, &MupdfDocument::onWarning, doc.get());
  fz_set_error_callback(ctx, ignoreError, nullptr);

  fz_document* opened = nullptr;
  int needs_password = 0;
  int page_count = 0;
  int objects = 0;
  auto body = [&] {
    // The PDF parser directly: no other document handler (HTML, EPUB, XPS, images) is reachable.
    fz_stream* stream = fz_open_memory(ctx, input.data(), input.size());
    pdf_document* pdf = nullptr;
    fz_try(ctx) {
      if (svg) {
        opened = svg_document_handler.open_with_stream(ctx, stream);
      } else {
        pdf = pdf_open_document_with_stream(ctx, stream);
      }
    }
    fz_always(ctx) { fz_drop_stream(ctx, stream); }
    fz_catch(ctx) { fz_rethrow(ctx); }
    if (pdf != nullptr) {
      opened = &pdf->super;
      objects = pdf_xref_len(ctx, pdf);
    }
    // MuPDF already tried the empty password while opening.
    needs_password = fz_needs_password(ctx, opened);
    if (!needs_password) page_count = fz_count_pages(ctx, opened);
  };
  Status status = doc->guard("opening", body);
  doc->doc_ = opened;
  SANSO_RETURN_IF_ERROR(status);
  if (needs_password) return Status::blocked("encrypted", "the PDF needs a password to open");
  SANSO_RETURN_IF_ERROR(budget.check("pdf-objects", static_cast<uint64_t>(objects),
                                     budget.limits().max_pdf_objects, "document"));
  SANSO_RETURN_IF_ERROR(budget.check("pages", static_cast<uint64_t>(page_count),
                                     budget.limits().max_pages, "document"));
  doc->page_count_ = page_count;
  doc->startWatchdog(budget);
  return doc;
}

MupdfDocument::~MupdfDocument() {
  if (watchdog_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    stop_.notify_all();
    watchdog_.join();
  }
  fz_drop_document(ctx_, doc_);
  fz_drop_context(ctx_);
}

void MupdfDocument::logRepairs(ActionLog& log) const {
  if (warnings_ == 0) return;
  log.add("repaired", "pdf-structure", "document",
          "mupdf: " + printableDetail(first_warning_) + " (" + std::to_string(warnings_) +
              " warnings)");
}

}  // namespace sanso::sanitize::pdf
