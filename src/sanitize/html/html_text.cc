// text for HTML: the readable content, with links written out defanged.
#include <algorithm>
#include <string_view>
#include <vector>

#include "html/defang.h"
#include "html/html_allowlist.h"
#include "html/html_document.h"
#include "html/html_sanitizer.h"
#include "html/url_filter.h"
#include "sanso/common/file_io.h"
#include "text/text_sanitizer.h"

namespace sanso::sanitize::html {
namespace {

constexpr uint64_t kTimeCheckEvery = 4096;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

class TextWriter {
 public:
  TextWriter(Budget& budget, ActionLog& log) : budget_(budget), log_(log) {}

  Result<std::string> write(const GumboNode* html) {
    SANSO_RETURN_IF_ERROR(children(html, 1));
    // Lines without trailing spaces, at most one empty line in a row.
    std::string out;
    size_t newlines = 2;
    for (char c : out_) {
      if (c == '\n') {
        while (!out.empty() && (out.back() == ' ' || out.back() == '\t') && newlines == 0) {
          out.pop_back();
        }
        if (++newlines > 2) continue;
      } else {
        newlines = 0;
      }
      out.push_back(c);
    }
    while (!out.empty() && isSpace(out.back())) out.pop_back();
    if (!out.empty()) out.push_back('\n');
    uint64_t removed = 0;
    std::string clean = text::stripControls(out, removed);
    if (removed > 0) log_.removed("control-characters", "document", std::to_string(removed));
    if (links_ > 0) log_.neutralized("hyperlink", "document", std::to_string(links_) + " defanged");
    return clean;
  }

 private:
  void lineBreak() {
    if (!out_.empty() && out_.back() != '\n') out_.push_back('\n');
  }

  void appendText(std::string_view text) {
    if (pre_ > 0) {
      out_.append(text);
      return;
    }
    for (char c : text) {
      if (isSpace(c)) {
        if (!out_.empty() && out_.back() != ' ' && out_.back() != '\n') out_.push_back(' ');
      } else {
        out_.push_back(c);
      }
    }
  }

  Status children(const GumboNode* n, int depth) {
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      SANSO_RETURN_IF_ERROR(node(static_cast<const GumboNode*>(kids.data[i]), depth + 1));
    }
    return Status::ok();
  }

  Status node(const GumboNode* n, int depth) {
    if (static_cast<uint64_t>(depth) > budget_.limits().max_xml_depth) {
      return budget_.check("xml-depth", static_cast<uint64_t>(depth),
                           budget_.limits().max_xml_depth, "html");
    }
    if (++nodes_ > budget_.limits().max_markup_nodes) {
      return budget_.check("markup-nodes", nodes_, budget_.limits().max_markup_nodes, "html");
    }
    if (nodes_ % kTimeCheckEvery == 0) SANSO_RETURN_IF_ERROR(budget_.checkTime("html"));
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      appendText(n->v.text.text);
      return Status::ok();
    }
    if (n->type != GUMBO_NODE_ELEMENT) return Status::ok();
    return element(n, depth);
  }

  Status element(const GumboNode* n, int depth) {
    const GumboTag tag = n->v.element.tag;
    if (n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return Status::ok();
    if (tag == GUMBO_TAG_HEAD) {
      for (unsigned i = 0; i < n->v.element.children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(n->v.element.children.data[i]);
        if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_TITLE) {
          SANSO_RETURN_IF_ERROR(children(child, depth));
          lineBreak();
          out_.push_back('\n');
        }
      }
      return Status::ok();
    }
    if (elementRule(tag) == ElementRule::kDrop) return Status::ok();
    switch (tag) {
      case GUMBO_TAG_BR: out_.push_back('\n'); return Status::ok();
      case GUMBO_TAG_HR: lineBreak(); out_ += "----\n"; return Status::ok();
      case GUMBO_TAG_IMG: {
        const char* alt = attributeOf(n, "alt");
        if (alt != nullptr && *alt != '\0') {
          out_ += '[';
          appendText(alt);
          out_ += ']';
        }
        return Status::ok();
      }
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TH:
        if (!out_.empty() && out_.back() != '\n' && cell_in_row_) out_.push_back('\t');
        cell_in_row_ = true;
        return children(n, depth);
      case GUMBO_TAG_TR:
        lineBreak();
        cell_in_row_ = false;
        SANSO_RETURN_IF_ERROR(children(n, depth));
        lineBreak();
        cell_in_row_ = false;
        return Status::ok();
      case GUMBO_TAG_OL:
      case GUMBO_TAG_UL: {
        lineBreak();
        lists_.push_back(tag == GUMBO_TAG_OL ? 1 : 0);
        Status status = children(n, depth);
        lists_.pop_back();
        lineBreak();
        return status;
      }
      case GUMBO_TAG_LI: {
        lineBreak();
        if (!lists_.empty()) out_.append(2 * (lists_.size() - 1), ' ');
        if (!lists_.empty() && lists_.back() > 0) {
          out_ += std::to_string(lists_.back()++) + ". ";
        } else {
          out_ += "- ";
        }
        SANSO_RETURN_IF_ERROR(children(n, depth));
        lineBreak();
        return Status::ok();
      }
      case GUMBO_TAG_A: return anchor(n, depth);
      case GUMBO_TAG_PRE:
      case GUMBO_TAG_LISTING: {
        lineBreak();
        ++pre_;
        Status status = children(n, depth);
        --pre_;
        lineBreak();
        return status;
      }
      default: break;
    }
    const bool block = isBlockElement(tag);
    const bool heading = tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6;
    if (block) {
      lineBreak();
      if (tag == GUMBO_TAG_P || heading) out_.push_back('\n');
    }
    SANSO_RETURN_IF_ERROR(children(n, depth));
    if (block) {
      lineBreak();
      if (tag == GUMBO_TAG_P || heading) out_.push_back('\n');
    }
    return Status::ok();
  }

  Status anchor(const GumboNode* n, int depth) {
    const size_t before = out_.size();
    SANSO_RETURN_IF_ERROR(children(n, depth));
    const char* href = attributeOf(n, "href");
    if (href == nullptr) return Status::ok();
    const CleanUrl url = cleanUrl(href);
    if (url.kind != UrlKind::kHttp && url.kind != UrlKind::kMailto) return Status::ok();
    const std::string defanged = defangUrl(url.url);
    ++links_;
    const bool has_text = out_.find_first_not_of(" \n\t", before) != std::string::npos;
    out_ += has_text ? " (" + defanged + ")" : defanged;
    return Status::ok();
  }

  Budget& budget_;
  ActionLog& log_;
  std::string out_;
  std::vector<int> lists_;  // per open list: next number (ol) or 0 (ul)
  int pre_ = 0;
  bool cell_in_row_ = false;
  uint64_t nodes_ = 0;
  uint64_t links_ = 0;
};

}  // namespace

Result<std::string> htmlBytesToText(ByteView input, const Options&, Budget& budget,
                                    ActionLog& log) {
  SANSO_ASSIGN_OR_RETURN(std::unique_ptr<HtmlDocument> doc,
                         HtmlDocument::parse(input, budget, log));
  TextWriter writer(budget, log);
  return writer.write(doc->root());
}

Result<FileType> htmlToText(Job& job) {
  SANSO_ASSIGN_OR_RETURN(std::string out,
                         htmlBytesToText(job.input, job.options, job.budget, job.log));
  SANSO_RETURN_IF_ERROR(writeFile(job.output_path, asBytes(out)));
  return FileType::kText;
}

}  // namespace sanso::sanitize::html
