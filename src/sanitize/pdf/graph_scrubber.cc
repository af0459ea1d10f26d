#include "pdf/graph_scrubber.h"

#include <utility>
#include <vector>

namespace sanso::sanitize::pdf {
namespace {

const std::set<std::string> kImageKeys = {
    "/Type",        "/Subtype",   "/Width",  "/Height",      "/ColorSpace",  "/BitsPerComponent",
    "/Intent",      "/ImageMask", "/Mask",   "/Decode",      "/Interpolate", "/SMask",
    "/SMaskInData", "/Matte",     "/Filter", "/DecodeParms", "/Length",      "/Name",
    "/OC"};

const std::set<std::string> kFormKeys = {"/Type",        "/Subtype",   "/FormType", "/BBox",
                                         "/Matrix",      "/Resources", "/Group",    "/Filter",
                                         "/DecodeParms", "/Length",    "/Name",     "/OC"};

const std::set<std::string> kResourceCategories = {"/ExtGState", "/ColorSpace", "/Pattern",
                                                   "/Shading",   "/XObject",    "/Font",
                                                   "/ProcSet",   "/Properties"};

bool isContainer(QPDFObjectHandle& obj) {
  return obj.isArray() || obj.isDictionary() || obj.isStream();
}

// Values that drawing data never holds: actions, annotations, file specifications, embedded
// files and PostScript XObjects.
bool isActiveValue(QPDFObjectHandle obj) {
  QPDFObjectHandle dict = dictionaryOf(obj);
  if (!dict.isDictionary()) return false;
  QPDFObjectHandle s = dict.getKey("/S");
  if (s.isName() && isActionType(s.getName())) return true;
  QPDFObjectHandle type = dict.getKey("/Type");
  if (type.isNameAndEquals("/Action") || type.isNameAndEquals("/Annot") ||
      type.isNameAndEquals("/Filespec") || type.isNameAndEquals("/EmbeddedFile")) {
    return true;
  }
  if (dict.hasKey("/EF")) return true;
  QPDFObjectHandle subtype = dict.getKey("/Subtype");
  if (subtype.isName() && droppedAnnotationSlug(subtype.getName()) != "annotation") return true;
  return subtype.isNameAndEquals("/PS") || dict.getKey("/Subtype2").isNameAndEquals("/PS");
}

}  // namespace

Status GraphScrubber::cleanDictionary(QPDFObjectHandle dict, bool is_stream,
                                      const std::string& where) {
  QPDFObjectHandle subtype = dict.getKey("/Subtype");
  const std::set<std::string>* allowed = nullptr;
  std::string kind = "object";
  if (is_stream && subtype.isNameAndEquals("/Image")) {
    allowed = &kImageKeys;
    kind = "image";
  } else if (is_stream && subtype.isNameAndEquals("/Form")) {
    allowed = &kFormKeys;
    kind = "form-xobject";
  }
  for (const std::string& key : dict.getKeys()) {
    bool drop = (allowed != nullptr && allowed->count(key) == 0) || isForbiddenKey(key) ||
                (is_stream && (key == "/F" || key == "/FFilter" || key == "/FDecodeParms"));
    if (drop) SANSO_RETURN_IF_ERROR(scanner_.dropKey(dict, key, where, kind));
  }
  return Status::ok();
}

Status GraphScrubber::cleanResources(QPDFObjectHandle resources, const std::string& where) {
  if (!resources.isDictionary()) return Status::ok();
  for (const std::string& key : resources.getKeys()) {
    if (kResourceCategories.count(key) == 0) {
      SANSO_RETURN_IF_ERROR(scanner_.dropKey(resources, key, where, "resources"));
    }
  }
  QPDFObjectHandle xobjects = resources.getKey("/XObject");
  if (!xobjects.isDictionary()) return Status::ok();
  for (const std::string& name : xobjects.getKeys()) {
    QPDFObjectHandle xobject = xobjects.getKey(name);
    QPDFObjectHandle subtype = dictionaryOf(xobject).getKey("/Subtype");
    bool drawable = xobject.isStream() &&
                    (subtype.isNameAndEquals("/Image") || subtype.isNameAndEquals("/Form")) &&
                    !xobject.getDict().getKey("/Subtype2").isNameAndEquals("/PS");
    if (drawable) continue;
    xobjects.removeKey(name);
    int found = 0;
    SANSO_RETURN_IF_ERROR(scanner_.report(xobject, where, found));
    if (found == 0) scanner_.log().removed("xobject", "resources", subtype.unparse());
  }
  return Status::ok();
}

Status GraphScrubber::scrubResources(QPDFObjectHandle resources, const std::string& where) {
  SANSO_RETURN_IF_ERROR(cleanResources(resources, where));
  return scrub(resources, where);
}

Status GraphScrubber::scrubEntry(QPDFObjectHandle dict, const std::string& key,
                                 const std::string& where, const std::string& kind) {
  QPDFObjectHandle value = dict.getKey(key);
  if (isActiveValue(value)) return scanner_.dropKey(dict, key, where, kind);
  return scrub(value, where);
}

Status GraphScrubber::scrub(QPDFObjectHandle root, const std::string& where) {
  struct Pending {
    QPDFObjectHandle object;
    bool name_map;  // its keys are names chosen by the producer, not PDF keys
  };
  std::vector<Pending> pending{{std::move(root), false}};
  size_t steps = 0;
  while (!pending.empty()) {
    auto [obj, name_map] = std::move(pending.back());
    pending.pop_back();
    if ((++steps & 0xff) == 0) SANSO_RETURN_IF_ERROR(budget_.checkTime(where));
    if (obj.isIndirect() && !visited_.insert(obj.getObjGen()).second) continue;
    if (isPageTreeNode(obj)) continue;
    if (obj.isArray()) {
      int n = obj.getArrayNItems();
      for (int i = 0; i < n; ++i) {
        QPDFObjectHandle item = obj.getArrayItem(i);
        if (isActiveValue(item)) {
          obj.setArrayItem(i, QPDFObjectHandle::newNull());
          SANSO_RETURN_IF_ERROR(scanner_.report(item, where));
        } else if (isContainer(item)) {
          pending.push_back({item, false});
        }
      }
      continue;
    }
    QPDFObjectHandle dict = dictionaryOf(obj);
    if (!dict.isDictionary()) continue;
    if (!name_map) {
      SANSO_RETURN_IF_ERROR(cleanDictionary(dict, obj.isStream(), where));
      SANSO_RETURN_IF_ERROR(cleanResources(dict.getKey("/Resources"), where));
    }
    for (const std::string& key : dict.getKeys()) {
      QPDFObjectHandle child = dict.getKey(key);
      if (isActiveValue(child)) {
        SANSO_RETURN_IF_ERROR(scanner_.dropKey(dict, key, where, "object"));
      } else if (isContainer(child)) {
        pending.push_back({child, !name_map && isNameMapKey(key)});
      }
    }
  }
  return Status::ok();
}

}  // namespace sanso::sanitize::pdf
