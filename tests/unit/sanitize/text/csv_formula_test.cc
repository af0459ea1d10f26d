// neutralizeFormulas() streaming to a ByteSink: the bytes neutralizeCsvFormulas() returns,
// where the first cell is, and a failed write stops it.
#include <gtest/gtest.h>

#include <vector>

#include "text/csv.h"
#include "text/text_sanitizer.h"

namespace sanso::sanitize::text {
namespace {

// Records each write; fails the write numbered `fail_at` (0-based) and counts later calls.
class RecordingSink : public ByteSink {
 public:
  explicit RecordingSink(size_t fail_at = SIZE_MAX) : fail_at_(fail_at) {}

  Status write(std::string_view bytes) override {
    if (writes_++ == fail_at_) return Status::ioError("disk full");
    if (writes_ > fail_at_) return Status::internal("written after a failure");
    pieces_.emplace_back(bytes);
    return Status::ok();
  }

  std::string joined() const {
    std::string out;
    for (const auto& piece : pieces_) out += piece;
    return out;
  }
  size_t writes() const { return writes_; }

 private:
  size_t fail_at_;
  size_t writes_ = 0;
  std::vector<std::string> pieces_;
};

TEST(CsvFormulaStream, WritesTheNeutralizedTextAndWhereItStarts) {
  const std::string csv =
      "id,\"note\",total\r\n"
      "1,\"=HYPERLINK(\"\"http://x\"\")\",-12.5\r\n"
      "2, @SUM(A1),\"multi\n=line\"\r\n";
  RecordingSink sink;
  FormulaStats stats;
  ASSERT_TRUE(neutralizeFormulas(csv, ',', sink, stats).isOk());
  EXPECT_EQ(sink.joined(),
            "id,\"note\",total\r\n"
            "1,\"'=HYPERLINK(\"\"http://x\"\")\",-12.5\r\n"
            "2,' @SUM(A1),\"multi\n=line\"\r\n");
  EXPECT_EQ(stats.cells, 2u);
  EXPECT_EQ(stats.first_row, 2u);
  EXPECT_EQ(stats.first_column, 2u);
  uint64_t changed = 0;
  EXPECT_EQ(neutralizeCsvFormulas(csv, ',', changed), sink.joined());
  EXPECT_EQ(changed, 2u);
}

TEST(CsvFormulaStream, EmptyTextWritesNothing) {
  RecordingSink sink;
  FormulaStats stats;
  ASSERT_TRUE(neutralizeFormulas("", ',', sink, stats).isOk());
  EXPECT_EQ(sink.joined(), "");
  EXPECT_EQ(stats.cells, 0u);
}

TEST(CsvFormulaStream, StopsAtTheFirstFailedWrite) {
  const std::string csv = "=1,=2,=3,=4\n";
  RecordingSink counting;
  FormulaStats all;
  ASSERT_TRUE(neutralizeFormulas(csv, ',', counting, all).isOk());
  for (size_t fail_at = 0; fail_at < counting.writes(); ++fail_at) {
    RecordingSink sink(fail_at);
    FormulaStats stats;
    Status status = neutralizeFormulas(csv, ',', sink, stats);
    EXPECT_EQ(status.code(), StatusCode::kIoError) << fail_at;
    EXPECT_EQ(sink.writes(), fail_at + 1) << "wrote on after a failure";
  }
}

}  // namespace
}  // namespace sanso::sanitize::text
