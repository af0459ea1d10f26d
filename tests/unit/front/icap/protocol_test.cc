// The ICAP reader against hostile requests: every length it is told is checked.
#include "sanso/icap/protocol.h"

#include <gtest/gtest.h>

namespace sanso::icap {
namespace {

// Hands out `data` in pieces of `step` bytes, so that every boundary is exercised.
class MemorySource : public Source {
 public:
  explicit MemorySource(std::string data, size_t step = 7) : data_(std::move(data)), step_(step) {}
  Result<size_t> read(char* out, size_t size) override {
    size_t n = std::min({size, step_, data_.size() - at_});
    std::copy_n(data_.data() + at_, n, out);
    at_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t step_;
  size_t at_ = 0;
};

// Hands out `data`, but stops (waitReadable false) at each offset in `stops` until
// release() is called: a client that pauses in the middle of a chunk.
class PausingSource : public Source {
 public:
  PausingSource(std::string data, std::vector<size_t> stops)
      : data_(std::move(data)), stops_(std::move(stops)) {}
  Result<size_t> read(char* out, size_t size) override {
    size_t end = paused() ? at_ : nextStop();
    size_t n = std::min(size, end - at_);
    if (n == 0 && at_ < data_.size()) return Status::internal("read while paused");
    std::copy_n(data_.data() + at_, n, out);
    at_ += n;
    return n;
  }
  Result<bool> waitReadable(int timeout_ms) override {
    (void)timeout_ms;
    return !paused();
  }
  void release() { ++released_; }

 private:
  size_t nextStop() const { return released_ < stops_.size() ? stops_[released_] : data_.size(); }
  bool paused() const { return released_ < stops_.size() && at_ == stops_[released_]; }
  std::string data_;
  std::vector<size_t> stops_;
  size_t released_ = 0;
  size_t at_ = 0;
};

const std::string kReq = "GET http://example.jp/a.docx HTTP/1.1\r\nHost: example.jp\r\n\r\n";
const std::string kRes = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n";

std::string respmod(const std::string& extra_headers, const std::string& encapsulated,
                    const std::string& rest) {
  return "RESPMOD icap://127.0.0.1:1344/respmod ICAP/1.0\r\nHost: 127.0.0.1\r\n" + extra_headers +
         "Encapsulated: " + encapsulated + "\r\n\r\n" + rest;
}

std::string standard(const std::string& body) {
  return respmod("Allow: 204\r\n",
                 "req-hdr=0, res-hdr=" + std::to_string(kReq.size()) +
                     ", res-body=" + std::to_string(kReq.size() + kRes.size()),
                 kReq + kRes + body);
}

Result<std::optional<Request>> parse(const std::string& text, ProtocolLimits limits = {}) {
  static std::unique_ptr<MemorySource> source;
  static std::unique_ptr<Reader> reader;
  source = std::make_unique<MemorySource>(text);
  reader = std::make_unique<Reader>(*source);
  return readRequest(*reader, limits);
}

// The whole body of a message, or the status that stopped it.
Result<std::string> body(const std::string& text, uint64_t max = 1 << 20) {
  MemorySource source(text);
  Reader reader(source);
  ProtocolLimits limits;
  SANSO_ASSIGN_OR_RETURN(std::optional<Request> request, readRequest(reader, limits));
  if (!request) return Status::internal("no request");
  ChunkedReader chunks(reader, limits, max, "too-large");
  std::string out;
  while (true) {
    SANSO_ASSIGN_OR_RETURN(bool more, chunks.next(out));
    if (!more) return out;
  }
}

TEST(IcapProtocol, ParsesRespmodWithHeadsAndBody) {
  auto r = parse(standard("5\r\nhello\r\n0\r\n\r\n"));
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  ASSERT_TRUE(r->has_value());
  const Request& q = **r;
  EXPECT_EQ(q.method, Method::kRespmod);
  EXPECT_EQ(q.service, "respmod");
  EXPECT_TRUE(q.allow_204);
  ASSERT_TRUE(q.req_hdr && q.res_hdr);
  EXPECT_EQ(q.res_hdr->start_line, "HTTP/1.1 200 OK");
  EXPECT_EQ(*findHeader(q.res_hdr->headers, "content-type"), "text/plain");
  EXPECT_TRUE(q.has_body);
  auto b = body(standard("5\r\nhello\r\n3;ieof\r\n"));
  EXPECT_FALSE(b.isOk());  // ieof needs a zero-size chunk
  b = body(standard("5\r\nhello\r\nA\r\n0123456789\r\n0\r\n\r\n"));
  ASSERT_TRUE(b.isOk()) << b.status().toString();
  EXPECT_EQ(*b, "hello0123456789");
}

TEST(IcapProtocol, CleanEndBetweenRequestsIsNotAnError) {
  auto r = parse("");
  ASSERT_TRUE(r.isOk());
  EXPECT_FALSE(r->has_value());
}

TEST(IcapProtocol, RefusesBadRequestLines) {
  for (const std::string& line : {std::string("RESPMOD icap://h/respmod ICAP/1.1\r\n"),
                                  std::string("GET icap://h/x ICAP/1.0\r\n"),
                                  std::string("RESPMOD http://h/respmod ICAP/1.0\r\n"),
                                  std::string("RESPMOD  icap://h/ ICAP/1.0\r\n"),
                                  std::string("RESPMOD icap://h/respmod ICAP/1.0\n"),
                                  std::string("RESPMOD icap:///x ICAP/1.0\r\n")}) {
    auto r = parse(line + "Host: h\r\nEncapsulated: null-body=0\r\n\r\n");
    EXPECT_FALSE(r.isOk()) << line;
  }
}

TEST(IcapProtocol, RefusesBadEncapsulated) {
  const std::string heads = kReq + kRes;
  const std::string n1 = std::to_string(kReq.size());
  const std::string n2 = std::to_string(heads.size());
  for (const std::string& enc :
       {"res-hdr=0, req-hdr=" + n1 + ", res-body=" + n2,        // order
        "req-hdr=5, res-hdr=" + n1 + ", res-body=" + n2,        // not from 0
        "req-hdr=0, res-hdr=0, res-body=" + n2,                 // not increasing
        "req-hdr=0, res-hdr=" + n1 + ", res-body=" + n2 + "0",  // past the heads
        "req-hdr=0, res-hdr=" + std::to_string(kReq.size() - 2) + ", res-body=" + n2,  // short
        "req-hdr=0, res-hdr=" + n1,                                      // no body entry
        "req-hdr=0, res-hdr=" + n1 + ", req-body=" + n2,                 // wrong body for RESPMOD
        "req-hdr=0, res-hdr=" + n1 + ", res-body=-" + n2,                // sign
        "req-hdr=0, res-hdr=" + n1 + ", res-body=99999999999999999999",  // overflow
        "req-hdr=0,, res-body=" + n2,                                    // empty entry
        std::string("")}) {
    auto r = parse(respmod("", enc, heads + "0\r\n\r\n"));
    EXPECT_FALSE(r.isOk()) << enc;
  }
  // Two Encapsulated headers: refused even when both agree.
  auto r = parse(respmod("Encapsulated: null-body=0\r\n", "null-body=0", ""));
  EXPECT_FALSE(r.isOk());
}

TEST(IcapProtocol, LyingChunkSizes) {
  // A chunk longer than its size, shorter (the stream ends), a size past the limit, hex junk.
  EXPECT_FALSE(body(standard("3\r\nhello\r\n0\r\n\r\n")).isOk());
  EXPECT_FALSE(body(standard("10\r\nhello\r\n")).isOk());
  auto big = body(standard("FFFFFFFFFFFF\r\nx"), 1000);
  ASSERT_FALSE(big.isOk());
  EXPECT_EQ(big.status().reason(), "too-large");
  EXPECT_FALSE(body(standard("FFFFFFFFFFFFFFFFFFFF\r\nx")).isOk());
  EXPECT_FALSE(body(standard("-5\r\nhello\r\n0\r\n\r\n")).isOk());
  EXPECT_FALSE(body(standard("0x5\r\nhello\r\n0\r\n\r\n")).isOk());
  EXPECT_FALSE(body(standard("5;foo=bar\r\nhello\r\n0\r\n\r\n")).isOk());
  EXPECT_FALSE(body(standard("5\r\nhello\r\n0\r\nTrailer: x\r\n\r\n")).isOk());
  // The limit counts all chunks together.
  auto sum = body(standard("5\r\nhello\r\n5\r\nhello\r\n0\r\n\r\n"), 8);
  ASSERT_FALSE(sum.isOk());
  EXPECT_EQ(sum.status().reason(), "too-large");
}

TEST(IcapProtocol, HugeHeadsAreRefused) {
  auto line = parse(respmod("X-Long: " + std::string(20000, 'a') + "\r\n", "null-body=0", ""));
  ASSERT_FALSE(line.isOk());
  EXPECT_EQ(line.status().reason(), "limit-icap-line");
  std::string many;
  for (int i = 0; i < 200; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  auto count = parse(respmod(many, "null-body=0", ""));
  ASSERT_FALSE(count.isOk());
  EXPECT_EQ(count.status().reason(), "limit-icap-headers");
  std::string big_res = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 100; ++i)
    big_res += "X-" + std::to_string(i) + ": " + std::string(1000, 'b') + "\r\n";
  big_res += "\r\n";
  auto http = parse(respmod("", "res-hdr=0, res-body=" + std::to_string(big_res.size()), big_res));
  ASSERT_FALSE(http.isOk());
  EXPECT_EQ(http.status().reason(), "limit-icap-http-head");
}

TEST(IcapProtocol, HttpHeadIsStrict) {
  ProtocolLimits limits;
  EXPECT_TRUE(parseHttpHead(kRes, limits).isOk());
  EXPECT_FALSE(parseHttpHead("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n", limits).isOk());
  EXPECT_FALSE(parseHttpHead("HTTP/1.1 200 OK\nA: b\n\n", limits).isOk());
  EXPECT_FALSE(parseHttpHead("HTTP/1.1 200 OK\r\nBad Name: b\r\n\r\n", limits).isOk());
  EXPECT_FALSE(parseHttpHead("HTTP/1.1 200 OK\r\nA: b\x01\r\n\r\n", limits).isOk());
  EXPECT_FALSE(parseHttpHead("HTTP/1.1 200 OK\r\n\r\nextra", limits).isOk());
  EXPECT_FALSE(parseHttpHead("\r\n", limits).isOk());
  auto head = parseHttpHead(
      "HTTP/1.1 200 OK\r\nContent-Disposition: attachment; filename*=UTF-8''%E8%AB%8B.docm\r\n\r\n",
      limits);
  ASSERT_TRUE(head.isOk());
  EXPECT_EQ(serializeHttpHead(*head),
            "HTTP/1.1 200 OK\r\nContent-Disposition: attachment; "
            "filename*=UTF-8''%E8%AB%8B.docm\r\n\r\n");
}

TEST(IcapProtocol, PreviewEdgeCases) {
  // Preview larger than we advertise, Preview without a body, a non-numeric Preview.
  ProtocolLimits limits;
  std::string encap = "res-hdr=0, res-body=" + std::to_string(kRes.size());
  EXPECT_FALSE(parse(respmod("Preview: 99999\r\n", encap, kRes)).isOk());
  EXPECT_FALSE(
      parse(respmod("Preview: 10\r\n", "res-hdr=0, null-body=" + std::to_string(kRes.size()), kRes))
          .isOk());
  EXPECT_FALSE(parse(respmod("Preview: ten\r\n", encap, kRes)).isOk());
  EXPECT_FALSE(parse(respmod("Preview: 1\r\nPreview: 2\r\n", encap, kRes)).isOk());
  // A preview with ieof: the body is complete.
  std::string text = respmod("Preview: 4\r\n", encap, kRes + "4\r\nabcd\r\n0; ieof\r\n\r\n");
  MemorySource source(text, 3);
  Reader reader(source);
  auto request = readRequest(reader, limits);
  ASSERT_TRUE(request.isOk() && request->has_value());
  EXPECT_EQ(*(*request)->preview, 4u);
  ChunkedReader preview(reader, limits, 4, "malformed-icap");
  std::string out;
  while (true) {
    auto more = preview.next(out);
    ASSERT_TRUE(more.isOk()) << more.status().toString();
    if (!*more) break;
  }
  EXPECT_EQ(out, "abcd");
  EXPECT_TRUE(preview.ieof());
  // A preview longer than announced is refused.
  std::string lying = respmod("Preview: 2\r\n", encap, kRes + "4\r\nabcd\r\n0\r\n\r\n");
  MemorySource source2(lying);
  Reader reader2(source2);
  ASSERT_TRUE(readRequest(reader2, limits).isOk());
  ChunkedReader preview2(reader2, limits, 2, "malformed-icap");
  std::string out2;
  EXPECT_FALSE(preview2.next(out2).isOk());
}

TEST(IcapProtocol, OptionsWithoutEncapsulated) {
  auto r = parse("OPTIONS icap://127.0.0.1/respmod ICAP/1.0\r\nHost: h\r\n\r\n");
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  EXPECT_EQ((*r)->method, Method::kOptions);
  EXPECT_FALSE(parse("RESPMOD icap://127.0.0.1/respmod ICAP/1.0\r\nHost: h\r\n\r\n").isOk());
}

TEST(IcapProtocol, Encoders) {
  EXPECT_EQ(encodeChunk("hello"), "5\r\nhello\r\n");
  EXPECT_EQ(encodeChunk(std::string(26, 'x')).substr(0, 4), "1a\r\n");
  EXPECT_EQ(encodeChunk(""), "");
  EXPECT_EQ(encodeHead(204, "No Content", "t", {{"Encapsulated", "null-body=0"}}),
            "ICAP/1.0 204 No Content\r\nISTag: \"t\"\r\nEncapsulated: null-body=0\r\n\r\n");
}

TEST(IcapProtocol, StalledReadsResumeWhereTheyStopped) {
  // Stops: inside a size line, inside a chunk's data, before a chunk's CRLF, inside the last
  // chunk's empty line.
  const std::string stream = "5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n";
  PausingSource source(stream, {2, 5, 8, 22});
  Reader reader(source);
  reader.setStallTimeout(10);
  ProtocolLimits limits;
  ChunkedReader chunks(reader, limits, 100, "too-large");
  std::string out;
  int stalls = 0;
  for (int i = 0; i < 50; ++i) {
    Result<bool> more = chunks.next(out);
    if (!more.isOk()) {
      ASSERT_EQ(more.status().reason(), "icap-stall") << more.status().toString();
      ++stalls;
      source.release();
      continue;
    }
    if (!*more) break;
  }
  EXPECT_EQ(stalls, 4);
  EXPECT_EQ(out, "helloabc");
  EXPECT_EQ(chunks.bytes(), 8u);
}

}  // namespace
}  // namespace sanso::icap
