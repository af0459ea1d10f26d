#include "ooxml/unchanged_part.h"

#include <array>
#include <initializer_list>

#include "ooxml/element_rules.h"
#include "ooxml/namespaces.h"
#include "ooxml/xml_util.h"

namespace sanso::sanitize::ooxml {
namespace {

// Byte classes of the form serializeXml() writes (pugixml, raw, UTF-8). The scan accepts
// names of ASCII letters, digits, "_-." with at most one colon (a subset of what pugixml
// reads), and bytes written as they are read; everything else makes it give up.
enum : uint8_t { kNameStart = 1, kNameChar = 2, kTextRaw = 4, kValueRaw = 8 };

constexpr std::array<uint8_t, 256> makeClasses() {
  std::array<uint8_t, 256> classes{};
  for (int b = 0; b < 256; ++b) {
    uint8_t c = 0;
    const bool letter = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || b == '_';
    const bool digit = b >= '0' && b <= '9';
    const bool control = b < 0x20;
    if (letter) c |= kNameStart | kNameChar;
    if (digit || b == '-' || b == '.') c |= kNameChar;
    // Text: & < > are escaped, control characters other than tab and line feed become
    // character references, a carriage return is read as a line feed.
    if ((!control || b == '\t' || b == '\n') && b != '&' && b != '<' && b != '>') c |= kTextRaw;
    // Attribute values: & < " are escaped, every control character is replaced on reading or
    // written as a character reference; > and ' are written as they are.
    if (!control && b != '&' && b != '<' && b != '"') c |= kValueRaw;
    classes[static_cast<size_t>(b)] = c;
  }
  return classes;
}
constexpr std::array<uint8_t, 256> kClasses = makeClasses();

bool hasClass(char c, uint8_t cls) { return (kClasses[static_cast<unsigned char>(c)] & cls) != 0; }

// A namespace declared on the root element.
struct Declaration {
  std::string_view prefix;  // "" for the default namespace
  std::string_view uri;
  NsKind kind;
};

struct Attribute {
  std::string_view name;
  std::string_view value;  // as written; never holds a character reference when it matters
};

class Scanner {
 public:
  Scanner(std::string_view body, const Limits& limits) : in_(body), limits_(limits) {}

  std::optional<std::vector<PartReference>> run() {
    if (!at('<') || !startTag(true)) return std::nullopt;
    while (!open_.empty()) {
      bool ok = !at('<')                                          ? text()
                : pos_ + 1 < in_.size() && in_[pos_ + 1] == '/' ? endTag()
                                                                  : startTag(false);
      if (!ok) return std::nullopt;
    }
    if (pos_ != in_.size()) return std::nullopt;
    return std::move(references_);
  }

 private:
  bool at(char c) const { return pos_ < in_.size() && in_[pos_] == c; }

  bool consume(char c) {
    if (!at(c)) return false;
    ++pos_;
    return true;
  }

  // Consumes one of `entities` at the position (which holds '&').
  bool entity(std::initializer_list<std::string_view> entities) {
    for (std::string_view e : entities) {
      if (in_.substr(pos_, e.size()) == e) {
        pos_ += e.size();
        return true;
      }
    }
    return false;
  }

  bool name(std::string_view& out) {
    const size_t start = pos_;
    for (int part = 0; part < 2; ++part) {
      if (pos_ >= in_.size() || !hasClass(in_[pos_], kNameStart)) return false;
      ++pos_;
      while (pos_ < in_.size() && hasClass(in_[pos_], kNameChar)) ++pos_;
      if (part == 1 || !consume(':')) break;
    }
    out = in_.substr(start, pos_ - start);
    return true;
  }

  // Text up to the next '<'.
  bool text() {
    if (open_.size() + 1 > limits_.max_xml_depth) return false;
    while (pos_ < in_.size() && in_[pos_] != '<') {
      if (hasClass(in_[pos_], kTextRaw)) {
        ++pos_;
      } else if (in_[pos_] != '&' || !entity({"&amp;", "&lt;", "&gt;"})) {
        return false;
      }
    }
    just_opened_ = false;
    return pos_ < in_.size();
  }

  bool attributeValue(std::string_view& out) {
    if (!consume('"')) return false;
    const size_t start = pos_;
    while (pos_ < in_.size() && in_[pos_] != '"') {
      if (hasClass(in_[pos_], kValueRaw)) {
        ++pos_;
      } else if (in_[pos_] != '&' || !entity({"&amp;", "&lt;", "&quot;"})) {
        return false;
      }
    }
    out = in_.substr(start, pos_ - start);
    return consume('"');
  }

  bool startTag(bool root) {
    ++pos_;  // '<'
    just_opened_ = false;
    std::string_view qname;
    if (!name(qname)) return false;
    attributes_.clear();
    while (consume(' ')) {
      Attribute a;
      if (!name(a.name) || !consume('=') || !attributeValue(a.value)) return false;
      attributes_.push_back(a);
      if (attributes_.size() > limits_.max_xml_attributes) return false;
    }
    const bool empty = consume('/');
    if (!consume('>')) return false;
    if (open_.size() + 1 > limits_.max_xml_depth) return false;
    if (root && !declareNamespaces()) return false;
    if (!elementPasses(qname, root)) return false;
    if (!empty) {
      open_.push_back(qname);
      just_opened_ = true;
    }
    return true;
  }

  bool endTag() {
    pos_ += 2;  // "</"
    std::string_view qname;
    // An element without content is written <x/>, never <x></x>.
    if (just_opened_ || !name(qname) || qname != open_.back() || !consume('>')) return false;
    open_.pop_back();
    return true;
  }

  // Collects the root's namespace declarations, the only ones the scan accepts.
  bool declareNamespaces() {
    for (const Attribute& a : attributes_) {
      std::string_view prefix;
      if (a.name.starts_with("xmlns:")) {
        prefix = a.name.substr(6);
      } else if (a.name != "xmlns") {
        continue;
      }
      if (a.value.find('&') != std::string_view::npos) return false;
      for (const Declaration& d : declared_) {
        if (d.prefix == prefix) return false;
      }
      declared_.push_back({prefix, a.value, classifyNamespace(a.value)});
    }
    return true;
  }

  // The namespace bound to `prefix`, as NamespaceScopes::resolve() answers for the root.
  const Declaration& resolve(std::string_view prefix) {
    if (memo_ != nullptr && memo_->prefix == prefix) return *memo_;
    for (const Declaration& d : declared_) {
      if (d.prefix == prefix) return *(memo_ = &d);
    }
    static const Declaration kXmlPrefix{"xml", ns::kXml, NsKind::kOther};
    static const Declaration kUndeclared{"", "", NsKind::kOther};
    return prefix == "xml" ? kXmlPrefix : kUndeclared;
  }

  static std::string_view prefixOf(std::string_view qname, std::string_view local) {
    return local.size() == qname.size() ? std::string_view{}
                                        : qname.substr(0, qname.size() - local.size() - 1);
  }

  // The element and its attributes have no rule but relationship references, which are noted.
  bool elementPasses(std::string_view qname, bool root) {
    const std::string_view local = localName(qname);
    const Declaration& ns = resolve(prefixOf(qname, local));
    if (root && partHasRule(ns.uri)) return false;
    if (elementHasRule(ns.kind, local)) return false;
    for (const Attribute& a : attributes_) {
      if (!root && a.name.starts_with("xmlns")) return false;
      const std::string_view attr_local = localName(a.name);
      const std::string_view prefix = prefixOf(a.name, attr_local);
      const std::string_view attr_ns = prefix.empty() ? std::string_view{} : resolve(prefix).uri;
      switch (attributeRule(attr_ns, attr_local)) {
        case AttributeRule::kNone:
          break;
        case AttributeRule::kRelationship:
          if (a.value.find('&') != std::string_view::npos) return false;
          references_.push_back({a.value, local});
          break;
        case AttributeRule::kMacro:
        case AttributeRule::kTextLink:
          return false;
      }
    }
    return true;
  }

  std::string_view in_;
  const Limits& limits_;
  size_t pos_ = 0;
  std::vector<std::string_view> open_;  // names of the open elements, the root first
  bool just_opened_ = false;            // nothing read since the last start tag
  std::vector<Attribute> attributes_;   // of the element being read
  std::vector<Declaration> declared_;
  const Declaration* memo_ = nullptr;  // resolve()'s last answer
  std::vector<PartReference> references_;
};

}  // namespace

std::optional<std::vector<PartReference>> scanUnchangedPart(std::string_view xml,
                                                            const Limits& limits) {
  std::optional<std::string_view> body = bodyAfterDeclaration(xml);
  if (!body) return std::nullopt;
  return Scanner(*body, limits).run();
}

bool referencesKept(const std::vector<PartReference>& references, const XmlPartContext& context) {
  for (const PartReference& r : references) {
    if (!referenceKept(context, r.id, r.element_local)) return false;
  }
  return true;
}

}  // namespace sanso::sanitize::ooxml
