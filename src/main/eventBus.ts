// A typed in-process event bus; transports (IPC, SSE) subscribe and forward events to renderers.
import { events as eventSchemas, type EventName, type EventPayload } from '../shared/contract/events'

type Listener = (event: EventName, payload: unknown) => void

export class EventBus {
  private readonly listeners = new Set<Listener>()

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    // Validate here so a malformed event fails where it was produced, not in a renderer.
    const parsed = eventSchemas[event].parse(payload)
    for (const l of this.listeners) l(event, parsed)
  }

  /** Subscribe to every event; returns the unsubscribe function. */
  onAny(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
