import { describe, expect, it } from "vitest";
import { pcmToFloat, wavSeconds } from "./audio";

/** A mono 16-bit WAV of `samples` at `rate`, as hound writes it. */
function wav(rate: number, samples: number[]): ArrayBuffer {
  const bytes = new ArrayBuffer(44 + samples.length * 2);
  const view = new DataView(bytes);
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => view.setInt16(44 + i * 2, s, true));
  return bytes;
}

describe("pcmToFloat", () => {
  it("reads little-endian 16-bit samples as floats", () => {
    const frame = new Uint8Array([0x00, 0x00, 0x00, 0x40, 0x00, 0x80, 0xff, 0x7f]).buffer;
    expect(Array.from(pcmToFloat(frame))).toEqual([0, 0.5, -1, 32767 / 32768]);
  });

  it("ignores a dangling odd byte", () => {
    expect(pcmToFloat(new Uint8Array([1, 0, 9]).buffer).length).toBe(1);
  });
});

describe("wavSeconds", () => {
  it("measures a WAV from its header", () => {
    expect(wavSeconds(wav(16000, new Array(8000).fill(0)))).toBe(0.5);
    expect(wavSeconds(wav(8000, new Array(800).fill(0)))).toBe(0.1);
  });

  it("says null for anything else", () => {
    expect(wavSeconds(new ArrayBuffer(10))).toBeNull();
    expect(wavSeconds(new TextEncoder().encode("x".repeat(64)).buffer)).toBeNull();
  });
});

