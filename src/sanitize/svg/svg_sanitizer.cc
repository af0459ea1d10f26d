// cdr and text for SVG: a new SVG document written from pugixml's tree through the allowlist.
#include "svg/svg_sanitizer.h"

#include <algorithm>
#include <cctype>
#include <pugixml.hpp>
#include <string_view>
#include <utility>
#include <vector>

#include "html/css_filter.h"
#include "html/data_image.h"
#include "html/defang.h"
#include "html/markup_charset.h"
#include "html/url_filter.h"
#include "ooxml/xml_util.h"
#include "sanso/common/file_io.h"
#include "svg/svg_allowlist.h"
#include "svg/svg_references.h"
#include "text/text_sanitizer.h"

namespace sanso::sanitize::svg {
namespace {

// pugixml expands only the five predefined entities and character references; with
// parse_doctype the DOCTYPE becomes a node we can inspect (and refuse) instead of being
// skipped. Processing instructions and comments are parsed only to be reported.
constexpr unsigned kParseFlags = pugi::parse_cdata | pugi::parse_escapes | pugi::parse_eol |
                                 pugi::parse_wconv_attribute | pugi::parse_doctype |
                                 pugi::parse_pi | pugi::parse_comments;
constexpr uint64_t kTimeCheckEvery = 4096;

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

// Namespace declarations in scope at one element.
struct Scope {
  const Scope* parent = nullptr;
  std::vector<std::pair<std::string_view, std::string_view>> bindings;  // prefix ("" default)

  std::string_view resolve(std::string_view prefix) const {
    if (prefix == "xml") return kXmlNamespace;
    for (const Scope* s = this; s != nullptr; s = s->parent) {
      for (const auto& [p, uri] : s->bindings) {
        if (p == prefix) return uri;
      }
    }
    return {};
  }
};

// True for "#id" with a plain id (what href targets may be written as), judged on the value
// as set() writes it, without control characters: "#" and only C1 or bidi controls is "#".
bool plainFragment(const html::CleanUrl& url) {
  if (url.kind != html::UrlKind::kFragment) return false;
  uint64_t removed = 0;
  const std::string id = text::stripControls(url.url, removed);
  if (id.size() < 2) return false;
  return std::all_of(id.begin() + 1, id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           static_cast<unsigned char>(c) >= 0x80;
  });
}

std::pair<std::string_view, std::string_view> splitName(std::string_view qname) {
  const size_t colon = qname.find(':');
  if (colon == std::string_view::npos) return {{}, qname};
  return {qname.substr(0, colon), qname.substr(colon + 1)};
}

class SvgWriter {
 public:
  SvgWriter(Budget& budget, ActionLog& log) : budget_(budget), log_(log) {}

  Status write(const pugi::xml_document& source, pugi::xml_document& out) {
    pugi::xml_node root;
    for (pugi::xml_node n : source.children()) {
      switch (n.type()) {
        case pugi::node_doctype:
          if (std::string_view(n.value()).find('[') != std::string_view::npos) {
            return Status::blocked("svg-dtd", "the DOCTYPE has an internal subset (entities)");
          }
          log_.removed("doctype", "document");
          break;
        case pugi::node_pi:
          log_.removed("processing-instruction", "document", n.name());
          break;
        case pugi::node_comment:
          ++comments_;
          break;
        case pugi::node_element:
          root = n;
          break;
        default:
          break;
      }
    }
    if (!root) return Status::blocked("malformed-svg", "no root element");
    Scope scope;
    declare(root, scope);
    const auto [prefix, local] = splitName(root.name());
    if (local != "svg" || scope.resolve(prefix) != kSvgNamespace) {
      return Status::blocked("malformed-svg", "the root element is not an SVG <svg>");
    }
    pugi::xml_node declaration = out.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "UTF-8";
    pugi::xml_node svg = out.append_child("svg");
    svg.append_attribute("xmlns") = std::string(kSvgNamespace).c_str();
    svg.append_attribute("xmlns:xlink") = std::string(kXlinkNamespace).c_str();
    SANSO_RETURN_IF_ERROR(attributes(root, "svg", scope, svg));
    SANSO_RETURN_IF_ERROR(children(root, "svg", scope, svg, 1));
    SANSO_RETURN_IF_ERROR(checkReferences(svg, budget_));
    logSummary();
    return Status::ok();
  }

 private:
  static void declare(pugi::xml_node element, Scope& scope) {
    for (pugi::xml_attribute a : element.attributes()) {
      const std::string_view name = a.name();
      if (name == "xmlns") scope.bindings.emplace_back(std::string_view{}, a.value());
      if (name.starts_with("xmlns:")) scope.bindings.emplace_back(name.substr(6), a.value());
    }
  }

  Status count(int depth) {
    if (static_cast<uint64_t>(depth) > budget_.limits().max_xml_depth) {
      return budget_.check("xml-depth", static_cast<uint64_t>(depth),
                           budget_.limits().max_xml_depth, "svg");
    }
    if (++nodes_ > budget_.limits().max_markup_nodes) {
      return budget_.check("markup-nodes", nodes_, budget_.limits().max_markup_nodes, "svg");
    }
    if (nodes_ % kTimeCheckEvery == 0) return budget_.checkTime("svg");
    return Status::ok();
  }

  // Writes the children of `source` into `out`. `local` is the name of the element whose
  // text they are: the nearest one written, so the text of an unwrapped <a> in a <text> stays.
  Status children(pugi::xml_node source, std::string_view local, const Scope& scope,
                  pugi::xml_node out, int depth) {
    if (local == "style") return style(source, out);
    for (pugi::xml_node n : source.children()) {
      SANSO_RETURN_IF_ERROR(count(depth + 1));
      switch (n.type()) {
        case pugi::node_pcdata:
        case pugi::node_cdata:
          if (keepsText(local)) {
            uint64_t removed = 0;
            const std::string clean = text::stripControls(n.value(), removed);
            controls_ += removed;
            out.append_child(pugi::node_pcdata).set_value(clean.c_str());
          }
          break;
        case pugi::node_element:
          SANSO_RETURN_IF_ERROR(element(n, local, scope, out, depth + 1));
          break;
        case pugi::node_comment:
          ++comments_;
          break;
        case pugi::node_pi:
          log_.removed("processing-instruction", "svg", n.name());
          break;
        default:
          break;
      }
    }
    return Status::ok();
  }

  Status style(pugi::xml_node source, pugi::xml_node out) {
    std::string css;
    for (pugi::xml_node n : source.children()) {
      if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) css += n.value();
    }
    const std::string filtered = html::filterStylesheet(css, html::CssProfile::kSvg, css_);
    if (!filtered.empty()) out.append_child(pugi::node_pcdata).set_value(filtered.c_str());
    return Status::ok();
  }

  Status element(pugi::xml_node source, std::string_view parent_local, const Scope& parent,
                 pugi::xml_node out, int depth) {
    Scope scope;
    scope.parent = &parent;
    declare(source, scope);
    const auto [prefix, local] = splitName(source.name());
    const std::string where(local.substr(0, 40));
    if (scope.resolve(prefix) != kSvgNamespace) {
      ++foreign_;
      return Status::ok();
    }
    switch (svgElementRule(local)) {
      case SvgElementRule::kDrop:
        log_.removed(local == "foreignObject" ? "foreign-object" : std::string(where), "svg");
        return Status::ok();
      case SvgElementRule::kUnwrap:
        log_.neutralized("link", "a");
        return children(source, parent_local, scope, out, depth);
      case SvgElementRule::kKeep:
        break;
    }
    if ((local == "image" || local == "use") && !hasAllowedReference(source, local, scope)) {
      return Status::ok();
    }
    std::string image_href;
    if (local == "image") {
      SANSO_ASSIGN_OR_RETURN(image_href, imageHref(hrefOf(source, scope)));
      if (image_href.empty()) return Status::ok();
    }
    pugi::xml_node element = out.append_child(std::string(local).c_str());
    if (!image_href.empty()) set(element, "xlink:href", image_href);
    SANSO_RETURN_IF_ERROR(attributes(source, local, scope, element));
    return children(source, local, scope, element, depth);
  }

  // The href of `source` (href or xlink:href), or nullptr.
  static const char* hrefOf(pugi::xml_node source, const Scope& scope) {
    for (pugi::xml_attribute a : source.attributes()) {
      const auto [prefix, local] = splitName(a.name());
      if (local != "href") continue;
      if (prefix.empty() || scope.resolve(prefix) == kXlinkNamespace) return a.value();
    }
    return nullptr;
  }

  // <image> needs a data: image and <use> a local reference; others are dropped and logged.
  bool hasAllowedReference(pugi::xml_node source, std::string_view local, const Scope& scope) {
    const char* href = hrefOf(source, scope);
    const html::CleanUrl url = html::cleanUrl(href == nullptr ? "" : href);
    if (local == "use" && plainFragment(url)) return true;
    if (local == "image" && url.kind == html::UrlKind::kData) return true;
    const std::string slug = local == "use" ? "remote-use" : "remote-image";
    log_.removed(url.kind == html::UrlKind::kHttp ? slug : std::string(local) + "-reference",
                 std::string(local), html::defangUrl(url.url));
    return false;
  }

  void set(pugi::xml_node element, const char* name, std::string_view value) {
    if (element.attribute(name)) return;  // pugixml keeps duplicates; XML does not
    uint64_t removed = 0;
    const std::string clean = text::stripControls(value, removed);
    controls_ += removed;
    element.append_attribute(name) = clean.c_str();
  }

  Status attributes(pugi::xml_node source, std::string_view local, const Scope& scope,
                    pugi::xml_node out) {
    uint64_t count = 0;
    const std::string where(local.substr(0, 40));
    for (pugi::xml_attribute a : source.attributes()) {
      if (++count > budget_.limits().max_xml_attributes) {
        return budget_.check("xml-attributes", count, budget_.limits().max_xml_attributes, where);
      }
      const std::string_view qname = a.name();
      const std::string_view value = a.value();
      const auto [prefix, name] = splitName(qname);
      if (qname == "xmlns" || prefix == "xmlns") continue;
      if (!prefix.empty()) {
        const std::string_view ns = scope.resolve(prefix);
        if (ns == kXlinkNamespace && name == "href") {
          SANSO_RETURN_IF_ERROR(href(local, value, out));
        } else if (ns == kXmlNamespace && (name == "space" || name == "lang")) {
          set(out, std::string(qname == "xml:space" ? "xml:space" : "xml:lang").c_str(), value);
        } else {
          ++foreign_attributes_;
        }
        continue;
      }
      if (name.size() > 2 && (name[0] == 'o' || name[0] == 'O') &&
          (name[1] == 'n' || name[1] == 'N')) {
        log_.removed("event-handler", where, std::string(name.substr(0, 40)));
      } else if (name == "href") {
        SANSO_RETURN_IF_ERROR(href(local, value, out));
      } else if (name == "style") {
        const std::string css = html::filterDeclarations(value, html::CssProfile::kSvg, css_);
        if (!css.empty()) set(out, "style", css);
      } else if (presentationAttribute(name)) {
        if (html::allowedCssDeclaration(name, value, html::CssProfile::kSvg)) {
          set(out, std::string(name).c_str(), value);
        } else {
          log_.removed("svg-attribute", where, std::string(name));
        }
      } else if (plainSvgAttribute(name)) {
        set(out, std::string(name).c_str(), value);
      } else {
        log_.removed("svg-attribute", where, std::string(name.substr(0, 40)));
      }
    }
    return Status::ok();
  }

  // The re-encoded data: URL for an <image> whose href is one; empty (and logged) when the
  // image cannot be kept.
  Result<std::string> imageHref(const char* value) {
    const html::CleanUrl url = html::cleanUrl(value == nullptr ? "" : value);
    auto reencoded = html::reencodeDataImage(url.url, budget_, "image");
    if (!reencoded.isOk()) {
      if (reencoded.status().reason() == "limit-time") return reencoded.status();
      log_.removed("data-image", "image", reencoded.status().reason());
      return std::string();
    }
    log_.add("re-encoded", "data-image", "image");
    return std::move(*reencoded);
  }

  Status href(std::string_view local, std::string_view value, pugi::xml_node out) {
    if (local == "image") return Status::ok();  // written by element()
    const html::CleanUrl url = html::cleanUrl(value);
    if (takesLocalHref(local) && plainFragment(url)) {
      set(out, "xlink:href", url.url);
      return Status::ok();
    }
    log_.removed(url.scheme == "javascript" ? "javascript-url" : "external-reference",
                 std::string(local), html::defangUrl(url.url));
    return Status::ok();
  }

  void logSummary() {
    if (comments_ > 0) log_.removed("xml-comment", "svg", std::to_string(comments_));
    if (foreign_ > 0) log_.removed("foreign-element", "svg", std::to_string(foreign_));
    if (foreign_attributes_ > 0) {
      log_.removed("foreign-attribute", "svg", std::to_string(foreign_attributes_));
    }
    if (css_.dropped_declarations > 0) {
      log_.removed("css-declaration", "style", std::to_string(css_.dropped_declarations));
    }
    if (css_.dropped_rules > 0)
      log_.removed("css-rule", "style", std::to_string(css_.dropped_rules));
    if (css_.remote_urls > 0) {
      log_.removed("css-remote-url", "style", std::to_string(css_.remote_urls));
    }
    if (controls_ > 0) log_.removed("control-characters", "svg", std::to_string(controls_));
  }

  Budget& budget_;
  ActionLog& log_;
  html::CssStats css_;
  uint64_t nodes_ = 0;
  uint64_t comments_ = 0;
  uint64_t foreign_ = 0;
  uint64_t foreign_attributes_ = 0;
  uint64_t controls_ = 0;
};

Status sanitizeToDocument(ByteView input, Budget& budget, ActionLog& log, pugi::xml_document& out) {
  SANSO_ASSIGN_OR_RETURN(text::Decoded decoded, html::decodeMarkup(input));
  SANSO_RETURN_IF_ERROR(budget.check("markup-bytes", decoded.utf8.size(),
                                     budget.limits().max_markup_bytes, "document"));
  if (decoded.charset != "UTF-8") {
    log.add("converted", "charset", "document", decoded.charset + " -> UTF-8");
  }
  // Every element pugixml builds starts with a '<', so this bounds the tree before it is built.
  const auto markup =
      static_cast<uint64_t>(std::count(decoded.utf8.begin(), decoded.utf8.end(), '<'));
  SANSO_RETURN_IF_ERROR(
      budget.check("markup-nodes", markup, budget.limits().max_markup_nodes, "document"));
  pugi::xml_document source;
  const pugi::xml_parse_result parsed = source.load_buffer(decoded.utf8.data(), decoded.utf8.size(),
                                                           kParseFlags, pugi::encoding_utf8);
  if (!parsed) {
    return Status::blocked("malformed-svg", std::string("XML: ") + parsed.description() +
                                                " at byte " + std::to_string(parsed.offset));
  }
  SvgWriter writer(budget, log);
  return writer.write(source, out);
}

// Collects the text of text-bearing elements, one line each.
void collectText(pugi::xml_node node, std::string& out, int depth) {
  if (depth > 1000) return;  // the sanitized tree is already within max_xml_depth
  for (pugi::xml_node n : node.children()) {
    if (n.type() == pugi::node_pcdata) {
      out += n.value();
    } else if (n.type() == pugi::node_element) {
      const std::string_view name = n.name();
      if (name == "style") continue;
      const bool line = name == "text" || name == "title" || name == "desc";
      collectText(n, out, depth + 1);
      if (line && !out.empty() && out.back() != '\n') out.push_back('\n');
    }
  }
}

}  // namespace

Result<std::string> sanitizeSvgBytes(ByteView input, const Options&, Budget& budget,
                                     ActionLog& log) {
  pugi::xml_document out;
  SANSO_RETURN_IF_ERROR(sanitizeToDocument(input, budget, log, out));
  StringWriter writer;
  out.save(writer, "", pugi::format_raw, pugi::encoding_utf8);
  writer.out += '\n';
  SANSO_RETURN_IF_ERROR(ooxml::requireUtf8(writer.out, "document"));
  return std::move(writer.out);
}

Result<std::string> svgBytesToText(ByteView input, const Options&, Budget& budget, ActionLog& log) {
  pugi::xml_document out;
  SANSO_RETURN_IF_ERROR(sanitizeToDocument(input, budget, log, out));
  std::string text;
  collectText(out, text, 0);
  uint64_t removed = 0;
  return text::stripControls(text, removed);
}

Result<FileType> sanitizeSvg(Job& job) {
  SANSO_ASSIGN_OR_RETURN(std::string out,
                         sanitizeSvgBytes(job.input, job.options, job.budget, job.log));
  SANSO_RETURN_IF_ERROR(writeFile(job.output_path, asBytes(out)));
  return FileType::kSvg;
}

Result<FileType> svgToText(Job& job) {
  SANSO_ASSIGN_OR_RETURN(std::string out,
                         svgBytesToText(job.input, job.options, job.budget, job.log));
  SANSO_RETURN_IF_ERROR(writeFile(job.output_path, asBytes(out)));
  return FileType::kText;
}

}  // namespace sanso::sanitize::svg
