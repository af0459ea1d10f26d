#include "render/page_rasterizer.h"

#include <cmath>
#include <string>

namespace sanso::sanitize::render {
namespace {

// Colour differences below this are invisible; such pages render grey.
constexpr float kGreyThreshold = 0.02f;
// fz_new_test_device verdicts.
constexpr int kDefinitelyGrey = 0;
constexpr int kDefinitelyColour = 2;

}  // namespace

PageRasterizer::~PageRasterizer() { fz_drop_pixmap(doc_.context(), pixmap_); }

Status PageRasterizer::preparePixmap(int width, int height, bool grey) {
  fz_context* ctx = doc_.context();
  const int components = grey ? 1 : 3;
  if (pixmap_ != nullptr && fz_pixmap_width(ctx, pixmap_) == width &&
      fz_pixmap_height(ctx, pixmap_) == height &&
      fz_pixmap_components(ctx, pixmap_) == components) {
    return Status::ok();
  }
  fz_drop_pixmap(ctx, pixmap_);
  pixmap_ = nullptr;
  fz_pixmap* created = nullptr;
  auto body = [&] {
    fz_colorspace* colorspace = grey ? fz_device_gray(ctx) : fz_device_rgb(ctx);
    created = fz_new_pixmap(ctx, colorspace, width, height, nullptr, 0);
  };
  SANSO_RETURN_IF_ERROR(doc_.guard("allocating the page raster", body));
  pixmap_ = created;
  return Status::ok();
}

Result<Raster> PageRasterizer::render(int index,
                                      const std::function<Status(uint64_t pixels)>& admit) {
  fz_context* ctx = doc_.context();
  const std::string where = "page " + std::to_string(index + 1);
  fz_page* page = nullptr;
  fz_display_list* list = nullptr;
  fz_rect bounds{};
  int colour = kDefinitelyColour;
  // The page is interpreted once, into a display list; the test device watching that pass says
  // whether anything is drawn in colour.
  auto record = [&] {
    page = fz_load_page(ctx, doc_.document(), index);
    bounds = fz_bound_page(ctx, page);
    list = fz_new_display_list(ctx, bounds);
    fz_device* list_device = fz_new_list_device(ctx, list);
    fz_device* test_device = nullptr;
    fz_try(ctx) {
      test_device = fz_new_test_device(ctx, &colour, kGreyThreshold, 0, list_device);
      fz_run_page(ctx, page, test_device, fz_identity, doc_.cookie());
      fz_close_device(ctx, test_device);
      fz_close_device(ctx, list_device);
    }
    fz_always(ctx) {
      fz_drop_device(ctx, test_device);
      fz_drop_device(ctx, list_device);
    }
    fz_catch(ctx) { fz_rethrow(ctx); }
  };
  Status status = doc_.guard(where, record);
  fz_drop_page(ctx, page);

  const float zoom = static_cast<float>(dpi_) / 72.0f;
  fz_matrix transform = fz_scale(zoom, zoom);
  const fz_rect area = fz_transform_rect(bounds, transform);
  const double width = std::ceil(static_cast<double>(area.x1) - area.x0);
  const double height = std::ceil(static_cast<double>(area.y1) - area.y0);
  if (status.isOk() && !(width >= 1 && height >= 1)) {
    status = Status::blocked("malformed-pdf", where + " has no area");
  }
  if (status.isOk()) {
    const double pixels = width * height;
    status = admit(pixels >= 1.8e19 ? UINT64_MAX : static_cast<uint64_t>(pixels));
  }
  if (status.isOk()) {
    const fz_irect box = fz_round_rect(area);
    transform = fz_concat(transform,
                          fz_translate(static_cast<float>(-box.x0), static_cast<float>(-box.y0)));
    status = preparePixmap(box.x1 - box.x0, box.y1 - box.y0, colour == kDefinitelyGrey);
  }
  if (status.isOk()) {
    fz_device* device = nullptr;
    fz_pixmap* target = pixmap_;
    auto draw = [&] {
      fz_clear_pixmap_with_value(ctx, target, 0xff);
      device = fz_new_draw_device(ctx, fz_identity, target);
      fz_run_display_list(ctx, list, device, transform, fz_infinite_rect, doc_.cookie());
      fz_close_device(ctx, device);
    };
    status = doc_.guard(where, draw);
    fz_drop_device(ctx, device);
  }
  fz_drop_display_list(ctx, list);
  SANSO_RETURN_IF_ERROR(status);

  Raster raster;
  raster.pixels = fz_pixmap_samples(ctx, pixmap_);
  raster.width = fz_pixmap_width(ctx, pixmap_);
  raster.height = fz_pixmap_height(ctx, pixmap_);
  raster.bands = fz_pixmap_components(ctx, pixmap_);
  raster.stride = static_cast<size_t>(fz_pixmap_stride(ctx, pixmap_));
  // "Probably colour" pages (colour images or shadings) get the exact pixel check.
  raster.may_be_grey = colour != kDefinitelyColour;
  raster.width_pt = static_cast<double>(bounds.x1) - bounds.x0;
  raster.height_pt = static_cast<double>(bounds.y1) - bounds.y0;
  return raster;
}

}  // namespace sanso::sanitize::render
