"""An ordinary voice backend that implements the keypad menu of
examples/flows/keypad-menu.json with nothing but Python's standard library, for the
call tests' own tests: `callboard-cli test examples/tests --answer-url .../answer`
must pass against it, and fail on the right step against `--broken`, whose menu sends
2 to sales.

Usage: python3 menu_backend.py [--broken]   (prints {"listening": "http://127.0.0.1:PORT"})
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

BROKEN = "--broken" in sys.argv
MENU_TEXT = "Thank you for calling. Press 1 for sales, or 2 for support."
misses = {}
lock = threading.Lock()


def menu(base):
    return [
        {"action": "talk", "text": MENU_TEXT, "bargeIn": True},
        {"action": "input", "type": ["dtmf"], "dtmf": {"maxDigits": 1, "timeOut": 5},
         "eventUrl": [base + "/input"]},
    ]


def sales():
    return [
        {"action": "talk", "text": "Connecting you to our sales team."},
        {"action": "connect", "from": "447700900099",
         "endpoint": [{"type": "phone", "number": "447700900001"}]},
    ]


def support():
    return [
        {"action": "talk", "text": "You have reached support. Please leave a message after the tone, then press the hash key."},
        {"action": "record", "beepStart": True, "endOnKey": "#", "endOnSilence": 3, "timeOut": 120},
        {"action": "talk", "text": "Thank you. Our support team will call you back. Goodbye."},
    ]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def base(self):
        return "http://" + self.headers["Host"]

    def reply(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if urlparse(self.path).path == "/answer":
            self.reply(menu(self.base()))
        else:
            self.send_response(404)
            self.end_headers()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        path = urlparse(self.path).path
        if path == "/event":
            self.send_response(200)
            self.end_headers()
            return
        if path != "/input":
            self.send_response(404)
            self.end_headers()
            return
        uuid = body.get("uuid", "")
        digits = (body.get("dtmf") or {}).get("digits") or ""
        if digits == "1" or (BROKEN and digits == "2"):
            self.reply(sales())
        elif digits == "2":
            self.reply(support())
        elif digits == "":
            with lock:
                misses[uuid] = misses.get(uuid, 0) + 1
                count = misses[uuid]
            if count < 3:
                self.reply(menu(self.base()))
            else:
                self.reply([{"action": "talk", "text": "We did not hear from you. Goodbye."}])
        else:
            self.reply([{"action": "talk", "text": "Sorry, I didn't get that."}] + menu(self.base()))


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(json.dumps({"listening": "http://127.0.0.1:%d" % server.server_address[1]}), flush=True)
server.serve_forever()
