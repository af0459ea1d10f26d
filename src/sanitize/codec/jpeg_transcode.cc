// JPEG -> pixels -> JPEG with libjpeg-turbo. Every libjpeg call happens below one setjmp in
// run(); errors longjmp back there and cleanup() destroys whatever was made.
#include <csetjmp>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>

// After <cstddef> and <cstdio>: jpeglib.h uses size_t and FILE without including them.
#include <jpeglib.h>

#include "transcode.h"

namespace sanso::sanitize::codec {

namespace {

constexpr int kQuality = 92;  // as the media module's JPEG writer (image/reencode.cc)
constexpr unsigned kRowsBetweenTimeChecks = 64;
constexpr size_t kOutputBlock = 64 * 1024;

struct Destination {
  jpeg_destination_mgr pub;  // first: libjpeg passes &pub
  Sink sink;
  JOCTET block[kOutputBlock];
};

struct Job {
  std::jmp_buf jump;
  const TranscodeIn* in;
  TranscodeOut* out;
  Outcome outcome;
  jpeg_error_mgr read_errors;
  jpeg_error_mgr write_errors;
  jpeg_decompress_struct dec;
  jpeg_compress_struct enc;
  bool dec_made;
  bool enc_made;
  Destination destination;
  JSAMPLE* row;
};

[[noreturn]] void onError(j_common_ptr info) {
  auto* job = static_cast<Job*>(info->client_data);
  std::longjmp(job->jump, 1);
}

// Level -1 is a warning (corrupt data that libjpeg would paper over): stop there, so that a
// hostile file cannot keep libjpeg busy with one recovery after another.
void onMessage(j_common_ptr info, int level) {
  if (level >= 0) return;
  auto* job = static_cast<Job*>(info->client_data);
  std::longjmp(job->jump, 1);
}

Job* jobOf(j_compress_ptr info) { return static_cast<Job*>(info->client_data); }

void startDestination(j_compress_ptr info) {
  Destination& d = jobOf(info)->destination;
  d.pub.next_output_byte = d.block;
  d.pub.free_in_buffer = kOutputBlock;
}

boolean flushBlock(j_compress_ptr info) {
  Destination& d = jobOf(info)->destination;
  if (!sinkAppend(d.sink, d.block, kOutputBlock)) onError(reinterpret_cast<j_common_ptr>(info));
  d.pub.next_output_byte = d.block;
  d.pub.free_in_buffer = kOutputBlock;
  return TRUE;
}

void finishDestination(j_compress_ptr info) {
  Destination& d = jobOf(info)->destination;
  if (!sinkAppend(d.sink, d.block, kOutputBlock - d.pub.free_in_buffer)) {
    onError(reinterpret_cast<j_common_ptr>(info));
  }
}

uint32_t readExif(const JOCTET* p, bool little, int bytes) {
  uint32_t value = 0;
  for (int i = 0; i < bytes; ++i) {
    value |= uint32_t{p[little ? i : bytes - 1 - i]} << (8 * i);
  }
  return value;
}

// The Orientation tag of an APP1 EXIF payload: 1 when absent, 0 when the EXIF cannot be read.
int exifOrientation(const JOCTET* data, size_t size) {
  constexpr size_t kHeader = 6;  // "Exif\0\0"
  if (size < kHeader + 8) return 0;
  const JOCTET* tiff = data + kHeader;
  const size_t length = size - kHeader;
  bool little = false;
  if (std::memcmp(tiff, "II*\0", 4) == 0) {
    little = true;
  } else if (std::memcmp(tiff, "MM\0*", 4) != 0) {
    return 0;
  }
  const uint32_t ifd = readExif(tiff + 4, little, 4);
  if (ifd > length - 2 || ifd < 8) return 0;
  const uint32_t entries = readExif(tiff + ifd, little, 2);
  if (entries > (length - ifd - 2) / 12) return 0;
  for (uint32_t i = 0; i < entries; ++i) {
    const JOCTET* entry = tiff + ifd + 2 + size_t{i} * 12;
    if (readExif(entry, little, 2) != 0x0112) continue;
    if (readExif(entry + 2, little, 2) != 3 || readExif(entry + 4, little, 4) != 1) return 0;
    const uint32_t orientation = readExif(entry + 8, little, 2);
    return orientation >= 1 && orientation <= 8 ? static_cast<int>(orientation) : 0;
  }
  return 1;
}

// True when an APP2 ICC profile or an APP1 EXIF orientation other than 1 (or unreadable EXIF)
// would make libvips change the pixels.
bool hasMarkerProblem(const jpeg_decompress_struct& dec) {
  for (jpeg_saved_marker_ptr m = dec.marker_list; m != nullptr; m = m->next) {
    if (m->marker == JPEG_APP0 + 2 && m->data_length >= 12 &&
        std::memcmp(m->data, "ICC_PROFILE\0", 12) == 0) {
      return true;
    }
    if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 &&
        std::memcmp(m->data, "Exif\0\0", 6) == 0 && exifOrientation(m->data, m->data_length) != 1) {
      return true;
    }
  }
  return false;
}

bool chroma420(const jpeg_decompress_struct& dec) {
  const jpeg_component_info* c = dec.comp_info;
  return dec.num_components == 3 && c[0].h_samp_factor == 2 && c[0].v_samp_factor == 2 &&
         c[1].h_samp_factor == 1 && c[1].v_samp_factor == 1 && c[2].h_samp_factor == 1 &&
         c[2].v_samp_factor == 1;
}

void startDecoder(Job* job) {
  jpeg_decompress_struct& dec = job->dec;
  dec.err = jpeg_std_error(&job->read_errors);
  job->read_errors.error_exit = onError;
  job->read_errors.emit_message = onMessage;
  dec.client_data = job;  // kept by jpeg_create_decompress
  jpeg_create_decompress(&dec);
  job->dec_made = true;
  jpeg_mem_src(&dec, job->in->data, job->in->size);
  jpeg_save_markers(&dec, JPEG_APP0 + 1, 0xFFFF);
  jpeg_save_markers(&dec, JPEG_APP0 + 2, 0xFFFF);
}

void startEncoder(Job* job, J_COLOR_SPACE space, bool subsample) {
  jpeg_compress_struct& enc = job->enc;
  enc.err = jpeg_std_error(&job->write_errors);
  job->write_errors.error_exit = onError;
  job->write_errors.emit_message = onMessage;
  enc.client_data = job;
  jpeg_create_compress(&enc);
  job->enc_made = true;
  job->destination.pub.init_destination = startDestination;
  job->destination.pub.empty_output_buffer = flushBlock;
  job->destination.pub.term_destination = finishDestination;
  enc.dest = &job->destination.pub;
  enc.image_width = job->dec.output_width;
  enc.image_height = job->dec.output_height;
  enc.input_components = job->dec.output_components;
  enc.in_color_space = space;
  jpeg_set_defaults(&enc);
  jpeg_set_quality(&enc, kQuality, TRUE);
  if (enc.num_components == 3) {
    enc.comp_info[0].h_samp_factor = enc.comp_info[0].v_samp_factor = subsample ? 2 : 1;
  }
  jpeg_start_compress(&enc, TRUE);
}

void run(Job* job) {
  if (setjmp(job->jump) != 0) return;  // job->outcome is still kDecline
  startDecoder(job);
  jpeg_decompress_struct& dec = job->dec;
  if (jpeg_read_header(&dec, TRUE) != JPEG_HEADER_OK) return;  // declined: no image
  job->out->pixels = uint64_t{dec.image_width} * dec.image_height;
  if (job->out->pixels > job->in->max_pixels) {
    job->outcome = Outcome::kTooManyPixels;
    return;
  }
  // One interleaved sequential scan decodes row by row in memory of a few rows; other
  // layouts buffer every coefficient and may repeat scans.
  if (dec.progressive_mode || dec.arith_code || dec.data_precision != 8 ||
      dec.comps_in_scan != dec.num_components) {
    return;  // declined: progressive, multi-scan, arithmetic or not 8-bit
  }
  J_COLOR_SPACE space = JCS_UNKNOWN;
  if (dec.jpeg_color_space == JCS_GRAYSCALE && dec.num_components == 1) {
    space = JCS_GRAYSCALE;
  } else if (dec.jpeg_color_space == JCS_YCbCr && dec.num_components == 3) {
    space = JCS_YCbCr;  // decoded and encoded as YCbCr: no colour conversion either way
  } else if (dec.jpeg_color_space == JCS_RGB && dec.num_components == 3) {
    space = JCS_RGB;
  } else {
    return;  // declined: colour space (CMYK, YCCK or unknown)
  }
  if (hasMarkerProblem(dec)) return;  // declined: ICC profile or EXIF orientation
  dec.out_color_space = space;
  dec.dct_method = JDCT_ISLOW;
  jpeg_start_decompress(&dec);
  const size_t row_bytes = size_t{dec.output_width} * static_cast<size_t>(dec.output_components);
  job->row = static_cast<JSAMPLE*>(std::malloc(row_bytes));
  if (job->row == nullptr) return;  // declined: out of memory
  // Quality 92 stays far below 2 bytes a sample even on noise.
  job->destination.sink.max = row_bytes * dec.output_height * 2 + (1 << 20);
  startEncoder(job, space, chroma420(dec));
  while (dec.output_scanline < dec.output_height) {
    if (jpeg_read_scanlines(&dec, &job->row, 1) != 1) return;  // declined: no scanline
    jpeg_write_scanlines(&job->enc, &job->row, 1);
    if (dec.output_scanline % kRowsBetweenTimeChecks == 0 && timeIsUp(*job->in)) {
      job->outcome = Outcome::kTimeout;
      return;
    }
  }
  jpeg_finish_compress(&job->enc);
  jpeg_finish_decompress(&dec);  // reads on to EOI: a truncated file warns
  job->outcome = Outcome::kDone;
}

void cleanup(Job* job) {
  if (job->enc_made) jpeg_destroy_compress(&job->enc);
  if (job->dec_made) jpeg_destroy_decompress(&job->dec);
  std::free(job->row);
}

}  // namespace

Outcome transcodeJpeg(const TranscodeIn& in, TranscodeOut& out) {
  Job* job = static_cast<Job*>(std::calloc(1, sizeof(Job)));
  if (job == nullptr) return Outcome::kDecline;
  job->in = &in;
  job->out = &out;
  job->outcome = Outcome::kDecline;
  run(job);
  cleanup(job);
  const Outcome outcome = job->outcome;
  if (outcome == Outcome::kDone) {
    out.bytes = job->destination.sink.data;
    out.size = job->destination.sink.size;
  } else {
    std::free(job->destination.sink.data);
  }
  std::free(job);
  return outcome;
}

}  // namespace sanso::sanitize::codec
