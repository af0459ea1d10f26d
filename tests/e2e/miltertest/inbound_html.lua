-- Inbound: an HTML-only mail becomes text; the HTML Content-Type is replaced, the body too.
dofile(SCRIPTS .. "/common.lua")
run("inbound HTML mail -> text, X-Sanso-Sanitized, Content-Type, new body, accept", function()
  local conn = deliver("html.eml")
  expect_reply(conn, SMFIR_ACCEPT, "eom")
  check(mt.eom_check(conn, MT_BODYCHANGE), "the body was not replaced")
  check(mt.eom_check(conn, MT_HDRDELETE, "Content-Type"), "the HTML Content-Type was kept")
  check(mt.eom_check(conn, MT_HDRDELETE, "Subject"), "the original Subject was kept")
  local content_type = mt.getheader(conn, "Content-Type", 0)
  check(content_type ~= nil and content_type:find("text/plain", 1, true),
        "Content-Type: " .. tostring(content_type))
  local sanitized = mt.getheader(conn, "X-Sanso-Sanitized", 0)
  check(sanitized ~= nil and sanitized:find("CHG_TEXT", 1, true) and
        sanitized:find("REP_LINK", 1, true), "X-Sanso-Sanitized: " .. tostring(sanitized))
  check(mt.getheader(conn, "X-Sanso-Sanitized", 1) == nil, "two X-Sanso-Sanitized fields")
  -- "[無害化] お知らせ" (the subject tag), RFC 2047 encoded.
  local subject = mt.getheader(conn, "Subject", 0)
  check(subject == "=?UTF-8?B?W+eEoeWus+WMll0g44GK55+l44KJ44Gb?=", "Subject: " .. tostring(subject))
  check(not mt.eom_check(conn, MT_QUARANTINE), "inbound mail was quarantined")
  mt.disconnect(conn)
end)
