// Rebuilds link targets: destinations inside the document and the two actions cdr keeps,
// GoTo and (browsing) URI.
#pragma once

#include <memory>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFNameTreeObjectHelper.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <set>
#include <string>

#include "action_log.h"
#include "pdf/active_content.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/options.h"

namespace sanso::sanitize::pdf {

class ActionSanitizer {
 public:
  // `pages` are the page objects of `pdf`, the only valid destination targets.
  ActionSanitizer(QPDF& pdf, std::set<QPDFObjGen> pages, const Options& options,
                  ActiveContentScanner& scanner);

  // A fresh explicit destination ([page /XYZ left top zoom] and the other fit types) for `dest`,
  // which may be explicit, a named destination (name or string) or a dictionary with /D; null
  // when it does not resolve to a page of this document.
  QPDFObjectHandle destination(QPDFObjectHandle dest);
  // A fresh action equivalent to `action` holding only GoTo actions and URI actions that pass the
  // link policy (and hyperlinks are kept), with their surviving /Next actions; null when nothing
  // survives. Everything dropped is reported at `where`.
  Result<QPDFObjectHandle> action(QPDFObjectHandle action, const std::string& where);

 private:
  struct ChainState {
    std::set<QPDFObjGen> seen;
    int length = 0;
  };
  Result<QPDFObjectHandle> action(QPDFObjectHandle action, const std::string& where,
                                  ChainState& chain);
  QPDFObjectHandle explicitDestination(QPDFObjectHandle dest);
  QPDFObjectHandle namedDestination(QPDFObjectHandle name);
  Result<QPDFObjectHandle> uriAction(QPDFObjectHandle action, const std::string& where);

  QPDF& pdf_;
  // The /Names /Dests tree, opened on first use; null when the document has none.
  std::unique_ptr<QPDFNameTreeObjectHelper> dest_tree_;
  bool dest_tree_opened_ = false;
  std::set<QPDFObjGen> pages_;
  const Options& options_;
  ActiveContentScanner& scanner_;
};

}  // namespace sanso::sanitize::pdf
