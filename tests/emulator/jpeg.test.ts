import { describe, expect, it } from "vitest";
import { makeTestJpeg, readJpegSize } from "@/emulator/jpeg";
import { headerParams, multipartBoundary, parseMultipart } from "@/emulator/multipart";
import { multipartBody } from "./helpers";

describe("readJpegSize / makeTestJpeg", () => {
  it("reads back the size makeTestJpeg wrote, including 16-bit sizes", () => {
    for (const [w, h] of [
      [192, 192],
      [640, 480],
      [1, 65535],
      [4096, 4096],
    ] as const) {
      expect(readJpegSize(makeTestJpeg(w, h))).toEqual({ width: w, height: h, sof: 0xc0 });
    }
  });

  it("builds SOI … EOI with the requested amount of scan data", () => {
    const small = makeTestJpeg(200, 200, 0);
    const big = makeTestJpeg(200, 200, 1000);
    expect(big.length - small.length).toBe(1000);
    expect([...small.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...big.subarray(-2)]).toEqual([0xff, 0xd9]);
    // no marker hides in the padding
    expect(big.subarray(small.length - 2, big.length - 2).includes(0xff)).toBe(false);
  });

  it("walks segments: skips APPn/DQT/COM of any length and fill bytes, finds SOF1 and SOF2", () => {
    const sof = (marker: number, w: number, h: number) => [
      0xff,
      marker,
      0x00,
      0x0b,
      0x08,
      h >> 8,
      h & 0xff,
      w >> 8,
      w & 0xff,
      1,
      1,
      0x11,
      0,
    ];
    // A COM segment whose payload contains bytes that look like a SOF0 must not be mistaken for one.
    const fakeSof = [0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x10, 0x00, 0x20];
    const com = [0xff, 0xfe, 0x00, 2 + fakeSof.length, ...fakeSof];
    const exif = [0xff, 0xe1, 0x01, 0x02, ...new Array<number>(0x0100).fill(0x41)];
    for (const marker of [0xc1, 0xc2]) {
      const bytes = Uint8Array.from([0xff, 0xd8, ...com, ...exif, 0xff, 0xff, ...sof(marker, 300, 300), 0xff, 0xd9]);
      expect(readJpegSize(bytes)).toEqual({ width: 300, height: 300, sof: marker });
    }
  });

  it("gives null for anything that is not a usable JPEG", () => {
    const good = makeTestJpeg(256, 256);
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const noFrame = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xd9]);
    const sof3 = Buffer.from([0xff, 0xd8, 0xff, 0xc3, 0x00, 0x0b, 0x08, 0x01, 0x00, 0x01, 0x00, 1, 1, 0x11, 0, 0xff, 0xd9]);
    const zeroHeight = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x00, 0x01, 0x00, 1, 1, 0x11, 0]);
    const badLength = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x7f, 0xff, 0x00]);
    const garbageBetween = Buffer.from([0xff, 0xd8, 0x12, 0x34, ...good.subarray(2)]);
    for (const bytes of [Buffer.alloc(0), png, noFrame, sof3, zeroHeight, badLength, garbageBetween, good.subarray(0, 30)]) {
      expect(readJpegSize(bytes)).toBeNull();
    }
  });

  it("refuses impossible sizes", () => {
    expect(() => makeTestJpeg(0, 10)).toThrow(RangeError);
    expect(() => makeTestJpeg(10, 70000)).toThrow(RangeError);
    expect(() => makeTestJpeg(10, 10, -1)).toThrow(RangeError);
  });
});

describe("multipart parser", () => {
  it("reads the boundary, quoted or not, and refuses a missing one", () => {
    expect(multipartBoundary("multipart/form-data; boundary=abc123")).toBe("abc123");
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b:c"')).toBe("a b:c");
    expect(multipartBoundary("multipart/form-data")).toBeNull();
    expect(multipartBoundary("application/json; boundary=abc")).toBeNull();
    expect(multipartBoundary(`multipart/form-data; boundary=${"x".repeat(71)}`)).toBeNull();
    expect(headerParams('form-data; name="a\\"b"; filename=pic.jpg')).toEqual(
      new Map([
        ["name", 'a"b'],
        ["filename", "pic.jpg"],
      ]),
    );
  });

  it("splits parts binary-safely, with a preamble and an epilogue", () => {
    const jpeg = makeTestJpeg(200, 200, 500);
    // the file contains CRLF and "--" sequences that are not the boundary
    const tricky = Buffer.concat([jpeg, Buffer.from("\r\n--not-the-boundary\r\n")]);
    const { body, contentType } = multipartBody([
      { name: "messaging_product", value: "whatsapp" },
      { name: "file", value: tricky, filename: "p.jpg", contentType: "image/jpeg" },
    ]);
    const withEdges = Buffer.concat([Buffer.from("preamble text\r\n"), body, Buffer.from("epilogue")]);
    const boundary = multipartBoundary(contentType) ?? "";
    const parsed = parseMultipart(withEdges, boundary);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.parts.map((p) => [p.name, p.filename, p.contentType])).toEqual([
      ["messaging_product", undefined, undefined],
      ["file", "p.jpg", "image/jpeg"],
    ]);
    expect(parsed.parts[0]?.data.toString()).toBe("whatsapp");
    expect(parsed.parts[1]?.data.equals(tricky)).toBe(true);
  });

  it("reports malformed bodies", () => {
    const { body } = multipartBody([{ name: "a", value: "1" }], "B");
    expect(parseMultipart(body, "other").ok).toBe(false);
    expect(parseMultipart(body.subarray(0, body.length - 8), "B").ok).toBe(false); // no close delimiter
    expect(parseMultipart(Buffer.from("--B\r\nX-No-Disposition: 1\r\n\r\nv\r\n--B--"), "B").ok).toBe(false);
    expect(parseMultipart(Buffer.from('--B\r\nContent-Disposition: attachment; name="a"\r\n\r\nv\r\n--B--'), "B").ok).toBe(false);
    expect(parseMultipart(Buffer.from("--B\r\nContent-Disposition: form-data\r\n\r\nv\r\n--B--"), "B").ok).toBe(false);
    expect(parseMultipart(Buffer.from("--Bjunk\r\n"), "B").ok).toBe(false);
  });
});
