-- Malformed and abusive sessions: none may crash the milter or stop it serving the next one.
dofile(SCRIPTS .. "/common.lua")
run("header after EOH, abort mid-message, dropped mid-body -> the next session is served",
    function()
  -- A header field after the end of the header: libmilter leaves the out-of-order commands
  -- unanswered (hence the short timeout); the milter must not crash.
  local conn = open_session()
  must(mt.header(conn, "Subject", "x"), "header")
  must(mt.eoh(conn), "eoh")
  mt.set_timeout(2)
  pcall(mt.header, conn, "X-Late", "after the end of the header")
  pcall(mt.bodystring, conn, "late\r\n")
  pcall(mt.eom, conn)
  mt.disconnect(conn, false)
  mt.set_timeout(10)

  -- MAIL FROM twice without a message, then an abort mid-body and a new message on the
  -- same connection.
  conn = open_session()
  must(mt.mailfrom(conn, "<again@example.com>"), "second mailfrom")
  must(mt.header(conn, "Subject", "aborted"), "header")
  must(mt.eoh(conn), "eoh")
  must(mt.bodystring(conn, "part of a body\r\n"), "body")
  must(mt.abort(conn), "abort")
  must(mt.mailfrom(conn, "<sender@example.com>"), "mailfrom after abort")
  send_mail(conn, "html.eml")
  must(mt.eom(conn), "eom after abort")
  expect_reply(conn, SMFIR_ACCEPT, "eom after abort")
  mt.disconnect(conn)

  -- The SMTP client vanishes mid-body: no reply is owed, the spool must be cleaned up.
  conn = open_session()
  must(mt.header(conn, "Subject", "dropped"), "header")
  must(mt.eoh(conn), "eoh")
  must(mt.bodystring(conn, string.rep("z", 10000) .. "\r\n"), "body")
  mt.disconnect(conn, false)

  -- End of message with no header and no body at all.
  conn = open_session()
  must(mt.eom(conn), "bare eom")
  local reply = mt.getreply(conn)
  check(reply == SMFIR_ACCEPT or reply == SMFIR_REPLYCODE or reply == SMFIR_TEMPFAIL,
        "reply '" .. string.char(reply) .. "' to an empty message")
  mt.disconnect(conn)

  -- After all that, a normal message is still sanitized.
  conn = deliver("html.eml")
  expect_reply(conn, SMFIR_ACCEPT, "eom of the next session")
  check(mt.eom_check(conn, MT_BODYCHANGE), "the next session's body was not replaced")
  mt.disconnect(conn)
end)
