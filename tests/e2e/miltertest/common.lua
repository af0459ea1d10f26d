-- Helpers for the miltertest scripts of tests/e2e/run_miltertest.sh (loaded with dofile).
-- Globals from miltertest -D: SOCKET (the milter's libmilter spec), FIXTURES (a directory).
-- miltertest reads every reply into a 1 KiB stack buffer: these scripts only provoke short
-- replies; tests/e2e/milter_client.py covers replaced bodies longer than that.

-- Runs `test`; miltertest prints no Lua error, so a failure is reported here and exits 1.
function run(name, test)
  local ok, err = xpcall(test, debug.traceback)
  if not ok then
    io.stderr:write("FAIL " .. name .. ": " .. tostring(err) .. "\n")
    os.exit(1)
  end
  print("ok: " .. name)
end

function check(condition, what)
  if not condition then error(what, 2) end
end

-- mt.* functions return nil on success and an error text otherwise.
function must(result, what)
  if result ~= nil then error(what .. ": " .. tostring(result), 2) end
end

function expect_reply(conn, reply, what)
  local got = mt.getreply(conn)
  if got ~= reply then
    error(string.format("%s: reply '%s', expected '%s'", what, string.char(got),
                        string.char(reply)), 2)
  end
end

-- A new SMTP session up to MAIL FROM (and RCPT TO unless the milter skips it).
function open_session(from)
  local conn = mt.connect(SOCKET, 50, 0.1)
  check(conn ~= nil, "cannot connect to " .. SOCKET)
  must(mt.conninfo(conn, "mx.example.com", "192.0.2.1"), "conninfo")
  expect_reply(conn, SMFIR_CONTINUE, "conninfo")
  must(mt.mailfrom(conn, from or "<sender@example.com>"), "mailfrom")
  expect_reply(conn, SMFIR_CONTINUE, "mailfrom")
  if not mt.test_option(conn, SMFIP_NORCPT) then
    must(mt.rcptto(conn, "<staff@city.example.jp>"), "rcptto")
  end
  return conn
end

-- The header fields (unfolded) and the body of FIXTURES/name, an .eml with CRLF lines.
function read_mail(name)
  local f = assert(io.open(FIXTURES .. "/" .. name, "rb"))
  local text = f:read("*a")
  f:close()
  local sep = assert(text:find("\r\n\r\n", 1, true), name .. " has no header end")
  local fields = {}
  for line in text:sub(1, sep + 1):gsub("\r\n([ \t])", "%1"):gmatch("(.-)\r\n") do
    local field, value = line:match("^([^:]+):[ \t]*(.*)$")
    fields[#fields + 1] = {field, value}
  end
  return fields, text:sub(sep + 4)
end

-- Sends the header fields, the end of the header and the body in chunks.
function send_mail(conn, name)
  local fields, body = read_mail(name)
  for _, f in ipairs(fields) do
    must(mt.header(conn, f[1], f[2]), "header " .. f[1])
    expect_reply(conn, SMFIR_CONTINUE, "header " .. f[1])
  end
  must(mt.eoh(conn), "eoh")
  expect_reply(conn, SMFIR_CONTINUE, "eoh")
  for pos = 1, #body, 32768 do
    must(mt.bodystring(conn, body:sub(pos, pos + 32767)), "body")
    expect_reply(conn, SMFIR_CONTINUE, "body")
  end
end

-- A whole message in a new session; returns the connection after end-of-message.
function deliver(name, from)
  local conn = open_session(from)
  send_mail(conn, name)
  must(mt.eom(conn), "eom")
  return conn
end
