// image.color_space: CMYK pixels or an embedded ICC profile other than sRGB.
import type { Check } from '../../src/rule-types.js'

// Profiles that describe sRGB under another name; greyscale maps onto sRGB without a shift.
const SRGB_LIKE = /srgb|iec\s*61966-2[.-]1|gr[ae]y|gamma 2\.2/i

export const colorSpace: Check<'image.color_space'> = ({ media }) => {
  const image = media?.image
  if (!image || media.corrupt) return []
  const cmyk = image.colorSpace === 'cmyk'
  const foreignProfile = image.iccProfile !== null && !SRGB_LIKE.test(image.iccProfile)
  if (!cmyk && !foreignProfile) return []
  return [{ rule: 'image.color_space', args: { colorSpace: image.colorSpace, iccProfile: image.iccProfile } }]
}
