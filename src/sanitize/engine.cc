#include "sanso/sanitize/engine.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>

#include "action_log.h"
#include "detect.h"
#include "formats/formats.h"
#include "handlers.h"
#include "job.h"
#include "media/media.h"
#include "odf/odf_sanitizer.h"
#include "ooxml/ooxml_sanitizer.h"
#include "rtf/rtf_sanitizer.h"
#include "sanso/common/file_io.h"
#include "sanso/sanitize/output_type.h"
#include "text/text_sanitizer.h"

namespace sanso::sanitize {

// What needs libraries the OOXML and text paths do not runs in a module loaded by the first
// such job: PDF and image-pdf of images in the PDF module (qpdf, MuPDF); archives, mail, HTML,
// SVG and the LibreOffice sandbox in the formats module.
Handler handlerFor(Family family, Method method) {
  switch (family) {
    case Family::kOoxml:
      if (method == Method::kCdr) return ooxml::sanitizeOoxml;
      if (method == Method::kText) return ooxml::ooxmlToText;
      return formats::runHandler;
    case Family::kOdf:
      if (method == Method::kCdr) return odf::sanitizeOdf;
      if (method == Method::kText) return odf::odfToText;
      return formats::runHandler;
    case Family::kRtf:
      if (method == Method::kCdr) return rtf::sanitizeRtf;
      if (method == Method::kText) return rtf::rtfToText;
      return formats::runHandler;
    case Family::kImage:
      if (method == Method::kCdr) return media::sanitizeImage;
      if (method == Method::kText) return media::imageToText;
      return formats::runPdfHandler;
    case Family::kPdf:
      return formats::runPdfHandler;
    case Family::kText:
      if (method == Method::kImagePdf) return nullptr;
      return text::sanitizeText;
    case Family::kHtml:
      if (method == Method::kImagePdf) return nullptr;
      return formats::runHandler;
    case Family::kLegacyOffice:
    case Family::kSvg:
    case Family::kArchive:  // the method applies to each member
    case Family::kMail:     // and to each attachment
      return formats::runHandler;
    default:
      return nullptr;
  }
}

namespace {

std::string lowerExtension(const std::string& name) {
  std::string ext = std::filesystem::path(name).extension().string();
  if (!ext.empty() && ext.front() == '.') ext.erase(0, 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// The detected `type` as the consumer of a file named `declared` will treat it.
FileType refineByName(FileType type, const std::string& declared) {
  std::string ext = lowerExtension(declared);
  // A text file named .csv/.tsv opens in a spreadsheet, so it gets the stricter CSV
  // treatment even when its layout alone does not look tabular.
  if (type == FileType::kText && (ext == "csv" || ext == "tsv")) type = FileType::kCsv;
  // Likewise a text file named .html opens in a browser, which renders any markup in it.
  if ((type == FileType::kText || type == FileType::kCsv) &&
      extensionMatches(FileType::kHtml, ext)) {
    type = FileType::kHtml;
  }
  return type;
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
  // Text outputs may be empty or look like CSV/plain text either way, and the text of a page
  // may itself begin with something that reads as markup ("<p>" written as text): detection
  // only calls text markup, so that is text too.
  auto text_like = [](FileType t) {
    return t == FileType::kText || t == FileType::kCsv || t == FileType::kEmpty;
  };
  auto markup = [](FileType t) {
    return t == FileType::kHtml || t == FileType::kSvg || t == FileType::kXml;
  };
  return text_like(produced) && (text_like(detected) || markup(detected));
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
    report_.input.sha256 =
        options_.input_sha256.empty() ? input.sha256Hex() : options_.input_sha256;
    report_.input.size = bytes.size();
    report_.input.type = "unknown";

    Status status = process(bytes);
    report_.actions = log_.actions();
    report_.actions_truncated = log_.truncated();
    report_.members = log_.members();
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
    SANSO_ASSIGN_OR_RETURN(FileType detected, detectType(bytes, budget_));
    FileType type = refineByName(detected, options_.declared_name);
    report_.input.type = std::string(typeName(type));
    report_.name_mismatch = nameMismatch(options_.declared_name, type);
    // Scanned before anything parses it, whatever its type (a known sample is named even when
    // its type would be refused anyway).
    SANSO_RETURN_IF_ERROR(formats::scanBytes(bytes, "input", options_, log_));
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
    if (methodConvertsDocument(info.family, options_.method)) {
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

// A job on the file at `input_path`, which also names it when the options do not.
Result<Report> runPathJob(const std::string& input_path, Result<PendingOutput> output,
                          const Options& options) {
  Options effective = options;
  if (effective.declared_name.empty()) {
    effective.declared_name = std::filesystem::path(input_path).filename().string();
  }
  return runJob(InputFile::open(input_path, options.limits.max_input_bytes), std::move(output),
                effective);
}

}  // namespace

bool isAvailable(FileType type, Method method) {
  return handlerFor(typeInfo(type).family, method) != nullptr;
}

std::optional<FileType> outputTypeFor(FileType type, Method method) {
  const Family family = typeInfo(type).family;
  if (handlerFor(family, method) == nullptr) return std::nullopt;
  switch (family) {
    case Family::kText:
      return type;  // text stays text (or CSV) under every method
    case Family::kArchive:
      return FileType::kZip;  // members are sanitized, the container is rebuilt as zip
    case Family::kMail:
      return FileType::kEml;
    default:
      break;
  }
  if (method == Method::kImagePdf) return FileType::kPdf;
  if (method == Method::kText) return FileType::kText;
  switch (family) {
    case Family::kOoxml:
      return macroFreeType(type);
    case Family::kLegacyOffice:  // converted to OOXML in the LibreOffice sandbox
      switch (type) {
        case FileType::kDoc:
          return FileType::kDocx;
        case FileType::kDot:
          return FileType::kDotx;
        case FileType::kXls:
          return FileType::kXlsx;
        case FileType::kXlt:
          return FileType::kXltx;
        case FileType::kPpt:
          return FileType::kPptx;
        default:
          return std::nullopt;
      }
    case Family::kImage:  // re-encoded: JPEG stays JPEG, the rest becomes PNG
      return type == FileType::kJpeg ? FileType::kJpeg : FileType::kPng;
    case Family::kOdf:
    case Family::kPdf:
    case Family::kRtf:
    case Family::kHtml:
    case Family::kSvg:
      return type;
    default:
      return std::nullopt;
  }
}

Result<FileType> detectFileType(const std::string& path, const std::string& declared_name,
                                const Limits& limits) {
  SANSO_ASSIGN_OR_RETURN(InputFile input, InputFile::open(path, limits.max_input_bytes));
  Budget budget(limits);
  SANSO_ASSIGN_OR_RETURN(FileType type, detectType(input.bytes(), budget));
  return refineByName(type, declared_name);
}

const char* engineVersion() { return "sanso " SANSO_VERSION; }

Result<Report> Engine::sanitize(const std::string& input_path, const std::string& output_path,
                                const Options& options) const {
  return runPathJob(input_path, PendingOutput::forPath(output_path), options);
}

Result<Report> Engine::sanitizeInPlace(const std::string& input_path,
                                       const std::string& output_path,
                                       const Options& options) const {
  return runPathJob(input_path, PendingOutput::inPlace(output_path), options);
}

Result<Report> Engine::sanitize(int input_fd, int output_fd, const Options& options) const {
  return runJob(InputFile::fromFd(input_fd, options.limits.max_input_bytes),
                PendingOutput::forFd(output_fd), options);
}

}  // namespace sanso::sanitize
