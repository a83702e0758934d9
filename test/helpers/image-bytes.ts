// Image files edited byte by byte for the readers' tests: segments and chunks added, cut or damaged.
import { constants, crc32, deflateRawSync } from 'node:zlib'

/** A JPEG segment: marker, length, body. */
export function jpegSegment(marker: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4)
  head.writeUInt16BE(0xff00 | marker, 0)
  head.writeUInt16BE(body.length + 2, 2)
  return Buffer.concat([head, body])
}

/** `segments` inserted right after a JPEG's SOI. */
export function afterSoi(jpeg: Buffer, segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)])
}

/** An XMP extension APP1 segment (Adobe XMP part 3) of about `bytes` bytes: what large XMP packets are split into. */
export function xmpExtension(bytes: number): Buffer {
  const body = Buffer.alloc(Math.min(bytes, 65_533), 0x20)
  body.write('http://ns.adobe.com/xmp/extension/\0', 0, 'latin1')
  return jpegSegment(0xe1, body)
}

export interface PngChunkAt {
  at: number
  length: number
  type: string
}

/** The chunks of a well-formed PNG, in order. */
export function pngChunkList(png: Buffer): PngChunkAt[] {
  const chunks: PngChunkAt[] = []
  for (let at = 8; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at)
    chunks.push({ at, length, type: png.toString('latin1', at + 4, at + 8) })
    at += 12 + length
  }
  return chunks
}

/** A PNG chunk with a correct CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** `chunk` inserted before the first chunk of type `before`. */
export function insertBefore(png: Buffer, before: string, chunk: Buffer): Buffer {
  const at = pngChunkList(png).find((c) => c.type === before)!.at
  return Buffer.concat([png.subarray(0, at), chunk, png.subarray(at)])
}

/** A copy with the bytes at `offsets` inverted. */
export function flipped(bytes: Buffer, offsets: number[]): Buffer {
  const copy = Buffer.from(bytes)
  for (const at of offsets) copy[at] = (copy[at] ?? 0) ^ 0xff
  return copy
}

/**
 * A valid all-zero 1-bit greyscale PNG of any size, made in milliseconds: one band of zero rows is
 * compressed once (full flush, so every copy compresses alike) and repeated. 100000x100000 is ~1.2 MB.
 */
export function zeroPng(width: number, height: number): Buffer {
  const rowBytes = 1 + Math.ceil(width / 8) // filter byte + packed bits
  const bandRows = 100
  const band = deflateRawSync(Buffer.alloc(rowBytes * bandRows), { level: 9, finishFlush: constants.Z_FULL_FLUSH })
  const rest = height % bandRows
  const tail = deflateRawSync(Buffer.alloc(rowBytes * rest), { level: 9 }) // the final block
  const total = rowBytes * height
  const adler = Buffer.alloc(4)
  adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0, 0) // Adler-32 of zeros: a = 1, b = n mod 65521
  const idat = Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array.from({ length: Math.floor(height / bandRows) }, () => band),
    tail,
    adler,
  ])
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 1 // bit depth
  ihdr[9] = 0 // greyscale
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}
