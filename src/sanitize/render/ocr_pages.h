// image-pdf with --ocr: pages are recognised on worker threads while the caller renders the
// next ones, and written to the image PDF in order, each with its invisible text layer.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "job.h"
#include "ocr/ocr_words.h"
#include "render/image_pdf_writer.h"
#include "render/raster.h"

namespace sanso::sanitize::render {

class OcrPages {
 public:
  // Starts min(cores, max_ocr_threads) workers (at least one), each with its own Tesseract
  // instance, loaded once for the job. Fails when the media module or the language data is
  // missing.
  static Result<std::unique_ptr<OcrPages>> start(Job& job, ImagePdfWriter& writer);

  OcrPages(const OcrPages&) = delete;
  OcrPages& operator=(const OcrPages&) = delete;
  // Stops recognition in progress and joins the workers; pages not yet written are dropped.
  ~OcrPages();

  // Encodes `raster` and queues a copy of its pixels for recognition. When as many pages as
  // there are workers, plus one, are waiting, first writes the oldest (waiting for its words),
  // so at most that many rasters are held.
  Status add(const Raster& raster, const std::string& where);
  // Writes the remaining pages and records the text layer in the job's log.
  Status finish();

 private:
  struct Pending {
    std::string where;
    std::string jpeg;
    EncodedPage page;
    std::future<Result<std::vector<ocr::OcrWord>>> words;
  };

  OcrPages(Job& job, ImagePdfWriter& writer) : job_(job), writer_(writer) {}
  void work(ocr::OcrSession* session);
  Status writeOldest();

  Job& job_;
  ImagePdfWriter& writer_;
  RasterPageEncoder encoder_;
  std::deque<Pending> pending_;
  size_t capacity_ = 1;
  size_t pages_with_text_ = 0;
  size_t words_ = 0;

  std::mutex mutex_;
  std::condition_variable wake_;
  // Run by a worker with its session, or with nullptr and the reason it could not open one.
  std::deque<std::function<void(ocr::OcrSession*, const Status&)>> tasks_;
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};
  std::vector<std::thread> workers_;
};

}  // namespace sanso::sanitize::render
