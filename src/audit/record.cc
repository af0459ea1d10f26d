#include "sanso/audit/record.h"

#include <cstdio>
#include <ctime>

#include "canonical.h"
#include "sanso/common/bytes.h"
#include "sanso/common/sha256.h"

namespace sanso::audit {
namespace {

constexpr size_t kMaxShortField = 256;
constexpr size_t kMaxAction = 64;
constexpr size_t kMaxDetails = 64 * 1024;

// Valid UTF-8 (shortest forms, no surrogates) without control characters.
bool isCleanUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t length = c >= 0xC2 && c <= 0xDF   ? 2
                    : c >= 0xE0 && c <= 0xEF ? 3
                    : c >= 0xF0 && c <= 0xF4 ? 4
                                             : 0;
    if (length == 0 || i + length > text.size()) return false;
    uint32_t cp = c & (0x7F >> length);
    for (size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (next & 0x3F);
    }
    if ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (length == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    i += length;
  }
  return true;
}

// Dotted lower-case words: [a-z0-9_]+ separated by single dots.
bool isActionName(std::string_view action) {
  if (action.empty() || action.size() > kMaxAction) return false;
  if (action.front() == '.' || action.back() == '.') return false;
  char previous = 0;
  for (char c : action) {
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!word && !(c == '.' && previous != '.')) return false;
    previous = c;
  }
  return true;
}

Status checkField(std::string_view name, std::string_view value, bool required) {
  if (required && value.empty()) return Status::invalidArgument(std::string(name) + " is empty");
  if (value.size() > kMaxShortField || !isCleanUtf8(value)) {
    return Status::invalidArgument(std::string(name) +
                                   " must be UTF-8 text without control characters, at most " +
                                   std::to_string(kMaxShortField) + " bytes");
  }
  return Status::ok();
}

}  // namespace

Result<std::string> canonicalDetails(const Event& event) {
  SANSO_RETURN_IF_ERROR(checkField("actor", event.actor, true));
  SANSO_RETURN_IF_ERROR(checkField("zone", event.zone, false));
  SANSO_RETURN_IF_ERROR(checkField("object_id", event.object_id, false));
  if (!isActionName(event.action)) {
    return Status::invalidArgument("action '" + event.action +
                                   "' is not a dotted lower-case name (at most 64 bytes)");
  }
  if (!event.details.is_object()) return Status::invalidArgument("details must be a JSON object");
  std::string text;
  try {
    text = event.details.dump();  // compact; object keys are sorted by nlohmann::json
  } catch (const nlohmann::json::exception& e) {
    return Status::invalidArgument(std::string("details: ") + e.what());
  }
  if (text.size() > kMaxDetails) {
    return Status::invalidArgument("details exceed " + std::to_string(kMaxDetails) + " bytes");
  }
  return text;
}

std::string recordHash(const Record& record) {
  std::string canonical;
  canonical.reserve(256 + record.details.size());
  appendField(canonical, "sanso-audit-record-v1");
  appendField(canonical, std::to_string(record.seq));
  appendField(canonical, record.time);
  appendField(canonical, record.actor);
  appendField(canonical, record.zone);
  appendField(canonical, record.action);
  appendField(canonical, record.object_id);
  appendField(canonical, record.details);
  appendField(canonical, record.prev_hash);
  return sha256Hex(asBytes(canonical));
}

std::string formatTime(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(when.time_since_epoch()).count();
  auto seconds = static_cast<std::time_t>(ms / 1000);
  auto millis = static_cast<int>(ms % 1000);
  if (millis < 0) {  // before 1970
    millis += 1000;
    seconds -= 1;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[80];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return buffer;
}

}  // namespace sanso::audit
