#include "ocr/ocr_text.h"

#include <memory>

#include "image/image_sanitizer.h"
#include "ocr/ocr_words.h"
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
  SANSO_ASSIGN_OR_RETURN(OcrSession * opened, openSession());
  std::unique_ptr<OcrSession, void (*)(OcrSession*)> session(opened, closeSession);
  const OcrImage image{reinterpret_cast<const uint8_t*>(pixels.data.data()),
                       pixels.width,
                       pixels.height,
                       pixels.bands,
                       static_cast<size_t>(pixels.width) * static_cast<size_t>(pixels.bands),
                       job.options.dpi};
  SANSO_RETURN_IF_ERROR(job.budget.checkTime("ocr"));
  const auto remaining = job.budget.limits().max_time - job.budget.elapsed();
  Result<std::string> recognized = recognizeText(*session, image, remaining.count());
  if (!recognized.isOk()) {
    SANSO_RETURN_IF_ERROR(job.budget.checkTime("ocr"));
    return recognized.status();
  }
  uint64_t removed = 0;
  std::string text = text::stripControls(joinCjkSpaces(*recognized), removed);
  SANSO_RETURN_IF_ERROR(writeFile(job.output_path, asBytes(text)));
  return FileType::kText;
}

}  // namespace sanso::sanitize::ocr
