// Notifications by mail through the municipality's SMTP relay. Messages are queued and sent
// by one background thread with a few retries, so the workflow never waits for the relay;
// a relay that stays down costs notifications (logged with ids only), never transfers.
// With a database, queued messages are kept in its `mail_queue` table until sent or given up,
// so a stop or a crash delays them to the next start instead of losing them.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "sanso/auth/accounts.h"
#include "sanso/gateway/mail.h"
#include "sanso/gateway/notifier.h"
#include "sanso/store/database.h"

namespace sanso::gateway {

struct MailNotifierSettings {
  SmtpRelay relay;
  std::string from;
  std::string charset = "ISO-2022-JP";
  std::map<std::string, std::string> zone_names;  // zone id -> Japanese name, for the text
  std::set<std::string> security_roles;           // who is told when any of them may approve
  size_t max_queue = 1000;
  store::Database* queue_db = nullptr;  // where queued messages are kept; null: memory only
  int attempts = 3;
  std::chrono::milliseconds retry_delay{2000};
};

class MailNotifier : public Notifier {
 public:
  // Applies the "mail" migrations to settings.queue_db (when set), takes the messages an
  // earlier run left there (the oldest max_queue) and starts the sender thread. `accounts`
  // and the database must outlive the notifier.
  static Result<std::unique_ptr<MailNotifier>> open(auth::Accounts& accounts,
                                                    MailNotifierSettings settings);
  // Stops the sender thread; messages still queued stay in the database for the next start
  // (without one they are dropped, and logged).
  ~MailNotifier() override;
  MailNotifier(const MailNotifier&) = delete;
  MailNotifier& operator=(const MailNotifier&) = delete;

  void approvalRequested(const Transfer& transfer, std::optional<int64_t> approver) override;
  void available(const Transfer& transfer) override;

  // A notice to one user (the ISMS reminders), queued and kept like the workflow's
  // notifications; nothing for a user who is disabled or has no e-mail address.
  void notice(int64_t user_id, const std::string& subject, const std::string& body);

  // Blocks until the queue is empty (tests).
  void drain();

 private:
  struct Queued {
    MailMessage message;
    int64_t transfer_id = 0;
    int64_t row = 0;  // id in mail_queue; 0 when not kept there
  };

  MailNotifier(auth::Accounts& accounts, MailNotifierSettings settings,
               std::deque<Queued> pending);
  void enqueue(MailMessage message, int64_t transfer_id);
  // Removes a sent or abandoned message from the database.
  void forget(const Queued& queued);
  void run();
  std::string zoneName(const std::string& zone) const;

  auth::Accounts& accounts_;
  MailNotifierSettings settings_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Queued> queue_;
  bool sending_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sanso::gateway
