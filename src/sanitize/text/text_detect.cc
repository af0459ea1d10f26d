// looksLikeText(), looksLikeCsv() and decodeToUtf8().
#include <cstring>

#include "charset_detect.h"
#include "csv.h"
#include "text_probe.h"
#include "text_sanitizer.h"
#include "utf8.h"

namespace sanso::sanitize::text {

namespace {

// Text may hold a few stray controls (form feeds, ANSI colour escapes); more than this share
// of characters means binary data.
constexpr size_t kMaxControlPercent = 2;
// decodeToUtf8() judges the charset from this much of the input.
constexpr size_t kSampleBytes = 256 * 1024;

bool fewControls(std::string_view utf8) {
  size_t chars = 0, controls = 0;
  for (size_t pos = 0; pos < utf8.size();) {
    const Utf8Char c = decodeUtf8(utf8, pos);
    pos += c.length == 0 ? 1 : c.length;
    ++chars;
    const char32_t cp = c.code_point;
    const bool whitespace = cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f';
    if ((cp < 0x20 && !whitespace) || (cp >= 0x7F && cp <= 0x9F)) ++controls;
  }
  return controls * 100 <= chars * kMaxControlPercent;
}

}  // namespace

std::optional<Probe> probeText(ByteView bytes) {
  Probe probe;
  probe.truncated = bytes.size() > kProbeBytes;
  ByteView sample = bytes.first(probe.truncated ? kProbeBytes : bytes.size());
  const auto ranked = rankCharsets(sample, probe.truncated);
  if (ranked.empty()) return std::nullopt;
  const CharsetGuess& best = ranked.front();
  const bool utf16 = best.charset == Charset::kUtf16Le || best.charset == Charset::kUtf16Be;
  if (!utf16 && std::memchr(sample.data(), 0, sample.size()) != nullptr) return std::nullopt;
  auto utf8 = toUtf8(sample.subspan(best.bom_length), best.charset, probe.truncated);
  if (!utf8) return std::nullopt;
  probe.utf8 = std::move(*utf8);
  return probe;
}

bool looksLikeText(ByteView bytes) {
  if (bytes.empty()) return false;
  auto probe = probeText(bytes);
  return probe && fewControls(probe->utf8);
}

bool looksLikeCsv(ByteView bytes) {
  auto probe = probeText(bytes);
  return probe && detectDelimiter(probe->utf8, probe->truncated) != 0;
}

Result<Decoded> decodeToUtf8(ByteView bytes) {
  const bool truncated = bytes.size() > kSampleBytes;
  ByteView sample = bytes.first(truncated ? kSampleBytes : bytes.size());
  for (const CharsetGuess& guess : rankCharsets(sample, truncated)) {
    if (auto utf8 = toUtf8(bytes.subspan(guess.bom_length), guess.charset)) {
      return Decoded{std::move(*utf8), std::string(charsetName(guess.charset))};
    }
  }
  return Status::blocked("malformed-text",
                         "not valid UTF-8, UTF-16, Shift_JIS, EUC-JP or ISO-2022-JP");
}

}  // namespace sanso::sanitize::text
