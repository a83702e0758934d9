// The server-wide limiter: its cap, its bounded queue, and interactive work before batch work.
import { describe, expect, it } from 'vitest'
import { ServiceError } from '../../src/errors.js'
import { Limiter } from '../../src/services/limiter.js'

/** A task that finishes when told to. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, task: () => opened }
}

describe('Limiter', () => {
  it('runs at most `concurrency` tasks at once', async () => {
    const limiter = new Limiter({ concurrency: 2, maxQueue: 10 })
    const gates = [gate(), gate(), gate()]
    const runs = gates.map((g) => limiter.run(g.task))
    await Promise.resolve()
    expect([limiter.active, limiter.queued]).toEqual([2, 1])
    gates.forEach((g) => g.open())
    await Promise.all(runs)
    expect([limiter.active, limiter.queued]).toEqual([0, 0])
  })

  it('refuses an interactive task with 429 when the queue is full', async () => {
    const limiter = new Limiter({ concurrency: 1, maxQueue: 1 })
    const g = gate()
    const first = limiter.run(g.task)
    const second = limiter.run(g.task)
    const third = limiter.run(g.task)
    await expect(third).rejects.toMatchObject({ status: 429 })
    await expect(third).rejects.toBeInstanceOf(ServiceError)
    g.open()
    await Promise.all([first, second])
  })

  it('admits a request whole or refuses it whole: admitted items wait past the queue bound, a refusal reserves nothing', async () => {
    const limiter = new Limiter({ concurrency: 2, maxQueue: 3 })
    using first = limiter.admit(5) // 2 run, 3 wait: fits
    const gates = Array.from({ length: 5 }, gate)
    const runs = gates.map((g) => first.run(g.task))
    await Promise.resolve()
    expect([limiter.active, limiter.queued]).toEqual([2, 3])
    expect(() => limiter.admit(1)).toThrow(expect.objectContaining({ code: 'too_many_requests', status: 429 }))
    expect(() => limiter.admit(1, 'batch')).not.toThrow() // batch work waits without bound
    gates.forEach((g) => g.open())
    await Promise.all(runs)
    expect([limiter.active, limiter.queued]).toEqual([0, 0])
    // Unused admissions are handed back when a request ends early.
    const unused = limiter.admit(5)
    expect(() => limiter.admit(1)).toThrow(expect.objectContaining({ status: 429 }))
    unused[Symbol.dispose]()
    using again = limiter.admit(5)
    expect(again).toBeDefined()
  })

  it('admits a request larger than the slots and the queue together when nothing else runs', () => {
    const limiter = new Limiter({ concurrency: 2, maxQueue: 0 })
    using carousel = limiter.admit(20)
    expect(carousel).toBeDefined()
    expect(() => limiter.admit(1)).toThrow(expect.objectContaining({ status: 429 }))
  })

  it('starts waiting interactive work before waiting batch work', async () => {
    const limiter = new Limiter({ concurrency: 1, maxQueue: 5 })
    const order: string[] = []
    const g = gate()
    const first = limiter.run(g.task)
    const batch = limiter.run(async () => void order.push('batch'), 'batch')
    const interactive = limiter.run(async () => void order.push('interactive'), 'interactive')
    g.open()
    await Promise.all([first, batch, interactive])
    expect(order).toEqual(['interactive', 'batch'])
  })

  it('drops a waiting task whose signal aborts', async () => {
    const limiter = new Limiter({ concurrency: 1, maxQueue: 5 })
    const g = gate()
    const first = limiter.run(g.task)
    const controller = new AbortController()
    const waiting = limiter.run(async () => 'ran', 'interactive', controller.signal)
    controller.abort(new Error('client went away'))
    await expect(waiting).rejects.toThrow('client went away')
    expect(limiter.queued).toBe(0)
    g.open()
    await first
  })
})
