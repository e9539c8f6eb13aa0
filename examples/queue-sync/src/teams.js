'use strict';

// HR team code -> Genesys Cloud queue and routing skill.
// Proficiency is 0-5; new joiners start lower and are raised by hand.
module.exports = {
  'BILL-EN': { queue: 'Billing - English', skill: 'Billing', proficiency: 3 },
  'BILL-ZH': { queue: 'Billing - Mandarin', skill: 'Billing', proficiency: 3 },
  'TECH-L1': { queue: 'Technical Support L1', skill: 'Broadband', proficiency: 2 },
  'TECH-L2': { queue: 'Technical Support L2', skill: 'Broadband', proficiency: 4 },
  RETENTION: { queue: 'Retentions', skill: 'Retention Offers', proficiency: 4 },
};
