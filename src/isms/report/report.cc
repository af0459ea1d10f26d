#include "sanso/isms/report.h"

#include "report/atomic_output.h"
#include "report/report_module.h"
#include "report/report_text.h"

namespace sanso::isms {
namespace {

using WriteFn = Status (*)(const Report&, const char*);

Status writeReport(const Report& input, const std::string& path,
                   WriteFn report::ReportApi::*entry) {
  SANSO_ASSIGN_OR_RETURN(Report checked, report::checkedReport(input));
  SANSO_ASSIGN_OR_RETURN(const report::ReportApi* api, report::reportApi());
  WriteFn write = api->*entry;
  return report::writeAtomically(path, [&](const char* temp) { return write(checked, temp); });
}

}  // namespace

Status writeXlsx(const Report& report, const std::string& path) {
  return writeReport(report, path, &report::ReportApi::write_xlsx);
}

Status writePdf(const Report& report, const std::string& path) {
  return writeReport(report, path, &report::ReportApi::write_pdf);
}

}  // namespace sanso::isms
