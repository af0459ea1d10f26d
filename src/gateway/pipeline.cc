#include "pipeline.h"

#include "sanso/common/file_io.h"
#include "sanso/sanitize/engine.h"
#include "sanso/sanitize/report.h"

namespace sanso::gateway::detail {
namespace {

std::string reasonsText(const policy::Decision& decision) {
  std::string out;
  for (const policy::Reason& r : decision.reasons) {
    out += (out.empty() ? "" : "\n") + r.text + "（" + r.clause + "）";
  }
  return out;
}

}  // namespace

Result<SanitizeOutcome> sanitizeOriginal(const policy::PolicyPack& pack,
                                         const sanitize::Options& base, const Row& row,
                                         const std::string& original, const std::string& dir) {
  const Transfer& t = row.transfer;
  sanitize::Engine engine;
  sanitize::Options options = base;
  options.declared_name = t.file_name;
  options.method = sanitize::Method::kCdr;
  SANSO_ASSIGN_OR_RETURN(sanitize::Report probe,
                         engine.sanitize(original, dir + "/cdr.out", options));
  SanitizeOutcome out;
  out.file_type = probe.input.type;
  out.decision = policy::decide(pack, {t.from_zone, t.to_zone, out.file_type, t.levels});
  if (!out.decision.allowed) {
    out.blocked = true;
    out.reason = reasonsText(out.decision);
    out.report_json = sanitize::toJson(probe, false);
    return out;
  }
  if (out.decision.methods.empty()) {  // the flow does not sanitize: the original goes
    out.output_path = original;
    out.output_type = out.file_type;
    return out;
  }
  std::string failures;
  for (sanitize::Method method : out.decision.methods) {
    std::string name = sanitize::methodName(method);
    std::string path = dir + "/" + name + ".out";
    sanitize::Report report = probe;
    if (method != sanitize::Method::kCdr) {
      options.method = method;
      SANSO_ASSIGN_OR_RETURN(report, engine.sanitize(original, path, options));
    }
    out.report_json = sanitize::toJson(report, false);
    if (report.verdict != sanitize::Verdict::kBlocked && report.output) {
      out.output_path = path;
      out.output_type = report.output->type;
      return out;
    }
    failures += (failures.empty() ? "" : ", ") + name + ": " + report.reason;
  }
  out.blocked = true;
  out.reason = "無害化できなかった（" + failures + "）";
  return out;
}

Result<DlpOutcome> checkDlp(const dlp::Scanner* scanner, const sanitize::Options& base,
                            const std::string& original, const std::string& dir) {
  DlpOutcome out;
  if (scanner == nullptr) {
    out.hit = true;
    out.reason = "dlp-unavailable";
    return out;
  }
  sanitize::Options options = base;
  options.method = sanitize::Method::kText;
  std::string text_path = dir + "/dlp.txt";
  SANSO_ASSIGN_OR_RETURN(sanitize::Report report,
                         sanitize::Engine().sanitize(original, text_path, options));
  if (report.verdict == sanitize::Verdict::kBlocked) {
    out.hit = true;
    out.reason = "dlp-unscannable: " + report.reason;
    return out;
  }
  dlp::ScanLimits limits;
  auto text = readFile(text_path, limits.max_input_bytes);
  if (!text.isOk()) {
    out.hit = true;
    out.reason = "dlp-unscannable: " + text.status().reason();
    return out;
  }
  auto scan = scanner->scan(*text, limits);
  if (!scan.isOk()) {
    out.hit = true;
    out.reason = "dlp-error: " + scan.status().reason();
    return out;
  }
  out.total = scan->total_findings;
  for (const dlp::Finding& f : scan->findings) {
    out.findings.push_back({{"detector", f.detector},
                            {"name", f.name},
                            {"line", f.line},
                            {"offset", f.offset},
                            {"masked", f.masked}});
  }
  out.hit = scan->hit();
  if (out.hit) out.reason = "dlp-hit";
  return out;
}

}  // namespace sanso::gateway::detail
