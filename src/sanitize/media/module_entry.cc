#include "media/media_api.h"
#include "ocr/ocr_text.h"
#include "ocr/ocr_words.h"

extern "C" __attribute__((visibility("default"))) const sanso::sanitize::media::MediaApi*
sanso_media_api() {
  using namespace sanso::sanitize;
  static const media::MediaApi api{
      media::kMediaApiVersion, image::reencode,     image::decode,
      image::sanitizeImage,    ocr::imageToText,    ocr::openSession,
      ocr::closeSession,       ocr::recognizeWords, ocr::glyphlessFont,
  };
  return &api;
}
