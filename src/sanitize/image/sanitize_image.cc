// sanitizeImage(): the cdr handler for image files.
#include <map>
#include <set>

#include "image_sanitizer.h"
#include "image_structure.h"
#include "sanso/common/file_io.h"

namespace sanso::sanitize::image {

namespace {

constexpr const char* kWhere = "image";

// One action per slug; the details of its findings joined ("EXIF, XMP, ICC profile").
void logFindings(const Structure& structure, ActionLog& log) {
  std::map<std::string, std::vector<std::string>> by_slug;
  std::set<std::pair<std::string, std::string>> seen;
  for (const Finding& f : structure.findings) {
    if (seen.insert({f.what, f.detail}).second) by_slug[f.what].push_back(f.detail);
  }
  for (const auto& [slug, details] : by_slug) {
    std::string joined;
    for (const auto& detail : details) joined += (joined.empty() ? "" : ", ") + detail;
    log.removed(slug, kWhere, joined);
  }
  if (structure.trailing_bytes > 0) {
    log.removed("trailing-data", kWhere,
                std::to_string(structure.trailing_bytes) + " bytes after the end of the image");
  }
}

}  // namespace

Result<FileType> sanitizeImage(Job& job) {
  SANSO_ASSIGN_OR_RETURN(Encoded encoded, reencode(job.input, job.type, job.budget, kWhere));
  logFindings(scanStructure(job.input, job.type), job.log);
  job.log.add("re-encoded", "image", kWhere,
              std::string(typeName(job.type)) + "->" + std::string(typeName(encoded.type)));
  SANSO_RETURN_IF_ERROR(writeFile(job.output_path, asBytes(encoded.bytes)));
  return encoded.type;
}

}  // namespace sanso::sanitize::image
