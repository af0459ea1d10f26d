#include "ooxml/node_edits.h"

#include <vector>

namespace sanso::sanitize::ooxml {

void NodeEdits::remove(pugi::xml_node node) {
  if (node) edits_[node.internal_object()] = Edit::kRemove;
}

void NodeEdits::unwrap(pugi::xml_node node) {
  if (node) edits_.try_emplace(node.internal_object(), Edit::kUnwrap);
}

bool NodeEdits::marked(pugi::xml_node node) const {
  return edits_.count(node.internal_object()) != 0;
}

void NodeEdits::apply(pugi::xml_node root) {
  if (edits_.empty()) return;
  // Collect targets in document order, skipping the subtrees of removed nodes.
  std::vector<std::pair<pugi::xml_node, Edit>> targets;
  std::vector<pugi::xml_node> stack{root};
  while (!stack.empty()) {
    pugi::xml_node node = stack.back();
    stack.pop_back();
    auto it = edits_.find(node.internal_object());
    if (it != edits_.end()) {
      targets.emplace_back(node, it->second);
      if (it->second == Edit::kRemove) continue;
    }
    std::vector<pugi::xml_node> children;
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
      children.push_back(child);
    }
    for (auto c = children.rbegin(); c != children.rend(); ++c) stack.push_back(*c);
  }
  // Deepest first, so that unwrapping a parent moves already-edited children.
  for (auto t = targets.rbegin(); t != targets.rend(); ++t) {
    pugi::xml_node node = t->first;
    pugi::xml_node parent = node.parent();
    if (!parent) continue;
    if (t->second == Edit::kUnwrap) {
      while (pugi::xml_node child = node.first_child()) parent.insert_move_before(child, node);
    }
    parent.remove_child(node);
  }
  edits_.clear();
}

}  // namespace sanso::sanitize::ooxml
