import { api, toMessage, type PolicyInfo } from './api';
import { usePackNames } from './labels';

// The loaded policy pack (GET /api/v1/policy); it does not change while the server runs.
export const pack = $state<{ info: PolicyInfo | null; error: string; loading: boolean }>({
  info: null,
  error: '',
  loading: false,
});

/** Loads the pack once (after login with the second factor done); errors go to pack.error. */
export async function loadPack(): Promise<void> {
  if (pack.info || pack.loading) return;
  pack.loading = true;
  pack.error = '';
  try {
    const info = await api.policy();
    usePackNames(info.zones, info.roles);
    pack.info = info;
  } catch (e) {
    pack.error = toMessage(e);
  } finally {
    pack.loading = false;
  }
}
