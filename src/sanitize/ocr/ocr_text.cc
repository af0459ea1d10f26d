#include "ocr/ocr_text.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>

#include <memory>

#include "image/image_sanitizer.h"
#include "sanso/common/file_io.h"
#include "text/text_sanitizer.h"
#include "text/utf8.h"

namespace sanso::sanitize::ocr {
namespace {

// Decodes one UTF-8 code point at `i` (advancing it); U+FFFD for a malformed byte.
uint32_t nextCodePoint(std::string_view s, size_t& i) {
  text::Utf8Char c = text::decodeUtf8(s, i);
  if (c.length == 0) {
    ++i;
    return 0xFFFD;
  }
  i += c.length;
  return c.code_point;
}

bool isCjk(uint32_t cp) {
  return (cp >= 0x3000 && cp <= 0x30FF) ||  // punctuation, hiragana, katakana
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

}  // namespace

std::string joinCjkSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  uint32_t previous = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    uint32_t cp = nextCodePoint(text, i);
    if (cp == ' ' && isCjk(previous)) {
      // Drop the run of spaces when the next character is CJK too.
      size_t j = i;
      while (j < text.size() && text[j] == ' ') ++j;
      size_t k = j;
      if (j < text.size() && isCjk(nextCodePoint(text, k))) {
        i = j;
        continue;
      }
    }
    out.append(text.substr(start, i - start));
    previous = cp;
  }
  return out;
}

Result<FileType> imageToText(Job& job) {
  SANSO_ASSIGN_OR_RETURN(image::Pixels pixels,
                         image::decode(job.input, job.type, job.budget, "image"));
  tesseract::TessBaseAPI api;
  api.SetVariable("debug_file", "/dev/null");  // no warnings on our stderr
  if (api.Init(nullptr, "jpn+eng", tesseract::OEM_LSTM_ONLY) != 0) {
    return Status::internal("Tesseract could not load jpn+eng (tesseract-ocr-jpn installed?)");
  }
  api.SetPageSegMode(tesseract::PSM_AUTO);
  api.SetImage(reinterpret_cast<const unsigned char*>(pixels.data.data()), pixels.width,
               pixels.height, pixels.bands, pixels.width * pixels.bands);
  api.SetSourceResolution(job.options.dpi);

  auto remaining = job.budget.limits().max_time - job.budget.elapsed();
  if (remaining.count() <= 0) SANSO_RETURN_IF_ERROR(job.budget.checkTime("ocr"));
  tesseract::ETEXT_DESC monitor;
  monitor.set_deadline_msecs(static_cast<int32_t>(std::min<int64_t>(remaining.count(), INT32_MAX)));
  if (api.Recognize(&monitor) != 0) {
    SANSO_RETURN_IF_ERROR(job.budget.checkTime("ocr"));
    return Status::blocked("ocr-failed", "text recognition failed");
  }
  SANSO_RETURN_IF_ERROR(job.budget.checkTime("ocr"));
  std::unique_ptr<char[]> recognized(api.GetUTF8Text());
  api.End();
  uint64_t removed = 0;
  std::string text = text::stripControls(joinCjkSpaces(recognized ? recognized.get() : ""), removed);
  SANSO_RETURN_IF_ERROR(writeFile(job.output_path, asBytes(text)));
  return FileType::kText;
}

}  // namespace sanso::sanitize::ocr
