#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "sanso/gateway/mail_hold.h"

extern char** environ;

namespace sanso::gateway {

bool isQueueId(const std::string& queue_id) {
  if (queue_id.size() < 5 || queue_id.size() > 32) return false;
  for (char c : queue_id) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
      return false;
    }
  }
  return true;
}

// postsuper -H moves the message to the deferred queue; postqueue -i schedules it now.
Status PostsuperQueue::release(const std::string& queue_id) {
  SANSO_RETURN_IF_ERROR(run(postsuper_, "-H", queue_id));
  const size_t slash = postsuper_.rfind('/');
  const std::string postqueue =
      (slash == std::string::npos ? std::string() : postsuper_.substr(0, slash + 1)) + "postqueue";
  return run(postqueue, "-i", queue_id);
}

Status PostsuperQueue::discard(const std::string& queue_id) {
  return run(postsuper_, "-d", queue_id);
}

Status PostsuperQueue::run(const std::string& program, const char* flag,
                           const std::string& queue_id) {
  if (!isQueueId(queue_id)) return Status::invalidArgument("not a queue id: " + queue_id);
  std::vector<std::string> args = {program};
  if (!config_dir_.empty()) args.insert(args.end(), {"-c", config_dir_});
  args.insert(args.end(), {flag, queue_id});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Status::ioError("cannot run " + program + ": " + std::strerror(rc));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::ioError("waitpid: " + std::string(std::strerror(errno)));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::ioError(program + " " + flag + " " + queue_id + " failed (status " +
                           std::to_string(status) + ")");
  }
  return Status::ok();
}

}  // namespace sanso::gateway
