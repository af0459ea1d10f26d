// MAPI property tags and value decoding shared by the .msg and TNEF readers (MS-OXPROPS,
// MS-OXCDATA): strings in UTF-16LE or an ANSI code page, and FILETIME dates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sanso::sanitize::mapi {

// Property types (the low 16 bits of a tag).
inline constexpr uint16_t kPtShort = 0x0002;
inline constexpr uint16_t kPtLong = 0x0003;
inline constexpr uint16_t kPtFloat = 0x0004;
inline constexpr uint16_t kPtDouble = 0x0005;
inline constexpr uint16_t kPtCurrency = 0x0006;
inline constexpr uint16_t kPtAppTime = 0x0007;
inline constexpr uint16_t kPtError = 0x000A;
inline constexpr uint16_t kPtBoolean = 0x000B;
inline constexpr uint16_t kPtObject = 0x000D;
inline constexpr uint16_t kPtI8 = 0x0014;
inline constexpr uint16_t kPtString8 = 0x001E;
inline constexpr uint16_t kPtUnicode = 0x001F;
inline constexpr uint16_t kPtSysTime = 0x0040;
inline constexpr uint16_t kPtClsid = 0x0048;
inline constexpr uint16_t kPtServerId = 0x00FB;
inline constexpr uint16_t kPtBinary = 0x0102;
inline constexpr uint16_t kMultiValued = 0x1000;

// Property ids (the high 16 bits of a tag).
inline constexpr uint16_t kMessageClass = 0x001A;
inline constexpr uint16_t kSubject = 0x0037;
inline constexpr uint16_t kClientSubmitTime = 0x0039;
inline constexpr uint16_t kSentRepresentingName = 0x0042;
inline constexpr uint16_t kSentRepresentingAddrType = 0x0064;
inline constexpr uint16_t kSentRepresentingEmail = 0x0065;
inline constexpr uint16_t kRecipientType = 0x0C15;
inline constexpr uint16_t kSenderName = 0x0C1A;
inline constexpr uint16_t kSenderAddrType = 0x0C1E;
inline constexpr uint16_t kSenderEmail = 0x0C1F;
inline constexpr uint16_t kMessageDeliveryTime = 0x0E06;
inline constexpr uint16_t kBody = 0x1000;
inline constexpr uint16_t kRtfCompressed = 0x1009;
inline constexpr uint16_t kHtml = 0x1013;
inline constexpr uint16_t kInternetMessageId = 0x1035;
inline constexpr uint16_t kDisplayName = 0x3001;
inline constexpr uint16_t kAddrType = 0x3002;
inline constexpr uint16_t kEmailAddress = 0x3003;
inline constexpr uint16_t kAttachDataBin = 0x3701;  // PT_BINARY; PT_OBJECT: embedded message
inline constexpr uint16_t kAttachFilename = 0x3704;
inline constexpr uint16_t kAttachMethod = 0x3705;
inline constexpr uint16_t kAttachLongFilename = 0x3707;
inline constexpr uint16_t kAttachMimeTag = 0x370E;
inline constexpr uint16_t kAttachContentId = 0x3712;
inline constexpr uint16_t kSmtpAddress = 0x39FE;
inline constexpr uint16_t kInternetCpid = 0x3FDE;
inline constexpr uint16_t kMessageCodepage = 0x3FFD;
inline constexpr uint16_t kSenderSmtpAddress = 0x5D01;
inline constexpr uint16_t kSentRepresentingSmtpAddress = 0x5D02;

// PR_ATTACH_METHOD values.
inline constexpr uint32_t kAttachByValue = 1;
inline constexpr uint32_t kAttachEmbeddedMessage = 5;
inline constexpr uint32_t kAttachOle = 6;

// PR_RECIPIENT_TYPE values.
inline constexpr uint32_t kRecipientTo = 1;
inline constexpr uint32_t kRecipientCc = 2;

// UTF-16LE code units to UTF-8, up to the first NUL; unpaired surrogates become U+FFFD.
std::string utf16leToUtf8(std::string_view bytes);
// Bytes in Windows code page `codepage` (932, 1252, 65001, 50220...) to UTF-8; invalid
// sequences become U+FFFD, and an unknown code page keeps ASCII only. `stop_at_nul` cuts at the
// first NUL (MAPI strings are NUL-terminated).
std::string codepageToUtf8(std::string_view bytes, uint32_t codepage, bool stop_at_nul);
// A FILETIME (100 ns since 1601) as an RFC 5322 date in UTC; nullopt outside years 1970-9999.
std::optional<std::string> filetimeToRfc5322(uint64_t filetime);
// Removes C0 and C1 controls (CR, LF and tabs too) and trims spaces: a single header line.
std::string oneLine(std::string_view utf8);

}  // namespace sanso::sanitize::mapi
