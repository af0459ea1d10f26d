#include "pdf/output_writer.h"

#include <memory>
#include <qpdf/QPDFWriter.hh>
#include <regex>
#include <utility>

namespace sanso::sanitize::pdf {
namespace {

// Thrown from qpdf's progress callback to stop a write that outlives the job's time budget.
struct WriteTimedOut {
  Status status;
};

class BudgetProgress : public QPDFWriter::ProgressReporter {
 public:
  explicit BudgetProgress(Budget& budget) : budget_(budget) {}
  void reportProgress(int percent) override {
    Status status = budget_.checkTime("writing pdf at " + std::to_string(percent) + "%");
    if (!status.isOk()) throw WriteTimedOut{std::move(status)};
  }

 private:
  Budget& budget_;
};

}  // namespace

Result<std::shared_ptr<Buffer>> writeRebuilt(QPDF& pdf, const std::string& min_version, Budget& budget) {
  QPDFWriter writer(pdf);
  writer.setOutputMemory();
  writer.setObjectStreamMode(qpdf_o_generate);
  writer.setCompressStreams(true);
  writer.setDecodeLevel(qpdf_dl_none);
  writer.setDeterministicID(true);
  static const std::regex kVersion("^(1\\.[0-7]|2\\.0)$");
  if (std::regex_match(min_version, kVersion)) writer.setMinimumPDFVersion(min_version);
  writer.registerProgressReporter(std::make_shared<BudgetProgress>(budget));
  try {
    writer.write();
  } catch (WriteTimedOut& timeout) {
    return std::move(timeout.status);
  }
  return writer.getBufferSharedPointer();
}

}  // namespace sanso::sanitize::pdf
