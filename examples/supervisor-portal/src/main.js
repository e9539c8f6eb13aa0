import { renderQueueBoard } from './queue-board.js';

const platformClient = require('platformClient');

const CLIENT_ID = '2d8f0c57-61ab-4e9e-8f3d-a4b19c7e6052';
const REDIRECT_URI = 'https://supervisor.example-partner.com/';

const client = platformClient.ApiClient.instance;
client.setEnvironment(platformClient.PureCloudRegionHosts.eu_west_2);
client.setPersistSettings(true, 'supervisor_portal');

const usersApi = new platformClient.UsersApi();

async function main() {
  // Handles both legs: redirects to the login page, then exchanges the code
  // (with the stored PKCE verifier) when Genesys Cloud sends the user back.
  await client.loginPKCEGrant(CLIENT_ID, REDIRECT_URI);

  const me = await usersApi.getUsersMe();
  document.getElementById('status').textContent = `Signed in as ${me.name}`;

  await renderQueueBoard(document.querySelector('#queue-board tbody'));
}

main().catch((err) => {
  const message = (err && err.body && err.body.message) || (err && err.message) || String(err);
  document.getElementById('status').textContent = `Error: ${message}`;
});
