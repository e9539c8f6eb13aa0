// "My queues" table: membership toggle and live observation stats.

const platformClient = require('platformClient');

const usersApi = new platformClient.UsersApi();
const analyticsApi = new platformClient.AnalyticsApi();

const METRICS = ['oWaiting', 'oInteracting', 'oOnQueueUsers', 'oActiveUsers'];

let currentUserId = null;

function rowFor(queueId) {
  return document.querySelector(`#queues tr[data-queue-id="${queueId}"]`);
}

async function setJoined(queueId, joined) {
  await usersApi.patchUserQueue(queueId, currentUserId, { id: queueId, joined });
}

export async function loadQueues(userId) {
  currentUserId = userId;
  const page = await usersApi.getUserQueues(userId, { pageSize: 100 });
  const tbody = document.querySelector('#queues tbody');
  tbody.innerHTML = '';

  for (const queue of page.entities) {
    const tr = document.createElement('tr');
    tr.dataset.queueId = queue.id;

    const name = document.createElement('td');
    const toggle = document.createElement('input');
    toggle.type = 'checkbox';
    toggle.checked = queue.joined;
    toggle.title = 'Active on this queue';
    toggle.addEventListener('change', () => {
      setJoined(queue.id, toggle.checked).catch((err) => {
        toggle.checked = !toggle.checked;
        console.error('could not change queue membership', err);
      });
    });
    name.append(toggle, ' ', queue.name);
    tr.appendChild(name);

    for (let i = 0; i < METRICS.length; i += 1) {
      tr.appendChild(document.createElement('td'));
    }
    tbody.appendChild(tr);
  }
  return page.entities.map((q) => q.id);
}

export async function refreshStats(queueIds) {
  if (queueIds.length === 0) return;
  const result = await analyticsApi.postAnalyticsQueuesObservationsQuery({
    filter: {
      type: 'or',
      predicates: queueIds.map((id) => ({ dimension: 'queueId', value: id })),
    },
    metrics: METRICS,
  });

  for (const entry of result.results || []) {
    const tr = rowFor(entry.group.queueId);
    if (!tr) continue;
    const counts = {};
    for (const d of entry.data || []) {
      counts[d.metric] = (counts[d.metric] || 0) + d.stats.count;
    }
    METRICS.forEach((metric, i) => {
      tr.cells[i + 1].textContent = String(counts[metric] || 0);
    });
  }
}
