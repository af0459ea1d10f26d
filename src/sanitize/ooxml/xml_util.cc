#include "ooxml/xml_util.h"

#include <cstring>
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

// The prefix of a NUL-terminated name from pugixml, found without measuring the whole name.
std::string_view prefixOf(const char* qname) {
  const char* colon = std::strchr(qname, ':');
  return colon == nullptr ? std::string_view{}
                          : std::string_view(qname, static_cast<size_t>(colon - qname));
}

// True when attribute name `name` declares `prefix` ("xmlns" or "xmlns:prefix").
bool declares(std::string_view name, std::string_view prefix) {
  if (!name.starts_with("xmlns")) return false;
  name.remove_prefix(5);
  if (prefix.empty()) return name.empty();
  return name.size() == prefix.size() + 1 && name.front() == ':' && name.substr(1) == prefix;
}

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";

// The declaration serializeXml() writes, before a "\r\n".
constexpr std::string_view kDeclaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

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

}  // namespace

namespace detail {

Status checkShape(uint64_t depth, uint64_t attributes, Budget& budget, const std::string& where) {
  const Limits& limits = budget.limits();
  if (depth > limits.max_xml_depth) {
    SANSO_RETURN_IF_ERROR(budget.check("xml-depth", depth, limits.max_xml_depth, where));
  }
  if (attributes > limits.max_xml_attributes) {
    SANSO_RETURN_IF_ERROR(
        budget.check("xml-attributes", attributes, limits.max_xml_attributes, where));
  }
  return Status::ok();
}

pugi::xml_node mergeTextRun(pugi::xml_node parent, pugi::xml_node first) {
  pugi::xml_node next = first.next_sibling();
  if (first.type() == pugi::node_cdata) {
    pugi::xml_node plain = parent.insert_child_before(pugi::node_pcdata, first);
    plain.set_value(first.value());
    parent.remove_child(first);
    first = plain;
  }
  while (next && (next.type() == pugi::node_pcdata || next.type() == pugi::node_cdata)) {
    std::string joined = std::string(first.value()) + next.value();
    first.set_value(joined.c_str());
    pugi::xml_node after = next.next_sibling();
    parent.remove_child(next);
    next = after;
  }
  return next;
}

}  // namespace detail

Result<pugi::xml_document*> parseXmlUnwalked(std::string_view xml, pugi::xml_document& doc,
                                             Budget& budget, const std::string& where) {
  SANSO_RETURN_IF_ERROR(budget.checkTime(where));
  // parse_ws_pcdata keeps whitespace-only text such as <w:t xml:space="preserve"> </w:t>.
  unsigned options =
      pugi::parse_default | pugi::parse_doctype | pugi::parse_declaration | pugi::parse_ws_pcdata;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size(), options);
  if (!parsed) {
    return Status::blocked("malformed-xml", where + ": " + parsed.description() + " at offset " +
                                                std::to_string(parsed.offset));
  }
  // pugixml refuses a DOCTYPE below the document node, so only its children need a look.
  for (pugi::xml_node child = doc.first_child(); child;) {
    pugi::xml_node next = child.next_sibling();
    if (child.type() == pugi::node_doctype) {
      return Status::blocked("xml-doctype", where + ": DOCTYPE is not allowed in package parts");
    }
    if (child.type() == pugi::node_declaration) doc.remove_child(child);
    child = next;
  }
  return &doc;
}

Result<pugi::xml_document*> parseXml(std::string_view xml, pugi::xml_document& doc, Budget& budget,
                                     const std::string& where) {
  SANSO_RETURN_IF_ERROR(parseXmlUnwalked(xml, doc, budget, where).status());
  std::vector<std::pair<pugi::xml_node, uint64_t>> stack;
  for (pugi::xml_node child : doc.children()) {
    if (child.type() == pugi::node_element) stack.emplace_back(child, 1);
  }
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    uint64_t attributes = 0;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) ++attributes;
    SANSO_RETURN_IF_ERROR(checkElement(
        node, depth, attributes, budget, where,
        [&, parent_depth = depth](pugi::xml_node c) { stack.emplace_back(c, parent_depth + 1); }));
  }
  return &doc;
}

std::string serializeXml(const pugi::xml_document& doc, size_t size_hint) {
  StringWriter writer;
  writer.out.reserve(size_hint + size_hint / 8);
  writer.out.append(kDeclaration).append("\r\n");
  doc.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return std::move(writer.out);
}

bool sameSerialization(std::string_view ours, std::string_view source) {
  if (ours == source) return true;
  const size_t head = kDeclaration.size();
  return ours.size() == source.size() + 1 && ours.starts_with(kDeclaration) &&
         ours.substr(head, 2) == "\r\n" && source.starts_with(kDeclaration) &&
         source.substr(head, 1) == "\n" && ours.substr(head + 2) == source.substr(head + 1);
}

const NamespaceScopes::Scope* NamespaceScopes::enter(pugi::xml_node element, const Scope* parent,
                                                     uint64_t* attribute_count) {
  Scope* scope = nullptr;
  uint64_t count = 0;
  for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
    ++count;
    const char* raw = a.name();
    if (raw[0] != 'x') continue;  // most attributes: no need to measure the name
    std::string_view name = raw;
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
  if (attribute_count != nullptr) *attribute_count = count;
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
