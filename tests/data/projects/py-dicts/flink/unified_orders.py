from pyflink.table import EnvironmentSettings, TableEnvironment


def source_ddl(name: str, topic: str, source_database_type: str, group: str) -> str:
    # source_database_type is only a label for the logs
    return f"""
        CREATE TABLE {name} (
            aggregateid STRING,
            payload STRING
        ) WITH (
            'connector' = 'kafka',
            'topic' = '{topic}',
            'properties.bootstrap.servers' = 'kafka:9092',
            'properties.group.id' = '{group}',
            'value.format' = 'debezium-json'
        )
    """


t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
t_env.execute_sql(source_ddl("pg_orders", "outbox.event.postgres.orders", "postgres", "g1"))
t_env.execute_sql(source_ddl("my_orders", "outbox.event.mysql.orders", "mysql", "g1"))
t_env.execute_sql("""
    CREATE TABLE mysql_orders_copy WITH ('connector' = 'kafka', 'topic' = 'copy',
        'value.format' = 'debezium-json') LIKE my_orders
""")
t_env.execute_sql("""
    INSERT INTO unified
    SELECT aggregateid, payload FROM pg_orders
    UNION ALL
    SELECT aggregateid, payload FROM my_orders
""")
