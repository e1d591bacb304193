import type { ProviderName } from '../inputs/options.js';
import { existingManager, existingProvider } from './existing.js';
import { kindManager, kindProvider } from './kind.js';
import { kwokManager, kwokProvider } from './kwok.js';
import type { ClusterManager, ClusterProvider } from './provider.js';

export const PROVIDER_IMPLEMENTATIONS: Record<ProviderName, { provider: ClusterProvider; manager: ClusterManager }> = {
  kind: { provider: kindProvider, manager: kindManager },
  existing: { provider: existingProvider, manager: existingManager },
  kwok: { provider: kwokProvider, manager: kwokManager },
};
