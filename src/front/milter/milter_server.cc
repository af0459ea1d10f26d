#include "sanso/milter/milter_server.h"

#include <libmilter/mfapi.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <new>

#include "sanso/common/ascii.h"
#include "spool.h"

namespace sanso::milter {
namespace {

// libmilter calls plain C functions for one filter per process: the processor is global.
const MessageProcessor* g_processor = nullptr;

constexpr size_t kBodyChunk = 64 * 1024;

// One message between MAIL FROM and the end of the data.
struct Message {
  std::unique_ptr<MessageSpool> spool;
  MessageInfo info;
  // Original fields that the inbound verdict replaces: lower-case name -> (name, count).
  std::map<std::string, std::pair<std::string, int>> replaced;
  bool failed = false;  // spooling failed: tempfail at the end
  bool too_large = false;
};

// The state of one SMTP connection, owned through libmilter's private pointer.
struct Session {
  std::unique_ptr<Message> message;
};

Session* session(SMFICTX* ctx) { return static_cast<Session*>(smfi_getpriv(ctx)); }

Message* message(SMFICTX* ctx) {
  Session* s = session(ctx);
  return s == nullptr ? nullptr : s->message.get();
}

// libmilter treats '%' in reply text as a format character.
std::string replyText(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c != '%') out.push_back(c);
  }
  return out;
}

sfsistat answer(SMFICTX* ctx, const MilterVerdict& verdict) {
  switch (verdict.kind) {
    case MilterVerdict::Kind::kAccept:
    case MilterVerdict::Kind::kReplace:
    case MilterVerdict::Kind::kQuarantine:
      return SMFIS_ACCEPT;
    case MilterVerdict::Kind::kReject:
      smfi_setreply(ctx, const_cast<char*>(verdict.rcode.c_str()),
                    const_cast<char*>(verdict.xcode.c_str()),
                    const_cast<char*>(replyText(verdict.reply).c_str()));
      return SMFIS_REJECT;
    case MilterVerdict::Kind::kTempfail:
      break;
  }
  MilterVerdict fail;
  smfi_setreply(ctx, const_cast<char*>(fail.rcode.c_str()), const_cast<char*>(fail.xcode.c_str()),
                const_cast<char*>(fail.reply.c_str()));
  return SMFIS_TEMPFAIL;
}

// Records the message and answers; a message that cannot be recorded is not passed.
sfsistat finish(SMFICTX* ctx, Message& m, MilterVerdict verdict) {
  if (Status st = g_processor->audit(verdict, m.info); !st.isOk()) {
    std::fprintf(stderr, "sanso milter: audit: %s\n", st.toString().c_str());
    return answer(ctx, MilterVerdict{});
  }
  return answer(ctx, verdict);
}

// Applies a kReplace or kQuarantine verdict to the message in the MTA.
bool apply(SMFICTX* ctx, const Message& m, const MilterVerdict& verdict) {
  if (verdict.kind == MilterVerdict::Kind::kQuarantine) {
    return smfi_quarantine(ctx, const_cast<char*>(verdict.quarantine_reason.c_str())) == MI_SUCCESS;
  }
  if (verdict.kind != MilterVerdict::Kind::kReplace) return true;
  for (const auto& [key, field] : m.replaced) {
    for (int index = field.second; index >= 1; --index) {
      if (smfi_chgheader(ctx, const_cast<char*>(field.first.c_str()), index, nullptr) !=
          MI_SUCCESS) {
        return false;
      }
    }
  }
  for (const HeaderField& field : verdict.add_fields) {
    if (smfi_addheader(ctx, const_cast<char*>(field.name.c_str()),
                       const_cast<char*>(field.value.c_str())) != MI_SUCCESS) {
      return false;
    }
  }
  const std::string& body = verdict.body;
  for (size_t pos = 0; pos < body.size(); pos += kBodyChunk) {
    const size_t n = std::min(kBodyChunk, body.size() - pos);
    auto* data = reinterpret_cast<unsigned char*>(const_cast<char*>(body.data() + pos));
    if (smfi_replacebody(ctx, data, static_cast<int>(n)) != MI_SUCCESS) return false;
  }
  return true;
}

// Spools `data`; on the size limit or an I/O error marks the message.
bool spool(Message& m, std::string_view data) {
  if (m.too_large || m.failed) return false;
  if (m.spool->size() + data.size() > g_processor->config().max_message_bytes) {
    m.too_large = true;
    return false;
  }
  if (!m.spool->append(data)) m.failed = true;
  return !m.failed;
}

// The answer for a message that stopped spooling early.
sfsistat spoolFailure(SMFICTX* ctx, Message& m) {
  m.info.size = m.spool->size();
  if (m.too_large) return finish(ctx, m, g_processor->tooLarge());
  MilterVerdict fail;
  fail.audit["reason"] = "spool-failed";
  return finish(ctx, m, fail);
}

sfsistat onConnect(SMFICTX* ctx, char*, _SOCK_ADDR*) {
  auto* s = new (std::nothrow) Session();
  if (s == nullptr) return SMFIS_TEMPFAIL;
  smfi_setpriv(ctx, s);
  return SMFIS_CONTINUE;
}

sfsistat onEnvFrom(SMFICTX* ctx, char** argv) {
  Session* s = session(ctx);
  if (s == nullptr) return SMFIS_TEMPFAIL;
  s->message = std::make_unique<Message>();
  if (argv != nullptr && argv[0] != nullptr) {
    s->message->info.sender = printableAscii(argv[0], 998);
  }
  auto created = MessageSpool::create(g_processor->spoolDir());
  if (!created.isOk()) {
    std::fprintf(stderr, "sanso milter: %s\n", created.status().toString().c_str());
    s->message.reset();
    return SMFIS_TEMPFAIL;
  }
  s->message->spool = std::move(*created);
  return SMFIS_CONTINUE;
}

sfsistat onEnvRcpt(SMFICTX* ctx, char** argv) {
  Message* m = message(ctx);
  if (m == nullptr) return SMFIS_TEMPFAIL;
  if (argv != nullptr && argv[0] != nullptr && m->info.recipients.size() < kMaxEnvelopeRecipients) {
    m->info.recipients.push_back(printableAscii(argv[0], 998));
  }
  return SMFIS_CONTINUE;
}

sfsistat onHeader(SMFICTX* ctx, char* name, char* value) {
  Message* m = message(ctx);
  if (m == nullptr) return SMFIS_TEMPFAIL;
  std::string line = std::string(name) + ": ";
  for (const char* p = value; *p != '\0'; ++p) {
    if (*p == '\n' && (p == value || p[-1] != '\r')) line.push_back('\r');
    line.push_back(*p);
  }
  line += "\r\n";
  if (!spool(*m, line)) return spoolFailure(ctx, *m);
  const std::string key = lowerAscii(name);
  if (isReplacedField(key)) {
    auto& entry = m->replaced[key];
    if (entry.first.empty()) entry.first = name;
    ++entry.second;
  }
  if (key == "message-id" && m->info.message_id.empty()) {
    m->info.message_id = printableAscii(value, 250);
  }
  if (key == "subject" && m->info.subject.empty()) {
    m->info.subject = std::string(value).substr(0, kMaxSubjectBytes);
  }
  return SMFIS_CONTINUE;
}

sfsistat onEndOfHeaders(SMFICTX* ctx) {
  Message* m = message(ctx);
  if (m == nullptr) return SMFIS_TEMPFAIL;
  if (!spool(*m, "\r\n")) return spoolFailure(ctx, *m);
  return SMFIS_CONTINUE;
}

sfsistat onBody(SMFICTX* ctx, unsigned char* data, size_t length) {
  Message* m = message(ctx);
  if (m == nullptr) return SMFIS_TEMPFAIL;
  if (!spool(*m, std::string_view(reinterpret_cast<const char*>(data), length))) {
    return spoolFailure(ctx, *m);
  }
  return SMFIS_CONTINUE;
}

sfsistat onEndOfMessage(SMFICTX* ctx) {
  Session* s = session(ctx);
  if (s == nullptr || !s->message) return SMFIS_TEMPFAIL;
  std::unique_ptr<Message> m = std::move(s->message);
  if (const char* queue_id = smfi_getsymval(ctx, const_cast<char*>("i"))) {
    m->info.queue_id = queue_id;
  }
  m->info.size = m->spool->size();
  if (!m->spool->finish()) m->failed = true;
  if (m->failed || m->too_large) return spoolFailure(ctx, *m);
  MilterVerdict verdict = g_processor->process(m->spool->messagePath(), m->spool->dir(), m->info);
  if (!apply(ctx, *m, verdict)) {
    MilterVerdict fail;
    fail.audit = verdict.audit;
    fail.audit["reason"] = "milter-modification-failed";
    return finish(ctx, *m, fail);
  }
  return finish(ctx, *m, std::move(verdict));
}

sfsistat onAbort(SMFICTX* ctx) {
  if (Session* s = session(ctx)) s->message.reset();
  return SMFIS_CONTINUE;
}

sfsistat onClose(SMFICTX* ctx) {
  delete session(ctx);
  smfi_setpriv(ctx, nullptr);
  return SMFIS_CONTINUE;
}

}  // namespace

Status runMilter(const MessageProcessor& processor) {
  if (g_processor != nullptr) return Status::internal("runMilter: one filter per process");
  g_processor = &processor;
  SANSO_RETURN_IF_ERROR(resetSpoolDir(processor.spoolDir()));
  static smfiDesc description{};
  description.xxfi_name = const_cast<char*>("sanso");
  description.xxfi_version = SMFI_VERSION;
  description.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_CHGBODY | SMFIF_QUARANTINE;
  description.xxfi_connect = onConnect;
  description.xxfi_envfrom = onEnvFrom;
  description.xxfi_envrcpt = onEnvRcpt;
  description.xxfi_header = onHeader;
  description.xxfi_eoh = onEndOfHeaders;
  description.xxfi_body = onBody;
  description.xxfi_eom = onEndOfMessage;
  description.xxfi_abort = onAbort;
  description.xxfi_close = onClose;
  if (smfi_setconn(const_cast<char*>(processor.config().socket.c_str())) != MI_SUCCESS) {
    return Status::invalidArgument("libmilter refuses the socket " + processor.config().socket);
  }
  if (smfi_register(description) != MI_SUCCESS) {
    return Status::internal("libmilter: smfi_register failed");
  }
  // Bind now, so that a taken port is reported before serving starts.
  if (smfi_opensocket(1) != MI_SUCCESS) {
    return Status::ioError("cannot listen on " + processor.config().socket);
  }
  std::printf("sanso milter: %s on %s\n", directionName(processor.config().direction),
              processor.config().socket.c_str());
  std::fflush(stdout);
  if (smfi_main() != MI_SUCCESS) return Status::internal("libmilter: smfi_main failed");
  return Status::ok();
}

}  // namespace sanso::milter
