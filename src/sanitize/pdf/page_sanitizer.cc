#include "pdf/page_sanitizer.h"

#include <set>
#include <string>

namespace sanso::sanitize::pdf {
namespace {

const std::set<std::string> kPageKeys = {
    "/Type",   "/Parent",    "/MediaBox", "/CropBox",  "/BleedBox", "/TrimBox", "/ArtBox",
    "/Rotate", "/Resources", "/Contents", "/UserUnit", "/Group",    "/Tabs"};

}  // namespace

Status PageSanitizer::sanitize(QPDFObjectHandle page, int number, QPDFObjectHandle& annots) {
  const std::string where = "page " + std::to_string(number);
  QPDFObjectHandle old_annots = page.getKey("/Annots");
  page.removeKey("/Annots");
  for (const std::string& key : page.getKeys()) {
    if (kPageKeys.count(key) == 0)
      SANSO_RETURN_IF_ERROR(scanner_.dropKey(page, key, where, "page"));
  }
  QPDFObjectHandle contents = page.getKey("/Contents");
  if (!contents.isNull() && !contents.isStream() && !contents.isArray())
    page.removeKey("/Contents");

  annots = QPDFObjectHandle::newArray();
  if (old_annots.isArray()) {
    for (auto& annot : old_annots.aitems()) {
      SANSO_ASSIGN_OR_RETURN(bool kept, annotations_.keep(annot, where));
      if (kept) annots.appendItem(annot);
    }
  }
  SANSO_RETURN_IF_ERROR(scrubber_.scrubResources(page.getKey("/Resources"), where));
  for (const std::string& key : page.getKeys()) {
    if (key != "/Parent" && key != "/Resources") {
      SANSO_RETURN_IF_ERROR(scrubber_.scrubEntry(page, key, where, "page"));
    }
  }
  return Status::ok();
}

}  // namespace sanso::sanitize::pdf
