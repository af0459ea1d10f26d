#include "sanso/icap/protocol.h"

#include <algorithm>
#include <charconv>

namespace sanso::icap {
namespace {

Status malformed(const std::string& message) { return Status::blocked("malformed-icap", message); }

bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), isTokenChar);
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A decimal number of at most 15 digits (no sign, no spaces).
std::optional<uint64_t> parseDecimal(std::string_view s) {
  if (s.empty() || s.size() > 15) return std::nullopt;
  uint64_t value = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

// One header line "name: value"; values may hold visible ASCII, UTF-8 bytes, space and tab.
Status parseHeaderLine(std::string_view line, std::vector<Header>& out, uint64_t max_headers) {
  if (out.size() >= max_headers) return Status::blocked("limit-icap-headers", "too many headers");
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return malformed("header line without a colon");
  std::string_view name = line.substr(0, colon);
  if (!isToken(name)) return malformed("header name is not a token");
  std::string_view value = trim(line.substr(colon + 1));
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return malformed("control byte in a header value");
  }
  out.push_back({std::string(name), std::string(value)});
  return Status::ok();
}

// The service name of an icap:// URI: its path without the slash and the query.
Result<std::string> serviceOf(std::string_view uri) {
  constexpr std::string_view kScheme = "icap://";
  if (uri.size() <= kScheme.size() || !equalsIgnoreCase(uri.substr(0, kScheme.size()), kScheme)) {
    return malformed("request URI is not icap://");
  }
  for (char c : uri) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return malformed("byte not allowed in the request URI");
  }
  std::string_view rest = uri.substr(kScheme.size());
  size_t slash = rest.find('/');
  if (slash == 0) return malformed("request URI without a host");
  if (slash == std::string_view::npos) return std::string();
  std::string_view path = rest.substr(slash + 1);
  path = path.substr(0, path.find('?'));
  return std::string(path);
}

struct Entry {
  std::string name;
  uint64_t offset = 0;
};

// "req-hdr=0, res-hdr=120, res-body=300" with the names allowed for `method`, in order.
Result<std::vector<Entry>> parseEncapsulated(std::string_view value, Method method) {
  std::vector<Entry> entries;
  while (!value.empty()) {
    if (entries.size() >= 4) return malformed("too many Encapsulated entries");
    size_t comma = value.find(',');
    std::string_view item = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    if (comma != std::string_view::npos && trim(value).empty()) {
      return malformed("empty Encapsulated entry");
    }
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) return malformed("Encapsulated entry without '='");
    auto offset = parseDecimal(item.substr(eq + 1));
    if (!offset) return malformed("Encapsulated offset is not a number");
    entries.push_back({std::string(item.substr(0, eq)), *offset});
  }
  // The allowed shapes, entry by entry: [req-hdr] [res-hdr] then exactly one body entry.
  std::vector<std::string_view> heads;
  std::vector<std::string_view> bodies;
  switch (method) {
    case Method::kRespmod:
      heads = {"req-hdr", "res-hdr"};
      bodies = {"res-body", "null-body"};
      break;
    case Method::kReqmod:
      heads = {"req-hdr"};
      bodies = {"req-body", "null-body"};
      break;
    case Method::kOptions:
      bodies = {"opt-body", "null-body"};
      break;
  }
  if (entries.empty()) return malformed("empty Encapsulated header");
  size_t next_head = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    if (i == 0 ? e.offset != 0 : e.offset <= entries[i - 1].offset) {
      return malformed("Encapsulated offsets must start at 0 and increase");
    }
    bool last = i + 1 == entries.size();
    if (last) {
      if (std::find(bodies.begin(), bodies.end(), e.name) == bodies.end()) {
        return malformed("Encapsulated must end with a body entry for this method");
      }
    } else {
      while (next_head < heads.size() && heads[next_head] != e.name) ++next_head;
      if (next_head == heads.size()) return malformed("Encapsulated entry not allowed here");
      ++next_head;
    }
  }
  return entries;
}

}  // namespace

Status Reader::fill() {
  if (position_ > 0 && position_ == buffer_.size()) {
    buffer_.clear();
    position_ = 0;
  } else if (position_ > (64u << 10)) {
    buffer_.erase(0, position_);
    position_ = 0;
  }
  if (stall_ms_ > 0) {
    SANSO_ASSIGN_OR_RETURN(bool ready, source_.waitReadable(stall_ms_));
    if (!ready) return Status::blocked("icap-stall", "the client stopped sending");
  }
  char data[16 << 10];
  SANSO_ASSIGN_OR_RETURN(size_t got, source_.read(data, sizeof(data)));
  if (got == 0) return malformed("connection closed inside a message");
  buffer_.append(data, got);
  return Status::ok();
}

Result<std::string> Reader::readLine(uint64_t max_bytes) {
  size_t scanned = 0;  // bytes after position_ known to hold no LF (fill() may move them)
  while (true) {
    size_t lf = buffer_.find('\n', position_ + scanned);
    size_t limit_end = position_ + static_cast<size_t>(max_bytes);
    if (lf != std::string::npos && lf < limit_end) {
      if (lf == position_ || buffer_[lf - 1] != '\r') return malformed("line ends without CRLF");
      std::string line = buffer_.substr(position_, lf - 1 - position_);
      if (line.find('\r') != std::string::npos) return malformed("bare CR inside a line");
      position_ = lf + 1;
      return line;
    }
    if (buffer_.size() >= limit_end) {
      return Status::blocked("limit-icap-line", "line longer than the limit");
    }
    scanned = buffer_.size() - position_;
    SANSO_RETURN_IF_ERROR(fill());
  }
}

Result<std::string> Reader::readExact(uint64_t size) {
  std::string out;
  while (out.size() < size) SANSO_RETURN_IF_ERROR(readSome(size - out.size(), out));
  return out;
}

Status Reader::readSome(uint64_t size, std::string& out) {
  if (size == 0) return Status::ok();
  if (position_ == buffer_.size()) SANSO_RETURN_IF_ERROR(fill());
  size_t take = static_cast<size_t>(std::min<uint64_t>(size, buffer_.size() - position_));
  out.append(buffer_, position_, take);
  position_ += take;
  return Status::ok();
}

Result<bool> Reader::atEnd() {
  if (position_ < buffer_.size()) return false;
  buffer_.clear();
  position_ = 0;
  char data[16 << 10];
  SANSO_ASSIGN_OR_RETURN(size_t got, source_.read(data, sizeof(data)));
  if (got == 0) return true;
  buffer_.append(data, got);
  return false;
}

const std::string* findHeader(const std::vector<Header>& headers, std::string_view name) {
  for (const Header& h : headers) {
    if (equalsIgnoreCase(h.name, name)) return &h.value;
  }
  return nullptr;
}

Result<HttpHead> parseHttpHead(std::string_view text, const ProtocolLimits& limits) {
  if (text.size() > limits.max_http_head_bytes) {
    return Status::blocked("limit-icap-http-head", "encapsulated HTTP head too large");
  }
  HttpHead head;
  bool first = true;
  while (true) {
    size_t lf = text.find('\n');
    if (lf == std::string_view::npos || lf == 0 || text[lf - 1] != '\r') {
      return malformed("HTTP head line without CRLF");
    }
    std::string_view line = text.substr(0, lf - 1);
    text.remove_prefix(lf + 1);
    if (line.find('\r') != std::string_view::npos) return malformed("bare CR in an HTTP head");
    if (line.empty()) {
      if (first) return malformed("HTTP head without a start line");
      if (!text.empty()) return malformed("bytes after the end of an HTTP head");
      return head;
    }
    if (first) {
      for (char c : line) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) return malformed("control byte in an HTTP start line");
      }
      head.start_line = std::string(line);
      first = false;
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') return malformed("obsolete line folding");
    SANSO_RETURN_IF_ERROR(parseHeaderLine(line, head.headers, limits.max_headers));
  }
}

std::string serializeHttpHead(const HttpHead& head) {
  std::string out = head.start_line + "\r\n";
  for (const Header& h : head.headers) out += h.name + ": " + h.value + "\r\n";
  return out + "\r\n";
}

Result<std::optional<Request>> readRequest(Reader& reader, const ProtocolLimits& limits) {
  SANSO_ASSIGN_OR_RETURN(bool end, reader.atEnd());
  if (end) return std::optional<Request>();
  SANSO_ASSIGN_OR_RETURN(std::string line, reader.readLine(limits.max_line_bytes));
  uint64_t head_bytes = line.size() + 2;
  Request request;
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string::npos || line.find(' ', sp2 + 1) != std::string::npos) {
    return malformed("request line is not METHOD URI VERSION");
  }
  std::string method = line.substr(0, sp1);
  if (method == "OPTIONS") {
    request.method = Method::kOptions;
  } else if (method == "REQMOD") {
    request.method = Method::kReqmod;
  } else if (method == "RESPMOD") {
    request.method = Method::kRespmod;
  } else {
    return Status::blocked("icap-method", "unsupported ICAP method");
  }
  request.uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (line.substr(sp2 + 1) != "ICAP/1.0") return Status::blocked("icap-version", "not ICAP/1.0");
  SANSO_ASSIGN_OR_RETURN(request.service, serviceOf(request.uri));
  while (true) {
    SANSO_ASSIGN_OR_RETURN(std::string header, reader.readLine(limits.max_line_bytes));
    head_bytes += header.size() + 2;
    if (head_bytes > limits.max_head_bytes) {
      return Status::blocked("limit-icap-head", "ICAP head too large");
    }
    if (header.empty()) break;
    if (header.front() == ' ' || header.front() == '\t') return malformed("obsolete line folding");
    SANSO_RETURN_IF_ERROR(parseHeaderLine(header, request.headers, limits.max_headers));
  }
  int encapsulated_count = 0;
  int preview_count = 0;
  for (const Header& h : request.headers) {
    if (equalsIgnoreCase(h.name, "Encapsulated")) ++encapsulated_count;
    if (equalsIgnoreCase(h.name, "Preview")) ++preview_count;
    if (equalsIgnoreCase(h.name, "Allow")) {
      std::string_view rest = h.value;
      while (!rest.empty()) {
        size_t comma = rest.find(',');
        if (trim(rest.substr(0, comma)) == "204") request.allow_204 = true;
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
    }
    if (equalsIgnoreCase(h.name, "Connection") && equalsIgnoreCase(trim(h.value), "close")) {
      request.close = true;
    }
  }
  if (encapsulated_count > 1 || preview_count > 1) return malformed("repeated ICAP header");
  if (findHeader(request.headers, "Host") == nullptr) return malformed("no Host header");
  if (const std::string* preview = findHeader(request.headers, "Preview")) {
    auto n = parseDecimal(*preview);
    if (!n) return malformed("Preview is not a number");
    if (*n > limits.max_preview_bytes) {
      return Status::blocked("limit-icap-preview", "preview larger than advertised");
    }
    request.preview = *n;
  }
  const std::string* encapsulated = findHeader(request.headers, "Encapsulated");
  if (encapsulated == nullptr) {
    if (request.method != Method::kOptions) return malformed("no Encapsulated header");
    return std::optional<Request>(std::move(request));
  }
  SANSO_ASSIGN_OR_RETURN(std::vector<Entry> entries,
                         parseEncapsulated(*encapsulated, request.method));
  for (size_t i = 0; i + 1 < entries.size(); ++i) {
    uint64_t size = entries[i + 1].offset - entries[i].offset;
    if (size > limits.max_http_head_bytes) {
      return Status::blocked("limit-icap-http-head", "encapsulated HTTP head too large");
    }
    SANSO_ASSIGN_OR_RETURN(std::string text, reader.readExact(size));
    SANSO_ASSIGN_OR_RETURN(HttpHead head, parseHttpHead(text, limits));
    (entries[i].name == "req-hdr" ? request.req_hdr : request.res_hdr) = std::move(head);
  }
  const std::string& body = entries.back().name;
  if (body == "opt-body") return malformed("OPTIONS with a body is not supported");
  request.has_body = body != "null-body";
  if (request.preview && !request.has_body) return malformed("Preview without a body");
  return std::optional<Request>(std::move(request));
}

Result<bool> ChunkedReader::next(std::string& out) {
  while (!done_) {
    if (in_last_) {
      SANSO_ASSIGN_OR_RETURN(std::string empty, reader_.readLine(2));
      if (!empty.empty()) return malformed("trailers after the last chunk");
      done_ = true;
      return false;
    }
    if (in_chunk_) {
      if (chunk_left_ > 0) {
        size_t before = out.size();
        SANSO_RETURN_IF_ERROR(reader_.readSome(std::min<uint64_t>(chunk_left_, 64u << 10), out));
        chunk_left_ -= out.size() - before;
        return true;
      }
      SANSO_ASSIGN_OR_RETURN(std::string crlf, reader_.readLine(2));
      if (!crlf.empty()) return malformed("chunk data longer than its size");
      in_chunk_ = false;
      continue;
    }
    SANSO_ASSIGN_OR_RETURN(std::string line, reader_.readLine(limits_.max_line_bytes));
    std::string_view size_text = line;
    std::string_view extension;
    if (size_t semi = line.find(';'); semi != std::string::npos) {
      size_text = trim(std::string_view(line).substr(0, semi));
      extension = trim(std::string_view(line).substr(semi + 1));
    }
    if (size_text.empty() || size_text.size() > 15) return malformed("bad chunk size");
    uint64_t size = 0;
    auto [end, error] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (error != std::errc() || end != size_text.data() + size_text.size()) {
      return malformed("bad chunk size");
    }
    if (!extension.empty()) {
      if (extension != "ieof" || size != 0) return malformed("unknown chunk extension");
      ieof_ = true;
    }
    if (size == 0) {
      in_last_ = true;
      continue;
    }
    if (size > left_) return Status::blocked(limit_reason_, "body larger than the limit");
    left_ -= size;
    bytes_ += size;
    chunk_left_ = size;
    in_chunk_ = true;
  }
  return false;
}

std::string encodeHead(int code, std::string_view reason, std::string_view istag,
                       const std::vector<Header>& headers) {
  std::string out = "ICAP/1.0 " + std::to_string(code) + " " + std::string(reason) + "\r\n";
  out += "ISTag: \"" + std::string(istag) + "\"\r\n";
  for (const Header& h : headers) out += h.name + ": " + h.value + "\r\n";
  return out + "\r\n";
}

std::string encodeChunk(std::string_view data) {
  if (data.empty()) return {};
  char size[32];
  auto [end, error] = std::to_chars(size, size + sizeof(size), data.size(), 16);
  (void)error;
  std::string out(size, end);
  out += "\r\n";
  out += data;
  out += "\r\n";
  return out;
}

}  // namespace sanso::icap
