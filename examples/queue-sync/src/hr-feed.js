'use strict';

const fs = require('fs');
const { parse } = require('csv-parse/sync');

// Reads the nightly HR export (employee_id,email,team_code,active).
function readTeamAssignments(file) {
  const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  const byTeam = new Map();
  for (const row of rows) {
    if (row.active !== 'Y' || !row.email) continue;
    const email = row.email.toLowerCase();
    if (!byTeam.has(row.team_code)) byTeam.set(row.team_code, new Set());
    byTeam.get(row.team_code).add(email);
  }
  return byTeam;
}

module.exports = { readTeamAssignments };
