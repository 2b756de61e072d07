// Why a generation produced no draft, by error code, with what to do next; the report keeps its earlier state.
import { Alert, Anchor, Text } from '@mantine/core'
import { IconAlertTriangle, IconPlayerStop } from '@tabler/icons-react'
import type { ErrorCode } from '../../../../shared/errors'
import { ApiError } from '../../api/client'
import { hrefTo } from '../../app/routes'

const TITLES: Partial<Record<ErrorCode, string>> = {
  MODEL_NOT_READY: 'The model is not ready',
  TIMEOUT: 'The model took too long',
  CANCELLED: 'Cancelled',
  GENERATION_FAILED: 'The model did not produce a usable draft',
  OUT_OF_MEMORY: 'Not enough memory for the model',
  NOT_FOUND: 'The report is gone',
}

const ADVICE: Partial<Record<ErrorCode, string>> = {
  TIMEOUT: 'Raise the time limit or lower the token limit in Models → Engine settings, or try again when the machine is less busy.',
  OUT_OF_MEMORY: 'Use fewer GPU layers or fewer parallel reports in Models → Engine settings, or a smaller model.',
}

export function DraftError({ error, hasEarlier }: { error: Error; hasEarlier: boolean }) {
  const code: ErrorCode = error instanceof ApiError ? error.code : 'INTERNAL'
  const cancelled = code === 'CANCELLED'
  const advice = ADVICE[code]
  return (
    <Alert
      color={cancelled ? 'gray' : 'red'}
      icon={cancelled ? <IconPlayerStop size={18} /> : <IconAlertTriangle size={18} />}
      title={`${TITLES[code] ?? 'Generation failed'} (${code})`}
      role="alert"
      data-testid="draft-error"
      data-code={code}
    >
      <Text size="sm">{error.message}</Text>
      <Text size="sm" mt={4}>
        {hasEarlier ? 'No new draft was saved; the earlier draft below is unchanged.' : 'No draft was saved for this report.'}
        {advice !== undefined && ` ${advice}`}
        {code === 'MODEL_NOT_READY' && (
          <>
            {' '}
            <Anchor href={hrefTo('models')} data-testid="draft-models-link">
              Open the Models page
            </Anchor>{' '}
            to choose and load a base model.
          </>
        )}
      </Text>
    </Alert>
  )
}
