#include "pdf/outline_builder.h"

#include <set>
#include <string>

namespace sanso::sanitize::pdf {
namespace {

constexpr int kMaxDepth = 32;
const std::string kWhere = "outline";

// Outline keys that carry no behaviour, or that the rebuild recreates.
const std::set<std::string> kItemKeys = {"/Title", "/Parent", "/Prev", "/Next", "/First",
                                         "/Last",  "/Count",  "/Dest", "/A",    "/C",
                                         "/F",     "/SE",     "/Type"};

class OutlineBuilder {
 public:
  OutlineBuilder(QPDF& pdf, ActionSanitizer& actions, ActiveContentScanner& scanner, Budget& budget)
      : pdf_(pdf), actions_(actions), scanner_(scanner), budget_(budget) {}

  // Rebuilds the sibling chain starting at `first` under `parent`; returns how many items of
  // the chain are visible (the items and the descendants of open items).
  Result<long long> chain(QPDFObjectHandle first, QPDFObjectHandle parent, int depth) {
    QPDFObjectHandle previous = QPDFObjectHandle::newNull();
    long long visible = 0;
    for (QPDFObjectHandle source = first; source.isDictionary(); source = source.getKey("/Next")) {
      if (source.isIndirect() && !seen_.insert(source.getObjGen()).second) break;
      SANSO_RETURN_IF_ERROR(budget_.checkTime(kWhere));
      SANSO_ASSIGN_OR_RETURN(QPDFObjectHandle item, copyItem(source, parent));
      if (previous.isNull()) {
        parent.replaceKey("/First", item);
      } else {
        previous.replaceKey("/Next", item);
        item.replaceKey("/Prev", previous);
      }
      parent.replaceKey("/Last", item);
      previous = item;
      ++visible;
      QPDFObjectHandle kids = source.getKey("/First");
      if (depth < kMaxDepth && kids.isDictionary()) {
        SANSO_ASSIGN_OR_RETURN(long long descendants, chain(kids, item, depth + 1));
        QPDFObjectHandle count = source.getKey("/Count");
        bool open = count.isInteger() && count.getIntValue() > 0;
        if (item.hasKey("/First")) {
          item.replaceKey("/Count",
                          QPDFObjectHandle::newInteger(open ? descendants : -descendants));
        }
        if (open) visible += descendants;
      }
    }
    return visible;
  }

 private:
  Result<QPDFObjectHandle> copyItem(QPDFObjectHandle source, QPDFObjectHandle parent) {
    QPDFObjectHandle item = pdf_.makeIndirectObject(QPDFObjectHandle::newDictionary());
    QPDFObjectHandle title = source.getKey("/Title");
    item.replaceKey("/Title",
                    QPDFObjectHandle::newString(title.isString() ? title.getStringValue() : ""));
    item.replaceKey("/Parent", parent);
    if (source.hasKey("/Dest")) {
      QPDFObjectHandle dest = actions_.destination(source.getKey("/Dest"));
      if (dest.isNull()) {
        scanner_.log().removed("broken-link", kWhere, "destination outside the document");
      } else {
        item.replaceKey("/Dest", dest);
      }
    } else if (source.hasKey("/A")) {
      SANSO_ASSIGN_OR_RETURN(QPDFObjectHandle action, actions_.action(source.getKey("/A"), kWhere));
      if (!action.isNull()) item.replaceKey("/A", action);
    }
    QPDFObjectHandle color = source.getKey("/C");
    if (color.isArray() && color.getArrayNItems() == 3) {
      QPDFObjectHandle fresh = QPDFObjectHandle::newArray();
      for (auto& component : color.aitems()) {
        fresh.appendItem(
            QPDFObjectHandle::newReal(component.isNumber() ? component.getNumericValue() : 0.0, 3));
      }
      item.replaceKey("/C", fresh);
    }
    QPDFObjectHandle style = source.getKey("/F");
    if (style.isInteger())
      item.replaceKey("/F", QPDFObjectHandle::newInteger(style.getIntValue() & 3));
    for (const std::string& key : source.getKeys()) {
      if (kItemKeys.count(key) == 0) {
        SANSO_RETURN_IF_ERROR(scanner_.reportKey(key, source.getKey(key), kWhere, kWhere));
      }
    }
    return item;
  }

  QPDF& pdf_;
  ActionSanitizer& actions_;
  ActiveContentScanner& scanner_;
  Budget& budget_;
  std::set<QPDFObjGen> seen_;
};

}  // namespace

Result<QPDFObjectHandle> rebuildOutline(QPDF& pdf, QPDFObjectHandle outlines,
                                        ActionSanitizer& actions, ActiveContentScanner& scanner,
                                        Budget& budget) {
  if (!outlines.isDictionary()) return QPDFObjectHandle::newNull();
  QPDFObjectHandle root = pdf.makeIndirectObject(QPDFObjectHandle::newDictionary());
  root.replaceKey("/Type", QPDFObjectHandle::newName("/Outlines"));
  OutlineBuilder builder(pdf, actions, scanner, budget);
  SANSO_ASSIGN_OR_RETURN(long long visible, builder.chain(outlines.getKey("/First"), root, 0));
  if (!root.hasKey("/First")) return QPDFObjectHandle::newNull();
  root.replaceKey("/Count", QPDFObjectHandle::newInteger(visible));
  return root;
}

}  // namespace sanso::sanitize::pdf
