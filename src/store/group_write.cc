// Database::write: group commit of concurrent writers, each isolated by a savepoint.

#include <algorithm>
#include <exception>

#include "sanso/store/database.h"

namespace sanso::store {

// One write() call waiting in the queue; lives on its caller's stack.
struct Database::PendingWrite {
  const std::function<Status(Session&)>* work;
  Status status = Status::internal("write not run");
  bool done = false;
};

namespace {

// Runs `work` inside a savepoint of `tx`. Sets `broken` when the savepoint could not be
// undone, after which the transaction must not commit.
Status runIsolated(Transaction& tx, const std::function<Status(Session&)>& work, bool& broken) {
  SANSO_RETURN_IF_ERROR(tx.exec("SAVEPOINT sanso_write"));
  Status status = Status::ok();
  try {
    status = work(tx);
  } catch (const std::exception& e) {
    status = Status::internal(std::string("write failed with an exception: ") + e.what());
  }
  if (status.isOk()) {
    status = tx.exec("RELEASE sanso_write");
    if (status.isOk()) return status;
  }
  if (!tx.exec("ROLLBACK TO sanso_write; RELEASE sanso_write").isOk()) broken = true;
  return status;
}

}  // namespace

Status Database::write(const std::function<Status(Session&)>& work) {
  PendingWrite pending{&work};
  std::unique_lock lock(queue_mutex_);
  queue_.push_back(&pending);
  queue_changed_.wait(lock, [&] { return pending.done || queue_.front() == &pending; });
  if (pending.done) return pending.status;

  // This caller leads: it runs everything queued so far (itself first) in one transaction.
  size_t count = std::min(queue_.size(), max_group_);
  std::vector<PendingWrite*> group(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(count));
  lock.unlock();
  writeGroup(group);
  lock.lock();
  for (PendingWrite* member : group) {
    member->done = true;
    queue_.pop_front();
  }
  queue_changed_.notify_all();
  return pending.status;
}

void Database::writeGroup(const std::vector<PendingWrite*>& group) {
  auto tx = begin();
  if (!tx.isOk()) {
    for (PendingWrite* member : group) member->status = tx.status();
    return;
  }
  bool broken = false;
  bool any_ok = false;
  for (PendingWrite* member : group) {
    member->status = broken ? Status::internal("write abandoned after a failed rollback")
                            : runIsolated(*tx, *member->work, broken);
    any_ok = any_ok || member->status.isOk();
  }
  if (broken) {
    for (PendingWrite* member : group) {
      if (member->status.isOk()) member->status = Status::internal("write group rolled back");
    }
    return;  // the Transaction's destructor rolls everything back
  }
  if (!any_ok) return;
  Status committed = tx->commit();
  for (PendingWrite* member : group) {
    if (member->status.isOk()) member->status = committed;
  }
}

}  // namespace sanso::store
