// Type detection from content (magic bytes and structure), never from the file name.
#pragma once

#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/file_type.h"

namespace sanso::sanitize {

// The type of `data`. Zip containers are opened (under `budget`) to tell OOXML kinds apart;
// a container that claims to be OOXML but is broken blocks with its reason. Returns kUnknown
// for content sanso does not recognise.
Result<FileType> detectType(ByteView data, Budget& budget);

}  // namespace sanso::sanitize
