// Optional parts of sanso that live in their own shared object (a "module") beside the
// executable, loaded on first use so that programs which never need them do not map and
// relocate their libraries at start-up (docs/performance.md, "Start-up").
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "sanso/common/status.h"

namespace sanso {

// Finds `file_name` beside the executable (the build tree) or in ../lib/sanso (an installed
// tree), never through the environment or the working directory; opens it (RTLD_LAZY |
// RTLD_LOCAL) and returns the table its extern "C" function `entry_symbol` returns, provided the
// table starts with the uint32_t `version`. Internal error naming every path tried otherwise.
// A module, once opened, stays open: its code may have started threads.
Result<const void*> openModuleTable(const char* file_name, const char* entry_symbol,
                                    uint32_t version, const char* what);

// The table `Api` (whose first member is `uint32_t version`) of one module, opened once per
// process. `linked` is the program's own entry function when it links the module's code in
// (declared weak by the caller, so null otherwise): then nothing is loaded. `before_open`, when
// given, runs once just before the module is opened.
template <typename Api>
class ModuleTable {
 public:
  ModuleTable(const char* file_name, const char* entry_symbol, uint32_t version, const char* what,
              const Api* (*linked)(), void (*before_open)() = nullptr)
      : file_name_(file_name),
        entry_symbol_(entry_symbol),
        version_(version),
        what_(what),
        linked_(linked),
        before_open_(before_open) {}

  // The table, loading the module on the first call.
  Result<const Api*> get() {
    std::call_once(once_, [this] {
      if (linked_ != nullptr) {
        table_.store(linked_());
        return;
      }
      if (before_open_ != nullptr) before_open_();
      Result<const void*> opened = openModuleTable(file_name_, entry_symbol_, version_, what_);
      if (opened.isOk()) {
        table_.store(static_cast<const Api*>(*opened));
      } else {
        error_ = opened.status().message();
      }
    });
    const Api* table = table_.load();
    if (table == nullptr) return Status::internal(error_);
    return table;
  }

  // The table when it is already there (linked in or loaded), else null; never loads.
  const Api* ifLoaded() const {
    if (linked_ != nullptr) return linked_();
    return table_.load();
  }

 private:
  const char* file_name_;
  const char* entry_symbol_;
  uint32_t version_;
  const char* what_;
  const Api* (*linked_)();
  void (*before_open_)();
  std::once_flag once_;
  std::atomic<const Api*> table_{nullptr};
  std::string error_;
};

}  // namespace sanso
