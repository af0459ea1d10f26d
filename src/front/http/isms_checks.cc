#include <chrono>
#include <memory>
#include <mutex>

#include "sanso/audit/verify.h"
#include "sanso/http/isms_api.h"

namespace sanso::http {
namespace {

using isms::CheckResult;

// Every allowed crossing out of an untrusted zone (the Internet tier) sanitizes, and nothing
// crosses from or to an isolated zone (My Number) without a named exception.
CheckResult flowsSanitized(const policy::PolicyPack& pack) {
  std::string problems;
  int checked = 0;
  for (const policy::Flow& f : pack.flows) {
    if (!f.allow) continue;
    const policy::Zone* from = pack.findZone(f.from);
    const policy::Zone* to = pack.findZone(f.to);
    if (from != nullptr && from->untrusted) {
      ++checked;
      if (!f.sanitize || f.sanitize->default_methods.empty()) {
        problems += f.from + "→" + f.to + " が無害化なしで許可されています。";
      }
    }
    bool isolated = (from && from->isolated) || (to && to->isolated);
    if (isolated && f.exception.empty()) {
      problems += f.from + "→" + f.to + " が例外の記載なしで分離された系をまたいでいます。";
    }
  }
  if (!problems.empty()) return {"fail", problems};
  return {"pass", "信頼できない系から許可された経路 " + std::to_string(checked) +
                      " 件はすべて無害化を経由します（ポリシーパック " + pack.urn + " 版 " +
                      std::to_string(pack.version) + "）"};
}

CheckResult mfaMyNumber(const policy::PolicyPack& pack, const AuthContext& context) {
  std::string problems;
  int zones = 0;
  for (const policy::Zone& z : pack.zones) {
    if (!z.isolated) continue;
    ++zones;
    if (context.mfa_zones.count(z.id) == 0)
      problems += z.name + " の受付口で多要素認証が必須ではありません。";
  }
  int roles = 0;
  for (const policy::Role& r : pack.roles) {
    if (!r.admin) continue;
    ++roles;
    if (context.mfa_roles.count(r.id) == 0)
      problems += r.name + " に多要素認証が必須ではありません。";
  }
  if (!problems.empty()) return {"fail", problems};
  return {"pass", "分離された系 " + std::to_string(zones) + " 件の受付口と管理者の役割 " +
                      std::to_string(roles) + " 件に TOTP を必須としています"};
}

class AuditChainCheck {
 public:
  explicit AuditChainCheck(audit::AuditLog& log) : log_(log) {}

  CheckResult run() {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (cached_ && now - checked_at_ < std::chrono::minutes(10)) return *cached_;
    auto report = log_.verify();
    if (!report.isOk()) {
      cached_ = CheckResult{"unknown", "監査記録を検証できません"};
    } else if (report->intact()) {
      cached_ =
          CheckResult{"pass", std::to_string(report->records) +
                                  " 件の監査記録のハッシュ連鎖と署名を検証し、改ざんはありません"};
    } else {
      cached_ = CheckResult{"fail", "監査記録 " + std::to_string(report->problem->seq) +
                                        " 番に問題があります: " + report->problem->message};
    }
    checked_at_ = now;
    return *cached_;
  }

  // The last `zones verify` the chain recorded.
  CheckResult zonesVerified() {
    auto session = log_.database().read();
    if (!session.isOk()) return {"unknown", "監査記録を読めません"};
    auto st = session->prepare(
        "SELECT time, details FROM audit_records WHERE action = 'zones.verify' "
        "ORDER BY seq DESC LIMIT 1");
    if (!st.isOk()) return {"unknown", "監査記録を読めません"};
    auto row = st->step();
    if (!row.isOk()) return {"unknown", "監査記録を読めません"};
    if (!*row) return {"unknown", "sanso zones verify の記録がまだありません"};
    std::string time = st->columnText(0);
    auto details = nlohmann::json::parse(st->columnText(1), nullptr, false);
    std::string verdict = details.is_object() ? details.value("verdict", "") : "";
    if (verdict == "separated") {
      return {"pass", time.substr(0, 10) + " の sanso zones verify で系の分離を確認しました"};
    }
    return {"fail", time.substr(0, 10) + " の sanso zones verify で違反が見つかりました"};
  }

 private:
  audit::AuditLog& log_;
  std::mutex mutex_;
  std::optional<CheckResult> cached_;
  std::chrono::steady_clock::time_point checked_at_;
};

}  // namespace

isms::LiveCheck ismsLiveChecks(const policy::PolicyPack& pack, AuthContext& context) {
  auto chain = std::make_shared<AuditChainCheck>(context.audit);
  return [&pack, &context, chain](const std::string& check) -> CheckResult {
    if (check == "flows-sanitized") return flowsSanitized(pack);
    if (check == "mfa-mynumber") return mfaMyNumber(pack, context);
    if (check == "audit-chain") return chain->run();
    if (check == "zones-verified") return chain->zonesVerified();
    return {"unknown", "この確認は実装されていません: " + check};
  };
}

}  // namespace sanso::http
