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

}  // namespace sanso::http
