// robots.txt costs: the pathological wildcard, heap kept per cached origin for a 500 KiB file, parse and allow-check time.
// `npm run bench:robots` (node --expose-gc: heap is read after a forced collection).
import { isAllowed, parseRobots, RobotsParser, ROBOTS_LIMITS } from '../src/fetch/robots-rules.js'
import { RobotsCache } from '../src/services/robots-cache.js'

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with node --expose-gc')

/** ~500 KiB of short rules (about 37k): all for `*`, or for other agents with a small facebookexternalhit group. */
function bigRobots(shape: 'star' | 'others'): string {
  const lines =
    shape === 'star'
      ? ['User-agent: *']
      : ['User-agent: facebookexternalhit', 'Disallow: /private/', 'User-agent: Googlebot']
  let size = 0
  for (let i = 0; size < 500 * 1024; i++) {
    const line = `Disallow:/${i.toString(36)}`
    lines.push(line)
    size += line.length + 1
  }
  return lines.join('\n') + '\n'
}

function ms(started: number): string {
  return `${(performance.now() - started).toFixed(2)} ms`
}

function pathological(): void {
  const rules = parseRobots(
    'User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*a*!\nDisallow: /*a*a*a*a*a*a*a*a*a*a*a*a*!\n',
  ).rules
  for (const n of [44, 1_000, 8_000]) {
    const path = `/${'a'.repeat(n)}`
    let started = performance.now()
    const clean = isAllowed(rules, path)
    const cleanMs = ms(started)
    started = performance.now()
    const bang = isAllowed(rules, `${path}!`)
    console.log(
      `pathological, path of ${n} a's: ${cleanMs} (allowed: ${clean.allowed}); with a trailing "!": ${ms(started)} (allowed: ${bang.allowed})`,
    )
  }
}

function describe(shape: 'star' | 'others'): void {
  const sample = bigRobots(shape)
  console.log(
    `${shape === 'star' ? 'all rules for *' : 'rules for other agents'}: ${sample.split('\n').length} lines, ${sample.length} bytes`,
  )
}

function perEntry(shape: 'star' | 'others'): void {
  const entries = shape === 'star' ? 20 : 100 // a small entry needs more of them to rise above the heap's noise
  const cache = new RobotsCache({ ttlMs: 3_600_000, unavailableTtlMs: 60_000, maxOrigins: 1_000, maxBytes: 1024 ** 3 })
  describe(shape) // in its own frame: nothing of the sample is alive across the heap readings
  gc!()
  const before = process.memoryUsage().heapUsed
  let parseMs = 0
  for (let k = 0; k < entries; k++) {
    const bytes = Buffer.from(bigRobots(shape))
    const started = performance.now()
    const parser = new RobotsParser()
    for (let at = 0; at < bytes.length; at += 64 * 1024) parser.push(bytes.subarray(at, at + 64 * 1024))
    const { rules, truncated } = parser.end()
    parseMs += performance.now() - started
    cache.set(`https://host${k}.example`, { rules, truncated })
  }
  gc!()
  const heap = (process.memoryUsage().heapUsed - before) / entries
  const answer = cache.get('https://host1.example')
  const rules = answer && 'rules' in answer ? answer.rules : []
  const runs = 200
  const started = performance.now()
  for (let i = 0; i < runs; i++) isAllowed(rules, `/_media/photo-${i}.jpg?w=1080`) // _ is no base-36 digit: every rule is tried, none matches
  const checkMs = (performance.now() - started) / runs
  console.log(
    `  kept ${rules.length} rules (cap ${ROBOTS_LIMITS.keptRules}); heap per entry ${(heap / 1024).toFixed(1)} KiB measured, ${(cache.bytes / entries / 1024).toFixed(1)} KiB estimated; parse ${(parseMs / entries).toFixed(1)} ms; allow check ${checkMs.toFixed(3)} ms`,
  )
}

pathological()
perEntry('star')
perEntry('others')
