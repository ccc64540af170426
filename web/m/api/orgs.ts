/** 我的单位: the organisations the signed-in resident belongs to (src/orgs/routes.ts GET /api/orgs/me). */
import { request } from '../../common/request.ts';
import type { MemberRole, OrganisationKind } from '../../../src/orgs/model.ts';

export type { MemberRole, OrganisationKind };

export interface MyOrganisation { id: string; name: string; kind: OrganisationKind; unitId: string | null; unitName: string | null; memberRole: MemberRole }

export const fetchMyOrganisations = () => request.get<{ items: MyOrganisation[] }>('/api/orgs/me');
