#include "pdf/capped_allocator.h"

#include <cstdint>
#include <cstdlib>

namespace sanso::sanitize::pdf {
namespace {

// Each block starts with its size, padded to keep malloc's alignment for the caller.
constexpr size_t kHeader = alignof(std::max_align_t);

size_t& sizeOf(void* block) { return *static_cast<size_t*>(block); }
void* headerOf(void* ptr) { return static_cast<char*>(ptr) - kHeader; }
void* payloadOf(void* block) { return static_cast<char*>(block) + kHeader; }

}  // namespace

CappedAllocator::CappedAllocator(size_t cap) : cap_(cap) {
  alloc_.user = this;
  alloc_.malloc = &CappedAllocator::allocate;
  alloc_.realloc = &CappedAllocator::reallocate;
  alloc_.free = &CappedAllocator::release;
}

bool CappedAllocator::admit(size_t more) {
  if (more <= cap_ - used_) return true;
  refused_total_ = used_ > SIZE_MAX - more ? SIZE_MAX : used_ + more;
  return false;
}

void* CappedAllocator::allocate(void* user, size_t size) {
  auto* self = static_cast<CappedAllocator*>(user);
  if (size > SIZE_MAX - kHeader || !self->admit(size)) return nullptr;
  void* block = std::malloc(size + kHeader);
  if (block == nullptr) return nullptr;
  sizeOf(block) = size;
  self->used_ += size;
  return payloadOf(block);
}

void* CappedAllocator::reallocate(void* user, void* old, size_t size) {
  auto* self = static_cast<CappedAllocator*>(user);
  if (old == nullptr) return allocate(user, size);
  void* block = headerOf(old);
  const size_t old_size = sizeOf(block);
  if (size > SIZE_MAX - kHeader || (size > old_size && !self->admit(size - old_size))) {
    return nullptr;
  }
  void* grown = std::realloc(block, size + kHeader);
  if (grown == nullptr) return nullptr;
  sizeOf(grown) = size;
  self->used_ = self->used_ - old_size + size;
  return payloadOf(grown);
}

void CappedAllocator::release(void* user, void* ptr) {
  if (ptr == nullptr) return;
  auto* self = static_cast<CappedAllocator*>(user);
  void* block = headerOf(ptr);
  self->used_ -= sizeOf(block);
  std::free(block);
}

}  // namespace sanso::sanitize::pdf
