#include "report/report_module.h"

#include <dlfcn.h>

#include <array>
#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>

// Weak: null unless the program links the report module's code in (the unit tests do).
extern "C" const sanso::isms::report::ReportApi* sanso_report_api() __attribute__((weak));

namespace sanso::isms::report {
namespace {

constexpr const char* kModuleName = "sanso-report.so";

struct Loaded {
  const ReportApi* api = nullptr;
  std::string error;
};

std::array<std::filesystem::path, 2> candidatePaths() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::filesystem::path dir = ec ? std::filesystem::path() : exe.parent_path();
  return {dir / kModuleName, dir.parent_path() / "lib" / "sanso" / kModuleName};
}

Loaded loadModule() {
  if (sanso_report_api != nullptr) return {sanso_report_api(), {}};
  std::string errors;
  for (const auto& path : candidatePaths()) {
    std::error_code ec;
    if (path.empty() || !std::filesystem::is_regular_file(path, ec)) continue;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* text = dlerror();
      errors += path.string() + ": " + (text != nullptr ? text : "dlopen failed") + "; ";
      continue;
    }
    using Entry = const ReportApi* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(handle, "sanso_report_api"));
    const ReportApi* api = entry != nullptr ? entry() : nullptr;
    if (api == nullptr || api->version != kReportApiVersion) {
      errors += path.string() + ": not a sanso report module of this version; ";
      continue;  // the handle stays open, as for the media module
    }
    return {api, {}};
  }
  if (errors.empty()) errors = std::string(kModuleName) + " not found beside the executable";
  return {nullptr, "report module unavailable: " + errors};
}

}  // namespace

Result<const ReportApi*> reportApi() {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = loadModule(); });
  if (loaded.api == nullptr) return Status::internal(loaded.error);
  return loaded.api;
}

}  // namespace sanso::isms::report
