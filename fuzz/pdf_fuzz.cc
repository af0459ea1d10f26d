// Fuzzes PDF cdr. Any input must end in a sanitized PDF or a blocked status, within tight
// limits; and whatever cdr produces must itself pass cdr again (an output that the verification
// pass would refuse, or that qpdf cannot re-read, is a bug).
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "action_log.h"
#include "job.h"
#include "pdf/pdf_sanitizer.h"

namespace {

using sanso::Budget;
using sanso::ByteView;
using sanso::Result;
using sanso::sanitize::ActionLog;
using sanso::sanitize::FileType;
using sanso::sanitize::Job;
using sanso::sanitize::Options;

// One output file per fuzzing process.
const std::string& outputPath() {
  static const std::string path = [] {
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/sanso-pdf-fuzz-" +
           std::to_string(::getpid()) + ".pdf";
  }();
  return path;
}

Options fuzzOptions() {
  Options options;
  options.limits.max_time = std::chrono::seconds(2);
  options.limits.max_pages = 20;
  options.limits.max_pdf_objects = 20000;
  return options;
}

Result<FileType> sanitize(ByteView input, const Options& options) {
  Budget budget(options.limits);
  ActionLog log;
  Job job{input, FileType::kPdf, options, budget, log, outputPath()};
  return sanso::sanitize::pdf::sanitizePdf(job);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Options options = fuzzOptions();
  Result<FileType> first = sanitize(ByteView(data, size), options);
  if (first.isOk()) {
    std::ifstream in(outputPath(), std::ios::binary);
    std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Result<FileType> second = sanitize(sanso::asBytes(output), options);
    // Only running out of the time budget (a slow machine) excuses a rebuilt file.
    if (!second.isOk() && second.status().reason() != "limit-time") {
      std::fprintf(stderr, "sanitized output does not sanitize again: %s\n",
                   second.status().toString().c_str());
      std::abort();
    }
  }
  std::remove(outputPath().c_str());
  return 0;
}
