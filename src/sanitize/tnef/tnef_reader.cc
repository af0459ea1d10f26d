#include "tnef/tnef_reader.h"

#include <map>
#include <optional>

#include "msg/mapi.h"

namespace sanso::sanitize::tnef {
namespace {

constexpr uint32_t kSignature = 0x223E9F78;
constexpr uint8_t kLevelMessage = 1;
constexpr uint8_t kLevelAttachment = 2;
// Attribute ids (the low 16 bits of an attribute tag, MS-OXTNEF 2.1.3.1).
constexpr uint16_t kAttSubject = 0x8004;
constexpr uint16_t kAttBody = 0x800C;
constexpr uint16_t kAttAttachData = 0x800F;
constexpr uint16_t kAttAttachTitle = 0x8010;
constexpr uint16_t kAttAttachRendData = 0x9002;
constexpr uint16_t kAttMapiProps = 0x9003;
constexpr uint16_t kAttAttachment = 0x9005;
constexpr uint16_t kAttOemCodepage = 0x9007;
// attAttachRendData.AttachType of an OLE object.
constexpr uint16_t kRendOle = 2;

Status malformed(const std::string& what) {
  return Status::blocked("malformed-tnef", "TNEF: " + what);
}

// The first value of each single-valued property of a MAPI property block, raw.
using Properties = std::map<uint32_t, std::string_view>;

// Reads a property block (MS-OXTNEF 2.1.3.4): count, then tag, optional name, values.
class PropertyParser {
 public:
  PropertyParser(std::string_view data, Budget& budget) : data_(data), budget_(budget) {}

  Result<Properties> parse(const std::string& where) {
    SANSO_ASSIGN_OR_RETURN(uint32_t count, u32());
    SANSO_RETURN_IF_ERROR(
        budget_.check("mail-properties", count, budget_.limits().max_mail_properties, where));
    Properties out;
    for (uint32_t i = 0; i < count; ++i) {
      SANSO_ASSIGN_OR_RETURN(uint32_t tag, u32());
      uint16_t type = tag & 0xFFFF;
      uint16_t id = static_cast<uint16_t>(tag >> 16);
      if (id >= 0x8000) SANSO_RETURN_IF_ERROR(skipName());
      bool multi = (type & mapi::kMultiValued) != 0;
      uint16_t base = type & ~mapi::kMultiValued;
      bool variable = base == mapi::kPtString8 || base == mapi::kPtUnicode ||
                      base == mapi::kPtBinary || base == mapi::kPtObject ||
                      base == mapi::kPtServerId;
      uint32_t values = 1;
      if (multi || variable) {
        SANSO_ASSIGN_OR_RETURN(values, u32());
        // Each value takes at least 4 bytes: a count beyond that is a lie.
        if (values > (data_.size() - offset_) / 4) return malformed("value count past the end");
      }
      for (uint32_t v = 0; v < values; ++v) {
        SANSO_ASSIGN_OR_RETURN(std::string_view value, readValue(base, variable));
        if (v == 0 && !multi) out.emplace(tag, value);
      }
    }
    return out;
  }

 private:
  Result<uint32_t> u32() {
    auto value = readLe<uint32_t>(asBytes(data_), offset_);
    if (!value) return malformed("truncated property block");
    offset_ += 4;
    return *value;
  }
  Result<std::string_view> take(uint64_t length, bool pad) {
    uint64_t padded = pad ? (length + 3) / 4 * 4 : length;
    if (offset_ > data_.size() || data_.size() - offset_ < padded) {
      return malformed("property value past the end");
    }
    std::string_view out = data_.substr(offset_, length);
    offset_ += padded;
    return out;
  }
  Status skipName() {
    auto guid = take(16, false);
    if (!guid.isOk()) return guid.status();
    SANSO_ASSIGN_OR_RETURN(uint32_t kind, u32());
    if (kind == 0) return u32().status();
    if (kind != 1) return malformed("unknown named-property kind");
    SANSO_ASSIGN_OR_RETURN(uint32_t length, u32());
    return take(length, true).status();
  }
  Result<std::string_view> readValue(uint16_t base, bool variable) {
    if (variable) {
      SANSO_ASSIGN_OR_RETURN(uint32_t length, u32());
      return take(length, true);
    }
    switch (base) {
      case mapi::kPtShort:
      case mapi::kPtLong:
      case mapi::kPtFloat:
      case mapi::kPtError:
      case mapi::kPtBoolean:
        return take(4, false);
      case mapi::kPtDouble:
      case mapi::kPtCurrency:
      case mapi::kPtAppTime:
      case mapi::kPtI8:
      case mapi::kPtSysTime:
        return take(8, false);
      case mapi::kPtClsid:
        return take(16, false);
      default:
        return malformed("unknown property type " + std::to_string(base));
    }
  }

  std::string_view data_;
  Budget& budget_;
  uint64_t offset_ = 0;
};

std::optional<uint32_t> long32(const Properties& props, uint16_t id) {
  auto it = props.find((uint32_t{id} << 16) | mapi::kPtLong);
  if (it == props.end()) return std::nullopt;
  return readLe<uint32_t>(asBytes(it->second), 0);
}

// A string property in UTF-8 (PT_UNICODE, else PT_STRING8 in `codepage`).
std::optional<std::string> stringProp(const Properties& props, uint16_t id, uint32_t codepage) {
  if (auto it = props.find((uint32_t{id} << 16) | mapi::kPtUnicode); it != props.end()) {
    return mapi::utf16leToUtf8(it->second);
  }
  if (auto it = props.find((uint32_t{id} << 16) | mapi::kPtString8); it != props.end()) {
    return mapi::codepageToUtf8(it->second, codepage, true);
  }
  return std::nullopt;
}

struct Pending {
  TnefAttachment attachment;
  bool ole = false;
  bool has_data = false;
  std::optional<Properties> props;
};

}  // namespace

Result<TnefContent> unpackTnef(ByteView data, Budget& budget) {
  auto signature = readLe<uint32_t>(data, 0);
  if (!signature || *signature != kSignature || data.size() < 6) {
    return malformed("no TNEF signature");
  }
  const Limits& limits = budget.limits();
  std::string_view chars = asChars(data);
  TnefContent content;
  uint32_t codepage = 1252;
  std::optional<Properties> message_props;
  std::vector<Pending> attachments;
  uint64_t attributes = 0;
  uint64_t offset = 6;  // signature and key
  while (offset < data.size()) {
    std::string where = "attribute at " + std::to_string(offset);
    SANSO_RETURN_IF_ERROR(
        budget.check("mail-properties", ++attributes, limits.max_mail_properties, where));
    uint8_t level = data[offset];
    auto tag = readLe<uint32_t>(data, offset + 1);
    auto length = readLe<uint32_t>(data, offset + 5);
    if (!tag || !length) return malformed("truncated attribute header at " + where);
    uint64_t start = offset + 9;
    if (data.size() - start < uint64_t{*length} + 2) return malformed("truncated " + where);
    std::string_view value = chars.substr(start, *length);
    uint16_t sum = 0;
    for (char c : value) sum = static_cast<uint16_t>(sum + static_cast<uint8_t>(c));
    if (*readLe<uint16_t>(data, start + *length) != sum) return malformed("bad checksum, " + where);
    offset = start + *length + 2;
    uint16_t id = *tag & 0xFFFF;
    if (level != kLevelMessage && level != kLevelAttachment)
      return malformed("bad level, " + where);

    if (level == kLevelMessage) {
      if (id == kAttOemCodepage && value.size() >= 4) {
        codepage = *readLe<uint32_t>(asBytes(value), 0);
      } else if (id == kAttSubject) {
        content.subject = mapi::codepageToUtf8(value, codepage, true);
      } else if (id == kAttBody) {
        content.body_text = mapi::codepageToUtf8(value, codepage, true);
      } else if (id == kAttMapiProps) {
        SANSO_ASSIGN_OR_RETURN(message_props, PropertyParser(value, budget).parse(where));
      }
      continue;
    }
    if (id == kAttAttachRendData || attachments.empty()) {
      SANSO_RETURN_IF_ERROR(
          budget.check("mime-parts", attachments.size() + 1, limits.max_mime_parts, where));
      attachments.emplace_back();
    }
    Pending& current = attachments.back();
    if (id == kAttAttachRendData) {
      current.ole = readLe<uint16_t>(asBytes(value), 0) == kRendOle;
    } else if (id == kAttAttachTitle) {
      current.attachment.name = mapi::codepageToUtf8(value, codepage, true);
    } else if (id == kAttAttachData) {
      SANSO_RETURN_IF_ERROR(budget.check("archive-member-bytes", value.size(),
                                         limits.max_archive_member_bytes, where));
      SANSO_RETURN_IF_ERROR(budget.chargeExpanded(value.size(), where));
      current.attachment.data = std::string(value);
      current.has_data = true;
    } else if (id == kAttAttachment) {
      SANSO_ASSIGN_OR_RETURN(current.props, PropertyParser(value, budget).parse(where));
    }
  }

  if (message_props) {
    if (auto body = stringProp(*message_props, mapi::kBody, codepage)) content.body_text = *body;
    if (auto subject = stringProp(*message_props, mapi::kSubject, codepage)) {
      content.subject = *subject;
    }
    uint32_t cpid = long32(*message_props, mapi::kInternetCpid).value_or(codepage);
    if (auto it = message_props->find((uint32_t{mapi::kHtml} << 16) | mapi::kPtBinary);
        it != message_props->end()) {
      content.body_html = mapi::codepageToUtf8(it->second, cpid, true);
    } else if (auto html = stringProp(*message_props, mapi::kHtml, codepage)) {
      content.body_html = *html;
    }
    if (content.body_text.empty() && content.body_html.empty() &&
        message_props->count((uint32_t{mapi::kRtfCompressed} << 16) | mapi::kPtBinary) != 0) {
      content.dropped.push_back("rtf-body: message");
    }
  }
  size_t index = 0;
  for (auto& pending : attachments) {
    std::string where = "attachment " + std::to_string(++index);
    uint32_t method = mapi::kAttachByValue;
    if (pending.props) {
      if (auto name = stringProp(*pending.props, mapi::kAttachLongFilename, codepage);
          name && !name->empty()) {
        pending.attachment.name = *name;
      }
      if (auto mime = stringProp(*pending.props, mapi::kAttachMimeTag, codepage)) {
        pending.attachment.mime_type = *mime;
      }
      method = long32(*pending.props, mapi::kAttachMethod).value_or(mapi::kAttachByValue);
    }
    if (!pending.attachment.name.empty())
      where += " (" + mapi::oneLine(pending.attachment.name) + ")";
    if (pending.ole || method == mapi::kAttachOle) {
      content.dropped.push_back("ole-object-attachment: " + where);
    } else if (method == mapi::kAttachEmbeddedMessage) {
      content.dropped.push_back("embedded-message-attachment: " + where);
    } else if (method != mapi::kAttachByValue) {
      content.dropped.push_back("reference-attachment: " + where);
    } else if (!pending.has_data) {
      content.dropped.push_back("attachment-without-data: " + where);
    } else {
      content.attachments.push_back(std::move(pending.attachment));
    }
  }
  return content;
}

}  // namespace sanso::sanitize::tnef
