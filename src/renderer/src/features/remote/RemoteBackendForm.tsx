// Adds or edits one remote backend (admin): address, API kind, model or deployment, key, CA bundle, adapter map.
import { Button, Checkbox, Group, PasswordInput, Select, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { REMOTE_KINDS, type RemoteBackend, type RemoteKind } from '../../../../shared/contract/remote'
import { useAction } from '../../api/hooks'
import { ErrorAlert } from '../../components/ErrorAlert'
import { KIND_LABELS } from './dataFlow'

const MODEL_HELP: Record<RemoteKind, string> = {
  'llama-server': "The model file name llama-server serves (informational: it serves one model). Start it with --lora FILE --lora-init-without-apply for each adapter.",
  vllm: 'The served model name (or a LoRA module name from --lora-modules).',
  'azure-openai': 'The deployment name. Base URL: https://RESOURCE.openai.azure.com/openai/v1',
  openai: 'The model name the server expects.',
}

/** "3=cardiology-lora" lines → { "3": "cardiology-lora" }; a malformed line is reported, not dropped. */
export function parseAdapterMap(text: string): { map: Record<string, string>; error: string | null } {
  const map: Record<string, string> = {}
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim()
    if (!line) continue
    const m = /^(\d+)\s*=\s*(.+)$/.exec(line)
    if (!m) return { map, error: `Line ${i + 1}: write ADAPTER_ID=NAME, e.g. 3=cardiology-lora` }
    map[m[1]!] = m[2]!.trim()
  }
  return { map, error: null }
}

export function RemoteBackendForm({ editing, onDone }: { editing: RemoteBackend | null; onDone: () => void }) {
  const [name, setName] = useState(editing?.name ?? '')
  const [kind, setKind] = useState<RemoteKind>(editing?.kind ?? 'llama-server')
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? '')
  const [model, setModel] = useState(editing?.model ?? '')
  const [apiKey, setApiKey] = useState('')
  const [removeKey, setRemoveKey] = useState(false)
  const [caBundlePath, setCaBundlePath] = useState(editing?.caBundlePath ?? '')
  const [allowInsecureHttp, setAllowInsecureHttp] = useState(editing?.allowInsecureHttp ?? false)
  const [adapterMap, setAdapterMap] = useState(
    Object.entries(editing?.adapterMap ?? {})
      .map(([id, n]) => `${id}=${n}`)
      .join('\n'),
  )
  const add = useAction('remote.add', ['remote.list'])
  const update = useAction('remote.update', ['remote.list', 'models.status'])
  const parsedMap = parseAdapterMap(adapterMap)
  const pending = add.isPending || update.isPending
  const error = add.error ?? update.error

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (parsedMap.error) return
    const common = { name: name.trim(), baseUrl: baseUrl.trim(), model: model.trim(), adapterMap: parsedMap.map, caBundlePath: caBundlePath.trim() || null, allowInsecureHttp }
    if (editing) {
      update.mutate({ id: editing.id, ...common, ...(removeKey ? { apiKey: null } : apiKey ? { apiKey } : {}) }, { onSuccess: onDone })
    } else {
      add.mutate({ ...common, kind, apiKey: apiKey || null }, { onSuccess: onDone })
    }
  }

  return (
    <form onSubmit={submit} aria-label={editing ? `Edit ${editing.name}` : 'Add remote backend'} data-testid="remote-form">
      <Stack gap="xs">
        <Group grow align="start">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="remote-name" />
          <Select
            label="API kind"
            data={REMOTE_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
            value={kind}
            onChange={(v) => v && setKind(v as RemoteKind)}
            disabled={editing !== null}
            allowDeselect={false}
            data-testid="remote-kind"
          />
        </Group>
        <TextInput
          label="Base URL"
          required
          placeholder={kind === 'azure-openai' ? 'https://RESOURCE.openai.azure.com/openai/v1' : kind === 'llama-server' ? 'https://gpu-server:8080' : 'https://gpu-server:8000/v1'}
          description="HTTPS, except for a server on this workstation."
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.currentTarget.value)}
          data-testid="remote-url"
        />
        <TextInput label={kind === 'azure-openai' ? 'Deployment' : 'Model'} required description={MODEL_HELP[kind]} value={model} onChange={(e) => setModel(e.currentTarget.value)} data-testid="remote-model" />
        <PasswordInput
          label="API key"
          description={
            editing?.apiKey.stored ? `A key is stored (${editing.apiKey.hint ?? '…'}); enter a new one to replace it.` : 'Kept in the secure storage, never shown again, logged or exported.'
          }
          value={apiKey}
          onChange={(e) => setApiKey(e.currentTarget.value)}
          disabled={removeKey}
          autoComplete="off"
          data-testid="remote-key"
        />
        {editing?.apiKey.stored && <Checkbox label="Remove the stored key" checked={removeKey} onChange={(e) => setRemoveKey(e.currentTarget.checked)} />}
        <TextInput
          label="CA bundle (optional)"
          description="Path of a PEM file with the hospital's own certificate authorities."
          value={caBundlePath}
          onChange={(e) => setCaBundlePath(e.currentTarget.value)}
        />
        <Textarea
          label="Adapter map (optional)"
          description={kind === 'llama-server' ? "One ADAPTER_ID=FILE_NAME per line, where the server's file name differs from the registered one." : kind === 'azure-openai' ? 'One ADAPTER_ID=DEPLOYMENT per line.' : 'One ADAPTER_ID=LORA_MODULE per line.'}
          autosize
          minRows={1}
          value={adapterMap}
          onChange={(e) => setAdapterMap(e.currentTarget.value)}
          error={parsedMap.error}
        />
        <Checkbox
          label="Allow plain HTTP to this server (an isolated network only: patient data then travels unencrypted; this is audited)"
          checked={allowInsecureHttp}
          onChange={(e) => setAllowInsecureHttp(e.currentTarget.checked)}
          color="red"
        />
        {error && <ErrorAlert error={error} title={editing ? 'Not saved' : 'Not added'} />}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={pending} disabled={!name.trim() || !baseUrl.trim() || !model.trim() || parsedMap.error !== null} data-testid="remote-save">
            {editing ? 'Save' : 'Add'}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          Adding a backend sends nothing: patient data goes to it only after it is chosen for drafting.
        </Text>
      </Stack>
    </form>
  )
}
