// The spool of one message while it is filtered: a private directory under the spool dir
// holding message.eml (as received) and the engine's outputs, removed with the object.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "sanso/common/status.h"

namespace sanso::milter {

class MessageSpool {
 public:
  // Creates a fresh directory under `spool_dir` (0700) and opens message.eml in it.
  static Result<std::unique_ptr<MessageSpool>> create(const std::string& spool_dir);
  MessageSpool(const MessageSpool&) = delete;
  MessageSpool& operator=(const MessageSpool&) = delete;
  ~MessageSpool();  // closes and removes the directory with everything in it

  // Appends `data`; false once the spool has failed (I/O error).
  bool append(std::string_view data);
  // Flushes and closes message.eml; false on an I/O error.
  bool finish();
  uint64_t size() const { return size_; }
  const std::string& dir() const { return dir_; }
  std::string messagePath() const { return dir_ + "/message.eml"; }

 private:
  MessageSpool(std::string dir, std::FILE* file) : dir_(std::move(dir)), file_(file) {}
  std::string dir_;
  std::FILE* file_;
  uint64_t size_ = 0;
  bool failed_ = false;
};

// Removes what crashed runs left in `spool_dir` and creates it (0700) when missing.
Status resetSpoolDir(const std::string& spool_dir);

}  // namespace sanso::milter
