#include "html/html_document.h"

#include "html/markup_charset.h"

namespace sanso::sanitize::html {

// gumbo keeps every parse error it meets; a hostile page can have millions.
constexpr int kMaxParseErrors = 100;

HtmlDocument::HtmlDocument(Budget& budget) : arena_(budget) {}

Result<std::unique_ptr<HtmlDocument>> HtmlDocument::parse(ByteView input, Budget& budget,
                                                         ActionLog& log) {
  SANSO_ASSIGN_OR_RETURN(text::Decoded decoded, decodeMarkup(input));
  SANSO_RETURN_IF_ERROR(budget.check("markup-bytes", decoded.utf8.size(),
                                     budget.limits().max_markup_bytes, "document"));
  if (decoded.charset != "UTF-8") {
    log.add("converted", "charset", "document", decoded.charset + " -> UTF-8");
  }
  std::unique_ptr<HtmlDocument> doc(new HtmlDocument(budget));
  doc->utf8_ = std::move(decoded.utf8);
  doc->options_.max_errors = kMaxParseErrors;
  doc->arena_.install(doc->options_);
  doc->output_ = doc->arena_.parse(doc->options_, doc->utf8_);
  if (doc->output_ == nullptr) {
    if (!doc->arena_.failure().isOk()) return doc->arena_.failure();
    return Status::blocked("malformed-html", "the HTML parser produced no document");
  }
  if (doc->output_->root == nullptr) {
    return Status::blocked("malformed-html", "the HTML parser produced no document");
  }
  return doc;
}

}  // namespace sanso::sanitize::html
