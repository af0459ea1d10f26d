#include "message_text.h"

#include <fcntl.h>
#include <gmime/gmime.h>
#include <unistd.h>

#include "mime/gmime_util.h"

namespace sanso::milter {
namespace {

using sanitize::mime::GPtr;

struct Collector {
  uint64_t max_bytes = 0;
  int max_depth = 0;
  std::string text;
  bool over = false;

  void add(const std::string& piece) {
    if (text.size() + piece.size() + 1 > max_bytes) {
      over = true;
      return;
    }
    text += piece;
    text.push_back('\n');
  }

  void message(GMimeMessage* message, int depth) {
    if (depth > max_depth) {
      over = true;
      return;
    }
    if (const char* subject = g_mime_message_get_subject(message)) add(subject);
    object(g_mime_message_get_mime_part(message), depth);
  }

  void object(GMimeObject* part, int depth) {
    if (part == nullptr || over) return;
    if (GMIME_IS_MULTIPART(part)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(part);
      const int count = g_mime_multipart_get_count(multipart);
      for (int i = 0; i < count && !over; ++i) {
        object(g_mime_multipart_get_part(multipart, i), depth + 1);
      }
    } else if (GMIME_IS_MESSAGE_PART(part)) {
      GMimeMessage* nested = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
      if (nested != nullptr) message(nested, depth + 1);
    } else if (GMIME_IS_PART(part)) {
      add(sanitize::mime::partContent(GMIME_PART(part)));
    }
  }
};

}  // namespace

Result<std::string> messageText(const std::string& path, uint64_t max_bytes, int max_depth) {
  sanitize::mime::initGmime();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::ioError("cannot open " + path);
  GPtr<GMimeStream> stream(g_mime_stream_fs_new(fd));  // owns fd
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message) return Status::blocked("malformed-mime", "the text of the message cannot be read");
  Collector collector{max_bytes, max_depth, {}, false};
  collector.message(message.get(), 0);
  if (collector.over) {
    return Status::blocked("limit-dlp-input", "the text of the message is over the DLP limit");
  }
  return std::move(collector.text);
}

}  // namespace sanso::milter
