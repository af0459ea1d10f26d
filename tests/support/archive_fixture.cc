#include "support/archive_fixture.h"

#include <zlib.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "support/test_util.h"

namespace sanso::test {
namespace {

void put16(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
}
void put32(std::string& out, uint32_t v) {
  put16(out, v & 0xffff);
  put16(out, v >> 16);
}

uint32_t crc(const std::string& data) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

// Raw deflate (no zlib header) of `data`.
std::string deflateRaw(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string localHeader(const std::string& name, uint16_t flags, uint16_t method, uint32_t crc32,
                        uint32_t packed, uint32_t size, const std::string& extra = {}) {
  std::string h;
  put32(h, 0x04034b50);
  put16(h, 20);
  put16(h, flags);
  put16(h, method);
  put16(h, 0);
  put16(h, 0x21);
  put32(h, crc32);
  put32(h, packed);
  put32(h, size);
  put16(h, static_cast<uint32_t>(name.size()));
  put16(h, static_cast<uint32_t>(extra.size()));
  return h + name + extra;
}

std::string centralHeader(const std::string& name, uint16_t flags, uint16_t method,
                          uint32_t crc32, uint32_t packed, uint32_t size, uint32_t offset,
                          uint32_t unix_mode, const std::string& extra = {}) {
  std::string h;
  put32(h, 0x02014b50);
  put16(h, unix_mode != 0 ? (3u << 8) | 20 : 20);
  put16(h, 20);
  put16(h, flags);
  put16(h, method);
  put16(h, 0);
  put16(h, 0x21);
  put32(h, crc32);
  put32(h, packed);
  put32(h, size);
  put16(h, static_cast<uint32_t>(name.size()));
  put16(h, static_cast<uint32_t>(extra.size()));
  put16(h, 0);
  put16(h, 0);
  put16(h, 0);
  put32(h, unix_mode << 16);
  put32(h, offset);
  return h + name + extra;
}

std::string endRecord(size_t entries, size_t cd_size, size_t cd_offset) {
  std::string h;
  put32(h, 0x06054b50);
  put16(h, 0);
  put16(h, 0);
  put16(h, static_cast<uint32_t>(entries));
  put16(h, static_cast<uint32_t>(entries));
  put32(h, static_cast<uint32_t>(cd_size));
  put32(h, static_cast<uint32_t>(cd_offset));
  put16(h, 0);
  return h;
}

}  // namespace

std::string unicodePathExtra(const std::string& stored_name, const std::string& utf8_name) {
  std::string field;
  put16(field, 0x7075);
  put16(field, static_cast<uint32_t>(5 + utf8_name.size()));
  field.push_back('\x01');
  put32(field, crc(stored_name));
  return field + utf8_name;
}

std::string buildRawZip(const std::vector<RawZipEntry>& entries) {
  std::string body;
  std::string directory;
  for (const auto& e : entries) {
    const uint16_t flags = e.utf8_flag ? 0x0800 : 0;
    const uint16_t method = e.deflate ? 8 : 0;
    const std::string packed = e.deflate ? deflateRaw(e.data) : e.data;
    const uint32_t offset = static_cast<uint32_t>(body.size());
    body += localHeader(e.name, flags, method, crc(e.data), static_cast<uint32_t>(packed.size()),
                        static_cast<uint32_t>(e.data.size()), e.extra);
    body += packed;
    directory += centralHeader(e.name, flags, method, crc(e.data),
                               static_cast<uint32_t>(packed.size()),
                               static_cast<uint32_t>(e.data.size()), offset, e.unix_mode, e.extra);
  }
  return body + directory + endRecord(entries.size(), directory.size(), body.size());
}

std::string buildOverlapBomb(int files, size_t kernel_bytes) {
  const std::string zeros(kernel_bytes, '\0');
  const std::string kernel = deflateRaw(zeros);
  std::vector<std::string> names;
  for (int i = 0; i < files; ++i) names.push_back("f" + std::to_string(i));
  // Built from the last file backwards: file i's data = stored block quoting header i+1, then
  // everything of file i+1 from its header on.
  std::string tail = kernel;          // the bytes from file i's data start to the end
  std::string uncompressed = zeros;   // what file i inflates to
  std::vector<std::string> headers(files);
  std::vector<uint32_t> crcs(files), packed(files), sizes(files);
  for (int i = files - 1; i >= 0; --i) {
    crcs[i] = crc(uncompressed);
    packed[i] = static_cast<uint32_t>(tail.size());
    sizes[i] = static_cast<uint32_t>(uncompressed.size());
    headers[i] = localHeader(names[i], 0, 8, crcs[i], packed[i], sizes[i]);
    if (i == 0) break;
    // Quote this header in a non-final stored block that file i-1 starts with.
    std::string quote;
    quote.push_back('\0');
    put16(quote, static_cast<uint32_t>(headers[i].size()));
    put16(quote, static_cast<uint32_t>(~headers[i].size() & 0xffff));
    tail = quote + headers[i] + tail;
    uncompressed = headers[i] + uncompressed;
  }
  std::string body = headers[0] + tail;
  std::string directory;
  uint32_t offset = 0;
  for (int i = 0; i < files; ++i) {
    directory += centralHeader(names[i], 0, 8, crcs[i], packed[i], sizes[i], offset, 0);
    offset += static_cast<uint32_t>(headers[i].size()) + 5;  // header, then the next quote
  }
  return body + directory + endRecord(files, directory.size(), body.size());
}

std::string buildNestedZip(int depth, int fanout, size_t leaf_bytes) {
  std::vector<RawZipEntry> leaves;
  for (int i = 0; i < fanout; ++i) {
    leaves.push_back({"leaf" + std::to_string(i) + ".txt", std::string(leaf_bytes, 'a'), false,
                      true});
  }
  std::string level = buildRawZip(leaves);
  for (int d = 0; d < depth; ++d) {
    std::vector<RawZipEntry> copies;
    for (int i = 0; i < fanout; ++i) {
      copies.push_back({"level" + std::to_string(d) + "-" + std::to_string(i) + ".zip", level,
                        false, true});
    }
    level = buildRawZip(copies);
  }
  return level;
}

std::vector<ZipMember> readZipWithPython(const std::string& path) {
  const std::string script =
      "import json,sys,zipfile\n"
      "z=zipfile.ZipFile(sys.argv[1])\n"
      "assert z.testzip() is None\n"
      "print(json.dumps([[i.filename,bool(i.flag_bits&0x800),z.read(i).hex()]"
      " for i in z.infolist()]))\n";
  int code = 0;
  const std::string out =
      runCommand("python3 -c " + shellQuote(script) + " " + shellQuote(path) + " 2>&1", &code);
  if (code != 0) throw std::runtime_error("python zipfile cannot read " + path + ": " + out);
  std::vector<ZipMember> members;
  for (const auto& item : nlohmann::json::parse(out)) {
    ZipMember m;
    m.name = item[0].get<std::string>();
    m.utf8_flag = item[1].get<bool>();
    const std::string hex = item[2].get<std::string>();
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      m.data.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    members.push_back(std::move(m));
  }
  return members;
}

}  // namespace sanso::test
