// Rows of the gateway tables: loading transfers and recording state changes with their
// timeline events. Callers own the transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sanso/gateway/transfer.h"
#include "sanso/store/database.h"

namespace sanso::gateway::detail {

// A transfer row with the columns only the gateway itself sees.
struct Row {
  Transfer transfer;
  std::string original_blob;  // ciphertext blob, empty once deleted
  std::string output_blob;    // sanitized file, empty until stored or once deleted
  uint64_t output_size = 0;
  std::string approval_kind;  // "", "supervisor" or "security"
  std::optional<int64_t> approver_id;
  int64_t uploaded_at = 0;
  int64_t attempts = 0;  // how often a worker claimed it (crashes and errors leave it claimed)
};

// Rows matching `where` (SQL after WHERE, parameters bound by `bind`), with recipients.
Result<std::vector<Row>> selectRows(store::Session& session, const std::string& where,
                                    const std::function<Status(store::Statement&)>& bind);
// The row `id`, nullopt when missing.
Result<std::optional<Row>> loadRow(store::Session& session, int64_t id);

// Appends a timeline event.
Status addEvent(store::Session& session, int64_t id, TransferState state, const std::string& actor,
                const std::string& message, int64_t at);

// Moves `id` from `from` to `to` and records the event; false (nothing changed) when the
// row was not in `from`.
Result<bool> transition(store::Session& session, int64_t id, TransferState from, TransferState to,
                        const std::string& actor, const std::string& message, int64_t at);

}  // namespace sanso::gateway::detail
