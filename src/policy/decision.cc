// decide(): the flow rule, then the 無害化 plan for the file type, then every classification
// rule that covers the destination. Deny beats approval beats allow.
#include "sanso/policy/decision.h"

#include "sanso/sanitize/engine.h"
#include "sanso/sanitize/file_type.h"

namespace sanso::policy {
namespace {

using sanitize::Family;
using sanitize::Method;

void deny(Decision& decision, std::string text, std::string clause) {
  decision.allowed = false;
  decision.reasons.push_back({std::move(text), std::move(clause)});
}

void note(Decision& decision, std::string text, std::string clause) {
  decision.reasons.push_back({std::move(text), std::move(clause)});
}

std::string chainText(const std::vector<Method>& methods) {
  std::string out;
  for (Method m : methods) out += (out.empty() ? "" : " → ") + sanitize::methodName(m);
  return out;
}

// Sets the methods the flow's plan gives `type_name`, keeping only those the engine offers
// for the type; denies when none is left.
void planSanitize(const Flow& flow, const std::string& type_name, Decision& decision) {
  auto type = sanitize::typeFromName(type_name);
  if (type_name.empty()) {
    deny(decision, "ファイル形式が示されていないため、無害化方式を選べず受け入れない", flow.clause);
    return;
  }
  if (!type || sanitize::typeInfo(*type).family == Family::kUnknown) {
    deny(decision, "ファイル形式「" + type_name + "」は判定できないため、無害化できず受け入れない",
         flow.clause);
    return;
  }
  if (sanitize::typeInfo(*type).family == Family::kUnsupported) {
    deny(decision, type_name + " は無害化できない形式のため受け入れない", flow.clause);
    return;
  }
  const SanitizePlan& plan = *flow.sanitize;
  auto specific = plan.by_type.find(type_name);
  bool by_type = specific != plan.by_type.end();
  for (Method m : by_type ? specific->second : plan.default_methods) {
    if (sanitize::isAvailable(*type, m)) decision.methods.push_back(m);
  }
  if (decision.methods.empty()) {
    deny(decision, type_name + " に使える無害化方式がこの経路に定められていないため受け入れない",
         flow.clause);
    return;
  }
  std::string how = decision.methods.size() == 1
                        ? " で無害化する"
                        : " の順に無害化を試み、最初に成功した方式の結果だけを渡す";
  note(decision,
       type_name + " は " + chainText(decision.methods) + how + "（" +
           (by_type ? "形式別の指定" : "既定の指定") + "）",
       flow.clause);
}

void applyFlow(const Flow& flow, const TransferQuery& query, Decision& decision) {
  decision.allowed = true;
  note(decision, flow.reason, flow.clause);
  if (!flow.exception.empty()) note(decision, "例外: " + flow.exception, flow.clause);
  if (flow.sanitize) planSanitize(flow, query.file_type, decision);
  decision.approval = flow.approval;
  if (flow.approval == Approval::kSupervisor) {
    note(decision, "この経路の送信には所属長の承認を要する", flow.clause);
  }
  decision.dlp = flow.dlp;
  if (flow.dlp == DlpMode::kBlock) {
    note(decision, "情報漏えい検査（DLP）を行い、検出した場合は送信を止める", flow.clause);
  } else if (flow.dlp == DlpMode::kEscalate) {
    note(decision, "情報漏えい検査（DLP）を行い、検出した場合は所属長の判断に回す", flow.clause);
  }
}

void applyLevel(const Dimension& dimension, const Level& level, const std::string& to,
                Decision& decision) {
  bool restricted = false;
  for (const auto& rule : level.rules) {
    if (!rule.covers(to)) continue;
    restricted = true;
    if (rule.action == RuleAction::kDeny) {
      deny(decision, level.name + ": " + rule.reason, rule.clause);
    } else {
      decision.approval = Approval::kSupervisor;
      note(decision, level.name + ": " + rule.reason, rule.clause);
    }
  }
  if (!restricted && !level.rules.empty()) {
    note(decision, level.name + ": この送信先への取扱制限はない", dimension.clause);
  }
}

void applyClassification(const PolicyPack& pack, const TransferQuery& query, Decision& decision) {
  for (const auto& [dimension_id, level_id] : query.levels) {
    if (pack.findDimension(dimension_id) == nullptr) {
      deny(decision, "分類の観点「" + dimension_id + "」はこのポリシーにない", "6(2)");
    }
  }
  for (const auto& dimension : pack.classification) {
    auto given = query.levels.find(dimension.id);
    const std::string& level_id =
        given != query.levels.end() ? given->second : dimension.default_level;
    if (level_id.empty()) continue;
    const Level* level = dimension.findLevel(level_id);
    if (level == nullptr) {
      deny(decision, dimension.name + "の区分「" + level_id + "」はこのポリシーにない",
           dimension.clause);
      continue;
    }
    if (given == query.levels.end()) {
      note(decision, dimension.name + "の区分が示されていないため " + level->name + " として扱う",
           dimension.clause);
    }
    applyLevel(dimension, *level, query.to, decision);
  }
}

}  // namespace

Decision decide(const PolicyPack& pack, const TransferQuery& query) {
  Decision decision;
  decision.retention = pack.retention;
  const Zone* from = pack.findZone(query.from);
  const Zone* to = pack.findZone(query.to);
  if (from == nullptr || to == nullptr) {
    deny(decision, "系「" + (from == nullptr ? query.from : query.to) + "」はこのポリシーにない",
         "6(3)");
    return decision;
  }
  if (from == to) {
    deny(decision, "同じ系の中の移動はゲートウェイを通さない", "6(3)");
    return decision;
  }
  const Flow* flow = pack.findFlow(from->id, to->id);
  const Zone* isolated = from->isolated ? from : to->isolated ? to : nullptr;
  if (flow == nullptr) {
    deny(decision,
         from->name + "から" + to->name + "への経路は定められていないため拒否する（既定で拒否）",
         isolated != nullptr ? isolated->clause : "6(3)");
    return decision;
  }
  if (!flow->allow) {
    deny(decision, flow->reason, flow->clause);
    return decision;
  }
  if (isolated != nullptr && flow->exception.empty()) {
    deny(decision, isolated->name + "は他の領域と通信しない（例外の定めがない）", isolated->clause);
    return decision;
  }
  applyFlow(*flow, query, decision);
  applyClassification(pack, query, decision);
  if (!decision.allowed) {
    decision.methods.clear();
    decision.approval = Approval::kNone;
    decision.dlp = DlpMode::kOff;
  }
  return decision;
}

Status checkQuery(const PolicyPack& pack, const TransferQuery& query) {
  for (const auto* zone : {&query.from, &query.to}) {
    if (pack.findZone(*zone) == nullptr) {
      return Status::invalidArgument("unknown zone '" + *zone + "'");
    }
  }
  if (!query.file_type.empty()) {
    auto type = sanitize::typeFromName(query.file_type);
    if (!type || *type == sanitize::FileType::kUnknown) {
      return Status::invalidArgument("unknown file type '" + query.file_type +
                                     "' (see `sanso formats`)");
    }
  }
  for (const auto& [dimension_id, level_id] : query.levels) {
    const Dimension* dimension = pack.findDimension(dimension_id);
    if (dimension == nullptr) {
      return Status::invalidArgument("unknown classification dimension '" + dimension_id + "'");
    }
    if (dimension->findLevel(level_id) == nullptr) {
      return Status::invalidArgument("unknown " + dimension_id + " level '" + level_id + "'");
    }
  }
  return Status::ok();
}

}  // namespace sanso::policy
