// Numbers as people read them, one style for the API's messages, the CLI, the audit report and the page: bytes,
// durations, counts, ratios. Browser code (the page can load only src/client and src/web), so it imports nothing.

const grouped = new Intl.NumberFormat('en-US')

export const count = (n: number): string => grouped.format(n)

/**
 * 9331200 → "9.3 MB": decimal units, as the platforms write their limits (PLATFORM-RULES §0.1: Meta's
 * 8 MB; a binary limit such as Mastodon's 16 MiB is judged in exact bytes, which `bytes()` adds).
 */
export function shortBytes(n: number): string {
  if (n < 1000) return `${n} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = n / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit += 1
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

/** 9331200 → "9.3 MB (9,331,200 B)": the decimal figure people know, and the exact bytes rules compare. */
export function bytes(n: number): string {
  return n < 1000 ? `${n} B` : `${shortBytes(n)} (${grouped.format(n)} B)`
}

/**
 * 7.5 → "7.50 s", 42.25 → "42.3 s": seconds with two decimals under 10 s (where a frame or a hundredth
 * matters next to a 3 s minimum), one above.
 */
export const seconds = (s: number): string => `${s.toFixed(s < 10 ? 2 : 1)} s`

/** 0.5 → "0.500 s": to the millisecond, for offsets inside a file (an edit list's start) rather than lengths. */
export const offsetSeconds = (s: number): string => `${s.toFixed(3)} s`

/** A size limit in words and as `expected`: inclusive, or `less_than` (Mastodon refuses a file of exactly the limit). */
export const sizeBound = ({
  max,
  lessThan,
}: {
  max: number
  lessThan?: boolean
}): { words: string; expected: string } =>
  lessThan
    ? { words: `less than ${bytes(max)}`, expected: `< ${max}` }
    : { words: `at most ${bytes(max)}`, expected: `<= ${max}` }

/** 1080, 1350 → "0.8:1" with 2 decimals, for messages only; rules compare integers. */
export const ratio = (width: number, height: number): string => `${(width / height).toFixed(2)}:1`

/** A ratio limit as written in the platform docs: {w: 4, h: 5} → "4:5", {w: 191, h: 100} → "1.91:1". */
export const ratioLimit = ({ w, h }: { w: number; h: number }): string =>
  h === 100 ? `${(w / 100).toFixed(2)}:1` : w === 100 ? `1:${(h / 100).toFixed(2)}` : `${w}:${h}`

/** A ratio range as written: "4:5 to 1.91:1", or one side only ("at most 1:1") where the platform gives one. */
export const ratioRange = (min?: { w: number; h: number }, max?: { w: number; h: number }): string =>
  min && max
    ? `${ratioLimit(min)} to ${ratioLimit(max)}`
    : min
      ? `at least ${ratioLimit(min)}`
      : max
        ? `at most ${ratioLimit(max)}`
        : 'any ratio'
