#include "charset.h"

#include <iconv.h>

#include <cerrno>

#include "iso2022jp.h"
#include "utf8.h"

namespace sanso::sanitize::text {

namespace {

class Iconv {
 public:
  explicit Iconv(const char* from) : cd_(iconv_open("UTF-8", from)) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;

  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

  // Strict conversion: fails on any invalid sequence (no //IGNORE, no //TRANSLIT).
  std::optional<std::string> convert(ByteView bytes, bool allow_truncated_tail) {
    std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
    char* in = const_cast<char*>(reinterpret_cast<const char*>(bytes.data()));
    size_t in_left = bytes.size();
    size_t used = 0;
    // One call converts; with in == nullptr it flushes a stateful decoder. Grows on E2BIG.
    auto step = [&](bool flush) {
      char* out_ptr = out.data() + used;
      size_t out_left = out.size() - used;
      const size_t rc = flush ? iconv(cd_, nullptr, nullptr, &out_ptr, &out_left)
                              : iconv(cd_, &in, &in_left, &out_ptr, &out_left);
      used = static_cast<size_t>(out_ptr - out.data());
      if (rc != static_cast<size_t>(-1)) return 0;
      const int error = errno;
      if (error == E2BIG) out.resize(out.size() * 2);
      return error;
    };
    while (in_left > 0) {
      const int error = step(false);
      if (error == E2BIG || error == 0) continue;
      if (error == EINVAL && allow_truncated_tail) break;
      return std::nullopt;
    }
    while (true) {
      const int error = step(true);
      if (error == 0) break;
      if (error != E2BIG) return std::nullopt;
    }
    out.resize(used);
    return out;
  }

 private:
  iconv_t cd_;
};

std::optional<std::string> viaIconv(ByteView bytes, const char* from, bool allow_truncated_tail) {
  Iconv iconv(from);
  if (!iconv.ok()) return std::nullopt;
  return iconv.convert(bytes, allow_truncated_tail);
}

std::optional<std::string> utf8(ByteView bytes, bool allow_truncated_tail) {
  auto length = validUtf8Length(asChars(bytes), allow_truncated_tail);
  if (!length) return std::nullopt;
  return std::string(asChars(bytes).substr(0, *length));
}

std::optional<std::string> iso2022Jp(ByteView bytes, bool allow_truncated_tail) {
  std::string cp932;
  switch (iso2022JpToCp932(bytes, allow_truncated_tail, cp932)) {
    case Iso2022Result::kOk:
      return viaIconv(asBytes(cp932), "CP932", false);
    case Iso2022Result::kInvalid:
      return std::nullopt;
    case Iso2022Result::kOtherCharsets:
      break;
  }
  if (auto jp2 = viaIconv(bytes, "ISO-2022-JP-2", allow_truncated_tail)) return jp2;
  return viaIconv(bytes, "ISO-2022-JP-3", allow_truncated_tail);
}

}  // namespace

std::string_view charsetName(Charset charset) {
  switch (charset) {
    case Charset::kUtf8:
      return "UTF-8";
    case Charset::kUtf16Le:
      return "UTF-16LE";
    case Charset::kUtf16Be:
      return "UTF-16BE";
    case Charset::kShiftJis:
      return "SHIFT_JIS";
    case Charset::kEucJp:
      return "EUC-JP";
    case Charset::kIso2022Jp:
      return "ISO-2022-JP";
  }
  return "UNKNOWN";
}

std::optional<std::string> toUtf8(ByteView bytes, Charset charset, bool allow_truncated_tail) {
  switch (charset) {
    case Charset::kUtf8:
      return utf8(bytes, allow_truncated_tail);
    case Charset::kUtf16Le:
      return viaIconv(bytes, "UTF-16LE", allow_truncated_tail);
    case Charset::kUtf16Be:
      return viaIconv(bytes, "UTF-16BE", allow_truncated_tail);
    case Charset::kShiftJis:
      return viaIconv(bytes, "CP932", allow_truncated_tail);
    case Charset::kEucJp:
      return viaIconv(bytes, "EUC-JP-MS", allow_truncated_tail);
    case Charset::kIso2022Jp:
      return iso2022Jp(bytes, allow_truncated_tail);
  }
  return std::nullopt;
}

}  // namespace sanso::sanitize::text
