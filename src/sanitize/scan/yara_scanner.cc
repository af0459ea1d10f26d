#include "yara_scanner.h"

#include <sys/stat.h>
#include <yara.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace sanso::sanitize::scan {
namespace {

Status unavailable(const std::string& message) {
  return Status::blocked("scanner-unavailable", "yara: " + message);
}

using RulesPtr = std::shared_ptr<YR_RULES>;

// libyara's global state, set up once for the life of the process (never finalized: rules may
// be in use on any thread until exit).
bool initialized() {
  static const bool ok = yr_initialize() == ERROR_SUCCESS;
  return ok;
}

struct CompileErrors {
  std::string first;
};

void onCompileError(int level, const char* file, int line, const YR_RULE*, const char* message,
                    void* user) {
  auto* errors = static_cast<CompileErrors*>(user);
  if (level == YARA_ERROR_LEVEL_ERROR && errors->first.empty()) {
    errors->first = "line " + std::to_string(line) + ": " + (message ? message : "error");
  }
  (void)file;
}

RulesPtr wrap(YR_RULES* rules) { return RulesPtr(rules, [](YR_RULES* r) { yr_rules_destroy(r); }); }

bool isCompiled(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  char magic[4] = {};
  size_t n = std::fread(magic, 1, sizeof magic, f);
  std::fclose(f);
  return n == 4 && std::equal(magic, magic + 4, "YARA");
}

Result<RulesPtr> loadRules(const std::string& path) {
  if (isCompiled(path)) {
    YR_RULES* rules = nullptr;
    if (yr_rules_load(path.c_str(), &rules) != ERROR_SUCCESS) {
      return unavailable("cannot load compiled rules " + path);
    }
    return wrap(rules);
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return unavailable("cannot read rules " + path);
  YR_COMPILER* compiler = nullptr;
  if (yr_compiler_create(&compiler) != ERROR_SUCCESS) {
    std::fclose(f);
    return unavailable("cannot create a compiler");
  }
  CompileErrors errors;
  yr_compiler_set_callback(compiler, onCompileError, &errors);
  int failures = yr_compiler_add_file(compiler, f, nullptr, path.c_str());
  std::fclose(f);
  YR_RULES* rules = nullptr;
  if (failures == 0 && yr_compiler_get_rules(compiler, &rules) != ERROR_SUCCESS) failures = 1;
  yr_compiler_destroy(compiler);
  if (failures != 0) return unavailable("rules " + path + " do not compile: " + errors.first);
  return wrap(rules);
}

// Compiled rules by path, recompiled when the file's modification time changes.
Result<RulesPtr> cachedRules(const std::string& path) {
  struct Entry {
    timespec mtime{};
    RulesPtr rules;
  };
  static std::mutex mutex;
  static std::map<std::string, Entry> cache;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return unavailable("cannot read rules " + path);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(path);
  if (it != cache.end() && it->second.mtime.tv_sec == st.st_mtim.tv_sec &&
      it->second.mtime.tv_nsec == st.st_mtim.tv_nsec) {
    return it->second.rules;
  }
  SANSO_ASSIGN_OR_RETURN(RulesPtr rules, loadRules(path));
  cache[path] = Entry{st.st_mtim, rules};
  return rules;
}

int onScan(YR_SCAN_CONTEXT*, int message, void* message_data, void* user) {
  if (message != CALLBACK_MSG_RULE_MATCHING) return CALLBACK_CONTINUE;
  const auto* rule = static_cast<const YR_RULE*>(message_data);
  *static_cast<std::string*>(user) = rule->identifier;
  return CALLBACK_ABORT;
}

}  // namespace

Result<std::string> yaraMatch(const std::string& rules_path, ByteView data,
                              std::chrono::milliseconds timeout) {
  if (!initialized()) return unavailable("libyara failed to initialize");
  SANSO_ASSIGN_OR_RETURN(RulesPtr rules, cachedRules(rules_path));
  std::string matched;
  const int seconds = static_cast<int>(std::max<int64_t>(
      1, std::chrono::duration_cast<std::chrono::seconds>(timeout).count()));
  int rc = yr_rules_scan_mem(rules.get(), data.data(), data.size(), SCAN_FLAGS_FAST_MODE,
                             onScan, &matched, seconds);
  if (rc == ERROR_SCAN_TIMEOUT) return unavailable("scan ran longer than " +
                                                   std::to_string(seconds) + " s");
  if (rc != ERROR_SUCCESS && matched.empty()) {
    return unavailable("scan failed (libyara error " + std::to_string(rc) + ")");
  }
  return matched;
}

}  // namespace sanso::sanitize::scan
