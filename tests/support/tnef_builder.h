// TNEF (winmail.dat) streams built byte by byte for tests: attributes with their checksums,
// MAPI property blocks, and a sample message with Japanese names and bodies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sanso::test::tnef_builder {

std::string le16(uint16_t v);
std::string le32(uint32_t v);
// UTF-16LE with a terminating NUL.
std::string utf16(std::u16string_view s);
// `s` padded with NULs to a multiple of 4 bytes.
std::string pad4(std::string s);

// One attribute: level, tag, length, data, checksum (plus `checksum_error` to break it).
std::string attribute(uint8_t level, uint32_t tag, const std::string& data,
                      uint16_t checksum_error = 0);

// A MAPI property block of single-valued properties: PT_LONG values or variable ones.
struct Prop {
  uint32_t tag;
  std::string value;  // 4 bytes for PT_LONG; the bytes for variable types
};
std::string propertyBlock(const std::vector<Prop>& props);

// The TNEF signature and key.
std::string header();
// attAttachRendData of an attachment of `type` (1 file, 2 OLE object).
std::string rendData(uint16_t type);

// A winmail.dat: subject 件名 (CP932), plain body 本文です, HTML body, the attachment
// 報告書.txt ("report body", its checksum off by `checksum_error`), an OLE object and
// テスト.bin named in the OEM code page.
std::string winmail(uint16_t checksum_error = 0);

}  // namespace sanso::test::tnef_builder
