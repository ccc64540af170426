/**
 * The signed-in account for this tab, shared by the router guard and the pages. Asking /api/me
 * only when the `fy_csrf` cookie exists keeps a first visit free of a 401 (which browsers print
 * as a console error) — the cookie is set and cleared together with the session cookie.
 */
import { computed, ref } from 'vue';
import { fetchMe, signOut as signOutRequest, type Me, type RoleName } from './api/me.ts';
import { ApiError } from './http-error.ts';
import { CSRF_COOKIE, readDocumentCookie } from './request.ts';

const me = ref<Me | null>(null);
const loaded = ref(false);

async function load(): Promise<Me | null> {
  if (!readDocumentCookie(CSRF_COOKIE)) {
    me.value = null;
  } else {
    try {
      me.value = await fetchMe();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      me.value = null; // session expired or revoked elsewhere
    }
  }
  loaded.value = true;
  return me.value;
}

async function ensureLoaded(): Promise<Me | null> {
  return loaded.value ? me.value : load();
}

function signedIn(account: Me): void {
  me.value = account;
  loaded.value = true;
}

async function signOut(): Promise<void> {
  try {
    await signOutRequest();
  } finally {
    me.value = null; // even if the server is unreachable, this screen must stop showing the account
  }
}

export function useSession() {
  return {
    me: computed(() => me.value),
    hasRole: (role: RoleName) => me.value?.roles.some((grant) => grant.role === role) ?? false,
    load,
    ensureLoaded,
    signedIn,
    signOut,
  };
}
