/**
 * Who the health-code pages act for: the resident and each dependant, the current one kept in
 * the `personId` query so a reload or a shared link inside the app lands on the same person.
 * (The id is an opaque UUID, not personal data.) The list is read when the page mounts; a
 * failure goes to `onLoadError` (the page's error line).
 */
import { computed, onMounted, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { fetchActingPeople, type ActingPerson } from '../api/codes.ts';

export function useCodePeople(onLoadError: (error: unknown) => void) {
  const route = useRoute();
  const router = useRouter();
  const people = ref<ActingPerson[]>([]);
  const loaded = ref(false);

  const personId = computed<string | null>(() => {
    const asked = typeof route.query.personId === 'string' ? route.query.personId : null;
    if (asked && people.value.some((p) => p.personId === asked)) return asked;
    return people.value[0]?.personId ?? null;
  });
  const current = computed(() => people.value.find((p) => p.personId === personId.value) ?? null);

  async function load(): Promise<void> {
    people.value = await fetchActingPeople();
    loaded.value = true;
  }

  async function choose(id: string): Promise<void> {
    if (id === personId.value) return;
    await router.replace({ query: { ...route.query, personId: id } });
  }

  onMounted(() => load().catch(onLoadError));

  return { people, loaded, personId, current, choose };
}
