#include "sanso/milter/mail_headers.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <set>

#include "mime/gmime_util.h"
#include "mime/mime_encode.h"
#include "sanso/common/ascii.h"

namespace sanso::milter {
namespace {

bool isFieldNameChar(char c) { return c > 32 && c < 127 && c != ':'; }

// `text` without leading and trailing blanks.
std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The string member `key` of `object`; empty when `object` is not an object or it is no string.
std::string stringMember(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return std::string();
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The array member `key` of `object`; an empty array otherwise.
nlohmann::json arrayMember(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return nlohmann::json::array();
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : nlohmann::json::array();
}

}  // namespace

std::string decodeHeaderText(const std::string& value) {
  sanitize::mime::initGmime();
  char* decoded = g_mime_utils_header_decode_text(nullptr, value.c_str());
  if (decoded == nullptr) return std::string();
  std::string out(decoded);
  g_free(decoded);
  return out;
}

// The value of a "Name: value\r\n" field as written by mime::unstructuredField, on one line.
std::string unfoldedFieldValue(const std::string& field) {
  std::string value = field.substr(field.find(':') + 1);
  std::string out;
  for (char c : value) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  return std::string(trim(out));
}

Result<SplitMessage> splitMessage(std::string_view message, size_t max_fields) {
  SplitMessage out;
  size_t pos = 0;
  while (true) {
    size_t end = message.find('\n', pos);
    if (end == std::string_view::npos) {
      return Status::blocked("malformed-mime", "no blank line ends the header block");
    }
    std::string_view line = message.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    if (line.find('\r') != std::string_view::npos || line.find('\0') != std::string_view::npos) {
      return Status::blocked("malformed-mime", "a bare CR or a NUL in the header block");
    }
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      if (out.headers.empty()) return Status::blocked("malformed-mime", "continuation first");
      out.headers.back().value += " " + std::string(trim(line));
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 ||
        !std::all_of(line.begin(), line.begin() + colon, isFieldNameChar)) {
      return Status::blocked("malformed-mime", "a header line is not a field");
    }
    if (out.headers.size() >= max_fields) {
      return Status::blocked("limit-mime-header-fields", "too many header fields");
    }
    out.headers.push_back(
        {std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1)))});
  }
  out.body_offset = pos;
  return out;
}

std::string fieldValue(const std::vector<HeaderField>& headers, std::string_view name) {
  const std::string wanted = lowerAscii(name);
  for (const HeaderField& field : headers) {
    if (lowerAscii(field.name) == wanted) return field.value;
  }
  return std::string();
}

bool isReplacedField(std::string_view name) {
  const std::string l = lowerAscii(name);
  return l == "mime-version" || l == "subject" || l.starts_with("content-") ||
         l.starts_with("x-sanso-");
}

std::vector<HeaderField> replacementFields(const std::vector<HeaderField>& sanitized,
                                           const std::string& subject_tag) {
  std::vector<HeaderField> out;
  for (std::string_view name : {"MIME-Version", "Content-Type", "Content-Transfer-Encoding"}) {
    std::string value = fieldValue(sanitized, name);
    if (!value.empty()) out.push_back({std::string(name), value});
  }
  std::string subject = fieldValue(sanitized, "Subject");
  if (!subject_tag.empty()) {
    std::string text = decodeHeaderText(subject);
    subject = unfoldedFieldValue(sanitize::mime::unstructuredField(
        "Subject", text.empty() ? subject_tag : subject_tag + " " + text));
  }
  out.push_back({"Subject", subject});
  return out;
}

std::string sanitizedTokens(const nlohmann::json& report) {
  std::set<std::string> found;
  auto actionTokens = [&found](const nlohmann::json& actions) {
    for (const nlohmann::json& a : actions) {
      const std::string action = stringMember(a, "action");
      const std::string what = stringMember(a, "what");
      const std::string where = stringMember(a, "where");
      if (action == "converted" && (what == "html-body" || what == "html-in-text-part")) {
        found.insert("CHG_TEXT");
      } else if (action == "neutralized" && what == "hyperlink" && where == "document") {
        found.insert("REP_LINK");
      } else if (action == "removed" && what == "attachment") {
        found.insert("DEL_ATTACH");
      } else if (action == "removed" && what == "alternative-rendering") {
        found.insert("DEL_ALT");
      } else if (action == "removed" && what == "signature") {
        found.insert("DEL_SIGN");
      } else if (action == "removed" && (what == "header" || what == "duplicate-header")) {
        found.insert("DEL_HEADER");
      } else if (what.starts_with("attachment-")) {
        found.insert("CHG_ATTACH");
      } else if (action == "removed" || action == "neutralized" || action == "converted") {
        found.insert(where.find(':') != std::string::npos ? "CHG_ATTACH" : "CHG_OTHER");
      }
    }
  };
  actionTokens(arrayMember(report, "actions"));
  for (const nlohmann::json& m : arrayMember(report, "members")) {
    const std::string verdict = stringMember(m, "verdict");
    if (verdict == "blocked") found.insert("DEL_ATTACH");
    if (verdict == "sanitized") found.insert("CHG_ATTACH");
  }
  std::string out;
  for (std::string_view token : {"DEL_ATTACH", "CHG_ATTACH", "CHG_TEXT", "REP_LINK", "DEL_ALT",
                                 "DEL_SIGN", "DEL_HEADER", "CHG_OTHER"}) {
    if (found.count(std::string(token)) != 0) out += (out.empty() ? "" : " ") + std::string(token);
  }
  return out.empty() ? "NONE" : out;
}

std::string printableAscii(std::string_view text, size_t max_bytes) {
  std::string out;
  for (unsigned char c : text) {
    if (out.size() >= max_bytes) break;
    out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
  }
  return out;
}

}  // namespace sanso::milter
