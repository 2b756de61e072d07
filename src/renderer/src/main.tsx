// Renderer entry: Mantine theme, React Query, the app shell.
import '@mantine/core/styles.css'
import '@mantine/charts/styles.css'
import { MantineProvider, createTheme } from '@mantine/core'
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { AuthGate } from './features/auth/AuthGate'
import { onCallError } from './features/auth/authEvents'

const theme = createTheme({ primaryColor: 'teal', defaultRadius: 'sm' })
// A call refused for want of a session (expired, locked elsewhere, or by the server's inactivity clock) brings up the
// sign-in or lock screen.
const queryClient: QueryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
  queryCache: new QueryCache({ onError: (error) => onCallError(queryClient, error) }),
  mutationCache: new MutationCache({ onError: (error) => onCallError(queryClient, error) }),
})

const root = document.getElementById('root')
if (!root) throw new Error('index.html lacks #root')
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <AuthGate>
          <App />
        </AuthGate>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
)
