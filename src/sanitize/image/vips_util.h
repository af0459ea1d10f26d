// Owning handles for libvips images and the conversion of libvips failures to Status.
#pragma once

#include <vips/vips.h>

#include <memory>
#include <string>

#include "sanso/common/status.h"

namespace sanso::sanitize::image {

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
using VipsImagePtr = std::unique_ptr<VipsImage, GObjectUnref>;

// Calls initOnce(); an internal error when libvips could not be initialised.
Status ensureVips();

// Takes (and clears) libvips' error text and returns blocked(reason, context + ": " + text).
// libvips keeps one error buffer per process, so under concurrency the text is best effort.
Status vipsBlocked(const std::string& reason, const std::string& context);

}  // namespace sanso::sanitize::image
