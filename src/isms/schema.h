// The "isms" module's database schema.
#pragma once

#include <vector>

#include "sanso/store/database.h"

namespace sanso::isms::detail {

// Migrations of the module "isms", numbered from 1.
const std::vector<store::Migration>& migrations();

}  // namespace sanso::isms::detail
