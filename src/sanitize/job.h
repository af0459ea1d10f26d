// What a format handler gets: the input bytes, the caller's options, the budget and the log.
// Handlers write their whole output to `output_path` and return the output's type; on any
// failure they return a non-ok Status and the engine discards whatever they wrote.
#pragma once

#include <string>

#include "action_log.h"
#include "sanso/common/bytes.h"
#include "sanso/common/limits.h"
#include "sanso/common/status.h"
#include "sanso/sanitize/file_type.h"
#include "sanso/sanitize/options.h"

namespace sanso::sanitize {

struct Nesting;  // member.h: where a job sits inside containers

struct Job {
  ByteView input;
  FileType type;  // detected from content
  const Options& options;
  Budget& budget;
  ActionLog& log;
  std::string output_path;
  // Set when the input is a member of a container being sanitized; nullptr at the top.
  const Nesting* nesting = nullptr;
};

}  // namespace sanso::sanitize
