#include "sanso/common/module_loader.h"

#include <gtest/gtest.h>

namespace sanso {
namespace {

struct TestApi {
  uint32_t version;
  int answer;
};

const TestApi* linkedTable() {
  static const TestApi table{7, 42};
  return &table;
}

TEST(ModuleLoader, AMissingModuleIsAnInternalErrorNamingIt) {
  Result<const void*> opened =
      openModuleTable("sanso-no-such-module.so", "sanso_no_such_api", 1, "test");
  ASSERT_FALSE(opened.isOk());
  EXPECT_FALSE(opened.status().isBlocked());
  EXPECT_NE(opened.status().message().find("sanso-no-such-module.so"), std::string::npos);
  EXPECT_NE(opened.status().message().find("test module unavailable"), std::string::npos);
}

TEST(ModuleLoader, LinkedCodeIsUsedWithoutLoading) {
  ModuleTable<TestApi> module("sanso-no-such-module.so", "sanso_no_such_api", 7, "test",
                              linkedTable);
  EXPECT_EQ(module.ifLoaded(), linkedTable());
  Result<const TestApi*> table = module.get();
  ASSERT_TRUE(table.isOk());
  EXPECT_EQ((*table)->answer, 42);
}

TEST(ModuleLoader, AFailedLoadIsRememberedAndNeverCountsAsLoaded) {
  int prepared = 0;
  static int* counter = nullptr;
  counter = &prepared;
  ModuleTable<TestApi> module("sanso-no-such-module.so", "sanso_no_such_api", 7, "test", nullptr,
                              [] { ++*counter; });
  EXPECT_EQ(module.ifLoaded(), nullptr);
  EXPECT_FALSE(module.get().isOk());
  EXPECT_FALSE(module.get().isOk());
  EXPECT_EQ(prepared, 1);  // opened (and prepared for) once
  EXPECT_EQ(module.ifLoaded(), nullptr);
}

}  // namespace
}  // namespace sanso
