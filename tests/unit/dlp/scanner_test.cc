// Scanner as a whole: all detectors together, limits, the findings cap, threads, 10 MB inputs.
#include "sanso/dlp/scanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <thread>

#include "dlp_test_util.h"

namespace sanso::dlp {
namespace {

using namespace testing;  // NOLINT(google-build-using-namespace)

ScannerConfig everything() {
  ScannerConfig config;
  config.patterns = {
      {"kw-kojin", "個人情報", PatternKind::kKeyword, "個人情報", false},
      {"re-phone", "電話番号", PatternKind::kRegex, "0\\d{1,4}-\\d{1,4}-\\d{4}", false},
  };
  return config;
}

TEST(DlpScanner, AllDetectorsTogetherInOffsetOrder) {
  Scanner scanner = makeScanner(everything());
  const std::string text =
      "【個人情報】\n個人番号 9832-0567-3214\n法人番号 7000012050002\n"
      "カード ４１１１ １１１１ １１１１ １１１１\n電話 03-1234-5678\n";
  Result<ScanResult> result = scanner.scan(text);
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  std::vector<std::string> detectors;
  std::vector<uint64_t> lines;
  for (const Finding& f : result->findings) {
    detectors.push_back(f.detector);
    lines.push_back(f.line);
  }
  EXPECT_EQ(detectors, (std::vector<std::string>{"kw-kojin", "my-number", "corporate-number",
                                                 "card-number", "re-phone"}));
  EXPECT_EQ(lines, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(result->hit());
  EXPECT_EQ(result->omittedFindings(), 0u);
}

TEST(DlpScanner, DatesPostalCodesPhonesAndAmountsAreNotNumbers) {
  Scanner scanner = makeScanner();
  Result<ScanResult> result = scanner.scan(
      "令和8年4月1日 2026-04-01 〒811-3492 宗像市東郷1丁目1番1号 0940-36-1121 "
      "090-1234-5678 +81-90-1234-5678 予算 1,234,567,890,123円 3.14159265358979");
  ASSERT_TRUE(result.isOk());
  EXPECT_FALSE(result->hit()) << result->findings.at(0).detector;
}

TEST(DlpScanner, InputSizeLimitFailsClosed) {
  Scanner scanner = makeScanner(everything());
  ScanLimits limits;
  limits.max_input_bytes = 100;
  Result<ScanResult> result = scanner.scan(std::string(101, 'a'), limits);
  ASSERT_FALSE(result.isOk());
  EXPECT_TRUE(result.status().isBlocked());
  EXPECT_EQ(result.status().reason(), "limit-dlp-input");
  EXPECT_TRUE(scanner.scan(std::string(100, 'a'), limits).isOk());
}

TEST(DlpScanner, FindingsCapKeepsTheFirstAndCountsTheRest) {
  Scanner scanner = makeScanner(everything());
  std::string text;
  for (int i = 0; i < 500; ++i) text += "個人情報 983205673214\n";
  ScanLimits limits;
  limits.max_findings = 10;
  Result<ScanResult> result = scanner.scan(text, limits);
  ASSERT_TRUE(result.isOk());
  EXPECT_EQ(result->total_findings, 1000u);
  ASSERT_EQ(result->findings.size(), 10u);
  EXPECT_EQ(result->omittedFindings(), 990u);
  EXPECT_EQ(result->findings.back().line, 5u);
  for (const Finding& f : result->findings) EXPECT_FALSE(f.masked.empty());

  limits.max_findings = 0;
  result = scanner.scan(text, limits);
  ASSERT_TRUE(result.isOk());
  EXPECT_EQ(result->total_findings, 1000u);
  EXPECT_TRUE(result->findings.empty());
}

TEST(DlpScanner, SharedByEightThreads) {
  Scanner scanner = makeScanner(everything());
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      for (int i = 0; i < 200; ++i) {
        std::string number = randomMyNumber(rng);
        std::string text = std::string(static_cast<size_t>(i % 37), 'x') + "個人情報 " + number;
        Result<ScanResult> result = scanner.scan(text);
        bool ok = result.isOk() && result->findings.size() == 2 &&
                  result->findings[0].offset == static_cast<uint64_t>(i % 37) &&
                  result->findings[1].detector == "my-number" &&
                  result->findings[1].masked == number.substr(0, 4) + "********";
        if (!ok) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures, std::vector<int>(8, 0));
}

TEST(DlpScanner, TenMegabytesOfTextFindEveryPlantedNumber) {
  Scanner scanner = makeScanner(everything());
  const std::string filler =
      "令和8年度 予算資料 2026-04-01 担当 03-1234-5678 金額 1,234,567円 No.12345678 ";
  std::string text;
  size_t planted = 0;
  while (text.size() < (10u << 20)) {
    text += filler;
    if (text.size() / filler.size() % 100 == 0) {
      text += " 983205673214\n";
      ++planted;
    }
  }
  ScanLimits limits;
  limits.max_findings = 1'000'000;
  Result<ScanResult> result = scanner.scan(text, limits);
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  size_t my_numbers = 0;
  for (const Finding& f : result->findings) my_numbers += f.detector == "my-number";
  EXPECT_EQ(my_numbers, planted);
}

// Quadratic behaviour would make 8x the text cost 64x the work; linear costs about 8x. The
// work is the thread's CPU time (other load on the machine does not count), best of three.
TEST(DlpScanner, PathologicalDigitTextStaysLinear) {
  Scanner scanner = makeScanner(everything());
  auto threadCpuSeconds = [] {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
  };
  auto scanCost = [&](const std::string& unit, size_t bytes) {
    std::string text;
    while (text.size() < bytes) text += unit;
    double best = 1e9;
    for (int pass = 0; pass < 3; ++pass) {
      double start = threadCpuSeconds();
      Result<ScanResult> result = scanner.scan(text);
      best = std::min(best, threadCpuSeconds() - start);
      EXPECT_TRUE(result.isOk()) << unit;
      if (result.isOk()) {
        EXPECT_EQ(result->total_findings, 0u) << unit;
      }
    }
    return best;
  };
  for (const std::string& unit :
       std::vector<std::string>{std::string("1"), std::string("1 "), std::string("1-"),
                                std::string("1234 "), std::string("1,")}) {
    double small = std::max(scanCost(unit, 512u << 10), 1e-4);
    double large = scanCost(unit, 4u << 20);
    EXPECT_LT(large / small, 24.0) << "'" << unit << "': " << small << " s vs " << large << " s";
  }
}

}  // namespace
}  // namespace sanso::dlp
