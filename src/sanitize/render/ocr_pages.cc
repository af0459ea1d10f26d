#include "render/ocr_pages.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <system_error>
#include <utility>

#include "media/media.h"
#include "render/text_layer.h"

namespace sanso::sanitize::render {
namespace {

using Words = Result<std::vector<ocr::OcrWord>>;

// Closes a session on every path.
struct SessionCloser {
  void operator()(ocr::OcrSession* session) const { media::closeOcrSession(session); }
};
using SessionPtr = std::unique_ptr<ocr::OcrSession, SessionCloser>;

}  // namespace

Result<std::unique_ptr<OcrPages>> OcrPages::start(Job& job, ImagePdfWriter& writer) {
  // The first session is opened here, so that missing language data fails the job before any
  // page is rendered; it also provides the font.
  SANSO_ASSIGN_OR_RETURN(ocr::OcrSession * opened, media::openOcrSession());
  SessionPtr first(opened);
  SANSO_ASSIGN_OR_RETURN(std::string font, media::glyphlessFont(*first));
  writer.setGlyphlessFont(std::move(font));

  std::unique_ptr<OcrPages> pages(new OcrPages(job, writer));
  const uint64_t cores = std::max(1u, std::thread::hardware_concurrency());
  const uint64_t threads =
      std::max<uint64_t>(1, std::min(cores, job.budget.limits().max_ocr_threads));
  pages->capacity_ = static_cast<size_t>(threads) + 1;
  for (uint64_t i = 0; i < threads; ++i) {
    ocr::OcrSession* session = i == 0 ? first.get() : nullptr;
    try {
      pages->workers_.emplace_back([raw = pages.get(), session] { raw->work(session); });
    } catch (const std::system_error& e) {
      // Fewer workers than planned still do the job; none at all cannot.
      if (i == 0) return Status::internal(std::string("cannot start OCR threads: ") + e.what());
      break;
    }
    if (i == 0) first.release();  // the first worker owns it now
  }
  return pages;
}

OcrPages::~OcrPages() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    tasks_.clear();
  }
  cancel_ = true;
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void OcrPages::work(ocr::OcrSession* given) {
  SessionPtr session(given);
  Status opened = Status::ok();
  if (session == nullptr) {
    Result<ocr::OcrSession*> created = media::openOcrSession();
    if (created.isOk()) {
      session.reset(*created);
    } else {
      opened = created.status();
    }
  }
  for (;;) {
    std::function<void(ocr::OcrSession*, const Status&)> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (stopping_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task(session.get(), opened);
  }
}

Status OcrPages::add(const Raster& raster, const std::string& where) {
  if (pending_.size() >= capacity_) SANSO_RETURN_IF_ERROR(writeOldest());
  SANSO_ASSIGN_OR_RETURN(EncodedPage page, encoder_.encode(raster));

  // Tesseract reads the very pixels the page image was encoded from (the raster, before any
  // reduction to grey), never the input file.
  auto pixels =
      std::make_shared<std::vector<uint8_t>>(raster.stride * static_cast<size_t>(raster.height));
  std::memcpy(pixels->data(), raster.pixels, pixels->size());
  ocr::OcrImage image;
  image.pixels = pixels->data();
  image.width = raster.width;
  image.height = raster.height;
  image.bands = raster.bands;
  image.stride = raster.stride;
  image.dpi = job_.options.dpi;

  auto promise = std::make_shared<std::promise<Words>>();
  Pending entry{where, std::string(page.jpeg), page, promise->get_future()};
  entry.page.jpeg = {};
  Budget& budget = job_.budget;
  const std::atomic<bool>* cancel = &cancel_;
  auto task = [promise, pixels, image, &budget, cancel](ocr::OcrSession* session,
                                                        const Status& opened) {
    if (session == nullptr) {
      promise->set_value(opened);
      return;
    }
    const auto left = budget.limits().max_time - budget.elapsed();
    promise->set_value(media::recognizeWords(*session, image, left.count(), cancel));
  };
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
  pending_.push_back(std::move(entry));
  return Status::ok();
}

Status OcrPages::writeOldest() {
  Pending entry = std::move(pending_.front());
  pending_.pop_front();
  Words words = entry.words.get();
  if (!words.isOk()) {
    // A recognition stopped by its deadline is the job's time limit.
    SANSO_RETURN_IF_ERROR(job_.budget.checkTime(entry.where));
    Status status = words.status();
    if (status.isBlocked())
      return Status::blocked(status.reason(), entry.where + ": " + status.message());
    return status;
  }
  const EncodedPage& page = entry.page;
  TextLayer layer = buildTextLayer(*words, page.width, page.height, page.width_pt, page.height_pt);
  if (layer.words > 0) ++pages_with_text_;
  words_ += layer.words;
  return writer_.addPage(entry.jpeg, page.width, page.height, page.components, page.width_pt,
                         page.height_pt, layer.operators);
}

Status OcrPages::finish() {
  while (!pending_.empty()) SANSO_RETURN_IF_ERROR(writeOldest());
  job_.log.add(
      "added", "ocr-text-layer", "",
      std::to_string(pages_with_text_) + " pages with text, " + std::to_string(words_) + " words");
  return Status::ok();
}

}  // namespace sanso::sanitize::render
