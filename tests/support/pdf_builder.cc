#include "support/pdf_builder.h"

#include <algorithm>
#include <cstdio>

namespace sanso::test {
namespace {

std::string xrefLine(size_t offset) {
  char line[32];
  std::snprintf(line, sizeof(line), "%010zu 00000 n \n", offset);
  return line;
}

}  // namespace

std::string buildPdf(const std::vector<std::string>& objects, const std::string& trailer_extra) {
  std::string pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) pdf += xrefLine(offset);
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R " +
         trailer_extra + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string appendUpdate(const std::string& base, const std::map<int, std::string>& objects) {
  size_t marker = base.rfind("startxref");
  size_t prev = std::stoul(base.substr(marker + 10));
  std::string pdf = base;
  std::map<int, size_t> offsets;
  for (const auto& [number, body] : objects) {
    offsets[number] = pdf.size();
    pdf += std::to_string(number) + " 0 obj\n" + body + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n";
  int size = 0;
  for (const auto& [number, offset] : offsets) {
    pdf += std::to_string(number) + " 1\n" + xrefLine(offset);
    size = std::max(size, number + 1);
  }
  pdf += "trailer\n<< /Size " + std::to_string(size) + " /Root 1 0 R /Prev " +
         std::to_string(prev) + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string pdfStream(const std::string& dict, const std::string& data) {
  return "<< " + dict + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + data +
         "\nendstream";
}

}  // namespace sanso::test
