#include "ooxml/xml_util.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "ooxml/namespaces.h"
#include "text/utf8.h"

namespace sanso::sanitize::ooxml {
namespace {

// The declaration serializeXml() writes, before a "\r\n".
constexpr std::string_view kDeclaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

// Takes pugixml's output (after the declaration line) and compares it with `expected` while it
// matches; from the first difference on (or from the start, after diverge()) it keeps the
// output, behind the declaration line, instead. `size_hint` is reserved for kept output.
class ComparingWriter : public pugi::xml_writer {
 public:
  ComparingWriter(std::string_view expected, size_t size_hint)
      : expected_(expected), size_hint_(std::max(size_hint, expected.size())) {}

  void write(const void* data, size_t size) override {
    const char* bytes = static_cast<const char*>(data);
    if (!diverged_) {
      if (size <= expected_.size() - matched_ &&
          std::memcmp(expected_.data() + matched_, bytes, size) == 0) {
        matched_ += size;
        return;
      }
      diverge();
    }
    out_.append(bytes, size);
  }

  // Stops comparing: what matched so far becomes the start of the kept output.
  void diverge() {
    if (diverged_) return;
    diverged_ = true;
    out_.reserve(kDeclaration.size() + 2 + size_hint_ + size_hint_ / 8);
    out_.append(kDeclaration).append("\r\n").append(expected_.substr(0, matched_));
  }

  // Whether everything written so far is all of `expected`.
  bool same() const { return !diverged_ && matched_ == expected_.size(); }

  // The whole output: the declaration line and everything written.
  std::string take() {
    diverge();
    return std::move(out_);
  }

 private:
  std::string_view expected_;
  size_t size_hint_;
  size_t matched_ = 0;
  bool diverged_ = false;
  std::string out_;
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

// Called for every element and attribute a rule looks at: no allocation, and at most
// max_xml_attributes compares per ancestor.
std::string_view lookupPrefix(pugi::xml_node node, std::string_view prefix) {
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (n.type() != pugi::node_element) continue;
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      if (declares(a.name(), prefix)) return a.value();
    }
  }
  if (prefix == "xml") return ns::kXml;
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

namespace {

// Writes `doc` into `writer` as serializeXml() does, after the declaration line.
void saveBody(const pugi::xml_document& doc, ComparingWriter& writer) {
  doc.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
}

}  // namespace

Status requireUtf8(std::string_view xml, const std::string& where) {
  if (text::isValidUtf8(xml)) return Status::ok();
  return Status::blocked("malformed-xml", where + ": not valid UTF-8");
}

std::optional<std::string_view> bodyAfterDeclaration(std::string_view source) {
  if (!source.starts_with(kDeclaration)) return std::nullopt;
  std::string_view after = source.substr(kDeclaration.size());
  if (after.starts_with("\r\n")) return after.substr(2);
  if (after.starts_with("\n")) return after.substr(1);
  return std::nullopt;
}

std::string serializeXml(const pugi::xml_document& doc, size_t size_hint) {
  ComparingWriter writer({}, size_hint);
  writer.diverge();
  saveBody(doc, writer);
  return writer.take();
}

std::optional<std::string> serializeUnlessSame(const pugi::xml_document& doc,
                                               std::string_view source) {
  std::optional<std::string_view> body = bodyAfterDeclaration(source);
  ComparingWriter writer(body.value_or(std::string_view{}), source.size());
  if (!body) writer.diverge();
  saveBody(doc, writer);
  if (writer.same()) return std::nullopt;
  return writer.take();
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
  if (prefix == "xml") return ns::kXml;
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
