'use strict';

// Copies Zendesk ticket history into Genesys Cloud external contacts, one note
// per ticket, so agents keep the customer's history after the cut-over.
//
//   node jobs/import-history.js exports/tickets.jsonl
//
// The input is the JSON-lines ticket export from Zendesk (one ticket per line,
// with the requester side-loaded).

const fs = require('fs');
const readline = require('readline');
const axios = require('axios');
const { requestToken } = require('../server/genesys');

const API_BASE = 'https://api.mypurecloud.ie';

async function findContact(api, email) {
  const res = await api.get(`/api/v2/externalcontacts/contacts?q=${encodeURIComponent(email)}&pageSize=5`);
  return res.data.entities.find((c) => (c.workEmail || c.personalEmail) === email) || null;
}

async function createContact(api, requester) {
  const [firstName, ...rest] = (requester.name || requester.email).split(' ');
  const res = await api.post('/api/v2/externalcontacts/contacts', {
    firstName,
    lastName: rest.join(' ') || '-',
    workEmail: requester.email,
  });
  return res.data;
}

async function addTicketNote(api, contactId, ticket) {
  const text = [
    `Zendesk #${ticket.id}: ${ticket.subject}`,
    `Status: ${ticket.status}, opened ${ticket.created_at}`,
    ticket.description ? ticket.description.slice(0, 1500) : '',
  ].join('\n');
  await api.post(`/api/v2/externalcontacts/contacts/${contactId}/notes`, { noteText: text });
}

async function main(file) {
  if (!file) {
    console.error('usage: import-history.js <tickets.jsonl>');
    process.exit(2);
  }
  const { token } = await requestToken(process.env.IMPORT_CLIENT_ID, process.env.IMPORT_CLIENT_SECRET);
  const api = axios.create({
    baseURL: API_BASE,
    headers: { Authorization: `Bearer ${token}` },
    timeout: 15000,
  });

  const contactIds = new Map();
  let imported = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const ticket = JSON.parse(line);
    const requester = ticket.requester;
    if (!requester || !requester.email) continue;

    let contactId = contactIds.get(requester.email);
    if (!contactId) {
      const contact = (await findContact(api, requester.email)) || (await createContact(api, requester));
      contactId = contact.id;
      contactIds.set(requester.email, contactId);
    }
    await addTicketNote(api, contactId, ticket);
    imported += 1;
  }
  console.log(`imported ${imported} tickets for ${contactIds.size} contacts`);
}

main(process.argv[2]).catch((err) => {
  console.error(err.response ? JSON.stringify(err.response.data) : err);
  process.exit(1);
});
