// SpreadsheetML specifics: auto-run names, sheets removed with macro sheets, external formulas.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <vector>

#include "action_log.h"
#include "ooxml/node_edits.h"

namespace sanso::sanitize::ooxml {

// In a workbook part: marks Auto_Open-style and external defined names for removal and
// renumbers sheet-local names and views after the sheets already marked in `edits`.
void sanitizeWorkbook(pugi::xml_node root, std::string_view sheet_ns, NodeEdits& edits,
                      ActionLog& log, const std::string& where);

// For the <f> elements of a worksheet part (collected by the caller's walk): marks formulas that
// reach outside the workbook (DDE "app|topic!item", external workbook references "[1]", WEBSERVICE,
// CALL, REGISTER, EXEC, RTD) for removal; the cached value stays. HYPERLINK formulas whose target
// launches, is computed, or (when `keep_hyperlinks` is false) browses go the same way. Shared
// formula groups go together.
void sanitizeFormulas(const std::vector<pugi::xml_node>& formulas, bool keep_hyperlinks,
                      NodeEdits& edits, ActionLog& log, const std::string& where);

// True when a formula reaches outside the workbook or calls a function that can run code.
bool formulaReachesOutside(std::string_view formula);
// True when a formula's HYPERLINK call must not stay (see sanitizeFormulas).
bool formulaLaunches(std::string_view formula, bool keep_hyperlinks);

}  // namespace sanso::sanitize::ooxml
