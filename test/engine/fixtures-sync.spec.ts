// The golden fixtures are copied into the repo so the suite runs from a clone without
// /work/shared; this keeps the copies byte-identical to the shared originals when both exist.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"

const repoRoot = resolve(__dirname, "..", "..")
const goldenDir = join(repoRoot, "test", "golden")
const sharedDir = resolve(repoRoot, "..", "shared", "fixtures")

const jsonFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()

describe("golden fixtures", () => {
  it("test/golden holds parseable simulation documents", () => {
    const files = jsonFiles(goldenDir)
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const doc = JSON.parse(readFileSync(join(goldenDir, file), "utf8"))
      expect(doc).toEqual(expect.objectContaining({ plan: expect.any(Object), expect: expect.any(Object) }))
    }
  })

  if (existsSync(sharedDir)) {
    it("every shared fixture is copied byte for byte, none missing, none extra", () => {
      const shared = jsonFiles(sharedDir)
      expect(jsonFiles(goldenDir)).toEqual(shared)
      for (const file of shared) {
        const original = readFileSync(join(sharedDir, file))
        const copy = readFileSync(join(goldenDir, file))
        expect({ file, equal: copy.equals(original) }).toEqual({ file, equal: true })
      }
    })
  } else {
    it("shared fixtures folder is absent: the in-repo copies are the reference", () => {
      expect(existsSync(sharedDir)).toBe(false)
      expect(jsonFiles(goldenDir).length).toBeGreaterThan(0)
    })
  }
})
