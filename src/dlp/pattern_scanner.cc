#include "pattern_scanner.h"

#include <algorithm>
#include <climits>
#include <string>

namespace sanso::dlp {
namespace {

// A keyword as a regex that matches it literally: ASCII punctuation is hex-escaped; letters,
// digits and non-ASCII UTF-8 bytes stand for themselves.
std::string literalRegex(std::string_view keyword) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : keyword) {
    auto byte = static_cast<unsigned char>(c);
    bool plain = byte >= 0x80 || (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                 (byte >= 'A' && byte <= 'Z');
    if (plain) {
      out.push_back(c);
    } else {
      out += "\\x";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
  return out;
}

// Per-scan state of the match callback: the open (not yet reported) match of each pattern.
struct MatchContext {
  struct Open {
    uint64_t from = 0;
    uint64_t to = 0;
    bool valid = false;
  };

  void report(uint32_t index, const Open& match) {
    out->add(RawFinding{match.from, match.to - match.from, source_base + index, {}});
  }

  std::vector<Open> open;
  uint32_t source_base = 0;
  FindingCollector* out = nullptr;
};

// Hyperscan reports matches in order of their end; a match that starts before the end of the
// pattern's open match extends it.
int onMatch(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
            void* context) {
  auto& ctx = *static_cast<MatchContext*>(context);
  MatchContext::Open& open = ctx.open[id];  // ids are pattern indexes (no throwing in C)
  if (open.valid && from < open.to) {
    open.from = std::min<uint64_t>(open.from, from);
    open.to = std::max<uint64_t>(open.to, to);
  } else {
    if (open.valid) ctx.report(id, open);
    open = {from, to, true};
  }
  return 0;
}

// True when `expression` compiles alone with `flags`.
bool compiles(const char* expression, unsigned int flags) {
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_error_t rc = hs_compile(expression, flags, HS_MODE_BLOCK, nullptr, &database, &error);
  hs_free_compile_error(error);
  hs_free_database(database);
  return rc == HS_SUCCESS;
}

}  // namespace

Result<std::unique_ptr<PatternScanner>> PatternScanner::create(
    const std::vector<UserPattern>& patterns) {
  if (hs_valid_platform() != HS_SUCCESS) {
    return Status::internal("dlp: Hyperscan does not support this CPU (SSSE3 is required)");
  }
  std::vector<std::string> expressions;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const UserPattern& pattern = patterns[i];
    bool keyword = pattern.kind == PatternKind::kKeyword;
    expressions.push_back(keyword ? literalRegex(pattern.pattern) : pattern.pattern);
    unsigned int flag = HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_SOM_LEFTMOST;
    if (pattern.case_insensitive) flag |= HS_FLAG_CASELESS;
    flags.push_back(flag);
    ids.push_back(static_cast<unsigned int>(i));
  }
  std::vector<const char*> expression_ptrs;
  for (const std::string& expression : expressions) expression_ptrs.push_back(expression.c_str());

  std::vector<std::string> ascii_class_ids;
  for (;;) {
    hs_database_t* database = nullptr;
    hs_compile_error_t* error = nullptr;
    hs_error_t rc = hs_compile_multi(expression_ptrs.data(), flags.data(), ids.data(),
                                     static_cast<unsigned int>(patterns.size()), HS_MODE_BLOCK,
                                     nullptr, &database, &error);
    if (rc == HS_SUCCESS) {
      std::unique_ptr<PatternScanner> scanner(
          new PatternScanner(database, patterns.size(), std::move(ascii_class_ids)));
      // One scratch space up front, so that a database Hyperscan cannot serve fails here.
      SANSO_ASSIGN_OR_RETURN(hs_scratch_t * scratch, scanner->acquireScratch());
      scanner->releaseScratch(scratch);
      return scanner;
    }
    std::string message = error != nullptr ? error->message : "unknown error";
    int index = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    if (index < 0 || static_cast<size_t>(index) >= patterns.size()) {
      return Status::invalidArgument("dlp patterns: " + message);
    }
    const std::string& id = patterns[static_cast<size_t>(index)].id;
    unsigned int& flag = flags[static_cast<size_t>(index)];
    // Unicode classes (\d, \w, \s) with start-of-match tracking are often "too large" for
    // Hyperscan: retry such a pattern with ASCII classes, once.
    if ((flag & HS_FLAG_UCP) == 0 || !compiles(expression_ptrs[index], flag & ~HS_FLAG_UCP)) {
      return Status::invalidArgument("dlp pattern '" + id + "': " + message);
    }
    flag &= ~HS_FLAG_UCP;
    ascii_class_ids.push_back(id);
  }
}

const std::vector<std::string>& PatternScanner::asciiClassPatternIds() const {
  return ascii_class_ids_;
}

PatternScanner::~PatternScanner() {
  for (hs_scratch_t* scratch : idle_scratch_) hs_free_scratch(scratch);
  hs_free_database(database_);
}

Result<hs_scratch_t*> PatternScanner::acquireScratch() const {
  {
    std::lock_guard lock(mutex_);
    if (!idle_scratch_.empty()) {
      hs_scratch_t* scratch = idle_scratch_.back();
      idle_scratch_.pop_back();
      return scratch;
    }
  }
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(database_, &scratch) != HS_SUCCESS) {
    return Status::internal("dlp: cannot allocate Hyperscan scratch space");
  }
  return scratch;
}

void PatternScanner::releaseScratch(hs_scratch_t* scratch) const {
  std::lock_guard lock(mutex_);
  idle_scratch_.push_back(scratch);
}

Status PatternScanner::scan(std::string_view utf8, uint32_t source_base,
                            FindingCollector& out) const {
  if (utf8.size() > UINT_MAX) {
    return Status::blocked("limit-dlp-input", "dlp: text too large for one Hyperscan scan");
  }
  SANSO_ASSIGN_OR_RETURN(hs_scratch_t * scratch, acquireScratch());
  MatchContext context;
  context.open.resize(pattern_count_);
  context.source_base = source_base;
  context.out = &out;
  hs_error_t rc = hs_scan(database_, utf8.data(), static_cast<unsigned int>(utf8.size()), 0,
                          scratch, onMatch, &context);
  releaseScratch(scratch);
  if (rc != HS_SUCCESS) {
    return Status::internal("dlp: Hyperscan scan failed with error " + std::to_string(rc));
  }
  for (size_t i = 0; i < context.open.size(); ++i) {
    if (context.open[i].valid) context.report(static_cast<uint32_t>(i), context.open[i]);
  }
  return Status::ok();
}

}  // namespace sanso::dlp
