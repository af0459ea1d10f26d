// Helpers shared by tests: temporary directories, files, and running commands.
#pragma once

#include <string>

namespace sanso::test {

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path()/name
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Runs `cmd` with /bin/sh, returns its stdout; stores the exit status in *exit_code if given.
std::string runCommand(const std::string& cmd, int* exit_code = nullptr);
// Reads a whole file; fails the test (throws) when it cannot.
std::string readFileOrDie(const std::string& path);
// Reads what `fd` yields from its position to its end.
std::string readToEnd(int fd);
// Writes a whole file; fails the test (throws) when it cannot.
void writeFileOrDie(const std::string& path, const std::string& data);
// True when `path` exists.
bool fileExists(const std::string& path);
// True when the program is on PATH.
bool haveProgram(const std::string& name);
// Single-quotes `arg` for /bin/sh.
std::string shellQuote(const std::string& arg);
// Runs the python3 `script` on `content` (written to a file named `file_name`, passed as its
// argument): "" when it prints nothing, else what it printed without trailing newlines, or
// "checker failed: ..." when it exits non-zero.
std::string pythonFindings(const std::string& script, const std::string& content,
                           const std::string& file_name);

// A 1x1 PNG in base64, for data: URLs.
inline constexpr char kPng1x1Base64[] =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

}  // namespace sanso::test
