#include "sanso/http/router.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_util.h"

namespace sanso::http {
namespace {

class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.file("web/assets"));
    test::writeFileOrDie(dir_.file("web/index.html"), "<html>ui</html>");
    test::writeFileOrDie(dir_.file("web/assets/app.js"), "js");
    test::writeFileOrDie(dir_.file("secret.txt"), "secret");
    std::filesystem::create_symlink(dir_.file("secret.txt"), dir_.file("web/link.txt"));
    root_ = dir_.file("web");
  }
  test::TempDir dir_;
  std::string root_;
};

TEST_F(StaticFiles, ServesOnlyPlainPathsInsideTheRoot) {
  EXPECT_EQ(staticFileFor(root_, "/"), root_ + "/index.html");
  EXPECT_EQ(staticFileFor(root_, "/assets/app.js"), root_ + "/assets/app.js");
  EXPECT_EQ(staticFileFor(root_, "/transfers/123"), root_ + "/index.html");  // UI route
  EXPECT_EQ(staticFileFor(root_, "/../secret.txt"), "");
  EXPECT_EQ(staticFileFor(root_, "/assets/../../secret.txt"), "");
  EXPECT_EQ(staticFileFor(root_, "/%2e%2e/secret.txt"), "");
  EXPECT_EQ(staticFileFor(root_, "/assets\\..\\x.js"), "");
  EXPECT_EQ(staticFileFor(root_, "/.env"), "");
  EXPECT_EQ(staticFileFor(root_, "/link.txt"), "");  // symbolic link out of the root
  EXPECT_EQ(staticFileFor(root_, "/missing.js"), "");
  EXPECT_EQ(staticFileFor(root_, "relative"), "");
  EXPECT_EQ(staticFileFor("", "/"), "");
}

TEST(Router, RoutesApiCallsAndAddsSecurityHeaders) {
  Router router("");
  router.add("GET", "/api/v1/ping",
             [](Request& r) { return Response::json(200, "\"" + r.zone + "\""); });
  Request request;
  request.zone = "lgwan";
  request.method = "GET";
  request.path = "/api/v1/ping";
  Response ok = router.handle(request);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "\"lgwan\"");
  bool nosniff = false;
  bool no_store = false;
  for (const auto& [name, value] : ok.headers) {
    nosniff = nosniff || (name == "X-Content-Type-Options" && value == "nosniff");
    no_store = no_store || (name == "Cache-Control" && value == "no-store");
  }
  EXPECT_TRUE(nosniff);
  EXPECT_TRUE(no_store);
  request.method = "POST";
  EXPECT_EQ(router.handle(request).status, 405);
  request.path = "/api/v1/nothing";
  EXPECT_EQ(router.handle(request).status, 404);
}

TEST(Router, ListsItsApiRoutesSorted) {
  Router router("");
  auto ok = [](Request&) { return Response::json(200, "{}"); };
  router.add("POST", "/api/v1/b", ok);
  router.add("GET", "/api/v1/b", ok);
  router.add("GET", "/api/v1/a", ok);
  router.add("GET", "/api/v1/a", ok);  // replaces, does not repeat
  using Route = std::pair<std::string, std::string>;
  EXPECT_EQ(router.routes(), (std::vector<Route>{
                                 {"GET", "/api/v1/a"}, {"GET", "/api/v1/b"}, {"POST", "/api/v1/b"}}));
}

}  // namespace
}  // namespace sanso::http
