-- Inbound: a body over max_message_bytes is refused while it arrives (552 5.3.4, a reply
-- code, never accept); the header block alone over the limit is refused the same way.
dofile(SCRIPTS .. "/common.lua")
run("a message over max_message_bytes -> reply code, not passed", function()
  local conn = open_session()
  must(mt.header(conn, "Subject", "big"), "header")
  must(mt.eoh(conn), "eoh")
  local line = string.rep("x", 998) .. "\r\n"
  local chunk = string.rep(line, 32)
  local refused = false
  for _ = 1, 64 do  -- 2 MiB at most; the limit in the test is 200 000 bytes
    must(mt.bodystring(conn, chunk), "body")
    local reply = mt.getreply(conn)
    if reply ~= SMFIR_CONTINUE then
      check(reply == SMFIR_REPLYCODE, "reply '" .. string.char(reply) .. "' to an oversize body")
      refused = true
      break
    end
  end
  check(refused, "2 MiB of body were taken")
  mt.disconnect(conn)

  conn = open_session()
  refused = false
  for i = 1, 400 do  -- 900-byte fields: miltertest copies a field into a 1 KiB buffer
    must(mt.header(conn, "X-Filler-" .. i, string.rep("y", 900)), "header")
    local reply = mt.getreply(conn)
    if reply ~= SMFIR_CONTINUE then
      check(reply == SMFIR_REPLYCODE, "reply '" .. string.char(reply) .. "' to huge headers")
      refused = true
      break
    end
  end
  check(refused, "360 KB of header fields were taken")
  mt.disconnect(conn)
end)
