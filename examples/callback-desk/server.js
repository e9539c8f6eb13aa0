// Back end of the callback desk: serves the supervisor page and, once an
// hour, exports yesterday's callback outcomes for the quality team.
const express = require('express');
const platformClient = require('purecloud-platform-client-v2');
const report = require('./lib/report');

const client = platformClient.ApiClient.instance;
client.setEnvironment(platformClient.PureCloudRegionHosts.eu_west_1);

const app = express();
app.use(express.static(`${__dirname}/public`));

app.get('/report/:queueId', async (req, res) => {
  try {
    res.json(await report.callbackOutcomes(req.params.queueId));
  } catch (err) {
    res.status(502).json({ error: err.message });
  }
});

client
  .loginClientCredentialsGrant(process.env.GENESYS_CLOUD_CLIENT_ID, process.env.GENESYS_CLOUD_CLIENT_SECRET)
  .then(() => {
    app.listen(process.env.PORT || 8080);
    setInterval(() => report.hourly().catch(console.error), 60 * 60 * 1000);
  })
  .catch((err) => {
    console.error('Genesys Cloud login failed', err);
    process.exit(1);
  });
