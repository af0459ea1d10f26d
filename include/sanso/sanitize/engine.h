// The 無害化 engine: turns one untrusted file into a harmless one, or refuses it.
#pragma once

#include <string>

#include "sanso/common/status.h"
#include "sanso/sanitize/options.h"
#include "sanso/sanitize/report.h"

namespace sanso::sanitize {

// Stateless and safe to call from many threads at once. The image libraries (libvips,
// Tesseract) are loaded and initialised once, by the first job that needs them.
class Engine {
 public:
  // Sanitizes `input_path` into `output_path`. The output appears whole, atomically, only
  // when the verdict is clean or sanitized; a blocked input leaves no file behind.
  // A non-ok Result means the environment or sanso failed (I/O, bug), not the input.
  Result<Report> sanitize(const std::string& input_path, const std::string& output_path,
                          const Options& options) const;
  // The same, writing straight into `output_path` (created, or emptied and reused): for a
  // caller's private scratch file, read only once the call returns. Saves creating and
  // removing a file per job; after a blocked input or a failure there is no file.
  Result<Report> sanitizeInPlace(const std::string& input_path, const std::string& output_path,
                                 const Options& options) const;
  // The same with descriptors: nothing is written to `output_fd` unless the input passes.
  Result<Report> sanitize(int input_fd, int output_fd, const Options& options) const;
};

// True when the engine can apply `method` to content of `type`.
bool isAvailable(FileType type, Method method);

// The type the engine gives the file at `path` (by content; text named .csv or .html counts
// as CSV or HTML, as in a sanitize job), without sanitizing it. Blocked when the content
// claims a type it breaks (a broken OOXML package).
Result<FileType> detectFileType(const std::string& path, const std::string& declared_name,
                                const Limits& limits);

// The engine's version string, also written into every report.
const char* engineVersion();

}  // namespace sanso::sanitize
