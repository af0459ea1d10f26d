// A helper program run under bubblewrap: no network, no host files beyond a read-only /usr and
// the few configuration folders it names, a private /tmp, resource limits and a process group
// that is killed whole. It talks to sanso only through its stdin and stdout pipes.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sanso/common/bytes.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::sandbox {

using Clock = std::chrono::steady_clock;

struct SandboxSpec {
  // The program and its arguments, as seen inside the sandbox.
  std::vector<std::string> argv;
  // Host folders bound read-only at the same path (besides /usr, always bound).
  std::vector<std::string> read_only_dirs;
  // setrlimit values applied before bubblewrap starts (inherited by everything inside).
  uint64_t memory_bytes = 4ull << 30;  // RLIMIT_AS of each process
  uint64_t cpu_seconds = 600;          // RLIMIT_CPU of each process
  uint64_t max_open_files = 1024;      // RLIMIT_NOFILE
  uint64_t max_file_bytes = 1ull << 30;  // RLIMIT_FSIZE: largest file it may write
};

// A running sandboxed process; destroying it kills its whole process group.
class SandboxProcess {
 public:
  // Starts `spec` under /usr/bin/bwrap without waiting for it.
  static Result<SandboxProcess> start(const SandboxSpec& spec);

  SandboxProcess(SandboxProcess&& other) noexcept;
  SandboxProcess& operator=(SandboxProcess&& other) noexcept;
  SandboxProcess(const SandboxProcess&) = delete;
  SandboxProcess& operator=(const SandboxProcess&) = delete;
  ~SandboxProcess();

  // Writes all of `bytes` to the process's stdin before `deadline`.
  Status write(ByteView bytes, Clock::time_point deadline);
  // Reads one line (without its '\n') of at most `max_bytes` before `deadline`.
  Result<std::string> readLine(size_t max_bytes, Clock::time_point deadline);
  // Reads exactly `size` bytes before `deadline`.
  Result<std::string> readExact(size_t size, Clock::time_point deadline);
  // Closes stdin (the helper sees end of input) and kills the process group; reaps bwrap.
  void stop();
  bool running() const { return pid_ > 0; }

 private:
  SandboxProcess() = default;
  // Fills buffer_ with what is readable; false on end of output or deadline.
  Status fill(Clock::time_point deadline);

  int pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
};

// True when bubblewrap can create a sandbox on this machine (binary present).
bool sandboxAvailable();

}  // namespace sanso::sanitize::sandbox
