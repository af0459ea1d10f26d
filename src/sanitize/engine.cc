#include "sanso/sanitize/engine.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>

#include "action_log.h"
#include "detect.h"
#include "job.h"
#include "media/media.h"
#include "odf/odf_sanitizer.h"
#include "ooxml/ooxml_sanitizer.h"
#include "pdf/pdf_sanitizer.h"
#include "render/image_pdf.h"
#include "sanso/common/file_io.h"
#include "text/text_sanitizer.h"

namespace sanso::sanitize {
namespace {

using Handler = Result<FileType> (*)(Job&);

// The handler for a family and method; nullptr when that combination is not offered.
Handler handlerFor(Family family, Method method) {
  switch (family) {
    case Family::kOoxml:
      if (method == Method::kCdr) return ooxml::sanitizeOoxml;
      if (method == Method::kText) return ooxml::ooxmlToText;
      return nullptr;  // Office -> image-pdf needs the LibreOffice sandbox (next issue)
    case Family::kOdf:
      if (method == Method::kCdr) return odf::sanitizeOdf;
      if (method == Method::kText) return odf::odfToText;
      return nullptr;  // image-pdf needs the LibreOffice sandbox
    case Family::kPdf:
      if (method == Method::kCdr) return pdf::sanitizePdf;
      if (method == Method::kText) return pdf::pdfToText;
      return render::pdfToImagePdf;
    case Family::kImage:
      if (method == Method::kCdr) return media::sanitizeImage;
      if (method == Method::kImagePdf) return render::imageToImagePdf;
      return media::imageToText;
    case Family::kText:
      if (method == Method::kImagePdf) return nullptr;
      return text::sanitizeText;
    default:
      return nullptr;
  }
}

std::string lowerExtension(const std::string& name) {
  std::string ext = std::filesystem::path(name).extension().string();
  if (!ext.empty() && ext.front() == '.') ext.erase(0, 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

std::optional<std::string> nameMismatch(const std::string& declared, FileType type) {
  if (declared.empty()) return std::nullopt;
  std::string ext = lowerExtension(declared);
  if (ext.empty()) return std::nullopt;
  if (extensionMatches(type, ext)) return std::nullopt;
  return "extension '" + ext + "' but content is '" + std::string(typeName(type)) + "'";
}

bool sameOutputFamily(FileType produced, FileType detected) {
  if (produced == detected) return true;
  // Text outputs may be empty or look like CSV/plain text either way.
  auto text_like = [](FileType t) {
    return t == FileType::kText || t == FileType::kCsv || t == FileType::kEmpty;
  };
  return text_like(produced) && text_like(detected);
}

class JobRunner {
 public:
  JobRunner(const Options& options, PendingOutput& output)
      : options_(options), output_(output), budget_(options.limits) {
    report_.engine_version = engineVersion();
    report_.declared_name = options.declared_name;
    report_.method = options.method;
  }

  Result<Report> run(const InputFile& input) {
    ByteView bytes = input.bytes();
    report_.input.sha256 = input.sha256Hex();
    report_.input.size = bytes.size();
    report_.input.type = "unknown";

    Status status = process(bytes);
    report_.actions = log_.actions();
    report_.actions_truncated = log_.truncated();
    report_.limit_events = budget_.events();
    if (!status.isOk()) {
      if (!status.isBlocked()) return status;
      block(status);
    }
    report_.elapsed_ms = static_cast<uint64_t>(budget_.elapsed().count());
    return report_;
  }

 private:
  Status process(ByteView bytes) {
    SANSO_ASSIGN_OR_RETURN(FileType type, detectType(bytes, budget_));
    // A text file named .csv/.tsv opens in a spreadsheet, so it gets the stricter CSV
    // treatment even when its layout alone does not look tabular.
    std::string ext = lowerExtension(options_.declared_name);
    if (type == FileType::kText && (ext == "csv" || ext == "tsv")) type = FileType::kCsv;
    report_.input.type = std::string(typeName(type));
    report_.name_mismatch = nameMismatch(options_.declared_name, type);
    const TypeInfo& info = typeInfo(type);
    if (info.family == Family::kUnknown || info.family == Family::kUnsupported) {
      return Status::blocked("unsupported-type",
                             "content type '" + std::string(info.name) + "' is not supported");
    }
    Handler handler = handlerFor(info.family, options_.method);
    if (handler == nullptr) {
      return Status::blocked("method-unsupported", "method " + methodName(options_.method) +
                                                       " is not available for " +
                                                       std::string(info.name));
    }
    Job job{bytes, type, options_, budget_, log_, output_.tempPath()};
    Result<FileType> produced = Status::internal("handler did not run");
    try {
      produced = handler(job);
    } catch (const std::exception& e) {
      return Status::internal(std::string("unexpected exception: ") + e.what());
    }
    if (!produced.isOk()) return produced.status();
    if (options_.method != Method::kCdr && info.family != Family::kText) {
      log_.add("converted", methodName(options_.method), "document",
               std::string(info.name) + " -> " + std::string(typeName(*produced)));
    }
    return verifyAndCommit(*produced);
  }

  // Re-reads what the handler wrote and checks it is what was promised before committing it.
  Status verifyAndCommit(FileType produced) {
    SANSO_ASSIGN_OR_RETURN(InputFile written, InputFile::open(output_.tempPath(), UINT64_MAX));
    Budget check_budget(options_.limits);
    auto detected = detectType(written.bytes(), check_budget);
    if (!detected.isOk() || !sameOutputFamily(produced, *detected)) {
      return Status::blocked(
          "output-verification-failed",
          "output is not the " + std::string(typeName(produced)) + " it should be");
    }
    FileFacts facts;
    facts.sha256 = written.sha256Hex();
    facts.size = written.bytes().size();
    facts.type = std::string(typeName(produced));
    SANSO_RETURN_IF_ERROR(output_.commit(options_.durable_output));
    report_.output = std::move(facts);
    report_.verdict = log_.changedContent() ? Verdict::kSanitized : Verdict::kClean;
    return Status::ok();
  }

  void block(const Status& status) {
    report_.verdict = Verdict::kBlocked;
    report_.reason = status.reason();
    report_.message = status.message();
    report_.output.reset();
  }

  const Options& options_;
  PendingOutput& output_;
  Budget budget_;
  ActionLog log_;
  Report report_;
};

Result<Report> blockedBeforeStart(const Options& options, const Status& status) {
  Report report;
  report.engine_version = engineVersion();
  report.declared_name = options.declared_name;
  report.method = options.method;
  report.verdict = Verdict::kBlocked;
  report.reason = status.reason();
  report.message = status.message();
  report.input.type = "unknown";
  if (status.reason() == "limit-input-size") {
    report.limit_events.push_back({"limit-input-size", "input", 0, options.limits.max_input_bytes});
  }
  return report;
}

Result<Report> runJob(Result<InputFile> input, Result<PendingOutput> output,
                      const Options& options) {
  if (!output.isOk()) return output.status();
  if (!input.isOk()) {
    if (input.status().isBlocked()) return blockedBeforeStart(options, input.status());
    return input.status();
  }
  JobRunner runner(options, *output);
  return runner.run(*input);
}

}  // namespace

bool isAvailable(FileType type, Method method) {
  return handlerFor(typeInfo(type).family, method) != nullptr;
}

const char* engineVersion() { return "sanso " SANSO_VERSION; }

Result<Report> Engine::sanitize(const std::string& input_path, const std::string& output_path,
                                const Options& options) const {
  Options effective = options;
  if (effective.declared_name.empty()) {
    effective.declared_name = std::filesystem::path(input_path).filename().string();
  }
  return runJob(InputFile::open(input_path, options.limits.max_input_bytes),
                PendingOutput::forPath(output_path), effective);
}

Result<Report> Engine::sanitize(int input_fd, int output_fd, const Options& options) const {
  return runJob(InputFile::fromFd(input_fd, options.limits.max_input_bytes),
                PendingOutput::forFd(output_fd), options);
}

}  // namespace sanso::sanitize
