#include "odf/part_sanitizer.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "link_policy.h"
#include "odf/namespaces.h"
#include "ooxml/node_edits.h"
#include "ooxml/xml_util.h"

namespace sanso::sanitize::odf {
namespace {

using ooxml::localName;
using ooxml::NamespaceScopes;

// Namespaces whose elements are kept (subject to the rules below).
bool elementNamespaceAllowed(std::string_view uri) {
  static constexpr std::string_view kAllowed[] = {
      ns::kOffice, ns::kStyle,  ns::kText,   ns::kTable,        ns::kDraw,     ns::kSvg,
      ns::kChart,  ns::kDr3d,   ns::kNumber, ns::kMeta,         ns::kConfig,   ns::kPresentation,
      ns::kAnim,   ns::kDc,     ns::kMath,   ns::kLoExt,        ns::kCalcExt,  ns::kOfficeOoo,
      ns::kTableOoo, ns::kDrawOoo};
  return std::find(std::begin(kAllowed), std::end(kAllowed), uri) != std::end(kAllowed);
}

// Namespaces whose attributes are kept (subject to the rules below).
bool attributeNamespaceAllowed(std::string_view uri) {
  static constexpr std::string_view kAllowed[] = {
      ns::kOffice, ns::kStyle,  ns::kText,     ns::kTable,   ns::kDraw,   ns::kFo,
      ns::kSvg,    ns::kChart,  ns::kDr3d,     ns::kNumber,  ns::kMeta,   ns::kConfig,
      ns::kPresentation, ns::kAnim, ns::kSmil, ns::kXlink,   ns::kXml,    ns::kLoExt,
      ns::kCalcExt, ns::kOfficeOoo, ns::kTableOoo, ns::kDrawOoo, ns::kCss3t};
  return std::find(std::begin(kAllowed), std::end(kAllowed), uri) != std::end(kAllowed);
}

enum class Rule { kKeep, kRemove, kUnwrap };

struct ElementRule {
  Rule rule = Rule::kKeep;
  std::string_view what;
};

bool oneOf(std::string_view local, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), local) != names.end();
}

// What happens to an element of an allowed namespace, before its attributes are looked at.
ElementRule elementRule(std::string_view uri, std::string_view local) {
  if (uri == ns::kOffice) {
    if (local == "scripts" || local == "script") return {Rule::kRemove, "macro"};
    if (local == "event-listeners") return {Rule::kRemove, "event-listener"};
    if (local == "forms") return {Rule::kRemove, "form"};
    if (local == "dde-source") return {Rule::kRemove, "dde-link"};
  } else if (uri == ns::kDraw) {
    if (local == "object") return {Rule::kRemove, "embedded-object"};
    if (local == "object-ole") return {Rule::kRemove, "ole-object"};
    if (local == "applet") return {Rule::kRemove, "applet"};
    if (local == "plugin") return {Rule::kRemove, "plugin"};
    if (local == "floating-frame") return {Rule::kRemove, "floating-frame"};
    if (local == "control") return {Rule::kRemove, "form-control"};
  } else if (uri == ns::kPresentation) {
    if (local == "event-listener") return {Rule::kRemove, "event-listener"};
    if (local == "sound") return {Rule::kRemove, "sound"};
  } else if (uri == ns::kAnim) {
    if (local == "audio") return {Rule::kRemove, "sound"};
    if (local == "command") return {Rule::kRemove, "animation-command"};
  } else if (uri == ns::kSvg) {
    if (local == "font-face-src" || local == "definition-src") return {Rule::kRemove, "embedded-font"};
  } else if (uri == ns::kText) {
    if (local == "script") return {Rule::kRemove, "script"};
    if (local == "execute-macro") return {Rule::kUnwrap, "macro"};
    if (local == "dde-connection-decls" || local == "dde-connection-decl") {
      return {Rule::kRemove, "dde-link"};
    }
    if (local == "dde-connection") return {Rule::kUnwrap, "dde-link"};
    if (local == "section-source") return {Rule::kRemove, "linked-section"};
    if (oneOf(local, {"fieldmark", "fieldmark-start", "fieldmark-end"})) {
      return {Rule::kRemove, "fieldmark"};
    }
    if (oneOf(local, {"database-display", "database-next", "database-row-select",
                      "database-row-number", "database-name"})) {
      return {Rule::kUnwrap, "database-field"};
    }
  } else if (uri == ns::kTable) {
    if (oneOf(local, {"dde-links", "dde-link", "dde-source"})) return {Rule::kRemove, "dde-link"};
    if (local == "table-source") return {Rule::kRemove, "linked-table"};
    if (local == "cell-range-source") return {Rule::kRemove, "linked-range"};
    if (local == "data-pilot-tables") return {Rule::kRemove, "pivot-table"};
    if (oneOf(local, {"database-source-sql", "database-source-table", "database-source-query"})) {
      return {Rule::kRemove, "database-source"};
    }
    if (local == "error-macro") return {Rule::kRemove, "macro"};
  } else if (uri == ns::kMath) {
    if (local == "mglyph") return {Rule::kRemove, "external-image"};
  }
  return {};
}

bool isLinkCarrier(std::string_view uri, std::string_view local) {
  if (uri == ns::kText) return local == "a";
  if (uri == ns::kDraw) {
    return local == "a" || local == "area-rectangle" || local == "area-circle" ||
           local == "area-polygon";
  }
  return false;
}

bool isImageCarrier(std::string_view uri, std::string_view local) {
  return (uri == ns::kDraw && (local == "image" || local == "fill-image")) ||
         (uri == ns::kStyle && local == "background-image") ||
         (uri == ns::kText && local == "list-level-style-image");
}

// Image carriers that mean nothing without their image: removed rather than emptied.
bool imageCarrierNeedsImage(std::string_view uri, std::string_view local) {
  return uri == ns::kDraw && (local == "image" || local == "fill-image");
}

std::string upperNoSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (std::isspace(u)) continue;
    out.push_back(static_cast<char>(std::toupper(u)));
  }
  return out;
}

// OpenFormula that reaches outside the document: DDE, web services, hyperlinks, and
// references into other files ('file:///x.ods'#$Sheet1.A1).
bool formulaReachesOutside(std::string_view formula) {
  std::string f = upperNoSpace(formula);
  static constexpr std::string_view kMarkers[] = {"DDE(",  "WEBSERVICE(", "HYPERLINK(", "'#",
                                                  "FILE:", "HTTP:",       "HTTPS:",     "FTP:",
                                                  "\\\\",  "SERVICE("};
  for (auto marker : kMarkers) {
    if (f.find(marker) != std::string::npos) return true;
  }
  return false;
}

// Attributes whose value is a spreadsheet formula or cell address.
bool isFormulaAttribute(std::string_view attr_ns, std::string_view local) {
  if (attr_ns == ns::kTable || attr_ns == ns::kText) {
    return oneOf(local, {"formula", "expression", "condition", "cell-range-address",
                         "base-cell-address", "source-cell-range-addresses",
                         "target-range-address", "content-validation-name"}) &&
           !(attr_ns == ns::kText && local == "condition");
  }
  return attr_ns == ns::kCalcExt && (local == "value" || local == "base-cell-address");
}

// In-document jumps ("#Bookmark", "#Sheet2.A1", "#Slide 3") never leave the document.
bool isInternalJump(std::string_view href) {
  return href.size() > 1 && href.front() == '#' &&
         href.find_first_of(":/\\") == std::string_view::npos;
}

// Settings that name data sources, printers or update external links.
bool settingDropped(std::string_view name, std::string_view value) {
  static constexpr std::string_view kNames[] = {"LinkUpdateMode",
                                                "CurrentDatabaseDataSource",
                                                "CurrentDatabaseCommand",
                                                "CurrentDatabaseCommandType",
                                                "EmbeddedDatabaseName",
                                                "DataBaseName",
                                                "PrinterName",
                                                "PrinterSetup",
                                                "PrintFaxName",
                                                "UpdateFromTemplate"};
  std::string v = upperNoSpace(value);
  // Every LibreOffice document has these, empty or off.
  bool unset = v.empty() || v == "FALSE" || v == "0";
  if (std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames)) return !unset;
  return v.find("MACRO:") != std::string::npos || v.find("VND.SUN.STAR") != std::string::npos ||
         v.find("://") != std::string::npos || v.find("FILE:") != std::string::npos ||
         v.find("\\\\") != std::string::npos;
}

// meta.xml children that identify nobody; everything else goes when metadata is removed.
bool metaKept(std::string_view uri, std::string_view local) {
  if (uri == ns::kDc) return local == "title" || local == "subject" || local == "language" ||
                             local == "date";
  if (uri == ns::kMeta) return local == "creation-date" || local == "document-statistic";
  return false;
}

// meta.xml children that load or point at other files: always removed.
std::string_view metaAlwaysDropped(std::string_view uri, std::string_view local) {
  if (uri != ns::kMeta) return {};
  if (local == "template") return "template-link";
  if (local == "auto-reload") return "auto-reload";
  if (local == "hyperlink-behaviour") return "hyperlink-behaviour";
  return {};
}

class PartWalker {
 public:
  PartWalker(const PartContext& context, Budget& budget, ActionLog& log)
      : context_(context), budget_(budget), log_(log) {}

  Status run(pugi::xml_document& doc) {
    pugi::xml_node root = doc.document_element();
    if (!root) return Status::ok();
    pending_.push_back({root, nullptr, 1});
    while (!pending_.empty()) {
      const Pending current = pending_.back();
      pending_.pop_back();
      const pugi::xml_node node = current.element;
      const NamespaceScopes::Scope* parent_scope = current.parent_scope;
      const uint64_t depth = current.depth;
      uint64_t attributes = 0;
      parent_scope_ = parent_scope;
      scope_ = scopes_.enter(node, parent_scope, &attributes);
      SANSO_RETURN_IF_ERROR(checkUniqueAttributes(node));
      const size_t children = pending_.size();
      SANSO_RETURN_IF_ERROR(ooxml::checkElement(
          node, depth, attributes, budget_, context_.name,
          [&](pugi::xml_node c) { pending_.push_back({c, scope_, depth + 1}); }));
      if (!visit(node)) pending_.resize(children);
    }
    if (!meta_dropped_.empty()) log_.removed("metadata", context_.name, meta_dropped_);
    edits_.apply(doc);
    return Status::ok();
  }

 private:
  // pugixml accepts an element with two attributes of one name (or two prefixes of one
  // namespace); XML forbids it and readers would disagree on which one counts.
  Status checkUniqueAttributes(pugi::xml_node node) {
    std::vector<std::pair<std::string_view, std::string_view>> names;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
      std::string_view name = a.name();
      std::string_view local = localName(name);
      bool plain = local.size() == name.size() || name.starts_with("xmlns:");
      names.emplace_back(plain ? std::string_view{} : NamespaceScopes::attributeNamespace(scope_, a),
                         plain ? name : local);
    }
    if (names.size() < 2) return Status::ok();
    std::sort(names.begin(), names.end());
    if (std::adjacent_find(names.begin(), names.end()) == names.end()) return Status::ok();
    return Status::blocked("malformed-xml", context_.name + ": duplicate attribute on " +
                                               std::string(node.name()));
  }

  // Returns false when the element's subtree is not to be walked.
  bool visit(pugi::xml_node node) {
    std::string_view uri = NamespaceScopes::elementNamespace(scope_, node);
    std::string_view local = localName(node.name());
    if (!elementNamespaceAllowed(uri)) {
      log_.removed("foreign-element", context_.name, node.name());
      return remove(node);
    }
    ElementRule rule = elementRule(uri, local);
    if (rule.rule == Rule::kRemove) {
      // LibreOffice writes empty <office:scripts/> and <office:forms/> into every document.
      if (!emptyContainer(local, node)) {
        log_.removed(std::string(rule.what), context_.name, node.name());
      }
      return remove(node);
    }
    if (rule.rule == Rule::kUnwrap) {
      log_.removed(std::string(rule.what), context_.name, node.name());
      edits_.unwrap(node);
    }
    if (uri == ns::kOffice && local == "binary-data") return removeInlineImage(node);
    if (!visitPartSpecific(node, uri, local)) return false;
    return sanitizeAttributes(node, uri, local);
  }

  bool remove(pugi::xml_node node) {
    edits_.remove(node);
    return false;
  }

  static bool emptyContainer(std::string_view local, pugi::xml_node node) {
    if (!oneOf(local, {"scripts", "forms", "event-listeners", "dde-connection-decls", "dde-links"})) {
      return false;
    }
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) return false;
      if (c.type() == pugi::node_pcdata && *c.value() != '\0') return false;
    }
    return true;
  }

  // Inline (base64) pictures are not decoded: the picture goes.
  bool removeInlineImage(pugi::xml_node node) {
    pugi::xml_node parent = node.parent();
    std::string_view parent_uri = NamespaceScopes::elementNamespace(parent_scope_, parent);
    log_.removed("inline-image", context_.name, parent.name());
    return remove(isImageCarrier(parent_uri, localName(parent.name())) ? parent : node);
  }

  bool visitPartSpecific(pugi::xml_node node, std::string_view uri, std::string_view local) {
    pugi::xml_node parent = node.parent();
    std::string_view parent_local = localName(parent.name());
    if (context_.kind == PartKind::kMeta && parent_local == "meta" &&
        NamespaceScopes::elementNamespace(parent_scope_, parent) == ns::kOffice) {
      if (auto what = metaAlwaysDropped(uri, local); !what.empty()) {
        log_.removed(std::string(what), context_.name, node.attribute("xlink:href").value());
        return remove(node);
      }
      if (context_.remove_metadata && !metaKept(uri, local)) {
        if (meta_dropped_.size() < 200) {
          if (!meta_dropped_.empty()) meta_dropped_ += ",";
          meta_dropped_ += node.name();
        }
        return remove(node);
      }
    }
    if (context_.kind == PartKind::kSettings && uri == ns::kConfig && local == "config-item") {
      std::string_view name = ooxml::findAttribute(node, ns::kConfig, "name").value();
      if (settingDropped(name, node.text().get())) {
        log_.removed("setting", context_.name, std::string(name));
        return remove(node);
      }
    }
    // Authors of comments and tracked changes.
    if (context_.remove_metadata &&
        ((uri == ns::kDc && local == "creator") || (uri == ns::kMeta && local == "creator-initials")) &&
        (parent_local == "annotation" || parent_local == "change-info") &&
        *node.text().get() != '\0') {
      log_.removed("author", context_.name,
                   parent_local == "annotation" ? "comment" : "tracked change");
      node.text().set("");
    }
    return true;
  }

  // Returns false when the element itself was removed.
  bool sanitizeAttributes(pugi::xml_node node, std::string_view uri, std::string_view local) {
    std::vector<pugi::xml_attribute> drop;
    bool keep_element = true;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
      std::string_view name = a.name();
      if (name == "xmlns" || name.starts_with("xmlns:")) continue;
      std::string_view attr_local = localName(name);
      bool prefixed = attr_local.size() != name.size();
      std::string_view attr_ns =
          prefixed ? NamespaceScopes::attributeNamespace(scope_, a) : std::string_view{};
      if (!prefixed) {
        // MathML is the one vocabulary with unprefixed attributes.
        bool math_ok = uri == ns::kMath &&
                       !oneOf(attr_local, {"href", "src", "definitionURL", "altimg", "xref"});
        if (!math_ok) {
          log_.removed("foreign-attribute", context_.name, std::string(name));
          drop.push_back(a);
        }
        continue;
      }
      if (!attributeNamespaceAllowed(attr_ns)) {
        log_.removed(attr_ns == ns::kScript || attr_ns == ns::kForm ? "event-listener"
                                                                    : "foreign-attribute",
                     context_.name, std::string(name));
        drop.push_back(a);
        continue;
      }
      if (attr_ns == ns::kXml && attr_local == "base") {
        log_.removed("xml-base", context_.name, a.value());
        drop.push_back(a);
      } else if (attr_ns == ns::kDraw && attr_local == "engine") {
        log_.removed("shape-engine", context_.name, a.value());
        drop.push_back(a);
      } else if (attr_ns == ns::kXlink && attr_local == "href") {
        keep_element = judgeHref(node, uri, local, a, drop) && keep_element;
      } else if (attr_ns == ns::kText && attr_local == "url") {
        if (classifyLink(a.value()) != LinkVerdict::kBrowse || !context_.keep_hyperlinks) {
          log_.neutralized("hyperlink", context_.name, a.value());
          drop.push_back(a);
        }
      } else if (isFormulaAttribute(attr_ns, attr_local) && formulaReachesOutside(a.value())) {
        log_.removed("external-formula", context_.name, a.value());
        if (uri == ns::kTable && (local == "named-expression" || local == "named-range")) {
          keep_element = false;
        }
        drop.push_back(a);
      }
    }
    if (!keep_element) return remove(node);
    for (auto a : drop) node.remove_attribute(a);
    return true;
  }

  // Decides an xlink:href; returns false when the element is to be removed.
  bool judgeHref(pugi::xml_node node, std::string_view uri, std::string_view local,
                 pugi::xml_attribute href, std::vector<pugi::xml_attribute>& drop) {
    std::string_view value = href.value();
    if (isLinkCarrier(uri, local)) {
      if (isInternalJump(value)) return true;
      bool browse = classifyLink(value) == LinkVerdict::kBrowse;
      if (browse && context_.keep_hyperlinks) return true;
      log_.neutralized(browse ? "hyperlink" : "launch-link", context_.name, std::string(value));
      drop.push_back(href);
      if (local == "a") {
        edits_.unwrap(node);
        return true;
      }
      return false;  // an image-map area without its link is nothing
    }
    if (isImageCarrier(uri, local)) {
      if (!packagePath(value).empty()) return true;  // judged with the package's images
      log_.removed("external-image", context_.name, std::string(value));
      if (imageCarrierNeedsImage(uri, local)) return false;
      drop.push_back(href);
      return true;
    }
    log_.removed("external-reference", context_.name, node.name() + std::string(" ") + href.value());
    drop.push_back(href);
    return true;
  }

  struct Pending {
    pugi::xml_node element;
    const NamespaceScopes::Scope* parent_scope;
    uint64_t depth;
  };

  const PartContext& context_;
  Budget& budget_;
  ActionLog& log_;
  ooxml::NodeEdits edits_;
  NamespaceScopes scopes_;
  std::vector<Pending> pending_;
  const NamespaceScopes::Scope* scope_ = nullptr;         // of the element being visited
  const NamespaceScopes::Scope* parent_scope_ = nullptr;  // of its parent
  std::string meta_dropped_;
};

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Visits the elements under `root` in document order with the namespace scope inside each;
// `visit(node, scope)` returns false to skip a subtree.
template <typename Visit>
void forEachScoped(pugi::xml_node root, Visit&& visit) {
  NamespaceScopes scopes;
  std::vector<std::pair<pugi::xml_node, const NamespaceScopes::Scope*>> stack{{root, nullptr}};
  while (!stack.empty()) {
    auto [node, parent_scope] = stack.back();
    stack.pop_back();
    const NamespaceScopes::Scope* scope = scopes.enter(node, parent_scope);
    if (!visit(node, scope)) continue;
    size_t first = stack.size();
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) stack.emplace_back(c, scope);
    }
    std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end());
  }
}

struct ImageCarrier {
  pugi::xml_node element;
  std::string path;
  bool needs_image;
};

// The image carriers of a sanitized tree with the package path they name.
std::vector<ImageCarrier> imageCarriers(pugi::xml_node root) {
  std::vector<ImageCarrier> out;
  forEachScoped(root, [&](pugi::xml_node node, const NamespaceScopes::Scope* scope) {
    std::string_view uri = NamespaceScopes::elementNamespace(scope, node);
    std::string_view local = localName(node.name());
    if (!isImageCarrier(uri, local)) return true;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
      if (localName(a.name()) != "href" ||
          NamespaceScopes::attributeNamespace(scope, a) != ns::kXlink) {
        continue;
      }
      std::string path = packagePath(a.value());
      if (!path.empty()) out.push_back({node, std::move(path), imageCarrierNeedsImage(uri, local)});
    }
    return true;
  });
  return out;
}

// Children of a frame that show nothing on their own.
bool frameDecoration(std::string_view local) {
  return oneOf(local, {"title", "desc", "contour-polygon", "contour-path", "glue-point",
                       "image-map"});
}

}  // namespace

const char* rootLocalName(PartKind kind) {
  switch (kind) {
    case PartKind::kContent: return "document-content";
    case PartKind::kStyles: return "document-styles";
    case PartKind::kMeta: return "document-meta";
    case PartKind::kSettings: return "document-settings";
  }
  return "";
}

Status sanitizePart(pugi::xml_document& doc, const PartContext& context, Budget& budget,
                    ActionLog& log) {
  return PartWalker(context, budget, log).run(doc);
}

std::string packagePath(std::string_view href) {
  std::string decoded;
  for (size_t i = 0; i < href.size(); ++i) {
    if (href[i] != '%') {
      decoded.push_back(href[i]);
      continue;
    }
    if (i + 2 >= href.size()) return {};
    int hi = hexValue(href[i + 1]);
    int lo = hexValue(href[i + 2]);
    if (hi < 0 || lo < 0) return {};
    decoded.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  std::string_view path = decoded;
  while (path.starts_with("./")) path.remove_prefix(2);
  if (path.empty() || path.front() == '/' || path.back() == '/' ||
      path.find_first_of(":\\#?") != std::string_view::npos) {
    return {};
  }
  for (unsigned char c : path) {
    if (c < 0x20 || c == 0x7f) return {};
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return {};
    start = end + 1;
  }
  return std::string(path);
}

std::vector<std::string> imageReferences(const pugi::xml_document& doc) {
  std::vector<std::string> out;
  for (auto& carrier : imageCarriers(doc.document_element())) out.push_back(carrier.path);
  return out;
}

void dropMissingImages(pugi::xml_document& doc, const std::set<std::string>& kept) {
  ooxml::NodeEdits edits;
  for (auto& carrier : imageCarriers(doc.document_element())) {
    if (kept.count(carrier.path)) continue;
    if (carrier.needs_image) {
      edits.remove(carrier.element);
      continue;
    }
    std::vector<pugi::xml_attribute> links;
    for (pugi::xml_attribute a = carrier.element.first_attribute(); a; a = a.next_attribute()) {
      if (localName(a.name()) == "href" || localName(a.name()) == "type" ||
          localName(a.name()) == "show" || localName(a.name()) == "actuate") {
        links.push_back(a);
      }
    }
    for (auto a : links) carrier.element.remove_attribute(a);
  }
  edits.apply(doc);
  // Frames whose object or picture went show nothing now.
  forEachScoped(doc.document_element(), [&](pugi::xml_node node,
                                             const NamespaceScopes::Scope* scope) {
    if (localName(node.name()) != "frame" ||
        NamespaceScopes::elementNamespace(scope, node) != ns::kDraw) {
      return true;
    }
    bool shows = false;
    for (pugi::xml_node c : node.children()) {
      if (c.type() == pugi::node_element && !frameDecoration(localName(c.name()))) shows = true;
    }
    if (!shows) edits.remove(node);
    return shows;
  });
  edits.apply(doc);
}

}  // namespace sanso::sanitize::odf
