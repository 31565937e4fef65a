// Words and checks for the webhook listener, shared by the status bar and the forms.
import type { ListenerStatus } from "./bindings";

export type Tone = "ok" | "warn" | "bad" | "idle";

/** A short status for the status bar. */
export function describeListener(status: ListenerStatus): { text: string; tone: Tone } {
  switch (status.state) {
    case "running":
      return { text: `Listening on ${status.address}`, tone: "ok" };
    case "port_busy":
      return { text: `Port ${status.port} is in use`, tone: "warn" };
    case "failed":
      return { text: `Not listening on port ${status.port}`, tone: "bad" };
    case "stopped":
      return { text: "Listener stopped", tone: "idle" };
  }
}

/** The port the listener is on or was asked for, when there is one. */
export function listenerPort(status: ListenerStatus): number | undefined {
  return status.state === "stopped" ? undefined : status.port;
}

/** Checks a typed port before it is sent: a whole number from 1024 to 65535. */
export function parsePort(text: string): { port: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { error: "Enter a port number." };
  if (!/^\d+$/.test(trimmed)) return { error: "A port is a whole number, like 3000." };
  const port = Number(trimmed);
  if (port < 1024 || port > 65535) return { error: "Choose a port from 1024 to 65535." };
  return { port };
}

/** The ngrok command that forwards a public URL to the listener. */
export function ngrokCommand(port: number): string {
  return `ngrok http ${port}`;
}
