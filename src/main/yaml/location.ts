// Where a path into a parsed YAML document points, for located errors in hand-written files (rule files, release gates).
import { isNode, type Document, type LineCounter } from 'yaml'

export type YamlPath = readonly (string | number)[]

/** Line and column of the node at path, or of the nearest ancestor present (a missing field points at its parent). */
export function locateYamlPath(doc: Document, lines: LineCounter, path: YamlPath): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0])
      return { line: pos.line, column: pos.col }
    }
  }
  return { line: 1, column: 1 }
}

/** `rules[2].when.code` for ['rules', 2, 'when', 'code']. */
export function describeYamlPath(path: YamlPath): string {
  let out = ''
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`
  return out
}
