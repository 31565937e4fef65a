"""Every Application and Voice operation of Vonage's Python SDK (vonage 4.x), unchanged,
against `callboard-cli sandbox --tls`, with `callboard-cli serve` answering the webhooks.

Run by crates/cli/tests/sdk.rs, which starts both and passes their addresses in the
environment. Prints `ok: <operation>` for each that works and exits 1 at the first that
does not, saying what happened.
"""

import http.server
import os
import sys
import threading
import time

from vonage import Auth, HttpClientOptions, Vonage
from vonage_application import (
    ApplicationConfig,
    Capabilities,
    ListApplicationsFilter,
    Voice,
    VoiceUrl,
    VoiceWebhooks,
)
from vonage_voice.models import (
    AudioStreamOptions,
    CreateCallRequest,
    ListCallsFilter,
    Phone,
    Talk,
    ToPhone,
    TtsStreamOptions,
)

env = os.environ
client = Vonage(
    Auth(
        api_key=env["SANDBOX_API_KEY"],
        api_secret=env["SANDBOX_API_SECRET"],
        application_id=env["SANDBOX_APPLICATION_ID"],
        private_key=env["SANDBOX_PRIVATE_KEY"],
    ),
    # The SDK builds https://{host}: the Sandbox's --tls listener, its CA trusted through
    # REQUESTS_CA_BUNDLE.
    HttpClientOptions(api_host=env["SANDBOX_HOST"], rest_host=env["SANDBOX_HOST"]),
)
webhooks = env["WEBHOOK_BASE"]


def ok(operation):
    print(f"ok: {operation}", flush=True)


def wait_for(uuid, status, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if client.voice.get_call(uuid).status == status:
            return
        time.sleep(0.1)
    sys.exit(f"call {uuid} never became {status}")


# Application API
created = client.application.create_application(ApplicationConfig(name="python-sdk-app"))
assert created.id and created.keys.private_key.startswith("-----BEGIN"), created
ok("create_application")
fetched = client.application.get_application(created.id)
assert fetched.name == "python-sdk-app", fetched
ok("get_application")
first, next_page = client.application.list_applications(ListApplicationsFilter(page_size=1))
assert len(first) == 1 and next_page == 2, (first, next_page)
rest, last = client.application.list_applications(ListApplicationsFilter(page_size=1, page=next_page))
assert len(rest) == 1 and last is None, (rest, last)
ok("list_applications (two pages, through _links)")
updated = client.application.update_application(created.id, ApplicationConfig(name="python-sdk-app-renamed"))
assert updated.name == "python-sdk-app-renamed", updated
ok("update_application")
client.application.delete_application(created.id)
ok("delete_application")

# Voice API
call = client.voice.create_call(
    CreateCallRequest(
        to=[ToPhone(number="447700900123")],
        from_=Phone(number=env["SANDBOX_NUMBER"]),
        answer_url=[f"{webhooks}/api/hume-twilio/vonage-voice-webhook/"],
        event_url=[f"{webhooks}/api/hume-twilio/vonage-event-callback/"],
    )
)
assert call.uuid and call.status == "started", call
ok("create_call")
wait_for(call.uuid, "answered")
ok("get_call")
calls, _ = client.voice.list_calls(ListCallsFilter(page_size=10))
assert any(c.uuid == call.uuid for c in calls), calls
ok("list_calls")
assert client.voice.play_tts_into_call(call.uuid, TtsStreamOptions(text="Hello from Python", level=0.5)).message == "Talk started"
ok("play_tts_into_call")
assert client.voice.stop_tts(call.uuid).message == "Talk stopped"
ok("stop_tts")
stream = AudioStreamOptions(stream_url=[f"{webhooks}/hold.wav"], level=0.5)
assert client.voice.play_audio_into_call(call.uuid, stream).message == "Stream started"
ok("play_audio_into_call")
assert client.voice.stop_audio_stream(call.uuid).message == "Stream stopped"
ok("stop_audio_stream")
assert client.voice.play_dtmf_into_call(call.uuid, dtmf="1#").message == "DTMF sent"
ok("play_dtmf_into_call")
for control in ("mute", "unmute", "earmuff", "unearmuff"):
    getattr(client.voice, control)(call.uuid)
    ok(control)
client.voice.transfer_call_ncco(call.uuid, [Talk(text="Transferred by Python")])
ok("transfer_call_ncco")
second = client.voice.create_call(
    CreateCallRequest(
        to=[ToPhone(number="447700900124")],
        random_from_number=True,
        answer_url=[f"{webhooks}/api/hume-twilio/vonage-voice-webhook/"],
    )
)
wait_for(second.uuid, "answered")
client.voice.transfer_call_answer_url(second.uuid, f"{webhooks}/api/hume-twilio/vonage-voice-webhook/")
ok("transfer_call_answer_url")
client.voice.hangup(second.uuid)
wait_for(second.uuid, "completed")
ok("hangup")

# Signed webhooks: the application signs its callbacks, a receiver of the script's own
# keeps the Authorization header of the first event, and the SDK verifies it with the
# signature secret the Sandbox printed.
tokens = []


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        tokens.append(self.headers.get("Authorization", ""))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


receiver = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=receiver.serve_forever, daemon=True).start()
signed = ApplicationConfig(
    name="callboard-sandbox",
    capabilities=Capabilities(
        voice=Voice(
            webhooks=VoiceWebhooks(
                answer_url=VoiceUrl(address=f"{webhooks}/api/hume-twilio/vonage-voice-webhook/", http_method="GET"),
                event_url=VoiceUrl(address=f"http://127.0.0.1:{receiver.server_port}/events", http_method="POST"),
            ),
            signed_callbacks=True,
        )
    ),
)
client.application.update_application(env["SANDBOX_APPLICATION_ID"], signed)
third = client.voice.create_call(
    CreateCallRequest(
        to=[ToPhone(number="447700900125")],
        random_from_number=True,
        answer_url=[f"{webhooks}/api/hume-twilio/vonage-voice-webhook/"],
    )
)
deadline = time.time() + 15
while not tokens and time.time() < deadline:
    time.sleep(0.05)
assert tokens and tokens[0].startswith("Bearer "), tokens
token = tokens[0][len("Bearer "):]
assert client.voice.verify_signature(token, env["SANDBOX_SIGNATURE_SECRET"]) is True
try:
    wrong = client.voice.verify_signature(token, "not-the-signature-secret-0123456789")
except Exception:
    wrong = False
assert wrong is False, "a wrong secret does not verify"
client.voice.hangup(third.uuid)
ok("verify_signature (a signed event from the Sandbox)")
print("python sdk: all operations passed")
