#include "msg/mapi.h"

#include <iconv.h>

#include <cerrno>
#include <cstdio>
#include <ctime>

#include "text/utf8.h"

namespace sanso::sanitize::mapi {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";

// The iconv name of a Windows code page; nullptr when sanso does not decode it.
const char* iconvName(uint32_t codepage) {
  switch (codepage) {
    case 932:
      return "CP932";
    case 20932:
    case 51932:
      return "EUC-JP-MS";
    case 50220:
    case 50221:
    case 50222:
      return "ISO-2022-JP-3";
    case 65001:
      return "UTF-8";
    case 1200:
      return "UTF-16LE";
    case 1201:
      return "UTF-16BE";
    case 936:
      return "CP936";
    case 54936:
      return "GB18030";
    case 949:
      return "CP949";
    case 51949:
      return "EUC-KR";
    case 950:
      return "BIG5";
    case 874:
      return "CP874";
    case 437:
      return "CP437";
    case 850:
      return "CP850";
    case 866:
      return "CP866";
    case 1250:
      return "CP1250";
    case 1251:
      return "CP1251";
    case 1252:
      return "CP1252";
    case 1253:
      return "CP1253";
    case 1254:
      return "CP1254";
    case 1255:
      return "CP1255";
    case 1256:
      return "CP1256";
    case 1257:
      return "CP1257";
    case 1258:
      return "CP1258";
    case 20127:
      return "ASCII";
    case 20866:
      return "KOI8-R";
    case 21866:
      return "KOI8-U";
    case 28591:
      return "ISO-8859-1";
    case 28592:
      return "ISO-8859-2";
    case 28595:
      return "ISO-8859-5";
    case 28597:
      return "ISO-8859-7";
    case 28605:
      return "ISO-8859-15";
    default:
      return nullptr;
  }
}

std::string asciiOnly(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) < 0x80) {
      out.push_back(c);
    } else {
      out += kReplacement;
    }
  }
  return out;
}

}  // namespace

std::string utf16leToUtf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    uint32_t unit = static_cast<uint8_t>(bytes[i]) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    if (unit == 0) break;
    if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < bytes.size()) {
      uint32_t low = static_cast<uint8_t>(bytes[i + 2]) | (static_cast<uint8_t>(bytes[i + 3]) << 8);
      if (low >= 0xDC00 && low < 0xE000) {
        text::appendUtf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), out);
        i += 2;
        continue;
      }
    }
    if (unit >= 0xD800 && unit < 0xE000) {
      out += kReplacement;
      continue;
    }
    text::appendUtf8(unit, out);
  }
  return out;
}

std::string codepageToUtf8(std::string_view bytes, uint32_t codepage, bool stop_at_nul) {
  if (codepage == 1200) return utf16leToUtf8(bytes);
  if (stop_at_nul) {
    if (size_t nul = bytes.find('\0'); nul != std::string_view::npos) bytes = bytes.substr(0, nul);
  }
  const char* name = iconvName(codepage);
  if (name == nullptr) return asciiOnly(bytes);
  iconv_t cd = iconv_open("UTF-8", name);
  if (cd == reinterpret_cast<iconv_t>(-1)) return asciiOnly(bytes);
  std::string out;
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char buffer[4096];
  while (in_left > 0) {
    char* out_ptr = buffer;
    size_t out_left = sizeof(buffer);
    size_t rc = iconv(cd, &in, &in_left, &out_ptr, &out_left);
    out.append(buffer, static_cast<size_t>(out_ptr - buffer));
    if (rc != static_cast<size_t>(-1) || errno == E2BIG) continue;
    // An invalid or truncated sequence: one replacement character, then the next byte.
    out += kReplacement;
    ++in;
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  char* out_ptr = buffer;
  size_t out_left = sizeof(buffer);
  iconv(cd, nullptr, nullptr, &out_ptr, &out_left);
  out.append(buffer, static_cast<size_t>(out_ptr - buffer));
  iconv_close(cd);
  return out;
}

std::optional<std::string> filetimeToRfc5322(uint64_t filetime) {
  constexpr uint64_t kEpochDelta = 116444736000000000ull;  // 1601 -> 1970 in 100 ns
  constexpr uint64_t kYear10000 = 253402300800ull;
  if (filetime < kEpochDelta) return std::nullopt;
  uint64_t seconds = (filetime - kEpochDelta) / 10000000ull;
  if (seconds >= kYear10000) return std::nullopt;
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::nullopt;
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char out[64];
  std::snprintf(out, sizeof(out), "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return std::string(out);
}

std::string oneLine(std::string_view utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x20 || c == 0x7F) {
      out.push_back(' ');
      continue;
    }
    // C1 controls are U+0080..U+009F: C2 80..C2 9F in UTF-8.
    if (c == 0xC2 && i + 1 < utf8.size() && static_cast<unsigned char>(utf8[i + 1]) < 0xA0) {
      out.push_back(' ');
      ++i;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  size_t begin = out.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  size_t end = out.find_last_not_of(' ');
  return out.substr(begin, end - begin + 1);
}

}  // namespace sanso::sanitize::mapi
