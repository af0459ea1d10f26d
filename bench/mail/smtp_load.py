#!/usr/bin/env python3
"""The client of the mail bench (bench/mail/run.sh): sends COUNT copies of a mail over SENDERS
concurrent SMTP connections and waits until all of them are in the Maildir.

  smtp_load.py PORT EML COUNT SENDERS MAILDIR_NEW

Each copy gets its own Message-ID. Prints one line: mails, seconds until the last one was
accepted (submit_s; the milter's work is inside the SMTP transaction), seconds until the last
one was delivered (total_s, the figure) and mails/s.
"""
import os
import smtplib
import sys
import threading
import time


def delivered(maildir):
    try:
        return len(os.listdir(maildir))
    except FileNotFoundError:
        return 0


def main(argv):
    if len(argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    port, count, senders, maildir = int(argv[1]), int(argv[3]), int(argv[4]), argv[5]
    with open(argv[2], "rb") as f:
        mail = f.read()
    before = delivered(maildir)
    next_index = iter(range(count))
    lock = threading.Lock()
    errors = []

    def sender():
        with smtplib.SMTP("127.0.0.1", port, timeout=600) as smtp:
            while True:
                with lock:
                    index = next(next_index, None)
                if index is None:
                    return
                copy = mail.replace(b"Message-ID: <", b"Message-ID: <%d." % index, 1)
                try:
                    smtp.sendmail("sender@example.com", ["staff@city.example.jp"], copy)
                except smtplib.SMTPException as e:
                    errors.append(str(e))
                    return

    start = time.monotonic()
    threads = [threading.Thread(target=sender) for _ in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    submitted = time.monotonic() - start
    if errors:
        print("SMTP errors: %s" % errors[:3], file=sys.stderr)
        return 1
    while delivered(maildir) < before + count:
        if time.monotonic() - start > 900:
            print("not all mails were delivered within 15 minutes", file=sys.stderr)
            return 1
        time.sleep(0.05)
    total = time.monotonic() - start
    print(f"mails={count} submit_s={submitted:.2f} total_s={total:.2f} rate={count / total:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
