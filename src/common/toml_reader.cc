#include "sanso/common/toml_reader.h"

#include <filesystem>

#include "sanso/common/file_io.h"

namespace sanso {
namespace {

std::string position(const std::string& file, const toml::source_position& where) {
  return file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": ";
}

}  // namespace

Result<toml::table> TomlReader::parse() const {
  SANSO_ASSIGN_OR_RETURN(std::string text, readFile(file_, kMaxFileBytes));
  try {
    return toml::parse(text, file_);
  } catch (const toml::parse_error& e) {
    return Status::invalidArgument(position(file_, e.source().begin) +
                                   std::string(e.description()));
  }
}

Status TomlReader::error(const toml::node& node, const std::string& reason) const {
  return Status::invalidArgument(position(file_, node.source().begin) + reason);
}

Status TomlReader::onlyKeys(const toml::table& table,
                            std::initializer_list<std::string_view> allowed,
                            const std::string& context) const {
  for (const auto& [key, value] : table) {
    bool known = false;
    for (std::string_view name : allowed) known = known || key.str() == name;
    if (known) continue;
    std::string reason = "unknown key '" + std::string(key.str()) + "'";
    if (!context.empty()) reason += " in " + context;
    return error(value, reason);
  }
  return Status::ok();
}

Result<const toml::table*> TomlReader::table(const toml::table& parent,
                                             std::string_view key) const {
  const toml::node* node = parent.get(key);
  if (node == nullptr) return static_cast<const toml::table*>(nullptr);
  if (!node->is_table()) return error(*node, "[" + std::string(key) + "] must be a table");
  return node->as_table();
}

Status TomlReader::string(const toml::table& table, std::string_view key, std::string& out) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::ok();
  if (!node->is_string()) return error(*node, std::string(key) + " must be a string");
  out = node->as_string()->get();
  return Status::ok();
}

Status TomlReader::path(const toml::table& table, std::string_view key, std::string& out) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::ok();
  std::string value;
  SANSO_RETURN_IF_ERROR(string(table, key, value));
  if (!value.empty()) {
    std::filesystem::path p(value);
    if (p.is_relative()) p = std::filesystem::path(file_).parent_path() / p;
    value = p.lexically_normal().string();
  }
  out = std::move(value);
  return Status::ok();
}

Status TomlReader::integerValue(const toml::table& table, std::string_view key, int64_t min,
                                int64_t max, int64_t& value, bool& present) const {
  present = false;
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::ok();
  if (!node->is_integer()) return error(*node, std::string(key) + " must be an integer");
  value = node->as_integer()->get();
  if (value < min || value > max) {
    return error(*node, std::string(key) + " must be between " + std::to_string(min) + " and " +
                            std::to_string(max));
  }
  present = true;
  return Status::ok();
}

Status TomlReader::boolean(const toml::table& table, std::string_view key, bool& out) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::ok();
  if (!node->is_boolean()) return error(*node, std::string(key) + " must be true or false");
  out = node->as_boolean()->get();
  return Status::ok();
}

Status TomlReader::strings(const toml::table& table, std::string_view key,
                           std::vector<std::string>& out) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::ok();
  if (!node->is_array()) return error(*node, std::string(key) + " must be an array of strings");
  std::vector<std::string> values;
  for (const toml::node& item : *node->as_array()) {
    if (!item.is_string()) return error(item, std::string(key) + " must hold strings");
    values.push_back(item.as_string()->get());
  }
  out = std::move(values);
  return Status::ok();
}

}  // namespace sanso
