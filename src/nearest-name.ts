// "Did you mean ...?": the known name nearest to a typo, or none when nothing is near enough.

/** Edit distance (insert, delete, substitute one character), in two rows of memory. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)))
    previous = row
  }
  return previous[b.length]!
}

/**
 * The known name a typo most likely meant: one that the word names the last part of ("reels" for
 * "instagram.reels"), else the closest by edit distance within a third of the word's length.
 */
export function nearestName(word: string, names: readonly string[]): string | null {
  const typed = word.trim().toLowerCase().slice(0, 64)
  if (!typed) return null
  const byPart = names.filter((n) => n.split('.').some((part) => part === typed || part === `${typed}s`))
  if (byPart.length === 1) return byPart[0]!
  let best: string | null = null
  let bestDistance = Math.max(2, Math.floor(typed.length / 3)) + 1
  for (const name of names) {
    const d = distance(typed, name)
    if (d < bestDistance) [best, bestDistance] = [name, d]
  }
  return best
}
