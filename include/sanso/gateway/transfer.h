// Value types of the transfer workflow: who is asking, what a transfer is, its timeline.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanso::gateway {

// The caller of every gateway function. `zone` is the zone of the listener the request
// arrived on; it must never come from a header, a parameter or the transfer itself.
struct Actor {
  int64_t user_id = 0;
  std::string zone;
};

enum class TransferState {
  kCreated,           // metadata stored, no file yet
  kUploaded,          // original stored encrypted; queued for sanitization
  kSanitizing,        // claimed by a worker
  kAwaitingApproval,  // sanitized; waits for the supervisor or a security manager
  kAvailable,         // recipients may download on the destination zone's listener
  kExpired,           // past expiry or download limit; sanitized file deleted
  kPurged,            // retention over; every blob deleted
  kBlocked,           // policy, sanitization or DLP refused it
  kRejected,          // the approver refused it
};

// "created", "uploaded", "sanitizing", "awaiting_approval", "available", "expired", "purged",
// "blocked", "rejected".
std::string_view stateName(TransferState state);
// Parses a stored state name; nullopt when unknown.
std::optional<TransferState> parseState(std::string_view name);

// What the sender asks for.
struct NewTransfer {
  std::string to_zone;
  std::vector<int64_t> recipients;            // user ids, at least one
  std::map<std::string, std::string> levels;  // classification dimension id -> level id
  std::string note;                           // free text, at most kMaxNoteBytes
  int64_t max_downloads = 0;                  // 0: kDefaultMaxDownloads
};

inline constexpr size_t kMaxNoteBytes = 2000;
inline constexpr size_t kMaxRecipients = 50;
inline constexpr int64_t kDefaultMaxDownloads = 5;
inline constexpr int64_t kMaxDownloadsLimit = 100;

// A transfer as shown to a caller allowed to see it.
struct Transfer {
  int64_t id = 0;
  int64_t sender_id = 0;
  std::string from_zone;
  std::string to_zone;
  std::map<std::string, std::string> levels;
  std::string note;
  TransferState state = TransferState::kCreated;
  std::string reason;       // why it is blocked or rejected (Japanese or a reason slug)
  std::string file_name;    // the sanitized declared name; empty before upload
  uint64_t size = 0;        // of the original
  std::string sha256;       // of the original
  std::string file_type;    // detected by the engine; empty before sanitization
  std::string output_name;  // the download name (extension of the output's type)
  std::string report_json;  // the engine's report of the method that won
  std::string dlp_json;     // masked DLP findings (never the numbers)
  std::string decision_json;
  std::vector<int64_t> recipients;
  int64_t max_downloads = 0;
  int64_t downloads = 0;
  int64_t created_at = 0;    // unix seconds (gateway clock)
  int64_t available_at = 0;  // 0 until available
  int64_t expires_at = 0;    // 0 until available
};

// One step of a transfer's timeline.
struct TransferEvent {
  int64_t at = 0;
  TransferState state = TransferState::kCreated;
  std::string actor;  // user id as text, or "system"
  std::string message;
};

}  // namespace sanso::gateway
