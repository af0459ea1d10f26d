#include "finding_collector.h"

#include <algorithm>
#include <tuple>
#include <utility>

namespace sanso::dlp {
namespace {

bool before(const RawFinding& a, const RawFinding& b) {
  return std::tie(a.offset, a.source, a.length) < std::tie(b.offset, b.source, b.length);
}

}  // namespace

bool FindingCollector::mayKeep(uint64_t offset) const {
  return heap_.size() < max_kept_ || (!heap_.empty() && offset <= heap_.front().offset);
}

void FindingCollector::add(RawFinding finding) {
  ++total_;
  if (max_kept_ == 0) return;
  if (heap_.size() == max_kept_) {
    if (!before(finding, heap_.front())) return;
    std::pop_heap(heap_.begin(), heap_.end(), before);
    heap_.pop_back();
  }
  heap_.push_back(std::move(finding));
  std::push_heap(heap_.begin(), heap_.end(), before);
}

std::vector<RawFinding> FindingCollector::takeSorted() {
  std::sort_heap(heap_.begin(), heap_.end(), before);
  return std::exchange(heap_, {});
}

}  // namespace sanso::dlp
