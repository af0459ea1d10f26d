#include "pdf/active_content.h"

#include <map>
#include <utility>
#include <vector>

namespace sanso::sanitize::pdf {
namespace {

const std::map<std::string, std::string>& actionSlugs() {
  static const std::map<std::string, std::string> kSlugs = {
      {"/GoTo", "goto-action"},
      {"/URI", "uri-action"},
      {"/JavaScript", "javascript"},
      {"/ECMAScript", "javascript"},
      {"/Launch", "launch-action"},
      {"/GoToR", "gotor-action"},
      {"/GoToE", "gote-action"},
      {"/GoToDp", "gotodp-action"},
      {"/SubmitForm", "submit-form"},
      {"/ImportData", "import-data"},
      {"/ResetForm", "reset-form"},
      {"/Rendition", "rendition"},
      {"/RichMediaExecute", "rich-media"},
      {"/GoTo3DView", "3d"},
      {"/Movie", "movie"},
      {"/Sound", "sound"},
      {"/Hide", "hide-action"},
      {"/Named", "named-action"},
      {"/SetOCGState", "set-ocg-state"},
      {"/Trans", "transition-action"},
      {"/Thread", "thread-action"},
  };
  return kSlugs;
}

// Keys that link an object to its container or siblings rather than to content it owns.
bool isBackReference(const std::string& key) {
  return key == "/Parent" || key == "/P" || key == "/Pg" || key == "/Popup" || key == "/IRT" ||
         key == "/Prev" || key == "/Last";
}

}  // namespace

bool isActionType(const std::string& name) { return actionSlugs().count(name) > 0; }

std::string actionSlug(const std::string& name) {
  auto it = actionSlugs().find(name);
  return it == actionSlugs().end() ? "action" : it->second;
}

std::string droppedAnnotationSlug(const std::string& subtype) {
  static const std::map<std::string, std::string> kSlugs = {
      {"/FileAttachment", "file-attachment"},
      {"/RichMedia", "rich-media"},
      {"/3D", "3d"},
      {"/Movie", "movie"},
      {"/Sound", "sound"},
      {"/Screen", "rendition"},
      {"/Widget", "form-field"},
  };
  auto it = kSlugs.find(subtype);
  return it == kSlugs.end() ? "annotation" : it->second;
}

KeySlug droppedKeySlug(const std::string& key) {
  static const std::map<std::string, KeySlug> kSlugs = {
      {"/AA", {"additional-actions", true}},
      {"/OpenAction", {"open-action", true}},
      {"/JS", {"javascript", true}},
      {"/JavaScript", {"javascript", true}},
      {"/AcroForm", {"form", true}},
      {"/XFA", {"xfa", true}},
      {"/NeedsRendering", {"xfa", true}},
      {"/EF", {"embedded-file", true}},
      {"/EmbeddedFiles", {"embedded-file", true}},
      {"/AF", {"embedded-file", true}},
      {"/Collection", {"portfolio", true}},
      {"/URI", {"uri-action", true}},
      {"/PA", {"uri-action", true}},
      {"/Ref", {"external-reference", true}},
      {"/F", {"external-stream", true}},
      {"/FFilter", {"external-stream", true}},
      {"/FDecodeParms", {"external-stream", true}},
      {"/Metadata", {"metadata", false}},
      {"/PieceInfo", {"private-data", false}},
      {"/LastModified", {"private-data", false}},
      {"/SpiderInfo", {"private-data", false}},
      {"/Thumb", {"thumbnail", false}},
      {"/B", {"article-thread", false}},
      {"/Threads", {"article-thread", false}},
      {"/Dur", {"page-transition", false}},
      {"/Trans", {"page-transition", false}},
      {"/PresSteps", {"page-transition", false}},
      {"/OPI", {"opi", false}},
      {"/Alternates", {"alternate-image", false}},
      {"/StructTreeRoot", {"structure-tree", false}},
      {"/MarkInfo", {"structure-tree", false}},
      {"/Perms", {"signature", false}},
      {"/DSS", {"signature", false}},
      {"/Legal", {"signature", false}},
      {"/Measure", {"measurement", false}},
      {"/PtData", {"measurement", false}},
      {"/VP", {"measurement", false}},
      {"/Names", {"name-tree", false}},
      {"/Dests", {"", false}},
      {"/StructParent", {"", false}},
      {"/StructParents", {"", false}},
      {"/P", {"", false}},
      {"/ID", {"", false}},
      {"/Version", {"", false}},
      {"/Extensions", {"", false}},
  };
  auto it = kSlugs.find(key);
  return it == kSlugs.end() ? KeySlug{"unknown-key", false} : it->second;
}

bool isForbiddenKey(const std::string& key) {
  static const std::set<std::string> kKeys = {"/JS",
                                              "/JavaScript",
                                              "/AA",
                                              "/OpenAction",
                                              "/EF",
                                              "/EmbeddedFile",
                                              "/EmbeddedFiles",
                                              "/XFA",
                                              "/AcroForm",
                                              "/RichMediaContent",
                                              "/RichMediaSettings",
                                              "/3DD",
                                              "/Launch",
                                              "/GoToR",
                                              "/GoToE",
                                              "/SubmitForm",
                                              "/ImportData",
                                              "/Rendition",
                                              "/RichMedia",
                                              "/3D",
                                              "/Movie",
                                              "/Sound",
                                              "/FileAttachment"};
  return kKeys.count(key) > 0;
}

bool isForbiddenName(const std::string& name) {
  static const std::set<std::string> kNames = {"/JavaScript",
                                               "/ECMAScript",
                                               "/Launch",
                                               "/GoToR",
                                               "/GoToE",
                                               "/GoToDp",
                                               "/SubmitForm",
                                               "/ImportData",
                                               "/Rendition",
                                               "/RichMedia",
                                               "/RichMediaExecute",
                                               "/3D",
                                               "/GoTo3DView",
                                               "/Movie",
                                               "/Sound",
                                               "/Screen",
                                               "/EmbeddedFile",
                                               "/EmbeddedFiles",
                                               "/FileAttachment",
                                               "/XFA",
                                               "/JS",
                                               "/AA",
                                               "/OpenAction"};
  return kNames.count(name) > 0;
}

bool isNameMapKey(const std::string& key) {
  static const std::set<std::string> kKeys = {"/Font",   "/XObject", "/ExtGState",  "/ColorSpace",
                                              "/Pattern", "/Shading", "/Properties", "/CharProcs"};
  return kKeys.count(key) > 0;
}

QPDFObjectHandle dictionaryOf(QPDFObjectHandle obj) {
  if (obj.isStream()) return obj.getDict();
  if (obj.isDictionary()) return obj;
  return QPDFObjectHandle::newNull();
}

bool isPageTreeNode(QPDFObjectHandle obj) {
  QPDFObjectHandle dict = dictionaryOf(obj);
  if (!dict.isDictionary()) return false;
  QPDFObjectHandle type = dict.getKey("/Type");
  return type.isNameAndEquals("/Page") || type.isNameAndEquals("/Pages");
}

int ActiveContentScanner::reportDictionary(QPDFObjectHandle dict, const std::string& where) {
  std::map<std::string, std::string> findings;  // slug -> the PDF name that revealed it
  QPDFObjectHandle s = dict.getKey("/S");
  if (s.isName() && isActionType(s.getName()) && s.getName() != "/GoTo") {
    findings.emplace(actionSlug(s.getName()), s.getName());
  }
  if (dict.hasKey("/JS")) findings.emplace("javascript", "/JS");
  if (dict.getKey("/Type").isNameAndEquals("/EmbeddedFile")) {
    findings.emplace("embedded-file", "/EmbeddedFile");
  }
  if (dict.hasKey("/EF")) findings.emplace("embedded-file", "/EF");
  if (dict.hasKey("/EmbeddedFiles")) findings.emplace("embedded-file", "/EmbeddedFiles");
  if (dict.hasKey("/XFA")) findings.emplace("xfa", "/XFA");
  if (dict.hasKey("/AA")) findings.emplace("additional-actions", "/AA");
  if (dict.hasKey("/OpenAction")) findings.emplace("open-action", "/OpenAction");
  QPDFObjectHandle subtype = dict.getKey("/Subtype");
  if (subtype.isName()) {
    std::string slug = droppedAnnotationSlug(subtype.getName());
    if (slug != "annotation" && slug != "form-field") findings.emplace(slug, subtype.getName());
  }
  if (subtype.isNameAndEquals("/PS") || dict.getKey("/Subtype2").isNameAndEquals("/PS")) {
    findings.emplace("postscript", "/PS");
  }
  for (const auto& [slug, name] : findings) log_.removed(slug, where, name);
  return static_cast<int>(findings.size());
}

Status ActiveContentScanner::report(QPDFObjectHandle value, const std::string& where, int& found) {
  found = 0;
  std::vector<QPDFObjectHandle> pending{std::move(value)};
  size_t visited = 0;
  while (!pending.empty()) {
    QPDFObjectHandle obj = std::move(pending.back());
    pending.pop_back();
    if ((++visited & 0xff) == 0) SANSO_RETURN_IF_ERROR(budget_.checkTime(where));
    if (obj.isIndirect() && !seen_.insert(obj.getObjGen()).second) continue;
    if (obj.isArray()) {
      for (auto& item : obj.aitems()) pending.push_back(item);
      continue;
    }
    QPDFObjectHandle dict = dictionaryOf(obj);
    if (!dict.isDictionary() || isPageTreeNode(dict)) continue;
    found += reportDictionary(dict, where);
    for (auto& [key, child] : dict.ditems()) {
      if (!isBackReference(key)) pending.push_back(child);
    }
  }
  return Status::ok();
}

Status ActiveContentScanner::dropKey(QPDFObjectHandle dict, const std::string& key,
                                     const std::string& where, const std::string& kind) {
  QPDFObjectHandle value = dict.getKey(key);
  dict.removeKey(key);
  return reportKey(key, value, where, kind);
}

Status ActiveContentScanner::reportKey(const std::string& key, QPDFObjectHandle value,
                                       const std::string& where, const std::string& kind) {
  int found = 0;
  SANSO_RETURN_IF_ERROR(report(value, where, found));
  KeySlug slug = droppedKeySlug(key);
  if (slug.slug.empty()) return Status::ok();
  if (slug.active) {
    log_.removed(slug.slug, where, key);
  } else if (found == 0 || slug.slug != "unknown-key") {
    log_.removed(slug.slug, kind, key);
  }
  return Status::ok();
}

}  // namespace sanso::sanitize::pdf
