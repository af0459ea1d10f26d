#include "sanso/http/transfer_api.h"

#include <fcntl.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>

#include "json_body.h"
#include "temp_file.h"

namespace sanso::http {
namespace {

using nlohmann::json;

constexpr size_t kMaxNameBytes = 255;
constexpr size_t kMaxIdDigits = 18;
constexpr int kMaxWaitSeconds = 30;
// Uploads up to this size (most office documents) are received into memory, not a file.
constexpr uint64_t kInMemoryUploadBytes = 4ull << 20;

// The `id` query parameter: a positive decimal integer without sign or leading zero.
Result<int64_t> idParam(const Request& request) {
  auto text = queryValue(request.query, "id");
  if (!text || text->empty() || text->size() > kMaxIdDigits || (*text)[0] == '0' ||
      text->find_first_not_of("0123456789") != std::string::npos) {
    return Status::invalidArgument("expected ?id=<positive integer>");
  }
  return static_cast<int64_t>(std::stoll(*text));
}

// The `wait` query parameter: absent or 0-30 (seconds), decimal digits only.
Result<int> waitParam(const Request& request) {
  auto text = queryValue(request.query, "wait");
  if (!text) return 0;
  if (text->empty() || text->size() > 2 ||
      text->find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(*text) > kMaxWaitSeconds) {
    return Status::invalidArgument("expected ?wait=<seconds, 0-30>");
  }
  return std::stoi(*text);
}

// The states a waiting `GET .../item` waits in: the `state` query parameter when present,
// otherwise those the server's own work moves on (uploaded, sanitizing).
Result<std::vector<gateway::TransferState>> waitStates(const Request& request) {
  auto text = queryValue(request.query, "state");
  if (!text)
    return std::vector{gateway::TransferState::kUploaded, gateway::TransferState::kSanitizing};
  auto state = gateway::parseState(*text);
  if (!state) return Status::invalidArgument("unknown state");
  return std::vector{*state};
}

// The `name` query parameter of an upload: decoded, 1-255 bytes, no NUL. The gateway cleans
// it further (last path component, no control or bidi characters, valid UTF-8).
Result<std::string> nameParam(const Request& request) {
  auto name = queryValue(request.query, "name");
  if (!name || name->empty() || name->size() > kMaxNameBytes ||
      name->find('\0') != std::string::npos) {
    return Status::invalidArgument("expected ?name=<percent-encoded file name, 1-255 bytes>");
  }
  return *name;
}

// Stored JSON text as a value; null when empty or unreadable.
json storedJson(const std::string& text) {
  if (text.empty()) return nullptr;
  json value = json::parse(text, nullptr, false);
  return value.is_discarded() ? json(nullptr) : value;
}

json transferJson(const gateway::Transfer& t, bool details) {
  json out = {{"id", t.id},
              {"sender_id", t.sender_id},
              {"from_zone", t.from_zone},
              {"to_zone", t.to_zone},
              {"classification", t.levels},
              {"note", t.note},
              {"state", gateway::stateName(t.state)},
              {"reason", t.reason},
              {"file_name", t.file_name},
              {"size", t.size},
              {"sha256", t.sha256},
              {"file_type", t.file_type},
              {"output_name", t.output_name},
              {"recipients", t.recipients},
              {"max_downloads", t.max_downloads},
              {"downloads", t.downloads},
              {"created_at", t.created_at},
              {"available_at", t.available_at},
              {"expires_at", t.expires_at}};
  if (details) {
    out["report"] = storedJson(t.report_json);
    out["dlp"] = storedJson(t.dlp_json);
    out["decision"] = storedJson(t.decision_json);
  }
  return out;
}

Response transferReply(const Result<gateway::Transfer>& transfer) {
  if (!transfer.isOk()) return errorFromStatus(transfer.status());
  return Response::json(200, transferJson(*transfer, true).dump());
}

// A fresh name under the upload directory: "up-<transfer id>-..." (the gateway's start-up
// recovery tells the sender of a partial upload by that id); nothing else of the client's.
std::string uploadPath(const TransferApiConfig& config, int64_t id) {
  return uniqueFilePath(config.upload_dir, "up-" + std::to_string(id), ".bin");
}

class TransferApi : public std::enable_shared_from_this<TransferApi> {
 public:
  TransferApi(AuthContext& context, gateway::Gateway& gateway, TransferApiConfig config)
      : context_(context), gateway_(gateway), config_(std::move(config)) {}

  Result<gateway::Actor> actor(const Request& request) { return gatewayActor(context_, request); }

  Response create(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    gateway::NewTransfer order;
    order.to_zone = stringField(*body, "to_zone");
    order.note = stringField(*body, "note");
    auto recipients = body->find("recipients");
    auto levels = body->find("classification");
    auto max_downloads = body->find("max_downloads");
    if (recipients == body->end() || !recipients->is_array() ||
        (levels != body->end() && !levels->is_object()) ||
        (max_downloads != body->end() && !max_downloads->is_number_integer())) {
      return errorFromStatus(Status::invalidArgument(
          "expected recipients: [login...], classification: {dimension: level}"));
    }
    for (const json& login : *recipients) {
      auto user = login.is_string() ? context_.accounts.userByLogin(login.get<std::string>())
                                    : Result<auth::User>(Status::notFound("not a login"));
      if (!user.isOk()) return errorFromStatus(Status::invalidArgument("unknown recipient"));
      order.recipients.push_back(user->id);
    }
    if (levels != body->end()) {
      for (const auto& [dimension, level] : levels->items()) {
        if (!level.is_string()) {
          return errorFromStatus(Status::invalidArgument("classification levels are strings"));
        }
        order.levels[dimension] = level.get<std::string>();
      }
    }
    if (max_downloads != body->end()) order.max_downloads = max_downloads->get<int64_t>();
    return transferReply(gateway_.create(*who, order));
  }

  // Refuses the body before a byte of it is stored unless the caller may upload it now.
  std::pair<BodyPolicy, std::unique_ptr<Response>> admitContent(const Request& head) {
    auto who = actor(head);
    Status refused = who.status();
    auto id = idParam(head);
    if (refused.isOk()) refused = id.status();
    if (refused.isOk()) refused = nameParam(head).status();
    if (refused.isOk()) refused = gateway_.mayUpload(*who, *id);
    if (!refused.isOk()) {
      return {BodyPolicy{}, std::make_unique<Response>(errorFromStatus(refused))};
    }
    BodyPolicy policy;
    policy.mode = BodyMode::kFile;
    policy.limit = config_.max_upload_bytes;
    policy.file = uploadPath(config_, *id);
    policy.memory_limit = kInMemoryUploadBytes;
    return {policy, nullptr};
  }

  Response content(Request& request) {
    RemoveOnExit remove(request.body_in_memory ? std::string() : request.body_file);
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto id = idParam(request);
    if (!id.isOk()) return errorFromStatus(id.status());
    auto name = nameParam(request);
    if (!name.isOk()) return errorFromStatus(name.status());
    if (request.body_file.empty()) return errorFromStatus(Status::invalidArgument("no body"));
    return transferReply(gateway_.upload(*who, *id, request.body_file, *name));
  }

  Response list(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto box = queryValue(request.query, "box");
    Result<std::vector<gateway::Transfer>> transfers =
        Status::invalidArgument("expected ?box=sent|inbox|approvals");
    if (box == "sent") transfers = gateway_.sent(*who);
    if (box == "inbox") transfers = gateway_.inbox(*who);
    if (box == "approvals") transfers = gateway_.pendingApprovals(*who);
    if (!transfers.isOk()) return errorFromStatus(transfers.status());
    json items = json::array();
    for (const auto& transfer : *transfers) items.push_back(transferJson(transfer, false));
    return Response::json(200, json({{"transfers", items}}).dump());
  }

  Response item(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto id = idParam(request);
    if (!id.isOk()) return errorFromStatus(id.status());
    auto wait = waitParam(request);
    if (!wait.isOk()) return errorFromStatus(wait.status());
    auto states = waitStates(request);
    if (!states.isOk()) return errorFromStatus(states.status());
    if (*wait == 0) return transferReply(gateway_.get(*who, *id));
    Response placeholder = Response::json(200, "");
    placeholder.deferred =
        std::make_shared<ItemWait>(shared_from_this(), request, *who, *id, std::move(*states),
                                   std::chrono::steady_clock::now() + std::chrono::seconds(*wait));
    return placeholder;
  }

  Response timeline(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto id = idParam(request);
    if (!id.isOk()) return errorFromStatus(id.status());
    auto events = gateway_.timeline(*who, *id);
    if (!events.isOk()) return errorFromStatus(events.status());
    json items = json::array();
    for (const auto& event : *events) {
      items.push_back({{"at", event.at},
                       {"state", gateway::stateName(event.state)},
                       {"actor", event.actor},
                       {"message", event.message}});
    }
    return Response::json(200, json({{"events", items}}).dump());
  }

  Response decide(Request& request, bool approve) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto id = idParam(request);
    if (!id.isOk()) return errorFromStatus(id.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    const std::string comment = stringField(*body, "comment");
    Status status =
        approve ? gateway_.approve(*who, *id, comment) : gateway_.reject(*who, *id, comment);
    if (!status.isOk()) return errorFromStatus(status);
    // The approver's view ends with the decision: the answer carries no transfer.
    return Response::json(200, "{}");
  }

  Response download(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto id = idParam(request);
    if (!id.isOk()) return errorFromStatus(id.status());
    auto file = gateway_.download(*who, *id);
    if (!file.isOk()) return errorFromStatus(file.status());
    return fileAttachment(std::move(file->fd), file->name);
  }

  Response release(Request& request) {
    auto who = actor(request);
    if (!who.isOk()) return errorFromStatus(who.status());
    auto id = idParam(request);
    if (!id.isOk()) return errorFromStatus(id.status());
    auto body = parseObject(request.body);
    if (!body) return errorFromStatus(Status::invalidArgument("expected a JSON object"));
    auto original = gateway_.releaseOriginal(*who, *id, stringField(*body, "reason"));
    if (!original.isOk()) return errorFromStatus(original.status());
    // The open descriptor outlives the temporary file, which goes with `original`.
    store::UniqueFd fd(::open(original->path().c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd.valid()) return errorFromStatus(Status::ioError("cannot open the released original"));
    return fileAttachment(std::move(fd), original->name());
  }

 private:
  // `GET .../item?wait=`: answers once the transfer is in none of `states` (or is not
  // visible), at the deadline, or when the server stops; no thread waits meanwhile.
  class ItemWait : public Deferred {
   public:
    ItemWait(std::shared_ptr<TransferApi> api, Request request, gateway::Actor who, int64_t id,
             std::vector<gateway::TransferState> states,
             std::chrono::steady_clock::time_point deadline)
        : Deferred(deadline),
          api_(std::move(api)),
          request_(std::move(request)),
          who_(std::move(who)),
          id_(id),
          states_(std::move(states)) {}

    bool subscribe(std::function<void()> wake) override {
      subscription_ = api_->gateway_.watch().watch(id_, std::move(wake));
      return subscription_.active();
    }

    std::optional<Response> poll(bool last) override {
      auto transfer = api_->gateway_.get(who_, id_);
      const bool waiting = transfer.isOk() && std::find(states_.begin(), states_.end(),
                                                        transfer->state) != states_.end();
      if (waiting && !last) {
        waited_ = true;
        return std::nullopt;
      }
      if (waited_) {
        // The session may have ended (logout, disabled user) while it waited.
        auto again = api_->actor(request_);
        if (!again.isOk()) return errorFromStatus(again.status());
      }
      return transferReply(transfer);
    }

   private:
    std::shared_ptr<TransferApi> api_;
    Request request_;
    gateway::Actor who_;
    int64_t id_;
    std::vector<gateway::TransferState> states_;
    gateway::TransferWatch::Subscription subscription_;
    bool waited_ = false;
  };

  AuthContext& context_;
  gateway::Gateway& gateway_;
  const TransferApiConfig config_;
};

// RFC 5987 attr-char: ASCII letters, digits and !#$&+-.^_`|~.
bool isAttrChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (c != 0 &&
          std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos);
}

}  // namespace

std::string contentDispositionFor(const std::string& name) {
  std::string fallback;
  std::string encoded;
  for (unsigned char c : name) {
    const bool plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' && c != '%';
    fallback += plain ? static_cast<char>(c) : '_';
    if (isAttrChar(c)) {
      encoded += static_cast<char>(c);
    } else {
      char escape[4];
      std::snprintf(escape, sizeof escape, "%%%02X", c);
      encoded += escape;
    }
  }
  if (fallback.empty()) fallback = "download";
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

Result<gateway::Actor> gatewayActor(AuthContext& context, const Request& request) {
  SANSO_ASSIGN_OR_RETURN(Caller caller, authenticate(context, request));
  return gateway::Actor{caller.user.id, request.zone};
}

Response fileAttachment(store::UniqueFd fd, const std::string& name) {
  Response response;
  response.file_fd = std::make_shared<store::UniqueFd>(std::move(fd));
  response.headers.emplace_back("Content-Type", "application/octet-stream");
  response.headers.emplace_back("Content-Disposition", contentDispositionFor(name));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return response;
}

void addTransferRoutes(Router& router, AuthContext& context, gateway::Gateway& gateway,
                       const TransferApiConfig& config) {
  auto api = std::make_shared<TransferApi>(context, gateway, config);
  const std::string base = "/api/v1/transfers";
  router.add(
      "POST", base, [api](Request& r) { return api->create(r); }, jsonAdmission());
  router.add(
      "PUT", base + "/content", [api](Request& r) { return api->content(r); },
      [api](const Request& head) { return api->admitContent(head); });
  router.add("GET", base, [api](Request& r) { return api->list(r); });
  router.add("GET", base + "/item", [api](Request& r) { return api->item(r); });
  router.add("GET", base + "/timeline", [api](Request& r) { return api->timeline(r); });
  router.add(
      "POST", base + "/approve", [api](Request& r) { return api->decide(r, true); },
      jsonAdmission());
  router.add(
      "POST", base + "/reject", [api](Request& r) { return api->decide(r, false); },
      jsonAdmission());
  router.add("GET", base + "/download", [api](Request& r) { return api->download(r); });
  router.add(
      "POST", base + "/release", [api](Request& r) { return api->release(r); }, jsonAdmission());
}

}  // namespace sanso::http
