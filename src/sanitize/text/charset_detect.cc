#include "charset_detect.h"

#include <uchardet/uchardet.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>

#include "iso2022jp.h"
#include "utf8.h"

namespace sanso::sanitize::text {

namespace {

// A BOM-less UTF-16 sample needs this share of its code units in the ASCII range (so with a
// NUL in one byte position), and the other position at most a quarter as many NULs.
constexpr size_t kUtf16MinAsciiPercent = 10;

std::optional<CharsetGuess> fromBom(ByteView bytes) {
  if (hasPrefix(bytes, "\xEF\xBB\xBF")) return CharsetGuess{Charset::kUtf8, 3};
  if (hasPrefix(bytes, "\xFF\xFE")) return CharsetGuess{Charset::kUtf16Le, 2};
  if (hasPrefix(bytes, "\xFE\xFF")) return CharsetGuess{Charset::kUtf16Be, 2};
  return std::nullopt;
}

struct UchardetDeleter {
  void operator()(uchardet_t detector) const { uchardet_delete(detector); }
};

// uchardet's opinion, when it names one of the two 8-bit Japanese charsets.
std::optional<Charset> uchardetJapanese(ByteView sample) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, UchardetDeleter> detector(uchardet_new());
  if (!detector) return std::nullopt;
  if (uchardet_handle_data(detector.get(), reinterpret_cast<const char*>(sample.data()),
                           sample.size()) != 0) {
    return std::nullopt;
  }
  uchardet_data_end(detector.get());
  const std::string_view name = uchardet_get_charset(detector.get());
  if (name == "SHIFT_JIS" || name == "WINDOWS-31J" || name == "CP932") return Charset::kShiftJis;
  if (name == "EUC-JP") return Charset::kEucJp;
  return std::nullopt;
}

// Shift_JIS and EUC-JP readings that decode `sample`, best first.
std::vector<CharsetGuess> rankJapanese(ByteView sample, bool sample_is_prefix) {
  struct Scored {
    Charset charset;
    int64_t score;
  };
  std::vector<Scored> scored;
  for (Charset charset : {Charset::kShiftJis, Charset::kEucJp}) {
    if (toUtf8(sample, charset, sample_is_prefix)) {
      scored.push_back({charset, japaneseScore(sample, charset)});
    }
  }
  if (scored.size() == 2 && scored[0].score == scored[1].score &&
      uchardetJapanese(sample) == Charset::kEucJp) {
    std::swap(scored[0], scored[1]);  // a tie goes to uchardet, otherwise to Shift_JIS
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const Scored& a, const Scored& b) { return a.score > b.score; });
  std::vector<CharsetGuess> out;
  for (const auto& s : scored) out.push_back({s.charset, 0});
  return out;
}

}  // namespace

bool hasPrefix(ByteView bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() && asChars(bytes.first(prefix.size())) == prefix;
}

bool looksLikeUtf16(ByteView bytes, bool& big_endian) {
  const size_t units = bytes.size() / 2;
  if (units < 2) return false;
  size_t zero_low = 0, zero_high = 0;  // in little-endian terms: even and odd positions
  for (size_t i = 0; i < units; ++i) {
    const bool even = bytes[2 * i] == 0, odd = bytes[2 * i + 1] == 0;
    if (even && odd) return false;  // U+0000 is not text
    zero_low += even;
    zero_high += odd;
  }
  const size_t threshold = std::max<size_t>(1, units * kUtf16MinAsciiPercent / 100);
  if (zero_high >= threshold && zero_low * 4 <= zero_high) {
    big_endian = false;
    return true;
  }
  if (zero_low >= threshold && zero_high * 4 <= zero_low) {
    big_endian = true;
    return true;
  }
  return false;
}

std::vector<CharsetGuess> rankCharsets(ByteView sample, bool sample_is_prefix) {
  if (auto bom = fromBom(sample)) return {*bom};
  bool big_endian = false;
  if (looksLikeUtf16(sample, big_endian)) {
    const Charset utf16 = big_endian ? Charset::kUtf16Be : Charset::kUtf16Le;
    if (toUtf8(sample, utf16, sample_is_prefix)) return {{utf16, 0}};
  }
  if (looksLikeIso2022Jp(sample)) {
    if (toUtf8(sample, Charset::kIso2022Jp, sample_is_prefix)) return {{Charset::kIso2022Jp, 0}};
  }
  std::vector<CharsetGuess> ranked;
  const bool utf8 = validUtf8Length(asChars(sample), sample_is_prefix).has_value();
  if (utf8) ranked.push_back({Charset::kUtf8, 0});
  // A whole input that is valid UTF-8 needs no fallback; a prefix might turn invalid later.
  if (!utf8 || sample_is_prefix) {
    for (const auto& guess : rankJapanese(sample, sample_is_prefix)) ranked.push_back(guess);
  }
  return ranked;
}

}  // namespace sanso::sanitize::text
