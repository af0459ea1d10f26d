#include "html/html_allowlist.h"

#include <algorithm>
#include <initializer_list>

namespace sanso::sanitize::html {
namespace {

bool in(GumboTag tag, std::initializer_list<GumboTag> tags) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

bool in(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

ElementRule elementRule(GumboTag tag) {
  if (in(tag, {GUMBO_TAG_A, GUMBO_TAG_ABBR, GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE,
               GUMBO_TAG_ASIDE, GUMBO_TAG_B, GUMBO_TAG_BDI, GUMBO_TAG_BIG, GUMBO_TAG_BLOCKQUOTE,
               GUMBO_TAG_BR, GUMBO_TAG_CAPTION, GUMBO_TAG_CENTER, GUMBO_TAG_CITE, GUMBO_TAG_CODE,
               GUMBO_TAG_COL, GUMBO_TAG_COLGROUP, GUMBO_TAG_DD, GUMBO_TAG_DEL,
               GUMBO_TAG_DETAILS, GUMBO_TAG_DFN, GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_DT,
               GUMBO_TAG_EM, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FONT,
               GUMBO_TAG_FOOTER, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4,
               GUMBO_TAG_H5, GUMBO_TAG_H6, GUMBO_TAG_HEADER, GUMBO_TAG_HGROUP, GUMBO_TAG_HR,
               GUMBO_TAG_I, GUMBO_TAG_IMG, GUMBO_TAG_INS, GUMBO_TAG_KBD, GUMBO_TAG_LI,
               GUMBO_TAG_MAIN, GUMBO_TAG_MARK, GUMBO_TAG_NAV, GUMBO_TAG_OL, GUMBO_TAG_P,
               GUMBO_TAG_PRE, GUMBO_TAG_Q, GUMBO_TAG_RP, GUMBO_TAG_RT, GUMBO_TAG_RUBY,
               GUMBO_TAG_S, GUMBO_TAG_SAMP, GUMBO_TAG_SECTION, GUMBO_TAG_SMALL, GUMBO_TAG_SPAN,
               GUMBO_TAG_STRIKE, GUMBO_TAG_STRONG, GUMBO_TAG_SUB, GUMBO_TAG_SUMMARY,
               GUMBO_TAG_SUP, GUMBO_TAG_TABLE, GUMBO_TAG_TBODY, GUMBO_TAG_TD, GUMBO_TAG_TFOOT,
               GUMBO_TAG_TH, GUMBO_TAG_THEAD, GUMBO_TAG_TIME, GUMBO_TAG_TR, GUMBO_TAG_TT,
               GUMBO_TAG_U, GUMBO_TAG_UL, GUMBO_TAG_VAR, GUMBO_TAG_WBR})) {
    return ElementRule::kKeep;
  }
  if (in(tag, {GUMBO_TAG_HTML, GUMBO_TAG_BODY, GUMBO_TAG_FORM, GUMBO_TAG_FIELDSET,
               GUMBO_TAG_LEGEND, GUMBO_TAG_LABEL, GUMBO_TAG_LISTING, GUMBO_TAG_MENU,
               GUMBO_TAG_NOBR, GUMBO_TAG_BLINK, GUMBO_TAG_MARQUEE, GUMBO_TAG_BASEFONT,
               GUMBO_TAG_DATA, GUMBO_TAG_UNKNOWN, GUMBO_TAG_MULTICOL, GUMBO_TAG_SPACER,
               GUMBO_TAG_RTC, GUMBO_TAG_RB, GUMBO_TAG_ACRONYM, GUMBO_TAG_DIR,
               GUMBO_TAG_ISINDEX, GUMBO_TAG_NEXTID})) {
    return ElementRule::kUnwrap;
  }
  // Everything else: script, style (filtered separately), head elements, embedded content,
  // frames, form controls, raw-text and template elements, foreign content.
  return ElementRule::kDrop;
}

bool isVoidElement(GumboTag tag) {
  return in(tag, {GUMBO_TAG_BR, GUMBO_TAG_COL, GUMBO_TAG_HR, GUMBO_TAG_IMG, GUMBO_TAG_WBR});
}

bool isBlockElement(GumboTag tag) {
  return in(tag, {GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE, GUMBO_TAG_BLOCKQUOTE,
                  GUMBO_TAG_CAPTION, GUMBO_TAG_CENTER, GUMBO_TAG_DD, GUMBO_TAG_DETAILS,
                  GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_DT, GUMBO_TAG_FIELDSET,
                  GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER, GUMBO_TAG_FORM,
                  GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5,
                  GUMBO_TAG_H6, GUMBO_TAG_HEADER, GUMBO_TAG_HGROUP, GUMBO_TAG_HR,
                  GUMBO_TAG_LI, GUMBO_TAG_MAIN, GUMBO_TAG_NAV, GUMBO_TAG_OL, GUMBO_TAG_P,
                  GUMBO_TAG_PRE, GUMBO_TAG_SECTION, GUMBO_TAG_SUMMARY, GUMBO_TAG_TABLE,
                  GUMBO_TAG_TR, GUMBO_TAG_UL, GUMBO_TAG_LISTING, GUMBO_TAG_BODY});
}

bool plainAttributeAllowed(GumboTag tag, std::string_view name) {
  if (in(name, {"title", "lang", "dir", "class", "id"})) return true;
  switch (tag) {
    case GUMBO_TAG_A: return name == "name";
    case GUMBO_TAG_IMG: return in(name, {"alt", "width", "height", "border", "align"});
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      return in(name, {"colspan", "rowspan", "align", "valign", "width", "height", "headers",
                       "scope", "nowrap", "bgcolor", "abbr"});
    case GUMBO_TAG_TABLE:
      return in(name, {"border", "cellpadding", "cellspacing", "width", "align", "summary",
                       "bgcolor", "frame", "rules"});
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
      return in(name, {"align", "valign", "bgcolor"});
    case GUMBO_TAG_COL:
    case GUMBO_TAG_COLGROUP:
      return in(name, {"span", "width", "align", "valign"});
    case GUMBO_TAG_OL: return in(name, {"start", "type", "reversed"});
    case GUMBO_TAG_UL: return name == "type";
    case GUMBO_TAG_LI: return in(name, {"value", "type"});
    case GUMBO_TAG_FONT: return in(name, {"color", "size", "face"});
    case GUMBO_TAG_HR: return in(name, {"align", "width", "size", "noshade"});
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_CAPTION:
      return name == "align";
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_INS:
      return name == "datetime";
    case GUMBO_TAG_DETAILS: return name == "open";
    default: return false;
  }
}

}  // namespace sanso::sanitize::html
