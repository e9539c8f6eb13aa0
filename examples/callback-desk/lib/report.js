// Callback outcomes of a queue, read with the back end's client.
const platformClient = require('purecloud-platform-client-v2');

const analyticsApi = new platformClient.AnalyticsApi();
const routingApi = new platformClient.RoutingApi();

const QUEUES = (process.env.REPORT_QUEUES || '').split(',').filter(Boolean);

function yesterday() {
  const end = new Date();
  end.setUTCHours(0, 0, 0, 0);
  const start = new Date(end.getTime() - 24 * 60 * 60 * 1000);
  return `${start.toISOString()}/${end.toISOString()}`;
}

async function callbackOutcomes(queueId) {
  const queue = await routingApi.getRoutingQueue(queueId);
  const details = await analyticsApi.postAnalyticsConversationsDetailsQuery({
    interval: yesterday(),
    segmentFilters: [
      {
        type: 'and',
        predicates: [
          { dimension: 'queueId', value: queueId },
          { dimension: 'mediaType', value: 'callback' },
        ],
      },
    ],
  });
  return { queue: queue.name, conversations: details.conversations || [] };
}

// Callbacks nobody answered are closed in bulk; the verb comes from the
// caller so the same helper can be pointed at a dry-run proxy.
function closeStale(ids, method = process.env.CLOSE_METHOD) {
  const client = platformClient.ApiClient.instance;
  return client.callApi(
    '/api/v2/conversations/callbacks/bulk/disconnect',
    method,
    {},
    {},
    {},
    {},
    { callbackDisconnectIdentifiers: ids.map((conversationId) => ({ conversationId })) },
    ['PureCloud OAuth'],
    ['application/json'],
    ['application/json'],
  );
}

// Moves a callback to a new time. The verb is configurable: the EU gateway
// the team goes through only forwards PATCH, the test org takes PUT.
function reschedule(conversationId, callbackScheduledTime) {
  const client = platformClient.ApiClient.instance;
  return client.callApi(
    '/api/v2/conversations/callbacks',
    process.env.RESCHEDULE_VERB,
    {},
    {},
    {},
    {},
    { conversationId, callbackScheduledTime },
    ['PureCloud OAuth'],
    ['application/json'],
    ['application/json'],
  );
}

async function hourly() {
  for (const queueId of QUEUES) {
    const { conversations } = await callbackOutcomes(queueId);
    const stale = conversations.filter((c) => !c.conversationEnd).map((c) => c.conversationId);
    if (stale.length > 0) {
      await closeStale(stale);
    }
  }
}

module.exports = { callbackOutcomes, hourly, reschedule };
