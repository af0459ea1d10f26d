#include "media/media_api.h"
#include "ocr/ocr_text.h"

extern "C" __attribute__((visibility("default"))) const sanso::sanitize::media::MediaApi*
sanso_media_api() {
  using namespace sanso::sanitize;
  static const media::MediaApi api{
      media::kMediaApiVersion, image::reencode,  image::decode,
      image::sanitizeImage,    ocr::imageToText,
  };
  return &api;
}
