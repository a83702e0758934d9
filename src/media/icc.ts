// ICC profiles: the profile's description ("sRGB IEC61966-2.1", "Display P3"), read from its `desc` tag.

/** The description of an ICC profile, or null when the profile is malformed or has none. */
export function iccDescription(profile: Buffer): string | null {
  if (profile.length < 132) return null
  const tagCount = profile.readUInt32BE(128)
  for (let i = 0; i < Math.min(tagCount, 256); i++) {
    const entry = 132 + i * 12
    if (entry + 12 > profile.length) return null
    if (profile.toString('latin1', entry, entry + 4) !== 'desc') continue
    return readText(profile, profile.readUInt32BE(entry + 4), profile.readUInt32BE(entry + 8))
  }
  return null
}

function readText(profile: Buffer, offset: number, size: number): string | null {
  if (offset + Math.min(size, 12) > profile.length || size < 12) return null
  const type = profile.toString('latin1', offset, offset + 4)
  if (type === 'desc') {
    // ICC v2 textDescriptionType: uint32 length, then ASCII with a trailing NUL.
    const length = profile.readUInt32BE(offset + 8)
    const end = Math.min(offset + 12 + length, profile.length)
    return clean(profile.toString('latin1', offset + 12, end))
  }
  if (type === 'mluc' && offset + 28 <= profile.length) {
    // ICC v4 multiLocalizedUnicodeType: the first record's UTF-16BE string.
    const length = profile.readUInt32BE(offset + 20)
    const start = offset + profile.readUInt32BE(offset + 24)
    const end = Math.min(start + length, profile.length)
    if (start >= end) return null
    return clean(Buffer.from(profile.subarray(start, end)).swap16().toString('utf16le'))
  }
  return null
}

function clean(text: string): string | null {
  const trimmed = text.replace(/\0+$/g, '').trim()
  return trimmed.length > 0 ? trimmed.slice(0, 120) : null
}
