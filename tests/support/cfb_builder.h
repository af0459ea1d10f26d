// Builds OLE2 compound files (MS-CFB version 3) for tests, independent of sanso's reader:
// streams under the root or in nested storages, those below 4096 bytes in the mini stream.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sanso::test {

using CfbStreams = std::vector<std::pair<std::string, std::string>>;  // ASCII name, bytes

// A stream (or, with `storage`, a storage holding `children`) of a compound file.
struct CfbNode {
  std::string name;  // ASCII
  std::string data;  // a stream's bytes
  bool storage = false;
  std::vector<CfbNode> children;
};

// A compound file whose root holds `children`.
std::string buildCfbTree(const std::vector<CfbNode>& children);

// A compound file holding `streams` (and an empty storage per name in `storages`).
std::string buildCfb(const CfbStreams& streams, const std::vector<std::string>& storages = {});

// A WordDocument stream: a FIB with nFib 193 and `flags` (0x0001 template, 0x0100 encrypted).
std::string wordFib(uint16_t flags, size_t size = 4200);
// A Workbook stream: BOF (BIFF8, or BIFF5 when `biff5`), then `records` (type, body), EOF.
std::string biffGlobals(const std::vector<std::pair<uint16_t, std::string>>& records,
                        bool biff5 = false);
// A PowerPoint "Current User" stream whose header token is `token`.
std::string pptCurrentUser(uint32_t token);

}  // namespace sanso::test
