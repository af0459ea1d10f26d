// The heap of one gumbo parse. gumbo has no way to stop a parse and frees its tree
// recursively (a stack overflow on a deeply nested page), so every block it allocates comes
// from here: the arena charges a memory cap and checks the job's time as the parse goes, and
// on a limit abandons the parse (longjmp out of gumbo, which is C and holds nothing but these
// blocks); its destructor frees every block still held, in a loop.
#pragma once

#include <gumbo.h>

#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "sanso/common/limits.h"
#include "sanso/common/status.h"

namespace sanso::sanitize::html {

class GumboArena {
 public:
  // Charges `budget`: Limits::max_markup_memory for the bytes held at once, and its time.
  explicit GumboArena(Budget& budget);
  ~GumboArena();
  GumboArena(const GumboArena&) = delete;
  GumboArena& operator=(const GumboArena&) = delete;

  // Points `options`' allocator at this arena.
  void install(GumboOptions& options);
  // gumbo_parse_with_options() over `text`; nullptr when a limit stopped it, the reason then
  // in failure().
  GumboOutput* parse(const GumboOptions& options, const std::string& text);
  const Status& failure() const { return failure_; }

 private:
  struct alignas(alignof(std::max_align_t)) Block {
    Block* prev;
    Block* next;
    size_t size;
  };

  static void* allocate(void* self, size_t size);
  static void deallocate(void* self, void* ptr);
  // False (the reason in failure_) when `size` more bytes would pass a limit.
  bool admit(size_t size);

  Budget& budget_;
  Block* blocks_ = nullptr;
  uint64_t held_ = 0;
  uint64_t allocations_ = 0;
  Status failure_;
  std::jmp_buf abandon_;
};

}  // namespace sanso::sanitize::html
