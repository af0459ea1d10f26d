// A PDF opened with MuPDF for one job: its own fz_context (no locks, nothing shared between jobs)
// with capped memory, the error handling that keeps MuPDF's longjmp-based exceptions inside this
// module, and a watchdog that stops MuPDF work once the job's time is spent.
#pragma once

#include <mupdf/fitz.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "action_log.h"
#include "pdf/capped_allocator.h"
#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::pdf {

class MupdfDocument {
 public:
  // Opens `input`, which must outlive the document, with MuPDF's PDF parser only. Blocks
  // "encrypted" when the PDF needs a password other than the empty one, "malformed-pdf" when
  // MuPDF cannot open it, and "limit-pdf-objects" / "limit-pages" past `budget`'s limits. From
  // then on, work that MuPDF does with cookie() is aborted once `budget`'s time is spent.
  // `budget` must outlive the document.
  static Result<std::unique_ptr<MupdfDocument>> open(ByteView input, Budget& budget);
  // The same for an SVG `input` (already sanitized: it must not reference anything outside
  // itself), through MuPDF's SVG handler only: one page. Parse errors block "malformed-svg".
  static Result<std::unique_ptr<MupdfDocument>> openSvg(ByteView input, Budget& budget);

  MupdfDocument(const MupdfDocument&) = delete;
  MupdfDocument& operator=(const MupdfDocument&) = delete;
  ~MupdfDocument();

  fz_context* context() const { return ctx_; }
  fz_document* document() const { return doc_; }
  int pageCount() const { return page_count_; }
  // To pass to every fz_run_* call: the watchdog sets its abort flag when time runs out.
  fz_cookie* cookie() { return &cookie_; }
  // Blocks "limit-time" when the job's time is spent or the watchdog cut MuPDF's last run short
  // (whose partial result must then be discarded).
  Status checkTime(Budget& budget, const std::string& where);

  // Runs `body` under fz_try. `body` may call MuPDF and assign plain values declared outside it,
  // nothing else: a MuPDF error unwinds it with longjmp. Errors become "malformed-pdf" naming
  // `what`, or "limit-render-memory" when MuPDF ran out of its memory cap.
  template <typename Body>
  Status guard(const std::string& what, Body& body) {
    return guardCall(
        what, [](void* p) { (*static_cast<Body*>(p))(); }, &body);
  }
  // Records the repairs MuPDF reported (as warnings) as one "repaired" action.
  void logRepairs(ActionLog& log) const;

 private:
  explicit MupdfDocument(Budget& budget);
  static Result<std::unique_ptr<MupdfDocument>> openWith(ByteView input, Budget& budget,
                                                         bool svg);
  Status guardCall(const std::string& what, void (*call)(void*), void* arg);
  void startWatchdog(Budget& budget);
  static void onWarning(void* user, const char* message);

  Budget& budget_;
  CappedAllocator allocator_;
  fz_context* ctx_ = nullptr;
  fz_document* doc_ = nullptr;
  int page_count_ = 0;
  int warnings_ = 0;
  std::string first_warning_;
  std::string malformed_reason_ = "malformed-pdf";
  fz_cookie cookie_{};
  std::thread watchdog_;
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
};

}  // namespace sanso::sanitize::pdf
