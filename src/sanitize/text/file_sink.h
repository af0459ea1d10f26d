// A buffered ByteSink over a file, so that large outputs are written in pieces instead of
// being assembled in memory first.
#pragma once

#include <memory>
#include <string>

#include "byte_sink.h"

namespace sanso::sanitize::text {

class FileSink : public ByteSink {
 public:
  // Creates or truncates `path` for writing.
  static Result<FileSink> open(const std::string& path);

  FileSink(FileSink&& other) noexcept;
  FileSink& operator=(FileSink&&) = delete;
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;
  // Closes the file if close() was not called, ignoring errors: only failed jobs, whose
  // output is discarded, get here.
  ~FileSink() override;

  // Buffers `bytes`, writing the buffer out whenever it fills.
  Status write(std::string_view bytes) override;
  // Writes out what is buffered and closes the file; the output is complete only when this
  // returns ok. Nothing may be written afterwards.
  Status close();

 private:
  static constexpr size_t kBufferSize = 1 << 16;

  explicit FileSink(int fd);
  Status flush();

  int fd_ = -1;
  std::unique_ptr<char[]> buffer_;
  size_t used_ = 0;
};

}  // namespace sanso::sanitize::text
