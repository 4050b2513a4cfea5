// Every document in test/golden is replayed and compared with its `expect`: lines as a
// multiset, every other key present in `expect` exactly (spec "result and expect"). The folder
// is read at run time, so a new fixture is picked up without code changes.
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { simulate, type Line } from "../../src/engine"

const goldenDir = join(__dirname, "..", "golden")
const files = readdirSync(goldenDir).filter((name) => name.endsWith(".json")).sort()

const lineKey = (line: Line) => JSON.stringify([line.to, line.bonus, line.level ?? null, line.source, line.cents])
const multiset = (lines: Line[]) => lines.map(lineKey).sort()

describe("golden fixtures", () => {
  it("finds fixtures", () => {
    expect(files.length).toBeGreaterThanOrEqual(37)
  })

  describe.each(files)("%s", (file) => {
    const doc = JSON.parse(readFileSync(join(goldenDir, file), "utf8"))
    const result = simulate(doc) as unknown as Record<string, unknown> & { lines: Line[] }

    it("posts exactly the expected lines", () => {
      expect(multiset(result.lines)).toEqual(multiset(doc.expect.lines))
    })

    const otherKeys = Object.keys(doc.expect).filter((key) => key !== "lines")
    if (otherKeys.length > 0) {
      it.each(otherKeys)("matches expect.%s", (key) => {
        expect(result[key]).toEqual(doc.expect[key])
      })
    }
  })
})
