// japaneseScore(): a byte-level likelihood that text is Japanese in Shift_JIS or EUC-JP.
// Scoring bytes rather than decoded characters lets it tell JIS level-1 kanji (common) from
// level-2 (rare), which is what separates the two readings of an ambiguous byte string.
// Weights are per byte so that the two readings of the same bytes compare fairly: a likely
// character earns about 1 per byte (kana 1.5), a rare one 0, an implausible one less.
// Inherently ambiguous: EUC-JP half-width katakana (8E xx) read as Shift_JIS are level-1
// kanji of equal score; the tie goes to uchardet, then to Shift_JIS.
#include "charset_detect.h"

namespace sanso::sanitize::text {

namespace {

int64_t shiftJisScore(ByteView b) {
  int64_t score = 0;
  size_t i = 0;
  while (i < b.size()) {
    const uint8_t lead = b[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if (lead >= 0xA1 && lead <= 0xDF) {  // half-width katakana
      score += 1;
      ++i;
      continue;
    }
    if (i + 1 >= b.size()) break;
    const uint8_t trail = b[i + 1];
    i += 2;
    if ((lead == 0x82 && trail >= 0x9F) || (lead == 0x83 && trail <= 0x96)) {
      score += 3;  // hiragana, katakana
    } else if (lead >= 0x81 && lead <= 0x84) {
      score += 2;  // punctuation, full-width letters and digits
    } else if (lead >= 0x88 && lead <= 0x98) {
      score += 2;  // level-1 kanji
    } else if (lead == 0x87 || lead == 0xED || lead == 0xEE || (lead >= 0xFA && lead <= 0xFC)) {
      score += 2;  // NEC and IBM extensions (①, ㈱, 髙...)
    } else if (lead >= 0xF0 && lead <= 0xF9) {
      score -= 3;  // user-defined area
    }
  }
  return score;
}

int64_t eucJpScore(ByteView b) {
  int64_t score = 0;
  size_t i = 0;
  while (i < b.size()) {
    const uint8_t lead = b[i];
    if (lead < 0x80) {
      ++i;
    } else if (lead == 0x8E) {  // half-width katakana
      score += 2;
      i += 2;
    } else if (lead == 0x8F) {  // JIS X 0212
      score -= 1;
      i += 3;
    } else if (lead < 0xA1) {  // C1 control
      score -= 3;
      ++i;
    } else {
      i += 2;
      if (lead == 0xA4 || lead == 0xA5) {
        score += 3;  // hiragana, katakana
      } else if (lead <= 0xA8 || lead == 0xAD) {
        score += 2;  // punctuation, letters, digits; NEC row 13
      } else if (lead >= 0xB0 && lead <= 0xCF) {
        score += 2;  // level-1 kanji
      } else if (lead >= 0xF5) {
        score -= 3;  // user-defined area
      }
    }
  }
  return score;
}

}  // namespace

int64_t japaneseScore(ByteView bytes, Charset charset) {
  switch (charset) {
    case Charset::kShiftJis:
      return shiftJisScore(bytes);
    case Charset::kEucJp:
      return eucJpScore(bytes);
    default:
      return 0;
  }
}

}  // namespace sanso::sanitize::text
