// Models → Remote backends (admin): configured servers, test connection, choose one for drafting, and where data goes.
import { Alert, Badge, Button, Group, List, Stack, Table, Text } from '@mantine/core'
import { IconCheck, IconCloudNetwork, IconX } from '@tabler/icons-react'
import { useState } from 'react'
import type { LlmConfig } from '../../../../shared/contract/models'
import type { ConnectionTest, RemoteBackend } from '../../../../shared/contract/remote'
import { ApiError } from '../../api/client'
import { useAction, useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { Section } from '../../components/Section'
import { useEngineStatus } from '../models/useEngineStatus'
import { hostOf, KIND_LABELS, whereDataGoes } from './dataFlow'
import { RemoteBackendForm } from './RemoteBackendForm'

function TestResult({ result }: { result: ConnectionTest }) {
  return (
    <List size="sm" spacing={2} data-testid="remote-test-result" data-ok={result.ok}>
      {result.checks.map((c) => (
        <List.Item key={c.check} icon={c.ok ? <IconCheck size={14} color="teal" /> : <IconX size={14} color="red" />}>
          {c.message}
        </List.Item>
      ))}
      {result.serverModel && (
        <List.Item icon={<IconCloudNetwork size={14} />}>
          Server model {result.serverModel}
          {result.systemFingerprint ? `, fingerprint ${result.systemFingerprint}` : ''}
        </List.Item>
      )}
    </List>
  )
}

function BackendRow(props: { backend: RemoteBackend; active: boolean; config: LlmConfig; onEdit: () => void }) {
  const { backend: b } = props
  const test = useAction('remote.test')
  const use = useAction('remote.use', ['models.list', 'remote.list', 'models.status'])
  const remove = useAction('remote.remove', ['remote.list'])
  return (
    <>
      <Table.Tr data-testid="remote-row" data-name={b.name}>
        <Table.Td>
          {b.name} {props.active && <Badge size="xs">drafting</Badge>}
        </Table.Td>
        <Table.Td>{KIND_LABELS[b.kind]}</Table.Td>
        <Table.Td>
          {hostOf(b.baseUrl)}
          {b.allowInsecureHttp && (
            <Badge size="xs" color="red" ml={4}>
              plain HTTP
            </Badge>
          )}
        </Table.Td>
        <Table.Td>{b.model}</Table.Td>
        <Table.Td>{b.apiKey.stored ? `stored (${b.apiKey.hint ?? '…'})` : 'none'}</Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="default" loading={test.isPending} onClick={() => test.mutate({ id: b.id, adapters: props.config.adapters })} data-testid="remote-test">
              Test connection
            </Button>
            <Button size="compact-xs" variant="default" onClick={props.onEdit}>
              Edit
            </Button>
            {!props.active && (
              <Button size="compact-xs" onClick={() => use.mutate({ id: b.id, adapters: props.config.adapters })} loading={use.isPending} data-testid="remote-use">
                Draft with it
              </Button>
            )}
            <Button size="compact-xs" color="red" variant="subtle" disabled={props.active} loading={remove.isPending} onClick={() => remove.mutate({ id: b.id })}>
              Remove
            </Button>
          </Group>
        </Table.Td>
      </Table.Tr>
      {(test.data || test.error || use.error || remove.error) && (
        <Table.Tr>
          <Table.Td colSpan={6}>
            {test.data && <TestResult result={test.data} />}
            {test.error && <ErrorAlert error={test.error} title="Test not run" />}
            {use.error && <ErrorAlert error={use.error} title="Not chosen" />}
            {remove.error && <ErrorAlert error={remove.error} title="Not removed" />}
          </Table.Td>
        </Table.Tr>
      )}
    </>
  )
}

export function RemoteBackendsSection({ config }: { config: LlmConfig }) {
  const list = useCall('remote.list', {}, { retry: false })
  const engine = useEngineStatus()
  const [editing, setEditing] = useState<RemoteBackend | 'new' | null>(null)
  const denied = list.error instanceof ApiError && (list.error.code === 'FORBIDDEN' || list.error.code === 'UNAUTHENTICATED')
  const active = engine.status.data?.remote ?? null
  return (
    <Section
      title="Remote backends"
      testId="remote-backends"
      actions={
        !denied && editing === null ? (
          <Button size="xs" variant="default" onClick={() => setEditing('new')} data-testid="remote-add">
            Add remote backend
          </Button>
        ) : undefined
      }
    >
      <Stack gap="xs">
        <Alert color={active ? 'orange' : 'gray'} icon={<IconCloudNetwork size={18} />} title="Where patient data goes" data-testid="remote-data-statement">
          {whereDataGoes(active ?? (config.remoteBackendId !== null ? (list.data?.backends.find((b) => b.id === config.remoteBackendId) ?? null) : null))}
        </Alert>
        <Text size="sm" c="dimmed">
          For sites that run the model on a GPU server in their own network: llama.cpp's llama-server (the same GGUF files and adapters), vLLM, or an Azure
          OpenAI / AI Foundry deployment of the fine-tuned model. Drafts are checked here exactly as local ones.
        </Text>
        {denied && <Text size="sm">Remote backends are configured by an administrator.</Text>}
        {list.error && !denied && <ErrorAlert error={list.error} title="Could not read the remote backends" />}
        {editing !== null && <RemoteBackendForm editing={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
        {list.data && list.data.backends.length > 0 && (
          <Table striped withTableBorder data-testid="remote-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Server</Table.Th>
                <Table.Th>Model / deployment</Table.Th>
                <Table.Th>API key</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.backends.map((b) => (
                <BackendRow key={b.id} backend={b} active={b.id === list.data.activeId} config={config} onEdit={() => setEditing(b)} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Section>
  )
}
