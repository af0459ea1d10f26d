import { api, setCsrfToken, type Me } from './api';

export const session = $state<{ me: Me | null; checked: boolean }>({ me: null, checked: false });

export function setMe(me: Me | null): void {
  session.me = me;
  setCsrfToken(me?.csrf_token ?? '');
}

/** Ask the server who we are (the cookie is HttpOnly); null when not logged in. */
export async function refreshMe(): Promise<void> {
  try {
    setMe(await api.me());
  } catch {
    setMe(null);
  } finally {
    session.checked = true;
  }
}
