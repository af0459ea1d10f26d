// text method for OOXML: the visible text of documents, workbooks and presentations.
#include <algorithm>
#include <map>
#include <vector>

#include "ooxml/namespaces.h"
#include "ooxml/ooxml_sanitizer.h"
#include "ooxml/package.h"
#include "ooxml/part_policy.h"
#include "ooxml/xml_util.h"
#include "sanso/common/file_io.h"
#include "text/text_sanitizer.h"
#include "zip/zip_reader.h"

namespace sanso::sanitize::ooxml {
namespace {

class PackageText {
 public:
  PackageText(const zip::Reader& zip, Budget& budget) : zip_(zip), budget_(budget) {}

  // Internal targets of `source`'s relationships of `kind`, in document order, keyed by id.
  Result<std::map<std::string, std::string>> targets(const std::string& source,
                                                      std::string_view kind) {
    std::map<std::string, std::string> out;
    const zip::Entry* entry = zip_.find(relsPartFor(source));
    if (entry == nullptr) return out;
    SANSO_ASSIGN_OR_RETURN(std::string xml, zip_.read(*entry, budget_));
    SANSO_ASSIGN_OR_RETURN(auto rels, parseRelationships(xml, budget_, entry->name));
    for (const auto& rel : rels) {
      if (rel.external || relationshipKind(rel.type) != kind) continue;
      std::string part = resolveTarget(source, rel.target);
      if (!part.empty() && zip_.find(part) != nullptr) out[rel.id] = zip_.find(part)->name;
    }
    return out;
  }

  Result<std::string> mainPart() {
    SANSO_ASSIGN_OR_RETURN(auto mains, targets("", "officeDocument"));
    if (mains.empty()) return Status::blocked("malformed-ooxml", "no main document part");
    return mains.begin()->second;
  }

  Status load(const std::string& part, pugi::xml_document& doc) {
    const zip::Entry* entry = zip_.find(part);
    if (entry == nullptr) return Status::blocked("malformed-ooxml", "missing part " + part);
    SANSO_ASSIGN_OR_RETURN(std::string xml, zip_.read(*entry, budget_));
    return parseXml(xml, doc, budget_, part).status();
  }

  Budget& budget() { return budget_; }

 private:
  const zip::Reader& zip_;
  Budget& budget_;
};

// Visits elements of `root` in document order.
template <typename Visit>
void forEachElement(pugi::xml_node root, Visit&& visit) {
  std::vector<pugi::xml_node> stack{root};
  while (!stack.empty()) {
    pugi::xml_node node = stack.back();
    stack.pop_back();
    if (!visit(node)) continue;
    std::vector<pugi::xml_node> children;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) children.push_back(c);
    }
    for (auto c = children.rbegin(); c != children.rend(); ++c) stack.push_back(*c);
  }
}

// Paragraph text of WordprocessingML or DrawingML: runs, tabs, breaks; deleted text and field
// instructions are skipped.
std::string paragraphsText(pugi::xml_node root) {
  std::string out;
  forEachElement(root, [&](pugi::xml_node node) {
    std::string_view local = localName(node.name());
    if (local == "delText" || local == "instrText" || local == "delInstrText") return false;
    if (local == "t") {
      out += node.text().get();
    } else if (local == "tab") {
      out += '\t';
    } else if (local == "br" || local == "cr") {
      out += '\n';
    } else if (local == "p") {
      if (!out.empty() && out.back() != '\n') out += '\n';
    }
    return true;
  });
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

Result<std::string> wordText(PackageText& pkg) {
  SANSO_ASSIGN_OR_RETURN(std::string main, pkg.mainPart());
  pugi::xml_document doc;
  SANSO_RETURN_IF_ERROR(pkg.load(main, doc));
  return paragraphsText(doc.document_element());
}

Result<std::string> presentationText(PackageText& pkg) {
  SANSO_ASSIGN_OR_RETURN(std::string main, pkg.mainPart());
  pugi::xml_document doc;
  SANSO_RETURN_IF_ERROR(pkg.load(main, doc));
  SANSO_ASSIGN_OR_RETURN(auto slides, pkg.targets(main, "slide"));
  std::string out;
  int number = 0;
  forEachElement(doc.document_element(), [&](pugi::xml_node node) {
    if (localName(node.name()) != "sldId") return true;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
      if (localName(a.name()) != "id" || namespaceOf(a, node).empty()) continue;
      auto it = slides.find(a.value());
      if (it == slides.end()) continue;
      pugi::xml_document slide;
      if (!pkg.load(it->second, slide).isOk()) continue;
      out += "--- " + std::to_string(++number) + " ---\n";
      out += paragraphsText(slide.document_element());
    }
    return false;
  });
  return out;
}

// "AB12" -> 27 (zero-based column index); -1 when malformed.
int columnIndex(std::string_view ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > 16384) return -1;
  }
  return i == 0 ? -1 : col - 1;
}

Result<std::string> workbookText(PackageText& pkg) {
  SANSO_ASSIGN_OR_RETURN(std::string main, pkg.mainPart());
  pugi::xml_document workbook;
  SANSO_RETURN_IF_ERROR(pkg.load(main, workbook));
  SANSO_ASSIGN_OR_RETURN(auto sheets, pkg.targets(main, "worksheet"));
  SANSO_ASSIGN_OR_RETURN(auto shared_parts, pkg.targets(main, "sharedStrings"));
  std::vector<std::string> shared;
  if (!shared_parts.empty()) {
    pugi::xml_document sst;
    SANSO_RETURN_IF_ERROR(pkg.load(shared_parts.begin()->second, sst));
    for (pugi::xml_node si : sst.document_element().children()) {
      if (localName(si.name()) != "si") continue;
      std::string text;
      forEachElement(si, [&](pugi::xml_node n) {
        std::string_view local = localName(n.name());
        if (local == "rPh" || local == "phoneticPr") return false;  // furigana guides
        if (local == "t") text += n.text().get();
        return true;
      });
      shared.push_back(std::move(text));
    }
  }
  std::string out;
  Status status = Status::ok();
  forEachElement(workbook.document_element(), [&](pugi::xml_node node) {
    if (localName(node.name()) != "sheet") return true;
    for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
      if (localName(a.name()) != "id" || namespaceOf(a, node).empty()) continue;
      auto it = sheets.find(a.value());
      if (it == sheets.end()) continue;
      pugi::xml_document sheet;
      if (!pkg.load(it->second, sheet).isOk()) continue;
      out += "## " + std::string(node.attribute("name").value()) + "\n";
      forEachElement(sheet.document_element(), [&](pugi::xml_node row) {
        if (localName(row.name()) != "row") return true;
        std::string line;
        int last_col = -1;  // cells are tab-separated at their column positions
        for (pugi::xml_node c : row.children()) {
          if (localName(c.name()) != "c") continue;
          int col = columnIndex(c.attribute("r").value());
          if (col <= last_col) col = last_col + 1;
          line.append(static_cast<size_t>(col - std::max(last_col, 0)), '\t');
          last_col = col;
          std::string_view type = c.attribute("t").value();
          std::string value;
          if (type == "inlineStr") {
            forEachElement(c, [&](pugi::xml_node n) {
              if (localName(n.name()) == "t") value += n.text().get();
              return true;
            });
          } else {
            for (pugi::xml_node v : c.children()) {
              if (localName(v.name()) == "v") value = v.text().get();
            }
            if (type == "s") {
              size_t index = static_cast<size_t>(std::strtoul(value.c_str(), nullptr, 10));
              value = index < shared.size() ? shared[index] : std::string();
            }
          }
          line += value;
        }
        out += line + "\n";
        return false;
      });
    }
    return false;
  });
  SANSO_RETURN_IF_ERROR(status);
  return out;
}

}  // namespace

Result<FileType> ooxmlToText(Job& job) {
  SANSO_ASSIGN_OR_RETURN(zip::Reader zip, zip::Reader::open(job.input, job.budget));
  PackageText pkg(zip, job.budget);
  Result<std::string> text = Status::internal("unhandled OOXML type");
  switch (job.type) {
    case FileType::kDocx: case FileType::kDocm: case FileType::kDotx: case FileType::kDotm:
      text = wordText(pkg);
      break;
    case FileType::kXlsx: case FileType::kXlsm: case FileType::kXltx: case FileType::kXltm:
      text = workbookText(pkg);
      break;
    default:
      text = presentationText(pkg);
      break;
  }
  if (!text.isOk()) return text.status();
  uint64_t removed = 0;
  std::string clean = text::stripControls(*text, removed);
  if (removed > 0) {
    job.log.removed("control-characters", "text", std::to_string(removed) + " characters");
  }
  SANSO_RETURN_IF_ERROR(writeFile(job.output_path, asBytes(clean)));
  return FileType::kText;
}

}  // namespace sanso::sanitize::ooxml
