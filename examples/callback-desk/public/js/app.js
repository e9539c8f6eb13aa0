import { fillQueues, showMembers } from './queues.js';

const platformClient = require('platformClient');
const client = platformClient.ApiClient.instance;
const usersApi = new platformClient.UsersApi();
const conversationsApi = new platformClient.ConversationsApi();

const CLIENT_ID = '5d3c2b1a-0f9e-4d8c-b7a6-112233445566';

async function start() {
  client.setEnvironment('mypurecloud.ie');
  client.setPersistSettings(true, 'callback-desk');
  await client.loginPKCEGrant(CLIENT_ID, window.location.origin + window.location.pathname);

  const me = await usersApi.getUsersMe();
  document.getElementById('agent-name').textContent = me.name;

  const queueSelect = document.getElementById('queue');
  await fillQueues(queueSelect);
  queueSelect.addEventListener('change', () => showMembers(queueSelect.value));

  document.getElementById('callback').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    await conversationsApi.postConversationsCallbacks({
      routingData: { queueId: queueSelect.value },
      callbackNumbers: [form.get('number')],
      callbackUserName: form.get('name'),
    });
    event.target.reset();
  });
}

start().catch((err) => console.error(err));
