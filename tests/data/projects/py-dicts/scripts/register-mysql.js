// Registers the MySQL connector (node 18+, global fetch).
const CONNECT = process.env.CONNECT || 'http://localhost:8083';

const mysqlConnector = {
  name: 'mysql-inventory',
  config: {
    'connector.class': 'io.debezium.connector.mysql.MySqlConnector',
    'database.hostname': 'mysql',
    'database.port': 3306,
    'database.user': 'debezium',
    'database.password': 'dbz',
    'database.server.id': '184201',
    'topic.prefix': 'mysql_inventory',
    'database.include.list': 'inventory',
    'schema.history.internal.kafka.bootstrap.servers': 'kafka:9092',
    'schema.history.internal.kafka.topic': 'schema-changes.mysql-inventory',
    transforms: 'outbox',
    'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
    'transforms.outbox.route.topic.replacement': 'outbox.event.mysql.${routedByValue}',
  },
};

fetch(`${CONNECT}/connectors`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(mysqlConnector),
}).then((r) => console.log(r.status));
