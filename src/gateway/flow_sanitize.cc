#include "sanso/gateway/flow_sanitize.h"

#include "sanso/sanitize/engine.h"
#include "sanso/sanitize/report.h"

namespace sanso::gateway {
namespace {

std::string reasonsText(const policy::Decision& decision) {
  std::string out;
  for (const policy::Reason& r : decision.reasons) {
    out += (out.empty() ? "" : "\n") + r.text + "（" + r.clause + "）";
  }
  return out;
}

}  // namespace

std::string flowOutputName(sanitize::Method method) {
  return sanitize::methodName(method) + ".out";
}

Result<FlowOutcome> sanitizeForFlow(const policy::PolicyPack& pack, const sanitize::Options& base,
                                    const FlowQuery& query, const std::string& original,
                                    const std::string& dir) {
  sanitize::Engine engine;
  sanitize::Options options = base;
  options.declared_name = query.file_name;
  options.method = sanitize::Method::kCdr;
  SANSO_ASSIGN_OR_RETURN(
      sanitize::Report probe,
      engine.sanitizeInPlace(original, dir + "/" + flowOutputName(options.method), options));
  FlowOutcome out;
  out.file_type = probe.input.type;
  out.input_sha256 = probe.input.sha256;
  out.decision =
      policy::decide(pack, {query.from_zone, query.to_zone, out.file_type, query.levels});
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
    std::string path = dir + "/" + flowOutputName(method);
    sanitize::Report report = probe;
    if (method != sanitize::Method::kCdr) {
      options.method = method;
      SANSO_ASSIGN_OR_RETURN(report, engine.sanitizeInPlace(original, path, options));
    }
    out.report_json = sanitize::toJson(report, false);
    if (report.verdict != sanitize::Verdict::kBlocked && report.output) {
      out.output_path = path;
      out.output_type = report.output->type;
      out.output_sha256 = report.output->sha256;
      return out;
    }
    failures += (failures.empty() ? "" : ", ") + name + ": " + report.reason;
  }
  out.blocked = true;
  out.reason = "無害化できなかった（" + failures + "）";
  return out;
}

}  // namespace sanso::gateway
