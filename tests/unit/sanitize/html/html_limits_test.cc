// HTML and SVG resource limits: deep nesting on a small stack, parser memory, node counts.
#include <gtest/gtest.h>
#include <pthread.h>

#include <functional>
#include <string>

#include "html/html_sanitizer.h"
#include "svg/svg_sanitizer.h"

namespace sanso::sanitize::html {
namespace {

// AddressSanitizer's redzones make every frame several times larger: the walks bounded by
// max_xml_depth (256 levels) need more than 512 KiB there. The plain build keeps the tight
// bound; the sanitizer build still catches recursion per nesting level of these inputs.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kSmallStack = 8 * 512 * 1024;
#else
constexpr size_t kSmallStack = 512 * 1024;
#endif

// Runs `work` on a thread with a small stack (512 KiB): a parser, writer or destructor that
// recursed once per nesting level would overflow it long before the depth limit is reached.
void onSmallStack(const std::function<void()>& work) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, kSmallStack), 0);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, run, const_cast<std::function<void()>*>(&work)), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(HtmlLimits, DeepNestingIsRefusedWithoutRecursion) {
  // 20 000 nested elements: gumbo builds the tree; freeing it must not recurse (gumbo's own
  // destructor overflows this stack), and the writer stops at max_xml_depth.
  const std::string input = "<p>前</p>" + repeat("<div>", 20000) + "x";
  std::string reason_cdr;
  std::string reason_text;
  onSmallStack([&] {
    Limits limits;
    Budget budget(limits);
    ActionLog log;
    Options options;
    reason_cdr = sanitizeHtmlBytes(asBytes(input), options, budget, log).status().reason();
    reason_text = htmlBytesToText(asBytes(input), options, budget, log).status().reason();
  });
  EXPECT_EQ(reason_cdr, "limit-xml-depth");
  EXPECT_EQ(reason_text, "limit-xml-depth");
}

TEST(HtmlLimits, ParserMemoryIsCappedInsideTheParse) {
  // Formatting elements left open in a closed paragraph are cloned by the tree builder into
  // every later paragraph (distinct attributes defeat the Noah's Ark clause): the tree grows
  // with (formatting elements x paragraphs) while the input grows with their sum.
  std::string input = "<p>";
  for (int i = 0; i < 1000; ++i) input += "<i id=" + std::to_string(i) + ">";
  input += "</p>" + repeat("<p>x</p>", 1000);
  Limits limits;
  limits.max_markup_memory = 8u << 20;
  Budget budget(limits);
  ActionLog log;
  Options options;
  auto result = sanitizeHtmlBytes(asBytes(input), options, budget, log);
  ASSERT_FALSE(result.isOk());
  EXPECT_EQ(result.status().reason(), "limit-markup-memory");
  ASSERT_FALSE(budget.events().empty());
  EXPECT_EQ(budget.events().back().limit, "limit-markup-memory");
  // The arena was freed and a later parse in the same process works.
  Budget fresh(Limits{});
  auto ok = sanitizeHtmlBytes(asBytes(std::string("<p>日本語</p>")), options, fresh, log);
  ASSERT_TRUE(ok.isOk());
  EXPECT_NE(ok->find("<p>日本語</p>"), std::string::npos);
}

TEST(SvgLimits, DeepNestingIsRefusedWithoutRecursion) {
  const std::string input = "<svg xmlns=\"http://www.w3.org/2000/svg\">" +
                            repeat("<g>", 100000) + repeat("</g>", 100000) + "</svg>";
  std::string reason;
  onSmallStack([&] {
    Limits limits;
    Budget budget(limits);
    ActionLog log;
    Options options;
    reason = svg::sanitizeSvgBytes(asBytes(input), options, budget, log).status().reason();
  });
  EXPECT_EQ(reason, "limit-xml-depth");
}

TEST(SvgLimits, ElementCountIsBoundedBeforeParsing) {
  const std::string input =
      "<svg xmlns=\"http://www.w3.org/2000/svg\">" + repeat("<g/>", 1000) + "</svg>";
  Limits limits;
  limits.max_markup_nodes = 100;
  Budget budget(limits);
  ActionLog log;
  Options options;
  EXPECT_EQ(svg::sanitizeSvgBytes(asBytes(input), options, budget, log).status().reason(),
            "limit-markup-nodes");
}

}  // namespace
}  // namespace sanso::sanitize::html
