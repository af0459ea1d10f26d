#include "mime/gmime_util.h"

#include <mutex>

namespace sanso::sanitize::mime {
namespace {

std::string streamBytes(GMimeStream* stream) {
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  if (array == nullptr || array->len == 0) return {};
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

}  // namespace

void initGmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string objectBytes(GMimeObject* object) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(object, nullptr, stream.get());
  return streamBytes(stream.get());
}

std::string partContent(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return {};
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, stream.get());
  return streamBytes(stream.get());
}

}  // namespace sanso::sanitize::mime
