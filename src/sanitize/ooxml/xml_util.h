// Safe XML parsing for package parts (no DTDs, bounded depth) and namespace-aware lookups.
#pragma once

#include <deque>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::ooxml {

// Parses `xml` (any encoding pugixml detects; converted to UTF-8). Refuses documents with a
// DOCTYPE ("xml-doctype"), that do not parse ("malformed-xml"), or that nest deeper than
// limits.max_xml_depth. Comments and processing instructions are dropped.
Result<pugi::xml_document*> parseXml(std::string_view xml, pugi::xml_document& doc, Budget& budget,
                                     const std::string& where);

// Serializes `doc` as UTF-8 with a standalone XML declaration, no indentation.
std::string serializeXml(const pugi::xml_document& doc);

// The namespace URI bound to the prefix of `node`'s name (or the default namespace).
std::string_view namespaceOf(pugi::xml_node node);
// The namespace URI of an attribute's prefix (unprefixed attributes have none: "").
std::string_view namespaceOf(pugi::xml_attribute attr, pugi::xml_node owner);
// The part of a qualified name after the colon.
std::string_view localName(std::string_view qname);

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
  const Scope* enter(pugi::xml_node element, const Scope* parent);
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

}  // namespace sanso::sanitize::ooxml
