#include "media/media.h"

#include <dlfcn.h>
#include <malloc.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>

#include "codec/reencode.h"
#include "media/media_api.h"

// Weak: null unless the program links the media code in (tests and fuzz targets do).
extern "C" const sanso::sanitize::media::MediaApi* sanso_media_api() __attribute__((weak));

namespace sanso::sanitize::media {
namespace {

constexpr const char* kModuleName = "sanso-media.so";

struct Loaded {
  const MediaApi* api = nullptr;
  std::string error;
};

// Where the module may be: beside the executable (the build tree) or in ../lib/sanso
// (an installed tree). Never a path from the environment or the working directory.
std::array<std::filesystem::path, 2> candidatePaths() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::filesystem::path dir = ec ? std::filesystem::path() : exe.parent_path();
  return {dir / kModuleName, dir.parent_path() / "lib" / "sanso" / kModuleName};
}

Loaded loadModule() {
  if (sanso_media_api != nullptr) return {sanso_media_api(), {}};
  // Tesseract's OpenMP regions ask for fixed thread counts that only OMP_THREAD_LIMIT caps,
  // and libgomp reads it once, when it is loaded: that is the dlopen below. Jobs already run
  // in parallel; more OCR threads only fight over the cores. An administrator's value wins.
  setenv("OMP_THREAD_LIMIT", "1", 0);
  std::string errors;
  for (const auto& path : candidatePaths()) {
    std::error_code ec;
    if (path.empty() || !std::filesystem::is_regular_file(path, ec)) continue;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* text = dlerror();
      errors += path.string() + ": " + (text != nullptr ? text : "dlopen failed") + "; ";
      continue;
    }
    using Entry = const MediaApi* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(handle, "sanso_media_api"));
    const MediaApi* api = entry != nullptr ? entry() : nullptr;
    if (api == nullptr || api->version != kMediaApiVersion) {
      errors += path.string() + ": not a sanso media module of this version; ";
      continue;  // the handle stays open: unloading code that may have started threads is unsafe
    }
    return {api, {}};
  }
  if (errors.empty()) errors = std::string(kModuleName) + " not found beside the executable";
  return {nullptr, "image module unavailable: " + errors};
}

Result<const MediaApi*> api() {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = loadModule(); });
  if (loaded.api == nullptr) return Status::internal(loaded.error);
  return loaded.api;
}

}  // namespace

Result<image::Encoded> reencode(ByteView input, FileType type, Budget& budget,
                                const std::string& where) {
  SANSO_ASSIGN_OR_RETURN(std::optional<image::Encoded> own,
                         codec::reencode(input, type, budget, where));
  if (own) return std::move(*own);
  SANSO_ASSIGN_OR_RETURN(const MediaApi* table, api());
  Result<image::Encoded> encoded = table->reencode(input, type, budget, where);
  // Decoded pixels are freed in libvips' worker thread, whose malloc arena keeps the pages;
  // without handing them back, a document with a hundred photos holds every one of them.
  malloc_trim(0);
  return encoded;
}

Result<image::Pixels> decode(ByteView input, FileType type, Budget& budget,
                             const std::string& where) {
  SANSO_ASSIGN_OR_RETURN(const MediaApi* table, api());
  return table->decode(input, type, budget, where);
}

Result<FileType> sanitizeImage(Job& job) {
  SANSO_ASSIGN_OR_RETURN(const MediaApi* table, api());
  return table->sanitize_image(job);
}

Result<FileType> imageToText(Job& job) {
  SANSO_ASSIGN_OR_RETURN(const MediaApi* table, api());
  return table->image_to_text(job);
}

Result<ocr::OcrSession*> openOcrSession() {
  SANSO_ASSIGN_OR_RETURN(const MediaApi* table, api());
  return table->open_ocr_session();
}

void closeOcrSession(ocr::OcrSession* session) {
  if (session == nullptr) return;
  // A session exists only if the module was loaded.
  Result<const MediaApi*> table = api();
  if (table.isOk()) (*table)->close_ocr_session(session);
}

Result<std::vector<ocr::OcrWord>> recognizeWords(ocr::OcrSession& session,
                                                 const ocr::OcrImage& image, int64_t deadline_ms,
                                                 const std::atomic<bool>* cancel) {
  SANSO_ASSIGN_OR_RETURN(const MediaApi* table, api());
  return table->recognize_words(session, image, deadline_ms, cancel);
}

Result<std::string> glyphlessFont(ocr::OcrSession& session) {
  SANSO_ASSIGN_OR_RETURN(const MediaApi* table, api());
  return table->glyphless_font(session);
}

}  // namespace sanso::sanitize::media
