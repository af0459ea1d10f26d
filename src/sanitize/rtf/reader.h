// Reads an RTF document token by token and delivers only what the allowlist keeps to a Sink:
// groups, allowlisted control words, text decoded to UTF-8, allowed fields with their
// instruction, and pictures re-encoded as PNG or JPEG. Everything dropped is recorded in the
// job's log. The sink never sees a byte of the input verbatim, so what it writes is
// canonical whatever tricks the input used.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "job.h"
#include "rtf/control_words.h"
#include "rtf/lexer.h"

namespace sanso::sanitize::rtf {

struct Picture {
  std::string format;  // "pngblip" or "jpegblip"
  std::string bytes;   // re-encoded image
  std::vector<std::pair<std::string, int32_t>> properties;  // picw, pichgoal, picscalex...
};

struct Word {
  std::string_view name;
  bool has_param = false;
  int32_t param = 0;
  bool ignorable = false;  // written after \* (a destination other readers may skip)
  WordKind kind = WordKind::kFormat;
  std::string_view break_text;  // kBreak: its form in extracted text
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual Status open() = 0;
  virtual Status close() = 0;
  // `content` is true for document text and false for names in tables, info and field code.
  virtual Status word(const Word& word, bool content) = 0;
  virtual Status text(std::string_view utf8, bool content) = 0;
  virtual Status picture(const Picture& picture) = 0;
};

// Reads `job.input` into `sink`. With `pictures` false, pictures are skipped without being
// decoded (text extraction). Blocks "malformed-rtf" when the input does not start a group
// with a \rt... word, "limit-rtf-depth" and "limit-rtf-tokens" past the limits.
Status readRtf(Job& job, Sink& sink, bool pictures);

}  // namespace sanso::sanitize::rtf
