#include "msg/msg_sanitizer.h"

#include "mime/mime_sanitizer.h"
#include "msg/msg_reader.h"

namespace sanso::sanitize::msg {

Result<FileType> sanitizeMsg(Job& job) {
  SANSO_ASSIGN_OR_RETURN(MsgConversion conversion, msgToMime(job.input, job.budget));
  for (const MsgDropped& dropped : conversion.dropped) {
    job.log.removed(dropped.what, dropped.where, "not carried over from the Outlook message");
  }
  job.log.add("converted", "msg-to-mime", "message", "Outlook .msg -> RFC 5322");
  return mime::sanitizeMessageBytes(asBytes(conversion.mime), job);
}

}  // namespace sanso::sanitize::msg
