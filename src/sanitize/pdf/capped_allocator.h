// Memory for one MuPDF context, capped: a page built to explode (nested forms drawn millions of
// times, oversized images) fails an allocation instead of exhausting the machine.
#pragma once

#include <mupdf/fitz.h>

#include <cstddef>

namespace sanso::sanitize::pdf {

// Plugs into fz_new_context. Used by the one thread that uses the context; must outlive it.
class CappedAllocator {
 public:
  explicit CappedAllocator(size_t cap);
  CappedAllocator(const CappedAllocator&) = delete;
  CappedAllocator& operator=(const CappedAllocator&) = delete;

  fz_alloc_context* context() { return &alloc_; }
  size_t cap() const { return cap_; }
  // The size that the last refused request would have brought the total to; 0 when none was.
  size_t refusedTotal() const { return refused_total_; }
  void clearRefusal() { refused_total_ = 0; }

 private:
  static void* allocate(void* user, size_t size);
  static void* reallocate(void* user, void* old, size_t size);
  static void release(void* user, void* ptr);
  bool admit(size_t more);

  fz_alloc_context alloc_;
  size_t cap_;
  size_t used_ = 0;
  size_t refused_total_ = 0;
};

}  // namespace sanso::sanitize::pdf
