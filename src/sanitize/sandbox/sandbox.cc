#include "sandbox/sandbox.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sanso::sanitize::sandbox {
namespace {

constexpr const char* kBwrap = "/usr/bin/bwrap";

// The bubblewrap command line: every namespace unshared (so no network), a read-only /usr
// with the merged-/usr symlinks, a fresh /proc, /dev and /tmp, no environment but a few
// neutral variables, an unprivileged uid, no capabilities, a new session (no terminal), and
// death with bwrap.
std::vector<std::string> bwrapArgs(const SandboxSpec& spec) {
  std::vector<std::string> args = {
      kBwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
      "--uid", "65534", "--gid", "65534", "--clearenv",
      "--setenv", "PATH", "/usr/bin", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8",
      "--ro-bind", "/usr", "/usr",
      "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
      "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
      "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"};
  for (const auto& dir : spec.read_only_dirs) {
    args.insert(args.end(), {"--ro-bind-try", dir, dir});
  }
  args.emplace_back("--");
  args.insert(args.end(), spec.argv.begin(), spec.argv.end());
  return args;
}

void closeFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

int remainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return 0;
  return left.count() > 60'000 ? 60'000 : static_cast<int>(left.count());
}

// Blocks SIGPIPE in this thread while writing to a helper that may have died, and discards a
// SIGPIPE raised meanwhile, so that a dead helper is an EPIPE error and not the end of sanso.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_set_);
    sigaddset(&pipe_set_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set_, &old_set_);
  }
  ~SigpipeGuard() {
    timespec zero{0, 0};
    while (sigtimedwait(&pipe_set_, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &old_set_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_set_;
  sigset_t old_set_;
};

Status timeout() { return Status::blocked("sandbox-timeout", "the sandboxed helper ran out of time"); }

}  // namespace

bool sandboxAvailable() { return ::access(kBwrap, X_OK) == 0; }

Result<SandboxProcess> SandboxProcess::start(const SandboxSpec& spec) {
  if (spec.argv.empty()) return Status::invalidArgument("sandbox: no program");
  std::vector<std::string> args = bwrapArgs(spec);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  char* envp[] = {nullptr};
  const rlimit limits[] = {{spec.memory_bytes, spec.memory_bytes},
                           {spec.cpu_seconds, spec.cpu_seconds},
                           {spec.max_open_files, spec.max_open_files},
                           {spec.max_file_bytes, spec.max_file_bytes},
                           {0, 0}};
  const int resources[] = {RLIMIT_AS, RLIMIT_CPU, RLIMIT_NOFILE, RLIMIT_FSIZE, RLIMIT_CORE};

  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return Status::ioError("sandbox: pipe failed");
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return Status::ioError("sandbox: pipe failed");
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) ::close(fd);
    return Status::ioError("sandbox: fork failed");
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls from here to exec.
    ::setpgid(0, 0);
    int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (::dup2(in_pipe[0], 0) < 0 || ::dup2(out_pipe[1], 1) < 0 ||
        ::dup2(null_fd >= 0 ? null_fd : out_pipe[1], 2) < 0) {
      ::_exit(127);
    }
    ::close_range(3, ~0U, 0);
    for (size_t i = 0; i < sizeof(resources) / sizeof(resources[0]); ++i) {
      if (::setrlimit(resources[i], &limits[i]) != 0) ::_exit(127);
    }
    ::signal(SIGPIPE, SIG_DFL);
    ::execve(kBwrap, argv.data(), envp);
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from the parent, so that kill(-pid) works at once
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  SandboxProcess process;
  process.pid_ = pid;
  process.stdin_fd_ = in_pipe[1];
  process.stdout_fd_ = out_pipe[0];
  ::fcntl(process.stdin_fd_, F_SETFL, O_NONBLOCK);
  ::fcntl(process.stdout_fd_, F_SETFL, O_NONBLOCK);
  return process;
}

SandboxProcess::SandboxProcess(SandboxProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      stdin_fd_(std::exchange(other.stdin_fd_, -1)),
      stdout_fd_(std::exchange(other.stdout_fd_, -1)),
      buffer_(std::move(other.buffer_)) {}

SandboxProcess& SandboxProcess::operator=(SandboxProcess&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = std::exchange(other.pid_, -1);
    stdin_fd_ = std::exchange(other.stdin_fd_, -1);
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    buffer_ = std::move(other.buffer_);
  }
  return *this;
}

SandboxProcess::~SandboxProcess() { stop(); }

void SandboxProcess::stop() {
  closeFd(stdin_fd_);
  closeFd(stdout_fd_);
  if (pid_ > 0) {
    // bwrap's process group; with the pid namespace unshared, the kernel then kills
    // everything inside when bwrap's init goes.
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
  buffer_.clear();
}

Status SandboxProcess::write(ByteView bytes, Clock::time_point deadline) {
  SigpipeGuard guard;
  size_t done = 0;
  while (done < bytes.size()) {
    if (stdin_fd_ < 0) return Status::blocked("sandbox-exited", "the sandboxed helper is gone");
    pollfd pfd{stdin_fd_, POLLOUT, 0};
    int ready = ::poll(&pfd, 1, remainingMs(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return timeout();
    ssize_t n = ::write(stdin_fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return Status::blocked("sandbox-exited", "the sandboxed helper stopped reading");
    }
    done += static_cast<size_t>(n);
  }
  return Status::ok();
}

Status SandboxProcess::fill(Clock::time_point deadline) {
  while (true) {
    if (stdout_fd_ < 0) return Status::blocked("sandbox-exited", "the sandboxed helper is gone");
    pollfd pfd{stdout_fd_, POLLIN, 0};
    int ready = ::poll(&pfd, 1, remainingMs(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return timeout();
    char chunk[65536];
    ssize_t n = ::read(stdout_fd_, chunk, sizeof(chunk));
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) return Status::blocked("sandbox-exited", "the sandboxed helper exited");
    buffer_.append(chunk, static_cast<size_t>(n));
    return Status::ok();
  }
}

Result<std::string> SandboxProcess::readLine(size_t max_bytes, Clock::time_point deadline) {
  while (true) {
    size_t end = buffer_.find('\n');
    if (end != std::string::npos && end <= max_bytes) {
      std::string line = buffer_.substr(0, end);
      buffer_.erase(0, end + 1);
      return line;
    }
    if (buffer_.size() > max_bytes) {
      return Status::blocked("sandbox-protocol", "the sandboxed helper sent an overlong line");
    }
    SANSO_RETURN_IF_ERROR(fill(deadline));
  }
}

Result<std::string> SandboxProcess::readExact(size_t size, Clock::time_point deadline) {
  while (buffer_.size() < size) SANSO_RETURN_IF_ERROR(fill(deadline));
  std::string out = buffer_.substr(0, size);
  buffer_.erase(0, size);
  return out;
}

}  // namespace sanso::sanitize::sandbox
