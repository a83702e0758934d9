// Audit progress on stderr: a redrawn bar with counts, rate and ETA on a terminal, plain lines otherwise.
import { assetFails, type AssetSummary } from './summary.js'

export interface Progress {
  done(summary: AssetSummary): void
  /** Ends the bar's line; says so when the run was cut short. */
  end(interrupted: boolean): void
}

interface Stream {
  isTTY?: boolean
  columns?: number
  write(text: string): unknown
}

export function createProgress(out: Stream, total: number, clock: () => number = () => performance.now()): Progress {
  const started = clock()
  let count = 0
  let failing = 0
  let drawn = 0
  const status = () => {
    const seconds = (clock() - started) / 1000
    const rate = seconds > 0 ? count / seconds : 0
    const eta = rate > 0 ? duration((total - count) / rate) : '?'
    return { rate: rate.toFixed(rate < 10 ? 2 : 1), eta }
  }
  if (out.isTTY) {
    const draw = (force: boolean) => {
      // At most ten redraws a second: thousands of small images would flood the terminal otherwise.
      if (!force && clock() - drawn < 100) return
      drawn = clock()
      const { rate, eta } = status()
      const width = Math.max(10, Math.min(40, (out.columns ?? 80) - 60))
      const filled = total ? Math.round((count / total) * width) : width
      const pct = total ? Math.floor((count / total) * 100) : 100
      out.write(
        `\r\x1b[K${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${count}/${total} ${pct}% · ${rate}/s · ETA ${eta} · ${failing} failing`,
      )
    }
    draw(true)
    return {
      done(summary) {
        count++
        if (assetFails(summary)) failing++
        draw(count === total)
      },
      end(interrupted) {
        draw(true)
        out.write(interrupted ? '\n' + 'interrupted: the report holds what was done\n' : '\n')
      },
    }
  }
  return {
    done(summary) {
      count++
      const fails = assetFails(summary)
      if (fails) failing++
      const { rate, eta } = status()
      const verdict = summary.error ? 'error' : fails ? 'fail' : 'ok'
      out.write(
        `[${count}/${total}] ${verdict.padEnd(5)} ${summary.asset} (${rate}/s, ETA ${eta}, ${failing} failing)\n`,
      )
    },
    end(interrupted) {
      if (interrupted) out.write(`interrupted after ${count} of ${total}: the report holds what was done\n`)
    },
  }
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`
}
