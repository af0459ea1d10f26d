#include "sanso/gateway/mail_notifier.h"

#include <iostream>

namespace sanso::gateway {
namespace {

constexpr const char* kFooter =
    "\n\n（このメールは sanso が自動送信しています。返信しないでください。）\n";

}  // namespace

MailNotifier::MailNotifier(auth::Accounts& accounts, MailNotifierSettings settings)
    : accounts_(accounts), settings_(std::move(settings)), thread_([this] { run(); }) {}

MailNotifier::~MailNotifier() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    if (!queue_.empty()) {
      std::clog << "gateway: " << queue_.size() << " notification mail(s) not sent at shutdown\n";
    }
  }
  changed_.notify_all();
  thread_.join();
}

std::string MailNotifier::zoneName(const std::string& zone) const {
  auto it = settings_.zone_names.find(zone);
  return it != settings_.zone_names.end() ? it->second : zone;
}

void MailNotifier::approvalRequested(const Transfer& transfer, std::optional<int64_t> approver) {
  std::vector<auth::User> approvers;
  if (approver) {
    if (auto user = accounts_.user(*approver); user.isOk()) approvers.push_back(*user);
  } else if (auto users = accounts_.users(); users.isOk()) {
    for (const auto& user : *users) {
      if (settings_.security_roles.count(user.role) != 0 && !user.disabled)
        approvers.push_back(user);
    }
  }
  auto sender = accounts_.user(transfer.sender_id);
  const std::string sender_name = sender.isOk() ? sender->display_name : "（不明）";
  for (const auto& user : approvers) {
    if (user.email.empty()) continue;
    MailMessage message;
    message.from = settings_.from;
    message.to = {user.email};
    message.subject = "【sanso】承認依頼: 転送 #" + std::to_string(transfer.id);
    message.body = user.display_name + " 様\n\n" + sender_name + " さんから、" +
                   zoneName(transfer.from_zone) + " から " + zoneName(transfer.to_zone) +
                   " へのファイル転送の承認依頼が届いています。\n\n転送番号: #" +
                   std::to_string(transfer.id) + "\nファイル: " + transfer.file_name +
                   "\n\nsanso にログインし、「承認」の画面で内容を確認してください。" + kFooter;
    message.date = std::time(nullptr);
    enqueue(std::move(message), transfer.id);
  }
}

void MailNotifier::available(const Transfer& transfer) {
  for (int64_t id : transfer.recipients) {
    auto user = accounts_.user(id);
    if (!user.isOk() || user->email.empty() || user->disabled) continue;
    MailMessage message;
    message.from = settings_.from;
    message.to = {user->email};
    message.subject = "【sanso】ファイルが届いています: 転送 #" + std::to_string(transfer.id);
    message.body = user->display_name + " 様\n\n" + zoneName(transfer.from_zone) +
                   " からファイルが届き、受け取れるようになりました。\n\n転送番号: #" +
                   std::to_string(transfer.id) + "\nファイル: " + transfer.output_name + "\n\n" +
                   zoneName(transfer.to_zone) +
                   " の sanso にログインし、「受信箱」から受け取ってください。" + kFooter;
    message.date = std::time(nullptr);
    enqueue(std::move(message), transfer.id);
  }
}

void MailNotifier::enqueue(MailMessage message, int64_t transfer_id) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.size() >= settings_.max_queue) {
      std::clog << "gateway: mail queue full, notification for transfer " << transfer_id
                << " dropped\n";
      return;
    }
    queue_.emplace_back(std::move(message), transfer_id);
  }
  changed_.notify_all();
}

void MailNotifier::drain() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return (queue_.empty() && !sending_) || stopping_; });
}

void MailNotifier::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    auto [message, transfer_id] = std::move(queue_.front());
    queue_.pop_front();
    sending_ = true;
    lock.unlock();
    Status status = Status::internal("not sent");
    auto data = composeMail(message, settings_.charset);
    if (!data.isOk()) {
      status = data.status();
    } else {
      for (int attempt = 0; attempt < settings_.attempts; ++attempt) {
        status = sendMail(settings_.relay, message.from, message.to, *data);
        if (status.isOk() || status.code() == StatusCode::kInvalidArgument) break;
        std::unique_lock<std::mutex> wait_lock(mutex_);
        if (changed_.wait_for(wait_lock, settings_.retry_delay, [this] { return stopping_; }))
          break;
      }
    }
    if (!status.isOk()) {
      std::clog << "gateway: notification mail for transfer " << transfer_id
                << " not sent: " << status.toString() << "\n";
    }
    lock.lock();
    sending_ = false;
    changed_.notify_all();
  }
}

}  // namespace sanso::gateway
