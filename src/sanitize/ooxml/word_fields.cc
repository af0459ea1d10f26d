#include "ooxml/word_fields.h"

#include <cctype>
#include <set>
#include <vector>

#include "link_policy.h"
#include "ooxml/element_rules.h"
#include "ooxml/xml_util.h"

namespace sanso::sanitize::ooxml {
namespace {

// Field types that only compute text from the document itself.
const std::set<std::string, std::less<>>& allowedTypes() {
  static const std::set<std::string, std::less<>> kAllowed = {
      "=",
      "ADVANCE",
      "ASK",
      "AUTHOR",
      "AUTONUM",
      "AUTONUMLGL",
      "AUTONUMOUT",
      "AUTOTEXT",
      "AUTOTEXTLIST",
      "BARCODE",
      "BIBLIOGRAPHY",
      "BIDIOUTLINE",
      "CITATION",
      "COMMENTS",
      "COMPARE",
      "CREATEDATE",
      "DATE",
      "DISPLAYBARCODE",
      "DOCPROPERTY",
      "DOCVARIABLE",
      "EDITTIME",
      "EQ",
      "FILENAME",
      "FILESIZE",
      "FILLIN",
      "FORMCHECKBOX",
      "FORMDROPDOWN",
      "FORMTEXT",
      "GOTOBUTTON",
      "GREETINGLINE",
      "HYPERLINK",
      "IF",
      "INDEX",
      "INFO",
      "KEYWORDS",
      "LASTSAVEDBY",
      "LISTNUM",
      "MERGEFIELD",
      "MERGEREC",
      "MERGESEQ",
      "NEXT",
      "NEXTIF",
      "NOTEREF",
      "NUMCHARS",
      "NUMPAGES",
      "NUMWORDS",
      "PAGE",
      "PAGEREF",
      "PRINTDATE",
      "QUOTE",
      "REF",
      "REVNUM",
      "SAVEDATE",
      "SECTION",
      "SECTIONPAGES",
      "SEQ",
      "SET",
      "SKIPIF",
      "STYLEREF",
      "SUBJECT",
      "SYMBOL",
      "TA",
      "TC",
      "TEMPLATE",
      "TIME",
      "TITLE",
      "TOA",
      "TOC",
      "USERADDRESS",
      "USERINITIALS",
      "USERNAME",
      "XE",
      "ADDRESSBLOCK",
  };
  return kAllowed;
}

std::string reportWhat(const std::string& type) {
  if (type == "DDE" || type == "DDEAUTO") return "dde-field";
  if (type == "INCLUDETEXT" || type == "INCLUDEPICTURE" || type == "INCLUDE")
    return "include-field";
  if (type == "IMPORT") return "import-field";
  if (type == "LINK") return "link-field";
  if (type == "HYPERLINK") return "hyperlink-field";
  return "field";
}

// The first argument of a HYPERLINK instruction, unquoted; empty for \l-only links.
std::string hyperlinkTarget(std::string_view instruction) {
  size_t pos = instruction.find_first_not_of(" \t\r\n");
  pos += 9;  // "HYPERLINK"
  while (pos < instruction.size()) {
    while (pos < instruction.size() && std::isspace(static_cast<unsigned char>(instruction[pos]))) {
      ++pos;
    }
    if (pos >= instruction.size()) break;
    if (instruction[pos] == '\\') {
      // A switch; only \l (bookmark), \o (tooltip) and \t (frame) take an argument.
      char name =
          pos + 1 < instruction.size()
              ? static_cast<char>(std::tolower(static_cast<unsigned char>(instruction[pos + 1])))
              : '\0';
      pos += 2;
      if (name != 'l' && name != 'o' && name != 't') continue;
      while (pos < instruction.size() &&
             std::isspace(static_cast<unsigned char>(instruction[pos]))) {
        ++pos;
      }
      if (pos < instruction.size() && instruction[pos] == '"') {
        size_t close = instruction.find('"', pos + 1);
        pos = close == std::string_view::npos ? instruction.size() : close + 1;
      } else {
        while (pos < instruction.size() &&
               !std::isspace(static_cast<unsigned char>(instruction[pos]))) {
          ++pos;
        }
      }
      continue;
    }
    if (instruction[pos] == '"') {
      size_t close = instruction.find('"', pos + 1);
      return std::string(instruction.substr(
          pos + 1, (close == std::string_view::npos ? instruction.size() : close) - pos - 1));
    }
    size_t end = pos;
    while (end < instruction.size() &&
           !std::isspace(static_cast<unsigned char>(instruction[end]))) {
      ++end;
    }
    return std::string(instruction.substr(pos, end - pos));
  }
  return {};
}

struct OpenField {
  pugi::xml_node begin_run;
  std::string instruction;
  bool in_code = true;
  bool nested_before_type = false;  // a nested field started before any literal code text
  bool nested = false;              // a nested field computes part of the instruction
  std::vector<pugi::xml_node> code_runs;
};

class FieldWalker {
 public:
  FieldWalker(std::string_view word_ns, const FieldPolicy& policy, NodeEdits& edits, ActionLog& log,
              const std::string& where)
      : ns_(word_ns), policy_(policy), edits_(edits), log_(log), where_(where) {}

  // Visits the elements under `root` (itself included) in document order, with their namespace
  // scopes: no allocation per node, and no climb to the root per element.
  void walk(pugi::xml_node root) {
    std::vector<const NamespaceScopes::Scope*> parents;  // scope of each open ancestor
    pugi::xml_node node = root;
    while (node) {
      if (node.type() == pugi::node_element) {
        const auto* scope = scopes_.enter(node, parents.empty() ? nullptr : parents.back());
        visit(node, scope);
        if (pugi::xml_node child = node.first_child()) {
          parents.push_back(scope);
          node = child;
          continue;
        }
      }
      while (node != root && !node.next_sibling()) {
        node = node.parent();
        parents.pop_back();
      }
      node = node == root ? pugi::xml_node() : node.next_sibling();
    }
    // Fields never closed: judge what was collected.
    while (!open_.empty()) finish(pugi::xml_node());
  }

 private:
  void visit(pugi::xml_node node, const NamespaceScopes::Scope* scope) {
    const std::string_view local = localName(node.name());
    if (local != "r" && !isFieldElement(local)) return;
    if (NamespaceScopes::elementNamespace(scope, node) != ns_) return;
    if (local == "r") {
      for (auto& field : open_) {
        if (field.in_code) field.code_runs.push_back(node);
      }
      return;
    }
    if (local == "fldSimple") {
      std::string instruction = findAttribute(node, ns_, "instr").value();
      if (!fieldAllowed(instruction, policy_)) {
        edits_.unwrap(node);
        log_.neutralized(reportWhat(fieldType(instruction)), where_, fieldType(instruction));
      }
      return;
    }
    if (local == "instrText" || local == "delInstrText") {
      if (open_.empty()) {
        edits_.remove(node);
        log_.neutralized("field", where_, "instruction outside a field");
        return;
      }
      OpenField& top = open_.back();
      if (top.in_code) top.instruction += node.text().get();
      return;
    }
    std::string_view kind = findAttribute(node, ns_, "fldCharType").value();
    if (kind == "begin") {
      if (!open_.empty() && open_.back().in_code) {
        open_.back().nested = true;
        if (fieldType(open_.back().instruction).empty()) open_.back().nested_before_type = true;
      }
      OpenField field;
      field.begin_run = node.parent();
      field.code_runs.push_back(node.parent());
      open_.push_back(std::move(field));
    } else if (kind == "separate") {
      if (open_.empty()) {
        edits_.remove(node);
        log_.add("repaired", "field-structure", where_, "separator outside a field");
      } else {
        open_.back().in_code = false;
      }
    } else if (kind == "end") {
      if (open_.empty()) {
        edits_.remove(node);
        log_.add("repaired", "field-structure", where_, "end outside a field");
      } else {
        finish(node);
      }
    }
  }

  void finish(pugi::xml_node end) {
    OpenField field = std::move(open_.back());
    open_.pop_back();
    std::string type = fieldType(field.instruction);
    // A link whose target a nested field computes cannot be judged: it goes.
    bool computed_link = field.nested && type == "HYPERLINK";
    if (!field.nested_before_type && !computed_link && fieldAllowed(field.instruction, policy_)) {
      return;
    }
    for (pugi::xml_node run : field.code_runs) edits_.remove(run);
    if (end) edits_.remove(end);
    log_.neutralized(reportWhat(type), where_, type.empty() ? "(computed field type)" : type);
  }

  std::string_view ns_;
  const FieldPolicy& policy_;
  NodeEdits& edits_;
  ActionLog& log_;
  const std::string& where_;
  std::vector<OpenField> open_;
  NamespaceScopes scopes_;  // of the elements visited
};

}  // namespace

std::string fieldType(std::string_view instruction) {
  size_t start = instruction.find_first_not_of(" \t\r\n\f\v");
  if (start == std::string_view::npos) return {};
  if (instruction[start] == '=') return "=";
  size_t end = start;
  while (end < instruction.size()) {
    char c = instruction[end];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '\\' || c == '"') break;
    ++end;
  }
  std::string type(instruction.substr(start, end - start));
  for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return type;
}

bool fieldAllowed(std::string_view instruction, const FieldPolicy& policy) {
  std::string type = fieldType(instruction);
  if (allowedTypes().count(type) == 0) return false;
  if (type != "HYPERLINK") return true;
  std::string target = hyperlinkTarget(instruction);
  if (target.empty()) return true;  // a jump inside the document (\l bookmark)
  return policy.keep_hyperlinks && classifyLink(target) == LinkVerdict::kBrowse;
}

void neutralizeFields(pugi::xml_node root, std::string_view word_ns, const FieldPolicy& policy,
                      NodeEdits& edits, ActionLog& log, const std::string& where) {
  FieldWalker(word_ns, policy, edits, log, where).walk(root);
}

}  // namespace sanso::sanitize::ooxml
