// The engine's state as a coloured badge (Not loaded / Loading / Ready / Error).
import { Badge } from '@mantine/core'
import type { EngineStatus } from '../../../../shared/contract/models'
import { ENGINE_STATE_COLOR, ENGINE_STATE_LABEL } from './modelFormat'

export function EngineStateBadge({ state }: { state: EngineStatus['state'] }) {
  return (
    <Badge variant="light" color={ENGINE_STATE_COLOR[state]} tt="none" data-testid="engine-state" data-state={state}>
      {ENGINE_STATE_LABEL[state]}
    </Badge>
  )
}
