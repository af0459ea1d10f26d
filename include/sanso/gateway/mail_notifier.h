// Notifications by mail through the municipality's SMTP relay. Messages are queued and sent
// by one background thread with a few retries, so the workflow never waits for the relay;
// a relay that stays down costs notifications (logged with ids only), never transfers.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "sanso/auth/accounts.h"
#include "sanso/gateway/mail.h"
#include "sanso/gateway/notifier.h"

namespace sanso::gateway {

struct MailNotifierSettings {
  SmtpRelay relay;
  std::string from;
  std::string charset = "ISO-2022-JP";
  std::map<std::string, std::string> zone_names;  // zone id -> Japanese name, for the text
  std::set<std::string> security_roles;           // who is told when any of them may approve
  size_t max_queue = 1000;
  int attempts = 3;
  std::chrono::milliseconds retry_delay{2000};
};

class MailNotifier : public Notifier {
 public:
  // `accounts` must outlive the notifier.
  MailNotifier(auth::Accounts& accounts, MailNotifierSettings settings);
  // Stops the sender thread; messages still queued are dropped (and logged).
  ~MailNotifier() override;
  MailNotifier(const MailNotifier&) = delete;
  MailNotifier& operator=(const MailNotifier&) = delete;

  void approvalRequested(const Transfer& transfer, std::optional<int64_t> approver) override;
  void available(const Transfer& transfer) override;

  // Blocks until the queue is empty (tests).
  void drain();

 private:
  void enqueue(MailMessage message, int64_t transfer_id);
  void run();
  std::string zoneName(const std::string& zone) const;

  auth::Accounts& accounts_;
  MailNotifierSettings settings_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<MailMessage, int64_t>> queue_;
  bool sending_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sanso::gateway
