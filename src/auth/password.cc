#include "sanso/auth/password.h"

#include <sodium.h>

#include <condition_variable>
#include <mutex>

namespace sanso::auth {
namespace {

constexpr int kConcurrentHashes = 2;

// Counts hashes in progress; callers beyond the bound wait.
class HashSlots {
 public:
  void acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    available_.wait(lock, [this] { return running_ < kConcurrentHashes; });
    ++running_;
  }
  void release() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --running_;
    }
    available_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable available_;
  int running_ = 0;
};

HashSlots& slots() {
  static HashSlots instance;
  return instance;
}

class SlotGuard {
 public:
  SlotGuard() { slots().acquire(); }
  ~SlotGuard() { slots().release(); }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;
};

bool sodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

Status checkPasswordRules(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    return Status::invalidArgument("password must have at least " +
                                   std::to_string(kMinPasswordLength) + " characters");
  }
  if (password.size() > kMaxPasswordLength) return Status::invalidArgument("password too long");
  for (unsigned char c : password) {
    if (c < 0x20 || c == 0x7f) return Status::invalidArgument("password has control characters");
  }
  return Status::ok();
}

Result<std::string> hashPassword(const std::string& password) {
  if (!sodiumReady()) return Status::internal("libsodium failed to initialise");
  char encoded[crypto_pwhash_STRBYTES];
  SlotGuard slot;
  if (crypto_pwhash_str_alg(encoded, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::internal("out of memory while hashing a password");
  }
  return std::string(encoded);
}

bool verifyPassword(const std::string& encoded, const std::string& password) {
  if (!sodiumReady() || encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  SlotGuard slot;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

void burnPasswordCheck(const std::string& password) {
  static const std::string dummy = [] {
    auto hash = hashPassword("sanso-timing-equaliser");
    return hash.isOk() ? *hash : std::string();
  }();
  (void)verifyPassword(dummy, password);
}

}  // namespace sanso::auth
