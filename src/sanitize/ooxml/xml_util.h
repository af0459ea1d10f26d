// Safe XML parsing for package parts (no DTDs, bounded depth) and namespace-aware lookups.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::ooxml {

// Parses `xml` (any encoding pugixml detects; converted to UTF-8). Refuses documents with a
// DOCTYPE ("xml-doctype"), that do not parse ("malformed-xml"), or that break the limits
// walked by checkElement() on every element. Comments and processing instructions are dropped.
Result<pugi::xml_document*> parseXml(std::string_view xml, pugi::xml_document& doc, Budget& budget,
                                     const std::string& where);

// parseXml() without the walk: the caller must pass every element it goes on to read through
// checkElement(), from the root down (the sanitizing walk does, to save a pass over the tree).
Result<pugi::xml_document*> parseXmlUnwalked(std::string_view xml, pugi::xml_document& doc,
                                             Budget& budget, const std::string& where);

// The checks parseXml() makes on each element, at `depth` (the root element is 1) with `attributes`
// attributes: depth and attribute limits (namespace lookups scan an element's attributes, so
// bounding them keeps every walk linear), and adjacent text among its children merged into one
// plain text node (rules read one text node; CDATA and dropped comments would split it).
// Calls `on_element(child)` for each element child, in document order.
template <typename OnElement>
Status checkElement(pugi::xml_node node, uint64_t depth, uint64_t attributes, Budget& budget,
                    const std::string& where, OnElement&& on_element);

// Serializes `doc` as UTF-8 with a standalone XML declaration, no indentation. `size_hint`
// (e.g. the size of the part as read) is reserved up front to save regrowing the output.
std::string serializeXml(const pugi::xml_document& doc, size_t size_hint = 0);

// serializeXml(doc), or nullopt when that is `source` (the part as read) byte for byte, or
// differs only in the line break after the declaration ("\n" where serializeXml() writes
// "\r\n"; Word writes the latter, LibreOffice and most libraries the former): then the
// source's stored form may be copied instead of compressing the same bytes again. Compares
// while serializing: an unchanged part costs no copy of its text.
std::optional<std::string> serializeUnlessSame(const pugi::xml_document& doc,
                                               std::string_view source);

// ok() when `xml`, about to be written as `where`, is strict UTF-8; otherwise blocked
// ("malformed-xml"). pugixml passes bytes through unchecked (and writes a character reference
// to a surrogate as its bytes), and a lenient reader could take an overlong form for markup.
Status requireUtf8(std::string_view xml, const std::string& where);

// What follows the declaration line serializeXml() writes ("\r\n" or "\n" after it) in
// `source`; nullopt when `source` does not start so.
std::optional<std::string_view> bodyAfterDeclaration(std::string_view source);

// The namespace URI bound to the prefix of `node`'s name (or the default namespace).
std::string_view namespaceOf(pugi::xml_node node);
// The namespace URI of an attribute's prefix (unprefixed attributes have none: "").
std::string_view namespaceOf(pugi::xml_attribute attr, pugi::xml_node owner);
// The part of a qualified name after the colon (inline: every walk asks it for every name).
inline std::string_view localName(std::string_view qname) {
  auto colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// The namespace declarations in force while a walker goes down a tree: the same answers as
// namespaceOf(), without climbing to the root for every element. Each element gets its scope
// from its parent's through enter(); only elements that declare something add a link.
class NamespaceScopes {
 public:
  struct Scope {
    const Scope* parent = nullptr;
    std::vector<std::pair<std::string_view, std::string_view>> declared;  // prefix, URI
  };

  // The scope inside `element`, whose parent's scope is `parent` (nullptr at the top).
  // `attribute_count`, when given, receives the number of attributes `element` has.
  const Scope* enter(pugi::xml_node element, const Scope* parent,
                     uint64_t* attribute_count = nullptr);
  // The scope inside `element`, built from the root down (for an element met out of order).
  const Scope* scopeOf(pugi::xml_node element);
  // namespaceOf(element) for an element whose scope is `scope`.
  static std::string_view elementNamespace(const Scope* scope, pugi::xml_node element);
  // namespaceOf(attr, owner) for an attribute of an element whose scope is `scope`.
  static std::string_view attributeNamespace(const Scope* scope, pugi::xml_attribute attr);

 private:
  static std::string_view resolve(const Scope* scope, std::string_view prefix);
  std::deque<Scope> scopes_;  // stable addresses for the walk
};

// True when `node` is element `local` in namespace `ns`.
bool isElement(pugi::xml_node node, std::string_view ns, std::string_view local);
// The attribute of `node` named `local` in namespace `ns` (an empty handle when absent).
pugi::xml_attribute findAttribute(pugi::xml_node node, std::string_view ns, std::string_view local);

namespace detail {
Status checkShape(uint64_t depth, uint64_t attributes, Budget& budget, const std::string& where);
// Joins the text nodes from `first` on into `first`; returns the node after the run.
pugi::xml_node mergeTextRun(pugi::xml_node parent, pugi::xml_node first);
}  // namespace detail

template <typename OnElement>
Status checkElement(pugi::xml_node node, uint64_t depth, uint64_t attributes, Budget& budget,
                    const std::string& where, OnElement&& on_element) {
  const Limits& limits = budget.limits();
  if (depth > limits.max_xml_depth || attributes > limits.max_xml_attributes) {
    SANSO_RETURN_IF_ERROR(detail::checkShape(depth, attributes, budget, where));
  }
  bool leaf_checked = false;
  for (pugi::xml_node child = node.first_child(); child;) {
    const pugi::xml_node_type type = child.type();
    if (type == pugi::node_element) {
      on_element(child);
      child = child.next_sibling();
      continue;
    }
    if (!leaf_checked && depth + 1 > limits.max_xml_depth) {
      SANSO_RETURN_IF_ERROR(detail::checkShape(depth + 1, 0, budget, where));
      leaf_checked = true;
    }
    child = (type == pugi::node_pcdata || type == pugi::node_cdata)
                ? detail::mergeTextRun(node, child)
                : child.next_sibling();
  }
  return Status::ok();
}

}  // namespace sanso::sanitize::ooxml
