// Commands started by the service's shell: real processes, output, exit codes, deadlines, aborts and bounds.
import { describe, expect, it } from 'vitest'
import { OutputTooLarge, runCommand } from '../../src/services/spawner.js'

const BOUNDS = { timeoutMs: 10_000, maxBuffer: 1024 * 1024 }

describe('runCommand', () => {
  it('gives a command its arguments verbatim: spaces, quotes, $, globs and dashes', async () => {
    const args = ['a b', '$HOME', '*', "it's", '"q"', '-n', '', '\\t']
    const ended = await runCommand('printf', ['%s|', ...args], BOUNDS)
    expect(ended).toEqual({ code: 0, killed: false, stdout: `${args.join('|')}|`, stderr: '' })
  })

  it('keeps stderr apart and reports the exit code', async () => {
    const ended = await runCommand('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'], BOUNDS)
    expect(ended).toEqual({ code: 3, killed: false, stdout: 'out\n', stderr: 'err\n' })
  })

  it('answers each of many commands at once with its own output', async () => {
    const runs = await Promise.all(
      Array.from({ length: 24 }, (_, i) => runCommand('/bin/sh', ['-c', `sleep 0.0${i % 5}; echo ${i}`], BOUNDS)),
    )
    expect(runs.map((r) => r.stdout)).toEqual(Array.from({ length: 24 }, (_, i) => `${i}\n`))
  })

  it('kills a command at its deadline', async () => {
    const ended = await runCommand('sleep', ['30'], { ...BOUNDS, timeoutMs: 200 })
    expect(ended).toMatchObject({ code: null, killed: true })
  })

  it('kills a command when its signal aborts, and starts none for a signal already aborted', async () => {
    const stop = new AbortController()
    const running = runCommand('sleep', ['30'], { ...BOUNDS, signal: stop.signal })
    setTimeout(() => stop.abort(), 100)
    expect(await running).toMatchObject({ code: null, killed: true })
    expect(await runCommand('echo', ['never'], { ...BOUNDS, signal: stop.signal })).toMatchObject({
      killed: true,
      stdout: '',
    })
  })

  it('refuses output past its bound', async () => {
    await expect(runCommand('head', ['-c', '5000', '/dev/zero'], { ...BOUNDS, maxBuffer: 4096 })).rejects.toThrow(
      OutputTooLarge,
    )
  })

  it('starts a command whose argument holds a line break directly, with the same answer', async () => {
    const ended = await runCommand('printf', ['%s|', 'one\ntwo', 'three'], BOUNDS)
    expect(ended).toEqual({ code: 0, killed: false, stdout: 'one\ntwo|three|', stderr: '' })
  })

  it('says when the command does not exist', async () => {
    const ended = await runCommand('/nonexistent/ffprobe', ['-version'], BOUNDS)
    expect(ended.code).not.toBe(0)
    expect(ended.stderr).toMatch(/not found|No such file/)
  })
})
