// Over 400 lines on purpose: the RFC 6455 frame rules of one parser (unmask, every frame and
// close-code rule, and the seeded differential fuzz against ws's Receiver) share the frame
// builders at the top; the fuzz is the oracle for the cases above it, so they stay together.
import { isUtf8 } from "node:buffer";
import { describe, expect, it, vi } from "vitest";
import * as wsModule from "ws";
import {
  CLOSE_MESSAGE_TOO_BIG,
  CLOSE_PROTOCOL_ERROR,
  type FrameHandler,
  FrameParser,
  isValidCloseCode,
  PREALLOCATE_MAX_BYTES,
  unmask,
} from "./FrameParser";

type Event =
  | { kind: "message"; binary: boolean; data: string }
  | { kind: "ping" | "pong" | "close"; data: string }
  | { kind: "error"; code: number };

/** Records what the parser reports (payloads as hex, copied: they may be views into chunks). */
class Recorder implements FrameHandler {
  events: Event[] = [];
  onFrameMessage(data: Buffer, binary: boolean): void {
    this.events.push({ kind: "message", binary, data: data.toString("hex") });
  }
  onFramePing(payload: Buffer): void {
    this.events.push({ kind: "ping", data: payload.toString("hex") });
  }
  onFramePong(payload: Buffer): void {
    this.events.push({ kind: "pong", data: payload.toString("hex") });
  }
  onFrameClose(payload: Buffer): void {
    this.events.push({ kind: "close", data: payload.toString("hex") });
  }
  onFrameError(code: number): void {
    this.events.push({ kind: "error", code });
  }
}

/** A small deterministic PRNG (mulberry32), so failures can be replayed from the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface FrameOptions {
  fin?: boolean;
  rsv?: number;
  masked?: boolean;
  mask?: number[];
  /** Force the 64-bit length form's high word (to test the top bit). */
  high32?: number;
}

/** A client frame, masked unless told otherwise, with the shortest length form. */
function frame(opcode: number, payload: Uint8Array, options: FrameOptions = {}): Buffer {
  const { fin = true, rsv = 0, masked = true, mask = [0x12, 0x34, 0x56, 0x78] } = options;
  const length = payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = masked ? 0x80 : 0;
  if (options.high32 !== undefined) {
    head.push(maskBit | 127);
    const b = Buffer.alloc(8);
    b.writeUInt32BE(options.high32, 0);
    b.writeUInt32BE(length >>> 0, 4);
    head.push(...b);
  } else if (length < 126) {
    head.push(maskBit | length);
  } else if (length <= 0xffff) {
    head.push(maskBit | 126, length >> 8, length & 0xff);
  } else {
    const b = Buffer.alloc(8);
    b.writeUInt32BE(Math.floor(length / 2 ** 32), 0);
    b.writeUInt32BE(length >>> 0, 4);
    head.push(maskBit | 127, ...b);
  }
  const body = Buffer.from(payload);
  if (masked) {
    head.push(...mask);
    for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ mask[i & 3]!;
  }
  return Buffer.concat([Buffer.from(head), body]);
}

function bytes(length: number, seed = 1): Buffer {
  const random = prng(seed);
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

const MAX = 1024 * 1024;

/** Parses `chunks` (copied first: the parser unmasks in place) and returns the events. */
function parse(chunks: Buffer[], max = MAX): Event[] {
  const recorder = new Recorder();
  const parser = new FrameParser(recorder, max);
  for (const chunk of chunks) parser.push(Buffer.from(chunk));
  return recorder.events;
}

/** `input` cut at the given offsets. */
function cut(input: Buffer, at: number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const offset of at) {
    out.push(input.subarray(from, offset));
    from = offset;
  }
  out.push(input.subarray(from));
  return out;
}

const hex = (data: Uint8Array | string): string => Buffer.from(data).toString("hex");

describe("unmask", () => {
  it("matches a byte-at-a-time XOR for every start, length and phase", () => {
    const mask = 0xa1b2c3d4;
    const key = [0xa1, 0xb2, 0xc3, 0xd4];
    for (let start = 0; start < 5; start++) {
      for (let length = 0; length < 12; length++) {
        for (let phase = 0; phase < 4; phase++) {
          const buf = bytes(20, start * 100 + length);
          const expected = Buffer.from(buf);
          for (let i = 0; i < length; i++) {
            expected[start + i] = expected[start + i]! ^ key[(phase + i) & 3]!;
          }
          unmask(buf, start, start + length, mask, phase);
          expect(hex(buf), `start ${start} length ${length} phase ${phase}`).toBe(hex(expected));
        }
      }
    }
  });
});

describe("FrameParser", () => {
  it("reads every frame kind", () => {
    const stream = Buffer.concat([
      frame(0x2, Buffer.from([1, 2, 3])),
      frame(0x1, Buffer.from("héllo")),
      frame(0x9, Buffer.from("pi")),
      frame(0xa, Buffer.from("po")),
      frame(0x8, Buffer.from([0x03, 0xe8, 0x62, 0x79, 0x65])),
    ]);
    expect(parse([stream])).toEqual([
      { kind: "message", binary: true, data: "010203" },
      { kind: "message", binary: false, data: hex("héllo") },
      { kind: "ping", data: hex("pi") },
      { kind: "pong", data: hex("po") },
      { kind: "close", data: "03e8627965" },
    ]);
  });

  it("stops at a close frame", () => {
    const stream = Buffer.concat([frame(0x8, Buffer.alloc(0)), frame(0x2, Buffer.from([1]))]);
    expect(parse([stream])).toEqual([{ kind: "close", data: "" }]);
  });

  for (const length of [0, 1, 125, 126, 127, 65535, 65536, 70 * 1024]) {
    it(`unmasks a ${length}-byte payload, whole or cut anywhere`, () => {
      const payload = bytes(length, length);
      const input = frame(0x2, payload, { mask: [0xde, 0xad, 0xbe, 0xef] });
      const expected = [{ kind: "message", binary: true, data: hex(payload) }];
      expect(parse([input])).toEqual(expected);
      // Every cut inside the header and the first bytes, then a sample of the rest.
      const cuts = new Set<number>();
      for (let i = 1; i < Math.min(input.length, 40); i++) cuts.add(i);
      for (let i = 40; i < input.length; i += Math.max(1, Math.floor(input.length / 50))) {
        cuts.add(i);
      }
      for (const at of cuts) expect(parse(cut(input, [at])), `cut at ${at}`).toEqual(expected);
      // One byte per chunk (small frames only: the rest is covered by the cuts above).
      if (length <= 300) {
        const single = [...input].map((byte) => Buffer.from([byte]));
        expect(parse(single)).toEqual(expected);
      }
    });
  }

  it("gives the same events however a stream of frames is cut (every boundary, pairs)", () => {
    const stream = Buffer.concat([
      frame(0x2, bytes(3)),
      frame(0x1, Buffer.from("a"), { fin: false }),
      frame(0x9, Buffer.from("p")),
      frame(0x0, Buffer.from("b"), { fin: false }),
      frame(0xa, Buffer.alloc(0)),
      frame(0x0, Buffer.from("c")),
      frame(0x2, bytes(130, 2)),
      frame(0x8, Buffer.from([0x0f, 0xa0])),
    ]);
    const expected = parse([stream]);
    expect(expected.map((event) => event.kind)).toEqual([
      "message",
      "ping",
      "pong",
      "message",
      "message",
      "close",
    ]);
    expect(expected[3]).toEqual({ kind: "message", binary: false, data: hex("abc") });
    for (let i = 1; i < stream.length; i++) {
      expect(parse(cut(stream, [i])), `cut at ${i}`).toEqual(expected);
      for (let j = i + 1; j < stream.length; j += 7) {
        expect(parse(cut(stream, [i, j])), `cuts at ${i}, ${j}`).toEqual(expected);
      }
    }
  });

  it("assembles fragments with pings between them, binary and text", () => {
    const a = bytes(200, 3);
    const b = bytes(70_000, 4);
    const stream = Buffer.concat([
      frame(0x2, a, { fin: false }),
      frame(0x9, Buffer.from("x")),
      frame(0x0, Buffer.alloc(0), { fin: false }),
      frame(0x9, Buffer.from("y")),
      frame(0x0, b),
      frame(0x1, Buffer.alloc(0), { fin: false }),
      frame(0x0, Buffer.alloc(0)),
    ]);
    const expected = [
      { kind: "ping", data: hex("x") },
      { kind: "ping", data: hex("y") },
      { kind: "message", binary: true, data: hex(Buffer.concat([a, b])) },
      { kind: "message", binary: false, data: "" },
    ];
    expect(parse([stream])).toEqual(expected);
    const random = prng(7);
    for (let round = 0; round < 50; round++) {
      const cuts = Array.from({ length: 5 }, () => Math.floor(random() * stream.length)).sort(
        (x, y) => x - y,
      );
      expect(parse(cut(stream, cuts)), `cuts ${cuts.join(",")}`).toEqual(expected);
    }
  });

  it("assembles thousands of tiny fragments into one message", () => {
    const random = prng(11);
    const pieces = Array.from({ length: 5_000 }, (_, i) => bytes(Math.floor(random() * 4), i));
    const stream = Buffer.concat(
      pieces.map((piece, i) => frame(i === 0 ? 0x2 : 0x0, piece, { fin: i === pieces.length - 1 })),
    );
    const cuts = Array.from({ length: 20 }, () => Math.floor(random() * stream.length)).sort(
      (x, y) => x - y,
    );
    expect(parse(cut(stream, cuts))).toEqual([
      { kind: "message", binary: true, data: hex(Buffer.concat(pieces)) },
    ]);
  });

  const errors: Array<[string, Buffer, number]> = [
    ["an unmasked frame", frame(0x2, Buffer.from([1]), { masked: false }), CLOSE_PROTOCOL_ERROR],
    ["RSV1 set", frame(0x2, Buffer.from([1]), { rsv: 4 }), CLOSE_PROTOCOL_ERROR],
    ["RSV3 set", frame(0x2, Buffer.from([1]), { rsv: 1 }), CLOSE_PROTOCOL_ERROR],
    ["opcode 3", frame(0x3, Buffer.from([1])), CLOSE_PROTOCOL_ERROR],
    ["opcode 7", frame(0x7, Buffer.from([1])), CLOSE_PROTOCOL_ERROR],
    ["opcode 0xb", frame(0xb, Buffer.alloc(0)), CLOSE_PROTOCOL_ERROR],
    ["opcode 0xf", frame(0xf, Buffer.alloc(0)), CLOSE_PROTOCOL_ERROR],
    ["a fragmented ping", frame(0x9, Buffer.alloc(0), { fin: false }), CLOSE_PROTOCOL_ERROR],
    ["a fragmented close", frame(0x8, Buffer.alloc(0), { fin: false }), CLOSE_PROTOCOL_ERROR],
    ["a 126-byte ping", frame(0x9, Buffer.alloc(126)), CLOSE_PROTOCOL_ERROR],
    ["a 126-byte close", frame(0x8, Buffer.alloc(126)), CLOSE_PROTOCOL_ERROR],
    ["a continuation first", frame(0x0, Buffer.from([1])), CLOSE_PROTOCOL_ERROR],
    [
      "a binary frame inside a fragmented message",
      Buffer.concat([frame(0x2, Buffer.from([1]), { fin: false }), frame(0x2, Buffer.from([2]))]),
      CLOSE_PROTOCOL_ERROR,
    ],
    [
      "a text frame inside a fragmented message",
      Buffer.concat([frame(0x1, Buffer.from("a"), { fin: false }), frame(0x1, Buffer.from("b"))]),
      CLOSE_PROTOCOL_ERROR,
    ],
    [
      "a continuation after a finished message",
      Buffer.concat([frame(0x2, Buffer.from([1])), frame(0x0, Buffer.from([2]))]),
      CLOSE_PROTOCOL_ERROR,
    ],
    [
      "a 64-bit length with the top bit set",
      frame(0x2, Buffer.alloc(0), { high32: 0x8000_0000 }),
      CLOSE_PROTOCOL_ERROR,
    ],
  ];
  for (const [name, input, code] of errors) {
    it(`${name} → ${code}, whole or cut anywhere, and nothing after`, () => {
      const withMore = Buffer.concat([input, frame(0x2, Buffer.from([9]))]);
      const events = parse([withMore]);
      expect(events.at(-1)).toEqual({ kind: "error", code });
      expect(events.filter((event) => event.kind === "error")).toHaveLength(1);
      for (let i = 1; i < withMore.length; i++) {
        expect(parse(cut(withMore, [i])), `cut at ${i}`).toEqual(events);
      }
    });
  }

  it("refuses a message over maxPayloadBytes from its header, before buffering (4413, never 1009)", () => {
    const max = 1000;
    // Only the header: the payload is never sent, yet the error comes.
    const header = frame(0x2, Buffer.alloc(1001)).subarray(0, 8);
    expect(parse([header], max)).toEqual([{ kind: "error", code: CLOSE_MESSAGE_TOO_BIG }]);
    expect(parse([frame(0x2, Buffer.alloc(1000))], max)).toHaveLength(1);
    // A 64-bit length of 2^53 − 1 (not a protocol error, just too big).
    const huge = frame(0x2, Buffer.alloc(0), { high32: 0x1f_ffff });
    expect(parse([huge.subarray(0, 10)], max)).toEqual([
      { kind: "error", code: CLOSE_MESSAGE_TOO_BIG },
    ]);
    // Fragments count together.
    const fragmented = Buffer.concat([
      frame(0x2, Buffer.alloc(600), { fin: false }),
      frame(0x9, Buffer.alloc(0)),
      frame(0x0, Buffer.alloc(401)),
    ]);
    expect(parse([fragmented], max)).toEqual([
      { kind: "ping", data: "" },
      { kind: "error", code: CLOSE_MESSAGE_TOO_BIG },
    ]);
    // Control frames do not count.
    const controlBetween = Buffer.concat([
      frame(0x2, Buffer.alloc(900), { fin: false }),
      frame(0x9, Buffer.alloc(125)),
      frame(0x0, Buffer.alloc(100)),
    ]);
    expect(parse([controlBetween], max).map((event) => event.kind)).toEqual(["ping", "message"]);
  });

  it("does not allocate a large frame's announced length before its bytes arrive", () => {
    const input = frame(0x2, bytes(MAX, 9));
    const spy = vi.spyOn(Buffer, "allocUnsafe");
    try {
      const recorder = new Recorder();
      const parser = new FrameParser(recorder, MAX);
      parser.push(Buffer.from(input.subarray(0, 20)));
      expect(spy.mock.calls.filter(([size]) => size > PREALLOCATE_MAX_BYTES)).toEqual([]);
      parser.push(Buffer.from(input.subarray(20)));
      expect(recorder.events).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("delivers a frame inside one chunk as a view into it (no copy)", () => {
    const chunk = frame(0x2, Buffer.from([1, 2, 3, 4, 5]));
    let seen: Buffer | undefined;
    const parser = new FrameParser(
      Object.assign(new Recorder(), {
        onFrameMessage: (data: Buffer) => {
          seen = data;
        },
      }),
      MAX,
    );
    parser.push(chunk);
    expect(seen?.buffer).toBe(chunk.buffer);
    expect([...(seen ?? [])]).toEqual([1, 2, 3, 4, 5]);
  });

  it("never throws on random bytes or mutated frames (seeded fuzz)", () => {
    const seed = Number(process.env.FRAME_FUZZ_SEED ?? 0x5eed);
    const random = prng(seed);
    const valid = [
      frame(0x2, bytes(10, 5)),
      frame(0x1, Buffer.from("text"), { fin: false }),
      frame(0x0, bytes(200, 6)),
      frame(0x9, Buffer.from("p")),
      frame(0xa, Buffer.alloc(0)),
      frame(0x8, Buffer.from([0x03, 0xe8])),
      frame(0x2, bytes(300, 7)),
    ];
    const validStream = Buffer.concat(valid);
    for (let round = 0; round < 2_000; round++) {
      let input: Buffer;
      if (round % 2 === 0) {
        input = bytes(1 + Math.floor(random() * 300), Math.floor(random() * 2 ** 31));
      } else {
        input = Buffer.from(validStream);
        const flips = 1 + Math.floor(random() * 4);
        for (let f = 0; f < flips; f++) {
          input[Math.floor(random() * input.length)] = Math.floor(random() * 256);
        }
      }
      const cuts = Array.from({ length: Math.floor(random() * 4) }, () =>
        Math.floor(random() * input.length),
      ).sort((x, y) => x - y);
      let events: Event[] = [];
      try {
        events = parse(cut(input, cuts), 4096);
      } catch (error) {
        throw new Error(`fuzz seed ${seed}, round ${round}: threw ${String(error)}`);
      }
      const errorAt = events.findIndex((event) => event.kind === "error");
      const closeAt = events.findIndex((event) => event.kind === "close");
      // At most one terminal event, and it is last.
      if (errorAt !== -1) {
        expect(errorAt, `seed ${seed} round ${round}`).toBe(events.length - 1);
        const code = (events[errorAt] as { code: number }).code;
        expect([CLOSE_PROTOCOL_ERROR, CLOSE_MESSAGE_TOO_BIG], `seed ${seed}`).toContain(code);
      }
      if (closeAt !== -1) expect(closeAt, `seed ${seed} round ${round}`).toBe(events.length - 1);
      // Cut differently, the same input gives the same events.
      expect(parse([input], 4096), `seed ${seed} round ${round}`).toEqual(events);
    }
  });
});

describe("isValidCloseCode", () => {
  it("accepts 1000–1003, 1007–1011, 3000–4999 only", () => {
    const valid = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 4000, 4999];
    const invalid = [0, 999, 1004, 1005, 1006, 1012, 1015, 1016, 2000, 2999, 5000, 65535];
    for (const code of valid) expect(isValidCloseCode(code), String(code)).toBe(true);
    for (const code of invalid) expect(isValidCloseCode(code), String(code)).toBe(false);
  });
});

/** `ws`'s frame parser (exported by `ws`, not declared by `@types/ws`). */
interface WsReceiver {
  on(event: string, listener: (...args: never[]) => void): void;
  write(chunk: Buffer): void;
}
const Receiver = (
  wsModule as unknown as {
    Receiver: new (options: {
      isServer: boolean;
      maxPayload: number;
      binaryType: string;
    }) => WsReceiver;
  }
).Receiver;

/** What `ServerWebSocket` makes of the parser's events: text and close frames checked. */
function serverView(events: Event[]): Event[] | "skip" {
  const out: Event[] = [];
  for (const event of events) {
    if (event.kind === "message" && !event.binary) {
      if (!isUtf8(Buffer.from(event.data, "hex"))) return [...out, { kind: "error", code: 1007 }];
    }
    if (event.kind === "close") {
      const payload = Buffer.from(event.data, "hex");
      if (payload.length === 1) return [...out, { kind: "error", code: 1002 }];
      if (payload.length >= 2) {
        const code = payload.readUInt16BE(0);
        // `ws` accepts 1012–1014 (registered after RFC 6455); we do not.
        if (code >= 1012 && code <= 1014) return "skip";
        if (!isValidCloseCode(code)) return [...out, { kind: "error", code: 1002 }];
        if (!isUtf8(payload.subarray(2))) return [...out, { kind: "error", code: 1007 }];
      }
    }
    out.push(event);
  }
  return out;
}

/** What `ws`'s own server-side Receiver reports for `input` (one write). */
async function wsView(input: Buffer, max: number): Promise<Event[]> {
  const events: Event[] = [];
  const receiver = new Receiver({ isServer: true, maxPayload: max, binaryType: "nodebuffer" });
  receiver.on("message", (data: Buffer, binary: boolean) =>
    events.push({ kind: "message", binary, data: data.toString("hex") }),
  );
  receiver.on("ping", (data: Buffer) => events.push({ kind: "ping", data: data.toString("hex") }));
  receiver.on("pong", (data: Buffer) => events.push({ kind: "pong", data: data.toString("hex") }));
  receiver.on("conclude", (code: number, reason: Buffer) =>
    events.push({
      kind: "close",
      data: code === 1005 ? "" : Buffer.concat([closeCode(code), reason]).toString("hex"),
    }),
  );
  receiver.on("error", (error: Error & { code?: string }) => {
    const status = Object.getOwnPropertySymbols(error)
      .map((symbol) => (error as unknown as Record<symbol, unknown>)[symbol])
      .find((value) => typeof value === "number") as number;
    // `ws` calls a 64-bit length over 2^53 − 1 too big (1009); with its top bit set it is a
    // protocol error for us (1002).
    events.push({
      kind: "error",
      // ws answers "too big" with 1009; we answer it with the final 4413.
      code:
        error.code === "WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH"
          ? -1
          : status === 1009
            ? CLOSE_MESSAGE_TOO_BIG
            : status,
    });
  });
  receiver.write(Buffer.from(input));
  await new Promise((resolve) => setImmediate(resolve));
  return events;
}

function closeCode(code: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(code, 0);
  return out;
}

describe("FrameParser agrees with ws's Receiver (seeded differential fuzz)", () => {
  it("reports the same messages, control frames and close codes", async () => {
    const seed = Number(process.env.FRAME_FUZZ_SEED ?? 0xd1ff);
    const random = prng(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const max = 4096;
    let compared = 0;
    for (let round = 0; round < 2_000; round++) {
      const frames: Buffer[] = [];
      const count = 1 + Math.floor(random() * 5);
      for (let i = 0; i < count; i++) {
        const opcode = random() < 0.8 ? pick([0, 1, 2, 8, 9, 10]) : Math.floor(random() * 16);
        const length = pick([0, 1, 2, 5, 125, 126, 127, 300, 4096, 4097]);
        let payload = bytes(length, Math.floor(random() * 2 ** 31));
        if (opcode === 1 && random() < 0.7) payload = Buffer.from("ok ☃".repeat(length >> 3));
        if (opcode === 8 && random() < 0.7) {
          payload = Buffer.concat([
            closeCode(pick([1000, 1001, 1005, 1011, 3000, 4999, 999])),
            payload.subarray(0, 10),
          ]);
        }
        frames.push(
          frame(opcode, payload, {
            fin: random() < 0.8,
            rsv: random() < 0.9 ? 0 : Math.floor(random() * 8),
            masked: random() < 0.97,
            mask: [...bytes(4, Math.floor(random() * 2 ** 31))],
          }),
        );
      }
      const input = Buffer.concat(frames);
      if (random() < 0.2) input[Math.floor(random() * input.length)] = Math.floor(random() * 256);
      const ours = serverView(parse([input], max));
      if (ours === "skip") continue;
      const theirs = await wsView(input, max);
      const last = theirs.at(-1);
      if (last?.kind === "error" && last.code === -1) {
        expect(ours.at(-1), `seed ${seed} round ${round}`).toEqual({ kind: "error", code: 1002 });
        expect(ours.slice(0, -1), `seed ${seed} round ${round}`).toEqual(theirs.slice(0, -1));
      } else {
        expect(ours, `seed ${seed} round ${round}: ${input.toString("hex").slice(0, 200)}`).toEqual(
          theirs,
        );
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(1_500);
  });
});
