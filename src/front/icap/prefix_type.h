// The type of a download whose end has not arrived yet, from its first bytes and its name.
#pragma once

#include <optional>
#include <string>

#include "sanso/common/limits.h"
#include "sanso/sanitize/file_type.h"

namespace sanso::icap {

// What the first bytes of an incomplete download tell about its type.
struct PrefixType {
  std::optional<sanitize::FileType> type;  // nullopt: the prefix and the name do not tell
  bool by_content = false;  // the content alone tells (an executable, a PDF, text...)
};

// The type of the download named `name` whose first bytes are the file at `path`. Types
// known by their first bytes (executables, PDF, images, text) come from the engine's detection;
// a zip or OLE2 container is only fully known from its directory, so its type comes from the
// name when the name's extension is an Office/OpenDocument type (or zip), else it is unknown.
PrefixType prefixType(const std::string& path, const std::string& name, const Limits& limits);

}  // namespace sanso::icap
