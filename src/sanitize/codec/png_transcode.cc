// PNG -> pixels -> PNG with libpng. Every libpng call happens below one setjmp in run();
// errors longjmp back there and cleanup() frees whatever was made.
#include <png.h>

#include <csetjmp>
#include <cstdlib>
#include <cstring>

#include "transcode.h"

namespace sanso::sanitize::codec {

namespace {

constexpr int kZlibLevel = 4;  // as the media module's PNG writer (image/reencode.cc)
// Largest chunk libpng may allocate (pngForDecoder already bounds iCCP to 256 KiB).
constexpr png_alloc_size_t kMaxChunkBytes = 8u << 20;
constexpr png_uint_32 kMaxAncillaryChunks = 128;
constexpr unsigned kRowsBetweenTimeChecks = 64;

struct Cursor {
  const uint8_t* data;
  size_t size;
  size_t pos;
};

struct Job {
  std::jmp_buf jump;
  const TranscodeIn* in;
  TranscodeOut* out;
  Outcome outcome;
  Cursor cursor;
  Sink sink;
  png_structp read;
  png_infop read_info;
  png_structp write;
  png_infop write_info;
  unsigned char* pixels;  // one row, or the whole image when interlaced
};

[[noreturn]] void onError(png_structp png, png_const_charp /*message*/) {
  auto* job = static_cast<Job*>(png_get_error_ptr(png));
  std::longjmp(job->jump, 1);
}

// A warning (a bad ancillary CRC, a benign error) ends the job like an error: the media
// module, with its own rules, decides about such files.
[[noreturn]] void onWarning(png_structp png, png_const_charp /*message*/) {
  auto* job = static_cast<Job*>(png_get_error_ptr(png));
  std::longjmp(job->jump, 1);
}

void readBytes(png_structp png, png_bytep into, png_size_t length) {
  auto* cursor = static_cast<Cursor*>(png_get_io_ptr(png));
  if (length > cursor->size - cursor->pos) png_error(png, "truncated");
  std::memcpy(into, cursor->data + cursor->pos, length);
  cursor->pos += length;
}

void writeBytes(png_structp png, png_bytep bytes, png_size_t length) {
  if (!sinkAppend(*static_cast<Sink*>(png_get_io_ptr(png)), bytes, length)) {
    png_error(png, "output too large");
  }
}

void flushNothing(png_structp /*png*/) {}

int outputColourType(int channels) {
  switch (channels) {
    case 1:
      return PNG_COLOR_TYPE_GRAY;
    case 2:
      return PNG_COLOR_TYPE_GRAY_ALPHA;
    case 3:
      return PNG_COLOR_TYPE_RGB;
    default:
      return PNG_COLOR_TYPE_RGB_ALPHA;
  }
}

// Copies decoded rows to the writer: one row at a time, or all of an interlaced image.
// Returns false when the job's time ran out.
bool copyRows(Job* job, png_uint_32 height, size_t row_bytes, int passes) {
  if (passes == 1) {
    for (png_uint_32 y = 0; y < height; ++y) {
      png_read_row(job->read, job->pixels, nullptr);
      png_write_row(job->write, job->pixels);
      if (y % kRowsBetweenTimeChecks == 0 && timeIsUp(*job->in)) return false;
    }
    return true;
  }
  for (int pass = 0; pass < passes; ++pass) {
    for (png_uint_32 y = 0; y < height; ++y) {
      png_read_row(job->read, job->pixels + size_t{y} * row_bytes, nullptr);
    }
    if (timeIsUp(*job->in)) return false;
  }
  for (png_uint_32 y = 0; y < height; ++y) {
    png_write_row(job->write, job->pixels + size_t{y} * row_bytes);
  }
  return true;
}

void run(Job* job) {
  if (setjmp(job->jump) != 0) return;  // job->outcome is still kDecline
  job->read = png_create_read_struct(PNG_LIBPNG_VER_STRING, job, onError, onWarning);
  if (job->read == nullptr) return;
  job->read_info = png_create_info_struct(job->read);
  if (job->read_info == nullptr) return;
  png_set_read_fn(job->read, &job->cursor, readBytes);
  png_set_user_limits(job->read, kMaxDimension, kMaxDimension);
  png_set_chunk_malloc_max(job->read, kMaxChunkBytes);
  png_set_chunk_cache_max(job->read, kMaxAncillaryChunks);
  png_read_info(job->read, job->read_info);

  const png_uint_32 width = png_get_image_width(job->read, job->read_info);
  const png_uint_32 height = png_get_image_height(job->read, job->read_info);
  job->out->pixels = uint64_t{width} * height;
  if (job->out->pixels > job->in->max_pixels) {
    job->outcome = Outcome::kTooManyPixels;
    return;
  }
  if (png_get_valid(job->read, job->read_info, PNG_INFO_iCCP) != 0) {
    return;  // declined: ICC profile
  }
  if (png_get_valid(job->read, job->read_info, PNG_INFO_eXIf) != 0) {
    return;  // declined: EXIF (orientation)
  }
  png_set_expand(job->read);  // palette -> RGB, grey < 8 bits -> 8 bits, tRNS -> alpha
  png_set_strip_16(job->read);
  const int passes = png_set_interlace_handling(job->read);
  png_read_update_info(job->read, job->read_info);
  const int channels = png_get_channels(job->read, job->read_info);
  const size_t row_bytes = png_get_rowbytes(job->read, job->read_info);
  if (png_get_bit_depth(job->read, job->read_info) != 8 || channels < 1 || channels > 4 ||
      row_bytes != size_t{width} * static_cast<size_t>(channels)) {
    return;  // declined: unexpected pixel layout
  }
  // Bounded by max_pixels * 4: one row, or the whole image when it is interlaced.
  const size_t buffer_rows = passes == 1 ? 1 : height;
  job->pixels = static_cast<unsigned char*>(std::calloc(buffer_rows, row_bytes));
  if (job->pixels == nullptr) return;  // declined: out of memory
  // Stored deflate blocks and IDAT framing add well under 1/64 to the rows and filter bytes.
  const size_t raw = (row_bytes + 1) * height;
  job->sink.max = raw + raw / 64 + 65536;

  job->write = png_create_write_struct(PNG_LIBPNG_VER_STRING, job, onError, onWarning);
  if (job->write == nullptr) return;
  job->write_info = png_create_info_struct(job->write);
  if (job->write_info == nullptr) return;
  png_set_write_fn(job->write, &job->sink, writeBytes, flushNothing);
  png_set_IHDR(job->write, job->write_info, width, height, 8, outputColourType(channels),
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(job->write, kZlibLevel);
  png_set_filter(job->write, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_write_info(job->write, job->write_info);
  if (!copyRows(job, height, row_bytes, passes)) {
    job->outcome = Outcome::kTimeout;
    return;
  }
  png_read_end(job->read, nullptr);  // the rest of the image data and every CRC up to IEND
  png_write_end(job->write, nullptr);
  job->outcome = Outcome::kDone;
}

void cleanup(Job* job) {
  if (job->read != nullptr) png_destroy_read_struct(&job->read, &job->read_info, nullptr);
  if (job->write != nullptr) png_destroy_write_struct(&job->write, &job->write_info);
  std::free(job->pixels);
}

}  // namespace

Outcome transcodePng(const TranscodeIn& in, TranscodeOut& out) {
  Job* job = static_cast<Job*>(std::calloc(1, sizeof(Job)));
  if (job == nullptr) return Outcome::kDecline;
  job->in = &in;
  job->out = &out;
  job->outcome = Outcome::kDecline;
  job->cursor = Cursor{in.data, in.size, 0};
  run(job);
  cleanup(job);
  const Outcome outcome = job->outcome;
  if (outcome == Outcome::kDone) {
    out.bytes = job->sink.data;
    out.size = job->sink.size;
  } else {
    std::free(job->sink.data);
  }
  std::free(job);
  return outcome;
}

}  // namespace sanso::sanitize::codec
