// Every Application and Voice operation of Vonage's Node SDK (@vonage/server-sdk 3.x),
// unchanged, against `callboard-cli sandbox`, with `callboard-cli serve` answering the
// webhooks. Run by crates/cli/tests/sdk.rs, which starts both and passes their addresses
// in the environment. Prints `ok: <operation>` for each that works and exits 1 at the
// first that does not, saying what happened.
import { readFileSync } from "node:fs";
import http from "node:http";
import { Auth } from "@vonage/auth";
import { verifySignature } from "@vonage/jwt";
import { Vonage } from "@vonage/server-sdk";

const env = process.env;
const vonage = new Vonage(
  new Auth({
    apiKey: env.SANDBOX_API_KEY,
    apiSecret: env.SANDBOX_API_SECRET,
    applicationId: env.SANDBOX_APPLICATION_ID,
    privateKey: readFileSync(env.SANDBOX_PRIVATE_KEY),
  }),
  { apiHost: env.SANDBOX_URL, restHost: env.SANDBOX_URL },
);
const webhooks = env.WEBHOOK_BASE;
const answerUrl = `${webhooks}/api/hume-twilio/vonage-voice-webhook/`;

const ok = (operation) => console.log(`ok: ${operation}`);
const check = (condition, what) => {
  if (!condition) throw new Error(`${what}`);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(uuid, status) {
  for (let i = 0; i < 150; i++) {
    if ((await vonage.voice.getCall(uuid)).status === status) return;
    await sleep(100);
  }
  throw new Error(`call ${uuid} never became ${status}`);
}

try {
  // Application API
  const created = await vonage.applications.createApplication({ name: "node-sdk-app" });
  check(created.id && created.keys.privateKey.startsWith("-----BEGIN"), "created with keys");
  ok("createApplication");
  const fetched = await vonage.applications.getApplication(created.id);
  check(fetched.name === "node-sdk-app", `got ${fetched.name}`);
  ok("getApplication");
  const page = await vonage.applications.listApplications({ pageSize: 1, page: 1 });
  check(page.totalPages === 2 && page._embedded.applications.length === 1, "one page of two");
  ok("listApplications");
  const all = [];
  for await (const application of vonage.applications.listAllApplications({ pageSize: 1 })) all.push(application);
  check(all.length === 2, `listAllApplications followed _links.next to ${all.length} applications`);
  ok("listAllApplications (every page)");
  const renamed = await vonage.applications.updateApplication({ ...fetched, name: "node-sdk-app-renamed" });
  check(renamed.name === "node-sdk-app-renamed", `renamed ${renamed.name}`);
  ok("updateApplication");
  await vonage.applications.deleteApplication(created.id);
  ok("deleteApplication");

  // Voice API
  const call = await vonage.voice.createOutboundCall({
    to: [{ type: "phone", number: "447700900123" }],
    from: { type: "phone", number: env.SANDBOX_NUMBER },
    answerUrl: [answerUrl],
    eventUrl: [`${webhooks}/api/hume-twilio/vonage-event-callback/`],
  });
  check(call.uuid && call.status === "started", "created");
  ok("createOutboundCall");
  await waitFor(call.uuid, "answered");
  ok("getCall");
  const second = await vonage.voice.createOutboundCall({
    to: [{ type: "phone", number: "447700900124" }],
    randomFromNumber: true,
    answerUrl: [answerUrl],
  });
  await waitFor(second.uuid, "answered");
  const listed = [];
  for await (const c of vonage.voice.getAllCalls({ pageSize: 1 })) listed.push(c.uuid);
  check(listed.includes(call.uuid) && listed.includes(second.uuid), `getAllCalls followed next to ${listed.length}`);
  ok("getAllCalls (every page, absolute _links)");
  const found = await vonage.voice.search({ pageSize: 10, status: "answered" });
  check(found._embedded.calls.length >= 2, "search");
  ok("search");
  check((await vonage.voice.playTTS(call.uuid, { text: "Hello from Node" })).message === "Talk started", "talk");
  ok("playTTS");
  check((await vonage.voice.stopTTS(call.uuid)).message === "Talk stopped", "stop talk");
  ok("stopTTS");
  check((await vonage.voice.streamAudio(call.uuid, `${webhooks}/hold.wav`, 1, 0.5)).message === "Stream started", "stream");
  ok("streamAudio");
  check((await vonage.voice.stopStreamAudio(call.uuid)).message === "Stream stopped", "stop stream");
  ok("stopStreamAudio");
  check((await vonage.voice.playDTMF(call.uuid, "1#")).message === "DTMF sent", "dtmf");
  ok("playDTMF");
  await vonage.voice.subscribeDTMF(call.uuid, `${webhooks}/dtmf`);
  ok("subscribeDTMF");
  await vonage.voice.unsubscribeDTMF(call.uuid);
  ok("unsubscribeDTMF");
  for (const control of ["muteCall", "unmuteCall", "earmuffCall", "unearmuffCall"]) {
    await vonage.voice[control](call.uuid);
    ok(control);
  }
  await vonage.voice.transferCallWithNCCO(call.uuid, [{ action: "talk", text: "Transferred by Node" }]);
  ok("transferCallWithNCCO");
  await vonage.voice.transferCallWithURL(second.uuid, answerUrl);
  ok("transferCallWithURL");
  await vonage.voice.hangupCall(second.uuid);
  await waitFor(second.uuid, "completed");
  ok("hangupCall");

  // Signed webhooks: the application signs its callbacks; a receiver of the script's own
  // keeps the first event's token, and the SDK verifies it with the signature secret.
  const tokens = [];
  const receiver = http.createServer((request, response) => {
    tokens.push(request.headers.authorization ?? "");
    request.resume();
    request.on("end", () => response.end());
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const application = await vonage.applications.getApplication(env.SANDBOX_APPLICATION_ID);
  application.capabilities.voice.webhooks.eventUrl = {
    address: `http://127.0.0.1:${receiver.address().port}/events`,
    httpMethod: "POST",
  };
  application.capabilities.voice.signedCallbacks = true;
  await vonage.applications.updateApplication(application);
  const third = await vonage.voice.createOutboundCall({
    to: [{ type: "phone", number: "447700900125" }],
    randomFromNumber: true,
    answerUrl: [answerUrl],
  });
  for (let i = 0; i < 300 && tokens.length === 0; i++) await sleep(50);
  check(tokens[0]?.startsWith("Bearer "), `a signed event arrived: ${tokens[0]}`);
  const token = tokens[0].slice("Bearer ".length);
  check(verifySignature(token, env.SANDBOX_SIGNATURE_SECRET) === true, "verifies with the signature secret");
  check(verifySignature(token, "not-the-signature-secret-0123456789") === false, "not with another");
  await vonage.voice.hangupCall(third.uuid);
  receiver.close();
  ok("verifySignature (a signed event from the Sandbox)");
  console.log("node sdk: all operations passed");
  process.exit(0);
} catch (error) {
  console.error(error?.response ? `${error.message}: ${JSON.stringify(error.response?.data ?? error.response)}` : error);
  process.exit(1);
}
