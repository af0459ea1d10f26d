#!/usr/bin/env python3
"""The mail-hold API of `sanso serve` after `sanso milter` handed mail over (milter_e2e):

  mail_holds_check.py LGWAN_URL STAFF_PASSWORD MANAGER_PASSWORD ZIP_PASSWORD SECRET_TEXT

1. The recipient (login "staff", e-mail staff@city.example.jp) sees the held PPAP zip, a wrong
   password is refused with "wrong-password" and counted, the right one hands the sanitized
   content over as a transfer that becomes available and downloads as a zip holding the text.
2. The security manager ("kanri", enrols TOTP) sees the outbound mail held by DLP and
   releases it (the caller then checks Postfix's hold queue and the Maildir).
Prints "ok: ..." lines; exits 1 with the reason on the first failure.
"""
import base64
import email
import email.policy
import hashlib
import hmac
import http.cookiejar
import io
import json
import struct
import sys
import time
import urllib.error
import urllib.request
import zipfile

BASE, STAFF_PW, MANAGER_PW, ZIP_PW, SECRET = sys.argv[1:6]


def fail(why):
    print("FAIL:", why)
    sys.exit(1)


class Client:
    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def call(self, method, path, body=None, raw=False):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(BASE.rstrip("/") + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.csrf:
            req.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(req, timeout=60) as resp:
                payload = resp.read()
                return resp.status, payload if raw else json.loads(payload or b"null")
        except urllib.error.HTTPError as e:
            payload = e.read()
            try:
                return e.code, json.loads(payload)
            except ValueError:
                return e.code, payload

    def login(self, login, password):
        status, reply = self.call("POST", "/api/v1/login", {"login": login, "password": password})
        if status != 200:
            fail("login %s: %s %r" % (login, status, reply))
        self.csrf = reply["csrf_token"]
        return reply


def totp(secret_b32, at=None):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 15
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000
    return "%06d" % code


# 1. The recipient and the PPAP zip.
staff = Client()
staff.login("staff", STAFF_PW)
status, reply = staff.call("GET", "/api/v1/mail-holds")
if status != 200:
    fail("list holds: %s %r" % (status, reply))
ppap = [h for h in reply["holds"] if h["direction"] == "inbound" and h["files"]]
if len(ppap) != 1:
    fail("expected one inbound mail with a held file, got %r" % reply["holds"])
hold = ppap[0]
if hold["files"][0]["name"] != "見積書.zip" or hold["files"][0]["state"] != "held":
    fail("held file %r" % hold["files"])
if not hold["original_kept"]:
    fail("the original of the sanitized mail is not kept")
if any(h["direction"] == "outbound" for h in reply["holds"]):
    fail("a staff member sees held outbound mail")
ref = hold["reference"]
status, reply = staff.call("POST", "/api/v1/mail-holds/password",
                           {"reference": ref, "index": 1, "password": "not-the-password"})
if status != 400 or reply.get("error") != "wrong-password":
    fail("a wrong password: %s %r" % (status, reply))
status, reply = staff.call("GET", "/api/v1/mail-holds")
if reply["holds"][0]["files"][0]["attempts"] != 1:
    fail("the wrong password was not counted: %r" % reply["holds"][0]["files"])
status, reply = staff.call("POST", "/api/v1/mail-holds/password",
                           {"reference": ref, "index": 1, "password": ZIP_PW})
if status != 200:
    fail("the right password: %s %r" % (status, reply))
transfer = reply["transfer"]["id"]
state = ""
for _ in range(300):
    status, item = staff.call("GET", "/api/v1/transfers/item?id=%d" % transfer)
    state = item.get("state", "") if isinstance(item, dict) else ""
    if state in ("available", "blocked"):
        break
    time.sleep(0.2)
if state != "available":
    fail("the transfer of the opened zip is %r: %r" % (state, item))
status, data = staff.call("GET", "/api/v1/transfers/download?id=%d" % transfer, raw=True)
if status != 200:
    fail("download: %s" % status)
with zipfile.ZipFile(io.BytesIO(data)) as z:
    if any(info.flag_bits & 1 for info in z.infolist()):
        fail("the delivered zip is still encrypted")
    texts = [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
if not any(SECRET in t for t in texts):
    fail("the zip's text did not survive: %r" % texts)
status, reply = staff.call("POST", "/api/v1/mail-holds/password",
                           {"reference": ref, "index": 1, "password": ZIP_PW})
if status != 400 or reply.get("error") != "not-held":
    fail("the file could be opened twice: %s %r" % (status, reply))
print("ok: the PPAP zip is held, a wrong password refused, the right one delivers it sanitized")

# 2. The security manager and the held outbound mail.
manager = Client()
reply = manager.login("kanri", MANAGER_PW)
if not reply.get("mfa_ok", True):
    status, begun = manager.call("POST", "/api/v1/me/totp/begin")
    if status != 200:
        fail("totp begin: %s %r" % (status, begun))
    status, done = manager.call("POST", "/api/v1/me/totp/confirm",
                                {"code": totp(begun["secret"])})
    if status != 200:
        fail("totp confirm: %s %r" % (status, done))
status, reply = manager.call("GET", "/api/v1/mail-holds")
if status != 200:
    fail("manager list: %s %r" % (status, reply))
held = [h for h in reply["holds"] if h["direction"] == "outbound" and h["state"] == "held"]
if len(held) != 1:
    fail("expected one held outbound mail, got %r" % reply["holds"])
if "983205673214" in json.dumps(held[0], ensure_ascii=False):
    fail("the 個人番号 is shown in the hold")
status, reply = manager.call("POST", "/api/v1/mail-holds/original",
                             {"reference": held[0]["reference"], "reason": "確認のため"}, raw=True)
if status != 200:
    fail("the original of the held mail: %s" % status)
original = email.message_from_bytes(reply, policy=email.policy.default)
parts = [p.get_payload(decode=True) or b"" for p in original.walk() if not p.is_multipart()]
if not any(b"983205673214" in p for p in parts):
    fail("the released original is not the held mail")
status, reply = manager.call("POST", "/api/v1/mail-holds/release",
                             {"reference": held[0]["reference"], "comment": "業務上必要"})
if status != 200:
    fail("release: %s %r" % (status, reply))
status, reply = staff.call("POST", "/api/v1/mail-holds/release",
                           {"reference": held[0]["reference"], "comment": "x"})
if status != 404:
    fail("a staff member could decide on held mail: %s %r" % (status, reply))
print("ok: the security manager reads and releases the held outbound mail")
