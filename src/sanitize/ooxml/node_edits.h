// Deferred edits to a pugixml tree: nodes are marked while walking and removed (or unwrapped)
// afterwards in one pass, so no handle is used after its node is gone.
#pragma once

#include <pugixml.hpp>

#include <unordered_map>

namespace sanso::sanitize::ooxml {

class NodeEdits {
 public:
  // Marks `node` for removal with its subtree.
  void remove(pugi::xml_node node);
  // Marks `node` to be replaced by its children.
  void unwrap(pugi::xml_node node);
  bool marked(pugi::xml_node node) const;
  bool empty() const { return edits_.empty(); }
  // Applies all edits to the tree under `root`; descendants of removed nodes are ignored.
  void apply(pugi::xml_node root);

 private:
  enum class Edit { kRemove, kUnwrap };
  std::unordered_map<pugi::xml_node_struct*, Edit> edits_;
};

}  // namespace sanso::sanitize::ooxml
