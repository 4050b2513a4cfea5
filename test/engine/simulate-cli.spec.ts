// The simulator command is a public contract (spec "Command"): the result JSON on stdout with
// exit 0, from a file or from stdin; an invalid document exits 2 with the path on stderr.
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { simulate } from "../../src/engine"

const repoRoot = resolve(__dirname, "..", "..")
const fixture = join(repoRoot, "test", "golden", "b5-clawback-restore.json")

function run(args: string[], stdin?: string) {
  const child = spawnSync("npm", ["run", "--silent", "simulate", "--", ...args], {
    cwd: repoRoot,
    input: stdin,
    encoding: "utf8",
    timeout: 60_000,
  })
  return { status: child.status, stdout: child.stdout, stderr: child.stderr }
}

describe("npm run simulate", () => {
  const expected = simulate(JSON.parse(readFileSync(fixture, "utf8")))

  it("reads a file and prints the result of simulate()", () => {
    const { status, stdout } = run([fixture])
    expect(status).toBe(0)
    expect(JSON.parse(stdout)).toEqual(expected)
  })

  it("reads the document from stdin with -", () => {
    const { status, stdout } = run(["-"], readFileSync(fixture, "utf8"))
    expect(status).toBe(0)
    expect(JSON.parse(stdout)).toEqual(expected)
  })

  it("exits 2 with the JSON path on stderr and nothing on stdout for an invalid document", () => {
    const doc = {
      plan: { currency: "USD", components: [{ type: "unilevel", levels_bp: [1000] }, { type: "pool", rate_bp: 100, shares: { A: 1 } }] },
      members: [{ id: "A" }],
      events: [{ type: "order", id: "o1", buyer: "A", cv: 100 }, { type: "refund", id: "r1", order: "o1", cv: 101 }],
    }
    const { status, stdout, stderr } = run(["-"], JSON.stringify(doc))
    expect(status).toBe(2)
    expect(stdout).toBe("")
    expect(stderr).toContain("events[1].cv: refund exceeds the order's remaining CV (100)")
  })

  it("exits 2 on text that is not JSON", () => {
    const { status, stdout, stderr } = run(["-"], "{ not json")
    expect(status).toBe(2)
    expect(stdout).toBe("")
    expect(stderr).toContain("(document): not valid JSON")
  })
})
