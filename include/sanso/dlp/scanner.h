// DLP scanner: finds personal data in the text extracted from an outgoing transfer.
// Built-in detectors: 個人番号 (My Number), 法人番号 (corporate number), card numbers; plus the
// pack's keyword and regex patterns, compiled into one Hyperscan database. Findings carry where
// the hit is and a masked rendering, never the number itself. docs/dlp.md states the rules.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/status.h"

namespace sanso::dlp {

enum class BuiltinDetector {
  kMyNumber,         // id "my-number", 個人番号: 12 digits with a check digit
  kCorporateNumber,  // id "corporate-number", 法人番号: 13 digits, leading check digit
  kCardNumber,  // id "card-number", クレジットカード番号: 13-19 digits, Luhn and IIN/length
};

enum class PatternKind {
  kKeyword,  // the pattern is literal text
  kRegex,    // the pattern is a Hyperscan (PCRE subset) regular expression
};

// A pattern from the policy pack's `dlp.patterns`.
struct UserPattern {
  std::string id;    // unique, ASCII; reported as Finding::detector
  std::string name;  // display name (Japanese), reported as Finding::name
  PatternKind kind = PatternKind::kKeyword;
  std::string pattern;  // UTF-8
  bool case_insensitive = false;
};

struct ScannerConfig {
  std::vector<BuiltinDetector> builtins = {
      BuiltinDetector::kMyNumber, BuiltinDetector::kCorporateNumber, BuiltinDetector::kCardNumber};
  std::vector<UserPattern> patterns;
};

struct ScanLimits {
  // Larger inputs are refused with reason "limit-dlp-input" (fail closed).
  uint64_t max_input_bytes = 64ull << 20;
  // Findings kept in ScanResult::findings (the first by offset); the rest are only counted.
  uint64_t max_findings = 1000;
};

struct Finding {
  std::string detector;  // built-in detector id or the pattern's id
  std::string name;      // display name (Japanese)
  uint64_t offset = 0;   // byte offset in the scanned UTF-8 text
  uint64_t length = 0;   // bytes, separators included
  uint64_t line = 0;     // 1-based line number of `offset`
  std::string masked;    // e.g. "9832********", "****-****-****-1234"; never the full value
};

struct ScanResult {
  std::vector<Finding> findings;  // ordered by offset, at most ScanLimits::max_findings
  uint64_t total_findings = 0;    // every finding, kept or not

  bool hit() const { return total_findings > 0; }
  uint64_t omittedFindings() const { return total_findings - findings.size(); }
};

class PatternScanner;

// OK when `regex` compiles as the pack's pattern `id` would in Scanner::create (Hyperscan,
// UTF-8, Unicode classes or the ASCII-class retry); invalidArgument naming `id` with
// Hyperscan's message when it does not; internal when Hyperscan cannot run on this CPU. For
// validating a pack when it is loaded.
Status checkRegex(const std::string& id, const std::string& regex);

// Immutable once created; scan() is safe to call from many threads at once.
class Scanner {
 public:
  // Builds the scanner. Fails with invalidArgument naming the pattern id when a pattern is
  // empty, its id is empty, duplicated or a built-in id, or Hyperscan rejects it (its message is
  // included); with internal when Hyperscan cannot run on this CPU or fails to allocate.
  static Result<Scanner> create(const ScannerConfig& config);

  Scanner(Scanner&&) noexcept;
  Scanner& operator=(Scanner&&) noexcept;
  ~Scanner();

  // Scans UTF-8 text; patterns see each byte of an invalid sequence as '?', and every offset
  // refers to `utf8` as given.
  // Fails with blocked "limit-dlp-input" when the text exceeds limits.max_input_bytes, with
  // internal when Hyperscan fails; a failure must be treated as a hit (fail closed).
  Result<ScanResult> scan(std::string_view utf8, const ScanLimits& limits = {}) const;

  // Ids of the regex patterns whose \d, \w and \s match ASCII only: Hyperscan cannot report
  // start offsets for them with Unicode classes (HS_FLAG_UCP). The policy loader should show
  // them to the pack's author, who can write the classes out ("[0-9０-９]").
  std::vector<std::string> asciiClassPatternIds() const;

 private:
  Scanner(ScannerConfig config, std::unique_ptr<PatternScanner> patterns);

  ScannerConfig config_;
  std::unique_ptr<PatternScanner> patterns_;  // null when the config has no patterns
};

}  // namespace sanso::dlp
