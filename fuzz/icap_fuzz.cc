// Fuzzes the ICAP request reader: requests, encapsulated HTTP heads, previews and chunked
// bodies, several requests per connection, the stream split at every few bytes.
#include <algorithm>
#include <cstdint>
#include <string>

#include "sanso/icap/protocol.h"

namespace {

class FuzzSource : public sanso::icap::Source {
 public:
  FuzzSource(const uint8_t* data, size_t size)
      : data_(reinterpret_cast<const char*>(data)),
        size_(size),
        step_(size > 0 ? 1 + data[0] % 64 : 1) {}
  sanso::Result<size_t> read(char* out, size_t size) override {
    size_t n = std::min({size, step_, size_ - at_});
    std::copy_n(data_ + at_, n, out);
    at_ += n;
    return n;
  }

 private:
  const char* data_;
  size_t size_;
  size_t step_;
  size_t at_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanso::icap;
  FuzzSource source(data, size);
  Reader reader(source);
  ProtocolLimits limits;
  limits.max_body_bytes = 1 << 20;
  for (int i = 0; i < 8; ++i) {
    auto request = readRequest(reader, limits);
    if (!request.isOk() || !request->has_value()) return 0;
    const Request& r = **request;
    if (r.res_hdr) (void)serializeHttpHead(*r.res_hdr);
    if (!r.has_body) continue;
    std::string body;
    uint64_t left = limits.max_body_bytes;
    if (r.preview) {
      ChunkedReader preview(reader, limits, *r.preview, "malformed-icap");
      while (true) {
        auto more = preview.next(body);
        if (!more.isOk()) return 0;
        if (!*more) break;
      }
      if (preview.ieof()) continue;
      left -= preview.bytes();
    }
    ChunkedReader rest(reader, limits, left, "too-large");
    while (true) {
      auto more = rest.next(body);
      if (!more.isOk()) return 0;
      if (!*more) break;
    }
    if (body.size() > limits.max_body_bytes) __builtin_trap();
  }
  return 0;
}
