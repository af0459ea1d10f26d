#include <cstdlib>
#include <cstring>

#include "transcode.h"

namespace sanso::sanitize::codec {

bool sinkAppend(Sink& sink, const unsigned char* bytes, size_t length) {
  if (length > sink.max - sink.size) return false;
  if (sink.size + length > sink.capacity) {
    size_t capacity = sink.capacity < 64 * 1024 ? 64 * 1024 : sink.capacity;
    while (capacity < sink.size + length)
      capacity = capacity > sink.max / 2 ? sink.max : capacity * 2;
    auto* grown = static_cast<unsigned char*>(std::realloc(sink.data, capacity));
    if (grown == nullptr) return false;
    sink.data = grown;
    sink.capacity = capacity;
  }
  std::memcpy(sink.data + sink.size, bytes, length);
  sink.size += length;
  return true;
}

bool timeIsUp(const TranscodeIn& in) { return in.budget->elapsed() > in.budget->limits().max_time; }

}  // namespace sanso::sanitize::codec
