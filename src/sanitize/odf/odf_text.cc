// text method for OpenDocument: the text of content.xml in reading order.
#include <pugixml.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "odf/namespaces.h"
#include "odf/odf_sanitizer.h"
#include "odf/package.h"
#include "ooxml/xml_util.h"
#include "sanso/common/file_io.h"
#include "text/text_sanitizer.h"
#include "zip/zip_reader.h"

namespace sanso::sanitize::odf {
namespace {

using ooxml::localName;
using ooxml::NamespaceScopes;

// a * b + c, saturating: charged to the budget before text is repeated.
uint64_t repeatedBytes(uint64_t a, uint64_t b, uint64_t c = 0) {
  if (b != 0 && a > (UINT64_MAX - c) / b) return UINT64_MAX;
  return a * b + c;
}

// A repeat count from table:number-*-repeated; 1 when absent or malformed.
uint64_t repeatCount(pugi::xml_node node, const char* attribute) {
  const char* value = node.attribute(attribute).value();
  char* end = nullptr;
  unsigned long long n = std::strtoull(value, &end, 10);
  return (end == value || n == 0) ? 1 : n;
}

class TextExtractor {
 public:
  explicit TextExtractor(Budget& budget) : budget_(budget) {}

  // Text of the document body under `root` (office:document-content).
  Status document(pugi::xml_node root) {
    block(root, nullptr);
    return status_;
  }

  // A formula: its StarMath annotation, or the text of its MathML tokens.
  void formula(pugi::xml_node math) {
    std::string annotation;
    std::string tokens;
    collectMath(math, annotation, tokens);
    out_ = annotation.empty() ? tokens : annotation;
    if (!out_.empty()) out_ += '\n';
  }

  std::string& text() { return out_; }

 private:
  // Charges text made by repetition (spaces, repeated cells and rows) to the budget.
  bool charge(uint64_t bytes) {
    if (!status_.isOk()) return false;
    status_ = budget_.chargeExpanded(bytes, "content.xml");
    return status_.isOk();
  }

  void newline(std::string& out) {
    if (!out.empty() && out.back() != '\n') out += '\n';
  }

  static std::string_view uriOf(const NamespaceScopes::Scope* scope, pugi::xml_node node) {
    return NamespaceScopes::elementNamespace(scope, node);
  }

  // Elements whose content is not visible text (templates, declarations, deleted text,
  // comments, embedded objects, scripts).
  static bool skipped(std::string_view uri, std::string_view local) {
    if (uri == ns::kOffice) {
      return local == "annotation" || local == "scripts" || local == "forms" ||
             local == "event-listeners" || local == "binary-data";
    }
    if (uri == ns::kText) {
      return local == "tracked-changes" || local == "note-citation" || local.ends_with("-decls") ||
             local.ends_with("-source") || local == "script" || local == "deletion";
    }
    if (uri == ns::kTable) {
      return local == "named-expressions" || local == "database-ranges" ||
             local == "content-validations" || local == "dde-links" ||
             local == "data-pilot-tables" || local == "shapes";
    }
    if (uri == ns::kDraw) return local == "object" || local == "object-ole";
    if (uri == ns::kPresentation) return local == "notes";
    if (uri == ns::kSvg) return local == "title" || local == "desc";
    return false;
  }

  // Block-level walk: paragraphs, headings, lists, tables, pages.
  void block(pugi::xml_node node, const NamespaceScopes::Scope* parent_scope) {
    const NamespaceScopes::Scope* scope = scopes_.enter(node, parent_scope);
    for (pugi::xml_node c = node.first_child(); c && status_.isOk(); c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const NamespaceScopes::Scope* child_scope = scopes_.enter(c, scope);
      std::string_view uri = uriOf(child_scope, c);
      std::string_view local = localName(c.name());
      if (skipped(uri, local)) continue;
      if (uri == ns::kText && (local == "p" || local == "h")) {
        newline(out_);
        inline_(c, scope, out_);
        newline(out_);
      } else if (uri == ns::kTable && local == "table") {
        table(c, scope);
      } else if (uri == ns::kDraw && local == "page") {
        newline(out_);
        out_ += "--- " + std::to_string(++pages_) + " ---\n";
        block(c, scope);
      } else {
        block(c, scope);
      }
    }
  }

  // Inline content of a paragraph; frames and notes inside it add their paragraphs after.
  void inline_(pugi::xml_node node, const NamespaceScopes::Scope* parent_scope, std::string& out) {
    const NamespaceScopes::Scope* scope = scopes_.enter(node, parent_scope);
    for (pugi::xml_node c = node.first_child(); c && status_.isOk(); c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        out += c.value();
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      const NamespaceScopes::Scope* child_scope = scopes_.enter(c, scope);
      std::string_view uri = uriOf(child_scope, c);
      std::string_view local = localName(c.name());
      if (skipped(uri, local)) continue;
      if (uri == ns::kText && local == "s") {
        uint64_t n = repeatCount(c, "text:c");
        if (!charge(n)) return;
        out.append(static_cast<size_t>(n), ' ');
      } else if (uri == ns::kText && local == "tab") {
        out += '\t';
      } else if (uri == ns::kText && local == "line-break") {
        out += '\n';
      } else if (uri == ns::kText && (local == "p" || local == "h")) {
        newline(out);
        inline_(c, scope, out);
        newline(out);
      } else if (uri == ns::kTable && local == "table") {
        newline(out);
        std::string saved;
        saved.swap(out_);
        table(c, scope);
        saved.swap(out_);
        out += saved;
      } else {
        inline_(c, scope, out);
      }
    }
  }

  void table(pugi::xml_node table, const NamespaceScopes::Scope* parent_scope) {
    newline(out_);
    const char* name = table.attribute("table:name").value();
    if (*name != '\0') out_ += "## " + std::string(name) + "\n";
    rows(table, parent_scope);
  }

  // Rows of a table, also inside row groups and headers; one line per row, cells tab-separated.
  void rows(pugi::xml_node node, const NamespaceScopes::Scope* parent_scope) {
    const NamespaceScopes::Scope* scope = scopes_.enter(node, parent_scope);
    for (pugi::xml_node c = node.first_child(); c && status_.isOk(); c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const NamespaceScopes::Scope* child_scope = scopes_.enter(c, scope);
      if (uriOf(child_scope, c) != ns::kTable) continue;
      std::string_view local = localName(c.name());
      if (local == "table-row") {
        std::string line = row(c, scope);
        if (line.empty()) {
          out_ += '\n';  // empty rows, however often repeated, are one blank line
          continue;
        }
        uint64_t repeat = repeatCount(c, "table:number-rows-repeated");
        if (!charge(repeatedBytes(line.size() + 1, repeat))) return;
        for (uint64_t i = 0; i < repeat; ++i) out_ += line + "\n";
      } else if (local == "table-rows" || local == "table-header-rows" ||
                 local == "table-row-group") {
        rows(c, scope);
      }
    }
  }

  std::string row(pugi::xml_node row, const NamespaceScopes::Scope* parent_scope) {
    const NamespaceScopes::Scope* scope = scopes_.enter(row, parent_scope);
    std::string line;
    uint64_t pending_tabs = 0;  // separators not yet written: trailing empty cells never are
    bool first = true;
    for (pugi::xml_node c = row.first_child(); c && status_.isOk(); c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view local = localName(c.name());
      if (local != "table-cell" && local != "covered-table-cell") continue;
      std::string cell;
      inline_(c, scope, cell);
      while (!cell.empty() && cell.back() == '\n') cell.pop_back();
      std::replace(cell.begin(), cell.end(), '\n', ' ');
      std::replace(cell.begin(), cell.end(), '\t', ' ');
      uint64_t repeat = repeatCount(c, "table:number-columns-repeated");
      if (cell.empty()) {
        // A run of empty cells, often to the sheet's edge: counted, written only if text follows.
        pending_tabs = repeatedBytes(1, repeat - (first ? 1 : 0), pending_tabs);
        first = false;
        continue;
      }
      if (!charge(repeatedBytes(cell.size() + 1, repeat, pending_tabs))) return line;
      for (uint64_t i = 0; i < repeat; ++i) {
        if (!first) ++pending_tabs;
        first = false;
        line.append(static_cast<size_t>(pending_tabs), '\t');
        pending_tabs = 0;
        line += cell;
      }
    }
    return line;
  }

  void collectMath(pugi::xml_node node, std::string& annotation, std::string& tokens) {
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        tokens += c.value();
      } else if (c.type() == pugi::node_element) {
        if (localName(c.name()) == "annotation") {
          annotation += c.text().get();
        } else {
          collectMath(c, annotation, tokens);
        }
      }
    }
  }

  Budget& budget_;
  NamespaceScopes scopes_;
  std::string out_;
  int pages_ = 0;
  Status status_;
};

}  // namespace

Result<FileType> odfToText(Job& job) {
  SANSO_ASSIGN_OR_RETURN(zip::Reader zip, zip::Reader::open(job.input, job.budget));
  SANSO_ASSIGN_OR_RETURN(PackageInfo info, readPackageInfo(zip, job.budget));
  if (info.encrypted) return Status::blocked("encrypted", "the document is encrypted");
  const zip::Entry* entry = zip.find("content.xml");
  if (entry == nullptr || entry->name != "content.xml") {
    return Status::blocked("malformed-odf", "no content.xml");
  }
  SANSO_ASSIGN_OR_RETURN(std::string xml, zip.read(*entry, job.budget));
  pugi::xml_document doc;
  SANSO_RETURN_IF_ERROR(ooxml::parseXml(xml, doc, job.budget, "content.xml").status());
  TextExtractor extractor(job.budget);
  pugi::xml_node root = doc.document_element();
  if (ooxml::namespaceOf(root) == ns::kMath) {
    extractor.formula(root);
  } else {
    SANSO_RETURN_IF_ERROR(extractor.document(root));
  }
  uint64_t removed = 0;
  std::string clean = text::stripControls(extractor.text(), removed);
  if (removed > 0) {
    job.log.removed("control-characters", "text", std::to_string(removed) + " characters");
  }
  SANSO_RETURN_IF_ERROR(writeFile(job.output_path, asBytes(clean)));
  return FileType::kText;
}

}  // namespace sanso::sanitize::odf
