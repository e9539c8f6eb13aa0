// Interaction panel: shows the customer's Zendesk tickets next to a Genesys
// Cloud messaging interaction and lets the agent post a short summary.
(function () {
  'use strict';

  const platformClient = require('platformClient');

  const CLIENT_ID = '4c7d2a91-0e6b-4f53-9b1a-7d2e5f80c3a6';
  const REDIRECT_URI = 'https://bridge.example-partner.com/widget/';

  const client = platformClient.ApiClient.instance;
  client.setEnvironment(platformClient.PureCloudRegionHosts.eu_west_1);

  const usersApi = new platformClient.UsersApi();
  const conversationsApi = new platformClient.ConversationsApi();

  // The interaction id comes in the app URL; the implicit grant redirect
  // drops the query string, so it travels in the OAuth state.
  const params = new URLSearchParams(window.location.search);

  async function loadTickets(email) {
    const res = await fetch(`/zendesk/tickets?email=${encodeURIComponent(email)}`);
    if (!res.ok) throw new Error(`ticket lookup failed (${res.status})`);
    return res.json();
  }

  function render(customerName, tickets) {
    document.getElementById('customer-name').textContent = customerName;
    const list = document.getElementById('tickets');
    list.innerHTML = '';
    for (const t of tickets) {
      const li = document.createElement('li');
      li.innerHTML = `<span class="status"></span>#${t.id} <span class="subject"></span>`;
      li.querySelector('.status').textContent = t.status;
      li.querySelector('.subject').textContent = t.subject;
      list.appendChild(li);
    }
  }

  async function sendSummary(conversationId, communicationId, tickets) {
    const open = tickets.filter((t) => t.status !== 'closed' && t.status !== 'solved');
    const textBody = open.length
      ? `We can see ${open.length} open request(s) from you: ${open.map((t) => '#' + t.id).join(', ')}.`
      : 'All your previous requests are resolved.';
    await conversationsApi.postConversationsMessageCommunicationMessages(conversationId, communicationId, {
      textBody,
    });
  }

  async function start() {
    const auth = await client.loginImplicitGrant(CLIENT_ID, REDIRECT_URI, {
      state: params.get('conversationId') || '',
    });
    const conversationId = auth.state;
    if (!conversationId) throw new Error('open this panel from a messaging interaction');

    const me = await usersApi.getUsersMe();
    const conversation = await conversationsApi.getConversationsMessage(conversationId);
    const customer = conversation.participants.find((p) => p.purpose === 'customer');
    const agent = conversation.participants.find((p) => p.purpose === 'agent' && p.userId === me.id);

    const email = (customer.attributes && customer.attributes.email) || customer.name;
    const tickets = await loadTickets(email);
    render(customer.name || email, tickets);

    const button = document.getElementById('send-summary');
    if (agent && agent.messages && agent.messages.length) {
      button.disabled = false;
      button.addEventListener('click', () =>
        sendSummary(conversationId, agent.messages[0].id, tickets).catch(showError)
      );
    }
  }

  function showError(err) {
    document.getElementById('error').textContent = err.message || String(err);
  }

  start().catch(showError);
})();
