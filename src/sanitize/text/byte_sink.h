// Where streamed text output goes: a string in memory or a file (file_sink.h).
#pragma once

#include <string>
#include <string_view>

#include "sanso/common/status.h"

namespace sanso::sanitize::text {

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  // Appends `bytes`; a non-ok Status means the output is incomplete and must be discarded.
  virtual Status write(std::string_view bytes) = 0;
};

// Appends to a caller-owned string; never fails.
class StringSink : public ByteSink {
 public:
  explicit StringSink(std::string& out) : out_(out) {}

  Status write(std::string_view bytes) override {
    out_.append(bytes);
    return Status::ok();
  }

 private:
  std::string& out_;
};

}  // namespace sanso::sanitize::text
