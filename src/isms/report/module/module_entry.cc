#include "report/module/pdf_writer.h"
#include "report/module/xlsx_writer.h"
#include "report/report_api.h"

extern "C" __attribute__((visibility("default"))) const sanso::isms::report::ReportApi*
sanso_report_api() {
  using namespace sanso::isms::report;
  static const ReportApi api{kReportApiVersion, writeXlsxFile, writePdfFile};
  return &api;
}
