// Keeps the first findings of a scan by offset, up to a cap, and counts all of them, so that a
// text full of hits costs bounded memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sanso::dlp {

struct RawFinding {
  uint64_t offset = 0;
  uint64_t length = 0;
  uint32_t source = 0;  // index of the detector or pattern that found it
  std::string masked;   // empty until the scanner renders it
};

class FindingCollector {
 public:
  explicit FindingCollector(uint64_t max_kept) : max_kept_(max_kept) {}

  // False when a finding at `offset` will certainly not be kept (callers skip rendering it).
  bool mayKeep(uint64_t offset) const;
  // Counts the finding and keeps it if it is among the first max_kept by (offset, source).
  void add(RawFinding finding);
  uint64_t total() const { return total_; }
  // The kept findings ordered by offset; the collector is left empty.
  std::vector<RawFinding> takeSorted();

 private:
  uint64_t max_kept_;
  uint64_t total_ = 0;
  std::vector<RawFinding> heap_;  // max-heap: the last kept finding on top
};

}  // namespace sanso::dlp
