#include "formats/formats.h"

#include "formats/formats_api.h"
#include "sanso/common/module_loader.h"
#include "sanso/sanitize/office_pool.h"

// Weak: null unless the program links the formats (or PDF) code in.
extern "C" const sanso::sanitize::formats::FormatsApi* sanso_formats_api() __attribute__((weak));
extern "C" const sanso::sanitize::formats::PdfApi* sanso_pdf_api() __attribute__((weak));

namespace sanso::sanitize {
namespace formats {
namespace {

ModuleTable<FormatsApi> g_module("sanso-formats.so", "sanso_formats_api", kFormatsApiVersion,
                                 "formats", sanso_formats_api);
ModuleTable<PdfApi> g_pdf_module("sanso-pdf.so", "sanso_pdf_api", kPdfApiVersion, "PDF",
                                 sanso_pdf_api);

// Runs the handler `table` has for the job's family and method.
template <typename Api>
Result<FileType> runFrom(ModuleTable<Api>& module, Job& job) {
  SANSO_ASSIGN_OR_RETURN(const Api* table, module.get());
  Handler handler = table->handler_for(typeInfo(job.type).family, job.options.method);
  if (handler == nullptr) {
    return Status::internal("no module handler for " + std::string(typeName(job.type)) + " under " +
                            methodName(job.options.method));
  }
  return handler(job);
}

}  // namespace

Result<FileType> runHandler(Job& job) { return runFrom(g_module, job); }

Result<FileType> runPdfHandler(Job& job) { return runFrom(g_pdf_module, job); }

Status scanBytes(ByteView data, const std::string& where, const Options& options, ActionLog& log) {
  if (options.clamd_socket.empty() && options.yara_rules.empty()) return Status::ok();
  SANSO_ASSIGN_OR_RETURN(const FormatsApi* table, g_module.get());
  return table->scan_bytes(data, where, options, log);
}

}  // namespace formats

Status startOfficePool(int size, const Limits& limits, bool start_now) {
  if (size <= 0) {
    stopOfficePool();
    return Status::ok();
  }
  SANSO_ASSIGN_OR_RETURN(const formats::FormatsApi* table, formats::g_module.get());
  return table->start_office_pool(size, limits, start_now);
}

void stopOfficePool() {
  // Without the module there is no pool to stop.
  if (const formats::FormatsApi* table = formats::g_module.ifLoaded()) table->stop_office_pool();
}

bool officeConverterInstalled() {
  Result<const formats::FormatsApi*> table = formats::g_module.get();
  return table.isOk() && (*table)->office_converter_installed();
}

}  // namespace sanso::sanitize
