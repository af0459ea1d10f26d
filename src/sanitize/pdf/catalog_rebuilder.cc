#include "pdf/catalog_rebuilder.h"

#include <exception>
#include <qpdf/QPDFNumberTreeObjectHelper.hh>
#include <set>

#include "pdf/outline_builder.h"

namespace sanso::sanitize::pdf {
namespace {

const std::string kWhere = "catalog";

const std::set<std::string> kPageLayouts = {"/SinglePage",     "/OneColumn",   "/TwoColumnLeft",
                                            "/TwoColumnRight", "/TwoPageLeft", "/TwoPageRight"};
// /FullScreen can hide the viewer's interface; /UseThumbs and /UseAttachments show dropped parts.
const std::set<std::string> kPageModes = {"/UseNone", "/UseOutlines", "/UseOC"};
const std::set<std::string> kLabelStyles = {"/D", "/R", "/r", "/A", "/a"};
const std::set<std::string> kViewerFlags = {"/HideToolbar", "/HideMenubar",  "/HideWindowUI",
                                            "/FitWindow",   "/CenterWindow", "/DisplayDocTitle"};
const std::set<std::string> kInfoKeys = {"/Title",   "/Author",   "/Subject",      "/Keywords",
                                         "/Creator", "/Producer", "/CreationDate", "/ModDate"};

bool isNameIn(QPDFObjectHandle value, const std::set<std::string>& names) {
  return value.isName() && names.count(value.getName()) > 0;
}

QPDFObjectHandle viewerPreferences(QPDFObjectHandle prefs) {
  QPDFObjectHandle fresh = QPDFObjectHandle::newDictionary();
  if (!prefs.isDictionary()) return fresh;
  for (const std::string& key : kViewerFlags) {
    QPDFObjectHandle flag = prefs.getKey(key);
    if (flag.isBool()) fresh.replaceKey(key, QPDFObjectHandle::newBool(flag.getBoolValue()));
  }
  // Reading direction matters for vertical Japanese documents.
  QPDFObjectHandle direction = prefs.getKey("/Direction");
  if (isNameIn(direction, {"/L2R", "/R2L"})) {
    fresh.replaceKey("/Direction", QPDFObjectHandle::newName(direction.getName()));
  }
  QPDFObjectHandle mode = prefs.getKey("/NonFullScreenPageMode");
  if (isNameIn(mode, kPageModes)) {
    fresh.replaceKey("/NonFullScreenPageMode", QPDFObjectHandle::newName(mode.getName()));
  }
  return fresh;
}

}  // namespace

Result<QPDFObjectHandle> CatalogRebuilder::pageLabels(QPDFObjectHandle labels, size_t page_count) {
  QPDFObjectHandle nums = QPDFObjectHandle::newArray();
  try {
    QPDFNumberTreeObjectHelper tree(labels, source_, false);
    for (auto entry : tree) {
      auto index = entry.first;
      QPDFObjectHandle label = entry.second;
      SANSO_RETURN_IF_ERROR(budget_.checkTime(kWhere));
      if (index < 0 || static_cast<unsigned long long>(index) >= page_count) continue;
      if (!label.isDictionary()) continue;
      QPDFObjectHandle fresh = QPDFObjectHandle::newDictionary();
      QPDFObjectHandle style = label.getKey("/S");
      if (isNameIn(style, kLabelStyles)) {
        fresh.replaceKey("/S", QPDFObjectHandle::newName(style.getName()));
      }
      QPDFObjectHandle prefix = label.getKey("/P");
      if (prefix.isString()) {
        fresh.replaceKey("/P", QPDFObjectHandle::newString(prefix.getStringValue()));
      }
      QPDFObjectHandle start = label.getKey("/St");
      if (start.isInteger() && start.getIntValue() >= 1) {
        fresh.replaceKey("/St", QPDFObjectHandle::newInteger(start.getIntValue()));
      }
      nums.appendItem(QPDFObjectHandle::newInteger(index));
      nums.appendItem(fresh);
    }
  } catch (const std::exception& e) {
    scanner_.log().add("repaired", "page-labels", kWhere,
                       std::string("unreadable page labels dropped: ") + e.what());
    return QPDFObjectHandle::newNull();
  }
  if (nums.getArrayNItems() == 0) return QPDFObjectHandle::newNull();
  QPDFObjectHandle tree = QPDFObjectHandle::newDictionary();
  tree.replaceKey("/Nums", nums);
  return tree;
}

Status CatalogRebuilder::reportNameTrees(QPDFObjectHandle names) {
  if (!names.isDictionary()) return Status::ok();
  for (const std::string& key : names.getKeys()) {
    // Named destinations were resolved into explicit ones where links use them.
    if (key == "/Dests") continue;
    int found = 0;
    SANSO_RETURN_IF_ERROR(scanner_.report(names.getKey(key), kWhere, found));
    if (found == 0) scanner_.log().removed("name-tree", kWhere, key);
  }
  return Status::ok();
}

Status CatalogRebuilder::prepareEntry(const std::string& key, QPDFObjectHandle value,
                                      size_t page_count) {
  if (key == "/Type" || key == "/Pages" || key == "/Dests") return Status::ok();
  if (key == "/Outlines") {
    SANSO_ASSIGN_OR_RETURN(QPDFObjectHandle outline,
                           rebuildOutline(source_, value, actions_, scanner_, budget_));
    if (!outline.isNull()) copied_.emplace_back(key, outline);
  } else if (key == "/PageLabels") {
    SANSO_ASSIGN_OR_RETURN(QPDFObjectHandle labels, pageLabels(value, page_count));
    if (!labels.isNull()) fresh_.emplace_back(key, labels);
  } else if (key == "/Lang" && value.isString()) {
    fresh_.emplace_back(key, QPDFObjectHandle::newString(value.getStringValue()));
  } else if (key == "/PageLayout" && isNameIn(value, kPageLayouts)) {
    fresh_.emplace_back(key, QPDFObjectHandle::newName(value.getName()));
  } else if (key == "/PageMode" && isNameIn(value, kPageModes)) {
    fresh_.emplace_back(key, QPDFObjectHandle::newName(value.getName()));
  } else if (key == "/ViewerPreferences") {
    fresh_.emplace_back(key, viewerPreferences(value));
  } else if ((key == "/OCProperties" && value.isDictionary()) ||
             (key == "/OutputIntents" && value.isArray())) {
    SANSO_RETURN_IF_ERROR(scrubber_.scrub(value, kWhere));
    copied_.emplace_back(key, value.isIndirect() ? value : source_.makeIndirectObject(value));
  } else if (key == "/Names") {
    SANSO_RETURN_IF_ERROR(reportNameTrees(value));
  } else {
    SANSO_RETURN_IF_ERROR(scanner_.reportKey(key, value, kWhere, kWhere));
  }
  return Status::ok();
}

void CatalogRebuilder::prepareInfo() {
  QPDFObjectHandle info = source_.getTrailer().getKey("/Info");
  if (!info.isDictionary()) return;
  if (options_.remove_metadata) {
    scanner_.log().removed("metadata", "document", "/Info");
    return;
  }
  info_ = QPDFObjectHandle::newDictionary();
  for (const std::string& key : kInfoKeys) {
    QPDFObjectHandle value = info.getKey(key);
    if (value.isString())
      info_.replaceKey(key, QPDFObjectHandle::newString(value.getStringValue()));
  }
}

Status CatalogRebuilder::prepare(size_t page_count) {
  QPDFObjectHandle root = source_.getRoot();
  for (const std::string& key : root.getKeys()) {
    SANSO_RETURN_IF_ERROR(prepareEntry(key, root.getKey(key), page_count));
  }
  prepareInfo();
  return Status::ok();
}

void CatalogRebuilder::install(QPDF& out) {
  QPDFObjectHandle root = out.getRoot();
  for (auto& [key, value] : fresh_) root.replaceKey(key, value);
  for (auto& [key, value] : copied_) root.replaceKey(key, out.copyForeignObject(value));
  if (!info_.isNull()) out.getTrailer().replaceKey("/Info", out.makeIndirectObject(info_));
}

}  // namespace sanso::sanitize::pdf
