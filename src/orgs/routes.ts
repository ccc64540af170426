/**
 * Organisations under /api/orgs: registration and lists, co-administrators, units, members, the
 * roster import (the .xlsx file itself is the request body, as for venues; a background job runs
 * it and the console polls its progress), and a resident's own organisations (/api/orgs/me).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { XLSX_TYPE } from '../kernel/spreadsheet.ts';
import { orgFail } from './errors.ts';
import { addMember, changeMember, listMembers, markMemberLeft, myOrganisations } from './members.ts';
import { rosterTemplate } from './roster.ts';
import { rosterImportStatus, startRosterImport } from './roster-imports.ts';
import {
  adminParams, adminSchema, listQuery, memberBody, memberParams, memberPatchBody, memberSchema, membersQuery, myOrganisationSchema, organisationSchema,
  organisationViewSchema, orgIdParams, registerBody, rosterImportParams, rosterImportSchema, rosterQuery, rowReportSchema, unitBody, unitParams, unitPatchBody, unitSchema,
} from './schemas.ts';
import { addOrganisationAdmin, getOrganisation, listOrganisationAdmins, listOrganisations, registerOrganisation, removeOrganisationAdmin } from './service.ts';
import { changeUnit, createUnit, listUnits, removeUnit } from './units.ts';

const MAX_ROSTER_BYTES = 10 * 1024 * 1024;

const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_ROSTER_BYTES }, (_request, body, done) => done(null, body));

  app.post('/', {
    schema: { summary: 'Register an organisation of your area (org_admin); you become its administrator; audited', tags: ['orgs'], body: registerBody, response: { 201: organisationViewSchema } },
  }, async (request, reply) => reply.status(201).send(await registerOrganisation(platform, request.actor, request.body)));

  app.get('/', {
    schema: {
      summary: 'Organisations: scope=mine — those I administer; scope=region — those of my area (community workers, health officials), keyset by name',
      tags: ['orgs'], querystring: listQuery, response: { 200: z.object({ items: z.array(organisationSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listOrganisations(platform, request.actor, { ...request.query, search: request.query.q }));

  app.get('/me', {
    schema: { summary: 'The organisations the signed-in resident belongs to (我的单位)', tags: ['orgs'], response: { 200: z.object({ items: z.array(myOrganisationSchema) }) } },
  }, async (request) => ({ items: await myOrganisations(platform, request.actor) }));

  app.get('/:id', {
    schema: { summary: 'One organisation (its administrators, officials of its region)', tags: ['orgs'], params: orgIdParams, response: { 200: organisationViewSchema } },
  }, async (request) => getOrganisation(platform, request.actor, request.params.id));

  app.get('/:id/admins', {
    schema: { summary: 'The organisation\'s administrators', tags: ['orgs'], params: orgIdParams, response: { 200: z.object({ items: z.array(adminSchema) }) } },
  }, async (request) => ({ items: await listOrganisationAdmins(platform, request.actor, request.params.id) }));

  app.post('/:id/admins', {
    schema: {
      summary: 'Add an org_admin account of the region as co-administrator; audited', tags: ['orgs'], params: orgIdParams,
      body: z.object({ username: z.string().max(64) }), response: { 200: z.object({ items: z.array(adminSchema) }) },
    },
  }, async (request) => ({ items: await addOrganisationAdmin(platform, request.actor, request.params.id, request.body.username) }));

  app.delete('/:id/admins/:accountId', {
    schema: { summary: 'Remove an administrator (never the last one); audited', tags: ['orgs'], params: adminParams },
  }, async (request, reply) => {
    await removeOrganisationAdmin(platform, request.actor, request.params.id, request.params.accountId);
    return reply.status(204).send();
  });

  app.get('/:id/units', {
    schema: { summary: 'The units (departments, classes, buildings, teams) as a flat list with parentId and path; build the tree from it', tags: ['orgs'], params: orgIdParams, response: { 200: z.object({ items: z.array(unitSchema) }) } },
  }, async (request) => ({ items: await listUnits(platform, request.actor, request.params.id) }));

  app.post('/:id/units', {
    schema: { summary: 'Create a unit (under parentId when given); audited', tags: ['orgs'], params: orgIdParams, body: unitBody, response: { 201: unitSchema } },
  }, async (request, reply) => reply.status(201).send(await createUnit(platform, request.actor, request.params.id, request.body)));

  app.patch('/:id/units/:unitId', {
    schema: { summary: 'Rename or move a unit (never under itself or below); audited', tags: ['orgs'], params: unitParams, body: unitPatchBody, response: { 200: unitSchema } },
  }, async (request) => changeUnit(platform, request.actor, request.params.id, request.params.unitId, request.body));

  app.delete('/:id/units/:unitId', {
    schema: { summary: 'Delete a unit without sub-units or active members; audited', tags: ['orgs'], params: unitParams },
  }, async (request, reply) => {
    await removeUnit(platform, request.actor, request.params.id, request.params.unitId);
    return reply.status(204).send();
  });

  app.get('/:id/members', {
    schema: {
      summary: 'Members (masked names and phones), by unit including units below, keyset by person id', tags: ['orgs'], params: orgIdParams, querystring: membersQuery,
      response: { 200: z.object({ items: z.array(memberSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listMembers(platform, request.actor, request.params.id, request.query));

  app.post('/:id/members', {
    schema: {
      summary: 'Add one member: document number (matched to a resident or a new person is registered) or the phone of a registered resident; 422 ORG_MEMBER_INPUT_INVALID with details.errors; audited',
      tags: ['orgs'], params: orgIdParams, body: memberBody, response: { 201: z.object({ member: memberSchema, report: rowReportSchema }) },
    },
  }, async (request, reply) => reply.status(201).send(await addMember(platform, request.actor, request.params.id, request.body)));

  app.patch('/:id/members/:personId', {
    schema: { summary: 'Move a member to another unit and/or change their role; audited', tags: ['orgs'], params: memberParams, body: memberPatchBody, response: { 200: memberSchema } },
  }, async (request) => changeMember(platform, request.actor, request.params.id, request.params.personId, request.body));

  app.post('/:id/members/:personId/leave', {
    schema: { summary: 'Mark a member as left (kept for history); audited', tags: ['orgs'], params: memberParams, response: { 200: memberSchema } },
  }, async (request) => markMemberLeft(platform, request.actor, request.params.id, request.params.personId));

  app.get('/:id/roster/template', {
    schema: { summary: 'The roster (花名册) Excel template', tags: ['orgs'], params: orgIdParams },
  }, async (request, reply) => {
    const file = await rosterTemplate(platform, request.actor, request.params.id);
    return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="roster-template.xlsx"; filename*=UTF-8''${encodeURIComponent('花名册模板.xlsx')}`).send(file);
  });

  app.post('/:id/roster', {
    bodyLimit: MAX_ROSTER_BYTES,
    schema: {
      summary: `Start a roster import (body: the .xlsx file, content-type ${XLSX_TYPE}, at most 10 MB), run by a background job: poll GET …/roster/imports/:importId. `
        + 'dryRun=true: every row checked, nothing written. Otherwise the good rows are written (each row whole or not at all) and the bad ones reported; audited',
      tags: ['orgs'], params: orgIdParams, querystring: rosterQuery, response: { 202: rosterImportSchema },
    },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw orgFail('ORG_ROSTER_FILE_INVALID');
    const started = await startRosterImport(platform, request.actor, request.params.id, request.body, { dryRun: request.query.dryRun, createUnits: request.query.createUnits });
    return reply.status(202).send(started);
  });

  app.get('/:id/roster/imports/:importId', {
    schema: {
      summary: 'A roster import\'s phase and progress, and its row-by-row report when done (the administrator who started it; kept 24 hours)',
      tags: ['orgs'], params: rosterImportParams, response: { 200: rosterImportSchema },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return rosterImportStatus(platform, request.actor, request.params.id, request.params.importId);
  });
};

export default orgRoutes;
