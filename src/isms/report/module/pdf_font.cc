#include "report/module/pdf_font.h"

#include <fontconfig/fontconfig.h>
#include <unistd.h>

#include <array>
#include <mutex>

namespace sanso::isms::report {
namespace {

// Japanese fonts that Debian packages install, in order of preference; used only when
// fontconfig's configuration does not already offer one.
constexpr std::array<const char*, 4> kDebianFontFiles = {
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",    // fonts-noto-cjk
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",     // fonts-ipaexfont-gothic
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",         // fonts-ipafont-gothic
    "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf",  // fonts-vlgothic
};

// Characters a font must have: hiragana あ, katakana ア, kanji 漢 and 資.
constexpr std::array<FcChar32, 4> kJapaneseSample = {0x3042, 0x30A2, 0x6F22, 0x8CC7};

// The family of the best match for `query` when that font covers kJapaneseSample.
std::string matchJapanese(const char* query) {
  FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(query));
  if (pattern == nullptr) return {};
  FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
  FcDefaultSubstitute(pattern);
  FcResult result = FcResultNoMatch;
  FcPattern* match = FcFontMatch(nullptr, pattern, &result);
  FcPatternDestroy(pattern);
  if (match == nullptr) return {};
  std::string family;
  FcCharSet* charset = nullptr;
  FcChar8* name = nullptr;
  if (FcPatternGetCharSet(match, FC_CHARSET, 0, &charset) == FcResultMatch &&
      FcPatternGetString(match, FC_FAMILY, 0, &name) == FcResultMatch) {
    bool covers = true;
    for (FcChar32 c : kJapaneseSample) covers = covers && FcCharSetHasChar(charset, c);
    if (covers) family = reinterpret_cast<const char*>(name);
  }
  FcPatternDestroy(match);
  return family;
}

Result<std::string> lookUp() {
  if (!FcInit()) return Status::internal("fontconfig cannot load its configuration");
  std::string family = matchJapanese("Noto Sans CJK JP:lang=ja");
  if (!family.empty()) return family;
  for (const char* file : kDebianFontFiles) {
    if (::access(file, R_OK) != 0) continue;
    if (FcConfigAppFontAddFile(nullptr, reinterpret_cast<const FcChar8*>(file))) break;
  }
  family = matchJapanese(":lang=ja");
  if (!family.empty()) return family;
  return Status::blocked("report-no-font",
                         "no Japanese font for PDF reports: install fonts-noto-cjk");
}

}  // namespace

Result<std::string> japaneseFontFamily() {
  static std::once_flag once;
  static Status error;
  static std::string family;
  std::call_once(once, [] {
    Result<std::string> found = lookUp();
    if (found.isOk()) {
      family = *found;
    } else {
      error = found.status();
    }
  });
  if (!error.isOk()) return error;
  return family;
}

}  // namespace sanso::isms::report
