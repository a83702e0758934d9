// The SSRF guard: refused addresses in every spelling, and a refused address is never connected to.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostAddress, refusedClass } from '../../src/fetch/guarded-agent.js'
import { fetchUrl } from './helpers.js'

describe('address classes', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['224.0.0.251', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['0.0.0.0', 'unspecified'],
    ['192.0.2.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'private'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2001:db8::1', 'reserved'],
    ['8.8.8.8', null],
    ['172.32.0.1', null],
    ['100.128.0.1', null],
    ['2606:4700:4700::1111', null],
    ['::ffff:8.8.8.8', null],
  ])('%s is %s', (ip, cls) => expect(refusedClass(ip)).toBe(cls))

  it.each([
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['[::ffff:127.0.0.1]', '::ffff:127.0.0.1'],
    ['example.com', null],
  ])('the host %s stands for %s', (host, ip) => expect(hostAddress(host)).toBe(ip))
})

describe('a refused address is never connected to', () => {
  let server: Server
  let port = 0
  let connections = 0

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end('x'))
    server.on('connection', () => (connections += 1))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )

  it.each(['127.0.0.1', '2130706433', '0x7f000001', '0177.0.0.1', '[::ffff:127.0.0.1]', 'localhost'])(
    'http://%s is fetch.private_address with the guard on',
    async (host) => {
      const { rules, findings, saved } = await fetchUrl(`http://${host}:${port}/a.jpg`, { allowPrivateNetworks: false })
      expect(rules).toEqual(['fetch.private_address'])
      expect(findings.find((f) => f.rule === 'fetch.private_address')).toMatchObject({
        args: { addressClass: 'loopback' },
      })
      expect(saved).toBe(false)
      expect(connections).toBe(0)
    },
  )

  it('the same server is reached once PREFLIGHT_ALLOW_PRIVATE_NETWORKS lifts the guard', async () => {
    const { rules } = await fetchUrl(`http://127.0.0.1:${port}/a.jpg`, { allowPrivateNetworks: true })
    expect(rules).not.toContain('fetch.private_address')
    expect(connections).toBeGreaterThan(0)
  })
})
