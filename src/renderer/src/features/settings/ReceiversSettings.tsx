// Settings for what happens without a person: the HL7 MLLP listener, the watch folder, and queuing new imports for drafts.
import { Alert, Button, Card, Group, NumberInput, Stack, Switch, Text, TextInput } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useAction, useCall } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'

export function ReceiversSettings() {
  const settings = useCall('settings.get', {})
  const save = useAction('settings.set', ['settings.get'])
  const [host, setHost] = useState('127.0.0.1')
  const [port, setPort] = useState<number>(2575)
  const [folder, setFolder] = useState('')

  useEffect(() => {
    if (!settings.data) return
    setHost(typeof settings.data['mllp.host'] === 'string' ? settings.data['mllp.host'] : '127.0.0.1')
    setPort(typeof settings.data['mllp.port'] === 'number' ? settings.data['mllp.port'] : 2575)
    setFolder(typeof settings.data['import.watchFolder'] === 'string' ? settings.data['import.watchFolder'] : '')
  }, [settings.data])

  const enabled = settings.data?.['mllp.enabled'] === true
  const exposed = host !== '127.0.0.1' && host !== 'localhost' && host !== '::1'
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Text fw={600}>HL7 feed (MLLP)</Text>
        <Text size="sm" c="dimmed">
          Receives ORU^R01 results from analysers and interface engines over TCP. Each message is acknowledged (AA) only after it is stored;
          malformed messages get AE/AR and are kept in quarantine.
        </Text>
        <Switch
          label="Listen for HL7 messages"
          checked={enabled}
          onChange={(e) => save.mutate({ key: 'mllp.enabled', value: e.currentTarget.checked })}
        />
        <Group align="end">
          <TextInput label="Address" value={host} onChange={(e) => setHost(e.currentTarget.value)} w={200} />
          <NumberInput label="Port" value={port} onChange={(v) => setPort(Number(v))} min={1} max={65535} w={120} />
          <Button
            variant="default"
            onClick={() => {
              save.mutate({ key: 'mllp.host', value: host })
              save.mutate({ key: 'mllp.port', value: port })
            }}
          >
            Save address
          </Button>
        </Group>
        {exposed && (
          <Alert color="orange" title="Reachable from the network">
            Other machines can send results to this workstation. Make sure the hospital network restricts who can reach this port.
          </Alert>
        )}
        <Text fw={600} mt="md">
          Watch folder
        </Text>
        <Text size="sm" c="dimmed">
          Files saved into this folder are imported, then moved to its processed/ or failed/ subfolder.
        </Text>
        <Group align="end">
          <TextInput label="Folder" placeholder="/path/to/device/exports" value={folder} onChange={(e) => setFolder(e.currentTarget.value)} w={400} />
          <Button variant="default" onClick={() => save.mutate({ key: 'import.watchFolder', value: folder.trim() === '' ? null : folder.trim() })}>
            {folder.trim() === '' ? 'Turn off' : 'Save folder'}
          </Button>
        </Group>
        <Text fw={600} mt="md">
          Model drafts for new imports
        </Text>
        <Switch
          label="Queue every newly imported report for a model draft"
          description="Drafts are generated in the background when a base model is chosen on the Models page. They stay drafts until a clinician reviews them."
          checked={settings.data?.['import.autoQueue'] === true}
          onChange={(e) => save.mutate({ key: 'import.autoQueue', value: e.currentTarget.checked })}
        />
        {save.error && <ErrorAlert error={save.error} />}
      </Stack>
    </Card>
  )
}
