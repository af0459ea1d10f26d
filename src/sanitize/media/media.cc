#include "media/media.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>

#include "codec/reencode.h"
#include "media/media_api.h"
#include "sanso/common/module_loader.h"

// Weak: null unless the program links the media code in (tests and fuzz targets do).
extern "C" const sanso::sanitize::media::MediaApi* sanso_media_api() __attribute__((weak));

namespace sanso::sanitize::media {
namespace {

// Tesseract's OpenMP regions ask for fixed thread counts that only OMP_THREAD_LIMIT caps, and
// libgomp reads it once, when it is loaded: that is when the module is opened. Jobs already run
// in parallel; more OCR threads only fight over the cores. An administrator's value wins.
void limitOpenMpThreads() { setenv("OMP_THREAD_LIMIT", "1", 0); }

ModuleTable<MediaApi> g_module("sanso-media.so", "sanso_media_api", kMediaApiVersion, "image",
                               sanso_media_api, limitOpenMpThreads);

Result<const MediaApi*> api() { return g_module.get(); }

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
