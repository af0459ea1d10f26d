#include "mime/mime_sanitizer.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "archive/member_name.h"
#include "detect.h"
#include "html/html_sanitizer.h"
#include "member.h"
#include "mime/gmime_util.h"
#include "mime/message_headers.h"
#include "mime/message_writer.h"
#include "mime/mime_charset.h"
#include "mime/rfc2047.h"
#include "sanso/common/file_io.h"
#include "sanso/common/sha256.h"
#include "text/text_sanitizer.h"
#include "tnef/tnef_reader.h"

namespace sanso::sanitize::mime {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// What the parser reported that changes how the message must be read.
struct ParseIssues {
  bool critical = false;
  std::string critical_what;
  bool malformed_multipart = false;
};

void onWarning(gint64 /*offset*/, GMimeParserWarning code, const gchar* item, gpointer data) {
  auto* issues = static_cast<ParseIssues*>(data);
  switch (code) {
    case GMIME_CRIT_INVALID_HEADER_NAME:
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
    case GMIME_CRIT_NESTING_OVERFLOW:
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
      if (!issues->critical) {
        issues->critical = true;
        issues->critical_what =
            std::to_string(static_cast<int>(code)) +
            (item != nullptr ? std::string(": ") + std::string(item).substr(0, 80) : "");
      }
      break;
    case GMIME_WARN_MALFORMED_MULTIPART:
    case GMIME_WARN_TRUNCATED_MESSAGE:
    case GMIME_WARN_PART_WITHOUT_CONTENT:
      issues->malformed_multipart = true;
      break;
    default:
      break;
  }
}

// The header fields of one part as read: Content-* duplicates and sizes.
struct PartHeaders {
  std::vector<std::string> dispositions;  // every Content-Disposition value, lower case
};

// How the recipient of a message with removed or held attachments reaches them.
std::string referenceNotice(const std::string& reference) {
  return "[sanso] 受付番号 / reference: " + reference +
         "\nパスワード付きファイルは、sanso の「保留メール」画面でパスワードを入力すると無害化して"
         "受け取れます。削除された添付ファイルの原本が必要なときは、この受付番号を添えて"
         "情報セキュリティ管理者に依頼してください。\n"
         "To receive a held file, give its password on sanso's held-mail page. To obtain a "
         "removed original, ask the security manager with this reference.\n";
}

class MessageJob {
 public:
  explicit MessageJob(Job& job) : input_(job.input), job_(job), nesting_(memberNesting(job)) {
    if (nesting_.members_seen == nullptr) nesting_.members_seen = &members_seen_;
  }

  Result<FileType> run() {
    const Limits& limits = job_.budget.limits();
    const uint64_t depth = job_.nesting != nullptr ? job_.nesting->depth : 0;
    SANSO_RETURN_IF_ERROR(
        job_.budget.check("archive-depth", depth, limits.max_archive_depth, "message"));
    SANSO_RETURN_IF_ERROR(checkTopHeaderBlock());
    initGmime();
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(
        reinterpret_cast<const char*>(input_.data()), input_.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    GMimeParserOptions* options = g_mime_parser_options_new();
    static const char* kFallback[] = {"utf-8", "cp932", "euc-jp", "iso-8859-1", nullptr};
    g_mime_parser_options_set_fallback_charsets(options, kFallback);
    g_mime_parser_options_set_warning_callback(options, onWarning, &issues_);
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options));
    Result<FileType> result = message ? rebuild(message.get(), options)
                                      : Result<FileType>(Status::blocked(
                                            "malformed-mime", "no RFC 5322 message could be read"));
    g_mime_parser_options_free(options);
    return result;
  }

 private:
  Result<FileType> rebuild(GMimeMessage* message, GMimeParserOptions* options) {
    if (issues_.critical) {
      return Status::blocked("malformed-mime", "the MIME structure is ambiguous (GMime issue " +
                                                   issues_.critical_what + ")");
    }
    SANSO_RETURN_IF_ERROR(checkHeaders(GMIME_OBJECT(message), nullptr));
    OutMessage out;
    out.header_fields = rebuildHeaders(message, options, job_.log);
    if (GMimeObject* body = g_mime_message_get_mime_part(message)) {
      SANSO_RETURN_IF_ERROR(walk(body, 0, true));
    }
    if (issues_.malformed_multipart) {
      job_.log.neutralized("malformed-multipart", "message",
                           "missing or broken boundaries: parts read up to the end of the data");
    }
    std::string body;
    for (const std::string& block : body_) {
      if (!body.empty()) body += "\n\n";
      body += block;
    }
    uint64_t removed = 0;
    out.body = text::stripControls(body, removed);
    if (removed > 0) job_.log.removed("control-character", "body", std::to_string(removed));
    out.notice = notice_;
    if (!out.notice.empty() && job_.nesting == nullptr && !job_.options.mail_reference.empty()) {
      out.notice += referenceNotice(job_.options.mail_reference);
    }
    out.attachments = std::move(attachments_);
    SANSO_RETURN_IF_ERROR(writeFile(job_.output_path, asBytes(writeMessage(out))));
    return FileType::kEml;
  }

  // A NUL or other control in the message's own header block would be read differently by
  // GMime (C strings) and by other readers: refused.
  Status checkTopHeaderBlock() {
    std::string_view all = asChars(input_);
    size_t end = all.find("\n\n");
    const size_t crlf = all.find("\r\n\r\n");
    if (crlf != std::string_view::npos && (end == std::string_view::npos || crlf < end)) end = crlf;
    const std::string_view head = all.substr(0, end == std::string_view::npos ? all.size() : end);
    if (head.find('\0') != std::string_view::npos) {
      return Status::blocked("malformed-mime", "NUL byte in the message header");
    }
    return Status::ok();
  }

  // Field count and size limits; two different Content-Type or Content-Transfer-Encoding
  // fields block (readers disagree on which one counts).
  Status checkHeaders(GMimeObject* object, PartHeaders* part) {
    const Limits& limits = job_.budget.limits();
    GMimeHeaderList* headers = g_mime_object_get_header_list(object);
    const int count = headers != nullptr ? g_mime_header_list_get_count(headers) : 0;
    SANSO_RETURN_IF_ERROR(job_.budget.check("mime-header-fields", static_cast<uint64_t>(count),
                                            limits.max_mime_header_fields, "message"));
    std::string type, encoding;
    for (int i = 0; i < count; ++i) {
      GMimeHeader* header = g_mime_header_list_get_header_at(headers, i);
      const char* raw_name = g_mime_header_get_name(header);
      const char* raw_value = g_mime_header_get_raw_value(header);
      const std::string name = lower(raw_name != nullptr ? raw_name : "");
      const std::string value = lower(trimmed(raw_value != nullptr ? raw_value : ""));
      SANSO_RETURN_IF_ERROR(job_.budget.check("mime-header-bytes", name.size() + value.size(),
                                              limits.max_mime_header_bytes, "message"));
      std::string* seen = name == "content-type"                ? &type
                          : name == "content-transfer-encoding" ? &encoding
                                                                : nullptr;
      if (seen != nullptr) {
        if (!seen->empty() && *seen != value) {
          return Status::blocked("mime-ambiguous-header",
                                 "two different " + name + " fields in one part");
        }
        *seen = value;
      }
      if (name == "content-disposition" && part != nullptr) part->dispositions.push_back(value);
    }
    return Status::ok();
  }

  Status walk(GMimeObject* object, uint64_t depth, bool body_wanted) {
    const Limits& limits = job_.budget.limits();
    SANSO_RETURN_IF_ERROR(job_.budget.checkTime("message"));
    SANSO_RETURN_IF_ERROR(
        job_.budget.check("mime-parts", ++parts_, limits.max_mime_parts, "message"));
    SANSO_RETURN_IF_ERROR(job_.budget.check("mime-depth", depth, limits.max_mime_depth, "message"));
    PartHeaders headers;
    SANSO_RETURN_IF_ERROR(checkHeaders(object, &headers));
    GMimeContentType* ct = g_mime_object_get_content_type(object);
    const std::string media = lower(ct != nullptr && g_mime_content_type_get_media_type(ct)
                                        ? g_mime_content_type_get_media_type(ct)
                                        : "");
    const std::string sub = lower(ct != nullptr && g_mime_content_type_get_media_subtype(ct)
                                      ? g_mime_content_type_get_media_subtype(ct)
                                      : "");
    const std::string mime = media + "/" + sub;
    if (mime == "multipart/encrypted" || mime == "application/pkcs7-mime" ||
        mime == "application/x-pkcs7-mime" || mime == "application/pgp-encrypted") {
      return Status::blocked("encrypted", "the message holds an encrypted part (" + mime + ")");
    }
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      const int count = g_mime_multipart_get_count(multipart);
      if (sub == "signed") {
        for (int i = 0; i < count; ++i) {
          if (i == 0) {
            SANSO_RETURN_IF_ERROR(
                walk(g_mime_multipart_get_part(multipart, 0), depth + 1, body_wanted));
          } else {
            ++parts_;
            dropSignature();
          }
        }
        return Status::ok();
      }
      int chosen = -1;
      if (sub == "alternative" && body_wanted) chosen = chooseAlternative(multipart);
      for (int i = 0; i < count; ++i) {
        const bool wanted = body_wanted && (sub != "alternative" || i == chosen);
        if (body_wanted && sub == "alternative" && i != chosen) {
          job_.log.removed(
              "alternative-rendering", "message",
              "one rendering of the text is kept (attachments in the others are kept too)");
        }
        SANSO_RETURN_IF_ERROR(walk(g_mime_multipart_get_part(multipart, i), depth + 1, wanted));
      }
      return Status::ok();
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      if (inner == nullptr) return Status::ok();
      return attach(objectBytes(GMIME_OBJECT(inner)),
                    "message-" + std::to_string(++unnamed_) + ".eml", "");
    }
    if (!GMIME_IS_PART(object)) return Status::ok();
    GMimePart* part = GMIME_PART(object);
    const std::string disposition_name =
        paramText(g_mime_object_get_content_disposition_parameter(object, "filename"));
    const std::string type_name =
        paramText(ct != nullptr ? g_mime_content_type_get_parameter(ct, "name") : nullptr);
    const std::string name = !disposition_name.empty() ? disposition_name : type_name;
    bool attachment = !name.empty();
    for (const std::string& d : headers.dispositions) {
      attachment = attachment || !d.starts_with("inline");
    }
    std::string data = partContent(part);
    SANSO_RETURN_IF_ERROR(job_.budget.chargeExpanded(data.size(), "message"));
    if (mime == "application/ms-tnef" || mime == "application/vnd.ms-tnef" ||
        lower(name) == "winmail.dat") {
      return tnef(data, name.empty() ? "winmail.dat" : name, body_wanted);
    }
    if (mime == "application/pkcs7-signature" || mime == "application/x-pkcs7-signature" ||
        mime == "application/pgp-signature") {
      dropSignature();
      return Status::ok();
    }
    if (!attachment && (mime == "text/plain" || mime == "text/html")) {
      if (!body_wanted) return Status::ok();
      return bodyText(
          data, mime == "text/html",
          paramText(ct != nullptr ? g_mime_content_type_get_parameter(ct, "charset") : nullptr));
    }
    if (isExecutableName(type_name) && type_name != name) {
      return dropped(name, Status::blocked("archive-executable",
                                           "the Content-Type name is an executable: " + type_name));
    }
    return attach(std::move(data), name, mime);
  }

  // A parameter value as GMime decoded it (RFC 2231), with any RFC 2047 words left in it
  // (as Outlook writes names) decoded too.
  static std::string paramText(const char* value) {
    return value != nullptr ? decodeHeaderText(value) : std::string();
  }
  static bool isExecutableName(const std::string& name) {
    return !name.empty() && archive::isExecutableName(name);
  }

  // The rendering a reader shows: the last text/plain, text/html or multipart alternative
  // (RFC 2046 5.1.4: the last is preferred); -1 when none.
  static int chooseAlternative(GMimeMultipart* multipart) {
    int chosen = -1;
    for (int i = 0; i < g_mime_multipart_get_count(multipart); ++i) {
      GMimeObject* child = g_mime_multipart_get_part(multipart, i);
      GMimeContentType* ct = g_mime_object_get_content_type(child);
      if (GMIME_IS_MULTIPART(child) ||
          (ct != nullptr && (g_mime_content_type_is_type(ct, "text", "plain") ||
                             g_mime_content_type_is_type(ct, "text", "html")))) {
        chosen = i;
      }
    }
    return chosen;
  }

  Status bodyText(const std::string& data, bool declared_html, const std::string& charset) {
    std::string utf8 = decodeCharset(asBytes(data), charset);
    if (utf8.find("-----BEGIN PGP MESSAGE-----") != std::string::npos) {
      return Status::blocked("encrypted", "the message holds a PGP encrypted text");
    }
    // Text that a reader could render as HTML (declared so, or sniffed) becomes its text.
    bool html = declared_html;
    if (!html) {
      Budget probe(job_.budget.limits());
      auto sniffed = detectType(asBytes(utf8), probe);
      html = sniffed.isOk() && *sniffed == FileType::kHtml;
      if (html) job_.log.add("converted", "html-in-text-part", "body", "text/plain holds HTML");
    }
    if (html) {
      const std::string input = std::string(kUtf8Bom) + utf8;
      SANSO_ASSIGN_OR_RETURN(std::string text, html::htmlBytesToText(asBytes(input), job_.options,
                                                                     job_.budget, job_.log));
      job_.log.add("converted", "html-body", "body", "text/html -> text/plain");
      body_.push_back(std::move(text));
    } else {
      body_.push_back(std::move(utf8));
    }
    return Status::ok();
  }

  // TNEF (winmail.dat): unpacked; its attachments are attached like the message's own, its
  // plain or HTML body joins the text when the part is where the body is read. An unreadable
  // stream is dropped like a refused attachment.
  Status tnef(const std::string& data, const std::string& name, bool body_wanted) {
    auto content = tnef::unpackTnef(asBytes(data), job_.budget);
    if (!content.isOk()) {
      if (content.status().reason().starts_with("limit-")) return content.status();
      return dropped(name, content.status());
    }
    job_.log.add("converted", "tnef", name,
                 std::to_string(content->attachments.size()) + " attachments unpacked");
    for (const std::string& what : content->dropped) job_.log.removed("tnef-content", name, what);
    if (body_wanted && !content->body_html.empty()) {
      SANSO_RETURN_IF_ERROR(bodyText(content->body_html, true, "utf-8"));
    } else if (body_wanted && !content->body_text.empty()) {
      SANSO_RETURN_IF_ERROR(bodyText(content->body_text, false, "utf-8"));
    }
    for (tnef::TnefAttachment& attachment : content->attachments) {
      SANSO_RETURN_IF_ERROR(
          attach(std::move(attachment.data), attachment.name, attachment.mime_type));
    }
    return Status::ok();
  }

  void dropSignature() {
    if (signature_dropped_) return;
    signature_dropped_ = true;
    job_.log.removed("signature", "message",
                     "the sanitized content can no longer verify against it");
    notice_ +=
        "[sanso] 電子署名を削除しました（無害化した内容は署名と一致しません）。 / "
        "The signature was removed: the sanitized content cannot verify.\n";
  }

  // One attachment: name checks, the engine on its content, kept or dropped with a notice.
  Status attach(std::string data, std::string name, const std::string& declared) {
    const Limits& limits = job_.budget.limits();
    SANSO_RETURN_IF_ERROR(job_.budget.check("archive-entries", ++*nesting_.members_seen,
                                            limits.max_archive_entries, "message"));
    if (name.empty()) name = "attachment-" + std::to_string(++unnamed_);
    if (name.find('/') != std::string::npos) {
      return dropped(name, Status::blocked("archive-unsafe-name", "a path, not a file name"));
    }
    if (Status st = archive::checkName(name); !st.isOk()) return dropped(name, st);
    if (archive::isExecutableName(name)) {
      return dropped(
          name, Status::blocked("archive-executable", "executable, script or disk-image name"));
    }
    SANSO_ASSIGN_OR_RETURN(MemberResult result,
                           sanitizeMember(asBytes(data), name, job_, nesting_));
    if (!result.status.isOk()) {
      if (result.status.reason().starts_with("limit-")) return result.status;
      if (heldForPassword(result)) return held(data, std::move(result.report), result.status);
      return droppedReport(std::move(result.report), result.status);
    }
    std::string out_name = uniqueName(result.output_name);
    for (const Action& a : result.report.actions) {
      job_.log.add(a.action, a.what, name + (a.where.empty() ? "" : ":" + a.where), a.detail);
    }
    if (out_name != name) job_.log.add("converted", "attachment-name", name, "-> " + out_name);
    result.report.output_name = out_name;
    if (!declared.empty() && declared != "application/octet-stream" &&
        declared != typeInfo(result.output_type).mime) {
      job_.log.add("converted", "attachment-type", name,
                   declared + " -> " + std::string(typeInfo(result.output_type).mime));
    }
    job_.log.addMember(std::move(result.report));
    attachments_.push_back({out_name, std::string(typeInfo(result.output_type).mime),
                            std::move(result.output), result.output_type == FileType::kEml});
    return Status::ok();
  }

  // `name` made unique among the output's attachments the way Windows compares names.
  std::string uniqueName(const std::string& name) {
    std::string candidate = name;
    const size_t dot = name.rfind('.');
    const std::string base = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
    const std::string ext = dot == std::string::npos || dot == 0 ? "" : name.substr(dot);
    for (int n = 2; !names_.insert(archive::collisionKey(candidate)).second; ++n) {
      candidate = base + " (" + std::to_string(n) + ")" + ext;
    }
    return candidate;
  }

  Status dropped(const std::string& name, const Status& why) {
    MemberReport report;
    report.name = name;
    report.input_type = "unknown";
    return droppedReport(std::move(report), why);
  }

  // Whether a refused attachment is an encrypted archive the caller holds for its password.
  bool heldForPassword(const MemberResult& result) const {
    const std::string& type = result.report.input_type;
    return !job_.options.held_attachment_dir.empty() && result.status.reason() == "encrypted" &&
           (type == typeName(FileType::kZip) || type == typeName(FileType::k7z));
  }

  // An encrypted archive (PPAP): written to the held-attachment directory, named by its hash,
  // and reported as removed with the file that holds it.
  Status held(const std::string& data, MemberReport report, const Status& why) {
    const std::string file = "held-" + sha256Hex(asBytes(data));
    SANSO_RETURN_IF_ERROR(writeFile(job_.options.held_attachment_dir + "/" + file, asBytes(data)));
    report = refusedMember(std::move(report), why);
    report.held_file = file;
    job_.log.removed("attachment", report.name, "held until its password is given");
    notice_ += "[sanso] パスワード付きファイルを保留しました / attachment held for its password: " +
               report.name + "\n";
    job_.log.addMember(std::move(report));
    return Status::ok();
  }

  Status droppedReport(MemberReport report, const Status& why) {
    report = refusedMember(std::move(report), why);
    job_.log.removed("attachment", report.name, why.reason());
    notice_ += "[sanso] 添付ファイルを削除しました / attachment removed: " + report.name + " (" +
               why.reason() + ")\n";
    job_.log.addMember(std::move(report));
    if (job_.options.block_archive_on_drop) {
      return Status::blocked("archive-member-refused",
                             "an attachment cannot be sanitized (" + why.reason() + ")");
    }
    return Status::ok();
  }

  ByteView input_;
  Job& job_;
  Nesting nesting_;
  uint64_t members_seen_ = 0;
  uint64_t parts_ = 0;
  uint64_t unnamed_ = 0;
  ParseIssues issues_;
  bool signature_dropped_ = false;
  std::vector<std::string> body_;
  std::string notice_;
  std::vector<OutAttachment> attachments_;
  std::set<std::string> names_;
};

}  // namespace

Result<FileType> sanitizeMessageBytes(ByteView message, Job& job) {
  // The message is the container its attachments nest in (cycle detection hashes it).
  Job inner{message, FileType::kEml,  job.options, job.budget,
            job.log, job.output_path, job.nesting};
  MessageJob run(inner);
  return run.run();
}

Result<FileType> sanitizeMime(Job& job) { return sanitizeMessageBytes(job.input, job); }

}  // namespace sanso::sanitize::mime
