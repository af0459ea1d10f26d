// The first worksheet of an uploaded XLSX workbook as rows of text, for register imports.
// The workbook is untrusted: entry sizes are bounded while inflating (declared sizes are not
// believed), only the shared strings and the first sheet are read, and XML is parsed without
// external entities (pugixml never fetches them).
#include <zip.h>

#include <cstdlib>
#include <memory>
#include <pugixml.hpp>

#include "table_file.h"

namespace sanso::isms::detail {
namespace {

constexpr uint64_t kMaxEntryBytes = 32ull << 20;
constexpr size_t kMaxColumns = 200;
constexpr size_t kMaxStrings = 1'000'000;

Result<std::string> readEntry(zip_t* archive, const char* name, bool required) {
  zip_int64_t index = zip_name_locate(archive, name, 0);
  if (index < 0) {
    if (required) return Status::invalidArgument(std::string("XLSX に ") + name + " がありません");
    return std::string();
  }
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(archive, index, 0),
                                                         zip_fclose);
  if (!file) return Status::invalidArgument("XLSX の内容を読めません");
  std::string out;
  char buffer[65536];
  for (;;) {
    zip_int64_t n = zip_fread(file.get(), buffer, sizeof buffer);
    if (n < 0) return Status::invalidArgument("XLSX の内容が壊れています");
    if (n == 0) break;
    if (out.size() + static_cast<uint64_t>(n) > kMaxEntryBytes) {
      return Status::invalidArgument("XLSX のシートが大きすぎます");
    }
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

Result<pugi::xml_document> parse(const std::string& xml) {
  pugi::xml_document doc;
  // No DOCTYPE processing beyond pugixml's (it never loads external entities); refuse DTDs.
  if (xml.find("<!DOCTYPE") != std::string::npos) {
    return Status::invalidArgument("XLSX に DTD が含まれています");
  }
  if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default)) {
    return Status::invalidArgument("XLSX の XML が壊れています");
  }
  return doc;
}

// The name of `node` without its namespace prefix.
std::string localName(const pugi::xml_node& node) {
  std::string name = node.name();
  size_t colon = name.find(':');
  return colon == std::string::npos ? name : name.substr(colon + 1);
}

// The text of a rich or plain string item: its <t> elements in order, without the phonetic
// readings (<rPh>) Japanese Excel stores beside the text.
std::string itemText(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xpath_node t :
       node.select_nodes(".//*[local-name()='t'][not(ancestor::*[local-name()='rPh'])]")) {
    out += t.node().text().get();
  }
  return out;
}

// "BC12" -> 54 (zero-based column), or -1.
int columnOf(const char* ref) {
  int col = 0;
  int letters = 0;
  for (; *ref >= 'A' && *ref <= 'Z'; ++ref, ++letters) {
    col = col * 26 + (*ref - 'A' + 1);
    if (col > static_cast<int>(kMaxColumns)) return -1;
  }
  return letters == 0 ? -1 : col - 1;
}

}  // namespace

Result<std::vector<std::vector<std::string>>> readXlsxRows(const std::string& path,
                                                           size_t max_rows) {
  int error = 0;
  std::unique_ptr<zip_t, void (*)(zip_t*)> archive(zip_open(path.c_str(), ZIP_RDONLY, &error),
                                                   zip_discard);
  if (!archive) return Status::invalidArgument("XLSX（zip）として開けません");
  SANSO_ASSIGN_OR_RETURN(std::string strings_xml,
                         readEntry(archive.get(), "xl/sharedStrings.xml", false));
  std::vector<std::string> strings;
  if (!strings_xml.empty()) {
    SANSO_ASSIGN_OR_RETURN(pugi::xml_document doc, parse(strings_xml));
    for (pugi::xml_node si : doc.document_element().children()) {
      if (localName(si) != "si") continue;
      if (strings.size() >= kMaxStrings)
        return Status::invalidArgument("XLSX の文字列が多すぎます");
      strings.push_back(itemText(si));
    }
  }
  SANSO_ASSIGN_OR_RETURN(std::string sheet_xml,
                         readEntry(archive.get(), "xl/worksheets/sheet1.xml", true));
  SANSO_ASSIGN_OR_RETURN(pugi::xml_document sheet, parse(sheet_xml));
  std::vector<std::vector<std::string>> rows;
  for (pugi::xpath_node row :
       sheet.select_nodes("//*[local-name()='sheetData']/*[local-name()='row']")) {
    std::vector<std::string> cells;
    for (pugi::xml_node c : row.node().children()) {
      if (localName(c) != "c") continue;
      int col = columnOf(c.attribute("r").value());
      if (col < 0) col = static_cast<int>(cells.size());
      if (col >= static_cast<int>(kMaxColumns)) return Status::invalidArgument("列が多すぎます");
      std::string type = c.attribute("t").value();
      std::string value;
      pugi::xml_node v = c.find_child([](pugi::xml_node n) { return localName(n) == "v"; });
      if (type == "s") {
        char* end = nullptr;
        unsigned long index = std::strtoul(v.text().get(), &end, 10);
        if (end == v.text().get() || index >= strings.size()) {
          return Status::invalidArgument("XLSX の共有文字列の参照が壊れています");
        }
        value = strings[index];
      } else if (type == "inlineStr") {
        value = itemText(c);
      } else if (type == "b") {
        value = std::string(v.text().get()) == "1" ? "はい" : "いいえ";
      } else {
        value = v.text().get();
      }
      if (cells.size() <= static_cast<size_t>(col)) cells.resize(static_cast<size_t>(col) + 1);
      cells[static_cast<size_t>(col)] = std::move(value);
    }
    bool blank = true;
    for (const std::string& cell : cells) blank = blank && cell.empty();
    if (blank) continue;
    if (rows.size() >= max_rows) {
      return Status::invalidArgument("行が多すぎます（" + std::to_string(max_rows) + " 行まで）");
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

}  // namespace sanso::isms::detail
