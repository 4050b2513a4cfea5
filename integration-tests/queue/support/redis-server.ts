/**
 * A redis-server of the test's own on a free port, so a suite can really stop and restart Redis
 * without touching the machine's shared one. No persistence: a restart starts empty, as a Redis
 * that lost its data would.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import IORedis from "ioredis"

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export class OwnRedis {
  private child: ChildProcess | undefined

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort())
    await redis.startAgain()
    return redis
  }

  /** The server's process id (for CPU accounting), while it runs. */
  get pid(): number | undefined {
    return this.child?.pid
  }

  get running(): boolean {
    return this.child !== undefined
  }

  /** Starts redis-server on the same port (after stop()) and waits until it answers PING. */
  async startAgain(): Promise<void> {
    if (this.child) return
    const child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", tmpdir()], {
      stdio: "ignore",
    })
    this.child = child
    child.once("exit", () => {
      if (this.child === child) this.child = undefined
    })
    const client = new IORedis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    client.on("error", () => undefined)
    const deadline = Date.now() + 10_000
    try {
      for (;;) {
        try {
          await client.connect()
          if ((await client.ping()) === "PONG") return
        } catch {
          if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not start`)
          client.disconnect()
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      }
    } finally {
      client.disconnect()
    }
  }

  /** Kills the server (SIGKILL: nothing is saved, clients see the connection drop). */
  async stop(): Promise<void> {
    const child = this.child
    if (!child) return
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
    child.kill("SIGKILL")
    await exited
    this.child = undefined
  }
}
