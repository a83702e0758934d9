// The temp-disk budget's accounts: room taken only when it fits, all of it given back once, nothing taken after closing.
import { describe, expect, it } from 'vitest'
import { DiskBudget } from '../../src/services/disk-budget.js'

describe('DiskBudget', () => {
  it('takes room while it fits and refuses without taking any', () => {
    const budget = new DiskBudget(100)
    const a = budget.account()
    const b = budget.account()
    expect(a.reserve(60)).toBe(true)
    expect(b.reserve(41)).toBe(false)
    expect(b.reserve(40)).toBe(true)
    expect([budget.used, a.held, b.held]).toEqual([100, 60, 40])
  })

  it('gives an account back once, and refuses it more afterwards', () => {
    const budget = new DiskBudget(100)
    const a = budget.account()
    a.reserve(70)
    a.close()
    a.close()
    expect(budget.used).toBe(0)
    expect(a.reserve(1)).toBe(false)
    expect(budget.account().reserve(100)).toBe(true)
  })
})
