#include "sanso/gateway/mail_notifier.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace sanso::gateway {
namespace {

constexpr const char* kFooter =
    "\n\n（このメールは sanso が自動送信しています。返信しないでください。）\n";

const std::vector<store::Migration>& mailMigrations() {
  static const std::vector<store::Migration> kMigrations = {
      {1,
       "CREATE TABLE mail_queue ("
       " id INTEGER PRIMARY KEY,"
       " transfer_id INTEGER NOT NULL,"
       " message TEXT NOT NULL);"},
  };
  return kMigrations;
}

std::string messageJson(const MailMessage& message) {
  return nlohmann::json{{"from", message.from},
                        {"to", message.to},
                        {"subject", message.subject},
                        {"body", message.body},
                        {"date", static_cast<int64_t>(message.date)}}
      .dump();
}

Result<MailMessage> messageFromJson(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  MailMessage message;
  if (!json.is_object() || !json.value("from", nlohmann::json()).is_string() ||
      !json.value("to", nlohmann::json()).is_array() ||
      !json.value("subject", nlohmann::json()).is_string() ||
      !json.value("body", nlohmann::json()).is_string() ||
      !json.value("date", nlohmann::json()).is_number_integer()) {
    return Status::invalidArgument("unreadable queued mail");
  }
  message.from = json["from"].get<std::string>();
  for (const auto& to : json["to"]) {
    if (!to.is_string()) return Status::invalidArgument("unreadable queued mail");
    message.to.push_back(to.get<std::string>());
  }
  message.subject = json["subject"].get<std::string>();
  message.body = json["body"].get<std::string>();
  message.date = static_cast<time_t>(json["date"].get<int64_t>());
  return message;
}

}  // namespace

Result<std::unique_ptr<MailNotifier>> MailNotifier::open(auth::Accounts& accounts,
                                                         MailNotifierSettings settings) {
  std::deque<Queued> pending;
  if (settings.queue_db != nullptr) {
    store::Database& db = *settings.queue_db;
    SANSO_RETURN_IF_ERROR(db.migrate("mail", mailMigrations()));
    SANSO_ASSIGN_OR_RETURN(store::ReadSession session, db.read());
    SANSO_ASSIGN_OR_RETURN(
        store::Statement st,
        session.prepare("SELECT id, transfer_id, message FROM mail_queue ORDER BY id LIMIT ?1"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, static_cast<int64_t>(settings.max_queue)));
    for (;;) {
      SANSO_ASSIGN_OR_RETURN(bool found, st.step());
      if (!found) break;
      Queued queued;
      queued.row = st.columnInt64(0);
      queued.transfer_id = st.columnInt64(1);
      auto message = messageFromJson(st.columnText(2));
      if (!message.isOk()) {
        std::clog << "gateway: queued mail " << queued.row << " unreadable, dropped\n";
      } else {
        queued.message = std::move(*message);
      }
      pending.push_back(std::move(queued));
    }
  }
  return std::unique_ptr<MailNotifier>(
      new MailNotifier(accounts, std::move(settings), std::move(pending)));
}

MailNotifier::MailNotifier(auth::Accounts& accounts, MailNotifierSettings settings,
                           std::deque<Queued> pending)
    : accounts_(accounts),
      settings_(std::move(settings)),
      queue_(std::move(pending)),
      thread_([this] { run(); }) {}

MailNotifier::~MailNotifier() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    if (!queue_.empty()) {
      std::clog << "gateway: " << queue_.size() << " notification mail(s) not sent at shutdown"
                << (settings_.queue_db != nullptr ? ", kept for the next start\n" : "\n");
    }
  }
  changed_.notify_all();
  thread_.join();
}

void MailNotifier::forget(const Queued& queued) {
  if (queued.row == 0 || settings_.queue_db == nullptr) return;
  Status removed = settings_.queue_db->write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(store::Statement st, s.prepare("DELETE FROM mail_queue WHERE id = ?1"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, queued.row));
    return st.run();
  });
  if (!removed.isOk()) {
    std::clog << "gateway: queued mail " << queued.row << ": " << removed.toString() << "\n";
  }
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

void MailNotifier::notice(int64_t user_id, const std::string& subject, const std::string& body) {
  auto user = accounts_.user(user_id);
  if (!user.isOk() || user->email.empty() || user->disabled) return;
  MailMessage message;
  message.from = settings_.from;
  message.to = {user->email};
  message.subject = "【sanso】" + subject;
  message.body = user->display_name + " 様\n\n" + body + kFooter;
  message.date = std::time(nullptr);
  enqueue(std::move(message), 0);
}

void MailNotifier::enqueue(MailMessage message, int64_t transfer_id) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.size() >= settings_.max_queue) {
      std::clog << "gateway: mail queue full, notification for transfer " << transfer_id
                << " dropped\n";
      return;
    }
  }
  Queued queued{std::move(message), transfer_id, 0};
  if (settings_.queue_db != nullptr) {
    Status kept = settings_.queue_db->write([&](store::Session& s) -> Status {
      SANSO_ASSIGN_OR_RETURN(
          store::Statement st,
          s.prepare("INSERT INTO mail_queue (transfer_id, message) VALUES (?1, ?2)"));
      SANSO_RETURN_IF_ERROR(st.bindInt64(1, transfer_id));
      SANSO_RETURN_IF_ERROR(st.bindText(2, messageJson(queued.message)));
      SANSO_RETURN_IF_ERROR(st.run());
      queued.row = s.lastInsertRowid();
      return Status::ok();
    });
    if (!kept.isOk()) {
      std::clog << "gateway: notification for transfer " << transfer_id
                << " kept in memory only: " << kept.toString() << "\n";
      queued.row = 0;
    }
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(queued));
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
    Queued queued = std::move(queue_.front());
    queue_.pop_front();
    sending_ = true;
    lock.unlock();
    Status status = Status::internal("not sent");
    bool interrupted = false;
    auto data = composeMail(queued.message, settings_.charset);
    if (!data.isOk()) {
      status = data.status();
    } else {
      for (int attempt = 0; attempt < settings_.attempts; ++attempt) {
        status = sendMail(settings_.relay, queued.message.from, queued.message.to, *data);
        if (status.isOk() || status.code() == StatusCode::kInvalidArgument) break;
        std::unique_lock<std::mutex> wait_lock(mutex_);
        if (changed_.wait_for(wait_lock, settings_.retry_delay, [this] { return stopping_; })) {
          interrupted = true;  // stopping: the message stays kept for the next start
          break;
        }
      }
    }
    if (!status.isOk()) {
      std::clog << "gateway: notification mail for transfer " << queued.transfer_id
                << " not sent: " << status.toString() << "\n";
    }
    if (!interrupted) forget(queued);
    lock.lock();
    sending_ = false;
    changed_.notify_all();
  }
}

}  // namespace sanso::gateway
