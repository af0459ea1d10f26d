#include "html/css_filter.h"

#include <algorithm>
#include <cctype>

namespace sanso::sanitize::html {
namespace {

// clang-format off
constexpr std::string_view kHtmlProperties[] = {
    "color", "background-color", "font", "font-family", "font-size", "font-style",
    "font-weight", "font-variant", "line-height", "letter-spacing", "word-spacing",
    "text-align", "text-decoration", "text-indent", "text-transform", "vertical-align",
    "white-space", "word-break", "overflow-wrap", "direction", "margin", "margin-top",
    "margin-right", "margin-bottom", "margin-left", "padding", "padding-top", "padding-right",
    "padding-bottom", "padding-left", "border", "border-top", "border-right", "border-bottom",
    "border-left", "border-color", "border-style", "border-width", "border-top-color",
    "border-right-color", "border-bottom-color", "border-left-color", "border-top-style",
    "border-right-style", "border-bottom-style", "border-left-style", "border-top-width",
    "border-right-width", "border-bottom-width", "border-left-width", "border-collapse",
    "border-spacing", "border-radius", "width", "height", "min-width", "max-width",
    "min-height", "max-height", "list-style-type", "list-style-position", "table-layout",
    "caption-side", "empty-cells", "float", "clear", "display", "visibility", "opacity"};
constexpr std::string_view kSvgProperties[] = {
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "stop-color", "stop-opacity", "clip-path", "clip-rule", "mask",
    "filter", "marker", "marker-start", "marker-mid", "marker-end", "text-anchor",
    "dominant-baseline", "alignment-baseline", "baseline-shift", "flood-color",
    "flood-opacity", "lighting-color", "color-interpolation", "color-interpolation-filters",
    "paint-order", "shape-rendering", "text-rendering", "image-rendering", "writing-mode",
    "vector-effect", "mix-blend-mode", "isolation", "overflow", "font-stretch"};
constexpr std::string_view kColourFunctions[] = {"rgb", "rgba", "hsl", "hsla"};
// clang-format on

template <size_t N>
bool contains(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

bool propertyAllowed(std::string_view property, CssProfile profile) {
  if (contains(kHtmlProperties, property)) return true;
  return profile == CssProfile::kSvg && contains(kSvgProperties, property);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f";
  const size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

// Comments removed; an unterminated comment swallows the rest, as in CSS.
std::string stripComments(std::string_view css) {
  std::string out;
  out.reserve(css.size());
  for (size_t i = 0; i < css.size();) {
    if (css.compare(i, 2, "/*") == 0) {
      const size_t end = css.find("*/", i + 2);
      if (end == std::string_view::npos) break;
      i = end + 2;
      out.push_back(' ');
      continue;
    }
    out.push_back(css[i++]);
  }
  return out;
}

bool isIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

// url(#id) with an optionally quoted local fragment of plain id characters.
bool localUrlArgument(std::string_view arg) {
  arg = trim(arg);
  if (arg.size() >= 2 && (arg.front() == '"' || arg.front() == '\'') && arg.back() == arg.front()) {
    arg = arg.substr(1, arg.size() - 2);
  }
  if (arg.size() < 2 || arg.front() != '#') return false;
  return std::all_of(arg.begin() + 1, arg.end(), [](char c) { return isIdentChar(c) || c == '.'; });
}

bool colourArgument(std::string_view arg) {
  return std::all_of(arg.begin(), arg.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x80 && std::isalnum(u)) || c == '.' || c == ',' || c == '%' || c == ' ' ||
           c == '/' || c == '-' || c == '+';
  });
}

// Plain tokens only; see the header. `remote` is set when a url() other than #id was seen.
bool valueAllowed(std::string_view value, CssProfile profile, bool& remote) {
  if (value.empty() || value.size() > 512) return false;
  for (size_t i = 0; i < value.size();) {
    const char c = value[i];
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\'') {
      // A quoted name (font families, Japanese ones included): no escapes, no markup.
      const size_t end = value.find(c, i + 1);
      if (end == std::string_view::npos) return false;
      for (size_t k = i + 1; k < end; ++k) {
        const auto q = static_cast<unsigned char>(value[k]);
        if (q < 0x20 || q == 0x7F || value[k] == '\\' || value[k] == '<' || value[k] == '>' ||
            value[k] == '&' || value[k] == '(' || value[k] == ')' || value[k] == ';' ||
            value[k] == '{' || value[k] == '}') {
          return false;
        }
      }
      i = end + 1;
      continue;
    }
    if (c == '(') {
      size_t start = i;
      while (start > 0 && isIdentChar(value[start - 1])) --start;
      const std::string name = lower(value.substr(start, i - start));
      const size_t close = value.find(')', i + 1);
      if (close == std::string_view::npos) return false;
      const std::string_view arg = value.substr(i + 1, close - i - 1);
      if (name == "url") {
        if (profile != CssProfile::kSvg || !localUrlArgument(arg)) {
          remote = true;
          return false;
        }
      } else if (!contains(kColourFunctions, name) || !colourArgument(arg)) {
        return false;
      }
      i = close + 1;
      continue;
    }
    const bool plain = (u < 0x80 && std::isalnum(u)) || c == ' ' || c == '#' || c == '%' ||
                       c == '.' || c == ',' || c == '-' || c == '+' || c == '/' || c == '_';
    if (!plain) return false;
    ++i;
  }
  return true;
}

}  // namespace

bool allowedCssDeclaration(std::string_view property, std::string_view value, CssProfile profile) {
  bool remote = false;
  return propertyAllowed(property, profile) && valueAllowed(value, profile, remote);
}

std::string filterDeclarations(std::string_view css, CssProfile profile, CssStats& stats) {
  const std::string text = stripComments(css);
  std::string out;
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t semi = rest.find(';');
    std::string_view decl = trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    if (decl.empty()) continue;
    const size_t colon = decl.find(':');
    if (colon == std::string_view::npos) {
      ++stats.dropped_declarations;
      continue;
    }
    const std::string property = lower(trim(decl.substr(0, colon)));
    std::string_view value = trim(decl.substr(colon + 1));
    const std::string folded = lower(value);
    if (folded.size() >= 10 && folded.ends_with("!important")) {
      value = trim(value.substr(0, value.size() - 10));
    }
    bool remote = false;
    if (!propertyAllowed(property, profile) || !valueAllowed(value, profile, remote)) {
      ++stats.dropped_declarations;
      if (remote) ++stats.remote_urls;
      continue;
    }
    if (!out.empty()) out += "; ";
    out += property;
    out += ": ";
    out += value;
  }
  return out;
}

namespace {

bool selectorAllowed(std::string_view selector) {
  if (selector.empty() || selector.size() > 512) return false;
  return std::all_of(selector.begin(), selector.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x80 && std::isalnum(u)) || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
           c == '.' || c == '#' || c == ',' || c == '>' || c == '+' || c == '~' || c == '*' ||
           c == ':' || c == '-' || c == '_' || c == '(' || c == ')';
  });
}

// The index just past the block that opens at `open` ('{'), braces balanced; npos when the
// block does not close.
size_t blockEnd(std::string_view css, size_t open) {
  size_t depth = 0;
  for (size_t i = open; i < css.size(); ++i) {
    if (css[i] == '{') ++depth;
    if (css[i] == '}' && --depth == 0) return i + 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::string filterStylesheet(std::string_view css, CssProfile profile, CssStats& stats) {
  const std::string text = stripComments(css);
  std::string_view rest = text;
  std::string out;
  while (true) {
    rest = trim(rest);
    if (rest.empty()) break;
    if (rest.front() == '@') {
      // At-rule: up to its ';' or through its block, whichever comes first.
      ++stats.dropped_rules;
      const std::string head = lower(rest.substr(0, std::min<size_t>(rest.size(), 16)));
      if (head.starts_with("@import") || head.starts_with("@font-face")) ++stats.remote_urls;
      const size_t semi = rest.find(';');
      const size_t brace = rest.find('{');
      if (brace != std::string_view::npos && (semi == std::string_view::npos || brace < semi)) {
        const size_t end = blockEnd(rest, brace);
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end);
      } else {
        if (semi == std::string_view::npos) break;
        rest.remove_prefix(semi + 1);
      }
      continue;
    }
    const size_t brace = rest.find('{');
    if (brace == std::string_view::npos) {
      ++stats.dropped_rules;
      break;
    }
    const size_t end = blockEnd(rest, brace);
    if (end == std::string_view::npos) {
      ++stats.dropped_rules;
      break;
    }
    const std::string_view selector = trim(rest.substr(0, brace));
    const std::string_view body = rest.substr(brace + 1, end - brace - 2);
    rest.remove_prefix(end);
    if (!selectorAllowed(selector) || body.find('{') != std::string_view::npos) {
      ++stats.dropped_rules;
      continue;
    }
    const std::string declarations = filterDeclarations(body, profile, stats);
    if (declarations.empty()) continue;
    out += selector;
    out += " { ";
    out += declarations;
    out += "; }\n";
  }
  return out;
}

}  // namespace sanso::sanitize::html
