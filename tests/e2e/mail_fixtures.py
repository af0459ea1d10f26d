#!/usr/bin/env python3
"""Mails for the milter tests and the mail bench, and independent checks of what arrives
(Python's email, zipfile, qpdf and pdftotext only; no sanso code).

  mail_fixtures.py inbound OUT.eml          HTML mail with plan.docm (VBA) and report.pdf
                                            (/OpenAction JavaScript and a /JS in /Names)
  mail_fixtures.py html OUT.eml             HTML-only mail (a link and a script)
  mail_fixtures.py exe OUT.eml              plain mail with setup.exe
  mail_fixtures.py mynumber NUMBER OUT.eml  outbound mail with list.txt holding NUMBER
  mail_fixtures.py ppap ZIP TO OUT.eml      plain mail to TO with ZIP (password-protected) as
                                            見積書.zip, subject 見積書送付
  mail_fixtures.py bench FILE OUT.eml       50 KB HTML body + FILE, a .docx or .pdf
                                            (bench/mail/run.sh)
  mail_fixtures.py check-inbound FILE.eml   exits 0 when FILE is the sanitized `inbound` mail
  mail_fixtures.py check-pdf FILE.pdf       exits 0 when FILE has no JavaScript and its text
"""
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from email import message_from_bytes, policy
from email.message import EmailMessage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ooxml_check  # noqa: E402

PDF_TEXT = "Sanso budget plan 2026"


def pdf_with_javascript():
    """A one-page PDF whose catalog runs JavaScript on open (/OpenAction), names a document
    script in /Names /JavaScript, and whose page has an /AA open action."""
    content = f"BT /F1 24 Tf 72 700 Td ({PDF_TEXT}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /Names << /JavaScript 6 0 R >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 7 0 R >> >> /AA << /O 5 0 R >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\);) >>",
        b"<< /Names [(init) 8 0 R] >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /S /JavaScript /JS (app.launchURL\\('https://evil.example.com/'\\);) >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1,
                                                                             xref)
    return bytes(out)


def docm_bytes():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "plan.docm")
        ooxml_check.make_docm(path)
        with open(path, "rb") as f:
            return f.read()


def message(sender, to, subject, message_id):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    return msg


def write(msg, out):
    with open(out, "wb") as f:
        f.write(msg.as_bytes(policy=msg.policy.clone(linesep="\r\n")))


def inbound(out):
    msg = message("sender@example.com", "staff@city.example.jp", "会議のご案内", "<e2e-1@example.com>")
    msg["X-Sanso-Sanitized"] = "NONE"
    msg.set_content("会議の資料です", subtype="plain")
    msg.add_alternative('<html><body><p>会議の資料です</p><a href="https://evil.example.com/x">資料</a>'
                        "<script>alert(1)</script></body></html>", subtype="html")
    msg.add_attachment(docm_bytes(), maintype="application",
                       subtype="vnd.ms-word.document.macroEnabled.12", filename="plan.docm")
    msg.add_attachment(pdf_with_javascript(), maintype="application", subtype="pdf",
                       filename="report.pdf")
    write(msg, out)


def html(out):
    msg = message("sender@example.com", "staff@city.example.jp", "お知らせ", "<mt-html@example.com>")
    msg.set_content('<html><body><p>説明会のお知らせ</p><a href="https://evil.example.com/x">申込</a>'
                    "<script>alert(1)</script></body></html>", subtype="html")
    write(msg, out)


def exe(out):
    msg = message("sender@example.com", "staff@city.example.jp", "更新プログラム", "<mt-exe@example.com>")
    msg.set_content("更新プログラムを送ります", subtype="plain")
    header = bytearray(b"MZ" + b"\0" * 62)
    header[0x3C:0x40] = (64).to_bytes(4, "little")
    msg.add_attachment(bytes(header) + b"PE\0\0\x4c\x01" + b"\0" * 250, maintype="application",
                       subtype="octet-stream", filename="setup.exe")
    write(msg, out)


def mynumber(number, out):
    msg = message("staff@city.example.jp", "partner@example.com", "名簿", f"<mt-{number}@city.example.jp>")
    msg.set_content("よろしくお願いします", subtype="plain")
    msg.add_attachment(f"個人番号：{number}\n".encode(), maintype="text", subtype="plain",
                       filename="list.txt")
    write(msg, out)


def ppap(zip_path, to, out):
    msg = message("sender@example.com", to, "見積書送付", "<e2e-ppap@example.com>")
    msg.set_content("パスワードは別メールで送ります", subtype="plain")
    with open(zip_path, "rb") as f:
        msg.add_attachment(f.read(), maintype="application", subtype="zip", filename="見積書.zip")
    write(msg, out)


def bench(attachment, out):
    """A 50 KB HTML body (a table of links) and `attachment`, as the mail bench sends it."""
    rows = "".join(f"<tr><td>{i}</td><td>令和8年度 第{i}回 定例会議の議事録と資料の配布について</td>"
                   f'<td><a href="https://example.com/minutes/{i}">資料</a></td></tr>' for i in range(200))
    body = f"<html><body><h1>定例会議</h1><table>{rows}</table></body></html>"
    body += "<p>" + "議事録を添付します。" * max(0, (50_000 - len(body.encode())) // 30) + "</p>"
    msg = message("sender@example.com", "staff@city.example.jp", "定例会議の資料", "<bench@example.com>")
    msg.set_content(body, subtype="html")
    with open(attachment, "rb") as f:
        data = f.read()
    subtype = ("pdf" if attachment.endswith(".pdf") else
               "vnd.openxmlformats-officedocument.wordprocessingml.document")
    msg.add_attachment(data, maintype="application", subtype=subtype,
                       filename=os.path.basename(attachment))
    write(msg, out)


def check_pdf(path):
    """Problems of `path` as a PDF without JavaScript that kept its page text."""
    with tempfile.TemporaryDirectory() as tmp:
        qdf = os.path.join(tmp, "qdf.pdf")
        run = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, qdf],
                             capture_output=True)
        if run.returncode not in (0, 3):
            return ["qpdf cannot read it: " + run.stderr.decode(errors="replace")]
        with open(qdf, "rb") as f:
            data = f.read()
    problems = [f"{key.decode()} is still there" for key in
                (b"/JavaScript", b"/JS", b"/OpenAction", b"/AA")
                if re.search(re.escape(key) + rb"(?![A-Za-z])", data)]
    if b"app.alert" in data or b"app.launchURL" in data:
        problems.append("the script text is still there")
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True).stdout.decode(errors="replace")
    if PDF_TEXT not in text:
        problems.append(f"the page text was lost: {text!r}")
    return problems


def check_inbound(path):
    """Problems of `path` as the sanitized `inbound` mail."""
    with open(path, "rb") as f:
        msg = message_from_bytes(f.read(), policy=policy.default)
    problems = []
    if any(p.get_content_type() == "text/html" for p in msg.walk()):
        problems.append("text/html part")
    sanso = msg.get_all("X-Sanso-Sanitized") or []
    if len(sanso) != 1 or "CHG_TEXT" not in sanso[0] or "CHG_ATTACH" not in sanso[0]:
        problems.append("X-Sanso-Sanitized: %r" % sanso)
    if str(msg["Subject"]) != "[無害化] 会議のご案内":
        problems.append("subject %r" % str(msg["Subject"]))
    body = msg.get_body(preferencelist=("plain",))
    text = body.get_content() if body else ""
    if "会議の資料です" not in text:
        problems.append("body text lost: %r" % text)
    if "alert" in text:
        problems.append("script text in body")
    attachments = {a.get_filename(): a.get_payload(decode=True) for a in msg.iter_attachments()}
    if sorted(attachments) != ["plan.docx", "report.pdf"]:
        return problems + ["attachments %r" % sorted(attachments)]
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in attachments.items():
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(data)
        problems += ["plan.docx: " + p for p in ooxml_check.check_docx(os.path.join(tmp, "plan.docx"))]
        problems += ["report.pdf: " + p for p in check_pdf(os.path.join(tmp, "report.pdf"))]
    return problems


def main(argv):
    makers = {"inbound": inbound, "html": html, "exe": exe}
    if len(argv) == 3 and argv[1] in makers:
        makers[argv[1]](argv[2])
        return 0
    if len(argv) == 5 and argv[1] == "ppap":
        ppap(argv[2], argv[3], argv[4])
        return 0
    if len(argv) == 4 and argv[1] in ("mynumber", "bench"):
        (mynumber if argv[1] == "mynumber" else bench)(argv[2], argv[3])
        return 0
    if len(argv) == 3 and argv[1] in ("check-inbound", "check-pdf"):
        check = check_inbound if argv[1] == "check-inbound" else check_pdf
        problems = check(argv[2])
        for p in problems:
            print(f"{argv[2]}: {p}", file=sys.stderr)
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
