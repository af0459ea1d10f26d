// The body shared by the fuzz targets that run one document family's cdr and text handlers
// on whatever detection assigns to that family, with tight limits.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "detect.h"
#include "job.h"

namespace sanso::sanitize::fuzz {

using Handler = Result<FileType> (*)(Job&);

// Detects `data`; when it belongs to `family`, runs `cdr` and `text` on it, writing to a
// scratch file named after `tag` that is removed afterwards. Always returns 0.
inline int runFamily(const uint8_t* data, size_t size, Family family, Handler cdr, Handler text,
                     const char* tag) {
  Limits limits;
  limits.max_expanded_bytes = 64u << 20;
  limits.max_archive_entries = 500;
  limits.max_time = std::chrono::seconds(5);
  const std::string scratch =
      std::string("/tmp/sanso-") + tag + "-fuzz-" + std::to_string(::getpid());
  ByteView input(data, size);
  for (Method method : {Method::kCdr, Method::kText}) {
    Budget budget(limits);
    auto type = detectType(input, budget);
    if (!type.isOk() || typeInfo(*type).family != family) return 0;
    Options options;
    options.method = method;
    options.limits = limits;
    ActionLog log;
    Job job{input, *type, options, budget, log, scratch};
    (void)(method == Method::kCdr ? cdr(job) : text(job));
    std::remove(scratch.c_str());
  }
  return 0;
}

}  // namespace sanso::sanitize::fuzz
