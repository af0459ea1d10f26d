#include "json_body.h"

#include <cctype>
#include <string_view>
#include <vector>

namespace sanso::http {

Router::Admission jsonAdmission() {
  return [](const Request&) {
    BodyPolicy policy;
    policy.mode = BodyMode::kMemory;
    return std::make_pair(policy, std::unique_ptr<Response>());
  };
}

std::optional<nlohmann::json> parseObject(const std::string& body) {
  nlohmann::json value = nlohmann::json::parse(body, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

std::string stringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

namespace {

// Every value of `key` in a query string, undecoded.
std::vector<std::string> rawQueryValues(const std::string& query, const std::string& key) {
  std::vector<std::string> values;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string::npos) end = query.size();
    std::string_view pair(query.data() + pos, end - pos);
    pos = end + 1;
    size_t equals = pair.find('=');
    if (pair.substr(0, equals) != key) continue;
    // A key without '=' counts as a malformed value.
    values.push_back(equals == std::string_view::npos ? std::string(1, '%')
                                                      : std::string(pair.substr(equals + 1)));
  }
  return values;
}

std::optional<std::string> percentDecode(const std::string& raw) {
  std::string value;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      value += raw[i];
      continue;
    }
    if (i + 2 >= raw.size() || !std::isxdigit(static_cast<unsigned char>(raw[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
      return std::nullopt;
    }
    value += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return value;
}

}  // namespace

std::optional<std::string> queryValue(const std::string& query, const std::string& key) {
  std::vector<std::string> values = rawQueryValues(query, key);
  if (values.size() != 1) return std::nullopt;
  return percentDecode(values.front());
}

std::optional<uint64_t> queryNumber(const std::string& query, const std::string& key,
                                    uint64_t fallback) {
  constexpr size_t kMaxDigits = 18;
  std::vector<std::string> values = rawQueryValues(query, key);
  if (values.empty()) return fallback;
  if (values.size() > 1) return std::nullopt;
  const std::string& text = values.front();
  if (text.empty() || text.size() > kMaxDigits || (text.size() > 1 && text[0] == '0') ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoull(text);
}

}  // namespace sanso::http
