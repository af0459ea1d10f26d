// Status and Result<T>: the error model on every path that touches untrusted input.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sanso {

enum class StatusCode {
  kOk,
  kInvalidArgument,  // the caller asked for something impossible (usage error)
  kBlocked,          // the input is refused; reason() names why
  kIoError,          // the environment failed (disk, permissions)
  kInternal,         // a bug or an unexpected library failure
  kDenied,           // the caller is not authenticated or not allowed; reason() names why
  kNotFound,         // the thing asked for does not exist (or is not visible to the caller)
};

// A success or a failure with a machine-readable reason slug ("encrypted",
// "limit-expanded-size") and an English message for logs.
class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status ok() { return {}; }
  static Status blocked(std::string reason, std::string message) {
    return Status(StatusCode::kBlocked, std::move(reason), std::move(message));
  }
  static Status invalidArgument(std::string message) {
    return Status(StatusCode::kInvalidArgument, "invalid-argument", std::move(message));
  }
  static Status ioError(std::string message) {
    return Status(StatusCode::kIoError, "io-error", std::move(message));
  }
  static Status internal(std::string message) {
    return Status(StatusCode::kInternal, "internal-error", std::move(message));
  }
  static Status denied(std::string reason, std::string message) {
    return Status(StatusCode::kDenied, std::move(reason), std::move(message));
  }
  static Status notFound(std::string message) {
    return Status(StatusCode::kNotFound, "not-found", std::move(message));
  }

  bool isOk() const { return code_ == StatusCode::kOk; }
  bool isBlocked() const { return code_ == StatusCode::kBlocked; }
  StatusCode code() const { return code_; }
  const std::string& reason() const { return reason_; }
  const std::string& message() const { return message_; }
  // "reason: message", for logs and CLI output.
  std::string toString() const;

 private:
  Status(StatusCode code, std::string reason, std::string message)
      : code_(code), reason_(std::move(reason)), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string reason_;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(data_).isOk());
  }

  bool isOk() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return isOk() ? kOk : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace sanso

// Returns from the enclosing function when `expr` yields a non-ok Status.
#define SANSO_RETURN_IF_ERROR(expr)                  \
  do {                                               \
    ::sanso::Status sanso_status_ = (expr);          \
    if (!sanso_status_.isOk()) return sanso_status_; \
  } while (false)

#define SANSO_CONCAT_INNER_(a, b) a##b
#define SANSO_CONCAT_(a, b) SANSO_CONCAT_INNER_(a, b)
#define SANSO_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.isOk()) return tmp.status();              \
  lhs = std::move(tmp).value()
// Evaluates a Result expression; on failure returns its Status, else assigns the value.
#define SANSO_ASSIGN_OR_RETURN(lhs, expr) \
  SANSO_ASSIGN_OR_RETURN_IMPL_(SANSO_CONCAT_(sanso_result_, __LINE__), lhs, expr)
