package lab;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

/** Merges the PostgreSQL and MySQL outbox streams. */
public class UnifiedOrders {
    public static void main(String[] args) {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.executeSql("CREATE TABLE pg_orders (aggregateid STRING, payload STRING) WITH ("
                + " 'connector' = 'kafka', 'topic' = 'outbox.event.postgres.orders',"
                + " 'value.format' = 'debezium-json')");
        env.executeSql("CREATE TABLE my_orders (aggregateid STRING, payload STRING) WITH ("
                + " 'connector' = 'kafka', 'topic' = 'outbox.event.mysql.orders',"
                + " 'value.format' = 'debezium-json')");
        env.executeSql("INSERT INTO unified SELECT aggregateid, payload, 'postgres' AS source_database FROM pg_orders"
                + " UNION ALL SELECT aggregateid, payload, 'mysql' AS source_database FROM my_orders");
    }
}
