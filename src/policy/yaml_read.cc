#include "yaml_read.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace sanso::policy {
namespace {

bool isIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

bool isLocale(std::string_view s) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (s.size() != 2 && s.size() != 5) return false;
  if (!lower(s[0]) || !lower(s[1])) return false;
  return s.size() == 2 || (s[2] == '-' && upper(s[3]) && upper(s[4]));
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

MapReader::MapReader(const Field& field, std::initializer_list<std::string_view> allowed,
                     Diagnostics& diags)
    : field_(field), diags_(diags) {
  if (!field.node.IsMap()) {
    diags.add(field.mark, quoted(field.name) + ": expected a mapping");
    return;
  }
  ok_ = true;
  std::set<std::string> seen;
  for (const auto& pair : field.node) {
    YAML::Node key = pair.first;
    YAML::Node value = pair.second;
    if (!key.IsScalar()) {
      diags.add(key.Mark(), "keys must be plain strings");
      continue;
    }
    const std::string& name = key.Scalar();
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string known;
      for (auto k : allowed) known += (known.empty() ? "" : ", ") + std::string(k);
      diags.add(key.Mark(), "unknown key " + quoted(name) + " in " + quoted(field.name) +
                                " (known: " + known + ")");
      continue;
    }
    if (!seen.insert(name).second) {
      diags.add(key.Mark(), "duplicate key " + quoted(name));
      continue;
    }
    entries_.push_back({value, value.IsNull() ? key.Mark() : value.Mark(), name});
  }
}

Field MapReader::get(std::string_view key) const {
  for (const auto& entry : entries_) {
    if (entry.name == key) return entry;
  }
  return {YAML::Node(YAML::NodeType::Undefined), field_.mark, std::string(key)};
}

Field MapReader::require(std::string_view key) const {
  Field found = get(key);
  if (ok_ && !found.present()) {
    diags_.add(field_.mark, "missing key " + quoted(key) + " in " + quoted(field_.name));
  }
  return found;
}

std::optional<std::vector<Field>> readSequence(const Field& field, Diagnostics& diags) {
  if (!field.present()) return std::nullopt;
  if (!field.node.IsSequence()) {
    diags.add(field.mark, quoted(field.name) + ": expected a list");
    return std::nullopt;
  }
  std::vector<Field> items;
  for (const auto& item : field.node) {
    items.push_back({item, item.IsNull() ? field.mark : item.Mark(), field.name});
  }
  return items;
}

std::optional<std::vector<Field>> readBoundedSequence(const Field& field, size_t max_items,
                                                      Diagnostics& diags) {
  if (field.present() && field.node.IsSequence() && field.node.size() > max_items) {
    diags.add(field.mark,
              quoted(field.name) + ": more than " + std::to_string(max_items) + " items");
    return std::nullopt;
  }
  return readSequence(field, diags);
}

std::optional<std::string> readString(const Field& field, Diagnostics& diags, size_t max_length) {
  if (!field.present()) return std::nullopt;
  if (!field.node.IsScalar() || field.node.Scalar().empty()) {
    diags.add(field.mark, quoted(field.name) + ": expected a non-empty string");
    return std::nullopt;
  }
  if (field.node.Scalar().size() > max_length) {
    diags.add(field.mark,
              quoted(field.name) + ": longer than " + std::to_string(max_length) + " bytes");
    return std::nullopt;
  }
  return field.node.Scalar();
}

std::optional<std::string> readId(const Field& field, Diagnostics& diags) {
  auto text = readString(field, diags, 64);
  if (!text) return std::nullopt;
  if (!std::all_of(text->begin(), text->end(), isIdChar)) {
    diags.add(field.mark, quoted(field.name) + ": " + quoted(*text) +
                              " is not an identifier (letters, digits, '.', '_', '-')");
    return std::nullopt;
  }
  return text;
}

std::optional<int64_t> readInt(const Field& field, int64_t min, int64_t max, Diagnostics& diags) {
  if (!field.present()) return std::nullopt;
  std::string expected = quoted(field.name) + ": expected an integer from " + std::to_string(min) +
                         " to " + std::to_string(max);
  if (!field.node.IsScalar() || field.node.Tag() != "?") {
    diags.add(field.mark, expected);
    return std::nullopt;
  }
  const std::string& text = field.node.Scalar();
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    diags.add(field.mark, expected);
    return std::nullopt;
  }
  return value;
}

std::optional<bool> readBool(const Field& field, Diagnostics& diags) {
  if (!field.present()) return std::nullopt;
  if (field.node.IsScalar() && field.node.Tag() == "?") {
    if (field.node.Scalar() == "true") return true;
    if (field.node.Scalar() == "false") return false;
  }
  diags.add(field.mark, quoted(field.name) + ": expected true or false");
  return std::nullopt;
}

std::optional<std::string> readChoice(const Field& field,
                                      std::initializer_list<std::string_view> choices,
                                      Diagnostics& diags) {
  if (!field.present()) return std::nullopt;
  if (field.node.IsScalar() &&
      std::find(choices.begin(), choices.end(), field.node.Scalar()) != choices.end()) {
    return field.node.Scalar();
  }
  std::string list;
  for (auto c : choices) list += (list.empty() ? "" : "|") + std::string(c);
  diags.add(field.mark, quoted(field.name) + ": expected one of " + list);
  return std::nullopt;
}

std::optional<std::vector<std::string>> readStringList(const Field& field, bool ids,
                                                       Diagnostics& diags) {
  auto items = readSequence(field, diags);
  if (!items) return std::nullopt;
  std::vector<std::string> out;
  bool ok = true;
  for (const auto& item : *items) {
    auto text = ids ? readId(item, diags) : readString(item, diags);
    if (!text) {
      ok = false;
    } else if (std::find(out.begin(), out.end(), *text) != out.end()) {
      diags.add(item.mark, quoted(field.name) + ": " + quoted(*text) + " is listed twice");
      ok = false;
    } else {
      out.push_back(*text);
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::vector<std::string> readReferences(const Field& field, std::string_view what,
                                        const std::function<bool(const std::string&)>& known,
                                        Diagnostics& diags) {
  constexpr size_t kMaxReferences = 256;
  if (!readBoundedSequence(field, kMaxReferences, diags)) return {};
  auto ids = readStringList(field, true, diags);
  if (!ids) return {};
  auto items = readSequence(field, diags);
  bool ok = true;
  for (size_t i = 0; i < ids->size(); ++i) {
    if (!known(ids->at(i))) {
      diags.add(items->at(i).mark,
                quoted(field.name) + ": unknown " + std::string(what) + " " + quoted(ids->at(i)));
      ok = false;
    }
  }
  if (!ok) return {};
  return *ids;
}

Translations readTranslations(const Field& field, Diagnostics& diags) {
  Translations out;
  if (!field.present()) return out;
  if (!field.node.IsMap()) {
    diags.add(field.mark, "'translations': expected a mapping of locale to {name, description}");
    return out;
  }
  for (const auto& pair : field.node) {
    YAML::Node key = pair.first;
    YAML::Node value = pair.second;
    std::string locale = key.IsScalar() ? key.Scalar() : "";
    if (!isLocale(locale)) {
      diags.add(key.Mark(),
                "'translations': " + quoted(locale) + " is not a locale (\"en\", \"pt-BR\")");
      continue;
    }
    if (out.count(locale) != 0) {
      diags.add(key.Mark(), "duplicate key " + quoted(locale));
      continue;
    }
    Field entry{value, value.IsNull() ? key.Mark() : value.Mark(), locale};
    MapReader map(entry, {"name", "description"}, diags);
    if (!map.ok()) continue;
    Translation translation;
    if (auto name = readString(map.require("name"), diags)) translation.name = *name;
    if (Field description = map.get("description"); description.present()) {
      translation.description = readString(description, diags).value_or("");
    }
    out[locale] = translation;
  }
  return out;
}

}  // namespace sanso::policy
