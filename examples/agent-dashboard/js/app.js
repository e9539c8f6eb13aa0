import { loadQueues, refreshStats } from './queues.js';

const platformClient = require('platformClient');

const CLIENT_ID = '9e2b6f14-3a8c-4d71-b05e-c81f4a6d2e93';
// Same page handles the redirect (prod and http://localhost:8080/ in dev).
const REDIRECT_URI = window.location.origin + window.location.pathname;
const STATS_INTERVAL_MS = 15000;

const client = platformClient.ApiClient.instance;
client.setEnvironment('mypurecloud.de');
client.setPersistSettings(true, 'agent_dashboard');

const usersApi = new platformClient.UsersApi();
const presenceApi = new platformClient.PresenceApi();

async function showPresence(userId) {
  const presence = await presenceApi.getUserPresence(userId, 'purecloud');
  const badge = document.getElementById('presence');
  badge.textContent = presence.presenceDefinition.systemPresence;
  badge.dataset.presence = presence.presenceDefinition.systemPresence.toLowerCase();
}

async function main() {
  await client.loginImplicitGrant(CLIENT_ID, REDIRECT_URI);

  const me = await usersApi.getUsersMe();
  document.getElementById('agent-name').textContent = me.name;

  await showPresence(me.id);
  const queueIds = await loadQueues(me.id);
  await refreshStats(queueIds);

  setInterval(() => {
    refreshStats(queueIds).catch(showError);
    showPresence(me.id).catch(showError);
  }, STATS_INTERVAL_MS);
}

function showError(err) {
  const message = (err && err.body && err.body.message) || (err && err.message) || String(err);
  document.getElementById('error').textContent = message;
}

main().catch(showError);
