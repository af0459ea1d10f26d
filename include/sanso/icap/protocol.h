// ICAP (RFC 3507) messages: a strict, bounded reader of requests and their chunked bodies,
// and the encoders of the responses sanso sends. Nothing here trusts a size or an offset it
// reads: every length is checked against the bytes that actually arrive and against limits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanso/common/status.h"

namespace sanso::icap {

// Bounds of one ICAP message; a message past one is refused with a `limit-icap-...` reason.
struct ProtocolLimits {
  // One line: request line, status line, header line or chunk-size line (CRLF included).
  uint64_t max_line_bytes = 8 << 10;
  // Header lines of the ICAP head, and of each encapsulated HTTP head.
  uint64_t max_headers = 128;
  // The ICAP head (request line and headers).
  uint64_t max_head_bytes = 64 << 10;
  // Each encapsulated HTTP head (req-hdr, res-hdr).
  uint64_t max_http_head_bytes = 64 << 10;
  // The encapsulated body, all chunks together; a longer body is not sanitized but blocked.
  uint64_t max_body_bytes = 256ull << 20;
  // Bytes a client may send as preview (we advertise this many in OPTIONS).
  uint64_t max_preview_bytes = 4096;
};

// A byte stream (a socket, or memory in tests and fuzzing).
class Source {
 public:
  virtual ~Source() = default;
  // Reads up to `size` bytes into `data`; 0 at the end of the stream.
  virtual Result<size_t> read(char* data, size_t size) = 0;
  // True when read() would return without waiting, or becomes so within `timeout_ms`; false
  // when nothing arrived by then. Sources that never wait (memory) are always ready.
  virtual Result<bool> waitReadable(int timeout_ms) {
    (void)timeout_ms;
    return true;
  }
};

// Where responses go (a socket, or memory in tests).
class Sink {
 public:
  virtual ~Sink() = default;
  // Writes all of `data`.
  virtual Status write(std::string_view data) = 0;
};

// Buffered, bounded reading from a Source.
class Reader {
 public:
  explicit Reader(Source& source) : source_(source) {}
  // One line without its CRLF; a bare LF, a CR not followed by LF or a line longer than
  // `max_bytes` fails (blocked, reason `malformed-icap` or `limit-icap-line`).
  Result<std::string> readLine(uint64_t max_bytes);
  // Exactly `size` bytes; fails when the stream ends first.
  Result<std::string> readExact(uint64_t size);
  // Appends up to `size` bytes (at least one) to `out`; fails at the end of the stream.
  Status readSome(uint64_t size, std::string& out);
  // True when the stream ended with nothing buffered (a client closing between requests).
  Result<bool> atEnd();
  // With `timeout_ms` > 0, every read that must wait for the source fails with blocked
  // "icap-stall" when nothing arrives for that long; the read can be retried (nothing is
  // consumed), and so can ChunkedReader::next. 0 (the default): reads wait for the source.
  void setStallTimeout(int timeout_ms) { stall_ms_ = timeout_ms; }

 private:
  Status fill();

  Source& source_;
  std::string buffer_;
  size_t position_ = 0;
  int stall_ms_ = 0;
};

struct Header {
  std::string name;
  std::string value;
};

// The value of the first header named `name` (ASCII case-insensitive), or nullptr.
const std::string* findHeader(const std::vector<Header>& headers, std::string_view name);

// An HTTP message head carried inside ICAP: its start line and header fields.
struct HttpHead {
  std::string start_line;
  std::vector<Header> headers;
};

// Parses one HTTP head `text`, which must end with the empty line and hold nothing after it.
// Refuses obsolete line folding, bare LF, header names that are not tokens and control bytes.
Result<HttpHead> parseHttpHead(std::string_view text, const ProtocolLimits& limits);
// The head as bytes, ending with the empty line.
std::string serializeHttpHead(const HttpHead& head);

enum class Method { kOptions, kReqmod, kRespmod };

// One ICAP request up to (not including) its body.
struct Request {
  Method method = Method::kOptions;
  std::string uri;      // as sent: icap://host[:port]/service[?query]
  std::string service;  // the path of `uri` without the leading slash and the query
  std::vector<Header> headers;
  std::optional<uint64_t> preview;  // Preview: n
  bool allow_204 = false;           // Allow: 204
  bool close = false;               // Connection: close
  std::optional<HttpHead> req_hdr;
  std::optional<HttpHead> res_hdr;
  bool has_body = false;  // req-body or res-body follows (chunked); false for null-body
};

// Reads the next request and its encapsulated HTTP heads. nullopt when the stream ends
// cleanly before a request starts. Checks: the request line (method, icap:// URI,
// ICAP/1.0), header syntax and counts, one Encapsulated header whose entries are allowed for
// the method, in order, with offsets starting at 0, strictly increasing and each head section
// exactly as long as its offsets say and ending with the empty line.
Result<std::optional<Request>> readRequest(Reader& reader, const ProtocolLimits& limits);

// Reads one chunked body (the preview, or the body after 100 Continue, or a whole body).
class ChunkedReader {
 public:
  // `max_bytes`: the most data this body may hold (preview size, or what is left of the body
  // limit); more is refused with `limit_reason`.
  ChunkedReader(Reader& reader, const ProtocolLimits& limits, uint64_t max_bytes,
                std::string limit_reason)
      : reader_(reader),
        limits_(limits),
        left_(max_bytes),
        limit_reason_(std::move(limit_reason)) {}
  // Appends the next piece of data to `out`; false once the last chunk ("0") and its empty
  // line were read. Chunk sizes are checked against the limit before any data is read. After
  // an "icap-stall" failure of the reader, calling it again goes on where it stopped.
  Result<bool> next(std::string& out);
  // The last chunk carried the `ieof` extension (the preview is the whole body).
  bool ieof() const { return ieof_; }
  uint64_t bytes() const { return bytes_; }

 private:
  Reader& reader_;
  const ProtocolLimits& limits_;
  uint64_t left_;
  std::string limit_reason_;
  uint64_t chunk_left_ = 0;
  uint64_t bytes_ = 0;
  bool in_chunk_ = false;
  bool in_last_ = false;  // the last chunk's size line was read, its empty line not yet
  bool done_ = false;
  bool ieof_ = false;
};

// "ICAP/1.0 <code> <reason>" with `headers`, ISTag and the empty line.
std::string encodeHead(int code, std::string_view reason, std::string_view istag,
                       const std::vector<Header>& headers);
// One chunk of data (nothing for empty data).
std::string encodeChunk(std::string_view data);
// The last chunk of a body.
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";

}  // namespace sanso::icap
