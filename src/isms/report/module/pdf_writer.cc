#include "report/module/pdf_writer.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "report/module/pdf_font.h"

namespace sanso::isms::report {
namespace {

// A4 landscape, in points.
constexpr double kPageWidth = 841.89;
constexpr double kPageHeight = 595.28;
constexpr double kMargin = 36;
constexpr double kBandHeight = 18;  // page header and footer bands inside the margins
constexpr double kBodyTop = kMargin + kBandHeight;
constexpr double kBodyBottom = kPageHeight - kMargin - kBandHeight;
constexpr double kBodyWidth = kPageWidth - 2 * kMargin;
constexpr double kPad = 3;  // inside each cell
constexpr double kCellSize = 8;
constexpr double kBandSize = 7;
constexpr double kHeadingSize = 12;
constexpr double kTitleSize = 18;
// Pages of one PDF report. Rows are bounded, but a long cell in a narrow column can still take
// a page per line or so; such a report is refused rather than written for minutes.
constexpr int kMaxPdfPages = 20'000;
// The narrowest column, in points, unless the columns do not fit at that width.
constexpr double kMinColumnPoints = 20;

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

struct FontFree {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};
using FontPtr = std::unique_ptr<PangoFontDescription, FontFree>;

FontPtr makeFont(const std::string& family, double size, bool bold) {
  FontPtr font(pango_font_description_new());
  pango_font_description_set_family(font.get(), family.c_str());
  pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
  pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return font;
}

// One line of a laid-out text, in points from the top of its layout.
struct LineBox {
  PangoLayoutLine* line;  // owned by the layout
  double x;
  double top;
  double bottom;
  double baseline;
};

// A text laid out in a given width, and its lines.
struct Block {
  GObjectPtr<PangoLayout> layout;
  std::vector<LineBox> lines;
  double height() const { return lines.empty() ? 0 : lines.back().bottom; }
};

// Draws the pages of one report; with no cairo context it only counts them, so that the
// second run, which draws, knows N for "n / N".
class Composer {
 public:
  Composer(const Report& report, PangoContext* context, const std::string& family, cairo_t* cr,
           cairo_surface_t* surface, int total_pages)
      : report_(report),
        context_(context),
        cr_(cr),
        surface_(surface),
        total_pages_(total_pages),
        cell_font_(makeFont(family, kCellSize, false)),
        header_font_(makeFont(family, kCellSize, true)),
        band_font_(makeFont(family, kBandSize, false)),
        heading_font_(makeFont(family, kHeadingSize, true)),
        title_font_(makeFont(family, kTitleSize, true)),
        info_font_(makeFont(family, kHeadingSize - 2, false)) {}

  // Lays out (and draws) the whole report; returns the number of pages, or more than
  // kMaxPdfPages when it stopped there.
  int run() {
    beginPage(nullptr);
    drawTitleBlock();
    for (size_t t = 0; t < report_.tables.size() && !overflow(); ++t) {
      if (t > 0) {
        endPage();
        beginPage(&report_.tables[t]);
      }
      drawTable(report_.tables[t]);
    }
    endPage();
    return page_;
  }

 private:
  Block layOut(const std::string& text, const PangoFontDescription* font, double width,
               bool one_line = false) {
    Block block{GObjectPtr<PangoLayout>(pango_layout_new(context_)), {}};
    PangoLayout* layout = block.layout.get();
    pango_layout_set_font_description(layout, font);
    pango_layout_set_width(layout, pango_units_from_double(std::max(width, 1.0)));
    if (one_line) {
      pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height(layout, 0);  // cut to the first line
    } else {
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    do {
      PangoRectangle logical{};
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      block.lines.push_back({pango_layout_iter_get_line_readonly(iter),
                             pango_units_to_double(logical.x), pango_units_to_double(logical.y),
                             pango_units_to_double(logical.y + logical.height),
                             pango_units_to_double(pango_layout_iter_get_baseline(iter))});
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    return block;
  }

  // Draws lines [first, last) of `block` with the top of line `first` at y.
  void drawLines(const Block& block, size_t first, size_t last, double x, double y) {
    if (cr_ == nullptr || first >= last) return;
    double offset = block.lines[first].top;
    for (size_t k = first; k < last; ++k) {
      const LineBox& box = block.lines[k];
      cairo_move_to(cr_, x + box.x, y + box.baseline - offset);
      pango_cairo_show_layout_line(cr_, box.line);
    }
  }

  void drawBlock(const Block& block, double x, double y) {
    drawLines(block, 0, block.lines.size(), x, y);
  }

  static double width(const Block& block) {
    PangoRectangle logical{};
    pango_layout_get_extents(block.layout.get(), nullptr, &logical);
    return pango_units_to_double(logical.width);
  }

  void beginPage(const ReportTable* table) {
    ++page_;
    y_ = kBodyTop;
    rows_on_page_ = 0;
    if (cr_ == nullptr) return;
    cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
    std::string left = report_.title;
    if (table != nullptr) left += "　" + table->title;
    const double half = kBodyWidth / 2 - 6;
    drawBlock(layOut(left, band_font_.get(), half, true), kMargin, kMargin);
    Block right =
        layOut(report_.organization + "　" + report_.generated_at, band_font_.get(), half, true);
    drawBlock(right, kPageWidth - kMargin - width(right), kMargin);
    std::string number = std::to_string(page_) + " / " + std::to_string(total_pages_);
    Block footer = layOut(number, band_font_.get(), kBodyWidth, true);
    drawBlock(footer, (kPageWidth - width(footer)) / 2,
              kBodyBottom + kBandHeight - kBandSize * 1.5);
    cairo_set_source_rgb(cr_, 0, 0, 0);
  }

  void endPage() {
    if (cr_ != nullptr) cairo_show_page(cr_);
  }

  void drawTitleBlock() {
    Block title = layOut(report_.title, title_font_.get(), kBodyWidth);
    drawBlock(title, kMargin, y_);
    y_ += title.height() + 6;
    Block info =
        layOut(report_.organization + "　" + report_.generated_at, info_font_.get(), kBodyWidth);
    drawBlock(info, kMargin, y_);
    y_ += info.height() + 14;
  }

  // The body width shared by the columns in proportion to their widths; columns that would be
  // narrower than kMinColumnPoints get that much, taken from the others.
  static std::vector<double> columnWidths(const ReportTable& table) {
    const double floor = std::min(kMinColumnPoints, kBodyWidth / table.columns.size());
    double total = 0;
    for (const ReportColumn& column : table.columns) total += column.width;
    double narrow = 0;
    double wide_total = 0;
    for (const ReportColumn& column : table.columns) {
      if (kBodyWidth * column.width / total < floor) {
        narrow += floor;
      } else {
        wide_total += column.width;
      }
    }
    std::vector<double> widths;
    for (const ReportColumn& column : table.columns) {
      bool is_narrow = kBodyWidth * column.width / total < floor;
      widths.push_back(is_narrow ? floor : (kBodyWidth - narrow) * column.width / wide_total);
    }
    return widths;
  }

  std::vector<Block> layOutRow(const std::vector<std::string>& cells,
                               const PangoFontDescription* font) {
    std::vector<Block> blocks;
    for (size_t c = 0; c < cells.size(); ++c) {
      blocks.push_back(layOut(cells[c], font, widths_[c] - 2 * kPad));
    }
    return blocks;
  }

  static double rowHeight(const std::vector<Block>& blocks) {
    double height = 0;
    for (const Block& block : blocks) height = std::max(height, block.height());
    return height + 2 * kPad;
  }

  // Draws what fits below y_ of each cell from cursors[c] on, advances the cursors and y_.
  // On a page with no row yet, at least one line of each unfinished cell is drawn.
  void drawChunk(const std::vector<Block>& blocks, std::vector<size_t>& cursors, bool fill) {
    const double room = kBodyBottom - y_ - 2 * kPad;
    std::vector<size_t> ends(blocks.size());
    double height = 0;
    for (size_t c = 0; c < blocks.size(); ++c) {
      const std::vector<LineBox>& lines = blocks[c].lines;
      size_t end = cursors[c];
      double offset = end < lines.size() ? lines[end].top : 0;
      while (end < lines.size() && lines[end].bottom - offset <= room) ++end;
      if (end == cursors[c] && end < lines.size() && rows_on_page_ == 0) ++end;
      if (end > cursors[c]) height = std::max(height, lines[end - 1].bottom - offset);
      ends[c] = end;
    }
    height += 2 * kPad;
    if (cr_ != nullptr) {
      double row_width = 0;
      for (double w : widths_) row_width += w;
      if (fill) {
        cairo_set_source_rgb(cr_, 0.85, 0.88, 0.95);
        cairo_rectangle(cr_, kMargin, y_, row_width, height);
        cairo_fill(cr_);
      }
      // The cell borders as one path.
      double x = kMargin;
      for (double w : widths_) {
        cairo_rectangle(cr_, x, y_, w, height);
        x += w;
      }
      cairo_set_source_rgb(cr_, 0.45, 0.45, 0.45);
      cairo_set_line_width(cr_, 0.5);
      cairo_stroke(cr_);
      cairo_set_source_rgb(cr_, 0, 0, 0);
      x = kMargin;
      for (size_t c = 0; c < blocks.size(); ++c) {
        drawLines(blocks[c], cursors[c], ends[c], x + kPad, y_ + kPad);
        x += widths_[c];
      }
    }
    cursors = ends;
    y_ += height;
  }

  static bool finished(const std::vector<Block>& blocks, const std::vector<size_t>& cursors) {
    for (size_t c = 0; c < blocks.size(); ++c) {
      if (cursors[c] < blocks[c].lines.size()) return false;
    }
    return true;
  }

  void drawHeaderRow(const std::vector<Block>& header) {
    std::vector<size_t> cursors(header.size(), 0);
    // A header taller than a page is cut to what fits (it is repeated on every page).
    drawChunk(header, cursors, true);
  }

  void nextPage(const ReportTable& table, const std::vector<Block>& header) {
    endPage();
    beginPage(&table);
    drawHeaderRow(header);
  }

  void drawTable(const ReportTable& table) {
    widths_ = columnWidths(table);
    std::vector<std::string> titles;
    for (const ReportColumn& column : table.columns) titles.push_back(column.title);
    std::vector<Block> header = layOutRow(titles, header_font_.get());
    Block heading = layOut(table.title, heading_font_.get(), kBodyWidth);
    // The heading, the header row and a line of the first row stay together.
    if (y_ > kBodyTop &&
        y_ + heading.height() + 4 + rowHeight(header) + 2 * kCellSize > kBodyBottom) {
      endPage();
      beginPage(&table);
    }
    if (cr_ != nullptr) {
      cairo_pdf_surface_add_outline(surface_, CAIRO_PDF_OUTLINE_ROOT, table.title.c_str(),
                                    ("page=" + std::to_string(page_)).c_str(),
                                    CAIRO_PDF_OUTLINE_FLAG_OPEN);
    }
    drawBlock(heading, kMargin, y_);
    y_ += heading.height() + 4;
    drawHeaderRow(header);
    for (const std::vector<std::string>& row : table.rows) {
      if (overflow()) return;
      std::vector<Block> cells = layOutRow(row, cell_font_.get());
      if (y_ + rowHeight(cells) > kBodyBottom && rows_on_page_ > 0) nextPage(table, header);
      std::vector<size_t> cursors(cells.size(), 0);
      drawChunk(cells, cursors, false);
      ++rows_on_page_;
      while (!finished(cells, cursors) && !overflow()) {
        nextPage(table, header);
        drawChunk(cells, cursors, false);
        ++rows_on_page_;
      }
    }
  }

  bool overflow() const { return page_ > kMaxPdfPages; }

  const Report& report_;
  PangoContext* context_;
  cairo_t* cr_;
  cairo_surface_t* surface_;
  int total_pages_;
  FontPtr cell_font_, header_font_, band_font_, heading_font_, title_font_, info_font_;
  std::vector<double> widths_;
  int page_ = 0;
  int rows_on_page_ = 0;
  double y_ = kBodyTop;
};

Status cairoError(cairo_status_t status, const std::string& what) {
  return Status::internal("pdf: " + what + ": " + cairo_status_to_string(status));
}

}  // namespace

Status writePdfFile(const Report& report, const char* path) {
  SANSO_ASSIGN_OR_RETURN(std::string family, japaneseFontFamily());
  GObjectPtr<PangoFontMap> font_map(pango_cairo_font_map_new());
  GObjectPtr<PangoContext> context(pango_font_map_create_context(font_map.get()));
  pango_cairo_context_set_resolution(context.get(), 72);  // 1 pt = 1 unit of the page
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context.get(), options);
  cairo_font_options_destroy(options);

  const int pages = Composer(report, context.get(), family, nullptr, nullptr, 0).run();
  if (pages > kMaxPdfPages) {
    return Status::blocked("report-too-large", "the PDF would have more than " +
                                                   std::to_string(kMaxPdfPages) + " pages");
  }

  cairo_surface_t* surface = cairo_pdf_surface_create(path, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, report.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, report.organization.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "sanso");
  cairo_t* cr = cairo_create(surface);
  const int drawn = Composer(report, context.get(), family, cr, surface, pages).run();
  cairo_status_t drawing = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t written = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (drawing != CAIRO_STATUS_SUCCESS) return cairoError(drawing, "drawing");
  if (written != CAIRO_STATUS_SUCCESS) return cairoError(written, std::string("writing ") + path);
  if (drawn != pages) return Status::internal("pdf: page count changed between passes");
  return Status::ok();
}

}  // namespace sanso::isms::report
