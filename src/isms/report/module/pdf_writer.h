// The PDF half of the report module (cairo, pango, fontconfig).
#pragma once

#include "sanso/common/status.h"
#include "sanso/isms/report.h"

namespace sanso::isms::report {

// Writes `report` (checked by checkedReport()) as a PDF at `path`: A4 landscape, the title,
// organization and generated_at on the first page and in every page header, each table from a
// new page with its header row repeated on every page, cells wrapped at word or character
// boundaries (a cell taller than a page continues on the next), "n / N" in every footer, the
// Japanese font embedded as a subset so the text stays extractable.
Status writePdfFile(const Report& report, const char* path);

}  // namespace sanso::isms::report
