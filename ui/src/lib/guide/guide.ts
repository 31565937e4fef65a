// The first-call guide's steps, in order, with what each does on the Sandbox and on a
// Vonage account.

export type GuideStepId = "platform" | "credentials" | "tunnel" | "webhooks" | "ncco" | "call";

export interface GuideStep {
  id: GuideStepId;
  title: string;
  /** What the step does on the Sandbox. */
  sandbox: string;
  /** What it does with a Vonage account. */
  vonage: string;
  /** The button's words. */
  action: string;
}

export const GUIDE_STEPS: readonly GuideStep[] = [
  {
    id: "platform",
    title: "Choose where calls go",
    sandbox: "The Sandbox simulates Vonage on this computer: no account, no phone, no network.",
    vonage: "A Vonage account needs its API key, secret, application and private key in Connect.",
    action: "Use the Sandbox",
  },
  {
    id: "credentials",
    title: "Check the credentials",
    sandbox: "The Sandbox's own account is checked as Vonage would check yours.",
    vonage: "Vonage must accept the key and secret, know the application, and match its private key.",
    action: "Check them",
  },
  {
    id: "tunnel",
    title: "Give Vonage a way in",
    sandbox: "The Sandbox reaches the listener directly.",
    vonage: "Vonage reaches this computer through a tunnel: start `ngrok http <port>` and Callboard finds and proves it.",
    action: "Set it up",
  },
  {
    id: "webhooks",
    title: "Point the application at Callboard",
    sandbox: "The application's answer, event and fallback URLs become the listener's.",
    vonage: "The application's answer, event and fallback URLs become the tunnel's; Undo puts them back.",
    action: "Push the webhooks",
  },
  {
    id: "ncco",
    title: "Choose what callers hear",
    sandbox: "An NCCO from a template becomes the one the answer webhook serves.",
    vonage: "An NCCO from a template becomes the one the answer webhook serves.",
    action: "Use this template",
  },
  {
    id: "call",
    title: "Place a test call and watch it",
    sandbox: "The virtual phone answers; the call's timeline opens.",
    vonage: "Your phone rings; the call's timeline opens.",
    action: "Call",
  },
];
