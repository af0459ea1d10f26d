// An HTML input decoded to UTF-8 and parsed by gumbo (the HTML5 tree-construction algorithm,
// so the tree is the one a browser would build).
#pragma once

#include <gumbo.h>

#include <memory>
#include <string>

#include "action_log.h"
#include "html/gumbo_arena.h"
#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::html {

class HtmlDocument {
 public:
  // Decodes (markup_charset.h) and parses `input`. Blocks "limit-markup-bytes" past
  // Limits::max_markup_bytes of decoded text, "limit-markup-memory" / "limit-time" when the
  // parse itself goes past Limits::max_markup_memory or the job's time (the parse is then
  // abandoned), or with decodeMarkup()'s reason. Logs a "converted" charset action when the
  // input was not UTF-8.
  static Result<std::unique_ptr<HtmlDocument>> parse(ByteView input, Budget& budget,
                                                    ActionLog& log);
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  // The <html> element (gumbo always creates one).
  const GumboNode* root() const { return output_->root; }
  // The document node (comments and the DOCTYPE before <html> are its children).
  const GumboNode* document() const { return output_->document; }

 private:
  explicit HtmlDocument(Budget& budget);

  std::string utf8_;  // gumbo's tree points into it
  // Owns every block of the tree: freed at once, never by gumbo's recursive destructor.
  GumboArena arena_;
  GumboOptions options_ = kGumboDefaultOptions;
  GumboOutput* output_ = nullptr;
};

// The children of an element or document node.
inline const GumboVector& childrenOf(const GumboNode* node) {
  return node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
}
// The value of attribute `name` of element `node`, or nullptr.
inline const char* attributeOf(const GumboNode* node, const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
  return attr == nullptr ? nullptr : attr->value;
}

}  // namespace sanso::sanitize::html
