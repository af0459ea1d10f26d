// Writes small PDFs byte by byte for tests, with correct cross-reference tables, so hostile
// structures can be built exactly (independent of qpdf and MuPDF).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sanso::test {

// A classic PDF: object i+1 is objects[i]; the trailer names object 1 as /Root and carries
// `trailer_extra` too.
std::string buildPdf(const std::vector<std::string>& objects,
                     const std::string& trailer_extra = "");
// An incremental update of `base` that (re)defines `objects` (number -> body).
std::string appendUpdate(const std::string& base, const std::map<int, std::string>& objects);
// A stream object with `dict` entries and a correct /Length.
std::string pdfStream(const std::string& dict, const std::string& data);

}  // namespace sanso::test
