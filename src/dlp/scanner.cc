#include "sanso/dlp/scanner.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>

#include "digit_normalizer.h"
#include "finding_collector.h"
#include "mask.h"
#include "number_detector.h"
#include "pattern_scanner.h"
#include "sanso/common/utf8.h"

namespace sanso::dlp {
namespace {

constexpr BuiltinDetector kAllBuiltins[] = {
    BuiltinDetector::kMyNumber, BuiltinDetector::kCorporateNumber, BuiltinDetector::kCardNumber};
// RawFinding::source: a built-in detector's position in kAllBuiltins, or this plus the index
// of a user pattern.
constexpr uint32_t kFirstPatternSource = std::size(kAllBuiltins);

Status validatePatterns(const std::vector<UserPattern>& patterns) {
  std::set<std::string_view> ids;
  for (BuiltinDetector kind : kAllBuiltins) ids.insert(numberDetector(kind).id);
  for (const UserPattern& pattern : patterns) {
    if (pattern.id.empty()) {
      return Status::invalidArgument("dlp pattern with an empty id (name '" + pattern.name + "')");
    }
    if (!ids.insert(pattern.id).second) {
      return Status::invalidArgument("dlp pattern '" + pattern.id +
                                     "': id is used twice or is a built-in detector's");
    }
    if (pattern.pattern.empty()) {
      return Status::invalidArgument("dlp pattern '" + pattern.id + "': empty pattern");
    }
  }
  return Status::ok();
}

void scanNumbers(std::string_view utf8, const std::vector<BuiltinDetector>& enabled,
                 FindingCollector& out) {
  std::vector<std::pair<uint32_t, const NumberDetector*>> detectors;
  for (uint32_t source = 0; source < kFirstPatternSource; ++source) {
    BuiltinDetector kind = kAllBuiltins[source];
    if (std::find(enabled.begin(), enabled.end(), kind) != enabled.end()) {
      detectors.emplace_back(source, &numberDetector(kind));
    }
  }
  if (detectors.empty()) return;
  size_t min_digits = SIZE_MAX;
  size_t max_digits = 0;
  for (const auto& [source, detector] : detectors) {
    min_digits = std::min(min_digits, detector->min_digits);
    max_digits = std::max(max_digits, detector->max_digits);
  }
  forEachDigitCandidate(utf8, min_digits, max_digits, [&](const DigitCandidate& candidate) {
    for (const auto& [source, detector] : detectors) {
      if (!detector->matches(candidate)) continue;
      std::string masked =
          out.mayKeep(candidate.offset) ? detector->mask(candidate.digits) : std::string();
      out.add(RawFinding{candidate.offset, candidate.length, source, std::move(masked)});
    }
  });
}

}  // namespace

Scanner::Scanner(ScannerConfig config, std::unique_ptr<PatternScanner> patterns)
    : config_(std::move(config)), patterns_(std::move(patterns)) {}
Scanner::Scanner(Scanner&&) noexcept = default;
Scanner& Scanner::operator=(Scanner&&) noexcept = default;
Scanner::~Scanner() = default;

Status checkRegex(const std::string& id, const std::string& regex) {
  if (regex.empty()) return Status::invalidArgument("dlp pattern '" + id + "' is empty");
  return PatternScanner::create({UserPattern{id, "", PatternKind::kRegex, regex, false}}).status();
}

Result<Scanner> Scanner::create(const ScannerConfig& config) {
  SANSO_RETURN_IF_ERROR(validatePatterns(config.patterns));
  std::unique_ptr<PatternScanner> patterns;
  if (!config.patterns.empty()) {
    SANSO_ASSIGN_OR_RETURN(patterns, PatternScanner::create(config.patterns));
  }
  return Scanner(config, std::move(patterns));
}

Result<ScanResult> Scanner::scan(std::string_view utf8, const ScanLimits& limits) const {
  if (utf8.size() > limits.max_input_bytes) {
    return Status::blocked("limit-dlp-input", "dlp: text of " + std::to_string(utf8.size()) +
                                                  " bytes exceeds the limit of " +
                                                  std::to_string(limits.max_input_bytes));
  }
  FindingCollector collector(limits.max_findings);
  scanNumbers(utf8, config_.builtins, collector);
  if (patterns_ != nullptr) {
    // Hyperscan's results on invalid UTF-8 are undefined: scan a same-length repaired copy.
    std::string repaired;
    std::string_view text = utf8;
    if (!isValidUtf8(utf8)) text = repaired = replaceInvalidUtf8(utf8);
    SANSO_RETURN_IF_ERROR(patterns_->scan(text, kFirstPatternSource, collector));
  }

  ScanResult result;
  result.total_findings = collector.total();
  uint64_t line = 1;
  uint64_t counted_to = 0;
  for (RawFinding& raw : collector.takeSorted()) {
    line += std::count(utf8.begin() + counted_to, utf8.begin() + raw.offset, '\n');
    counted_to = raw.offset;
    Finding finding;
    finding.offset = raw.offset;
    finding.length = raw.length;
    finding.line = line;
    if (raw.source < kFirstPatternSource) {
      const NumberDetector& detector = numberDetector(kAllBuiltins[raw.source]);
      finding.detector = detector.id;
      finding.name = detector.name;
      finding.masked = std::move(raw.masked);
    } else {
      const UserPattern& pattern = config_.patterns.at(raw.source - kFirstPatternSource);
      finding.detector = pattern.id;
      finding.name = pattern.name;
      finding.masked = pattern.kind == PatternKind::kKeyword
                           ? pattern.pattern
                           : maskMatchedText(utf8.substr(raw.offset, raw.length));
    }
    result.findings.push_back(std::move(finding));
  }
  return result;
}

std::vector<std::string> Scanner::asciiClassPatternIds() const {
  return patterns_ != nullptr ? patterns_->asciiClassPatternIds() : std::vector<std::string>();
}

}  // namespace sanso::dlp
