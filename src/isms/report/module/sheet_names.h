// Worksheet names that Excel accepts, made from table titles deterministically.
#pragma once

#include <string>
#include <vector>

namespace sanso::isms::report {

// One name per title, in order: []:*?/\ and control characters become '_', apostrophes at
// either end are dropped, an empty name becomes "Sheet<n>", "History" (reserved) gets a '_',
// names are cut to 31 UTF-16 units at a character boundary, and a name equal to an earlier one
// (ignoring ASCII case) gets " (2)", " (3)"... inside the 31 units. `titles` is valid UTF-8.
std::vector<std::string> sheetNames(const std::vector<std::string>& titles);

}  // namespace sanso::isms::report
