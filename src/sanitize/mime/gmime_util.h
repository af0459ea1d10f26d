// GMime: one-time initialisation and owning pointers for its GObjects.
#pragma once

#include <gmime/gmime.h>

#include <memory>
#include <string>

namespace sanso::sanitize::mime {

// Initialises GMime once per process (thread-safe).
void initGmime();

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

// The bytes of `object` as GMime writes it (headers and content, as parsed).
std::string objectBytes(GMimeObject* object);
// The decoded content (transfer encoding undone) of a leaf part.
std::string partContent(GMimePart* part);

}  // namespace sanso::sanitize::mime
