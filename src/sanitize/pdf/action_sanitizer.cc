#include "pdf/action_sanitizer.h"

#include <exception>
#include <map>
#include <utility>
#include <vector>

#include "link_policy.h"

namespace sanso::sanitize::pdf {
namespace {

// Chained /Next actions deeper than this are dropped (and reported).
constexpr int kMaxActionChain = 16;

// Destination fit types and how many numeric arguments follow each.
const std::map<std::string, int>& fitTypes() {
  static const std::map<std::string, int> kTypes = {{"/XYZ", 3},   {"/Fit", 0},  {"/FitH", 1},
                                                    {"/FitV", 1},  {"/FitR", 4}, {"/FitB", 0},
                                                    {"/FitBH", 1}, {"/FitBV", 1}};
  return kTypes;
}

QPDFObjectHandle freshNumberOrNull(QPDFObjectHandle value) {
  if (value.isInteger()) return QPDFObjectHandle::newInteger(value.getIntValue());
  if (value.isReal()) return QPDFObjectHandle::newReal(value.getNumericValue(), 4);
  return QPDFObjectHandle::newNull();
}

}  // namespace

ActionSanitizer::ActionSanitizer(QPDF& pdf, std::set<QPDFObjGen> pages, const Options& options,
                                 ActiveContentScanner& scanner)
    : pdf_(pdf), pages_(std::move(pages)), options_(options), scanner_(scanner) {}

// Named destinations: names in the catalog's /Dests dictionary, strings in the /Dests name tree.
// (qpdf's QPDFOutlineDocumentHelper resolves them too, but walks the whole outline first and
// loops forever on a cyclic /Next chain.)
QPDFObjectHandle ActionSanitizer::namedDestination(QPDFObjectHandle name) {
  QPDFObjectHandle root = pdf_.getRoot();
  if (name.isName()) {
    QPDFObjectHandle dests = root.getKey("/Dests");
    return dests.isDictionary() ? dests.getKey(name.getName()) : QPDFObjectHandle::newNull();
  }
  if (!dest_tree_opened_) {
    dest_tree_opened_ = true;
    QPDFObjectHandle names = root.getKey("/Names");
    QPDFObjectHandle tree = names.isDictionary() ? names.getKey("/Dests") : names;
    if (tree.isDictionary())
      dest_tree_ = std::make_unique<QPDFNameTreeObjectHelper>(tree, pdf_, false);
  }
  QPDFObjectHandle found = QPDFObjectHandle::newNull();
  if (dest_tree_ == nullptr) return found;
  // A damaged tree only makes its names unresolvable.
  try {
    dest_tree_->findObject(name.getUTF8Value(), found);
  } catch (const std::exception&) {
    return QPDFObjectHandle::newNull();
  }
  return found;
}

QPDFObjectHandle ActionSanitizer::destination(QPDFObjectHandle dest) {
  if (dest.isName() || dest.isString()) dest = namedDestination(dest);
  if (dest.isDictionary()) dest = dest.getKey("/D");
  return explicitDestination(dest);
}

QPDFObjectHandle ActionSanitizer::explicitDestination(QPDFObjectHandle dest) {
  if (!dest.isArray() || dest.getArrayNItems() < 2) return QPDFObjectHandle::newNull();
  QPDFObjectHandle page = dest.getArrayItem(0);
  if (!page.isIndirect() || pages_.count(page.getObjGen()) == 0) {
    return QPDFObjectHandle::newNull();
  }
  QPDFObjectHandle type = dest.getArrayItem(1);
  if (!type.isName()) return QPDFObjectHandle::newNull();
  auto fit = fitTypes().find(type.getName());
  if (fit == fitTypes().end()) return QPDFObjectHandle::newNull();
  QPDFObjectHandle result = QPDFObjectHandle::newArray();
  result.appendItem(page);
  result.appendItem(QPDFObjectHandle::newName(fit->first));
  for (int i = 0; i < fit->second; ++i) {
    result.appendItem(freshNumberOrNull(dest.getArrayItem(2 + i)));
  }
  return result;
}

Result<QPDFObjectHandle> ActionSanitizer::action(QPDFObjectHandle action,
                                                 const std::string& where) {
  ChainState chain;
  return this->action(std::move(action), where, chain);
}

Result<QPDFObjectHandle> ActionSanitizer::uriAction(QPDFObjectHandle action,
                                                    const std::string& where) {
  QPDFObjectHandle uri = action.getKey("/URI");
  if (!uri.isString()) {
    scanner_.log().removed("uri-action", where, "no target");
    return QPDFObjectHandle::newNull();
  }
  std::string target = uri.getStringValue();
  if (classifyLink(target) == LinkVerdict::kLaunch) {
    scanner_.log().neutralized("launch-link", where, printableDetail(target));
    return QPDFObjectHandle::newNull();
  }
  if (!options_.keep_hyperlinks) {
    scanner_.log().removed("uri-action", where, printableDetail(target));
    return QPDFObjectHandle::newNull();
  }
  QPDFObjectHandle result = QPDFObjectHandle::newDictionary();
  result.replaceKey("/S", QPDFObjectHandle::newName("/URI"));
  result.replaceKey("/URI", QPDFObjectHandle::newString(target));
  QPDFObjectHandle is_map = action.getKey("/IsMap");
  if (is_map.isBool())
    result.replaceKey("/IsMap", QPDFObjectHandle::newBool(is_map.getBoolValue()));
  return result;
}

Result<QPDFObjectHandle> ActionSanitizer::action(QPDFObjectHandle action, const std::string& where,
                                                 ChainState& chain) {
  if (action.isNull()) return action;
  // An action reached twice in one chain (a loop, or a fan-out of shared /Next actions) and
  // chains past the length limit are dropped.
  bool repeated = action.isIndirect() && !chain.seen.insert(action.getObjGen()).second;
  bool allowed = !repeated && ++chain.length <= kMaxActionChain;
  QPDFObjectHandle type = action.isDictionary() ? action.getKey("/S") : action;
  QPDFObjectHandle result = QPDFObjectHandle::newNull();
  if (allowed && type.isNameAndEquals("/GoTo")) {
    QPDFObjectHandle dest = destination(action.getKey("/D"));
    if (dest.isNull()) {
      scanner_.log().removed("broken-link", where, "destination outside the document");
    } else {
      result = QPDFObjectHandle::newDictionary();
      result.replaceKey("/S", QPDFObjectHandle::newName("/GoTo"));
      result.replaceKey("/D", dest);
    }
  } else if (allowed && type.isNameAndEquals("/URI")) {
    SANSO_ASSIGN_OR_RETURN(result, uriAction(action, where));
  } else {
    if (repeated) return result;
    int found = 0;
    SANSO_RETURN_IF_ERROR(scanner_.report(action, where, found));
    if (found == 0) {
      std::string name = type.isName() ? type.getName() : "";
      scanner_.log().removed(name.empty() ? "action" : actionSlug(name), where,
                             printableDetail(type.unparse()));
    }
    return result;
  }
  QPDFObjectHandle next = action.getKey("/Next");
  QPDFObjectHandle kept_next = QPDFObjectHandle::newArray();
  for (auto& item : next.isArray() ? next.getArrayAsVector() : std::vector{next}) {
    SANSO_ASSIGN_OR_RETURN(QPDFObjectHandle kept, this->action(item, where, chain));
    if (!kept.isNull()) kept_next.appendItem(kept);
  }
  // The /Next chain of a dropped action is still walked so that what it held is reported.
  if (!result.isNull() && kept_next.getArrayNItems() > 0) {
    result.replaceKey("/Next",
                      kept_next.getArrayNItems() == 1 ? kept_next.getArrayItem(0) : kept_next);
  }
  return result;
}

}  // namespace sanso::sanitize::pdf
