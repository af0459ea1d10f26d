// The vocabulary of PDF active content: report slugs for actions and annotation kinds, and a
// scanner that reports what a dropped part of the object graph contained.
#pragma once

#include <qpdf/QPDFObjectHandle.hh>
#include <set>
#include <string>

#include "action_log.h"
#include "pdf/report_text.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::pdf {

// True when `name` (with its slash, e.g. "/JavaScript") is an action type (the /S of an action).
bool isActionType(const std::string& name);
// The report slug for an action of type `name`: "javascript", "launch-action", "uri-action"...
// ("action" for unknown types).
std::string actionSlug(const std::string& name);
// The report slug for an annotation subtype that cdr does not keep: "file-attachment",
// "rich-media", "3d", "movie", "sound", "rendition" (Screen), "form-field" (Widget); "annotation"
// for other subtypes.
std::string droppedAnnotationSlug(const std::string& subtype);
// How cdr reports a dictionary key it drops because it is not on an allowlist. `slug` is
// "metadata", "private-data", "thumbnail", "structure-tree", "additional-actions"...;
// "unknown-key" when the key has no known meaning; empty for bookkeeping keys dropped without a
// report (/StructParents, /P). `active` marks keys that trigger or fetch something.
struct KeySlug {
  std::string slug;
  bool active = false;
};
KeySlug droppedKeySlug(const std::string& key);
// True for dictionary keys that only active or embedded content uses (/JS, /AA, /OpenAction,
// /EF, /XFA, /RichMediaContent...). A sanitized document has none of them anywhere.
bool isForbiddenKey(const std::string& key);
// True for name values that only active or embedded content uses (/JavaScript, /Launch, /GoToR,
// /SubmitForm, /RichMedia, /FileAttachment, /EmbeddedFile...). A sanitized document has none.
bool isForbiddenName(const std::string& name);
// True for keys whose dictionary maps names chosen by the file's producer to objects: resource
// categories (/Font, /XObject, /ExtGState, /ColorSpace, /Pattern, /Shading, /Properties) and
// Type 3 /CharProcs. Such names ("/AA", "/JS" are plausible font names) are not checked as keys.
bool isNameMapKey(const std::string& key);
// The stream or dictionary behind `obj`: the stream's dictionary, the dictionary itself, or null.
QPDFObjectHandle dictionaryOf(QPDFObjectHandle obj);
// True for page and page-tree nodes, which scans and walks never descend into.
bool isPageTreeNode(QPDFObjectHandle obj);

// Reports, as "removed" actions, the active and embedded content inside parts that cdr drops
// whole (a name tree, an annotation, an action chain). Each object is scanned at most once per
// job, so scanning every dropped part stays linear in the size of the file.
class ActiveContentScanner {
 public:
  ActiveContentScanner(ActionLog& log, Budget& budget) : log_(log), budget_(budget) {}

  ActionLog& log() { return log_; }

  // Logs every finding inside `value` at `where` and sets `found` to their number. Blocks when
  // the job's time runs out.
  Status report(QPDFObjectHandle value, const std::string& where, int& found);
  // The same, when the caller does not need the number.
  Status report(QPDFObjectHandle value, const std::string& where) {
    int found = 0;
    return report(value, where, found);
  }
  // Reports a dropped key and its value: what the value contained at `where`, and the key's own
  // slug (droppedKeySlug) at `where` when active, else at the coarser `kind` ("page", "image"...)
  // so that benign keys repeated on every page stay one entry.
  Status reportKey(const std::string& key, QPDFObjectHandle value, const std::string& where,
                   const std::string& kind);
  // Removes `key` from `dict` and reports it as reportKey does.
  Status dropKey(QPDFObjectHandle dict, const std::string& key, const std::string& where,
                 const std::string& kind);

 private:
  int reportDictionary(QPDFObjectHandle dict, const std::string& where);

  ActionLog& log_;
  Budget& budget_;
  std::set<QPDFObjGen> seen_;
};

}  // namespace sanso::sanitize::pdf
