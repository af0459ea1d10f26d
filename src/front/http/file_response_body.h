// A Beast body that sends a file in 64 KiB reads. Beast's own file_body reads 4 KiB at a
// time, so a 100 KB download cost 25 reads and 25 sends.
#pragma once

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/file.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <cstdint>
#include <utility>
#include <vector>

namespace sanso::http::detail {

struct FileResponseBody {
  // The open file, read from its current position; `size` bytes of it are sent.
  struct value_type {
    boost::beast::file file;
    uint64_t size = 0;
  };

  static uint64_t size(const value_type& body) { return body.size; }

  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(boost::beast::error_code& ec) {
      remaining_ = body_.size;
      buffer_.resize(static_cast<size_t>(std::min<uint64_t>(remaining_, kChunk)));
      ec = {};
    }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
      if (remaining_ == 0) {
        ec = {};
        return boost::none;
      }
      const size_t want = static_cast<size_t>(std::min<uint64_t>(remaining_, buffer_.size()));
      const size_t got = body_.file.read(buffer_.data(), want, ec);
      if (ec) return boost::none;
      if (got == 0) {  // the file shrank under us: the announced length cannot be kept
        ec = boost::beast::http::error::short_read;
        return boost::none;
      }
      remaining_ -= got;
      return std::make_pair(const_buffers_type(buffer_.data(), got), remaining_ > 0);
    }

   private:
    static constexpr uint64_t kChunk = 64 * 1024;
    value_type& body_;
    uint64_t remaining_ = 0;
    std::vector<char> buffer_;
  };
};

}  // namespace sanso::http::detail
