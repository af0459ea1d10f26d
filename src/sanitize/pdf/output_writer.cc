#include "pdf/output_writer.h"

#include <memory>
#include <qpdf/QPDFSystemError.hh>
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

Status writeRebuilt(QPDF& pdf, const std::string& min_version, Budget& budget,
                    const std::string& path) {
  QPDFWriter writer(pdf);
  try {
    writer.setOutputFilename(path.c_str());
  } catch (const QPDFSystemError& e) {
    return Status::ioError(std::string("cannot create the output: ") + e.what());
  }
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
  } catch (const QPDFSystemError& e) {
    // The output file, not the document: an I/O failure, not a reason to block the input.
    return Status::ioError(std::string("writing the output failed: ") + e.what());
  }
  return Status::ok();
}

}  // namespace sanso::sanitize::pdf
