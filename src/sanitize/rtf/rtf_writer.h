// Writes the events of the RTF reader as a new RTF document: canonical control words, text as
// ASCII or \uN (with \uc1 and a '?' fallback set once in the header), pictures as hex.
#pragma once

#include <string>

#include "rtf/reader.h"
#include "text/byte_sink.h"

namespace sanso::sanitize::rtf {

class RtfWriter : public Sink {
 public:
  explicit RtfWriter(text::ByteSink& out) : out_(out) {}

  Status open() override;
  Status close() override;
  Status word(const Word& word, bool content) override;
  Status text(std::string_view utf8, bool content) override;
  Status picture(const Picture& picture) override;

 private:
  // Writes one token, starting a new line first when the current one is long.
  Status put(std::string_view token);

  text::ByteSink& out_;
  bool delimit_ = false;  // the last token was a control word that a letter would extend
  size_t line_ = 0;
};

// Collects the document text (not font names, styles, info or field code) as UTF-8.
class TextCollector : public Sink {
 public:
  explicit TextCollector(std::string& out) : out_(out) {}

  Status open() override { return Status::ok(); }
  Status close() override { return Status::ok(); }
  Status word(const Word& word, bool content) override;
  Status text(std::string_view utf8, bool content) override;
  Status picture(const Picture&) override { return Status::ok(); }

 private:
  std::string& out_;
};

}  // namespace sanso::sanitize::rtf
