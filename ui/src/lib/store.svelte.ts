// The frame's state: fetched by command, refetched when core says something changed.
import type { AppState, ListenerStatus, UiError } from "./bindings";
import type { Backend } from "./backend";
import { toUiError } from "./errors";
import { type PhoneCall, applyPhoneEvent } from "./phone/phone";
import { Task } from "./task.svelte";

export class AppStore {
  state = $state<AppState | null>(null);
  loadError = $state<UiError | null>(null);
  /** The frame's actions (the listener's port, commands that answer with the state). */
  private readonly task = new Task();

  /** Whether one of them is running. */
  get busy(): boolean {
    return this.task.busy;
  }
  /** A new tunnel address ngrok reported, until the person acts on it. */
  tunnelChange = $state<{ previous: string; current: string } | null>(null);
  /** The Sandbox phone's call, followed from app start so no section misses its start. */
  phoneCall = $state<PhoneCall | null>(null);

  constructor(private readonly backend: Backend) {}

  /** Fetches the state and keeps it fresh; returns a function that stops listening. */
  async start(): Promise<() => void> {
    const stop = await this.backend.onCoreEvent((event) => {
      if (event.type === "listener_changed") this.applyListener(event.status);
      else if (event.type === "tunnel_changed") this.tunnelChange = { previous: event.previous, current: event.current };
      else if (event.type === "profiles_changed") void this.refresh();
      else if (event.type === "phone") this.phoneCall = applyPhoneEvent(this.phoneCall, event.event);
      else if (event.type === "storage_changed" && this.state) this.state = { ...this.state, storage_problem: event.problem };
    });
    await this.refresh();
    return stop;
  }

  async refresh(): Promise<void> {
    try {
      this.state = await this.backend.call("app_state", {});
      this.loadError = null;
    } catch (thrown) {
      this.loadError = toUiError(thrown);
    }
  }

  /** Moves the listener; on failure the error is returned and nothing else changes. */
  async setListenerPort(port: number): Promise<UiError | null> {
    return this.run(() => this.backend.call("set_listener_port", { port }));
  }

  /** Runs a command that answers with the new state; returns its error, if any. */
  async update(action: () => Promise<AppState>): Promise<UiError | null> {
    return this.task.failure(async () => (this.state = await action()));
  }

  async restartListener(): Promise<UiError | null> {
    return this.run(() => this.backend.call("restart_listener", {}));
  }

  private async run(action: () => Promise<ListenerStatus>): Promise<UiError | null> {
    return this.task.failure(async () => {
      this.applyListener(await action());
      await this.refresh();
    });
  }

  private applyListener(status: ListenerStatus): void {
    if (this.state) this.state = { ...this.state, listener: status };
  }
}
