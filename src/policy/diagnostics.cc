#include "diagnostics.h"

#include <algorithm>

namespace sanso::policy {
namespace {

constexpr size_t kMaxReported = 100;

// The 1-based character column of byte `offset` in `text`.
int characterColumn(std::string_view text, size_t offset) {
  size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  int column = 1;
  for (size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

}  // namespace

void Diagnostics::add(const YAML::Mark& mark, std::string message) {
  ++count_;
  if (list_.size() >= kMaxReported) return;
  bool known = !mark.is_null() && mark.line >= 0;
  list_.push_back({known ? mark.line + 1 : 0, known ? mark.column + 1 : 0, known ? mark.pos : -1,
                   std::move(message)});
}

std::string Diagnostics::format(const std::string& source, std::string_view text) const {
  std::vector<Diagnostic> sorted = list_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  std::string out;
  for (auto& d : sorted) {
    if (d.offset >= 0 && static_cast<size_t>(d.offset) <= text.size()) {
      d.column = characterColumn(text, static_cast<size_t>(d.offset));
    }
    if (!out.empty()) out += '\n';
    out +=
        source + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message;
  }
  if (count_ > list_.size()) {
    out += "\n" + source + ": " + std::to_string(count_ - list_.size()) + " more errors";
  }
  return out;
}

}  // namespace sanso::policy
