// Counts each suite's results the way cache-tests.fyi shows them (dependencies honoured):
// node summarise.mjs <package dir> <label>=<results.json> ...
import fs from 'fs'
import path from 'path'
import { pathToFileURL } from 'url'

const pkg = path.resolve(process.argv[2])
const tests = (await import(pathToFileURL(path.join(pkg, 'tests/index.mjs')))).default
tests.push((await import(pathToFileURL(path.join(pkg, 'tests/surrogate-control.mjs')))).default)
const display = await import(pathToFileURL(path.join(pkg, 'lib/display.mjs')))
const kinds = ['pass', 'fail', 'optional fail', 'yes', 'no', 'setup fail', 'harness fail', 'dependency fail', 'untested']
const symbols = { '✅': 'pass', '⛔️': 'fail', '⚠️': 'optional fail', Y: 'yes', N: 'no', '🔹': 'setup fail', '⁉️': 'harness fail', '⚪️': 'dependency fail', '-': 'untested', '↻': 'setup fail' }
for (const arg of process.argv.slice(3)) {
  const label = arg.slice(0, arg.lastIndexOf('='))
  const file = arg.slice(arg.lastIndexOf('=') + 1)
  const results = JSON.parse(fs.readFileSync(file, 'utf8'))
  const total = Object.fromEntries(kinds.map(k => [k, 0]))
  const failures = []
  console.log(`\n## ${label}\n\n| suite | ${kinds.join(' | ')} |\n| --- |${kinds.map(() => ' ---: |').join('')}`)
  for (const suite of tests) {
    const counts = Object.fromEntries(kinds.map(k => [k, 0]))
    for (const test of suite.tests) {
      const kind = symbols[display.determineTestResult(tests, test.id, results, true)[2]] || 'untested'
      counts[kind]++
      total[kind]++
      if (kind === 'fail') failures.push(`${test.id}: ${test.name}`)
    }
    console.log(`| ${suite.name} | ${kinds.map(k => counts[k]).join(' | ')} |`)
  }
  console.log(`| **all** | ${kinds.map(k => `**${total[k]}**`).join(' | ')} |`)
  console.log(`\nRequired failures (${failures.length}):\n${failures.map(f => `- ${f}`).join('\n')}`)
}
