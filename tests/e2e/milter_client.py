#!/usr/bin/env python3
"""The MTA side of the milter protocol, for what Debian's miltertest cannot do: it reads every
reply into a 1 KiB stack buffer (a replaced body or a header longer than that smashes its
stack), and it cannot send a malformed packet.

  milter_client.py send PORT IN.eml OUT.eml [RCPT]
                                              sends IN.eml to the milter on 127.0.0.1:PORT
                                              (envelope recipient RCPT, default
                                              staff@city.example.jp),
                                              applies its end-of-message changes and writes
                                              the result to OUT.eml; prints the final reply
  milter_client.py bad-length PORT            sends a packet header declaring 2 GiB and
                                              closes; exits 0 when the milter closes or
                                              refuses it without answering it as a command
"""
import socket
import struct
import sys

SMFIP_NOCONNECT, SMFIP_NOHELO, SMFIP_NOMAIL, SMFIP_NORCPT = 0x1, 0x2, 0x4, 0x8
SMFIP_NOBODY, SMFIP_NOHDRS, SMFIP_NOEOH = 0x10, 0x20, 0x40
SMFIP_NR_HDR, SMFIP_NR_CONN, SMFIP_NR_MAIL, SMFIP_NR_EOH, SMFIP_NR_BODY = (
    0x80, 0x1000, 0x4000, 0x40000, 0x80000)
FINAL = {b"a": "accept", b"c": "continue", b"d": "discard", b"r": "reject", b"t": "tempfail",
         b"y": "replycode"}


class Milter:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=300)
        self.sock.sendall(self.packet(b"O", struct.pack(">III", 6, 0x1FF, 0)))
        cmd, data = self.read()
        assert cmd == b"O", cmd
        _, self.actions, self.steps = struct.unpack(">III", data[:12])

    @staticmethod
    def packet(cmd, data=b""):
        return struct.pack(">I", len(data) + 1) + cmd + data

    def read(self):
        header = self.exact(5)
        length = struct.unpack(">I", header[:4])[0]
        return header[4:5], self.exact(length - 1)

    def exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise EOFError("the milter closed the connection")
            out += chunk
        return out

    def step(self, cmd, data, skip, no_reply):
        """Sends one command; returns its reply, or None when the milter asked for none."""
        if self.steps & skip:
            return None
        self.sock.sendall(self.packet(cmd, data))
        return None if self.steps & no_reply else self.read()

    def send(self, eml, rcpt=b"<staff@city.example.jp>"):
        head, _, body = eml.partition(b"\r\n\r\n")
        steps = [
            (b"C", b"mx.example.com\0" + b"4" + struct.pack(">H", 25) + b"192.0.2.1\0",
             SMFIP_NOCONNECT, SMFIP_NR_CONN),
            (b"M", b"<sender@example.com>\0", SMFIP_NOMAIL, SMFIP_NR_MAIL),
            (b"R", rcpt + b"\0", SMFIP_NORCPT, 0),
        ]
        for line in head.replace(b"\r\n ", b" ").replace(b"\r\n\t", b"\t").split(b"\r\n"):
            name, _, value = line.partition(b":")
            steps.append((b"L", name + b"\0" + value.lstrip() + b"\0", SMFIP_NOHDRS, SMFIP_NR_HDR))
        steps.append((b"N", b"", SMFIP_NOEOH, SMFIP_NR_EOH))
        for pos in range(0, len(body), 65535):
            steps.append((b"B", body[pos:pos + 65535], SMFIP_NOBODY, SMFIP_NR_BODY))
        for cmd, data, skip, no_reply in steps:
            reply = self.step(cmd, data, skip, no_reply)
            if reply is not None and reply[0] != b"c":
                return FINAL.get(reply[0], repr(reply[0])), [reply]
        self.sock.sendall(self.packet(b"E"))
        changes = []
        while True:
            cmd, data = self.read()
            changes.append((cmd, data))
            if cmd in FINAL:
                return FINAL[cmd], changes


def apply(eml, changes):
    """The message the MTA would deliver after the milter's header and body changes."""
    head, _, body = eml.partition(b"\r\n\r\n")
    fields = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1][1] += b"\r\n" + line
        else:
            name, _, value = line.partition(b":")
            fields.append([name, value])
    new_body = None
    for cmd, data in changes:
        if cmd == b"m":  # change or delete (empty value) the index-th field of that name
            index = struct.unpack(">I", data[:4])[0]
            name, value = data[4:].split(b"\0")[:2]
            same = [f for f in fields if f[0].lower() == name.lower()]
            if 1 <= index <= len(same):
                if value:
                    same[index - 1][1] = b" " + value
                else:
                    fields.remove(same[index - 1])
        elif cmd == b"h":
            name, value = data.split(b"\0")[:2]
            fields.append([name, b" " + value])
        elif cmd == b"b":
            new_body = (new_body or b"") + data
    head = b"\r\n".join(name + b":" + value for name, value in fields)
    return head + b"\r\n\r\n" + (body if new_body is None else new_body)


def main(argv):
    if len(argv) in (5, 6) and argv[1] == "send":
        with open(argv[3], "rb") as f:
            eml = f.read()
        rcpt = ("<%s>" % argv[5]).encode() if len(argv) == 6 else b"<staff@city.example.jp>"
        final, changes = Milter(int(argv[2])).send(eml, rcpt)
        with open(argv[4], "wb") as f:
            f.write(apply(eml, changes))
        replies = [c[1].rstrip(b"\0").decode(errors="replace") for c in changes if c[0] == b"y"]
        quarantine = [c[1].rstrip(b"\0").decode() for c in changes if c[0] == b"q"]
        print(final, *replies, *(["quarantine: " + q for q in quarantine]))
        return 0
    if len(argv) == 3 and argv[1] == "bad-length":
        sock = socket.create_connection(("127.0.0.1", int(argv[2])), timeout=30)
        try:
            sock.sendall(struct.pack(">I", 0x7FFFFFFF) + b"O" + b"\0" * 64)
            sock.shutdown(socket.SHUT_WR)
            data = sock.recv(64)
        except OSError:
            # Reset, or closed before our shutdown (ENOTCONN): the milter did not answer.
            data = b""
        print("the milter answered %r" % data if data else "the milter closed the connection")
        return 0 if not data else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
