// The engine's own PNG and JPEG transcoders (libpng, libjpeg-turbo): decode to pixels and
// encode again, row by row, in the engine's process, without the media module. Both
// libraries report errors by longjmp, so these functions and the types they share hold no
// C++ object with a destructor; reencode.h wraps them for the rest of the engine.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sanso/common/limits.h"

namespace sanso::sanitize::codec {

enum class Outcome {
  kDone,           // out.bytes holds the re-encoded image
  kDecline,        // not decoded cleanly, or not a kind handled here: use the media module
  kTooManyPixels,  // width * height (out.pixels) is over max_pixels; nothing was decoded
  kTimeout,        // the job's time ran out while decoding
};

struct TranscodeIn {
  const uint8_t* data;
  size_t size;
  uint64_t max_pixels;
  const Budget* budget;  // its elapsed time is polled between rows
};

struct TranscodeOut {
  unsigned char* bytes = nullptr;  // malloc'ed on kDone; the caller frees it
  size_t size = 0;
  uint64_t pixels = 0;  // width * height as the header declares, once read
};

// Widest or tallest image either transcoder opens (libpng's default user limit).
inline constexpr uint32_t kMaxDimension = 1'000'000;

// `in` must be the bytes codec::pngForDecoder returns. Handles 1-16 bit grey, grey + alpha,
// RGB, RGBA and palette images, interlaced or not, as 8-bit grey(+alpha) or RGB(+alpha)
// without any ancillary chunk (zlib level 4, no row filters). Declines an iCCP or eXIf
// chunk (the media module applies them) and any libpng warning or error.
Outcome transcodePng(const TranscodeIn& in, TranscodeOut& out);

// Handles 8-bit baseline (Huffman, sequential) grey, YCbCr and RGB JPEGs as a quality-92
// JPEG with only the JFIF header, 4:2:0 when the input was, else 4:4:4. Declines
// progressive, arithmetic-coded, CMYK/YCCK, an ICC profile, an EXIF orientation other than 1
// or unreadable EXIF (the media module applies them), and any libjpeg warning or error.
Outcome transcodeJpeg(const TranscodeIn& in, TranscodeOut& out);

// Growable output for both encoders; fails (returns false) past `max` bytes.
struct Sink {
  unsigned char* data;
  size_t size;
  size_t capacity;
  size_t max;
};
bool sinkAppend(Sink& sink, const unsigned char* bytes, size_t length);

// True once the job's time is spent.
bool timeIsUp(const TranscodeIn& in);

}  // namespace sanso::sanitize::codec
