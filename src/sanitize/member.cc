#include "member.h"

#include <algorithm>
#include <cstdio>
#include <exception>

#include "action_log.h"
#include "detect.h"
#include "formats/formats.h"
#include "handlers.h"
#include "sanso/common/file_io.h"
#include "sanso/common/sha256.h"

namespace sanso::sanitize {
namespace {

std::string lowerExtension(const std::string& name) {
  const size_t slash = name.rfind('/');
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
  std::string ext = name.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool textLike(FileType t) {
  return t == FileType::kText || t == FileType::kCsv || t == FileType::kEmpty;
}

// Removes the member's scratch output however the member ends.
class ScratchFile {
 public:
  explicit ScratchFile(std::string path) : path_(std::move(path)) {}
  ~ScratchFile() { std::remove(path_.c_str()); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

MemberResult blocked(MemberResult result, const Status& status) {
  result.status = status;
  result.report.verdict = Verdict::kBlocked;
  result.report.reason = status.reason();
  result.report.message = status.message();
  return result;
}

}  // namespace

MemberReport refusedMember(MemberReport report, const Status& why) {
  report.verdict = Verdict::kBlocked;
  report.reason = why.reason();
  report.message = why.message();
  report.output_name.clear();
  report.output_type.clear();
  return report;
}

Nesting memberNesting(const Job& container) {
  Nesting nesting;
  if (container.nesting != nullptr) nesting = *container.nesting;
  nesting.depth += 1;
  nesting.chain.push_back(sha256Hex(container.input));
  return nesting;
}

std::string fitName(const std::string& name, FileType type) {
  const std::string ext = lowerExtension(name);
  if (!ext.empty() && extensionMatches(type, ext)) return name;
  const auto& extensions = typeInfo(type).extensions;
  if (extensions.empty()) return name;
  std::string base = ext.empty() ? name : name.substr(0, name.size() - ext.size() - 1);
  return base + "." + std::string(extensions.front());
}

Result<MemberResult> sanitizeMember(ByteView data, const std::string& name, const Job& container,
                                    const Nesting& nesting) {
  MemberResult result;
  result.report.name = name;
  result.report.input_type = "unknown";
  const std::string hash = sha256Hex(data);
  if (std::find(nesting.chain.begin(), nesting.chain.end(), hash) != nesting.chain.end()) {
    return blocked(std::move(result),
                   Status::blocked("archive-cycle", name + " is one of its own containers"));
  }
  auto detected = detectType(data, container.budget);
  if (!detected.isOk()) {
    if (!detected.status().isBlocked()) return detected.status();
    return blocked(std::move(result), detected.status());
  }
  FileType type = *detected;
  if (type == FileType::kEmpty) {  // nothing to sanitize, nothing to hide
    result.report.input_type = result.report.output_type = std::string(typeName(type));
    result.output_type = type;
    result.output_name = result.report.output_name = name;
    result.report.verdict = Verdict::kClean;
    return result;
  }
  const std::string ext = lowerExtension(name);
  if (type == FileType::kText && (ext == "csv" || ext == "tsv")) type = FileType::kCsv;
  result.report.input_type = std::string(typeName(type));
  // The same scan as the engine's for its input, before anything parses the member.
  ActionLog log;
  if (Status scanned = formats::scanBytes(data, name, container.options, log); !scanned.isOk()) {
    if (!scanned.isBlocked()) return scanned;
    return blocked(std::move(result), scanned);
  }
  const TypeInfo& info = typeInfo(type);
  if (info.family == Family::kUnknown || info.family == Family::kUnsupported) {
    return blocked(std::move(result),
                   Status::blocked("unsupported-type", "content type '" + std::string(info.name) +
                                                           "' is not supported"));
  }
  Handler handler = handlerFor(info.family, container.options.method);
  if (handler == nullptr) {
    return blocked(std::move(result),
                   Status::blocked("method-unsupported",
                                   "method " + methodName(container.options.method) +
                                       " is not available for " + std::string(info.name)));
  }

  Options options = container.options;
  options.declared_name = name;
  options.input_sha256.clear();  // the container's
  ScratchFile scratch(container.output_path + ".m");
  Job job{data, type, options, container.budget, log, scratch.path(), &nesting};
  Result<FileType> produced = Status::internal("handler did not run");
  try {
    produced = handler(job);
  } catch (const std::exception& e) {
    return Status::internal(std::string("unexpected exception in ") + name + ": " + e.what());
  }
  result.report.actions = log.actions();
  result.report.members = log.members();
  if (!produced.isOk()) {
    if (!produced.status().isBlocked()) return produced.status();
    return blocked(std::move(result), produced.status());
  }
  if (methodConvertsDocument(info.family, options.method)) {
    log.add("converted", methodName(options.method), name,
            std::string(info.name) + " -> " + std::string(typeName(*produced)));
    result.report.actions = log.actions();
  }
  SANSO_ASSIGN_OR_RETURN(result.output, readFile(scratch.path(), UINT64_MAX));
  // The same check as the engine's before commit: the output is what was promised.
  Budget check_budget(options.limits);
  auto written = detectType(asBytes(result.output), check_budget);
  if (!written.isOk() || !(*written == *produced || (textLike(*written) && textLike(*produced)))) {
    return blocked(std::move(result),
                   Status::blocked(
                       "output-verification-failed",
                       name + " is not the " + std::string(typeName(*produced)) + " it should be"));
  }
  result.output_type = *produced;
  result.output_name = fitName(name, *produced);
  result.report.output_name = result.output_name;
  result.report.output_type = std::string(typeName(*produced));
  result.report.verdict = log.changedContent() ? Verdict::kSanitized : Verdict::kClean;
  return result;
}

}  // namespace sanso::sanitize
