// A word-level diff of two texts (longest common subsequence over words and the spaces between them), for the review's diff.

export interface TextDiffPart {
  op: 'same' | 'added' | 'removed'
  text: string
}

// Words (a decimal number is one), runs of whitespace and single punctuation marks are tokens, so joining the parts
// gives back each text exactly, and "high." against "high;" differs by the mark alone.
function tokens(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}]+(?:[.,]\p{N}+)*|[^\s\p{L}\p{N}]/gu) ?? []
}

/** Parts that read `before` when added parts are dropped and `after` when removed parts are dropped. */
export function diffText(before: string, after: string): TextDiffPart[] {
  if (before === after) return before === '' ? [] : [{ op: 'same', text: before }]
  const a = tokens(before)
  const b = tokens(after)
  // lcs[i][j]: common tokens of a[i..] and b[j..]. Texts are at most a few hundred characters, so the table stays small.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
    }
  }
  const parts: TextDiffPart[] = []
  const push = (op: TextDiffPart['op'], text: string) => {
    const last = parts[parts.length - 1]
    if (last && last.op === op) last.text += text
    else parts.push({ op, text })
  }
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!)
      i++
      j++
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push('removed', a[i++]!)
    else push('added', b[j++]!)
  }
  while (i < a.length) push('removed', a[i++]!)
  while (j < b.length) push('added', b[j++]!)
  return parts
}
