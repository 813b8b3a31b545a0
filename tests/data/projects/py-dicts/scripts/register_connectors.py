"""Registers the PostgreSQL connector with Kafka Connect."""
import requests

CONNECT = "http://localhost:8083"


def register_postgres():
    resp = requests.post(
        f"{CONNECT}/connectors",
        json={
            "name": "postgres-orders",
            "config": {
                "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
                "database.hostname": "postgres",
                "database.port": "5432",
                "database.user": "postgres",
                "database.password": "postgres",
                "database.dbname": "orders",
                "topic.prefix": "postgres_orders",
                "plugin.name": "pgoutput",
                "slot.name": "orders_slot",
                "transforms": "outbox",
                "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter",
                "transforms.outbox.route.topic.replacement": "outbox.event.postgres.${routedByValue}",
                'tombstones.on.delete': False,  # the outbox never deletes
            },
        },
        timeout=10,
    )
    resp.raise_for_status()


if __name__ == "__main__":
    register_postgres()
