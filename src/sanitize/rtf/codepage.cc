#include "rtf/codepage.h"
#include "text/utf8.h"

#include <iconv.h>

#include <cerrno>
#include <memory>
#include <string>

namespace sanso::sanitize::rtf {
namespace {

std::string iconvName(int codepage) {
  switch (codepage) {
    case 932: case 936: case 949: case 950: case 874: case 437: case 850:
    case 1250: case 1251: case 1252: case 1253: case 1254: case 1255: case 1256: case 1257:
    case 1258:
      return "CP" + std::to_string(codepage);
    case 10000: return "MACINTOSH";
    default: return "CP1252";
  }
}

// One iconv descriptor per code page and thread, opened on first use.
class Decoder {
 public:
  explicit Decoder(const std::string& name) : cd_(iconv_open("UTF-8", name.c_str())) {}
  ~Decoder() {
    if (ok()) iconv_close(cd_);
  }
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

  void decode(std::string_view bytes, std::string& out) {
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);
    char* in = const_cast<char*>(bytes.data());
    size_t in_left = bytes.size();
    char buffer[1024];
    while (in_left > 0) {
      char* out_ptr = buffer;
      size_t out_left = sizeof(buffer);
      const size_t rc = iconv(cd_, &in, &in_left, &out_ptr, &out_left);
      out.append(buffer, static_cast<size_t>(out_ptr - buffer));
      if (rc != static_cast<size_t>(-1)) break;
      if (errno == E2BIG) continue;
      // An invalid or cut-off sequence: one replacement character, then the next byte.
      text::appendUtf8(0xFFFD, out);
      ++in;
      --in_left;
      iconv(cd_, nullptr, nullptr, nullptr, nullptr);
    }
  }

 private:
  iconv_t cd_;
};

}  // namespace

int codepageForCharset(int charset) {
  switch (charset) {
    case 77: return 10000;
    case 128: return 932;
    case 129: return 949;
    case 134: return 936;
    case 136: return 950;
    case 161: return 1253;
    case 162: return 1254;
    case 163: return 1258;
    case 177: return 1255;
    case 178: return 1256;
    case 186: return 1257;
    case 204: return 1251;
    case 222: return 874;
    case 238: return 1250;
    case 255: return 437;
    default: return 0;
  }
}

bool isDoubleByte(int codepage) {
  return codepage == 932 || codepage == 936 || codepage == 949 || codepage == 950;
}

void decodeCodepage(std::string_view bytes, int codepage, std::string& out) {
  if (bytes.empty()) return;
  const std::string name = iconvName(codepage);
  thread_local std::string cached_name;
  thread_local std::unique_ptr<Decoder> cached;
  if (!cached || cached_name != name) {
    cached = std::make_unique<Decoder>(name);
    cached_name = name;
  }
  if (!cached->ok()) {
    for (unsigned char c : bytes) text::appendUtf8(c < 0x80 ? c : 0xFFFD, out);
    return;
  }
  cached->decode(bytes, out);
}

}  // namespace sanso::sanitize::rtf
