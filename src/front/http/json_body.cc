#include "json_body.h"

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

std::optional<uint64_t> queryNumber(const std::string& query, const std::string& key,
                                    uint64_t fallback) {
  constexpr size_t kMaxDigits = 18;
  std::optional<uint64_t> found;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t end = query.find('&', pos);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(pos, end - pos);
    pos = end + 1;
    size_t equals = pair.find('=');
    if (pair.substr(0, equals) != key) continue;
    if (found || equals == std::string::npos) return std::nullopt;
    std::string text = pair.substr(equals + 1);
    if (text.empty() || text.size() > kMaxDigits || (text.size() > 1 && text[0] == '0') ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    found = std::stoull(text);
  }
  return found ? found : std::optional<uint64_t>(fallback);
}

}  // namespace sanso::http
