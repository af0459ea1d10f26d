// RTF tokens as Microsoft Word reads them. Word, not the specification, is the parser an
// attacker targets, so the lexer follows Word's quirks: control-word names of any length
// (cut to kMaxNameLength, the rest of the letters dropped), parameters with any number of
// leading zeros (saturated to int32), `\binN` raw data (negative or missing N reads nothing,
// N past the end reads to the end), and `\'` taking the next two bytes whatever they are.
#pragma once

#include <cstdint>
#include <string_view>

#include "sanso/common/bytes.h"

namespace sanso::sanitize::rtf {

enum class TokenKind {
  kOpen,    // {
  kClose,   // }
  kWord,    // \name[param]; `data` holds the raw bytes of \binN
  kSymbol,  // \x for a non-letter x other than '
  kHex,     // \'hh; `valid` false when hh are not two hex digits
  kText,    // a run of bytes other than \ { } CR LF
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view name;  // kWord: the letters (lower and upper case kept)
  bool has_param = false;
  int32_t param = 0;
  bool oversized = false;  // kWord: the name or parameter was longer than Word reads
  char symbol = 0;         // kSymbol
  uint8_t byte = 0;        // kHex
  bool valid = true;       // kHex
  std::string_view data;   // kText: the bytes; kWord "bin": the raw data
  size_t offset = 0;       // where the token starts in the input
};

class Lexer {
 public:
  // Word reads at most this many letters of a control word name.
  static constexpr size_t kMaxNameLength = 250;

  explicit Lexer(ByteView input) : input_(asChars(input)) {}

  // The next token; kEnd at the end of the input, and for ever after.
  Token next();
  size_t offset() const { return pos_; }

 private:
  Token word(size_t start);
  Token symbol(size_t start);

  std::string_view input_;
  size_t pos_ = 0;
};

}  // namespace sanso::sanitize::rtf
