// The fields of every register kind. Labels are the column titles municipalities use in their
// ledgers (情報資産台帳 etc.); ids are stable API names.
#include <algorithm>

#include "sanso/isms/registers.h"

namespace sanso::isms {
namespace {

FieldSpec text(std::string name, std::string label, bool required = false, size_t max = 200) {
  return {
      std::move(name), std::move(label), FieldType::kText, required, max, Choices::kNone, {}, {}};
}

FieldSpec longText(std::string name, std::string label, bool required = false) {
  return {std::move(name),
          std::move(label),
          FieldType::kLongText,
          required,
          4000,
          Choices::kNone,
          {},
          {}};
}

FieldSpec date(std::string name, std::string label, bool required = false) {
  return {
      std::move(name), std::move(label), FieldType::kDate, required, 10, Choices::kNone, {}, {}};
}

FieldSpec typed(std::string name, std::string label, FieldType type, bool required = false) {
  return {std::move(name), std::move(label), type, required, 500, Choices::kNone, {}, {}};
}

FieldSpec choice(std::string name, std::string label, Choices from, bool required = false) {
  return {std::move(name), std::move(label), FieldType::kChoice, required, 200, from, {}, {}};
}

FieldSpec choiceList(std::string name, std::string label, Choices from, bool required = false,
                     size_t max_items = 100) {
  return {
      std::move(name), std::move(label), FieldType::kChoiceList, required, max_items, from, {}, {}};
}

FieldSpec fixed(std::string name, std::string label, std::vector<FixedChoice> values,
                bool required = false) {
  return {std::move(name),
          std::move(label),
          FieldType::kChoice,
          required,
          200,
          Choices::kFixed,
          std::move(values),
          {}};
}

FieldSpec record(std::string name, std::string label, std::string kind, bool required = false) {
  return {std::move(name), std::move(label), FieldType::kRecord, required, 0, Choices::kNone, {},
          std::move(kind)};
}

FieldSpec recordList(std::string name, std::string label, std::string kind) {
  return {std::move(name), std::move(label), FieldType::kRecordList, false, 100, Choices::kNone, {},
          std::move(kind)};
}

const std::vector<FixedChoice> kCampaignTypes = {{"self-inspection", "自己点検"},
                                                 {"audit", "監査"}};

std::vector<KindSpec> buildSpecs() {
  std::vector<KindSpec> kinds;
  kinds.push_back(
      {"asset",
       "情報資産",
       "4(2), 6(2)",
       Visibility::kDepartment,
       true,
       false,
       true,
       "name",
       {text("asset_no", "資産番号", false, 40), text("name", "資産名", true),
        choice("asset_kind", "資産の種類", Choices::kAssetKinds, true),
        longText("description", "内容"), text("administrator", "管理者"),
        text("location", "保管場所"), choice("zone", "ネットワーク（系）", Choices::kZones),
        choice("confidentiality", "機密性", Choices::kConfidentiality, true),
        choice("integrity", "完全性", Choices::kIntegrity, true),
        choice("availability", "可用性", Choices::kAvailability, true),
        fixed("form", "形態",
              {{"electronic", "電磁的記録"}, {"paper", "紙"}, {"both", "電磁的記録・紙"}}),
        text("related_systems", "関連システム"), text("retention", "保存期間", false, 60),
        date("next_review", "次回見直し"), longText("notes", "備考")}});
  kinds.push_back(
      {"risk",
       "リスク",
       "3, 6(2)",
       Visibility::kDepartment,
       true,
       false,
       true,
       "scenario",
       {record("asset", "情報資産", "asset", true),
        choice("threat", "脅威", Choices::kThreats, true),
        longText("scenario", "リスクシナリオ", true),
        choice("likelihood", "発生可能性", Choices::kLikelihood, true),
        choice("impact", "影響度", Choices::kImpact, true),
        fixed("treatment", "対応方針",
              {{"reduce", "低減"}, {"accept", "受容"}, {"avoid", "回避"}, {"transfer", "移転"}},
              true),
        choiceList("controls", "管理策", Choices::kControls),
        typed("owner", "対応責任者", FieldType::kUser), date("due", "対応期限"),
        choice("residual_likelihood", "残留リスクの発生可能性", Choices::kLikelihood),
        choice("residual_impact", "残留リスクの影響度", Choices::kImpact),
        fixed("status", "状態",
              {{"identified", "特定済み"},
               {"treating", "対応中"},
               {"accepted", "受容済み"},
               {"closed", "完了"}},
              true)}});
  kinds.push_back({"control",
                   "管理策の適用",
                   "6",
                   Visibility::kManagers,
                   false,
                   false,
                   false,
                   "control",
                   {choice("control", "管理策", Choices::kControls, true),
                    typed("applicable", "適用", FieldType::kBool, true),
                    longText("justification", "適用・除外の理由", true),
                    typed("owner", "責任者", FieldType::kUser),
                    fixed("status", "実施状況",
                          {{"implemented", "実施済み"},
                           {"partial", "一部実施"},
                           {"planned", "計画中"},
                           {"not-implemented", "未実施"}},
                          true),
                    date("due", "期限"), longText("notes", "備考")}});
  kinds.push_back(
      {"audit_plan",
       "年間計画",
       "7",
       Visibility::kEveryone,
       false,
       true,
       false,
       "title",
       {typed("fiscal_year", "年度", FieldType::kInteger, true), text("title", "件名", true),
        fixed("type", "種別", kCampaignTypes, true), typed("month", "実施月", FieldType::kInteger),
        longText("scope", "対象・範囲"),
        typed("departments", "対象部署", FieldType::kDepartmentList), longText("notes", "備考")}});
  kinds.push_back(
      {"campaign",
       "自己点検・監査",
       "7",
       Visibility::kEveryone,
       false,
       true,
       false,
       "title",
       {fixed("type", "種別", kCampaignTypes, true), text("title", "件名", true),
        typed("fiscal_year", "年度", FieldType::kInteger), date("deadline", "回答期限", true),
        choiceList("requirements", "点検項目", Choices::kRequirements, true, 500),
        typed("departments", "対象部署", FieldType::kDepartmentList, true),
        fixed("status", "状態", {{"open", "実施中"}, {"closed", "終了"}}, true),
        longText("notes", "備考")}});
  kinds.push_back({"answer",
                   "点検回答",
                   "7",
                   Visibility::kDepartment,
                   true,
                   false,
                   true,
                   "requirement",
                   {record("campaign", "自己点検・監査", "campaign", true),
                    choice("requirement", "点検項目", Choices::kRequirements, true),
                    fixed("result", "結果",
                          {{"implemented", "実施"},
                           {"partial", "一部実施"},
                           {"not-implemented", "未実施"},
                           {"not-applicable", "該当なし"}},
                          true),
                    longText("comment", "コメント"), text("evidence", "根拠資料")}});
  kinds.push_back(
      {"finding",
       "監査指摘事項",
       "7",
       Visibility::kDepartment,
       false,
       true,
       true,
       "description",
       {record("campaign", "自己点検・監査", "campaign"),
        choice("requirement", "点検項目", Choices::kRequirements),
        fixed("severity", "重要度",
              {{"major", "重大"}, {"minor", "軽微"}, {"observation", "改善提案"}}, true),
        longText("description", "指摘内容", true), longText("corrective_action", "是正措置"),
        typed("owner", "是正責任者", FieldType::kUser), date("due", "是正期限"),
        fixed("status", "状態",
              {{"open", "未対応"},
               {"in-progress", "是正中"},
               {"done", "是正済み"},
               {"verified", "確認済み"}},
              true),
        longText("follow_up", "フォローアップ")}});
  kinds.push_back(
      {"incident",
       "情報セキュリティインシデント",
       "6(7)",
       Visibility::kDepartment,
       false,
       false,
       true,
       "title",
       {text("title", "件名", true), longText("description", "内容", true),
        text("occurred_at", "発生日時", false, 40),
        choice("level", "レベル", Choices::kIncidentLevels),
        fixed("status", "状態",
              {{"reported", "報告受付"},
               {"triaged", "初動対応中"},
               {"responding", "対応中"},
               {"closed", "終結"}},
              true),
        recordList("assets", "関連する情報資産", "asset"),
        choiceList("threats", "脅威", Choices::kThreats),
        text("audit_refs", "関連する監査記録", false, 200), longText("actions", "対応内容"),
        longText("contacts", "連絡先・通知先"), longText("root_cause", "原因"),
        longText("prevention", "再発防止策"), typed("reported_by", "報告者", FieldType::kUser),
        date("closed_on", "終結日")}});
  kinds.push_back({"incident_note",
                   "インシデント対応記録",
                   "6(7)",
                   Visibility::kDepartment,
                   false,
                   false,
                   true,
                   "text",
                   {record("incident", "インシデント", "incident", true),
                    fixed("event", "種別",
                          {{"report", "報告"},
                           {"triage", "トリアージ"},
                           {"notify", "通知"},
                           {"action", "対応"},
                           {"note", "記録"},
                           {"close", "終結"},
                           {"reopen", "再開"}},
                          true),
                    longText("text", "内容", true)}});
  kinds.push_back({"course",
                   "研修",
                   "5, 6(5)",
                   Visibility::kEveryone,
                   false,
                   false,
                   false,
                   "title",
                   {text("title", "研修名", true), longText("description", "内容"),
                    typed("mandatory", "必須", FieldType::kBool, true),
                    choiceList("roles", "対象の役割（空欄は全員）", Choices::kRoles),
                    typed("fiscal_year", "年度", FieldType::kInteger), date("due", "受講期限"),
                    text("materials", "教材")}});
  kinds.push_back(
      {"training_record",
       "受講記録",
       "6(5)",
       Visibility::kDepartment,
       false,
       false,
       true,
       "course",
       {record("course", "研修", "course", true), typed("user", "受講者", FieldType::kUser, true),
        date("completed_on", "受講日", true), text("notes", "備考")}});
  kinds.push_back(
      {"acknowledgement",
       "遵守事項の確認",
       "5",
       Visibility::kDepartment,
       false,
       false,
       true,
       "user",
       {typed("fiscal_year", "年度", FieldType::kInteger, true),
        typed("user", "職員", FieldType::kUser, true), date("acknowledged_on", "確認日", true)}});
  kinds.push_back(
      {"contractor",
       "外部委託先",
       "6(8)",
       Visibility::kDepartment,
       true,
       false,
       true,
       "name",
       {text("name", "委託先", true), text("service", "委託業務", true),
        date("contract_from", "契約開始日"), date("contract_to", "契約終了日"),
        longText("security_clauses", "契約上のセキュリティ要件", true),
        choiceList("data_classes", "取り扱う情報の機密性", Choices::kConfidentiality),
        typed("subcontracting", "再委託", FieldType::kBool), longText("subcontractors", "再委託先"),
        date("last_verified", "確認日"),
        fixed("verification_result", "確認結果",
              {{"none", "未確認"}, {"ok", "適合"}, {"issues", "要改善"}, {"ng", "不適合"}}),
        date("next_verification", "次回確認期限"), longText("notes", "備考")}});
  kinds.push_back(
      {"cloud_service",
       "クラウドサービス",
       "4(2)④, 6(8)",
       Visibility::kDepartment,
       true,
       false,
       true,
       "name",
       {text("name", "サービス名", true), text("provider", "提供事業者", true),
        longText("purpose", "利用目的", true),
        choiceList("data_classes", "取り扱ってよい情報の機密性", Choices::kConfidentiality, true),
        choice("zone", "接続する系", Choices::kZones), text("location", "データの保管場所"),
        text("certification", "認証等（ISMAP 等）"), date("contract_to", "契約終了日"),
        date("next_review", "次回見直し"), longText("notes", "備考")}});
  kinds.push_back(
      {"sns_account",
       "SNS アカウント",
       "6(8)",
       Visibility::kDepartment,
       true,
       false,
       true,
       "account",
       {text("service", "サービス", true), text("account", "アカウント名", true),
        text("url", "URL", false, 500), typed("responsible", "運用責任者", FieldType::kUser, true),
        longText("procedure", "運用手順", true), longText("may_post", "発信してよい内容", true),
        fixed("authentication", "認証", {{"mfa", "多要素認証"}, {"password", "パスワードのみ"}}),
        date("next_review", "次回見直し"), longText("notes", "備考")}});
  kinds.push_back(
      {"document",
       "規程文書",
       "8-10",
       Visibility::kDocument,
       false,
       false,
       false,
       "title",
       {choice("doc_kind", "文書の種類", Choices::kDocumentKinds, true),
        text("title", "文書名", true), text("version", "版", true, 20),
        text("reason", "改訂理由", true, 400), typed("approved_by", "承認者", FieldType::kUser),
        date("approved_on", "承認日"), date("effective_from", "施行日"),
        date("next_review", "次回見直し期限"),
        fixed("status", "状態",
              {{"draft", "起案中"}, {"approved", "承認済み"}, {"superseded", "廃止"}}, true),
        longText("summary", "概要")}});
  return kinds;
}

}  // namespace

const FieldSpec* KindSpec::field(std::string_view name) const {
  auto it = std::find_if(fields.begin(), fields.end(),
                         [&](const FieldSpec& f) { return f.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

const std::vector<KindSpec>& kindSpecs() {
  static const std::vector<KindSpec> kinds = buildSpecs();
  return kinds;
}

const KindSpec* findKind(std::string_view id) {
  const auto& kinds = kindSpecs();
  auto it = std::find_if(kinds.begin(), kinds.end(), [&](const KindSpec& k) { return k.id == id; });
  return it == kinds.end() ? nullptr : &*it;
}

}  // namespace sanso::isms
