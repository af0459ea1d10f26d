#include "ooxml/spreadsheet.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "link_policy.h"
#include "ooxml/xml_util.h"

namespace sanso::sanitize::ooxml {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Names Excel runs on open, close or activation (with or without the _xlnm. prefix, and with
// any suffix: Excel also runs "Auto_Open1"). LibreOffice writes built-in names as
// "Excel_BuiltIn_<name>" (a converted .xls macro sheet's Auto_Open) and reads them back as the
// built-in, so that spelling counts too.
bool isAutoRunName(std::string_view name) {
  std::string n = upper(name);
  if (n.starts_with("_XLNM.")) n.erase(0, 6);
  if (n.starts_with("EXCEL_BUILTIN_")) n.erase(0, 14);
  for (std::string_view prefix : {"AUTO_OPEN", "AUTO_CLOSE", "AUTO_ACTIVATE", "AUTO_DEACTIVATE"}) {
    if (n.starts_with(prefix)) return true;
  }
  return false;
}

// A formula split into what Excel evaluates and the string literals it carries: `code` is
// upper-cased, without whitespace, with each "literal" replaced by \x01; 'quoted sheet names'
// stay in the code (a " inside them is part of the name, not a string).
struct FormulaScan {
  std::string code;
  std::vector<std::string> literals;
};

FormulaScan scanFormula(std::string_view formula) {
  FormulaScan scan;
  enum class State { kCode, kString, kQuotedName } state = State::kCode;
  std::string literal;
  for (size_t i = 0; i < formula.size(); ++i) {
    char c = formula[i];
    bool doubled = i + 1 < formula.size() && formula[i + 1] == c;
    switch (state) {
      case State::kCode:
        if (c == '"') {
          state = State::kString;
          literal.clear();
        } else if (!std::isspace(static_cast<unsigned char>(c))) {
          if (c == '\'') state = State::kQuotedName;
          scan.code.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
        break;
      case State::kString:
        if (c == '"' && doubled) {
          literal.push_back('"');
          ++i;
        } else if (c == '"') {
          scan.code.push_back('\x01');
          scan.literals.push_back(literal);
          state = State::kCode;
        } else {
          literal.push_back(c);
        }
        break;
      case State::kQuotedName:
        scan.code.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        if (c == '\'' && doubled) {
          scan.code.push_back('\'');
          ++i;
        } else if (c == '\'') {
          state = State::kCode;
        }
        break;
    }
  }
  if (state == State::kString) scan.literals.push_back(literal);  // unterminated: still judged
  return scan;
}

}  // namespace

bool formulaLaunches(std::string_view formula, bool keep_hyperlinks) {
  FormulaScan scan = scanFormula(formula);
  for (size_t pos = scan.code.find("HYPERLINK("); pos != std::string::npos;
       pos = scan.code.find("HYPERLINK(", pos + 1)) {
    size_t arg = pos + 10;
    if (arg >= scan.code.size() || scan.code[arg] != '\x01') return true;  // computed target
    if (!keep_hyperlinks) return true;
    size_t index = static_cast<size_t>(std::count(
        scan.code.begin(), scan.code.begin() + static_cast<std::ptrdiff_t>(arg), '\x01'));
    const std::string& target = scan.literals.at(index);
    if (!target.empty() && target.front() == '#') continue;  // a jump inside the workbook
    if (target.empty() || classifyLink(target) == LinkVerdict::kLaunch) return true;
  }
  return false;
}

bool formulaReachesOutside(std::string_view formula) {
  std::string code = scanFormula(formula).code;
  // DDE: application|topic!item, also with quoted parts 'cmd'|'/c calc'!A0.
  if (code.find('|') != std::string::npos) return true;
  // External workbook references: [1]Sheet!A1 or 'C:\path\[book.xlsx]Sheet'!A1.
  for (size_t pos = code.find('['); pos != std::string::npos; pos = code.find('[', pos + 1)) {
    size_t close = code.find(']', pos);
    if (close == std::string::npos) return true;
    std::string_view inside = std::string_view(code).substr(pos + 1, close - pos - 1);
    // Structured table references ([#This Row], [Column]) stay inside the workbook; workbook
    // indexes are digits and paths contain a dot, slash or colon.
    bool digits = !inside.empty();
    for (char c : inside) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (digits || inside.find('.') != std::string_view::npos ||
        inside.find('/') != std::string_view::npos || inside.find(':') != std::string_view::npos ||
        inside.find('\\') != std::string_view::npos) {
      return true;
    }
  }
  for (std::string_view function : {"WEBSERVICE(", "CALL(", "REGISTER(", "REGISTER.ID(", "EXEC(",
                                    "RTD(", "FOPEN(", "FWRITE(", "URLDOWNLOADTOFILE"}) {
    if (code.find(function) != std::string::npos) return true;
  }
  return false;
}

void sanitizeWorkbook(pugi::xml_node root, std::string_view sheet_ns, NodeEdits& edits,
                      ActionLog& log, const std::string& where) {
  // Sheet positions before and after the removals already decided.
  std::map<int, int> new_index;
  int old_position = 0;
  int kept = 0;
  for (pugi::xml_node sheets : root.children()) {
    if (!isElement(sheets, sheet_ns, "sheets")) continue;
    for (pugi::xml_node sheet : sheets.children()) {
      if (!isElement(sheet, sheet_ns, "sheet")) continue;
      if (!edits.marked(sheet)) new_index[old_position] = kept++;
      ++old_position;
    }
  }
  for (pugi::xml_node names : root.children()) {
    if (!isElement(names, sheet_ns, "definedNames")) continue;
    for (pugi::xml_node name : names.children()) {
      if (!isElement(name, sheet_ns, "definedName")) continue;
      std::string_view label = name.attribute("name").value();
      if (isAutoRunName(label)) {
        edits.remove(name);
        log.removed("auto-run-name", where, std::string(label));
        continue;
      }
      if (formulaReachesOutside(name.text().get())) {
        edits.remove(name);
        log.removed("external-reference", where, "defined name " + std::string(label));
        continue;
      }
      if (pugi::xml_attribute local = name.attribute("localSheetId")) {
        auto it = new_index.find(local.as_int(-1));
        if (it == new_index.end()) {
          edits.remove(name);
        } else {
          local.set_value(it->second);
        }
      }
    }
  }
  if (kept == old_position) return;
  for (pugi::xml_node views : root.children()) {
    if (!isElement(views, sheet_ns, "bookViews")) continue;
    for (pugi::xml_node view : views.children()) {
      for (const char* attr : {"activeTab", "firstSheet"}) {
        if (pugi::xml_attribute a = view.attribute(attr)) a.set_value(0);
      }
    }
  }
}

void sanitizeFormulas(const std::vector<pugi::xml_node>& formulas, bool keep_hyperlinks,
                      NodeEdits& edits, ActionLog& log, const std::string& where) {
  std::set<std::string> bad_groups;
  for (pugi::xml_node f : formulas) {
    bool outside = formulaReachesOutside(f.text().get());
    bool launches = !outside && formulaLaunches(f.text().get(), keep_hyperlinks);
    if (!outside && !launches) continue;
    edits.remove(f);
    if (outside) {
      log.removed("external-formula", where, f.text().get());
    } else {
      log.neutralized("launch-link", where, f.text().get());
    }
    if (std::string_view(f.attribute("t").value()) == "shared") {
      bad_groups.insert(f.attribute("si").value());
    }
  }
  if (bad_groups.empty()) return;
  for (pugi::xml_node f : formulas) {
    if (std::string_view(f.attribute("t").value()) == "shared" &&
        bad_groups.count(f.attribute("si").value()) != 0) {
      edits.remove(f);
    }
  }
}

}  // namespace sanso::sanitize::ooxml
