#include "sanso/auth/totp.h"

#include <gtest/gtest.h>

namespace sanso::auth {
namespace {

std::vector<uint8_t> rfcSecret() {
  std::string ascii = "12345678901234567890";  // RFC 6238 appendix B, SHA-1
  return {ascii.begin(), ascii.end()};
}

TEST(Totp, MatchesTheRfc6238Vectors) {
  // The RFC's 8-digit values, last six digits.
  EXPECT_EQ(totpCode(rfcSecret(), 59), "287082");
  EXPECT_EQ(totpCode(rfcSecret(), 1111111109), "081804");
  EXPECT_EQ(totpCode(rfcSecret(), 1234567890), "005924");
  EXPECT_EQ(totpCode(rfcSecret(), 2000000000), "279037");
}

TEST(Totp, AcceptsOneStepOfDriftAndNeverTheSameStepTwice) {
  const time_t now = 1700000000;
  auto step = verifyTotp(rfcSecret(), totpCode(rfcSecret(), now - 30), now, 0);
  ASSERT_TRUE(step.isOk()) << step.status().toString();
  EXPECT_EQ(*step, now / 30 - 1);
  EXPECT_FALSE(verifyTotp(rfcSecret(), totpCode(rfcSecret(), now - 90), now, 0).isOk());
  auto again = verifyTotp(rfcSecret(), totpCode(rfcSecret(), now), now, now / 30);
  ASSERT_FALSE(again.isOk());
  EXPECT_EQ(again.status().reason(), "totp-replayed");
  for (std::string bad : {"", "12345", "1234567", "12a456", " 12345"}) {
    EXPECT_FALSE(verifyTotp(rfcSecret(), bad, now, 0).isOk()) << bad;
  }
}

TEST(Totp, EnrolmentMaterial) {
  EXPECT_EQ(base32({'f', 'o', 'o', 'b', 'a', 'r'}), "MZXW6YTBOI");  // RFC 4648 vector
  auto secret = newTotpSecret();
  EXPECT_EQ(secret.size(), kTotpSecretBytes);
  EXPECT_NE(secret, newTotpSecret());
  std::string uri = otpauthUri("宗像市 sanso", "taro.yamada", secret);
  EXPECT_EQ(uri.rfind("otpauth://totp/%E5%AE%97%E5%83%8F%E5%B8%82%20sanso:taro.yamada?secret=", 0),
            0u)
      << uri;
  auto svg = qrCodeSvg(uri);
  ASSERT_TRUE(svg.isOk());
  EXPECT_EQ(svg->rfind("<svg ", 0), 0u);
  EXPECT_NE(svg->find("h1v1h-1z"), std::string::npos);
}

}  // namespace
}  // namespace sanso::auth
