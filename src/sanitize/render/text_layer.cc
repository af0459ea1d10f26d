#include "render/text_layer.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "text/utf8.h"

namespace sanso::sanitize::render {
namespace {

// Glyph advance of the glyphless font (/DW 500), in text space units per unit of font size.
constexpr double kAdvance = 0.5;

std::string number(double value) {
  char buffer[64];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed, 2);
  std::string text(buffer, ec == std::errc() ? end : buffer);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text.empty() || text == "-0" ? "0" : text;
}

// The code points of `text` the layer can carry: BMP, not controls, not surrogates (the strict
// decoder never yields those). Invalid UTF-8 bytes are dropped.
std::vector<char32_t> codePoints(const std::string& text) {
  std::vector<char32_t> out;
  size_t i = 0;
  while (i < text.size()) {
    text::Utf8Char c = text::decodeUtf8(text, i);
    if (c.length == 0) {
      ++i;
      continue;
    }
    i += c.length;
    const char32_t cp = c.code_point;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp > 0xFFFF) continue;
    if (cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF)) continue;
    out.push_back(cp);
  }
  return out;
}

std::string hexString(const std::vector<char32_t>& cps) {
  std::string out = "<";
  char unit[8];
  for (char32_t cp : cps) {
    std::snprintf(unit, sizeof(unit), "%04X", static_cast<unsigned>(cp));
    out += unit;
  }
  return out + ">";
}

}  // namespace

TextLayer buildTextLayer(const std::vector<ocr::OcrWord>& words, int pixel_width, int pixel_height,
                         double width_pt, double height_pt) {
  TextLayer layer;
  if (pixel_width <= 0 || pixel_height <= 0 || !(width_pt > 0) || !(height_pt > 0)) return layer;
  const double sx = width_pt / pixel_width;
  const double sy = height_pt / pixel_height;
  std::string body;
  int current_line = -1;
  for (size_t i = 0; i < words.size(); ++i) {
    const ocr::OcrWord& word = words[i];
    std::vector<char32_t> cps = codePoints(word.text);
    if (cps.empty()) continue;
    const ocr::OcrWord* next =
        i + 1 < words.size() && words[i + 1].line == word.line ? &words[i + 1] : nullptr;
    double right = word.x1;
    if (next != nullptr) {
      std::vector<char32_t> following = codePoints(next->text);
      const bool joined =
          !following.empty() && ocr::isCjk(cps.back()) && ocr::isCjk(following.front());
      if (!joined) cps.push_back(U' ');
      // Stretch over the gap too, so that no extractor sees a space the text did not have.
      if (next->x0 > word.x0) right = next->x0;
    }
    const double line_height = std::clamp(word.line_y1 - word.line_y0, 1, pixel_height) * sy;
    const double size = std::max(1.0, line_height);
    const double baseline = height_pt - std::clamp(word.line_y1, 0, pixel_height) * sy;
    const double x = std::clamp(word.x0, 0, pixel_width) * sx;
    const double width = std::max(1.0, (std::min(right, static_cast<double>(pixel_width)) -
                                        std::clamp(word.x0, 0, pixel_width)) *
                                           sx);
    const double stretch = 100.0 * width / (static_cast<double>(cps.size()) * kAdvance * size);
    if (word.line != current_line) {
      body += "/F0 " + number(size) + " Tf\n";
      current_line = word.line;
    }
    body += number(std::clamp(stretch, 0.01, 10000.0)) + " Tz 1 0 0 1 " + number(x) + " " +
            number(baseline) + " Tm " + hexString(cps) + " Tj\n";
    ++layer.words;
  }
  if (layer.words > 0) layer.operators = "BT\n3 Tr\n" + body + "ET";
  return layer;
}

}  // namespace sanso::sanitize::render
