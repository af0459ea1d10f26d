// Mail kept by the gateway for the front door `sanso milter`: originals of sanitized inbound
// mail, encrypted attachments held for their password (PPAP) and outbound mail held by DLP in
// the MTA's hold queue. docs/operations.md §13 describes the flow.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sanso/common/status.h"

namespace sanso::gateway {

// An encrypted attachment held for its password.
struct HeldFile {
  int64_t index = 0;  // 1-based, within its mail
  std::string name;
  std::string type;  // "zip" or "7z"
  uint64_t size = 0;
  std::string sha256;
  // "held" (waiting for the password), "opened" (sanitized and handed over as `transfer_id`),
  // "locked" (too many wrong passwords), "blocked" (the content could not be sanitized),
  // "purged" (retention).
  std::string state;
  int64_t attempts = 0;  // wrong passwords so far
  int64_t transfer_id = 0;
  std::string reason;  // why blocked
};

inline constexpr int64_t kMaxPasswordAttempts = 5;

struct MailHold {
  std::string reference;
  std::string direction;  // "inbound" or "outbound"
  // inbound: "kept" (original stored), "purged"; outbound: "held", "released", "discarded",
  // "purged".
  std::string state;
  std::string message_id;
  std::string queue_id;
  std::string sender;
  std::vector<std::string> recipients;
  std::string subject;
  std::string reason;  // outbound: why held (masked findings)
  std::string from_zone;
  std::string to_zone;
  int64_t received_at = 0;
  uint64_t original_size = 0;
  bool original_kept = false;
  std::vector<HeldFile> files;
  int64_t decided_by = 0;  // outbound: the security manager who released or discarded it
  std::string decision_comment;
  int64_t decided_at = 0;
};

// The MTA's hold queue, where the outbound milter put mail with DLP findings.
class MailQueue {
 public:
  virtual ~MailQueue() = default;
  // Sends the held message `queue_id` on (it is not filtered again).
  virtual Status release(const std::string& queue_id) = 0;
  // Deletes the held message `queue_id`.
  virtual Status discard(const std::string& queue_id) = 0;
};

// Postfix: `postsuper [-c CONFIG_DIR] -H|-d QUEUE_ID` (a release is followed by `postqueue
// [-c CONFIG_DIR] -i QUEUE_ID` from the same directory, so that it leaves now), run without a
// shell.
class PostsuperQueue : public MailQueue {
 public:
  PostsuperQueue(std::string postsuper, std::string config_dir)
      : postsuper_(std::move(postsuper)), config_dir_(std::move(config_dir)) {}
  Status release(const std::string& queue_id) override;
  Status discard(const std::string& queue_id) override;

 private:
  Status run(const std::string& program, const char* flag, const std::string& queue_id);
  std::string postsuper_;
  std::string config_dir_;  // empty: Postfix's default
};

// Whether `queue_id` looks like a Postfix queue id (short or long form): letters and digits
// only, 5-32 characters.
bool isQueueId(const std::string& queue_id);

}  // namespace sanso::gateway
