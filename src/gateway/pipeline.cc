#include "pipeline.h"

#include "sanso/common/file_io.h"
#include "sanso/sanitize/engine.h"
#include "sanso/sanitize/report.h"

namespace sanso::gateway::detail {

Result<SanitizeOutcome> sanitizeOriginal(const policy::PolicyPack& pack,
                                         const sanitize::Options& base, const Row& row,
                                         const std::string& original, const std::string& dir) {
  const Transfer& t = row.transfer;
  sanitize::Options options = base;
  options.input_sha256 = t.sha256;  // of the plaintext the upload took, which `original` is
  return sanitizeForFlow(pack, options, {t.from_zone, t.to_zone, t.file_name, t.levels}, original,
                         dir);
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
