#include "pdf/output_verifier.h"

#include <exception>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pdf/active_content.h"

namespace sanso::sanitize::pdf {
namespace {

Status failure(const std::string& what, QPDFObjGen where) {
  return Status::blocked("sanitize-verification-failed",
                         what + " survived in object " + where.unparse(' '));
}

class Verifier {
 public:
  Verifier(bool allow_uri, Budget& budget) : allow_uri_(allow_uri), budget_(budget) {}

  // Checks everything reachable from `root`, following references; each indirect object once.
  // Name maps (resource categories, /CharProcs) have producer-chosen keys, so only their values
  // are checked.
  Status checkFrom(QPDFObjectHandle root) {
    struct Pending {
      QPDFObjectHandle object;
      bool name_map;
      QPDFObjGen where;
    };
    std::vector<Pending> pending{{std::move(root), false, QPDFObjGen()}};
    while (!pending.empty()) {
      auto [obj, name_map, where] = std::move(pending.back());
      pending.pop_back();
      if (obj.isIndirect()) {
        if (!checked_.insert(obj.getObjGen()).second) continue;
        where = obj.getObjGen();
      }
      if ((++steps_ & 0xff) == 0) SANSO_RETURN_IF_ERROR(budget_.checkTime("verifying output"));
      if (obj.isName()) {
        SANSO_RETURN_IF_ERROR(checkName(obj.getName(), where));
      } else if (obj.isArray()) {
        for (auto& item : obj.aitems()) pending.push_back({item, false, where});
      } else if (obj.isDictionary() || obj.isStream()) {
        QPDFObjectHandle dict = obj.isStream() ? obj.getDict() : obj;
        for (auto& [key, value] : dict.ditems()) {
          if (!name_map) SANSO_RETURN_IF_ERROR(checkEntry(key, value, where));
          pending.push_back({value, !name_map && isNameMapKey(key), where});
        }
      }
    }
    return Status::ok();
  }

 private:
  Status checkName(const std::string& name, QPDFObjGen where) {
    if (isForbiddenName(name) || name == "/Widget" || (!allow_uri_ && name == "/URI")) {
      return failure("name " + name, where);
    }
    return Status::ok();
  }

  Status checkEntry(const std::string& key, QPDFObjectHandle& value, QPDFObjGen where) {
    if (isForbiddenKey(key) || (!allow_uri_ && key == "/URI")) return failure("key " + key, where);
    if (!value.isName()) return Status::ok();
    const std::string name = value.getName();
    if (key == "/S" && isActionType(name) && name != "/GoTo" && !(allow_uri_ && name == "/URI")) {
      return failure("action " + name, where);
    }
    if ((key == "/Subtype" || key == "/Subtype2") && name == "/PS") {
      return failure("PostScript XObject", where);
    }
    return Status::ok();
  }

  bool allow_uri_;
  Budget& budget_;
  std::set<QPDFObjGen> checked_;
  size_t steps_ = 0;
};

Status verify(std::string_view pdf, size_t pages, bool allow_uri, Budget& budget) {
  QPDF reread;
  reread.setSuppressWarnings(true);
  reread.setAttemptRecovery(false);
  reread.processMemoryFile("sanitized output", pdf.data(), pdf.size());
  Verifier verifier(allow_uri, budget);
  SANSO_RETURN_IF_ERROR(verifier.checkFrom(reread.getTrailer()));
  // Objects that nothing references are checked too, as plain objects.
  for (QPDFObjectHandle& object : reread.getAllObjects()) {
    SANSO_RETURN_IF_ERROR(verifier.checkFrom(object));
  }
  size_t found_pages = reread.getAllPages().size();
  if (found_pages != pages) {
    return Status::blocked(
        "sanitize-verification-failed",
        "output has " + std::to_string(found_pages) + " pages, expected " + std::to_string(pages));
  }
  if (reread.anyWarnings()) {
    return Status::blocked(
        "sanitize-verification-failed",
        std::string("output does not re-read cleanly: ") + reread.getWarnings().front().what());
  }
  return Status::ok();
}

}  // namespace

Status verifyRebuilt(std::string_view pdf, size_t pages, bool allow_uri, Budget& budget) {
  try {
    return verify(pdf, pages, allow_uri, budget);
  } catch (const std::exception& e) {
    return Status::blocked("sanitize-verification-failed",
                           std::string("output does not re-read: ") + e.what());
  }
}

}  // namespace sanso::sanitize::pdf
