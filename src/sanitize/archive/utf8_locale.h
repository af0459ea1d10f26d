// A UTF-8 locale object (C.UTF-8) for code that must not depend on the process locale: name
// conversion inside libarchive and Unicode case folding.
#pragma once

#include <locale.h>

namespace sanso::sanitize::archive {

// The C.UTF-8 locale, created once; (locale_t)0 if the C library lacks it.
locale_t utf8Locale();

// Makes the calling thread use C.UTF-8 for its lifetime, then restores the thread's locale.
class ScopedUtf8Locale {
 public:
  ScopedUtf8Locale();
  ~ScopedUtf8Locale();
  ScopedUtf8Locale(const ScopedUtf8Locale&) = delete;
  ScopedUtf8Locale& operator=(const ScopedUtf8Locale&) = delete;

 private:
  locale_t previous_ = nullptr;
};

}  // namespace sanso::sanitize::archive
