#include "support/tnef_builder.h"

namespace sanso::test::tnef_builder {

std::string le16(uint16_t v) { return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; }
std::string le32(uint32_t v) { return le16(v & 0xFFFF) + le16(static_cast<uint16_t>(v >> 16)); }

std::string utf16(std::u16string_view s) {
  std::string out;
  for (char16_t c : s) out += le16(c);
  return out + le16(0);
}

std::string pad4(std::string s) {
  while (s.size() % 4 != 0) s.push_back('\0');
  return s;
}

std::string attribute(uint8_t level, uint32_t tag, const std::string& data,
                      uint16_t checksum_error) {
  uint16_t sum = 0;
  for (char c : data) sum = static_cast<uint16_t>(sum + static_cast<uint8_t>(c));
  return std::string(1, static_cast<char>(level)) + le32(tag) +
         le32(static_cast<uint32_t>(data.size())) + data +
         le16(static_cast<uint16_t>(sum + checksum_error));
}

std::string propertyBlock(const std::vector<Prop>& props) {
  std::string out = le32(static_cast<uint32_t>(props.size()));
  for (const auto& p : props) {
    out += le32(p.tag);
    if ((p.tag & 0xFFFF) == 0x0003) {
      out += p.value;
    } else {
      out += le32(1) + le32(static_cast<uint32_t>(p.value.size())) + pad4(p.value);
    }
  }
  return out;
}

std::string header() { return le32(0x223E9F78) + le16(0x0001); }

std::string rendData(uint16_t type) { return le16(type) + le32(0xFFFFFFFF) + std::string(8, '\0'); }

std::string winmail(uint16_t checksum_error) {
  std::string out = header();
  out += attribute(1, 0x00089006, le32(0x00010000));
  out += attribute(1, 0x00069007, le32(932) + le32(0));
  out += attribute(1, 0x00078008, std::string("IPM.Microsoft Mail.Note") + '\0');
  out += attribute(1, 0x00018004, "\x8C\x8F\x96\xBC" + std::string(1, '\0'));  // 件名 in CP932
  out += attribute(1, 0x00069003,
                   propertyBlock({{0x3FDE0003, le32(65001)},
                                  {0x1000001F, utf16(u"本文です")},
                                  {0x10130102, "<b>こんにちは</b>"}}));
  out += attribute(2, 0x00069002, rendData(1));
  out += attribute(2, 0x00018010, std::string("HOUKOKU.TXT") + '\0');
  out += attribute(2, 0x0006800F, "report body", checksum_error);
  out += attribute(2, 0x00069005,
                   propertyBlock({{0x37050003, le32(1)},
                                  {0x3707001F, utf16(u"報告書.txt")},
                                  {0x370E001E, std::string("text/plain") + '\0'}}));
  out += attribute(2, 0x00069002, rendData(2));
  out += attribute(2, 0x00018010, std::string("OBJECT") + '\0');
  out += attribute(2, 0x0006800F, "ole stream");
  out += attribute(2, 0x00069002, rendData(1));
  out += attribute(2, 0x00018010, "\x83\x65\x83\x58\x83\x67.bin" + std::string(1, '\0'));
  out += attribute(2, 0x0006800F, std::string("\0\x01\x02", 3));
  return out;
}

}  // namespace sanso::test::tnef_builder
