// The policy pack's keyword and regex patterns, compiled into one Hyperscan database.
#pragma once

#include <hs/hs.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "finding_collector.h"
#include "sanso/common/status.h"
#include "sanso/dlp/scanner.h"

namespace sanso::dlp {

class PatternScanner {
 public:
  // Compiles `patterns` (at least one) with Unicode classes where Hyperscan can (see
  // asciiClassPatternIds). Fails with invalidArgument naming the pattern id and Hyperscan's
  // message when a pattern does not compile; with internal when Hyperscan cannot run on this
  // CPU or cannot allocate scratch space.
  static Result<std::unique_ptr<PatternScanner>> create(const std::vector<UserPattern>& patterns);
  ~PatternScanner();
  PatternScanner(const PatternScanner&) = delete;
  PatternScanner& operator=(const PatternScanner&) = delete;

  // Ids of the patterns compiled without HS_FLAG_UCP (\d, \w, \s match ASCII only), because
  // Hyperscan cannot track their start offsets with Unicode classes.
  const std::vector<std::string>& asciiClassPatternIds() const;

  // Adds a RawFinding per match to `out`, with source = source_base + the pattern's index and
  // the leftmost start; overlapping matches of one pattern are merged into one. `utf8` must be
  // valid UTF-8. Safe to call from many threads at once.
  Status scan(std::string_view utf8, uint32_t source_base, FindingCollector& out) const;

 private:
  PatternScanner(hs_database_t* database, size_t pattern_count,
                 std::vector<std::string> ascii_class_ids)
      : database_(database),
        pattern_count_(pattern_count),
        ascii_class_ids_(std::move(ascii_class_ids)) {}

  // A scratch space of this database from the pool, or a new one when all are in use.
  Result<hs_scratch_t*> acquireScratch() const;
  void releaseScratch(hs_scratch_t* scratch) const;

  hs_database_t* database_;
  size_t pattern_count_;
  std::vector<std::string> ascii_class_ids_;
  mutable std::mutex mutex_;
  mutable std::vector<hs_scratch_t*> idle_scratch_;  // guarded by mutex_
};

}  // namespace sanso::dlp
