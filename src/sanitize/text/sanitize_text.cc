// sanitizeText(): the cdr and text handler for plain text and CSV/TSV.
#include "control_strip.h"
#include "csv.h"
#include "sanso/common/file_io.h"
#include "text_probe.h"
#include "text_sanitizer.h"

namespace sanso::sanitize::text {

namespace {

constexpr const char* kWhere = "text";

void logStripped(const StripCounts& counts, ActionLog& log) {
  if (counts.controls > 0) {
    log.removed("control-characters", kWhere,
                std::to_string(counts.controls) + " control, BOM or invalid characters");
  }
  if (counts.bidi > 0) {
    log.removed("bidi-control", kWhere,
                std::to_string(counts.bidi) + " bidirectional override/isolate characters");
  }
  if (counts.line_endings > 0) {
    log.add("re-encoded", "line-endings", kWhere,
            std::to_string(counts.line_endings) + " CR LF / CR -> LF");
  }
}

}  // namespace

Result<FileType> sanitizeText(Job& job) {
  SANSO_ASSIGN_OR_RETURN(Decoded decoded, decodeToUtf8(job.input));
  SANSO_RETURN_IF_ERROR(job.budget.chargeExpanded(decoded.utf8.size(), kWhere));
  if (decoded.charset != "UTF-8") {
    job.log.add("re-encoded", "charset", kWhere, decoded.charset + "->UTF-8");
  }
  SANSO_RETURN_IF_ERROR(job.budget.checkTime(kWhere));
  StripCounts counts;
  std::string clean = stripControlsCounted(decoded.utf8, counts);
  decoded.utf8 = std::string();  // release the decoded copy early
  logStripped(counts, job.log);
  if (job.type == FileType::kCsv) {
    SANSO_RETURN_IF_ERROR(job.budget.checkTime(kWhere));
    const bool long_text = clean.size() > kProbeBytes;
    const char detected =
        detectDelimiter(std::string_view(clean).substr(0, kProbeBytes), long_text);
    FormulaStats stats;
    clean = neutralizeFormulas(clean, detected != 0 ? detected : ',', stats);
    if (stats.cells > 0) {
      job.log.neutralized("csv-formula", kWhere,
                          std::to_string(stats.cells) + " cells, first at row " +
                              std::to_string(stats.first_row) + " column " +
                              std::to_string(stats.first_column));
    }
  }
  SANSO_RETURN_IF_ERROR(job.budget.checkTime(kWhere));
  // Excel in a Japanese locale reads BOM-less CSV as Shift_JIS: the BOM keeps it readable.
  if (job.type == FileType::kCsv) clean.insert(0, "\xEF\xBB\xBF");
  SANSO_RETURN_IF_ERROR(writeFile(job.output_path, asBytes(clean)));
  return job.type;
}

}  // namespace sanso::sanitize::text
