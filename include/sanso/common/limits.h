// Limits: every resource an untrusted input can make sanso spend, with named defaults.
// Budget: enforces them during one job and records each hit as a named event.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "sanso/common/status.h"

namespace sanso {

struct Limits {
  // Size of the input file.
  uint64_t max_input_bytes = 512ull << 20;
  // Total bytes inflated from a container (zip parts, PDF streams decoded for inspection).
  uint64_t max_expanded_bytes = 1ull << 30;
  // Inflated / compressed size of one entry; checked once an entry passes 1 MiB.
  uint64_t max_compression_ratio = 200;
  // Entries in one zip container; for archives (zip, 7z, tar...) the members of the archive and
  // of every archive nested in it, together.
  uint64_t max_archive_entries = 10000;
  // Nesting of archives inside an archive (the outer archive's members are at depth 1).
  uint64_t max_archive_depth = 3;
  // Bytes of one archive member, read into memory to be sanitized.
  uint64_t max_archive_member_bytes = 256ull << 20;
  // Element nesting in one XML part.
  uint64_t max_xml_depth = 256;
  // Attributes on one XML element (Office writes a few dozen at most).
  uint64_t max_xml_attributes = 512;
  // Group nesting in one RTF document; deeper documents are refused.
  uint64_t max_rtf_depth = 256;
  // Tokens (groups, control words, text runs) in one RTF document.
  uint64_t max_rtf_tokens = 50'000'000;
  // MAPI properties of one .msg object (message, recipient, attachment) or one TNEF property
  // block, and attributes of one TNEF stream.
  uint64_t max_mail_properties = 20000;
  // Decoded text of one HTML or SVG document (the parsers build a tree of several times this).
  uint64_t max_markup_bytes = 64ull << 20;
  // Elements and text nodes of one HTML or SVG document.
  uint64_t max_markup_nodes = 2'000'000;
  // Heap the HTML parser may use for one document (gumbo's tree of a hostile page can grow
  // much faster than its text: misnested formatting elements are cloned).
  uint64_t max_markup_memory = 1ull << 30;
  // Multipart nesting inside one mail message (message/rfc822 parts nest as containers, down
  // to max_archive_depth).
  uint64_t max_mime_depth = 16;
  // MIME parts (leaves and multiparts) of one mail message; for .msg and TNEF, recipients and
  // attachments of the message and every message embedded in it, together.
  uint64_t max_mime_parts = 2000;
  // Header fields of one MIME part or message header block.
  uint64_t max_mime_header_fields = 1000;
  // Bytes of one header field (name, value and folding), and of one decoded header value.
  uint64_t max_mime_header_bytes = 64u << 10;
  // Pages of a document (PDF pages, slides rendered).
  uint64_t max_pages = 5000;
  // Decoded pixels of one image (width * height).
  uint64_t max_image_pixels = 150'000'000;
  // Pixels of one rendered page (image-pdf); bounds dpi * page size.
  uint64_t max_render_pixels = 60'000'000;
  // Heap MuPDF may use for one document (parsing, text, rendering), its cache included: a page
  // raster at max_render_pixels (60 Mpx RGB, 180 MB) and the images it draws fit with room.
  uint64_t max_render_memory = 1ull << 30;
  // Threads recognising pages for the image-pdf OCR text layer in one job (fewer when the
  // machine has fewer cores); each holds a Tesseract instance (~100 MB) and one page raster
  // waits for each, plus one being rendered.
  uint64_t max_ocr_threads = 4;
  // Indirect objects in one PDF.
  uint64_t max_pdf_objects = 2'000'000;
  // LibreOffice in its sandbox (legacy Office, Office -> image-pdf and text): wall-clock time
  // of one conversion, an instance's start-up included; the instance is killed past it.
  std::chrono::milliseconds max_office_time{std::chrono::seconds(120)};
  // Address space (RLIMIT_AS) of each process in an Office sandbox.
  uint64_t max_office_memory = 4ull << 30;
  // CPU seconds (RLIMIT_CPU) of each process in an Office sandbox, over its whole life.
  uint64_t max_office_cpu_seconds = 1200;
  // Conversions one warm LibreOffice instance serves before a fresh one replaces it.
  uint64_t office_conversions_per_instance = 50;
  // One malware scan (clamd or YARA) of the input or of one member; a scan that takes longer
  // gives no verdict and blocks the file ("scanner-unavailable").
  std::chrono::milliseconds max_scan_time{std::chrono::seconds(60)};
  // Wall-clock time for one file.
  std::chrono::milliseconds max_time{std::chrono::seconds(300)};
};

// One limit that an input hit: `limit` is the slug also used as the block reason.
struct LimitEvent {
  std::string limit;
  std::string where;
  uint64_t value = 0;
  uint64_t max = 0;
};

// Per-job accounting against Limits. Thread-safe, so parallel stages of one job may share it.
class Budget {
 public:
  explicit Budget(const Limits& limits);

  const Limits& limits() const { return limits_; }

  // Blocks with "limit-time" once the job's time is spent.
  Status checkTime(const std::string& where);
  // Adds `bytes` to the expanded total; blocks with "limit-expanded-size" past the limit.
  Status chargeExpanded(uint64_t bytes, const std::string& where);
  // Blocks with reason "limit-<name>" when value > max, recording the event.
  Status check(const std::string& name, uint64_t value, uint64_t max, const std::string& where);

  std::vector<LimitEvent> events() const;
  std::chrono::milliseconds elapsed() const;

 private:
  Status hit(const std::string& name, uint64_t value, uint64_t max, const std::string& where);

  Limits limits_;
  std::chrono::steady_clock::time_point start_;
  mutable std::mutex mutex_;
  uint64_t expanded_ = 0;
  std::vector<LimitEvent> events_;
};

}  // namespace sanso
