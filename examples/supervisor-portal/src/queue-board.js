// Today's numbers per queue, plus the member list of the selected queue.

const platformClient = require('platformClient');

const routingApi = new platformClient.RoutingApi();
const analyticsApi = new platformClient.AnalyticsApi();

function startOfToday() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d;
}

async function fetchQueues() {
  const queues = [];
  for (let pageNumber = 1; ; pageNumber += 1) {
    const page = await routingApi.getRoutingQueues({ pageSize: 100, pageNumber, sortOrder: 'asc' });
    queues.push(...page.entities);
    if (pageNumber >= page.pageCount) break;
  }
  return queues;
}

async function fetchTodayStats(queueIds) {
  const interval = `${startOfToday().toISOString()}/${new Date().toISOString()}`;
  const result = await analyticsApi.postAnalyticsConversationsAggregatesQuery({
    interval,
    groupBy: ['queueId'],
    metrics: ['nOffered', 'tAnswered', 'tAbandon', 'tHandle'],
    filter: {
      type: 'or',
      predicates: queueIds.map((id) => ({ dimension: 'queueId', value: id })),
    },
  });

  const byQueue = new Map();
  for (const row of result.results || []) {
    const stats = {};
    for (const bucket of row.data || []) {
      for (const m of bucket.metrics) {
        stats[m.metric] = m.stats;
      }
    }
    byQueue.set(row.group.queueId, stats);
  }
  return byQueue;
}

async function showMembers(queue) {
  const page = await routingApi.getRoutingQueueMembers(queue.id, { pageSize: 100 });
  const title = document.getElementById('members-title');
  title.hidden = false;
  title.textContent = `Members of ${queue.name}`;
  const list = document.getElementById('members');
  list.innerHTML = '';
  for (const member of page.entities) {
    const li = document.createElement('li');
    li.textContent = member.name + (member.joined ? '' : ' (inactive)');
    list.appendChild(li);
  }
}

export async function renderQueueBoard(tbody) {
  const queues = await fetchQueues();
  // The aggregates query accepts a limited filter size, so ask in slices.
  const stats = new Map();
  for (let i = 0; i < queues.length; i += 50) {
    const slice = await fetchTodayStats(queues.slice(i, i + 50).map((q) => q.id));
    slice.forEach((value, key) => stats.set(key, value));
  }

  tbody.innerHTML = '';
  for (const queue of queues) {
    const s = stats.get(queue.id) || {};
    const handled = s.tHandle || { count: 0, sum: 0 };
    const cells = [
      queue.name,
      (s.nOffered && s.nOffered.count) || 0,
      (s.tAnswered && s.tAnswered.count) || 0,
      (s.tAbandon && s.tAbandon.count) || 0,
      handled.count ? Math.round(handled.sum / handled.count / 1000) : '-',
    ];
    const tr = document.createElement('tr');
    for (const value of cells) {
      const td = document.createElement('td');
      td.textContent = String(value);
      tr.appendChild(td);
    }
    tr.addEventListener('click', () => {
      tbody.querySelectorAll('tr.selected').forEach((row) => row.classList.remove('selected'));
      tr.classList.add('selected');
      showMembers(queue).catch((err) => console.error(err));
    });
    tbody.appendChild(tr);
  }
}
