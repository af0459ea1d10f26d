#include "sanso/icap/service.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "block_page.h"
#include "download_name.h"
#include "prefix_type.h"
#include "response_head.h"
#include "sanso/common/file_io.h"
#include "sanso/common/sha256.h"
#include "sanso/gateway/flow_sanitize.h"
#include "sanso/policy/decision.h"
#include "sanso/sanitize/engine.h"
#include "sanso/sanitize/file_type.h"
#include "sanso/sanitize/output_type.h"
#include "sanso/store/unique_fd.h"

namespace sanso::icap {
namespace {

constexpr size_t kSendPiece = 64u << 10;
// An echoed web page (early response) keeps its last bytes until the whole body has passed the
// check, so that a body that turns out not to pass never reaches the client complete.
constexpr size_t kEchoHoldBack = 64u << 10;

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
  bool early = false;  // the HTTP head went out before the whole body arrived
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
    if (early_ == Early::kBlocked) return false;  // block page sent, the rest is not read
    if (!spooled.isOk()) {
      std::string limit = std::to_string(config_.limits.max_body_bytes >> 20) + " MB";
      if (early_ != Early::kNone) {  // the head went out: the download must break
        bool too_large = spooled.reason() == "too-large";
        return abort(too_large ? "too-large" : "icap-error",
                     too_large ? reasonText("too-large", limit) : spooled.message());
      }
      if (spooled.reason() != "too-large") return spooled;
      SANSO_RETURN_IF_ERROR(block(response, "too-large", reasonText("too-large", limit)));
      return false;
    }
    auto detected = sanitize::detectFileType(body, name_, engineOptions().limits);
    if (detected.isOk()) verdict_.type = std::string(sanitize::typeName(*detected));
    if (early_ == Early::kEcho) return finishEcho(detected.isOk() && passes(response));
    if (early_ == Early::kNone && detected.isOk() && passes(response)) {
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
      if (early_ != Early::kNone) return abort(slug, outcome.reason);
      SANSO_RETURN_IF_ERROR(block(response, slug, outcome.reason));
      return true;
    }
    if (early_ != Early::kNone && outcome.output_type != committed_type_) {
      return abort("early-type-mismatch", "無害化後の形式（" + outcome.output_type +
                                              "）が先に送った形式（" + committed_type_ +
                                              "）と異なる");
    }
    verdict_.verdict = "sanitized";
    verdict_.output_type = outcome.output_type;
    verdict_.sha256_out =
        outcome.output_sha256.empty() ? verdict_.sha256_in : outcome.output_sha256;
    SANSO_RETURN_IF_ERROR(record());
    if (early_ != Early::kNone) {
      SANSO_RETURN_IF_ERROR(sendBody(outcome.output_path));
      return true;
    }
    SANSO_RETURN_IF_ERROR(sendSanitized(response, outcome.output_path, outcome.output_type));
    return true;
  }

  // Today's pass rule for the detected verdict_.type: a web page or one of its resources (a
  // pass type, declared as a pass media type, not an attachment).
  bool passes(const HttpHead& response) const {
    const std::string* content_type = findHeader(response.headers, "Content-Type");
    return contains(config_.pass_types, verdict_.type) && content_type != nullptr &&
           contains(config_.pass_media_types, mediaType(*content_type)) && !isAttachment(response);
  }

  // The body stopped arriving before its end (Squid 5.7 waits for our head before it reads
  // more from the origin): decides from the first bytes at `path` and sends the HTTP head now.
  // A type the flow refuses gets the block page (early_ = kBlocked), a web page its own head
  // and the body echoed as it arrives (kEcho), anything else the head of the sanitized output
  // the flow's first method produces (kSanitize), whose body follows once it is sanitized.
  Status commitEarly(const HttpHead& response, const std::string& path) {
    verdict_.early = true;
    PrefixType prefix = prefixType(path, name_, engineOptions().limits);
    if (prefix.type) verdict_.type = std::string(sanitize::typeName(*prefix.type));
    if (prefix.by_content && passes(response)) {
      early_ = Early::kEcho;
      SANSO_RETURN_IF_ERROR(sendHead(response));
      SANSO_ASSIGN_OR_RETURN(InputFile file, InputFile::open(path, ~0ull));
      std::string_view data = asChars(file.bytes());
      size_t keep = std::min(data.size(), kEchoHoldBack);
      held_ = std::string(data.substr(data.size() - keep));
      return sendChunks(data.substr(0, data.size() - keep));
    }
    std::optional<sanitize::FileType> output;
    if (prefix.type) {
      policy::Decision decision =
          policy::decide(pack_, {config_.from_zone, config_.to_zone, verdict_.type, {}});
      if (!decision.allowed) return blockEarly(response, path, "policy-denied", reasons(decision));
      output = decision.methods.empty()
                   ? prefix.type
                   : sanitize::outputTypeFor(*prefix.type, decision.methods.front());
    }
    if (!output) {
      return blockEarly(response, path, "early-type-unknown", reasonText("early-type-unknown", ""));
    }
    committed_type_ = std::string(sanitize::typeName(*output));
    SANSO_ASSIGN_OR_RETURN(HttpHead head,
                           sanitizedHead(response, name_, committed_type_, std::nullopt));
    early_ = Early::kSanitize;
    return sendHead(head);
  }

  Status blockEarly(const HttpHead& response, const std::string& path, const std::string& slug,
                    const std::string& reason) {
    early_ = Early::kBlocked;
    SANSO_ASSIGN_OR_RETURN(InputFile file, InputFile::open(path, ~0ull));
    verdict_.bytes = file.bytes().size();  // the first bytes only (early_head: true)
    verdict_.sha256_in = file.sha256Hex();
    return block(response, slug, reason);
  }

  // The echoed web page ended: its last chunk when the whole body is still a pass type.
  Result<bool> finishEcho(bool still_passes) {
    if (!still_passes) {
      return abort("early-type-mismatch",
                   "先頭からは通過させる種類（Web ページ）に見えたが、全体は " + verdict_.type);
    }
    verdict_.verdict = "pass";
    verdict_.sha256_out = verdict_.sha256_in;
    SANSO_RETURN_IF_ERROR(record());
    SANSO_RETURN_IF_ERROR(sendChunks(held_));
    SANSO_RETURN_IF_ERROR(write(kLastChunk));
    return true;
  }

  // kEcho: sends `data` after what was held back, keeping the last kEchoHoldBack bytes.
  Status echo(std::string_view data) {
    held_ += data;
    if (held_.size() <= kEchoHoldBack) return Status::ok();
    size_t send = held_.size() - kEchoHoldBack;
    SANSO_RETURN_IF_ERROR(sendChunks(std::string_view(held_).substr(0, send)));
    held_.erase(0, send);
    return Status::ok();
  }

  // After an early head: records the block and ends the exchange without the last chunk, so
  // that Squid and the browser see a broken download, never a complete file. Always false.
  Result<bool> abort(const std::string& slug, const std::string& reason) {
    verdict_.verdict = "blocked";
    verdict_.slug = slug;
    verdict_.reason = reason;
    verdict_.output_type.clear();
    verdict_.sha256_out.clear();
    SANSO_RETURN_IF_ERROR(record());
    return false;
  }

  static std::string reasons(const policy::Decision& decision) {
    std::string out;
    for (const policy::Reason& r : decision.reasons) {
      out += (out.empty() ? "" : "\n") + r.text + "（" + r.clause + "）";
    }
    return out;
  }

  sanitize::Options engineOptions() const {
    sanitize::Options options;
    options.clamd_socket = config_.clamd_socket;
    options.yara_rules = config_.yara_rules;
    return options;
  }

  // Reads the body (preview, 100 Continue, the rest) into `path`; blocked "too-large" past
  // the body limit. When the rest stops arriving for early_response_ms, commits the response
  // early (commitEarly) and, unless that blocked, goes on reading (echoing for kEcho).
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
        size_t before = pending.size();
        Result<bool> next = chunks.next(pending);
        if (!next.isOk() && next.status().reason() == "icap-stall") {
          reader_.setStallTimeout(0);
          SANSO_RETURN_IF_ERROR(flush());
          SANSO_RETURN_IF_ERROR(commitEarly(*request.res_hdr, path));
          if (early_ == Early::kBlocked) return Status::ok();
          continue;
        }
        SANSO_ASSIGN_OR_RETURN(bool more, std::move(next));
        if (early_ == Early::kEcho && pending.size() > before) {
          SANSO_RETURN_IF_ERROR(echo(std::string_view(pending).substr(before)));
        }
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
      reader_.setStallTimeout(static_cast<int>(config_.early_response_ms));
      Status drained = drain(rest);
      reader_.setStallTimeout(0);
      if (!drained.isOk() || early_ == Early::kBlocked) return drained;
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
    if (verdict_.early) event.details["early_head"] = true;
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
    SANSO_ASSIGN_OR_RETURN(InputFile file, InputFile::open(path, ~0ull));
    SANSO_ASSIGN_OR_RETURN(HttpHead head,
                           sanitizedHead(response, name_, output_type, file.bytes().size()));
    return sendResponse(head, path);
  }

  // 200 with `head` and the file `body` (none when empty) in chunks.
  Status sendResponse(const HttpHead& head, const std::string& body) {
    if (body.empty()) {
      std::string http = serializeHttpHead(head);
      return write(
          encodeHead(200, "OK", istag_,
                     {{"Encapsulated", "res-hdr=0, null-body=" + std::to_string(http.size())}}) +
          http);
    }
    SANSO_RETURN_IF_ERROR(sendHead(head));
    return sendBody(body);
  }

  // 200 with `head`, announcing a body that follows in chunks.
  Status sendHead(const HttpHead& head) {
    std::string http = serializeHttpHead(head);
    return write(
        encodeHead(200, "OK", istag_,
                   {{"Encapsulated", "res-hdr=0, res-body=" + std::to_string(http.size())}}) +
        http);
  }

  // The file `path` in chunks and the last chunk.
  Status sendBody(const std::string& path) {
    SANSO_ASSIGN_OR_RETURN(InputFile file, InputFile::open(path, ~0ull));
    SANSO_RETURN_IF_ERROR(sendChunks(asChars(file.bytes())));
    return write(kLastChunk);
  }

  Status sendChunks(std::string_view data) {
    for (size_t at = 0; at < data.size(); at += kSendPiece) {
      SANSO_RETURN_IF_ERROR(write(encodeChunk(data.substr(at, kSendPiece))));
    }
    return Status::ok();
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
  // How the response went out before the whole body arrived (commitEarly), if it did.
  enum class Early { kNone, kBlocked, kEcho, kSanitize };
  Early early_ = Early::kNone;
  std::string committed_type_;  // kSanitize: the output type the early head announced
  std::string held_;            // kEcho: received, not yet sent (see kEchoHoldBack)
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
