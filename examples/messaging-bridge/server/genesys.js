'use strict';

// Genesys Cloud client for the bridge. Replaces lib/sunshine.js (Zendesk
// Sunshine Conversations) and lib/twilio.js (outbound SMS).

const axios = require('axios');

// Our org lives in EU-West-1 (Dublin).
const API_BASE = 'https://api.mypurecloud.ie';
const TOKEN_URL = 'https://api.mypurecloud.com/oauth/token';

let cachedToken = null;

// Client credentials token. Also used by jobs/import-history.js with its own client.
async function requestToken(clientId, clientSecret) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: 'messaging:conversation:create write:conversation:messaging',
  });
  const res = await axios.post(TOKEN_URL, form.toString(), {
    auth: { username: clientId, password: clientSecret },
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return {
    token: res.data.access_token,
    expiresAt: Date.now() + res.data.expires_in * 1000,
  };
}

async function serviceToken() {
  // Refresh a minute early so a webhook never goes out with an expired token.
  if (!cachedToken || cachedToken.expiresAt - Date.now() < 60 * 1000) {
    cachedToken = await requestToken(
      process.env.GENESYS_CLIENT_ID,
      process.env.GENESYS_CLIENT_SECRET
    );
  }
  return cachedToken.token;
}

async function authHeaders() {
  return { Authorization: `Bearer ${await serviceToken()}` };
}

// Used by /healthz to check that the credentials still work.
async function whoAmI() {
  const res = await axios.get(`${API_BASE}/api/v2/users/me`, {
    headers: await authHeaders(),
  });
  return { id: res.data.id, name: res.data.name };
}

async function getOrgId() {
  const res = await axios.get(`${API_BASE}/api/v2/organizations/me`, {
    headers: await authHeaders(),
  });
  return res.data.id;
}

// Sunshine equivalent: POST /v2/apps/{appId}/conversations
async function createConversation(zendeskUser) {
  const orgId = await getOrgId();
  const res = await axios.post(
    `${API_BASE}/api/v2/messaging/organizations/${orgId}/conversations`,
    {
      externalId: zendeskUser.id,
      displayName: zendeskUser.name,
      channel: 'web',
    },
    { headers: await authHeaders() }
  );
  // { id, guestToken }
  return res.data;
}

// Relay a customer message into the conversation on behalf of the guest.
async function postGuestMessage(guestToken, conversationId, text) {
  const res = await axios.post(
    `${API_BASE}/api/v2/conversations/messaging`,
    { conversationId, text, type: 'text' },
    { headers: { Authorization: `Guest ${guestToken}` } }
  );
  return res.data;
}

// Outbound notification (order shipped, appointment reminder) to an SMS or
// WhatsApp number. This used to be client.messages.create() on Twilio.
async function sendAgentless({ fromAddress, toAddress, text, messengerType = 'sms' }) {
  const res = await axios.post(
    `${API_BASE}/api/v2/conversations/messages/agentless`,
    {
      fromAddress,
      toAddress,
      toAddressMessengerType: messengerType,
      textBody: text,
    },
    { headers: await authHeaders() }
  );
  return { conversationId: res.data.conversationId, messageId: res.data.id };
}

module.exports = {
  requestToken,
  whoAmI,
  createConversation,
  postGuestMessage,
  sendAgentless,
};
