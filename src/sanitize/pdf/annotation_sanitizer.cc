#include "pdf/annotation_sanitizer.h"

#include <set>

namespace sanso::sanitize::pdf {
namespace {

const std::set<std::string> kKeptSubtypes = {"/Link",      "/Text",     "/Highlight", "/Underline",
                                             "/StrikeOut", "/Squiggly", "/FreeText",  "/Square",
                                             "/Circle",    "/Line",     "/Polygon",   "/PolyLine",
                                             "/Ink",       "/Stamp",    "/Popup",     "/Caret"};

// Keys kept as they are (after scrubbing); the link and reference keys are rebuilt separately.
const std::set<std::string> kPlainKeys = {
    "/Type",       "/Subtype", "/Rect",         "/Contents", "/NM",         "/M",     "/F",
    "/AP",         "/AS",      "/Border",       "/C",        "/BS",         "/BE",    "/CA",
    "/T",          "/RC",      "/CreationDate", "/Subj",     "/RT",         "/IT",    "/IC",
    "/QuadPoints", "/InkList", "/Vertices",     "/L",        "/LE",         "/LL",    "/LLE",
    "/LLO",        "/Cap",     "/CP",           "/CO",       "/DA",         "/Q",     "/DS",
    "/CL",         "/RD",      "/Name",         "/Open",     "/StateModel", "/State", "/H",
    "/Lang",       "/OC",      "/Rotate",       "/Path"};

const std::set<std::string> kLinkKeys = {"/A", "/Dest", "/Popup", "/Parent", "/IRT"};

}  // namespace

Result<bool> AnnotationSanitizer::keep(QPDFObjectHandle annot, const std::string& where) {
  if (!annot.isDictionary()) return false;
  if (annot.isIndirect()) {
    auto known = verdicts_.find(annot.getObjGen());
    if (known != verdicts_.end()) return known->second;
  }
  QPDFObjectHandle subtype = annot.getKey("/Subtype");
  bool kept = subtype.isName() && kKeptSubtypes.count(subtype.getName()) > 0;
  // Recorded before cleaning so that a /Popup <-> /Parent cycle ends here.
  if (annot.isIndirect()) verdicts_[annot.getObjGen()] = kept;
  if (!kept) {
    int found = 0;
    SANSO_RETURN_IF_ERROR(scanner_.report(annot, where, found));
    if (found == 0) {
      std::string name = subtype.isName() ? subtype.getName() : "";
      scanner_.log().removed(droppedAnnotationSlug(name), where,
                             printableDetail(subtype.unparse()));
    }
    return false;
  }
  SANSO_RETURN_IF_ERROR(clean(annot, where));
  return true;
}

Status AnnotationSanitizer::keepReference(QPDFObjectHandle annot, const std::string& key,
                                          const std::string& where) {
  QPDFObjectHandle target = annot.getKey(key);
  if (target.isNull()) return Status::ok();
  SANSO_ASSIGN_OR_RETURN(bool kept, keep(target, where));
  if (!kept) annot.removeKey(key);
  return Status::ok();
}

Status AnnotationSanitizer::clean(QPDFObjectHandle annot, const std::string& where) {
  for (const std::string& key : annot.getKeys()) {
    if (kPlainKeys.count(key) == 0 && kLinkKeys.count(key) == 0) {
      SANSO_RETURN_IF_ERROR(scanner_.dropKey(annot, key, where, "annotation"));
    }
  }
  if (annot.hasKey("/A")) {
    SANSO_ASSIGN_OR_RETURN(QPDFObjectHandle action, actions_.action(annot.getKey("/A"), where));
    if (action.isNull()) {
      annot.removeKey("/A");
    } else {
      annot.replaceKey("/A", action);
    }
  }
  if (annot.hasKey("/Dest")) {
    QPDFObjectHandle dest = actions_.destination(annot.getKey("/Dest"));
    if (dest.isNull()) {
      scanner_.log().removed("broken-link", where, "destination outside the document");
      annot.removeKey("/Dest");
    } else {
      annot.replaceKey("/Dest", dest);
    }
  }
  for (const char* key : {"/Popup", "/Parent", "/IRT"}) {
    SANSO_RETURN_IF_ERROR(keepReference(annot, key, where));
  }
  for (const std::string& key : annot.getKeys()) {
    if (kLinkKeys.count(key) == 0) {
      SANSO_RETURN_IF_ERROR(scrubber_.scrubEntry(annot, key, where, "annotation"));
    }
  }
  return Status::ok();
}

}  // namespace sanso::sanitize::pdf
