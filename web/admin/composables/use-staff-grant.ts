/**
 * The account's first grant of one of `roles` (its region and region name): the region a page
 * works in by default — where a case import goes, the root of a region filter, the city whose
 * tracing parameters are shown. null when the account holds none of them.
 */
import { computed } from 'vue';
import { useSession } from '../../common/use-session.ts';
import type { RoleName } from '../../common/api/me.ts';

export function useStaffGrant(roles: readonly RoleName[]) {
  const session = useSession();
  return computed(() => {
    const grants = session.me.value?.roles ?? [];
    for (const role of roles) {
      const grant = grants.find((g) => g.role === role);
      if (grant) return grant;
    }
    return null;
  });
}
