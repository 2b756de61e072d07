// About / status panel: version, data folder, schema version, runtime (app.info), and the model engine (models.status).
import { Code, Loader, Modal, Table } from '@mantine/core'
import { useCall } from '../../api/hooks'
import { transportName } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { EngineSummary } from '../models/EngineSummary'

export function StatusPanel({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const info = useCall('app.info', {}, { enabled: opened })
  return (
    <Modal opened={opened} onClose={onClose} title="About Readout" size="lg">
      {info.isPending && <Loader size="sm" />}
      {info.error && <ErrorAlert error={info.error} />}
      {info.data && (
        <Table data-testid="status-table" variant="vertical" withTableBorder>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={180}>Version</Table.Th>
              <Table.Td data-testid="status-version">{info.data.version}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Data folder</Table.Th>
              <Table.Td>
                <Code data-testid="status-data-dir">{info.data.dataDir}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Database schema</Table.Th>
              <Table.Td data-testid="status-schema-version">{info.data.schemaVersion}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Runtime</Table.Th>
              <Table.Td>
                {info.data.runtime} · Node {info.data.versions.node}
                {info.data.versions.electron ? ` · Electron ${info.data.versions.electron}` : ''} · SQLite {info.data.versions.sqlite} ·{' '}
                {info.data.platform}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Connection</Table.Th>
              <Table.Td>{transportName() === 'ipc' ? 'Desktop app (IPC)' : 'Local browser session (127.0.0.1)'}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Model</Table.Th>
              <Table.Td>
                <EngineSummary enabled={opened} />
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </Modal>
  )
}
