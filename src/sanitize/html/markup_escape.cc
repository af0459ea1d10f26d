#include "html/markup_escape.h"

#include "text/text_sanitizer.h"

namespace sanso::sanitize::html {
namespace {

void appendEscaped(std::string& out, std::string_view raw, bool attribute, uint64_t& removed) {
  const std::string clean = text::stripControls(raw, removed);
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        if (attribute) {
          out += "&quot;";
        } else {
          out.push_back(c);
        }
        break;
      case '\'':
        if (attribute) {
          out += "&#39;";
        } else {
          out.push_back(c);
        }
        break;
      default: out.push_back(c);
    }
  }
}

}  // namespace

void appendEscapedText(std::string& out, std::string_view text, uint64_t& removed) {
  appendEscaped(out, text, false, removed);
}

void appendEscapedAttribute(std::string& out, std::string_view value, uint64_t& removed) {
  appendEscaped(out, value, true, removed);
}

}  // namespace sanso::sanitize::html
