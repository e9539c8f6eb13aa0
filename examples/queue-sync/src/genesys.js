'use strict';

const axios = require('axios');

// Australia (ap-southeast-2).
const LOGIN_HOST = 'https://login.mypurecloud.com.au';
const API_HOST = 'https://api.mypurecloud.com.au';

async function getToken() {
  const { GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET } = process.env;
  if (!GENESYS_CLIENT_ID || !GENESYS_CLIENT_SECRET) {
    throw new Error('GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET must be set');
  }
  const res = await axios.post(
    `${LOGIN_HOST}/oauth/token`,
    new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    {
      auth: { username: GENESYS_CLIENT_ID, password: GENESYS_CLIENT_SECRET },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }
  );
  return res.data.access_token;
}

// Axios instance with the bearer token and a simple retry on 429.
async function createApi() {
  const token = await getToken();
  const api = axios.create({
    baseURL: API_HOST,
    headers: { Authorization: `Bearer ${token}` },
    timeout: 20000,
  });
  api.interceptors.response.use(undefined, async (err) => {
    const cfg = err.config;
    if (err.response && err.response.status === 429 && (cfg.retries || 0) < 5) {
      cfg.retries = (cfg.retries || 0) + 1;
      const wait = Number(err.response.headers['retry-after'] || 2) * 1000;
      await new Promise((resolve) => setTimeout(resolve, wait));
      return api.request(cfg);
    }
    throw err;
  });
  return api;
}

module.exports = { createApi };
