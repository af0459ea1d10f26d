// Reminders: once a day, each user gets one digest of what is overdue or due soon among what
// concerns them (their department's campaigns and corrective actions, their training and
// acknowledgement; for managers the incident deadlines and reviews of the whole organisation).
#include <map>

#include "sanso/auth/jst_day.h"
#include "sanso/isms/isms.h"

namespace sanso::isms {
namespace {

std::string digestText(const std::vector<DueItem>& items) {
  std::string text = "情報セキュリティに関する次の事項の期限が過ぎているか、近づいています。\n\n";
  for (const DueItem& item : items) {
    text += (item.overdue ? "【期限切れ】" : "【期限間近】") + item.due + " " + item.what + ": " +
            item.title + "\n";
  }
  text += "\nLGWAN接続系の sanso にログインし、「ダッシュボード」から確認してください。";
  return text;
}

}  // namespace

Result<std::vector<ReminderDigest>> Isms::pendingReminders(int horizon_days) {
  std::string today = auth::formatJstDay(deps_.now());
  std::map<int64_t, std::string> last;
  {
    SANSO_ASSIGN_OR_RETURN(store::ReadSession session, deps_.db.read());
    SANSO_ASSIGN_OR_RETURN(store::Statement st,
                           session.prepare("SELECT user_id, day FROM isms_reminders"));
    for (;;) {
      SANSO_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      last[st.columnInt64(0)] = st.columnText(1);
    }
  }
  SANSO_ASSIGN_OR_RETURN(std::vector<auth::User> users, deps_.accounts.users());
  std::vector<ReminderDigest> out;
  for (const auth::User& u : users) {
    if (u.disabled || u.email.empty() || last[u.id] == today) continue;
    Actor actor{u.id, u.role, u.department_id, ""};
    SANSO_ASSIGN_OR_RETURN(std::vector<DueItem> items, dueItems(actor, horizon_days));
    if (items.empty()) continue;
    size_t overdue = 0;
    for (const DueItem& item : items) overdue += item.overdue ? 1 : 0;
    ReminderDigest digest;
    digest.user_id = u.id;
    digest.day = today;
    digest.subject = "期限のお知らせ（期限切れ " + std::to_string(overdue) + " 件、期限間近 " +
                     std::to_string(items.size() - overdue) + " 件）";
    digest.body = digestText(items);
    digest.items = std::move(items);
    out.push_back(std::move(digest));
  }
  return out;
}

Status Isms::markReminded(const ReminderDigest& digest) {
  return deps_.db.write([&](store::Session& s) -> Status {
    SANSO_ASSIGN_OR_RETURN(store::Statement st,
                           s.prepare("INSERT INTO isms_reminders (user_id, day) VALUES (?1, ?2) "
                                     "ON CONFLICT(user_id) DO UPDATE SET day = excluded.day"));
    SANSO_RETURN_IF_ERROR(st.bindInt64(1, digest.user_id));
    SANSO_RETURN_IF_ERROR(st.bindText(2, digest.day));
    return st.run();
  });
}

}  // namespace sanso::isms
