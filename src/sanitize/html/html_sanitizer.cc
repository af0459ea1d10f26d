// cdr for HTML: a new document written from gumbo's tree through the allowlist.
#include "html/html_sanitizer.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include "html/css_filter.h"
#include "html/data_image.h"
#include "html/defang.h"
#include "html/html_allowlist.h"
#include "html/html_document.h"
#include "html/markup_escape.h"
#include "html/url_filter.h"
#include "link_policy.h"
#include "sanso/common/file_io.h"

namespace sanso::sanitize::html {
namespace {

// Defence in depth for the consumer: even a construct this sanitizer misjudged cannot run
// script, load anything remote or submit anything.
constexpr std::string_view kHead =
    "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "img-src data:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'\">\n"
    "<meta name=\"referrer\" content=\"no-referrer\">\n";

constexpr uint64_t kTimeCheckEvery = 4096;

std::string tagName(const GumboNode* node) {
  if (node->v.element.tag != GUMBO_TAG_UNKNOWN) {
    return gumbo_normalized_tagname(node->v.element.tag);
  }
  GumboStringPiece piece = node->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string name(piece.data == nullptr ? "" : std::string(piece.data, std::min<size_t>(piece.length, 40)));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// The report slug for a dropped element.
std::string droppedSlug(const GumboNode* node) {
  const GumboTag tag = node->v.element.tag;
  if (node->v.element.tag_namespace == GUMBO_NAMESPACE_SVG) return "svg-in-html";
  if (node->v.element.tag_namespace == GUMBO_NAMESPACE_MATHML) return "mathml-in-html";
  if (tag == GUMBO_TAG_META) {
    const char* equiv = attributeOf(node, "http-equiv");
    if (equiv != nullptr && std::string_view(equiv).size() == 7) {
      std::string lowered(equiv);
      for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lowered == "refresh") return "meta-refresh";
    }
    return "meta";
  }
  return tagName(node);
}

std::string schemeSlug(const CleanUrl& url) {
  if (url.scheme == "javascript") return "javascript-url";
  if (url.scheme == "vbscript") return "vbscript-url";
  if (url.kind == UrlKind::kData) return "data-url";
  if (url.kind == UrlKind::kRelative) return "relative-link";
  return "link";
}

class HtmlWriter {
 public:
  HtmlWriter(const Options& options, Budget& budget, ActionLog& log)
      : options_(options), budget_(budget), log_(log) {}

  // The new document for gumbo's `document` node.
  Result<std::string> write(const GumboNode* document) {
    const GumboVector& top = document->v.document.children;
    const GumboNode* html = nullptr;
    for (unsigned i = 0; i < top.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(top.data[i]);
      if (child->type == GUMBO_NODE_COMMENT) ++comments_;
      if (child->type == GUMBO_NODE_ELEMENT) html = child;
    }
    if (html == nullptr) return Status::blocked("malformed-html", "no <html> element");
    std::string body;
    for (unsigned i = 0; i < html->v.element.children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(html->v.element.children.data[i]);
      if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_HEAD) {
        SANSO_RETURN_IF_ERROR(head(child));
      } else {
        SANSO_RETURN_IF_ERROR(node(child, 1, body));
      }
    }
    std::string out(kHead);
    if (!title_.empty()) {
      out += "<title>";
      out += title_;
      out += "</title>\n";
    }
    if (!styles_.empty()) {
      out += "<style>\n";
      out += styles_;
      out += "</style>\n";
    }
    // No whitespace between or after these tags: a parser would move it into the body, and
    // the document would change each time it is sanitized again.
    out += "</head><body>";
    out += body;
    out += "</body></html>";
    logSummary();
    return out;
  }

 private:
  Status head(const GumboNode* head) {
    const GumboVector& children = head->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      SANSO_RETURN_IF_ERROR(count(2));
      if (child->type == GUMBO_NODE_COMMENT) {
        ++comments_;
        continue;
      }
      if (child->type != GUMBO_NODE_ELEMENT) continue;
      const GumboTag tag = child->v.element.tag;
      if (tag == GUMBO_TAG_TITLE && title_.empty()) {
        appendEscapedText(title_, textContent(child), controls_);
      } else if (tag == GUMBO_TAG_STYLE) {
        styleElement(child);
      } else if (tag == GUMBO_TAG_META && droppedSlug(child) == "meta") {
        // charset, generator, author...: metadata, rewritten or dropped.
        if (attributeOf(child, "charset") == nullptr) ++metadata_;
      } else {
        log_.removed(droppedSlug(child), "head");
      }
    }
    return Status::ok();
  }

  static std::string textContent(const GumboNode* element) {
    std::string text;
    const GumboVector& children = element->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE) {
        text += child->v.text.text;
      }
    }
    return text;
  }

  void styleElement(const GumboNode* style) {
    const std::string raw = textContent(style);
    const std::string filtered = filterStylesheet(raw, CssProfile::kHtml, css_);
    styles_ += filtered;
  }

  Status count(int depth) {
    if (static_cast<uint64_t>(depth) > budget_.limits().max_xml_depth) {
      return budget_.check("xml-depth", static_cast<uint64_t>(depth),
                           budget_.limits().max_xml_depth, "html");
    }
    if (++nodes_ > budget_.limits().max_markup_nodes) {
      return budget_.check("markup-nodes", nodes_, budget_.limits().max_markup_nodes, "html");
    }
    if (nodes_ % kTimeCheckEvery == 0) return budget_.checkTime("html");
    return Status::ok();
  }

  Status node(const GumboNode* n, int depth, std::string& out) {
    SANSO_RETURN_IF_ERROR(count(depth));
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        appendEscapedText(out, n->v.text.text, controls_);
        return Status::ok();
      case GUMBO_NODE_COMMENT:
        ++comments_;
        return Status::ok();
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        return element(n, depth, out);
      default:
        return Status::ok();
    }
  }

  Status children(const GumboNode* n, int depth, std::string& out) {
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      SANSO_RETURN_IF_ERROR(node(static_cast<const GumboNode*>(kids.data[i]), depth + 1, out));
    }
    return Status::ok();
  }

  Status element(const GumboNode* n, int depth, std::string& out) {
    const GumboTag tag = n->v.element.tag;
    if (n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) {
      log_.removed(droppedSlug(n), "body");
      return Status::ok();
    }
    if (tag == GUMBO_TAG_STYLE) {
      styleElement(n);
      return Status::ok();
    }
    if (tag == GUMBO_TAG_HEAD) return head(n);
    switch (elementRule(tag)) {
      case ElementRule::kDrop:
        log_.removed(droppedSlug(n), "body");
        return Status::ok();
      case ElementRule::kUnwrap:
        if (tag != GUMBO_TAG_HTML && tag != GUMBO_TAG_BODY) {
          log_.removed(tag == GUMBO_TAG_FORM ? "form" : "html-element", "body",
                       tagName(n));
        }
        logDroppedAttributes(n);
        return children(n, depth, out);
      case ElementRule::kKeep:
        break;
    }
    std::string start = "<" + std::string(gumbo_normalized_tagname(tag));
    if (!attributes(n, start)) return Status::ok();  // an image that cannot be kept
    start += '>';
    out += start;
    if (isVoidElement(tag)) return Status::ok();
    // The HTML parser drops a newline right after <pre>; keep the content's own.
    if (tag == GUMBO_TAG_PRE) out += '\n';
    SANSO_RETURN_IF_ERROR(children(n, depth, out));
    out += "</";
    out += gumbo_normalized_tagname(tag);
    out += '>';
    return Status::ok();
  }

  // Reports the attributes of an element that is not written (<body onload>, <html manifest>).
  void logDroppedAttributes(const GumboNode* n) {
    const GumboVector& attrs = n->v.element.attributes;
    for (unsigned i = 0; i < attrs.length; ++i) {
      const std::string name(static_cast<const GumboAttribute*>(attrs.data[i])->name);
      const bool handler = name.size() > 2 && name[0] == 'o' && name[1] == 'n';
      log_.removed(handler ? "event-handler" : "html-attribute", tagName(n), name.substr(0, 40));
    }
  }

  void attribute(std::string& out, std::string_view name, std::string_view value) {
    out += ' ';
    out += name;
    out += "=\"";
    appendEscapedAttribute(out, value, controls_);
    out += '"';
  }

  // Writes the allowed attributes of `n` into `out`; false when the element must go (an
  // image whose source cannot be kept).
  bool attributes(const GumboNode* n, std::string& out) {
    const GumboTag tag = n->v.element.tag;
    const GumboVector& attrs = n->v.element.attributes;
    bool has_src = false;
    for (unsigned i = 0; i < attrs.length; ++i) {
      const auto* attr = static_cast<const GumboAttribute*>(attrs.data[i]);
      const std::string_view name = attr->name;
      const std::string_view value = attr->value;
      if (attr->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE) {
        log_.removed("html-attribute", gumbo_normalized_tagname(tag),
                     std::string(name.substr(0, 40)));
      } else if (name.size() > 2 && (name[0] == 'o' || name[0] == 'O') &&
                 (name[1] == 'n' || name[1] == 'N')) {
        log_.removed("event-handler", gumbo_normalized_tagname(tag),
                     std::string(name.substr(0, 40)));
      } else if (name == "style") {
        const std::string filtered = filterDeclarations(value, CssProfile::kHtml, css_);
        if (!filtered.empty()) attribute(out, name, filtered);
      } else if (tag == GUMBO_TAG_A && name == "href") {
        if (auto kept = link(value)) {
          attribute(out, "href", *kept);
          out += " rel=\"noopener noreferrer nofollow\"";
        }
      } else if (tag == GUMBO_TAG_IMG && name == "src") {
        auto kept = image(value);
        if (!kept) return false;
        attribute(out, "src", *kept);
        has_src = true;
      } else if (name == "dir") {
        if (value == "ltr" || value == "rtl" || value == "auto") attribute(out, name, value);
      } else if (plainAttributeAllowed(tag, name)) {
        attribute(out, name, value);
      } else {
        log_.removed("html-attribute", gumbo_normalized_tagname(tag),
                     std::string(name.substr(0, 40)));
      }
    }
    return tag != GUMBO_TAG_IMG || has_src;
  }

  std::optional<std::string> link(std::string_view value) {
    const CleanUrl url = cleanUrl(value);
    if (url.kind == UrlKind::kFragment) return url.url;
    if ((url.kind == UrlKind::kHttp || url.kind == UrlKind::kMailto) &&
        classifyLink(url.url) == LinkVerdict::kBrowse) {
      if (options_.keep_hyperlinks) return url.url;
      log_.neutralized("hyperlink", "a", defangUrl(url.url));
      return std::nullopt;
    }
    if (url.kind != UrlKind::kEmpty) log_.neutralized(schemeSlug(url), "a", defangUrl(url.url));
    return std::nullopt;
  }

  std::optional<std::string> image(std::string_view value) {
    const CleanUrl url = cleanUrl(value);
    if (url.kind == UrlKind::kData) {
      auto reencoded = reencodeDataImage(url.url, budget_, "img");
      if (reencoded.isOk()) {
        log_.add("re-encoded", "data-image", "img");
        return std::move(*reencoded);
      }
      log_.removed("data-image", "img", reencoded.status().reason());
      return std::nullopt;
    }
    if (url.kind == UrlKind::kHttp) {
      log_.removed("remote-image", "img", defangUrl(url.url));
    } else if (url.kind != UrlKind::kEmpty) {
      log_.removed("image", "img", defangUrl(url.url));
    }
    return std::nullopt;
  }

  void logSummary() {
    if (comments_ > 0) log_.removed("html-comment", "document", std::to_string(comments_));
    if (metadata_ > 0) log_.removed("metadata", "head", std::to_string(metadata_) + " meta");
    if (css_.dropped_declarations > 0) {
      log_.removed("css-declaration", "style", std::to_string(css_.dropped_declarations));
    }
    if (css_.dropped_rules > 0) {
      log_.removed("css-rule", "style", std::to_string(css_.dropped_rules));
    }
    if (css_.remote_urls > 0) {
      log_.removed("css-remote-url", "style", std::to_string(css_.remote_urls));
    }
    if (controls_ > 0) {
      log_.removed("control-characters", "document", std::to_string(controls_));
    }
  }

  const Options& options_;
  Budget& budget_;
  ActionLog& log_;
  std::string title_;
  std::string styles_;
  CssStats css_;
  uint64_t nodes_ = 0;
  uint64_t comments_ = 0;
  uint64_t metadata_ = 0;
  uint64_t controls_ = 0;
};

}  // namespace

Result<std::string> sanitizeHtmlBytes(ByteView input, const Options& options, Budget& budget,
                                      ActionLog& log) {
  SANSO_ASSIGN_OR_RETURN(std::unique_ptr<HtmlDocument> doc,
                         HtmlDocument::parse(input, budget, log));
  HtmlWriter writer(options, budget, log);
  return writer.write(doc->document());
}

Result<FileType> sanitizeHtml(Job& job) {
  SANSO_ASSIGN_OR_RETURN(std::string out,
                         sanitizeHtmlBytes(job.input, job.options, job.budget, job.log));
  SANSO_RETURN_IF_ERROR(writeFile(job.output_path, asBytes(out)));
  return FileType::kHtml;
}

}  // namespace sanso::sanitize::html
