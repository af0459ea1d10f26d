// What a caller asks of one sanitize job.
#pragma once

#include <string>

#include "sanso/common/limits.h"

namespace sanso::sanitize {

enum class Method {
  kCdr,       // keep the format, rebuild it without active content
  kText,      // UTF-8 text only
  kImagePdf,  // every page rasterized into an image-only PDF
};

// "cdr", "text", "image-pdf".
std::string methodName(Method method);
// Parses a method name; false when unknown.
bool parseMethod(const std::string& name, Method& method);

struct Options {
  Method method = Method::kCdr;
  // Raster resolution for image-pdf.
  int dpi = 150;
  // image-pdf: recognise each rendered page (Tesseract, Japanese + English) and add an
  // invisible text layer (a glyphless font, text render mode 3) over the words, so that the
  // output can be searched and copied; the pages still show only the image. Slow (seconds per
  // page), so off by default.
  bool ocr_text_layer = false;
  // Keep browsing hyperlinks (http, https, mailto). Launching links are always neutralized.
  bool keep_hyperlinks = true;
  // Remove personal metadata (author, last editor, company...).
  bool remove_metadata = true;
  // Flush the output to stable storage before it appears (for stores that must not lose a
  // committed file on power loss); off for command-line use, like cp and mv.
  bool durable_output = false;
  // Warm LibreOffice instances a long-running caller (sanso serve) keeps for Office
  // conversions through startOfficePool(); without a pool, each conversion starts its own.
  int office_pool_size = 2;
  // The name the file arrived with; only used to report a name/content mismatch.
  std::string declared_name;
  // The input's SHA-256 (lowercase hex) when the caller already holds it for these very
  // bytes (a gateway transfer's hash, taken at upload): the report carries it instead of
  // hashing the input again. Empty: the engine hashes the input.
  std::string input_sha256;
  // Password for encrypted archives (zip ZipCrypto/AES, 7z); empty: encrypted archives are
  // blocked. Never logged, never written into a report.
  std::string password;
  // Block an archive when any of its members cannot be sanitized, instead of dropping those
  // members and listing them in the report.
  bool block_archive_on_drop = false;
  // Mail: when set, an attachment refused as an encrypted archive (PPAP) is written to this
  // existing directory as "held-<sha256>" (named in its member report's `held_file`) instead
  // of only being dropped, so that the caller can hold it until the recipient gives the
  // password.
  std::string held_attachment_dir;
  // Mail: the reference under which the caller keeps the original message; when set, the
  // notice of a message with removed or held attachments names it and says how to ask.
  std::string mail_reference;
  // clamd's UNIX socket: the input and every member are streamed to it (INSTREAM) before they
  // are parsed; empty: no ClamAV scan.
  std::string clamd_socket;
  // A YARA rules file (source or compiled by yarac) run on the input and every member before
  // they are parsed; empty: no YARA scan.
  std::string yara_rules;
  Limits limits;
};

}  // namespace sanso::sanitize
