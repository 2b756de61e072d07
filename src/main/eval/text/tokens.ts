// Word tokens for text similarity: lower-cased runs of letters and digits, a decimal number kept whole ("6.8").

const WORD = /[\p{L}\p{N}]+(?:[.,]\p{N}+)*/gu

/** "Potassium 6.8 mmol/L, HIGH." → ["potassium", "6.8", "mmol", "l", "high"]. */
export function wordTokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? []
}
