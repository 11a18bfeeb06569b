/**
 * Just enough JPEG for the profile-picture rules: find the frame size by walking the marker segments, and build small
 * test files of any size. No decoding of image data.
 */

export interface JpegSize {
  width: number;
  height: number;
  /** the start-of-frame marker that gave the size: 0xC0 (baseline), 0xC1 (extended) or 0xC2 (progressive) */
  sof: number;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
const SIZE_MARKERS = new Set([0xc0, 0xc1, 0xc2]);

/** True for markers that stand alone (no length field): TEM, RST0..RST7, SOI, EOI. */
function standalone(marker: number): boolean {
  return marker === TEM || (marker >= 0xd0 && marker <= 0xd9);
}

/**
 * The frame size of a JPEG, or null when the bytes are not a JPEG this emulator accepts: they must start with SOI
 * (FF D8) and, before the first scan (SOS), hold a SOF0, SOF1 or SOF2 segment with a non-zero width and height. Every
 * segment's length is checked against the data, so a truncated or garbled file gives null rather than a guess.
 */
export function readJpegSize(bytes: Uint8Array): JpegSize | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return null;
  let i = 2;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) return null; // a segment must start with a marker
    // Any number of 0xFF fill bytes may precede a marker.
    while (i < bytes.length && bytes[i] === 0xff) i++;
    if (i >= bytes.length) return null;
    const marker = bytes[i] as number;
    i++;
    if (marker === 0x00) return null; // FF 00 is stuffing, only valid inside scan data
    if (marker === SOI) return null; // a second SOI before any frame
    if (marker === EOI || marker === SOS) return null; // the image ended, or its data began, with no usable frame
    if (standalone(marker)) continue;
    if (i + 2 > bytes.length) return null;
    const length = ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
    if (length < 2 || i + length > bytes.length) return null;
    if (SIZE_MARKERS.has(marker)) {
      // length(2) precision(1) height(2) width(2) components(1) …
      if (length < 8) return null;
      const height = ((bytes[i + 3] as number) << 8) | (bytes[i + 4] as number);
      const width = ((bytes[i + 5] as number) << 8) | (bytes[i + 6] as number);
      if (width === 0 || height === 0) return null;
      return { width, height, sof: marker };
    }
    i += length;
  }
  return null;
}

/**
 * A minimal JPEG with the given frame size, for tests: SOI, APP0 (JFIF), SOF0 (8-bit, one component), SOS, `padBytes`
 * bytes of scan data (never 0xFF, default 64), EOI. It is not a decodable picture, but every segment is well formed,
 * so readJpegSize (and any marker walker) finds the size. `padBytes` makes files of a chosen total size.
 */
export function makeTestJpeg(width: number, height: number, padBytes = 64): Buffer {
  for (const [name, v] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 0xffff) throw new RangeError(`${name} must be an integer from 1 to 65535`);
  }
  if (!Number.isInteger(padBytes) || padBytes < 0) throw new RangeError("padBytes must be a non-negative integer");
  const soi = [0xff, SOI];
  // APP0 JFIF 1.01, no density units, 1x1, no thumbnail.
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  // SOF0: length 11, precision 8, height, width, 1 component (id 1, sampling 1x1, quant table 0).
  const sof0 = [0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00];
  // SOS: length 8, 1 component (id 1, tables 0/0), spectral 0..63, approximation 0.
  const sos = [0xff, SOS, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00];
  const head = Buffer.from([...soi, ...app0, ...sof0, ...sos]);
  const data = Buffer.alloc(padBytes);
  for (let k = 0; k < padBytes; k++) data[k] = (k * 37 + 11) % 0xff; // 0..254: no marker inside the scan
  return Buffer.concat([head, data, Buffer.from([0xff, EOI])]);
}
