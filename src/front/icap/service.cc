#include "sanso/icap/service.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "block_page.h"
#include "download_name.h"
#include "sanso/common/file_io.h"
#include "sanso/common/sha256.h"
#include "sanso/gateway/flow_sanitize.h"
#include "sanso/sanitize/engine.h"
#include "sanso/sanitize/file_type.h"
#include "sanso/store/unique_fd.h"

namespace sanso::icap {
namespace {

constexpr size_t kSendPiece = 64u << 10;

// A private directory for one response, removed with everything in it.
class TempDir {
 public:
  static Result<TempDir> create(const std::string& base) {
    std::string pattern = base + "/r-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      return Status::ioError("cannot create a directory under " + base);
    }
    TempDir dir;
    dir.path_ = pattern;
    return dir;
  }
  TempDir() = default;
  TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// What the service decided about one response, for the audit record.
struct Verdict {
  std::string verdict;  // pass, sanitized, blocked
  std::string slug;     // why blocked: a reason slug
  std::string reason;   // why blocked: plain Japanese
  std::string type = "unknown";
  std::string output_type;
  uint64_t bytes = 0;
  std::string sha256_in;
  std::string sha256_out;
};

int httpStatus(const HttpHead& head) {
  std::string_view line = head.start_line;
  size_t sp = line.find(' ');
  if (sp == std::string_view::npos || line.size() < sp + 4) return 0;
  int code = 0;
  auto [end, error] = std::from_chars(line.data() + sp + 1, line.data() + sp + 4, code);
  return (error == std::errc() && end == line.data() + sp + 4) ? code : 0;
}

std::string httpVersion(const HttpHead& head) {
  std::string_view line = head.start_line;
  std::string_view version = line.substr(0, line.find(' '));
  return version == "HTTP/1.0" ? "HTTP/1.0" : "HTTP/1.1";
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
  for (const std::string& item : list) {
    if (item == value) return true;
  }
  return false;
}

std::string oneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

class Exchange {
 public:
  Exchange(const IcapConfig& config, const policy::PolicyPack& pack, audit::AuditLog& audit,
           const std::string& istag, Reader& reader, Sink& sink)
      : config_(config), pack_(pack), audit_(audit), istag_(istag), reader_(reader), sink_(sink) {}

  // Answers a request the reader could not parse; the connection closes after it.
  Status refuse(const Status& why) {
    int code = 400;
    std::string text = "Bad Request";
    if (why.reason() == "icap-method") {
      code = 501;
      text = "Method Not Implemented";
    } else if (why.reason() == "icap-version") {
      code = 505;
      text = "ICAP Version Not Supported";
    } else if (!why.isBlocked()) {
      return why;  // I/O: nobody to answer
    }
    return sendStatus(code, text);
  }

  // Serves `request`; false when the connection must close afterwards.
  Result<bool> serve(const Request& request) {
    if (request.service != kRespmodService) {
      SANSO_RETURN_IF_ERROR(sendStatus(404, "ICAP Service Not Found"));
      return false;
    }
    switch (request.method) {
      case Method::kOptions:
        SANSO_RETURN_IF_ERROR(sendOptions());
        return !request.close;
      case Method::kReqmod:
        SANSO_RETURN_IF_ERROR(sendStatus(405, "Method Not Allowed For Service"));
        return false;
      case Method::kRespmod:
        break;
    }
    if (!request.res_hdr) {
      SANSO_RETURN_IF_ERROR(sendStatus(400, "Bad Request"));
      return false;
    }
    auto kept = respmod(request);
    if (!kept.isOk()) {  // fail closed: Squid (bypass=off) shows the user an error
      std::fprintf(stderr, "sanso icap: %s\n", kept.status().toString().c_str());
      if (!wrote_) SANSO_RETURN_IF_ERROR(sendStatus(500, "Server Error"));
      return false;
    }
    return *kept && !request.close;
  }

 private:
  Result<bool> respmod(const Request& request) {
    const HttpHead& response = *request.res_hdr;
    if (!request.has_body) {  // HEAD, 204, 304...: nothing to inspect
      SANSO_RETURN_IF_ERROR(sendUnchanged(request, ""));
      return true;
    }
    name_ = downloadName(request.req_hdr, response);
    host_ = requestHost(request.req_hdr);
    http_status_ = httpStatus(response);
    if (const std::string* encoding = findHeader(response.headers, "Content-Encoding")) {
      std::string value = mediaType(*encoding);
      if (!value.empty() && value != "identity") {
        SANSO_RETURN_IF_ERROR(block(response, "content-encoding",
                                    reasonText("content-encoding", value.substr(0, 40))));
        return false;  // the body was not read
      }
    }
    if (http_status_ == 206) {
      SANSO_RETURN_IF_ERROR(block(response, "partial-content", reasonText("partial-content", "")));
      return false;
    }
    SANSO_ASSIGN_OR_RETURN(TempDir dir, TempDir::create(config_.data_dir + "/work/icap"));
    const std::string body = dir.path() + "/body";
    Status spooled = spool(request, body);
    if (!spooled.isOk()) {
      if (spooled.reason() != "too-large") return spooled;
      std::string limit = std::to_string(config_.limits.max_body_bytes >> 20) + " MB";
      SANSO_RETURN_IF_ERROR(block(response, "too-large", reasonText("too-large", limit)));
      return false;
    }
    auto detected = sanitize::detectFileType(body, name_, engineOptions().limits);
    if (detected.isOk()) verdict_.type = std::string(sanitize::typeName(*detected));
    const std::string* content_type = findHeader(response.headers, "Content-Type");
    if (detected.isOk() && contains(config_.pass_types, verdict_.type) && content_type != nullptr &&
        contains(config_.pass_media_types, mediaType(*content_type)) && !isAttachment(response)) {
      verdict_.verdict = "pass";
      verdict_.sha256_out = verdict_.sha256_in;
      SANSO_RETURN_IF_ERROR(record());
      SANSO_RETURN_IF_ERROR(sendUnchanged(request, body));
      return true;
    }
    gateway::FlowQuery query{config_.from_zone, config_.to_zone, name_, {}};
    SANSO_ASSIGN_OR_RETURN(
        gateway::FlowOutcome outcome,
        gateway::sanitizeForFlow(pack_, engineOptions(), query, body, dir.path()));
    verdict_.type = outcome.file_type;
    if (outcome.blocked) {
      std::string slug = outcome.decision.allowed ? "sanitize-failed" : "policy-denied";
      SANSO_RETURN_IF_ERROR(block(response, slug, outcome.reason));
      return true;
    }
    verdict_.verdict = "sanitized";
    verdict_.output_type = outcome.output_type;
    verdict_.sha256_out =
        outcome.output_sha256.empty() ? verdict_.sha256_in : outcome.output_sha256;
    SANSO_RETURN_IF_ERROR(record());
    SANSO_RETURN_IF_ERROR(sendSanitized(response, outcome.output_path, outcome.output_type));
    return true;
  }

  sanitize::Options engineOptions() const {
    sanitize::Options options;
    options.clamd_socket = config_.clamd_socket;
    options.yara_rules = config_.yara_rules;
    return options;
  }

  // Reads the body (preview, 100 Continue, the rest) into `path`; blocked "too-large" past
  // the body limit.
  Status spool(const Request& request, const std::string& path) {
    store::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.get() < 0) return Status::ioError("cannot create " + path);
    Sha256 hash;
    std::string pending;
    auto flush = [&]() -> Status {
      hash.update(asBytes(pending));
      SANSO_RETURN_IF_ERROR(writeAll(fd.get(), asBytes(pending)));
      pending.clear();
      return Status::ok();
    };
    auto drain = [&](ChunkedReader& chunks) -> Status {
      while (true) {
        SANSO_ASSIGN_OR_RETURN(bool more, chunks.next(pending));
        if (!more) return Status::ok();
        if (pending.size() >= (256u << 10)) SANSO_RETURN_IF_ERROR(flush());
      }
    };
    uint64_t left = config_.limits.max_body_bytes;
    bool complete = false;  // without a preview, the whole body follows at once
    if (request.preview) {
      ChunkedReader preview(reader_, config_.limits, *request.preview, "malformed-icap");
      SANSO_RETURN_IF_ERROR(drain(preview));
      left = preview.bytes() <= left ? left - preview.bytes() : 0;
      complete = preview.ieof();
      if (!complete) SANSO_RETURN_IF_ERROR(sink_.write("ICAP/1.0 100 Continue\r\n\r\n"));
    }
    if (!complete) {
      ChunkedReader rest(reader_, config_.limits, left, "too-large");
      Status drained = drain(rest);
      if (!drained.isOk()) return drained;
      left -= rest.bytes();
    }
    SANSO_RETURN_IF_ERROR(flush());
    verdict_.bytes = config_.limits.max_body_bytes - left;
    verdict_.sha256_in = hash.finishHex();
    return Status::ok();
  }

  Status record() {
    audit::Event event;
    event.actor = "system";
    event.zone = config_.from_zone;
    event.action = "icap.respmod";
    event.object_id = host_;
    event.details = {{"host", host_},
                     {"name", name_},
                     {"http_status", http_status_},
                     {"type", verdict_.type},
                     {"verdict", verdict_.verdict},
                     {"bytes", verdict_.bytes},
                     {"sha256", verdict_.sha256_in},
                     {"flow", config_.from_zone + "->" + config_.to_zone}};
    if (!verdict_.output_type.empty()) event.details["output_type"] = verdict_.output_type;
    if (!verdict_.sha256_out.empty()) event.details["output_sha256"] = verdict_.sha256_out;
    if (!verdict_.slug.empty()) {
      event.details["reason"] = verdict_.slug;
      event.details["message"] = oneLine(verdict_.reason);
    }
    SANSO_ASSIGN_OR_RETURN(uint64_t seq, audit_.append(event));
    (void)seq;
    return Status::ok();
  }

  Status block(const HttpHead& response, const std::string& slug, const std::string& reason) {
    verdict_.verdict = "blocked";
    verdict_.slug = slug;
    verdict_.reason = reason;
    SANSO_RETURN_IF_ERROR(record());
    std::string page = blockPage(name_, reason, slug);
    HttpHead head;
    head.start_line = httpVersion(response) + " 403 Forbidden";
    head.headers = {{"Content-Type", "text/html; charset=utf-8"},
                    {"Content-Length", std::to_string(page.size())},
                    {"Cache-Control", "no-store"},
                    {"X-Sanso-Blocked", slug}};
    std::string http = serializeHttpHead(head);
    std::string out =
        encodeHead(200, "OK", istag_,
                   {{"Encapsulated", "res-hdr=0, res-body=" + std::to_string(http.size())}});
    out += http;
    out += encodeChunk(page);
    out += kLastChunk;
    return write(out);
  }

  // The response as it came: 204 when the client allows it, else its head and `body` (a
  // file; empty path: no body).
  Status sendUnchanged(const Request& request, const std::string& body) {
    if (request.allow_204) {
      return write(encodeHead(204, "No Content", istag_, {{"Encapsulated", "null-body=0"}}));
    }
    return sendResponse(*request.res_hdr, body);
  }

  Status sendSanitized(const HttpHead& response, const std::string& path,
                       const std::string& output_type) {
    auto type = sanitize::typeFromName(output_type);
    if (!type) return Status::internal("unknown output type " + output_type);
    const sanitize::TypeInfo& info = sanitize::typeInfo(*type);
    SANSO_ASSIGN_OR_RETURN(InputFile file, InputFile::open(path, ~0ull));
    HttpHead head;
    head.start_line = response.start_line;
    std::string disposition;
    for (const Header& h : response.headers) {
      static constexpr std::string_view kDropped[] = {
          "content-length",     "content-type",  "transfer-encoding",
          "content-encoding",   "content-md5",   "digest",
          "content-range",      "accept-ranges", "etag",
          "content-disposition"};
      std::string name = mediaType(h.name);
      bool dropped = false;
      for (std::string_view d : kDropped) dropped = dropped || name == d;
      if (name == "content-disposition") disposition = h.value;
      if (!dropped) head.headers.push_back(h);
    }
    head.headers.push_back({"Content-Type", std::string(info.mime)});
    head.headers.push_back({"Content-Length", std::to_string(file.bytes().size())});
    std::string extension = std::string(info.extensions.empty() ? "bin" : info.extensions[0]);
    size_t dot = name_.find_last_of('.');
    std::string ext = dot == std::string::npos ? "" : mediaType(name_.substr(dot + 1));
    bool name_ok = sanitize::extensionMatches(*type, ext);
    if (!disposition.empty() || !name_ok) {
      const char* kind = !disposition.empty() && !isAttachment(response) ? "inline" : "attachment";
      std::string name = name_ok ? name_ : withExtension(name_, extension);
      head.headers.push_back({"Content-Disposition", contentDisposition(kind, name)});
    }
    head.headers.push_back({"X-Sanso-Sanitized", output_type});
    return sendResponse(head, path);
  }

  // 200 with `head` and the file `body` (none when empty) in chunks.
  Status sendResponse(const HttpHead& head, const std::string& body) {
    std::string http = serializeHttpHead(head);
    std::string part = body.empty() ? "null-body=" : "res-body=";
    std::string out = encodeHead(
        200, "OK", istag_, {{"Encapsulated", "res-hdr=0, " + part + std::to_string(http.size())}});
    out += http;
    if (body.empty()) return write(out);
    SANSO_RETURN_IF_ERROR(write(out));
    SANSO_ASSIGN_OR_RETURN(InputFile file, InputFile::open(body, ~0ull));
    std::string_view data = asChars(file.bytes());
    for (size_t at = 0; at < data.size(); at += kSendPiece) {
      SANSO_RETURN_IF_ERROR(write(encodeChunk(data.substr(at, kSendPiece))));
    }
    return write(kLastChunk);
  }

  Status sendOptions() {
    return write(encodeHead(200, "OK", istag_,
                            {{"Methods", "RESPMOD"},
                             {"Service", "sanso ICAP 無害化"},
                             {"Max-Connections", std::to_string(config_.max_connections)},
                             {"Options-TTL", "3600"},
                             {"Allow", "204"},
                             {"Preview", std::to_string(config_.limits.max_preview_bytes)},
                             {"Transfer-Preview", "*"},
                             {"Encapsulated", "null-body=0"}}));
  }

  Status sendStatus(int code, const std::string& text) {
    return write(
        encodeHead(code, text, istag_, {{"Connection", "close"}, {"Encapsulated", "null-body=0"}}));
  }

  Status write(std::string_view data) {
    wrote_ = true;
    return sink_.write(data);
  }

  const IcapConfig& config_;
  const policy::PolicyPack& pack_;
  audit::AuditLog& audit_;
  const std::string& istag_;
  Reader& reader_;
  Sink& sink_;
  bool wrote_ = false;
  std::string name_ = "download";
  std::string host_ = "unknown";
  int http_status_ = 0;
  Verdict verdict_;
};

}  // namespace

Service::Service(const IcapConfig& config, const policy::PolicyPack& pack, audit::AuditLog& audit)
    : config_(config), pack_(pack), audit_(audit) {
  std::string basis = std::string(sanitize::engineVersion()) + "|" + pack.urn + "|" +
                      std::to_string(pack.version) + "|" + config.from_zone + "|" + config.to_zone;
  for (const std::string& t : config.pass_types) basis += "|" + t;
  for (const std::string& t : config.pass_media_types) basis += "|" + t;
  istag_ = "sanso-" + sha256Hex(asBytes(basis)).substr(0, 24);
}

void Service::serveConnection(Source& source, Sink& sink) const {
  Reader reader(source);
  while (true) {
    Exchange exchange(config_, pack_, audit_, istag_, reader, sink);
    auto request = readRequest(reader, config_.limits);
    if (!request.isOk()) {
      (void)exchange.refuse(request.status());
      return;
    }
    if (!request->has_value()) return;
    auto keep = exchange.serve(**request);
    if (!keep.isOk() || !*keep) return;
  }
}

}  // namespace sanso::icap
