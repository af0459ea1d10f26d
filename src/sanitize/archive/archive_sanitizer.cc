#include "archive/archive_sanitizer.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "archive/archive_reader.h"
#include "archive/member_name.h"
#include "archive/zip_layout.h"
#include "member.h"
#include "zip/zip_writer.h"

namespace sanso::sanitize::archive {
namespace {

constexpr uint64_t kRatioFloor = 1u << 20;  // ratios are judged past 1 MiB expanded

// Content that is already compressed is stored, not deflated again.
bool storeUncompressed(FileType type) {
  switch (type) {
    case FileType::kJpeg: case FileType::kPng: case FileType::kGif: case FileType::kWebp:
    case FileType::kZip:
      return true;
    default:
      return typeInfo(type).family == Family::kOoxml;
  }
}

// The member name of a lone compressed stream: the archive's own name without its
// compression extension ("report.csv.gz" -> "report.csv").
std::string rawStreamName(const std::string& declared) {
  const size_t slash = declared.rfind('/');
  std::string base = slash == std::string::npos ? declared : declared.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base.empty() ? "data" : base;
}

// Keeps the output's names apart the way Windows would see them: case-insensitively, and no
// file named like a folder of another file.
class NameSet {
 public:
  bool taken(const std::string& name) const {
    const std::string key = collisionKey(name);
    if (files_.count(key) != 0 || folders_.count(key) != 0) return true;
    for (size_t slash = key.find('/'); slash != std::string::npos;
         slash = key.find('/', slash + 1)) {
      if (files_.count(key.substr(0, slash)) != 0) return true;
    }
    return false;
  }
  void add(const std::string& name) {
    const std::string key = collisionKey(name);
    files_.insert(key);
    for (size_t slash = key.find('/'); slash != std::string::npos;
         slash = key.find('/', slash + 1)) {
      folders_.insert(key.substr(0, slash));
    }
  }

 private:
  std::set<std::string> files_;
  std::set<std::string> folders_;
};

class ArchiveJob {
 public:
  explicit ArchiveJob(Job& job) : job_(job), nesting_(memberNesting(job)) {
    if (nesting_.members_seen == nullptr) nesting_.members_seen = &members_seen_;
  }

  Result<FileType> run() {
    const uint64_t depth = job_.nesting != nullptr ? job_.nesting->depth : 0;
    SANSO_RETURN_IF_ERROR(
        job_.budget.check("archive-depth", depth, job_.budget.limits().max_archive_depth,
                          job_.options.declared_name));
    if (job_.type == FileType::kZip) SANSO_RETURN_IF_ERROR(checkZipLayout(job_.input, job_.budget));
    SANSO_ASSIGN_OR_RETURN(ArchiveReader reader,
                           ArchiveReader::open(job_.input, job_.type, job_.options.password));
    SANSO_ASSIGN_OR_RETURN(zip::Writer writer, zip::Writer::create(job_.output_path));
    for (uint64_t index = 0;; ++index) {
      SANSO_ASSIGN_OR_RETURN(std::optional<MemberHeader> header, reader.next());
      if (!header) break;
      SANSO_RETURN_IF_ERROR(job_.budget.checkTime("archive"));
      SANSO_RETURN_IF_ERROR(job_.budget.check("archive-entries", ++*nesting_.members_seen,
                                              job_.budget.limits().max_archive_entries,
                                              "archive"));
      SANSO_RETURN_IF_ERROR(member(reader, *header, index, writer));
    }
    SANSO_RETURN_IF_ERROR(writer.close());
    if (job_.type != FileType::kZip) {
      job_.log.add("converted", "archive-format", "archive",
                   std::string(typeName(job_.type)) + " -> zip");
    }
    return FileType::kZip;
  }

 private:
  // One member: checked by name and kind, read under the limits, sanitized, written or dropped.
  Status member(ArchiveReader& reader, const MemberHeader& header, uint64_t index,
                zip::Writer& writer) {
    std::string name;
    if (reader.isRawStream()) {
      name = rawStreamName(job_.options.declared_name);
    } else if (auto decoded = decodeName(header.raw_name)) {
      name = *decoded;
    } else {
      name = "#" + std::to_string(index + 1);
      return drop(reader, name, Status::blocked("archive-unsafe-name",
                                                "name is neither UTF-8 nor Shift_JIS"));
    }
    if (header.kind == MemberHeader::Kind::kDirectory) return read(reader, nullptr, name);
    if (header.kind == MemberHeader::Kind::kLink) {
      return drop(reader, name, Status::blocked("archive-link", "symbolic or hard link"));
    }
    if (header.kind == MemberHeader::Kind::kSpecial) {
      return drop(reader, name, Status::blocked("archive-special-file",
                                                "device, FIFO or socket"));
    }
    if (Status st = checkName(name); !st.isOk()) return drop(reader, name, st);
    if (isExecutableName(name)) {
      return drop(reader, name, Status::blocked("archive-executable",
                                                "executable, script or disk-image name"));
    }
    if (names_.taken(name) || !input_names_.insert(collisionKey(name)).second) {
      return drop(reader, name, Status::blocked("archive-duplicate-name",
                                                "another member has this name (ignoring case)"));
    }
    std::string data;
    SANSO_RETURN_IF_ERROR(read(reader, &data, name));
    SANSO_ASSIGN_OR_RETURN(MemberResult result,
                           sanitizeMember(asBytes(data), name, job_, nesting_));
    if (!result.status.isOk()) {
      if (result.status.reason().starts_with("limit-")) return result.status;
      return dropped(std::move(result.report), result.status);
    }
    if (names_.taken(result.output_name)) {
      return dropped(std::move(result.report),
                     Status::blocked("archive-duplicate-name",
                                     "another member is named " + result.output_name));
    }
    SANSO_RETURN_IF_ERROR(
        writer.add(result.output_name, result.output, !storeUncompressed(result.output_type)));
    names_.add(result.output_name);
    for (const Action& a : result.report.actions) {
      job_.log.add(a.action, a.what, name + (a.where.empty() ? "" : ":" + a.where), a.detail);
    }
    if (result.output_name != name) {
      job_.log.add("converted", "member-name", name, "-> " + result.output_name);
    }
    job_.log.addMember(std::move(result.report));
    return Status::ok();
  }

  // Reads past a member that will not be kept (its bytes still count against the limits).
  Status drop(ArchiveReader& reader, const std::string& name, const Status& why) {
    SANSO_RETURN_IF_ERROR(read(reader, nullptr, name));
    MemberReport report;
    report.name = name;
    report.input_type = "unknown";
    return dropped(std::move(report), why);
  }

  Status dropped(MemberReport report, const Status& why) {
    report = refusedMember(std::move(report), why);
    job_.log.removed("archive-member", report.name, why.reason());
    const std::string name = report.name;
    job_.log.addMember(std::move(report));
    if (job_.options.block_archive_on_drop) {
      return Status::blocked("archive-member-refused",
                             name + " cannot be sanitized (" + why.reason() + ")");
    }
    return Status::ok();
  }

  Status read(ArchiveReader& reader, std::string* out, const std::string& name) {
    return reader.read(out, job_.budget.limits().max_archive_member_bytes, job_.budget, name,
                       [this](uint64_t bytes) { return chargeRatio(bytes); });
  }

  // Expanded bytes of this archive against its own size.
  Status chargeRatio(uint64_t bytes) {
    expanded_ += bytes;
    if (expanded_ <= kRatioFloor) return Status::ok();
    const uint64_t packed = std::max<uint64_t>(job_.input.size(), 1);
    return job_.budget.check("compression-ratio", expanded_ / packed,
                             job_.budget.limits().max_compression_ratio, "archive");
  }

  Job& job_;
  Nesting nesting_;
  uint64_t members_seen_ = 0;
  uint64_t expanded_ = 0;
  NameSet names_;
  std::set<std::string> input_names_;
};

}  // namespace

Result<FileType> sanitizeArchive(Job& job) {
  ArchiveJob archive(job);
  return archive.run();
}

}  // namespace sanso::sanitize::archive
