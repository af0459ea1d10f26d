#include "vips_util.h"

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>

#include "image_sanitizer.h"

namespace sanso::sanitize::image {

namespace {

constexpr size_t kMaxErrorText = 300;

// The only libvips loaders sanso calls; everything else stays blocked.
constexpr const char* kAllowedLoaders[] = {
    "VipsForeignLoadJpegBuffer", "VipsForeignLoadPngBuffer",  "VipsForeignLoadNsgifBuffer",
    "VipsForeignLoadTiffBuffer", "VipsForeignLoadWebpBuffer",
};

std::atomic<bool> vips_ready{false};

// VIPS_INIT loads every optional module found under $VIPSHOME/lib (ImageMagick, poppler,
// OpenSlide, HEIF, JPEG XL): dozens of libraries, 35-40 ms, and code sanso never calls, since
// its five loaders are built into libvips. Pointing VIPSHOME at a directory that does not
// exist for the duration of the call keeps them out; the caller's value is restored after.
int initWithoutModules() {
  const char* previous = std::getenv("VIPSHOME");
  std::optional<std::string> saved;
  if (previous != nullptr) saved = previous;
  setenv("VIPSHOME", "/nonexistent/sanso-no-vips-modules", 1);
  int result = VIPS_INIT("sanso");
  if (saved) {
    setenv("VIPSHOME", saved->c_str(), 1);
  } else {
    unsetenv("VIPSHOME");
  }
  return result;
}

}  // namespace

void initOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (initWithoutModules() != 0) {
      vips_error_clear();
      return;  // ensureVips() reports it
    }
    // libvips warns on stderr about defects of the input; the Status carries what matters,
    // and untrusted text does not belong in the service's log.
    g_log_set_handler(
        "VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE),
        [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
    vips_concurrency_set(1);
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    for (const char* loader : kAllowedLoaders) vips_operation_block_set(loader, FALSE);
    vips_ready = true;
  });
}

Status ensureVips() {
  initOnce();
  if (vips_ready) return Status::ok();
  return Status::internal("libvips failed to initialise");
}

Status vipsBlocked(const std::string& reason, const std::string& context) {
  char* text = vips_error_buffer_copy();
  std::string message = context;
  if (text != nullptr && text[0] != '\0') {
    std::string detail(text);
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    if (detail.size() > kMaxErrorText) detail.resize(kMaxErrorText);
    // The text may quote bytes of the input; keep the report printable ASCII.
    for (char& c : detail) {
      if (c == '\n') c = ' ';
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
    }
    message += ": " + detail;
  }
  g_free(text);
  return Status::blocked(reason, message);
}

}  // namespace sanso::sanitize::image
