// Word field codes: only allowlisted field types survive; every other field (DDE, DDEAUTO,
// INCLUDETEXT, INCLUDEPICTURE, IMPORT, LINK, MACROBUTTON, DATABASE...) loses its code and
// keeps its last displayed result as plain text.
#pragma once

#include <pugixml.hpp>

#include <string>

#include "action_log.h"
#include "ooxml/node_edits.h"

namespace sanso::sanitize::ooxml {

struct FieldPolicy {
  bool keep_hyperlinks = true;
};

// Finds fields in a WordprocessingML part (simple and complex, split across runs and
// paragraphs, nested) and marks the code of disallowed ones in `edits`.
void neutralizeFields(pugi::xml_node root, std::string_view word_ns, const FieldPolicy& policy,
                      NodeEdits& edits, ActionLog& log, const std::string& where);

// The upper-case field type of an instruction (" DDEAUTO c:\\x " -> "DDEAUTO").
std::string fieldType(std::string_view instruction);
// True when a field with this instruction may stay (type allowlisted, link targets browse).
bool fieldAllowed(std::string_view instruction, const FieldPolicy& policy);

}  // namespace sanso::sanitize::ooxml
