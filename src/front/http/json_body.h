// JSON request bodies for the API routes.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sanso/http/router.h"

namespace sanso::http {

// The admission of a route whose body is JSON (read into memory under the server's limit).
Router::Admission jsonAdmission();

// The JSON object of a request body; nullopt when it is not valid JSON or not an object.
std::optional<nlohmann::json> parseObject(const std::string& body);

// The string member `key` of `object`; empty when missing or not a string.
std::string stringField(const nlohmann::json& object, const char* key);

// The value of `key` in a query string, percent-decoded; nullopt when absent, repeated or
// badly encoded ('+' stays '+': clients encode with encodeURIComponent).
std::optional<std::string> queryValue(const std::string& query, const std::string& key);

// The unsigned decimal query parameter `key` (at most 18 digits, no leading zero); `fallback`
// when absent, nullopt when malformed or repeated.
std::optional<uint64_t> queryNumber(const std::string& query, const std::string& key,
                                    uint64_t fallback);

}  // namespace sanso::http
