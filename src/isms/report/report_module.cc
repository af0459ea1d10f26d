#include "report/report_module.h"

#include "sanso/common/module_loader.h"

// Weak: null unless the program links the report module's code in (the unit tests do).
extern "C" const sanso::isms::report::ReportApi* sanso_report_api() __attribute__((weak));

namespace sanso::isms::report {
namespace {

ModuleTable<ReportApi> g_module("sanso-report.so", "sanso_report_api", kReportApiVersion, "report",
                                sanso_report_api);

}  // namespace

Result<const ReportApi*> reportApi() { return g_module.get(); }

}  // namespace sanso::isms::report
