#include "ocr/ocr_words.h"

#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "sanso/common/file_io.h"

namespace sanso::sanitize::ocr {
namespace {

// Tesseract finds at most a few thousand words on a page; the raster is bounded by
// max_render_pixels, and this caps the list whatever the model makes of it.
constexpr size_t kMaxWordsPerPage = 100'000;
// pdf.ttf is about 600 bytes.
constexpr uint64_t kMaxFontBytes = 64 << 10;

bool cancelled(void* flag, int /*words*/) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(flag);
  return cancel != nullptr && cancel->load();
}

}  // namespace

class OcrSession {
 public:
  tesseract::TessBaseAPI api;
};

Result<OcrSession*> openSession() {
  // debug_file is one of Tesseract's global parameters; sessions of one job open on several
  // threads, so their set-up is serialized.
  static std::mutex init;
  std::lock_guard<std::mutex> lock(init);
  auto session = std::make_unique<OcrSession>();
  session->api.SetVariable("debug_file", "/dev/null");  // no warnings on our stderr
  if (session->api.Init(nullptr, "jpn+eng", tesseract::OEM_LSTM_ONLY) != 0) {
    return Status::internal("Tesseract could not load jpn+eng (tesseract-ocr-jpn installed?)");
  }
  session->api.SetPageSegMode(tesseract::PSM_AUTO);
  return session.release();
}

void closeSession(OcrSession* session) { delete session; }

namespace {

// Runs recognition of `image` in the session's API; its results stay there until Clear().
Status recognize(tesseract::TessBaseAPI& api, const OcrImage& image, int64_t deadline_ms,
                 const std::atomic<bool>* cancel) {
  if (image.pixels == nullptr || image.width <= 0 || image.height <= 0 ||
      (image.bands != 1 && image.bands != 3)) {
    return Status::internal("inconsistent raster for OCR");
  }
  if (deadline_ms <= 0) return Status::blocked("ocr-failed", "no time left for recognition");
  api.SetImage(image.pixels, image.width, image.height, image.bands,
               static_cast<int>(image.stride));
  api.SetSourceResolution(image.dpi);
  tesseract::ETEXT_DESC monitor;
  monitor.cancel = cancelled;
  monitor.cancel_this = const_cast<std::atomic<bool>*>(cancel);
  monitor.set_deadline_msecs(static_cast<int32_t>(std::min<int64_t>(deadline_ms, INT32_MAX)));
  if (api.Recognize(&monitor) != 0 || monitor.deadline_exceeded() ||
      (cancel != nullptr && cancel->load())) {
    api.Clear();
    return Status::blocked("ocr-failed", "text recognition failed or was stopped");
  }
  return Status::ok();
}

}  // namespace

Result<std::string> recognizeText(OcrSession& session, const OcrImage& image, int64_t deadline_ms) {
  tesseract::TessBaseAPI& api = session.api;
  SANSO_RETURN_IF_ERROR(recognize(api, image, deadline_ms, nullptr));
  std::unique_ptr<char[]> recognized(api.GetUTF8Text());
  api.Clear();
  return std::string(recognized ? recognized.get() : "");
}

Result<std::vector<OcrWord>> recognizeWords(OcrSession& session, const OcrImage& image,
                                            int64_t deadline_ms, const std::atomic<bool>* cancel) {
  tesseract::TessBaseAPI& api = session.api;
  SANSO_RETURN_IF_ERROR(recognize(api, image, deadline_ms, cancel));
  std::vector<OcrWord> words;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  int line = -1;
  int lx0 = 0, ly0 = 0, lx1 = 0, ly1 = 0;
  while (it != nullptr && !it->Empty(tesseract::RIL_BLOCK) && words.size() < kMaxWordsPerPage) {
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
      ++line;
      it->BoundingBox(tesseract::RIL_TEXTLINE, &lx0, &ly0, &lx1, &ly1);
    }
    if (!it->Empty(tesseract::RIL_WORD)) {
      OcrWord word;
      it->BoundingBox(tesseract::RIL_WORD, &word.x0, &word.y0, &word.x1, &word.y1);
      std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_WORD));
      if (text != nullptr && text[0] != '\0') {
        word.text = text.get();
        word.line = std::max(line, 0);
        word.line_x0 = lx0;
        word.line_y0 = ly0;
        word.line_x1 = lx1;
        word.line_y1 = ly1;
        words.push_back(std::move(word));
      }
    }
    if (!it->Next(tesseract::RIL_WORD)) break;
  }
  api.Clear();
  return words;
}

Result<std::string> glyphlessFont(OcrSession& session) {
  std::string path = std::string(session.api.GetDatapath());
  if (!path.empty() && path.back() != '/') path.push_back('/');
  path += "pdf.ttf";
  Result<std::string> font = readFile(path, kMaxFontBytes);
  if (!font.isOk()) return font.status();
  const std::string& bytes = *font;
  // The TrueType version tag, 0x00010000.
  if (bytes.size() < 12 || bytes[0] != 0 || bytes[1] != 1 || bytes[2] != 0 || bytes[3] != 0) {
    return Status::internal(path + " is not a TrueType font");
  }
  return font;
}

}  // namespace sanso::sanitize::ocr
