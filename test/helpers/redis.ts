// The tests' redis-server: the bench's, started on a random loopback port (Debian's /usr/bin/redis-server).
export { RedisServer } from '../../bench/redis-server.js'
