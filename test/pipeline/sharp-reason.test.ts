// sharp has no error codes: sharpReason() reads its messages. Each pattern it matches, with the text libvips
// loaders write (worded after theirs, one per pattern), and two real sharp failures end to end.
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { sharpReason } from '../../src/pipeline/probe-image.js'

describe('sharpReason', () => {
  it.each([
    ['Input buffer contains unsupported image format', 'unsupported'],
    ['VipsJpeg: Premature end of JPEG file', 'truncated image data'],
    ['pngload_buffer: libpng read error: truncated', 'truncated image data'],
    ['gifload: not enough data', 'truncated image data'],
    ['webp: unexpected end of data', 'truncated image data'],
    ['tiff2vips: short read', 'truncated image data'],
    ['heifload: end of stream', 'truncated image data'],
    ['VipsForeignLoad: bad seek to 1234', 'truncated image data'],
    ['VipsJpeg: Corrupt JPEG data: 12 extraneous bytes', 'damaged image data'],
    ['heif: Invalid input: No ftyp box', 'damaged image data'],
    ['VipsJpeg: bad Huffman table', 'damaged image data'],
    ['damaged frame header', 'damaged image data'],
    ['pngload: libspng read error', 'damaged image data'],
    ['webpload: unable to parse image', 'damaged image data'],
    ['something else entirely', 'unreadable image data'],
  ])('%j → %s', (message, reason) => {
    expect(sharpReason(new Error(message))).toBe(reason)
  })

  it('reads a thrown string as its text', () => {
    expect(sharpReason('Input file contains unsupported image format')).toBe('unsupported')
  })

  it('names what sharp really says of bytes that are no image, and of a PNG cut short', async () => {
    const garbage = await sharp(Buffer.from('not an image at all, just text'))
      .metadata()
      .catch((e: unknown) => e)
    expect(sharpReason(garbage)).toBe('unsupported')
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#08f' } })
      .png({ compressionLevel: 0 })
      .toBuffer()
    const cut = await sharp(png.subarray(0, png.length - 2000), { failOn: 'truncated' })
      .raw()
      .toBuffer()
      .catch((e: unknown) => e)
    expect(cut).toBeInstanceOf(Error)
    expect(sharpReason(cut)).not.toBe('unreadable image data')
  })
})
