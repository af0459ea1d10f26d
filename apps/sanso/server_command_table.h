// The subcommands that live in sanso-server.so. One table: the executable registers a
// forwarding subcommand per row (so `sanso --help` lists them), the module registers the real
// ones with the same names and descriptions.
#pragma once

#include <array>

namespace sanso::app {

enum class ServerCommand { kAudit, kPolicy, kServe, kIcap, kUser, kDept, kMilter, kZones };

struct ServerCommandInfo {
  ServerCommand id;
  const char* name;
  const char* description;
};

// In the order of `sanso --help`, after sanitize and formats.
inline constexpr std::array<ServerCommandInfo, 8> kServerCommands{{
    {ServerCommand::kAudit, "audit", "Verify and export the hash-chained audit log"},
    {ServerCommand::kPolicy, "policy",
     "Validate a policy pack, explain its decisions or compare two packs"},
    {ServerCommand::kServe, "serve", "Run the gateway: one listener per zone"},
    {ServerCommand::kIcap, "icap", "Run the ICAP service for Squid (RESPMOD 無害化)"},
    {ServerCommand::kUser, "user", "Manage local accounts"},
    {ServerCommand::kDept, "dept", "Departments, supervisors and substitute approvers"},
    {ServerCommand::kMilter, "milter", "Run the Postfix mail filter (libmilter) of one direction"},
    {ServerCommand::kZones, "zones", "The zone model on the wire (nftables)"},
}};

}  // namespace sanso::app
