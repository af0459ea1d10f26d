// One simulated sender of the gateway load benchmark: logs in on the Internet listener (and its
// recipient on the LGWAN listener), then repeats complete transfers until the run ends.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "load_stats.h"

namespace sanso::bench {

using Clock = std::chrono::steady_clock;

struct LoadSettings {
  uint16_t internet_port = 0;                  // the senders' listener (source zone)
  uint16_t lgwan_port = 0;                     // the recipient's listener (destination zone)
  std::string password;                        // of every account
  std::string sender_prefix = "load-sender-";  // senders are PREFIX0 .. PREFIX(accounts-1)
  int accounts = 64;
  std::string recipient = "load-recipient";
  std::string file_name = "load.docx";       // as sent in ?name=
  std::string file;                          // the bytes uploaded
  bool download = true;                      // the recipient downloads each ready transfer
  std::chrono::milliseconds poll_first{10};  // first wait after the upload, doubled each poll
  std::chrono::milliseconds poll_max{100};   // up to this
  int wait_seconds = 20;                     // > 0: long polls (?wait=) instead of the polls above
  std::chrono::seconds transfer_timeout{120};
};

// Transfers completed in the measured window and everything that went wrong.
struct LoadResults {
  std::mutex mutex;
  Latencies ready_ms;   // create sent -> state available seen
  Latencies total_ms;   // create sent -> download read (or ready without downloads)
  Latencies create_ms;  // the create call
  Latencies upload_ms;  // the upload call
  Latencies wait_ms;    // upload answered -> available seen
  Latencies download_ms;
  uint64_t polls = 0;
  uint64_t completed = 0;
  uint64_t errors = 0;
  std::map<std::string, uint64_t> error_kinds;  // e.g. "upload: 500 internal-error"
};

// The phases of a run, shared by all senders (on one thread): every sender logs in, then
// waits until `open`; transfers run until `measure_to`.
struct LoadWindow {
  std::string recipient_cookie;    // one session of the recipient, shared by all senders
  int logging_in = 0;              // logins in progress (argon2id: a few at a time)
  int logged_in = 0;               // senders ready
  int failed = 0;                  // senders whose login failed (they stop)
  bool open = false;               // set once every sender is ready, with the times below
  Clock::time_point measure_from;  // transfers finishing from here on are counted...
  Clock::time_point measure_to;    // ...up to here; no transfer starts after it
};

// Logs the recipient in on the LGWAN listener (when downloads are on) into
// window.recipient_cookie; errors are counted. Run before the senders.
boost::asio::awaitable<void> loginRecipient(const LoadSettings& settings, LoadWindow& window,
                                            LoadResults& results);

// Runs sender `index`: logs in, waits for the window to open and repeats transfers until it
// closes. Errors are counted in `results`, never thrown.
boost::asio::awaitable<void> runSender(const LoadSettings& settings, LoadWindow& window,
                                       LoadResults& results, int index);

}  // namespace sanso::bench
