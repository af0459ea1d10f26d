// The Japanese font of the PDF reports, found through fontconfig.
#pragma once

#include <string>

#include "sanso/common/status.h"

namespace sanso::isms::report {

// The fontconfig family of a font that covers Japanese kana and kanji: Noto Sans CJK JP when
// fontconfig knows it, else any Japanese font it matches, else one of the Debian font files
// listed in pdf_font.cc added to fontconfig. Looked up once per process; a "report-no-font"
// error names the package to install when there is none.
Result<std::string> japaneseFontFamily();

}  // namespace sanso::isms::report
