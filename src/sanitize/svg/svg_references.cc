#include "svg/svg_references.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sanso::sanitize::svg {
namespace {

// The ids named by url(#id) in `value` (attribute or style declarations, as the CSS filter
// left them: optional quotes and spaces around a plain id).
void urlTargets(std::string_view value, std::vector<std::string_view>& out) {
  for (size_t at = value.find("url("); at != std::string_view::npos;
       at = value.find("url(", at + 4)) {
    size_t i = at + 4;
    while (i < value.size() && (value[i] == ' ' || value[i] == '"' || value[i] == '\'')) ++i;
    if (i >= value.size() || value[i] != '#') continue;
    const size_t begin = ++i;
    while (i < value.size() && value[i] != ' ' && value[i] != '"' && value[i] != '\'' &&
           value[i] != ')') {
      ++i;
    }
    if (i > begin) out.push_back(value.substr(begin, i - begin));
  }
}

class Weigher {
 public:
  explicit Weigher(Budget& budget) : budget_(budget), limits_(budget.limits()) {}

  Status run(pugi::xml_node svg) {
    collectIds(svg, 0);
    uint64_t total = 0;
    return weigh(svg, 0, total);
  }

 private:
  // The sanitized tree is within max_xml_depth, so this recursion is bounded.
  void collectIds(pugi::xml_node node, uint64_t depth) {
    if (depth > limits_.max_xml_depth) return;
    if (const char* id = node.attribute("id").value(); *id != '\0') ids_.emplace(id, node);
    for (pugi::xml_node child : node.children()) {
      if (child.type() == pugi::node_element) collectIds(child, depth + 1);
    }
  }

  void references(pugi::xml_node node, std::vector<pugi::xml_node>& out) {
    std::vector<std::string_view> names;
    for (pugi::xml_attribute a : node.attributes()) {
      const std::string_view name = a.name();
      const std::string_view value = a.value();
      if (name == "xlink:href") {
        if (value.starts_with('#')) names.push_back(value.substr(1));
      } else {
        urlTargets(value, names);
      }
    }
    for (std::string_view name : names) {
      auto it = ids_.find(std::string(name));
      if (it != ids_.end()) out.push_back(it->second);
    }
  }

  // Instances of `node` (its subtree and everything it references); `weight` set on success.
  Status weigh(pugi::xml_node node, uint64_t depth, uint64_t& weight) {
    if (depth > 2 * limits_.max_xml_depth) {
      return budget_.check("xml-depth", depth, 2 * limits_.max_xml_depth, "svg references");
    }
    auto* key = node.internal_object();
    if (auto done = weights_.find(key); done != weights_.end()) {
      weight = done->second;
      return Status::ok();
    }
    if (!active_.insert(key).second) {
      return Status::blocked("svg-reference-loop",
                             std::string("a reference leads back to <") + node.name() + ">");
    }
    uint64_t sum = 1;
    std::vector<pugi::xml_node> targets;
    references(node, targets);
    for (pugi::xml_node child : node.children()) {
      if (child.type() == pugi::node_element) targets.push_back(child);
    }
    for (pugi::xml_node target : targets) {
      uint64_t part = 0;
      SANSO_RETURN_IF_ERROR(weigh(target, depth + 1, part));
      sum += part;
      if (sum > limits_.max_markup_nodes) {
        return budget_.check("markup-nodes", sum, limits_.max_markup_nodes, "svg references");
      }
    }
    active_.erase(key);
    weights_.emplace(key, sum);
    weight = sum;
    return Status::ok();
  }

  Budget& budget_;
  const Limits& limits_;
  std::unordered_map<std::string, pugi::xml_node> ids_;
  std::unordered_map<pugi::xml_node_struct*, uint64_t> weights_;
  std::unordered_set<pugi::xml_node_struct*> active_;
};

}  // namespace

Status checkReferences(pugi::xml_node svg, Budget& budget) {
  Weigher weigher(budget);
  return weigher.run(svg);
}

}  // namespace sanso::sanitize::svg
