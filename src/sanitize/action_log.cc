#include "action_log.h"

#include <utility>

namespace sanso::sanitize {

void ActionLog::add(const std::string& action, const std::string& what, const std::string& where,
                    const std::string& detail) {
  std::lock_guard lock(mutex_);
  if (action == "removed" || action == "neutralized" || action == "converted") changed_ = true;
  auto key = std::make_tuple(action, what, where);
  if (auto it = index_.find(key); it != index_.end()) {
    ++actions_[it->second].count;
    return;
  }
  if (actions_.size() >= kMaxDistinct) {
    truncated_ = true;
    return;
  }
  index_.emplace(key, actions_.size());
  actions_.push_back({action, what, where, detail, 1});
}

bool ActionLog::changedContent() const {
  std::lock_guard lock(mutex_);
  return changed_;
}

std::vector<Action> ActionLog::actions() const {
  std::lock_guard lock(mutex_);
  return actions_;
}

bool ActionLog::truncated() const {
  std::lock_guard lock(mutex_);
  return truncated_;
}

void ActionLog::addMember(MemberReport member) {
  std::lock_guard lock(mutex_);
  members_.push_back(std::move(member));
}

std::vector<MemberReport> ActionLog::members() const {
  std::lock_guard lock(mutex_);
  return members_;
}

}  // namespace sanso::sanitize
