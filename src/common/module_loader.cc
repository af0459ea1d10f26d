#include "sanso/common/module_loader.h"

#include <dlfcn.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace sanso {
namespace {

std::array<std::filesystem::path, 2> candidatePaths(const char* file_name) {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::filesystem::path dir = ec ? std::filesystem::path() : exe.parent_path();
  if (dir.empty()) return {};
  return {dir / file_name, dir.parent_path() / "lib" / "sanso" / file_name};
}

}  // namespace

Result<const void*> openModuleTable(const char* file_name, const char* entry_symbol,
                                    uint32_t version, const char* what) {
  std::string errors;
  for (const auto& path : candidatePaths(file_name)) {
    std::error_code ec;
    if (path.empty() || !std::filesystem::is_regular_file(path, ec)) continue;
    // Lazy binding, like the executable's own libraries: binding every function of a module
    // and its libraries up front costs more than the jobs that need a few of them.
    void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* text = dlerror();
      errors += path.string() + ": " + (text != nullptr ? text : "dlopen failed") + "; ";
      continue;
    }
    using Entry = const void* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(handle, entry_symbol));
    const void* table = entry != nullptr ? entry() : nullptr;
    uint32_t found = 0;
    if (table != nullptr) std::memcpy(&found, table, sizeof found);
    if (table == nullptr || found != version) {
      errors += path.string() + ": not a sanso " + what + " module of this version; ";
      continue;  // the handle stays open: see the header
    }
    return table;
  }
  if (errors.empty()) errors = std::string(file_name) + " not found beside the executable";
  return Status::internal(std::string(what) + " module unavailable: " + errors);
}

}  // namespace sanso
