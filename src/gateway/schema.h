// The "gateway" module's database schema.
#pragma once

#include <vector>

#include "sanso/store/database.h"

namespace sanso::gateway::detail {

// Migrations of the module "gateway", numbered from 1.
const std::vector<store::Migration>& migrations();

}  // namespace sanso::gateway::detail
