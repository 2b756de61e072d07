// Starts the model engine as an Electron utility process: Electron's supported way to run Node work beside the
// app (child_process.fork would need the RunAsNode fuse, which a hardened build switches off).
import { utilityProcess } from 'electron'
import type { HostReply, HostSpawner } from '../llm/engine/hostProtocol'

export const utilityProcessSpawner: HostSpawner = (hostPath, env) => {
  const child = utilityProcess.fork(hostPath, [], { env: { ...process.env, ...env }, serviceName: 'Readout model engine', stdio: 'inherit' })
  return {
    send: (m) => child.postMessage(m),
    onMessage: (l) => child.on('message', (m: HostReply) => l(m)),
    onExit: (l) => child.on('exit', (code) => l(code)),
    // The app's window keeps Electron running; a utility process never holds it open.
    hold: () => undefined,
    kill: () => void child.kill(),
    pid: () => child.pid,
  }
}
