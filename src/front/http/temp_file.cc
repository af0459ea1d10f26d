#include "temp_file.h"

#include <atomic>
#include <cstdio>
#include <random>

namespace sanso::http {

std::string uniqueFilePath(const std::string& dir, const std::string& prefix,
                           const std::string& suffix) {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 random{std::random_device{}()};
  char name[64];
  std::snprintf(name, sizeof name, "-%016llx-%llu", static_cast<unsigned long long>(random()),
                static_cast<unsigned long long>(++counter));
  return dir + "/" + prefix + name + suffix;
}

}  // namespace sanso::http
