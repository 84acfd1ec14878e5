"""A local SMTP server that accepts everything and counts each Message-ID it accepted (bench_mail_crash).

Just enough of RFC 5321 for Django's SMTP backend without TLS or login: greeting, EHLO/HELO, MAIL, RCPT,
DATA (dot-unstuffed until the lone dot), RSET, NOOP, QUIT. A message counts once the 250 after its data
is on its way: from then on, for the sender, the server has it.
"""

import socketserver
import threading
from collections import Counter


class SmtpSink:
    def __init__(self, host="127.0.0.1"):
        self.accepted = Counter()  # Message-ID -> times accepted
        self.lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                try:
                    sink._converse(self.rfile, self.wfile)
                except ConnectionError:
                    pass  # a worker killed in the middle of a conversation

        self.server = socketserver.ThreadingTCPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def count(self, message_id):
        with self.lock:
            return self.accepted[message_id]

    def snapshot(self):
        with self.lock:
            return Counter(self.accepted)

    def _converse(self, rfile, wfile):
        def reply(line):
            wfile.write(line.encode("ascii") + b"\r\n")
            wfile.flush()

        reply("220 sink ESMTP")
        while line := rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                reply("250-sink")
                reply("250 8BITMIME")
            elif verb == b"DATA":
                reply("354 End data with <CR><LF>.<CR><LF>")
                message_id = self._read_data(rfile)
                with self.lock:
                    self.accepted[message_id] += 1
                reply("250 2.0.0 Ok: queued")
            elif verb == b"QUIT":
                reply("221 2.0.0 Bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                reply("250 2.0.0 Ok")

    @staticmethod
    def _read_data(rfile):
        message_id, in_headers = "", True
        while (line := rfile.readline()) not in (b".\r\n", b".\n", b""):
            if in_headers and line in (b"\r\n", b"\n"):
                in_headers = False
            elif in_headers and line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip().decode("ascii", "replace")
        return message_id
