// What libpng is allowed to see (the media module's and the engine's own PNG decoders). libpng
// allocates whatever a chunk header declares (a 200-byte file can declare an 800 MB text chunk) and
// inflates compressed text and ICC chunks without a bound, before sanso could check any limit. So
// every PNG is first checked to have each chunk inside the file up to IEND, with IHDR first, and
// cut down to the chunks the decoder uses or that are stored uncompressed (IHDR, PLTE, tRNS, IDAT,
// IEND, eXIf for the orientation, and the small rendering chunks) plus an iCCP of at most
// kMaxIccpBytes compressed. Text chunks (zTXt, iTXt can be zlib bombs), APNG and unknown chunks
// never reach libpng; image::scanPng() still reports them, and the re-encoded output never carries
// them.
#pragma once

#include <string>

#include "sanso/common/bytes.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::codec {

inline constexpr size_t kMaxIccpBytes = 256 * 1024;

// The bytes to hand to libpng: `input` up to IEND when it holds nothing else, otherwise a
// filtered copy kept in `storage`. Blocks "malformed-image" for a broken chunk structure.
Result<ByteView> pngForDecoder(ByteView input, std::string& storage);

}  // namespace sanso::sanitize::codec
