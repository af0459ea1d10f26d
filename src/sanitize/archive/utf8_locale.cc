#include "archive/utf8_locale.h"

namespace sanso::sanitize::archive {

locale_t utf8Locale() {
  static const locale_t kLocale = newlocale(LC_ALL_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return kLocale;
}

ScopedUtf8Locale::ScopedUtf8Locale() {
  if (utf8Locale() != static_cast<locale_t>(0)) previous_ = uselocale(utf8Locale());
}

ScopedUtf8Locale::~ScopedUtf8Locale() {
  if (previous_ != nullptr) uselocale(previous_);
}

}  // namespace sanso::sanitize::archive
