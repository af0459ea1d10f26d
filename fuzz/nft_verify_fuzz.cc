// `sanso zones verify` on arbitrary bytes as `nft -j list ruleset` output, against the default
// pack: the JSON reader and the evaluator must refuse or decide, never crash or run away.
#include <cstddef>
#include <cstdint>
#include <string>

#include "sanso/net/nft_verify.h"
#include "sanso/policy/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sanso::policy::PolicyPack pack = [] {
    auto loaded = sanso::policy::loadPack(std::string(SANSO_SOURCE_DIR) + "/" +
                                          sanso::policy::kDefaultPackPath);
    return loaded.isOk() ? *loaded : sanso::policy::PolicyPack{};
  }();
  auto result =
      sanso::net::verifyRuleset(pack, std::string(reinterpret_cast<const char*>(data), size));
  (void)result;
  return 0;
}
