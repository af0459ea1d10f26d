#include "ooxml/xml_part_sanitizer.h"

#include <vector>

#include "link_policy.h"
#include "ooxml/element_rules.h"
#include "ooxml/namespaces.h"
#include "ooxml/node_edits.h"
#include "ooxml/spreadsheet.h"
#include "ooxml/word_fields.h"
#include "ooxml/xml_util.h"

namespace sanso::sanitize::ooxml {
namespace {

bool isWordNs(std::string_view uri) { return classifyNamespace(uri) == NsKind::kWord; }
bool isSheetNs(std::string_view uri) { return classifyNamespace(uri) == NsKind::kSheet; }
bool isPresentationNs(std::string_view uri) {
  return classifyNamespace(uri) == NsKind::kPresentation;
}

// PowerPoint click/hover actions that only move within the presentation.
bool presentationActionAllowed(std::string_view action) {
  if (action.empty() || action == "ppaction://noaction" || action == "ppaction://hlinksldjump" ||
      action == "ppaction://media") {
    return true;
  }
  return action.starts_with("ppaction://hlinkshowjump?") ||
         action.starts_with("ppaction://customshow?");
}

// Core properties that identify nobody; everything else in core.xml is dropped.
bool corePropertyKept(std::string_view uri, std::string_view local) {
  if (uri == ns::kDc) return local == "title" || local == "subject" || local == "language";
  if (uri == ns::kDcTerms) return local == "created" || local == "modified";
  return false;
}

// Extended properties that identify people or redirect links.
bool extendedPropertyDropped(std::string_view local, bool remove_metadata) {
  if (local == "HyperlinkBase") return true;  // rebases every relative link: always dropped
  return remove_metadata && (local == "Company" || local == "Manager" || local == "Template");
}

class PartWalker {
 public:
  PartWalker(const XmlPartContext& context, Budget& budget, ActionLog& log)
      : context_(context), budget_(budget), log_(log) {}

  Status run(pugi::xml_document& doc) {
    pugi::xml_node root = doc.document_element();
    if (!root) return Status::ok();
    std::string_view root_ns = namespaceOf(root);
    std::string_view root_local = localName(root.name());

    pending_.push_back({root, nullptr, 1});
    while (!pending_.empty()) {
      const Pending next = pending_.back();
      pending_.pop_back();
      const pugi::xml_node node = next.element;
      const uint64_t depth = next.depth;
      const auto* parent_scope = next.parent_scope;
      uint64_t attributes = 0;
      scope_ = scopes_.enter(node, parent_scope, &attributes);
      // Children are listed (and their text merged, which visit() reads) before the visit and
      // forgotten again when it removes the element.
      const size_t children = pending_.size();
      SANSO_RETURN_IF_ERROR(
          checkElement(node, depth, attributes, budget_, context_.name, [&](pugi::xml_node c) {
            pending_.push_back({c, scope_, depth + 1});
          }));
      if (!visit(node)) pending_.resize(children);
      for (const auto& inserted : inserted_) pending_.push_back(inserted);
      inserted_.clear();
    }
    // The field walk goes through the whole part again, in document order; a part with no
    // field element left after this walk (every subtree it did not enter is removed) has
    // nothing for it to find.
    if (isWordNs(root_ns) && field_elements_seen_) {
      FieldPolicy policy{context_.keep_hyperlinks};
      neutralizeFields(root, root_ns, policy, edits_, log_, context_.name);
    }
    if (!formulas_.empty()) {
      sanitizeFormulas(formulas_, context_.keep_hyperlinks, edits_, log_, context_.name);
    }
    if (partHasRule(root_ns, root_local)) applyPartRules(root, root_ns, root_local);
    edits_.apply(doc);
    removeEmptyContainers(root);
    return Status::ok();
  }

 private:
  // The rules for whole parts (the roots partHasRule() names).
  void applyPartRules(pugi::xml_node root, std::string_view root_ns, std::string_view root_local) {
    if (isSheetNs(root_ns) && root_local == "workbook") {
      sanitizeWorkbook(root, root_ns, edits_, log_, context_.name);
    }
    if (root_ns == ns::kCoreProps && context_.remove_metadata) stripCoreProperties(root);
    if (root_ns == ns::kExtendedProps) stripExtendedProperties(root);
  }

  // What one pass over an element's attributes found for the rules below.
  struct AttributeScan {
    std::vector<pugi::xml_attribute> dangling;   // references to relationships not kept
    std::vector<pugi::xml_attribute> macros;     // shape macro assignments
    std::vector<pugi::xml_attribute> textlinks;  // shape text linked to a formula

    bool empty() const { return dangling.empty() && macros.empty() && textlinks.empty(); }
  };

  AttributeScan scanAttributes(pugi::xml_node node, std::string_view local) {
    AttributeScan scan;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
      if (*a.value() == '\0') continue;
      std::string_view name = a.name();
      std::string_view attr_local = localName(name);
      // Unprefixed attributes (and ":name") have no namespace.
      const size_t prefix_size = name.size() - attr_local.size();
      std::string_view attr_ns = prefix_size <= 1
                                     ? std::string_view{}
                                     : cachedNamespace(name.substr(0, prefix_size - 1), [&] {
                                         return NamespaceScopes::attributeNamespace(scope_, a);
                                       });
      switch (attributeRule(attr_ns, attr_local)) {
        case AttributeRule::kRelationship:
          if (!referenceKept(context_, a.value(), local)) scan.dangling.push_back(a);
          break;
        case AttributeRule::kMacro:
          scan.macros.push_back(a);
          break;
        case AttributeRule::kTextLink:
          scan.textlinks.push_back(a);
          break;
        case AttributeRule::kNone:
          break;
      }
    }
    return scan;
  }

  // The namespace of a name with prefix `prefix` (an element's: "" is the default namespace) in
  // scope_, which `resolve()` finds; the last answer is remembered, since most names of a part
  // share a prefix (w:) and a scope (the root's).
  template <typename Resolve>
  std::string_view cachedNamespace(std::string_view prefix, Resolve&& resolve) {
    if (scope_ != memo_scope_ || prefix != memo_prefix_) {
      memo_scope_ = scope_;
      memo_prefix_.assign(prefix);
      memo_uri_ = resolve();
    }
    return memo_uri_;
  }

  // The kind of namespace `uri`, remembered for the last URI asked (a view into the tree, so
  // the same declaration gives the same pointer).
  NsKind kindOf(std::string_view uri) {
    if (uri.data() != kind_memo_uri_.data() || uri.size() != kind_memo_uri_.size()) {
      kind_memo_uri_ = uri;
      kind_memo_ = classifyNamespace(uri);
    }
    return kind_memo_;
  }

  // Returns false when the subtree need not be walked further.
  bool visit(pugi::xml_node node) {
    const std::string_view qname = node.name();
    const std::string_view local = localName(qname);
    const std::string_view uri =
        cachedNamespace(qname.substr(0, qname.size() - local.size() - (local != qname)),
                        [&] { return NamespaceScopes::elementNamespace(scope_, node); });
    const NsKind kind = kindOf(uri);
    field_elements_seen_ = field_elements_seen_ || isFieldElement(local);

    if (kind == NsKind::kPresentation && local == "oleObj") {
      replaceOleFrame(node);
      return false;
    }
    AttributeScan scan = scanAttributes(node, local);
    // The rules below act only on what element_rules.h names (as the unchanged-part scan
    // relies on): anything else is walked through.
    if (scan.empty() && !elementHasRule(kind, local)) return true;
    if (!checkRelationshipReferences(node, kind, local, scan.dangling)) return false;
    // Cell formulas (in any SpreadsheetML namespace and part) are collected on the way and
    // judged with their shared groups after the walk.
    if (kind == NsKind::kSheet && local == "f") {
      formulas_.push_back(node);
      return false;  // text only
    }

    switch (kind) {
      case NsKind::kOffice:
        if (local == "OLEObject") return remove(node);
        sanitizeVmlAttributes(node);
        break;
      case NsKind::kVml:
        sanitizeVmlAttributes(node);
        break;
      case NsKind::kExcelVml:
        if (local == "FmlaMacro" || local == "FmlaTxbx") {
          log_.removed("macro-assignment", context_.name, std::string(node.text().get()));
          return remove(node);
        }
        break;
      case NsKind::kWord:
        if (local == "control" || local == "objectEmbed" || local == "objectLink") {
          log_.removed(local == "control" ? "activex" : "ole-object", context_.name);
          return remove(node);
        }
        if (local == "entryMacro" || local == "exitMacro") {
          log_.removed("macro-assignment", context_.name, node.attribute("w:val").value());
          return remove(node);
        }
        if (local == "mailMerge") {
          log_.removed("mail-merge", context_.name, "data source");
          return remove(node);
        }
        if (local == "attachedTemplate") {
          log_.removed("attached-template", context_.name);
          return remove(node);
        }
        break;
      case NsKind::kSheet:
        if (local == "webPublishItems" || local == "webPublishObjects" ||
            local == "webPublishing") {
          log_.removed("web-publishing", context_.name, "republishes to an outside path");
          return remove(node);
        }
        if (local == "oleObjects" || local == "controls") {
          log_.removed(local == "controls" ? "activex" : "ole-object", context_.name);
          return remove(node);
        }
        break;
      case NsKind::kPresentation:
        if (local == "control" || local == "controls") {
          log_.removed("activex", context_.name);
          return remove(node);
        }
        break;
      default:
        break;
    }
    if (!checkFormulas(node, kind, local, scan)) return false;
    if ((kind == NsKind::kDrawing || kind == NsKind::kPresentation) &&
        (local == "hlinkClick" || local == "hlinkHover" || local == "hlinkMouseOver")) {
      std::string_view action = node.attribute("action").value();
      if (!presentationActionAllowed(action)) {
        log_.neutralized("presentation-action", context_.name, std::string(action));
        return remove(node);
      }
    }
    return true;
  }

  // Handles attributes that point at relationships this part no longer has. Returns false
  // when the element itself was removed.
  bool checkRelationshipReferences(pugi::xml_node node, NsKind kind, std::string_view local,
                                   const std::vector<pugi::xml_attribute>& dangling) {
    if (dangling.empty()) return true;
    // Pictures keep their element (and other embedded/linked variant) without the reference.
    bool picture = (kind == NsKind::kDrawing && local == "blip") ||
                   (kind == NsKind::kVml && (local == "imagedata" || local == "fill" ||
                                             local == "stroke" || local == "textpath"));
    if (picture) {
      for (auto a : dangling) node.remove_attribute(a);
      return true;
    }
    if (kind == NsKind::kWord && local == "hyperlink") {
      edits_.unwrap(node);
      return true;
    }
    edits_.remove(node);
    return false;
  }

  // Formulas outside worksheet cells (conditional formats, validations, table columns, chart
  // series, VML and form-control links, shape text links) get the cell rules; shapes lose their
  // macro assignments. Returns false when the element was removed.
  bool checkFormulas(pugi::xml_node node, NsKind kind, std::string_view local,
                     const AttributeScan& scan) {
    for (auto a : scan.macros) {
      log_.removed("macro-assignment", context_.name, a.value());
      node.remove_attribute(a);
    }
    for (auto a : scan.textlinks) {
      if (formulaReachesOutside(a.value()) ||
          formulaLaunches(a.value(), context_.keep_hyperlinks)) {
        log_.removed("external-formula", context_.name, a.value());
        node.remove_attribute(a);
      }
    }
    if (!isFormulaElement(local) || kind == NsKind::kMath) return true;
    std::string_view text = node.text().get();
    if (!formulaReachesOutside(text) && !formulaLaunches(text, context_.keep_hyperlinks)) {
      return true;
    }
    log_.removed("external-formula", context_.name, std::string(text));
    pugi::xml_node rule = node.parent();
    std::string_view owner = localName(rule.name());
    edits_.remove(owner == "cfRule" || owner == "dataValidation" ? rule : node);
    return false;
  }

  // VML fetches pictures from `src` / `o:href` and follows `href` on click.
  void sanitizeVmlAttributes(pugi::xml_node node) {
    std::vector<pugi::xml_attribute> drop;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
      std::string_view local = localName(a.name());
      std::string_view attr_ns = NamespaceScopes::attributeNamespace(scope_, a);
      bool linked_picture =
          (attr_ns.empty() && local == "src") || (attr_ns == ns::kOffice && local == "href");
      if (linked_picture && *a.value() != '\0') {
        log_.removed("external-image", context_.name, a.value());
        drop.push_back(a);
      } else if (attr_ns.empty() && local == "href" && *a.value() != '\0') {
        bool browse = classifyLink(a.value()) == LinkVerdict::kBrowse;
        if (!browse || !context_.keep_hyperlinks) {
          log_.neutralized(browse ? "hyperlink" : "launch-link", context_.name, a.value());
          drop.push_back(a);
        }
      }
    }
    for (auto a : drop) node.remove_attribute(a);
  }

  bool remove(pugi::xml_node node) {
    edits_.remove(node);
    return false;
  }

  // An embedded OLE object on a slide becomes its preview picture when it has one.
  void replaceOleFrame(pugi::xml_node ole) {
    log_.removed("ole-object", context_.name);
    pugi::xml_node frame = ole;
    while (frame &&
           !(isPresentationNs(namespaceOf(frame)) && localName(frame.name()) == "graphicFrame")) {
      frame = frame.parent();
    }
    pugi::xml_node picture;
    for (pugi::xml_node c : ole.children()) {
      if (isPresentationNs(namespaceOf(c)) && localName(c.name()) == "pic") picture = c;
    }
    if (!frame) {
      edits_.remove(ole);
      return;
    }
    if (picture) {
      pugi::xml_node copy = frame.parent().insert_copy_before(picture, frame);
      copyFrameTransform(frame, copy);
      // The picture is sanitized like any other element.
      inserted_.push_back({copy, scopes_.scopeOf(copy.parent()), depthOf(copy)});
    }
    edits_.remove(frame);
  }

  // The preview picture takes the position of the frame it replaces.
  static void copyFrameTransform(pugi::xml_node frame, pugi::xml_node picture) {
    pugi::xml_node xfrm = childByLocal(frame, "xfrm");
    pugi::xml_node sp_pr = childByLocal(picture, "spPr");
    if (!xfrm || !sp_pr || childByLocal(sp_pr, "xfrm")) return;
    pugi::xml_node moved = sp_pr.prepend_copy(xfrm);
    // p:xfrm becomes a:xfrm, with the prefix its a:off / a:ext children already use.
    std::string_view first = xfrm.first_child().name();
    auto colon = first.find(':');
    std::string name = colon == std::string_view::npos
                           ? std::string("xfrm")
                           : std::string(first.substr(0, colon)) + ":xfrm";
    moved.set_name(name.c_str());
  }

  static pugi::xml_node childByLocal(pugi::xml_node parent, std::string_view local) {
    for (pugi::xml_node c : parent.children()) {
      if (c.type() == pugi::node_element && localName(c.name()) == local) return c;
    }
    return {};
  }

  void stripCoreProperties(pugi::xml_node root) {
    std::string dropped;
    for (pugi::xml_node c : root.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view local = localName(c.name());
      if (corePropertyKept(namespaceOf(c), local)) continue;
      if (!dropped.empty()) dropped += ",";
      dropped += std::string(local);
      edits_.remove(c);
    }
    if (!dropped.empty()) log_.removed("metadata", context_.name, dropped);
  }

  void stripExtendedProperties(pugi::xml_node root) {
    std::string dropped;
    for (pugi::xml_node c : root.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view local = localName(c.name());
      if (!extendedPropertyDropped(local, context_.remove_metadata)) continue;
      if (!dropped.empty()) dropped += ",";
      dropped += std::string(local);
      edits_.remove(c);
    }
    if (!dropped.empty()) log_.removed("metadata", context_.name, dropped);
  }

  // Containers the schemas require to have at least one child.
  void removeEmptyContainers(pugi::xml_node root) {
    std::vector<pugi::xml_node> empty;
    for (pugi::xml_node c : root.children()) {
      if (c.type() != pugi::node_element || !isSheetNs(namespaceOf(c))) continue;
      std::string_view local = localName(c.name());
      if (local == "sheets") continue;  // a workbook without sheets stays visibly broken
      if (isRequiredContainer(local) &&
          !c.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; })) {
        empty.push_back(c);
      }
    }
    for (auto node : empty) root.remove_child(node);
  }

  static uint64_t depthOf(pugi::xml_node element) {
    uint64_t depth = 0;
    for (pugi::xml_node n = element; n.type() == pugi::node_element; n = n.parent()) ++depth;
    return depth;
  }

  struct Pending {
    pugi::xml_node element;
    const NamespaceScopes::Scope* parent_scope;
    uint64_t depth;  // the root element is 1
  };

  const XmlPartContext& context_;
  Budget& budget_;
  ActionLog& log_;
  NodeEdits edits_;
  std::vector<Pending> pending_;   // elements still to visit
  std::vector<Pending> inserted_;  // elements visit() added to the tree, visited after it
  NamespaceScopes scopes_;
  std::vector<pugi::xml_node> formulas_;
  bool field_elements_seen_ = false;  // visit() met an element neutralizeFields() acts on
  const NamespaceScopes::Scope* scope_ = nullptr;       // of the element being visited
  const NamespaceScopes::Scope* memo_scope_ = nullptr;  // cachedNamespace()'s last question
  std::string memo_prefix_;
  std::string_view memo_uri_;          // and its answer
  std::string_view kind_memo_uri_;     // kindOf()'s last question
  NsKind kind_memo_ = NsKind::kOther;  // and its answer
};

}  // namespace

Status sanitizeXmlPart(pugi::xml_document& doc, const XmlPartContext& context, Budget& budget,
                       ActionLog& log) {
  return PartWalker(context, budget, log).run(doc);
}

}  // namespace sanso::sanitize::ooxml
