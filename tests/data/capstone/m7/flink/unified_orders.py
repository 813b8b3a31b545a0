from pyflink.table import EnvironmentSettings, TableEnvironment

env_settings = EnvironmentSettings.in_streaming_mode()
table_env = TableEnvironment.create(env_settings)

# PostgreSQL source
table_env.execute_sql("""
    CREATE TABLE orders_postgres_cdc (
        order_id BIGINT,
        customer_id BIGINT,
        total_amount DECIMAL(10, 2),
        created_at TIMESTAMP(3),
        PRIMARY KEY (order_id) NOT ENFORCED
    ) WITH (
        'connector' = 'kafka',
        'topic' = 'outbox.event.postgres.orders',
        'properties.bootstrap.servers' = 'kafka:9092',
        'format' = 'debezium-json',
        'debezium-json.schema-include' = 'false'
    )
""")

# MySQL source
table_env.execute_sql("""
    CREATE TABLE orders_mysql_cdc (
        order_id BIGINT,
        customer_id BIGINT,
        total_amount DECIMAL(10, 2),
        created_at TIMESTAMP(3),
        PRIMARY KEY (order_id) NOT ENFORCED
    ) WITH (
        'connector' = 'kafka',
        'topic' = 'outbox.event.mysql.orders',
        'properties.bootstrap.servers' = 'kafka:9092',
        'format' = 'debezium-json',
        'debezium-json.schema-include' = 'false'
    )
""")

# Unified view with source tracking
table_env.execute_sql("""
    CREATE VIEW unified_orders AS
    SELECT order_id, customer_id, total_amount, created_at,
           'postgresql' AS source_database
    FROM orders_postgres_cdc
    UNION ALL
    SELECT order_id, customer_id, total_amount, created_at,
           'mysql' AS source_database
    FROM orders_mysql_cdc
""")
