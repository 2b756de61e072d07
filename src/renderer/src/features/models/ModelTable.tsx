// The model registry: every base model and LoRA adapter with its GGUF metadata and fingerprint.
import { Badge, Code, Table, Text, Tooltip } from '@mantine/core'
import type { Model } from '../../../../shared/contract/models'
import { formatBytes, formatCount, formatLocalTime } from '../../components/format'
import { formatParams, formatQuantisation, shortHash } from './modelFormat'
import { RemoveModelButton } from './RemoveModelButton'

/** The end of a long path (the file name matters most); the whole path is in the tooltip. */
function tailOf(path: string, chars: number): string {
  return path.length <= chars ? path : `…${path.slice(-(chars - 1))}`
}

const FILE_PROBLEM = {
  missing: 'File not found: moved or deleted. Put it back, or add it again.',
  changed: 'File changed since it was added: it is not loaded under this entry. Put the original back, or add the new file as a model of its own.',
  unverified: 'File modified since it was added: its fingerprint is checked at the next load.',
} as const

function ModelRow({ m, active }: { m: Model; active: boolean }) {
  return (
    <Table.Tr data-testid="model-row" data-kind={m.kind} data-model-id={m.id}>
      <Table.Td>
        <Badge variant="light" color={m.kind === 'base' ? 'blue' : 'grape'} tt="none" style={{ minWidth: 'max-content' }} data-testid="model-kind">
          {m.kind === 'base' ? 'base' : 'LoRA adapter'}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500} data-testid="model-name">
          {m.name}
          {active && (
            <Badge ml={6} size="xs" variant="filled" color="teal" tt="none">
              active
            </Badge>
          )}
        </Text>
        <Tooltip label={m.path} openDelay={300}>
          <Text size="xs" c="dimmed" maw={170} style={{ overflow: 'hidden', whiteSpace: 'nowrap' }}>
            {tailOf(m.path, 30)}
          </Text>
        </Tooltip>
        {m.fileProblem !== null && (
          <Text size="xs" c={m.fileProblem === 'unverified' ? 'orange.8' : 'red'} data-testid="model-file-problem" data-problem={m.fileProblem}>
            {FILE_PROBLEM[m.fileProblem]}
          </Text>
        )}
        {m.incompatibility !== null && (
          <Text size="xs" c="red" data-testid="model-incompatibility">
            Does not fit the active base model: {m.incompatibility}
          </Text>
        )}
      </Table.Td>
      <Table.Td data-testid="model-architecture">{m.architecture}</Table.Td>
      <Table.Td data-testid="model-params">{formatParams(m.parameterCount)}</Table.Td>
      <Table.Td data-testid="model-quantisation" title={m.quantisation}>
        {formatQuantisation(m.quantisation)}
      </Table.Td>
      <Table.Td data-testid="model-context">{m.contextLength === null ? '—' : formatCount(m.contextLength)}</Table.Td>
      <Table.Td data-testid="model-size" style={{ whiteSpace: 'nowrap' }}>{formatBytes(m.size)}</Table.Td>
      <Table.Td>
        <Tooltip label={m.sha256} multiline w={300} style={{ wordBreak: 'break-all' }}>
          <Code data-testid="model-sha256" data-full={m.sha256}>
            {shortHash(m.sha256)}
          </Code>
        </Tooltip>
      </Table.Td>
      <Table.Td data-testid="model-chat-template">{m.kind === 'base' ? (m.hasChatTemplate ? 'yes' : 'no') : '—'}</Table.Td>
      <Table.Td data-testid="model-alpha">{m.adapterAlpha === null ? '—' : m.adapterAlpha}</Table.Td>
      <Table.Td>
        <Tooltip label={formatLocalTime(m.addedAt)}>
          <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
            {new Date(m.addedAt).toLocaleDateString()}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <RemoveModelButton model={m} />
      </Table.Td>
    </Table.Tr>
  )
}

export function ModelTable({ models, activeIds }: { models: Model[]; activeIds: Set<number> }) {
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table data-testid="models-table" striped highlightOnHover verticalSpacing="xs" horizontalSpacing={8}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Kind</Table.Th>
            <Table.Th miw={200}>Name</Table.Th>
            <Table.Th>Architecture</Table.Th>
            <Table.Th>Parameters</Table.Th>
            <Table.Th>Quantisation</Table.Th>
            <Table.Th>Context</Table.Th>
            <Table.Th>Size</Table.Th>
            <Table.Th>SHA-256</Table.Th>
            <Table.Th>Chat template</Table.Th>
            <Table.Th>Alpha</Table.Th>
            <Table.Th>Added</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {models.map((m) => (
            <ModelRow key={m.id} m={m} active={activeIds.has(m.id)} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
