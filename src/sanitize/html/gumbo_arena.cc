#include "html/gumbo_arena.h"

#include <cstdlib>

namespace sanso::sanitize::html {
namespace {

constexpr uint64_t kTimeCheckEvery = 4096;

}  // namespace

GumboArena::GumboArena(Budget& budget) : budget_(budget) {}

GumboArena::~GumboArena() {
  while (blocks_ != nullptr) {
    Block* next = blocks_->next;
    std::free(blocks_);
    blocks_ = next;
  }
}

void GumboArena::install(GumboOptions& options) {
  options.allocator = &GumboArena::allocate;
  options.deallocator = &GumboArena::deallocate;
  options.userdata = this;
}

GumboOutput* GumboArena::parse(const GumboOptions& options, const std::string& text) {
  // Nothing with a destructor lives in this frame or in allocate(), so leaving gumbo by
  // longjmp skips no C++ cleanup; gumbo's own state is only arena blocks.
  if (setjmp(abandon_) != 0) return nullptr;
  return gumbo_parse_with_options(&options, text.data(), text.size());
}

bool GumboArena::admit(size_t size) {
  const Limits& limits = budget_.limits();
  if (held_ + size > limits.max_markup_memory) {
    failure_ = budget_.check("markup-memory", held_ + size, limits.max_markup_memory, "html");
    return false;
  }
  if (++allocations_ % kTimeCheckEvery == 0) {
    failure_ = budget_.checkTime("html");
    return failure_.isOk();
  }
  return true;
}

void* GumboArena::allocate(void* user, size_t size) {
  auto* self = static_cast<GumboArena*>(user);
  if (!self->admit(size)) std::longjmp(self->abandon_, 1);
  auto* block = static_cast<Block*>(std::malloc(sizeof(Block) + size));
  if (block == nullptr) {
    self->failure_ = Status::internal("out of memory while parsing HTML");
    std::longjmp(self->abandon_, 1);
  }
  block->prev = nullptr;
  block->next = self->blocks_;
  block->size = size;
  if (self->blocks_ != nullptr) self->blocks_->prev = block;
  self->blocks_ = block;
  self->held_ += size;
  return block + 1;
}

void GumboArena::deallocate(void* user, void* ptr) {
  if (ptr == nullptr) return;
  auto* self = static_cast<GumboArena*>(user);
  Block* block = static_cast<Block*>(ptr) - 1;
  if (block->prev != nullptr) {
    block->prev->next = block->next;
  } else {
    self->blocks_ = block->next;
  }
  if (block->next != nullptr) block->next->prev = block->prev;
  self->held_ -= block->size;
  std::free(block);
}

}  // namespace sanso::sanitize::html
