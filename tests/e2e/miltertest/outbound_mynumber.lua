-- Outbound: a valid 個人番号 in an attachment -> smfi_quarantine (SMFIR_QUARANTINE, Postfix's
-- hold queue) with a reason that does not contain the number; an invalid check digit -> accept.
dofile(SCRIPTS .. "/common.lua")
run("outbound mail with a valid 個人番号 -> quarantine, invalid check digit -> accept", function()
  local conn = deliver("mynumber-valid.eml", "<staff@city.example.jp>")
  expect_reply(conn, SMFIR_ACCEPT, "eom (valid)")
  check(mt.eom_check(conn, MT_QUARANTINE), "no quarantine for a valid 個人番号")
  check(not mt.eom_check(conn, MT_BODYCHANGE), "outbound body changed")
  check(mt.eom_check(conn, MT_QUARANTINE, "sanso DLP: dlp-hit 1 finding(s): my-number"),
        "unexpected quarantine reason")
  mt.disconnect(conn)

  conn = deliver("mynumber-invalid.eml", "<staff@city.example.jp>")
  expect_reply(conn, SMFIR_ACCEPT, "eom (invalid)")
  check(not mt.eom_check(conn, MT_QUARANTINE), "quarantined with an invalid check digit")
  check(not mt.eom_check(conn, MT_BODYCHANGE), "outbound body changed")
  mt.disconnect(conn)
end)
