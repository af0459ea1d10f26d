// Fuzzes the image-pdf OCR text layer builder with arbitrary word boxes and texts (whatever
// Tesseract may make of a hostile page): the operators must stay a fixed grammar of numbers, hex
// strings and a few operators, so that no recognised text can add PDF syntax.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "render/text_layer.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

int readInt(const uint8_t*& data, size_t& size) {
  if (size < 2) return 0;
  const int value = static_cast<int16_t>(data[0] | (data[1] << 8));
  data += 2;
  size -= 2;
  return value;
}

bool allowed(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || c == ' ' || c == '\n' || c == '.' ||
         c == '-' || c == '<' || c == '>' || c == '/';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using sanso::sanitize::ocr::OcrWord;
  const int pixel_width = readInt(data, size);
  const int pixel_height = readInt(data, size);
  std::vector<OcrWord> words;
  while (size >= 12 && words.size() < 1000) {
    OcrWord word;
    word.x0 = readInt(data, size);
    word.x1 = readInt(data, size);
    word.line_y0 = readInt(data, size);
    word.line_y1 = readInt(data, size);
    word.line = readInt(data, size) & 7;
    const size_t length = std::min<size_t>(size, static_cast<size_t>(readInt(data, size) & 31));
    word.text.assign(reinterpret_cast<const char*>(data), length);
    data += length;
    size -= length;
    words.push_back(word);
  }
  const auto layer =
      sanso::sanitize::render::buildTextLayer(words, pixel_width, pixel_height, 595.0, 842.0);
  if (layer.operators.empty()) return 0;
  check(layer.operators.rfind("BT\n3 Tr\n", 0) == 0);
  check(layer.operators.compare(layer.operators.size() - 2, 2, "ET") == 0);
  // Apart from the operators' letters, only numbers and hex strings.
  std::string rest;
  for (size_t i = 0; i < layer.operators.size(); ++i) {
    const std::string_view tail(layer.operators.data() + i, layer.operators.size() - i);
    bool op = false;
    for (std::string_view name : {"BT", "ET", "Tr", "Tf", "Tz", "Tm", "Tj", "F0"}) {
      if (tail.substr(0, name.size()) == name) {
        i += name.size() - 1;
        op = true;
        break;
      }
    }
    if (!op) check(allowed(layer.operators[i]));
  }
  check(layer.words <= words.size());
  return 0;
}
