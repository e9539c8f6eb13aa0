// Queue picker and member list of the supervisor page.
const platformClient = require('platformClient');
const routingApi = new platformClient.RoutingApi();

export async function fillQueues(select) {
  const queues = await routingApi.getRoutingQueues({ pageSize: 100, sortOrder: 'asc' });
  for (const queue of queues.entities) {
    select.add(new Option(queue.name, queue.id));
  }
}

export async function showMembers(queueId) {
  const list = document.getElementById('members');
  list.replaceChildren();
  const members = await routingApi.getRoutingQueueMembers(queueId, { presence: ['On Queue'] });
  for (const member of members.entities) {
    const item = document.createElement('li');
    item.textContent = member.name;
    list.append(item);
  }
}
