// Errors found while reading a pack, each at a position in the file.
#pragma once

#include <yaml-cpp/mark.h>

#include <string>
#include <string_view>
#include <vector>

namespace sanso::policy {

struct Diagnostic {
  int line = 0;  // 1-based; 0 when the position is unknown
  int column = 0;
  int offset = -1;  // byte offset in the text, for counting characters
  std::string message;
};

class Diagnostics {
 public:
  // Records `message` at `mark` (yaml-cpp's 0-based position). Past a hundred errors
  // only the count grows.
  void add(const YAML::Mark& mark, std::string message);
  bool empty() const { return count_ == 0; }
  // One "source:line:column: message" line per error, in file order. Columns count
  // characters of `text` (the parsed text), as editors do, not bytes.
  std::string format(const std::string& source, std::string_view text) const;

 private:
  std::vector<Diagnostic> list_;
  size_t count_ = 0;
};

}  // namespace sanso::policy
