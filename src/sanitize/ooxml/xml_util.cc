#include "ooxml/xml_util.h"

#include <sstream>
#include <vector>

namespace sanso::sanitize::ooxml {
namespace {

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

std::string_view prefixOf(std::string_view qname) {
  auto colon = qname.find(':');
  return colon == std::string_view::npos ? std::string_view{} : qname.substr(0, colon);
}

// True when attribute name `name` declares `prefix` ("xmlns" or "xmlns:prefix").
bool declares(std::string_view name, std::string_view prefix) {
  if (!name.starts_with("xmlns")) return false;
  name.remove_prefix(5);
  if (prefix.empty()) return name.empty();
  return name.size() == prefix.size() + 1 && name.front() == ':' && name.substr(1) == prefix;
}

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";

// Called for every element and attribute a rule looks at: no allocation, and at most
// max_xml_attributes compares per ancestor.
std::string_view lookupPrefix(pugi::xml_node node, std::string_view prefix) {
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (n.type() != pugi::node_element) continue;
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      if (declares(a.name(), prefix)) return a.value();
    }
  }
  if (prefix == "xml") return kXmlNamespace;
  return {};
}

// Comments and processing instructions are not kept, so text around them would be split into
// pieces that rules reading one piece would miss (and that serialization joins again). CDATA is
// text too. Every run of adjacent text among `node`'s children becomes one plain text node.
void mergeTextChildren(pugi::xml_node node) {
  for (pugi::xml_node child = node.first_child(); child;) {
    pugi::xml_node next = child.next_sibling();
    const pugi::xml_node_type type = child.type();
    if (type == pugi::node_cdata) {
      pugi::xml_node plain = node.insert_child_before(pugi::node_pcdata, child);
      plain.set_value(child.value());
      node.remove_child(child);
      child = plain;
    }
    if (type == pugi::node_pcdata || type == pugi::node_cdata) {
      while (next && (next.type() == pugi::node_pcdata || next.type() == pugi::node_cdata)) {
        std::string joined = std::string(child.value()) + next.value();
        child.set_value(joined.c_str());
        pugi::xml_node after = next.next_sibling();
        node.remove_child(next);
        next = after;
      }
    }
    child = next;
  }
}

}  // namespace

Result<pugi::xml_document*> parseXml(std::string_view xml, pugi::xml_document& doc, Budget& budget,
                                     const std::string& where) {
  SANSO_RETURN_IF_ERROR(budget.checkTime(where));
  // parse_ws_pcdata keeps whitespace-only text such as <w:t xml:space="preserve"> </w:t>.
  unsigned options =
      pugi::parse_default | pugi::parse_doctype | pugi::parse_declaration | pugi::parse_ws_pcdata;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), options);
  if (!parsed) {
    return Status::blocked("malformed-xml", where + ": " + parsed.description() + " at offset " +
                                                std::to_string(parsed.offset));
  }
  // One iterative walk: depth and attribute limits, no DOCTYPE anywhere (entities are never
  // expanded), adjacent text merged.
  std::vector<std::pair<pugi::xml_node, uint64_t>> stack{{doc, 0}};
  const uint64_t max_depth = budget.limits().max_xml_depth;
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth > max_depth) {
      SANSO_RETURN_IF_ERROR(budget.check("xml-depth", depth, max_depth, where));
    }
    // Namespace lookups scan an element's attributes: bounding them keeps every walk linear.
    uint64_t attributes = 0;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) ++attributes;
    SANSO_RETURN_IF_ERROR(
        budget.check("xml-attributes", attributes, budget.limits().max_xml_attributes, where));
    mergeTextChildren(node);
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
      const pugi::xml_node_type type = child.type();
      if (type == pugi::node_doctype) {
        return Status::blocked("xml-doctype", where + ": DOCTYPE is not allowed in package parts");
      }
      if (type == pugi::node_element) {
        stack.emplace_back(child, depth + 1);
      } else if (depth + 1 > max_depth) {
        SANSO_RETURN_IF_ERROR(budget.check("xml-depth", depth + 1, max_depth, where));
      }
    }
  }
  for (pugi::xml_node child = doc.first_child(); child;) {
    pugi::xml_node next = child.next_sibling();
    if (child.type() == pugi::node_declaration) doc.remove_child(child);
    child = next;
  }
  return &doc;
}

std::string serializeXml(const pugi::xml_document& doc) {
  StringWriter writer;
  writer.out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";
  doc.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return std::move(writer.out);
}

std::string_view localName(std::string_view qname) {
  auto colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

const NamespaceScopes::Scope* NamespaceScopes::enter(pugi::xml_node element, const Scope* parent) {
  Scope* scope = nullptr;
  for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
    std::string_view name = a.name();
    if (!name.starts_with("xmlns")) continue;
    name.remove_prefix(5);
    // "xmlnsfoo" and a bare "xmlns:" declare nothing (as in lookupPrefix()).
    if (!name.empty() && (name.front() != ':' || name.size() == 1)) continue;
    if (scope == nullptr) scope = &scopes_.emplace_back(Scope{parent, {}});
    // The first declaration of a prefix on an element is the one lookupPrefix() finds.
    std::string_view prefix = name.empty() ? name : name.substr(1);
    bool seen = false;
    for (const auto& [known, uri] : scope->declared) seen = seen || known == prefix;
    if (!seen) scope->declared.emplace_back(prefix, a.value());
  }
  return scope != nullptr ? scope : parent;
}

const NamespaceScopes::Scope* NamespaceScopes::scopeOf(pugi::xml_node element) {
  std::vector<pugi::xml_node> path;
  for (pugi::xml_node n = element; n; n = n.parent()) {
    if (n.type() == pugi::node_element) path.push_back(n);
  }
  const Scope* scope = nullptr;
  for (auto it = path.rbegin(); it != path.rend(); ++it) scope = enter(*it, scope);
  return scope;
}

std::string_view NamespaceScopes::resolve(const Scope* scope, std::string_view prefix) {
  for (; scope != nullptr; scope = scope->parent) {
    for (const auto& [known, uri] : scope->declared) {
      if (known == prefix) return uri;
    }
  }
  if (prefix == "xml") return kXmlNamespace;
  return {};
}

std::string_view NamespaceScopes::elementNamespace(const Scope* scope, pugi::xml_node element) {
  return resolve(scope, prefixOf(element.name()));
}

std::string_view NamespaceScopes::attributeNamespace(const Scope* scope, pugi::xml_attribute attr) {
  std::string_view prefix = prefixOf(attr.name());
  if (prefix.empty()) return {};
  return resolve(scope, prefix);
}

std::string_view namespaceOf(pugi::xml_node node) {
  return lookupPrefix(node, prefixOf(node.name()));
}

std::string_view namespaceOf(pugi::xml_attribute attr, pugi::xml_node owner) {
  std::string_view prefix = prefixOf(attr.name());
  if (prefix.empty()) return {};
  return lookupPrefix(owner, prefix);
}

bool isElement(pugi::xml_node node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && localName(node.name()) == local &&
         namespaceOf(node) == ns;
}

pugi::xml_attribute findAttribute(pugi::xml_node node, std::string_view ns,
                                  std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    if (localName(a.name()) == local && namespaceOf(a, node) == ns) return a;
  }
  return {};
}

}  // namespace sanso::sanitize::ooxml
