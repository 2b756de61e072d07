// Raw content as received, in a monospace scrollable block with line numbers (HL7 \r segment ends shown as lines).
import { Box, ScrollArea } from '@mantine/core'
import { useMemo } from 'react'

const MONO = 'var(--mantine-font-family-monospace)'

export function RawText({ text, maxHeight = 420, testId }: { text: string; maxHeight?: number; testId?: string }) {
  // CSS renders a lone CR as a space, so HL7 segments (CR-separated) would run together; split on every line end.
  const lines = useMemo(() => {
    const all = text.split(/\r\n|\r|\n/)
    // A final segment terminator ends the last line; it does not start an empty one.
    if (all.length > 1 && all[all.length - 1] === '') all.pop()
    return all
  }, [text])
  const gutter = useMemo(() => lines.map((_, i) => i + 1).join('\n'), [lines])
  return (
    <ScrollArea.Autosize mah={maxHeight} type="auto" offsetScrollbars>
      <Box
        style={{
          display: 'flex',
          fontFamily: MONO,
          fontSize: 'var(--mantine-font-size-xs)',
          lineHeight: 1.5,
          background: 'var(--mantine-color-default-hover)',
          borderRadius: 'var(--mantine-radius-sm)',
        }}
      >
        <Box
          component="pre"
          aria-hidden
          m={0}
          px="xs"
          py={6}
          c="dimmed"
          style={{ textAlign: 'right', userSelect: 'none', borderRight: '1px solid var(--mantine-color-default-border)', fontFamily: MONO }}
        >
          {gutter}
        </Box>
        <Box component="pre" m={0} px="sm" py={6} style={{ whiteSpace: 'pre', fontFamily: MONO, flex: 1 }} data-testid={testId}>
          {lines.join('\n')}
        </Box>
      </Box>
    </ScrollArea.Autosize>
  )
}
