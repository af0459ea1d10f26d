// The "auth" tables of the gateway database.
#pragma once

#include <vector>

#include "sanso/store/database.h"

namespace sanso::auth {

const std::vector<store::Migration>& authMigrations();

}  // namespace sanso::auth
