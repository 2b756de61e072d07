// The drop target for files and folders, with "Choose files" and "Choose folder" buttons as the keyboard route.
import { Button, Group, Paper, Stack, Text } from '@mantine/core'
import { IconFileImport, IconFiles, IconFolder } from '@tabler/icons-react'
import { useRef, useState, type DragEvent } from 'react'
import { fromDataTransfer, fromFileList, type Collected } from './collectFiles'

export function DropZone({ disabled, onFiles }: { disabled: boolean; onFiles: (c: Collected) => void }) {
  const filesInput = useRef<HTMLInputElement>(null)
  const folderInput = useRef<HTMLInputElement>(null)
  const [over, setOver] = useState(false)
  // Counts enter/leave pairs: dragleave fires when the pointer moves onto a child element.
  const depth = useRef(0)

  const accepts = (e: DragEvent) => !disabled && Array.from(e.dataTransfer.types).includes('Files')
  const onDragEnter = (e: DragEvent) => {
    if (!accepts(e)) return
    e.preventDefault()
    depth.current++
    setOver(true)
  }
  const onDragOver = (e: DragEvent) => {
    if (!accepts(e)) return
    e.preventDefault()
    e.dataTransfer.dropEffect = 'copy'
  }
  const onDragLeave = () => {
    depth.current = Math.max(0, depth.current - 1)
    if (depth.current === 0) setOver(false)
  }
  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    depth.current = 0
    setOver(false)
    if (disabled) return
    void fromDataTransfer(e.dataTransfer).then((c) => c.files.length > 0 && onFiles(c))
  }
  const onPicked = (input: HTMLInputElement | null) => {
    if (!input?.files || input.files.length === 0) return
    const c = fromFileList(input.files)
    input.value = '' // so that picking the same files again fires change
    if (c.files.length > 0) onFiles(c)
  }

  return (
    <Paper
      withBorder
      p="lg"
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      data-testid="drop-zone"
      data-over={over || undefined}
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: over ? 'var(--mantine-primary-color-filled)' : undefined,
        background: over ? 'var(--mantine-primary-color-light)' : undefined,
        opacity: disabled ? 0.6 : 1,
      }}
    >
      <Stack align="center" gap="xs">
        <IconFileImport size={32} stroke={1.5} color="var(--mantine-color-dimmed)" />
        <Text fw={500}>Drop device report files or folders here</Text>
        <Text size="sm" c="dimmed" ta="center" maw={640}>
          HL7 v2, FHIR, ECG XML, CGM and blood-pressure CSV, ASTM and PDF. Each file is checked, normalised and stored unchanged; anything that
          cannot be read is kept in quarantine with the place it broke.
        </Text>
        <Group gap="sm" mt="xs">
          <Button leftSection={<IconFiles size={16} />} disabled={disabled} onClick={() => filesInput.current?.click()}>
            Choose files
          </Button>
          <Button variant="default" leftSection={<IconFolder size={16} />} disabled={disabled} onClick={() => folderInput.current?.click()}>
            Choose folder
          </Button>
        </Group>
      </Stack>
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        data-testid="import-file-input"
        aria-label="Choose files to import"
        onChange={(e) => onPicked(e.currentTarget)}
      />
      <input
        // React has no prop for webkitdirectory; set the attribute directly.
        ref={(el) => {
          folderInput.current = el
          el?.setAttribute('webkitdirectory', '')
        }}
        type="file"
        multiple
        hidden
        data-testid="import-folder-input"
        aria-label="Choose a folder to import"
        onChange={(e) => onPicked(e.currentTarget)}
      />
    </Paper>
  )
}
