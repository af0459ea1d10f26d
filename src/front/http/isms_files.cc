#include "isms_files.h"

#include <fcntl.h>
#include <unistd.h>

#include "sanso/auth/jst_day.h"
#include "sanso/http/transfer_api.h"
#include "sanso/isms/report.h"
#include "sanso/isms/tables.h"
#include "temp_file.h"

namespace sanso::http {
namespace {

Result<isms::Report> buildReport(isms::Isms& isms, const isms::Actor& actor,
                                 const IsmsApiConfig& config, const std::string& what,
                                 int64_t campaign) {
  isms::Report report;
  report.organization = config.organization;
  int64_t now = isms.now();
  report.generated_at = auth::formatJstDay(now);
  if (what == "soa") {
    SANSO_ASSIGN_OR_RETURN(isms::ReportTable table,
                           isms::applicabilityTable(isms, actor, config.live_check));
    report.title = "適用宣言書（SoA）";
    report.tables.push_back(std::move(table));
  } else if (what == "rollup") {
    SANSO_ASSIGN_OR_RETURN(isms::Record c, isms.get(actor, campaign));
    if (c.kind != "campaign") return Status::notFound("点検が見つかりません");
    SANSO_ASSIGN_OR_RETURN(report.tables, isms::rollupTables(isms, actor, campaign));
    report.title = c.fields.value("title", "点検結果") + " 結果";
  } else {
    if (isms::findKind(what) == nullptr) return Status::invalidArgument("unknown report");
    SANSO_ASSIGN_OR_RETURN(isms::ReportTable table, isms::registerTable(isms, actor, what));
    report.title = table.title;
    report.tables.push_back(std::move(table));
  }
  return report;
}

}  // namespace

Response reportFile(isms::Isms& isms, const isms::Actor& actor, const IsmsApiConfig& config,
                    const std::string& what, const std::string& format, int64_t campaign) {
  if (format != "csv" && format != "xlsx" && format != "pdf") {
    return errorFromStatus(Status::invalidArgument("format: csv, xlsx or pdf"));
  }
  auto report = buildReport(isms, actor, config, what, campaign);
  if (!report.isOk()) return errorFromStatus(report.status());
  if (format == "csv" && report->tables.size() != 1) {
    return errorFromStatus(Status::invalidArgument("この帳票は CSV にできません（表が複数）"));
  }
  std::string path = uniqueFilePath(config.work_dir, "report", "." + format);
  RemoveOnExit remove(path);
  Status written = format == "csv"    ? isms::writeCsv(report->tables.front(), path)
                   : format == "xlsx" ? isms::writeXlsx(*report, path)
                                      : isms::writePdf(*report, path);
  if (!written.isOk()) return errorFromStatus(written);
  store::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return errorFromStatus(Status::ioError("cannot open the report"));
  // The open descriptor keeps the content; the name goes when this function returns.
  return fileAttachment(std::move(fd), report->title + "_" + report->generated_at + "." + format);
}

std::string importPath(const IsmsApiConfig& config) {
  return uniqueFilePath(config.work_dir, "import", ".bin");
}

Result<int64_t> importRecords(isms::Isms& isms, const isms::Actor& actor, const std::string& kind,
                              const std::string& path) {
  SANSO_ASSIGN_OR_RETURN(auto rows, isms::readTableFile(path, kMaxImportRows + 1));
  return isms::importRows(isms, actor, kind, rows);
}

}  // namespace sanso::http
