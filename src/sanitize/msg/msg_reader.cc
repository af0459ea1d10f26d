#include "msg/msg_reader.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "msg/mapi.h"
#include "msg/mime_writer.h"
#include "ole2/ole2_reader.h"
#include "text/charset.h"

namespace sanso::sanitize::msg {
namespace {

using ole2::DirectoryEntry;
using ole2::Ole2Reader;

constexpr std::string_view kProperties = "__properties_version1.0";
constexpr std::string_view kSubstg = "__substg1.0_";
constexpr std::string_view kRecipient = "__recip_version1.0_#";
constexpr std::string_view kAttachment = "__attach_version1.0_#";
constexpr size_t kPropertyEntry = 16;
// Bytes before the first property entry (MS-OXMSG 2.4.1).
constexpr size_t kTopHeader = 32;
constexpr size_t kEmbeddedHeader = 24;
constexpr size_t kChildHeader = 8;

Status malformed(const std::string& what) {
  return Status::blocked("malformed-msg", "Outlook message: " + what);
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && upper(s.substr(0, prefix.size())) == upper(prefix);
}

std::optional<uint32_t> parseHex(std::string_view s) {
  if (s.size() != 8) return std::nullopt;
  uint32_t value = 0;
  for (char c : s) {
    int digit = std::isdigit(static_cast<unsigned char>(c))
                    ? c - '0'
                    : (std::isxdigit(static_cast<unsigned char>(c))
                           ? std::toupper(static_cast<unsigned char>(c)) - 'A' + 10
                           : -1);
    if (digit < 0) return std::nullopt;
    value = (value << 4) | static_cast<uint32_t>(digit);
  }
  return value;
}

uint32_t tag(uint16_t id, uint16_t type) { return (uint32_t{id} << 16) | type; }

// One MAPI object (message, recipient or attachment): its fixed-size property values from the
// property stream, its variable-size ones as streams or storages by tag, and its sub-objects.
struct Object {
  std::map<uint32_t, uint64_t> fixed;
  std::map<uint32_t, DirectoryEntry> variable;
  std::vector<std::pair<std::string, DirectoryEntry>> recipients;
  std::vector<std::pair<std::string, DirectoryEntry>> attachments;
};

class Converter {
 public:
  Converter(const Ole2Reader& reader, Budget& budget)
      : reader_(reader), budget_(budget), used_(0) {}

  Result<std::string> message(const DirectoryEntry& storage, size_t header, uint64_t depth,
                              const std::string& where);
  std::vector<MsgDropped> takeDropped() { return std::move(dropped_); }

 private:
  Result<Object> load(const DirectoryEntry& storage, size_t header, const std::string& where);
  Result<std::string> read(const DirectoryEntry& entry, const std::string& where);
  Result<std::optional<std::string>> string(const Object& object, uint16_t id,
                                            const std::string& where);
  Result<std::optional<std::string>> binary(const Object& object, uint16_t id,
                                            const std::string& where);
  std::string decode8(std::string_view bytes, uint32_t codepage) const;
  Status recipients(const Object& object, MimeMessage& out, const std::string& where);
  Status attachments(const Object& object, MimeMessage& out, uint64_t depth,
                     const std::string& where);

  const Ole2Reader& reader_;
  Budget& budget_;
  std::vector<uint32_t> used_;  // storages already converted: a storage reached twice is a loop
  uint64_t parts_ = 0;
  unsigned boundary_seed_ = 0;
  uint32_t codepage_ = 0;  // of the message being converted; 0 when it names none
  std::vector<MsgDropped> dropped_;
};

Result<Object> Converter::load(const DirectoryEntry& storage, size_t header,
                               const std::string& where) {
  if (std::find(used_.begin(), used_.end(), storage.id) != used_.end()) {
    return malformed("storage reached twice (a directory loop) at " + where);
  }
  used_.push_back(storage.id);
  SANSO_ASSIGN_OR_RETURN(auto children, reader_.children(storage));
  Object object;
  const DirectoryEntry* properties = nullptr;
  for (const auto& child : children) {
    if (upper(child.name) == upper(kProperties) && child.type == 2) {
      properties = &child;
    } else if (startsWith(child.name, kSubstg)) {
      auto value = parseHex(std::string_view(child.name).substr(kSubstg.size()));
      if (value) object.variable.emplace(*value, child);
    } else if (startsWith(child.name, kRecipient) && child.type == 1) {
      object.recipients.emplace_back(upper(child.name), child);
    } else if (startsWith(child.name, kAttachment) && child.type == 1) {
      object.attachments.emplace_back(upper(child.name), child);
    }
  }
  if (properties == nullptr) return malformed("no property stream at " + where);
  const uint64_t max_props = budget_.limits().max_mail_properties;
  uint64_t count = properties->size < header ? 0 : (properties->size - header) / kPropertyEntry;
  SANSO_RETURN_IF_ERROR(budget_.check("mail-properties", count, max_props, where));
  SANSO_ASSIGN_OR_RETURN(std::string bytes,
                         reader_.readStream(*properties, header + count * kPropertyEntry));
  SANSO_RETURN_IF_ERROR(budget_.chargeExpanded(bytes.size(), where));
  ByteView view = asBytes(bytes);
  for (uint64_t off = header; off + kPropertyEntry <= bytes.size(); off += kPropertyEntry) {
    uint32_t t = *readLe<uint32_t>(view, off);
    object.fixed.emplace(t, *readLe<uint64_t>(view, off + 8));
  }
  std::sort(object.recipients.begin(), object.recipients.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(object.attachments.begin(), object.attachments.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return object;
}

Result<std::string> Converter::read(const DirectoryEntry& entry, const std::string& where) {
  if (entry.type != 2) return malformed("property is not a stream at " + where);
  SANSO_RETURN_IF_ERROR(budget_.check("archive-member-bytes", entry.size,
                                      budget_.limits().max_archive_member_bytes, where));
  SANSO_RETURN_IF_ERROR(budget_.chargeExpanded(entry.size, where));
  return reader_.readStream(entry, entry.size);
}

std::string Converter::decode8(std::string_view bytes, uint32_t codepage) const {
  if (codepage == 0) {
    // No code page named: Japanese Outlook writes CP932; anything that is not valid CP932 is
    // read as Windows-1252.
    std::string_view cut = bytes.substr(0, bytes.find('\0'));
    if (auto sjis = text::toUtf8(asBytes(cut), text::Charset::kShiftJis)) return *sjis;
    codepage = 1252;
  }
  return mapi::codepageToUtf8(bytes, codepage, true);
}

Result<std::optional<std::string>> Converter::string(const Object& object, uint16_t id,
                                                     const std::string& where) {
  if (auto it = object.variable.find(tag(id, mapi::kPtUnicode)); it != object.variable.end()) {
    SANSO_ASSIGN_OR_RETURN(std::string bytes, read(it->second, where));
    return std::optional<std::string>(mapi::utf16leToUtf8(bytes));
  }
  if (auto it = object.variable.find(tag(id, mapi::kPtString8)); it != object.variable.end()) {
    SANSO_ASSIGN_OR_RETURN(std::string bytes, read(it->second, where));
    return std::optional<std::string>(decode8(bytes, codepage_));
  }
  return std::optional<std::string>();
}

Result<std::optional<std::string>> Converter::binary(const Object& object, uint16_t id,
                                                     const std::string& where) {
  auto it = object.variable.find(tag(id, mapi::kPtBinary));
  if (it == object.variable.end()) return std::optional<std::string>();
  SANSO_ASSIGN_OR_RETURN(std::string bytes, read(it->second, where));
  return std::optional<std::string>(std::move(bytes));
}

std::optional<uint32_t> fixed32(const Object& object, uint16_t id, uint16_t type) {
  auto it = object.fixed.find(tag(id, type));
  if (it == object.fixed.end()) return std::nullopt;
  return static_cast<uint32_t>(it->second);
}

bool isProtectedClass(std::string_view message_class) {
  std::string lower(message_class);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("smime") != std::string::npos || lower.find("rpmsg") != std::string::npos ||
         lower.rfind("ipm.note.secure", 0) == 0;
}

Status Converter::recipients(const Object& object, MimeMessage& out, const std::string& where) {
  size_t index = 0;
  for (const auto& [name, storage] : object.recipients) {
    std::string here = where + "recipient " + std::to_string(++index);
    SANSO_RETURN_IF_ERROR(
        budget_.check("mime-parts", ++parts_, budget_.limits().max_mime_parts, here));
    SANSO_ASSIGN_OR_RETURN(Object recipient, load(storage, kChildHeader, here));
    SANSO_ASSIGN_OR_RETURN(auto display, string(recipient, mapi::kDisplayName, here));
    SANSO_ASSIGN_OR_RETURN(auto smtp, string(recipient, mapi::kSmtpAddress, here));
    SANSO_ASSIGN_OR_RETURN(auto email, string(recipient, mapi::kEmailAddress, here));
    MimeAddress address{display.value_or(""), smtp ? *smtp : email.value_or("")};
    uint32_t type =
        fixed32(recipient, mapi::kRecipientType, mapi::kPtLong).value_or(mapi::kRecipientTo);
    // Blind copies are not written: a received message does not show them.
    if (type == mapi::kRecipientTo) out.to.push_back(std::move(address));
    if (type == mapi::kRecipientCc) out.cc.push_back(std::move(address));
  }
  return Status::ok();
}

Status Converter::attachments(const Object& object, MimeMessage& out, uint64_t depth,
                              const std::string& where) {
  size_t index = 0;
  for (const auto& [storage_name, storage] : object.attachments) {
    std::string here = where + "attachment " + std::to_string(++index);
    SANSO_RETURN_IF_ERROR(
        budget_.check("mime-parts", ++parts_, budget_.limits().max_mime_parts, here));
    SANSO_ASSIGN_OR_RETURN(Object attachment, load(storage, kChildHeader, here));
    MimeAttachment part;
    SANSO_ASSIGN_OR_RETURN(auto long_name, string(attachment, mapi::kAttachLongFilename, here));
    SANSO_ASSIGN_OR_RETURN(auto short_name, string(attachment, mapi::kAttachFilename, here));
    SANSO_ASSIGN_OR_RETURN(auto display, string(attachment, mapi::kDisplayName, here));
    SANSO_ASSIGN_OR_RETURN(auto mime_tag, string(attachment, mapi::kAttachMimeTag, here));
    part.name = long_name && !long_name->empty()     ? *long_name
                : short_name && !short_name->empty() ? *short_name
                                                     : display.value_or("");
    part.mime_type = mime_tag.value_or("");
    SANSO_ASSIGN_OR_RETURN(auto content_id, string(attachment, mapi::kAttachContentId, here));
    part.content_id = content_id.value_or("");
    std::string labelled = here + (part.name.empty() ? "" : " (" + mapi::oneLine(part.name) + ")");
    uint32_t method =
        fixed32(attachment, mapi::kAttachMethod, mapi::kPtLong).value_or(mapi::kAttachByValue);
    if (method == mapi::kAttachEmbeddedMessage) {
      auto it = attachment.variable.find(tag(mapi::kAttachDataBin, mapi::kPtObject));
      if (it == attachment.variable.end() || it->second.type != 1) {
        dropped_.push_back({"embedded-message-without-data", labelled});
        continue;
      }
      SANSO_RETURN_IF_ERROR(
          budget_.check("archive-depth", depth + 1, budget_.limits().max_archive_depth, here));
      uint32_t outer_codepage = codepage_;
      SANSO_ASSIGN_OR_RETURN(part.data,
                             message(it->second, kEmbeddedHeader, depth + 1, here + " > "));
      codepage_ = outer_codepage;
      part.message = true;
    } else if (method == mapi::kAttachByValue) {
      SANSO_ASSIGN_OR_RETURN(auto data, binary(attachment, mapi::kAttachDataBin, here));
      if (!data) {
        dropped_.push_back({"attachment-without-data", labelled});
        continue;
      }
      part.data = std::move(*data);
    } else if (method == mapi::kAttachOle) {
      dropped_.push_back({"ole-object-attachment", labelled});
      continue;
    } else {
      // By reference (2, 3, 4, 7) or unknown: nothing to carry but a link.
      dropped_.push_back({"reference-attachment", labelled});
      continue;
    }
    out.attachments.push_back(std::move(part));
  }
  return Status::ok();
}

Result<std::string> Converter::message(const DirectoryEntry& storage, size_t header, uint64_t depth,
                                       const std::string& where) {
  SANSO_RETURN_IF_ERROR(budget_.checkTime(where.empty() ? "message" : where));
  SANSO_ASSIGN_OR_RETURN(Object object, load(storage, header, where.empty() ? "message" : where));
  codepage_ = fixed32(object, mapi::kMessageCodepage, mapi::kPtLong)
                  .value_or(fixed32(object, mapi::kInternetCpid, mapi::kPtLong).value_or(0));
  const std::string here = where.empty() ? "message" : where + "message";
  SANSO_ASSIGN_OR_RETURN(auto message_class, string(object, mapi::kMessageClass, here));
  if (message_class && isProtectedClass(*message_class)) {
    return Status::blocked("encrypted", "the Outlook message is signed or encrypted (" +
                                            mapi::oneLine(*message_class) + ")");
  }
  MimeMessage out;
  SANSO_ASSIGN_OR_RETURN(auto subject, string(object, mapi::kSubject, here));
  out.subject = subject.value_or("");
  SANSO_ASSIGN_OR_RETURN(auto sender_name, string(object, mapi::kSenderName, here));
  SANSO_ASSIGN_OR_RETURN(auto represented, string(object, mapi::kSentRepresentingName, here));
  out.from.name = sender_name ? *sender_name : represented.value_or("");
  for (uint16_t id : {mapi::kSenderSmtpAddress, mapi::kSenderEmail,
                      mapi::kSentRepresentingSmtpAddress, mapi::kSentRepresentingEmail}) {
    SANSO_ASSIGN_OR_RETURN(auto email, string(object, id, here));
    if (email && email->find('@') != std::string::npos) {
      out.from.email = *email;
      break;
    }
  }
  for (uint16_t id : {mapi::kClientSubmitTime, mapi::kMessageDeliveryTime}) {
    auto it = object.fixed.find(tag(id, mapi::kPtSysTime));
    if (it == object.fixed.end()) continue;
    if (auto date = mapi::filetimeToRfc5322(it->second)) {
      out.date = *date;
      break;
    }
  }
  SANSO_ASSIGN_OR_RETURN(auto message_id, string(object, mapi::kInternetMessageId, here));
  out.message_id = message_id.value_or("");
  SANSO_ASSIGN_OR_RETURN(auto body, string(object, mapi::kBody, here));
  out.text = body.value_or("");
  SANSO_ASSIGN_OR_RETURN(auto html_bytes, binary(object, mapi::kHtml, here));
  if (html_bytes) {
    uint32_t cpid = fixed32(object, mapi::kInternetCpid, mapi::kPtLong).value_or(codepage_);
    out.html = cpid == 0 ? decode8(*html_bytes, 0) : mapi::codepageToUtf8(*html_bytes, cpid, true);
  } else {
    SANSO_ASSIGN_OR_RETURN(auto html_string, string(object, mapi::kHtml, here));
    out.html = html_string.value_or("");
  }
  if (out.text.empty() && out.html.empty() &&
      object.variable.count(tag(mapi::kRtfCompressed, mapi::kPtBinary)) != 0) {
    dropped_.push_back({"rtf-body", here});
  }
  SANSO_RETURN_IF_ERROR(recipients(object, out, where));
  SANSO_RETURN_IF_ERROR(attachments(object, out, depth, where));
  return writeMime(out, boundary_seed_);
}

}  // namespace

Result<MsgConversion> msgToMime(ByteView msg, Budget& budget) {
  SANSO_ASSIGN_OR_RETURN(Ole2Reader reader, Ole2Reader::open(msg, budget));
  Converter converter(reader, budget);
  SANSO_ASSIGN_OR_RETURN(std::string mime, converter.message(reader.root(), kTopHeader, 0, ""));
  return MsgConversion{std::move(mime), converter.takeDropped()};
}

}  // namespace sanso::sanitize::msg
