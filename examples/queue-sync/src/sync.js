'use strict';

// Nightly queue sync: HR team export -> Genesys Cloud queue members and skills.
//
//   HR_EXPORT=/data/hr/teams.csv node src/sync.js [--dry-run]

const { createApi } = require('./genesys');
const { readTeamAssignments } = require('./hr-feed');
const teams = require('./teams');

const DRY_RUN = process.argv.includes('--dry-run');
const MEMBER_BATCH = 100; // the members endpoint takes at most 100 users per call

function chunk(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function findUserIds(api, emails) {
  const ids = new Map();
  for (const batch of chunk([...emails], 50)) {
    const res = await api.post('/api/v2/users/search', {
      pageSize: 100,
      query: [{ type: 'EXACT', fields: ['email'], values: batch }],
    });
    for (const user of res.data.results || []) ids.set(user.email.toLowerCase(), user.id);
  }
  return ids;
}

async function findQueue(api, name) {
  const res = await api.get('/api/v2/routing/queues', { params: { name, pageSize: 25 } });
  const queue = res.data.entities.find((q) => q.name === name);
  if (!queue) throw new Error(`queue not found: ${name}`);
  return queue;
}

async function findSkill(api, name) {
  const res = await api.get('/api/v2/routing/skills', { params: { name, pageSize: 25 } });
  const skill = res.data.entities.find((s) => s.name === name);
  if (!skill) throw new Error(`skill not found: ${name}`);
  return skill;
}

async function listMemberIds(api, queueId) {
  const ids = new Set();
  for (let pageNumber = 1; ; pageNumber += 1) {
    const res = await api.get(`/api/v2/routing/queues/${queueId}/members`, {
      params: { pageSize: 100, pageNumber },
    });
    for (const member of res.data.entities) ids.add(member.id);
    if (pageNumber >= (res.data.pageCount || 1)) break;
  }
  return ids;
}

async function addMembers(api, queueId, userIds) {
  for (const batch of chunk(userIds, MEMBER_BATCH)) {
    await api.post(`/api/v2/routing/queues/${queueId}/members`, batch.map((id) => ({ id })));
  }
}

async function removeMembers(api, queueId, userIds) {
  for (const batch of chunk(userIds, MEMBER_BATCH)) {
    await api.post(`/api/v2/routing/queues/${queueId}/members?delete=true`, batch.map((id) => ({ id })));
  }
}

async function assignSkill(api, userId, skillId, proficiency) {
  await api.put(`/api/v2/users/${userId}/routingskills/${skillId}`, { proficiency, state: 'active' });
}

async function syncTeam(api, code, emails, userIds) {
  const team = teams[code];
  const queue = await findQueue(api, team.queue);
  const skill = await findSkill(api, team.skill);

  const wanted = new Set();
  for (const email of emails) {
    const id = userIds.get(email);
    if (id) wanted.add(id);
    else console.warn(`[${code}] no Genesys Cloud user for ${email}`);
  }
  const current = await listMemberIds(api, queue.id);
  const toAdd = [...wanted].filter((id) => !current.has(id));
  const toRemove = [...current].filter((id) => !wanted.has(id));

  console.log(`[${code}] ${queue.name}: +${toAdd.length} -${toRemove.length}`);
  if (DRY_RUN) return;

  await addMembers(api, queue.id, toAdd);
  await removeMembers(api, queue.id, toRemove);
  for (const userId of toAdd) {
    await assignSkill(api, userId, skill.id, team.proficiency);
  }
}

async function main() {
  const file = process.env.HR_EXPORT;
  if (!file) throw new Error('HR_EXPORT must point at the HR team export');

  const assignments = readTeamAssignments(file);
  const api = await createApi();

  const allEmails = new Set();
  for (const [code, emails] of assignments) {
    if (teams[code]) emails.forEach((e) => allEmails.add(e));
  }
  const userIds = await findUserIds(api, allEmails);

  for (const [code, emails] of assignments) {
    if (!teams[code]) continue;
    await syncTeam(api, code, emails, userIds);
  }
}

main().catch((err) => {
  const detail = err.response ? `${err.response.status} ${JSON.stringify(err.response.data)}` : err.stack;
  console.error('queue sync failed:', detail);
  process.exit(1);
});
