#include "rtf/lexer.h"

#include <algorithm>
#include <limits>

namespace sanso::sanitize::rtf {
namespace {

bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Token Lexer::next() {
  while (pos_ < input_.size()) {
    const size_t start = pos_;
    const char c = input_[pos_];
    if (c == '{' || c == '}') {
      ++pos_;
      Token t;
      t.kind = c == '{' ? TokenKind::kOpen : TokenKind::kClose;
      t.offset = start;
      return t;
    }
    if (c == '\\') {
      if (pos_ + 1 >= input_.size()) {
        ++pos_;  // a lone backslash at the end: nothing
        continue;
      }
      return isLetter(input_[pos_ + 1]) ? word(start) : symbol(start);
    }
    if (c == '\r' || c == '\n') {  // line ends in RTF text are not text
      ++pos_;
      continue;
    }
    size_t end = pos_;
    while (end < input_.size() && input_[end] != '\\' && input_[end] != '{' &&
           input_[end] != '}' && input_[end] != '\r' && input_[end] != '\n') {
      ++end;
    }
    Token t;
    t.kind = TokenKind::kText;
    t.data = input_.substr(start, end - start);
    t.offset = start;
    pos_ = end;
    return t;
  }
  Token end;
  end.offset = input_.size();
  return end;
}

Token Lexer::word(size_t start) {
  Token t;
  t.kind = TokenKind::kWord;
  t.offset = start;
  size_t pos = start + 1;
  size_t name_end = pos;
  while (name_end < input_.size() && isLetter(input_[name_end])) ++name_end;
  t.name = input_.substr(pos, std::min(name_end - pos, kMaxNameLength));
  t.oversized = name_end - pos > kMaxNameLength;
  pos = name_end;
  // A parameter: '-' only counts when a digit follows it ("\b-" is \b and text "-").
  size_t digits = pos;
  bool negative = false;
  if (digits < input_.size() && input_[digits] == '-' && digits + 1 < input_.size() &&
      isDigit(input_[digits + 1])) {
    negative = true;
    ++digits;
  }
  if (digits < input_.size() && isDigit(input_[digits])) {
    int64_t value = 0;
    size_t count = 0;
    while (digits < input_.size() && isDigit(input_[digits])) {
      value = std::min<int64_t>(value * 10 + (input_[digits] - '0'),
                                int64_t{std::numeric_limits<int32_t>::max()} + 1);
      ++digits;
      ++count;
    }
    if (count > kMaxNameLength) t.oversized = true;
    if (negative) value = -value;
    value = std::clamp<int64_t>(value, std::numeric_limits<int32_t>::min(),
                                std::numeric_limits<int32_t>::max());
    t.has_param = true;
    t.param = static_cast<int32_t>(value);
    pos = digits;
  }
  if (pos < input_.size() && input_[pos] == ' ') ++pos;  // the delimiting space is part of it
  pos_ = pos;
  if (t.name == "bin") {
    const size_t length =
        t.has_param && t.param > 0 ? static_cast<size_t>(t.param) : size_t{0};
    const size_t take = std::min(length, input_.size() - pos_);
    t.data = input_.substr(pos_, take);
    pos_ += take;
  }
  return t;
}

Token Lexer::symbol(size_t start) {
  Token t;
  t.offset = start;
  const char c = input_[start + 1];
  pos_ = start + 2;
  if (c != '\'') {
    t.kind = TokenKind::kSymbol;
    t.symbol = c;
    return t;
  }
  t.kind = TokenKind::kHex;
  // Word takes the next two bytes, whatever they are.
  const size_t take = std::min<size_t>(2, input_.size() - pos_);
  const int high = take > 0 ? hexValue(input_[pos_]) : -1;
  const int low = take > 1 ? hexValue(input_[pos_ + 1]) : -1;
  pos_ += take;
  t.valid = high >= 0 && low >= 0;
  t.byte = t.valid ? static_cast<uint8_t>(high * 16 + low) : 0;
  return t;
}

}  // namespace sanso::sanitize::rtf
