'use strict';

const path = require('path');
const crypto = require('crypto');
const express = require('express');
const axios = require('axios');
const genesys = require('./genesys');

const app = express();
app.use(express.json());
app.use('/widget', express.static(path.join(__dirname, '..', 'public')));

const ZENDESK_SUBDOMAIN = process.env.ZENDESK_SUBDOMAIN || 'acme-support';

// Zendesk user id -> { conversationId, guestToken }
const sessions = new Map();

function verifySunshineKey(req, res, next) {
  const expected = Buffer.from(process.env.SUNSHINE_WEBHOOK_KEY || '');
  const given = Buffer.from(req.get('X-API-Key') || '');
  if (expected.length === 0 || expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    return res.sendStatus(401);
  }
  return next();
}

// Sunshine Conversations webhook: conversation:message events from the web widget.
app.post('/webhooks/sunshine', verifySunshineKey, async (req, res) => {
  try {
    for (const event of req.body.events || []) {
      if (event.type !== 'conversation:message') continue;
      const { message } = event.payload;
      if (message.author.type !== 'user') continue;

      const zendeskUser = { id: message.author.userId, name: message.author.displayName };
      let session = sessions.get(zendeskUser.id);
      if (!session) {
        const created = await genesys.createConversation(zendeskUser);
        session = { conversationId: created.id, guestToken: created.guestToken };
        sessions.set(zendeskUser.id, session);
      }
      await genesys.postGuestMessage(session.guestToken, session.conversationId, message.content.text);
    }
    res.sendStatus(200);
  } catch (err) {
    console.error('sunshine webhook failed', err.response ? err.response.status : err.message);
    res.sendStatus(502);
  }
});

// Order system -> customer notification (was Twilio).
app.post('/notify', async (req, res) => {
  try {
    const result = await genesys.sendAgentless({
      fromAddress: process.env.SMS_FROM_NUMBER,
      toAddress: req.body.phone,
      text: req.body.text,
    });
    res.json(result);
  } catch (err) {
    res.status(502).json({ error: err.message });
  }
});

// Ticket history for the agent widget.
app.get('/zendesk/tickets', async (req, res) => {
  const email = String(req.query.email || '');
  if (!email) return res.status(400).json({ error: 'email is required' });
  try {
    const zd = await axios.get(`https://${ZENDESK_SUBDOMAIN}.zendesk.com/api/v2/search.json`, {
      params: { query: `type:ticket requester:${email}`, sort_by: 'created_at', sort_order: 'desc' },
      auth: { username: `${process.env.ZENDESK_EMAIL}/token`, password: process.env.ZENDESK_API_TOKEN },
    });
    res.json(
      zd.data.results.map((t) => ({ id: t.id, subject: t.subject, status: t.status, createdAt: t.created_at }))
    );
  } catch (err) {
    res.status(502).json({ error: err.message });
  }
});

app.get('/healthz', async (req, res) => {
  try {
    const me = await genesys.whoAmI();
    res.json({ ok: true, genesysUser: me.name });
  } catch (err) {
    res.status(500).json({ ok: false, error: err.message });
  }
});

const port = Number(process.env.PORT || 3000);
app.listen(port, () => console.log(`bridge listening on ${port}`));
