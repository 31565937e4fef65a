// Listen-in and recordings: 16-bit PCM frames turned into Web Audio buffers and played a
// little behind real time, and what a WAV file's header says about its length.

/** 16-bit little-endian PCM as Web Audio's floats in [-1, 1). */
export function pcmToFloat(frame: ArrayBuffer): Float32Array {
  const view = new DataView(frame);
  const out = new Float32Array(Math.floor(frame.byteLength / 2));
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 32768;
  return out;
}

/** How far behind the live audio playback runs, to absorb network jitter (seconds). */
export const JITTER_BUFFER = 0.1;

/** Plays a live stream's frames on the desktop's speakers, in order and without gaps. */
export class PcmPlayer {
  private readonly context: AudioContext;
  private next = 0;

  /** Throws when this computer has no audio output the web view may use. */
  constructor(private readonly rate: number) {
    this.context = new AudioContext();
  }

  play(frame: ArrayBuffer): void {
    const samples = pcmToFloat(frame);
    if (samples.length === 0) return;
    const buffer = this.context.createBuffer(1, samples.length, this.rate);
    buffer.getChannelData(0).set(samples);
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    const now = this.context.currentTime;
    // After a stall, start again a jitter buffer ahead rather than play late audio at once.
    if (this.next < now) this.next = now + JITTER_BUFFER;
    source.start(this.next);
    this.next += buffer.duration;
  }

  close(): void {
    void this.context.close();
  }
}

/** A WAV file's duration in seconds from its header, or null when it is not a PCM WAV. */
export function wavSeconds(bytes: ArrayBuffer): number | null {
  if (bytes.byteLength < 44) return null;
  const view = new DataView(bytes);
  const tag = (at: number) => String.fromCharCode(...new Uint8Array(bytes, at, 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") return null;
  let at = 12;
  let byteRate = 0;
  while (at + 8 <= bytes.byteLength) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === "fmt ") byteRate = view.getUint32(at + 16, true);
    if (id === "data") return byteRate > 0 ? Math.min(size, bytes.byteLength - at - 8) / byteRate : null;
    at += 8 + size + (size % 2);
  }
  return null;
}

/** A recording being played through Web Audio. */
export interface Playback {
  /** Its length. */
  seconds: number;
  /** Resolves when it has played to the end or was stopped. */
  ended: Promise<void>;
  stop(): void;
}

/**
 * Decodes a WAV file and plays it on the desktop's speakers through Web Audio (WebKitGTK's
 * media element cannot load a recording held in memory, but Web Audio plays it).
 * Rejects when the file cannot be decoded or the computer has no audio output.
 */
export async function playWav(bytes: ArrayBuffer): Promise<Playback> {
  const context = new AudioContext();
  try {
    const buffer = await context.decodeAudioData(bytes.slice(0));
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    const ended = new Promise<void>((resolve) => {
      source.onended = () => {
        void context.close();
        resolve();
      };
    });
    source.start();
    return { seconds: buffer.duration, ended, stop: () => source.stop() };
  } catch (error) {
    void context.close();
    throw error;
  }
}
