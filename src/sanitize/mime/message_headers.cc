#include "mime/message_headers.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <string_view>

#include "mime/gmime_util.h"
#include "mime/mime_encode.h"
#include "mime/rfc2047.h"

namespace sanso::sanitize::mime {
namespace {

constexpr std::array<std::string_view, 9> kOrder = {
    "from", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references"};
constexpr std::array<std::string_view, 9> kNames = {
    "From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References"};
constexpr size_t kMaxIds = 100;
constexpr size_t kMaxIdBytes = 250;
constexpr size_t kMaxAddresses = 1000;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// An addr-spec sanso writes: printable ASCII (UTF-8 addresses are dropped), no whitespace,
// angle brackets, commas, semicolons, quotes or parentheses; one "@".
bool plainAddress(std::string_view addr) {
  if (addr.empty() || addr.size() > 320) return false;
  if (std::count(addr.begin(), addr.end(), '@') != 1 || hasPdfMagic(addr)) return false;
  return std::all_of(addr.begin(), addr.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c > 0x20 && c < 0x7F &&
           std::string_view("<>,;\"()[]\\:").find(ch) == std::string_view::npos;
  });
}

void appendAddresses(InternetAddressList* list, std::vector<std::string>& out, size_t depth) {
  const int count = internet_address_list_length(list);
  for (int i = 0; i < count && out.size() < kMaxAddresses; ++i) {
    InternetAddress* address = internet_address_list_get_address(list, i);
    const char* raw_name = internet_address_get_name(address);
    const std::string name = raw_name != nullptr ? cleanHeaderText(raw_name) : "";
    if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
      const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
      if (addr == nullptr || !plainAddress(addr)) continue;
      out.push_back(name.empty() ? std::string(addr)
                                 : encodePhrase(name) + " <" + std::string(addr) + ">");
    } else if (INTERNET_ADDRESS_IS_GROUP(address) && depth == 0) {
      std::vector<std::string> members;
      appendAddresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), members,
                      depth + 1);
      std::string group = encodePhrase(name.empty() ? "undisclosed-recipients" : name) + ":";
      for (size_t m = 0; m < members.size(); ++m) group += (m ? ",\r\n " : " ") + members[m];
      out.push_back(group + ";");
    }
  }
}

std::string addressField(std::string_view name, const char* raw, GMimeParserOptions* options) {
  GPtr<InternetAddressList> list(internet_address_list_parse(options, raw));
  if (!list) return {};
  std::vector<std::string> addresses;
  appendAddresses(list.get(), addresses, 0);
  if (addresses.empty()) return {};
  std::string out = std::string(name) + ":";
  for (size_t i = 0; i < addresses.size(); ++i) out += (i ? ",\r\n " : " ") + addresses[i];
  return out + "\r\n";
}

// "<id@host>" tokens of printable ASCII, at most `max` of them.
std::string idField(std::string_view name, std::string_view raw, size_t max) {
  std::vector<std::string> ids;
  size_t pos = 0;
  while (ids.size() < max) {
    const size_t open = raw.find('<', pos);
    if (open == std::string_view::npos) break;
    const size_t close = raw.find('>', open);
    if (close == std::string_view::npos) break;
    const std::string_view id = raw.substr(open + 1, close - open - 1);
    const bool ok =
        !id.empty() && id.size() <= kMaxIdBytes && !hasPdfMagic(id) &&
        std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7F && c != '<'; });
    if (ok) ids.push_back("<" + std::string(id) + ">");
    pos = close + 1;
  }
  if (ids.empty()) return {};
  std::string out = std::string(name) + ":";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "\r\n " : " ") + ids[i];
  return out + "\r\n";
}

std::string dateField(GMimeMessage* message) {
  GDateTime* date = g_mime_message_get_date(message);
  if (date == nullptr) return {};
  char* text = g_mime_utils_header_format_date(date);
  if (text == nullptr) return {};
  std::string out = "Date: " + std::string(text) + "\r\n";
  g_free(text);
  return out;
}

}  // namespace

std::string rebuildHeaders(GMimeMessage* message, GMimeParserOptions* options, ActionLog& log) {
  GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
  std::map<std::string, std::string> first;  // lower-case name -> raw value
  const int count = headers != nullptr ? g_mime_header_list_get_count(headers) : 0;
  for (int i = 0; i < count; ++i) {
    GMimeHeader* header = g_mime_header_list_get_header_at(headers, i);
    const char* raw_name = g_mime_header_get_name(header);
    const char* raw_value = g_mime_header_get_raw_value(header);
    const std::string name = lower(raw_name != nullptr ? raw_name : "");
    const bool allowed = std::find(kOrder.begin(), kOrder.end(), name) != kOrder.end();
    if (!allowed) {
      if (!name.starts_with("content-") && name != "mime-version") {
        log.removed("header", name.size() > 64 ? name.substr(0, 64) : name);
      }
      continue;
    }
    if (!first.emplace(name, raw_value != nullptr ? raw_value : "").second) {
      log.removed("duplicate-header", name, "the first one is kept");
    }
  }
  std::string out;
  for (size_t i = 0; i < kOrder.size(); ++i) {
    const std::string key(kOrder[i]);
    auto it = first.find(key);
    if (key == "subject") {
      out += unstructuredField("Subject", it == first.end() ? "" : decodeHeaderText(it->second));
      continue;
    }
    if (it == first.end()) continue;
    std::string field;
    if (key == "date") {
      field = dateField(message);
    } else if (key == "message-id" || key == "in-reply-to" || key == "references") {
      field = idField(kNames[i], it->second, key == "references" ? kMaxIds : 1);
    } else {
      field = addressField(kNames[i], it->second.c_str(), options);
    }
    if (field.empty()) log.removed("header", key, "not well formed");
    out += field;
  }
  return out;
}

}  // namespace sanso::sanitize::mime
