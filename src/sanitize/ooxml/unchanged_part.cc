#include "ooxml/unchanged_part.h"

#include <array>
#include <initializer_list>

#include "ooxml/element_rules.h"
#include "ooxml/namespaces.h"
#include "ooxml/xml_util.h"
#include "text/utf8.h"

namespace sanso::sanitize::ooxml {
namespace {

// Byte classes of the form serializeXml() writes (pugixml, raw, UTF-8). The scan accepts
// names of ASCII letters, digits, "_-." with at most one colon (a subset of what pugixml
// reads), and bytes written as they are read; everything else makes it give up. Bytes from
// 0x80 on are in no class: text and values take them as strict UTF-8 sequences only.
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
    const bool ascii = b < 0x80;
    if (ascii && (!control || b == '\t' || b == '\n') && b != '&' && b != '<' && b != '>') {
      c |= kTextRaw;
    }
    // Attribute values: & < " are escaped, every control character is replaced on reading or
    // written as a character reference; > and ' are written as they are.
    if (ascii && !control && b != '&' && b != '<' && b != '"') c |= kValueRaw;
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

// A name as read: the scan accepts at most one colon, never first or last.
struct Name {
  std::string_view qname;
  std::string_view prefix;  // before the colon ("" without one)
  std::string_view local;   // after it (all of qname without one)
};

struct Attribute {
  Name name;
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

  // Advances over bytes of class `cls` (a local index: the loop is most of the scan).
  void skip(uint8_t cls) {
    const char* data = in_.data();
    const size_t size = in_.size();
    size_t p = pos_;
    while (p < size && hasClass(data[p], cls)) ++p;
    pos_ = p;
  }

  // Consumes the strict UTF-8 sequence at the position (which holds a byte from 0x80 on):
  // pugixml passes bytes through unchecked, and a lenient reader could take an overlong form
  // for markup.
  bool utf8Sequence() {
    const size_t length = text::utf8SequenceLength(in_, pos_);
    pos_ += length;
    return length != 0;
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

  bool nameToken() {
    if (pos_ >= in_.size() || !hasClass(in_[pos_], kNameStart)) return false;
    ++pos_;
    skip(kNameChar);
    return true;
  }

  bool name(Name& out) {
    const size_t start = pos_;
    if (!nameToken()) return false;
    const size_t colon = pos_;
    if (consume(':') && !nameToken()) return false;
    out.qname = in_.substr(start, pos_ - start);
    const bool prefixed = colon != pos_;
    out.prefix = prefixed ? in_.substr(start, colon - start) : std::string_view{};
    out.local = prefixed ? in_.substr(colon + 1, pos_ - colon - 1) : out.qname;
    return true;
  }

  // Reads bytes of class `kClass`, strict UTF-8 sequences and `entities` up to `kStop` (left
  // unread); false at anything else or at the end of the input. (Constants, so that each
  // caller gets its own tight loop.)
  template <uint8_t kClass, char kStop>
  bool content(std::initializer_list<std::string_view> entities) {
    for (;;) {
      skip(kClass);
      if (pos_ >= in_.size()) return false;
      const char c = in_[pos_];
      if (c == kStop) return true;
      const bool taken = static_cast<unsigned char>(c) >= 0x80 ? utf8Sequence()
                         : c == '&'                            ? entity(entities)
                                                               : false;
      if (!taken) return false;
    }
  }

  // Text up to the next '<'.
  bool text() {
    if (open_.size() + 1 > limits_.max_xml_depth) return false;
    if (!content<kTextRaw, '<'>({"&amp;", "&lt;", "&gt;"})) return false;
    just_opened_ = false;
    return true;
  }

  bool attributeValue(std::string_view& out) {
    if (!consume('"')) return false;
    const size_t start = pos_;
    if (!content<kValueRaw, '"'>({"&amp;", "&lt;", "&quot;"})) return false;
    out = in_.substr(start, pos_ - start);
    ++pos_;
    return true;
  }

  bool startTag(bool root) {
    ++pos_;  // '<'
    just_opened_ = false;
    Name element;
    if (!name(element)) return false;
    attributes_.clear();
    while (consume(' ')) {
      if (attributes_.size() == limits_.max_xml_attributes) return false;
      Attribute& a = attributes_.emplace_back();
      if (!name(a.name) || !consume('=') || !attributeValue(a.value)) return false;
    }
    const bool empty = consume('/');
    if (!consume('>')) return false;
    if (open_.size() + 1 > limits_.max_xml_depth) return false;
    if (root && !declareNamespaces()) return false;
    if (!elementPasses(element, root)) return false;
    if (!empty) {
      open_.push_back(element.qname);
      just_opened_ = true;
    }
    return true;
  }

  bool endTag() {
    pos_ += 2;  // "</"
    Name element;
    // An element without content is written <x/>, never <x></x>.
    if (just_opened_ || !name(element) || !sameName(element.qname, open_.back()) || !consume('>')) {
      return false;
    }
    open_.pop_back();
    return true;
  }

  // Collects the root's namespace declarations, the only ones the scan accepts.
  bool declareNamespaces() {
    for (const Attribute& a : attributes_) {
      std::string_view prefix;
      if (a.name.prefix == "xmlns") {
        prefix = a.name.local;
      } else if (a.name.qname != "xmlns") {
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
    if (memo_ != nullptr && sameName(memo_->prefix, prefix)) return *memo_;
    for (const Declaration& d : declared_) {
      if (sameName(d.prefix, prefix)) return *(memo_ = &d);
    }
    static const Declaration kXmlPrefix{"xml", ns::kXml, NsKind::kOther};
    static const Declaration kUndeclared{"", "", NsKind::kOther};
    return prefix == "xml" ? kXmlPrefix : kUndeclared;
  }

  // elementHasRule() for a qualified name (namespaces are fixed once the root is read): a part
  // has few distinct names, so the answers are remembered by name.
  bool elementHasRule(const Name& element) {
    const std::string_view q = element.qname;
    RuleMemo& memo = rule_memo_[(q.size() * 7 + static_cast<unsigned char>(q.back()) * 3 +
                                 static_cast<unsigned char>(q[q.size() / 2])) %
                                rule_memo_.size()];
    if (!sameName(memo.qname, q)) {
      memo.qname = q;
      memo.has_rule = ooxml::elementHasRule(resolve(element.prefix).kind, element.local);
    }
    return memo.has_rule;
  }

  // The element and its attributes have no rule but relationship references, which are noted.
  bool elementPasses(const Name& element, bool root) {
    if (root && partHasRule(resolve(element.prefix).uri, element.local)) return false;
    if (elementHasRule(element)) return false;
    for (const Attribute& a : attributes_) {
      if (!root && a.name.qname.starts_with("xmlns")) return false;
      const std::string_view attr_ns =
          a.name.prefix.empty() ? std::string_view{} : resolve(a.name.prefix).uri;
      switch (attributeRule(attr_ns, a.name.local)) {
        case AttributeRule::kNone:
          break;
        case AttributeRule::kRelationship:
          if (a.value.find('&') != std::string_view::npos) return false;
          references_.push_back({a.value, element.local});
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
  struct RuleMemo {
    std::string_view qname;  // empty: unused (names are never empty)
    bool has_rule = false;
  };
  std::array<RuleMemo, 64> rule_memo_{};
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
