#!/bin/sh
# Registers the three connectors of the lab with Kafka Connect.
set -e
CONNECT=${CONNECT:-http://localhost:8083}

curl -s -X PUT -H "Content-Type: application/json" \
  "$CONNECT/connectors/pg-orders/config" -d '{
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "database.hostname": "postgres",
    "database.port": "5432",
    "database.user": "postgres",
    "database.password": "postgres",
    "database.dbname": "orders",
    "topic.prefix": "pg",
    "plugin.name": "pgoutput",
    "transforms": "outbox",
    "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter",
    "transforms.outbox.route.topic.replacement": "outbox.event.postgres.${routedByValue}"
  }'

curl -s -X POST -H "Content-Type: application/json" \
  "$CONNECT/connectors" --data @connectors/mysql-a.json

cat <<JSON | curl -s -X POST -H "Content-Type: application/json" "$CONNECT/connectors" -d @-
{
  "name": "mysql-b",
  "config": {
    "connector.class": "io.debezium.connector.mysql.MySqlConnector",
    "database.hostname": "mysql",
    "database.user": "debezium",
    "database.password": "dbz",
    "database.server.id": "184002",
    "topic.prefix": "mysql",
    "database.include.list": "shop",
    "schema.history.internal.kafka.bootstrap.servers": "kafka:9092",
    "schema.history.internal.kafka.topic": "schema-changes.inventory"
  }
}
JSON

curl -s -X POST -H "Content-Type: application/json" "$CONNECT/connectors" \
  --data-raw '{"name": "mysql-c", "config": {"connector.class": "io.debezium.connector.mysql.MySqlConnector", "database.hostname": "mysql", "database.server.id": "184003", "topic.prefix": "mysql", "database.include.list": "billing", "schema.history.internal.kafka.bootstrap.servers": "kafka:9092", "schema.history.internal.kafka.topic": "schema-changes.inventory"}}'
