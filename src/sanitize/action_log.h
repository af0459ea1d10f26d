// Collects the actions of one job; identical actions are counted, not repeated.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "sanso/sanitize/report.h"

namespace sanso::sanitize {

class ActionLog {
 public:
  static constexpr size_t kMaxDistinct = 2000;

  // Records one action; the same (action, what, where) increments its count.
  void add(const std::string& action, const std::string& what, const std::string& where,
           const std::string& detail = {});
  void removed(const std::string& what, const std::string& where, const std::string& detail = {}) {
    add("removed", what, where, detail);
  }
  void neutralized(const std::string& what, const std::string& where,
                   const std::string& detail = {}) {
    add("neutralized", what, where, detail);
  }

  // True when an action that changes content (removed, neutralized, converted) was recorded.
  bool changedContent() const;
  std::vector<Action> actions() const;
  bool truncated() const;

  // Records the outcome of one member of a container (in the order added).
  void addMember(MemberReport member);
  std::vector<MemberReport> members() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Action> actions_;
  std::map<std::tuple<std::string, std::string, std::string>, size_t> index_;
  bool truncated_ = false;
  bool changed_ = false;
  std::vector<MemberReport> members_;
};

}  // namespace sanso::sanitize
